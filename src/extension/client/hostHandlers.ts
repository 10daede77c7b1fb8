/**
 * The host's side of the custom requests: the server asks, the extension's one library answers.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { tryParseId } from '../../core/ids';
import type { StoredItem } from '../../core/library/store';
import { findStored } from '../fetching';
import type { Services } from '../services';
import {
  LookupRequest, SearchRequest, WorkspaceNotesRequest,
  type FoundKamervraag, type KamervraagSummary, type SearchParams,
} from '../../shared/lspProtocol';
import { personLabel } from '../../core/people';
import { citationKey } from '../../core/citationKey';

/** At most this many notes are scanned for find-all-references. */
const MAX_NOTES = 5000;

export function registerHostHandlers(client: BaseLanguageClient, services: Services): vscode.Disposable[] {
  return [
    client.onRequest(LookupRequest, async ({ ids }) => {
      const library = await services.library();
      // Read from their files: only what the note names, the last ones read kept in memory by the store.
      return {
        results: await Promise.all(ids.map(async (input): Promise<FoundKamervraag | null> => {
          const id = tryParseId(input);
          const stored = id && findStored(library, id);
          const item = stored ? await library.store.read(stored.key) : undefined;
          return item ? { key: item.key, kamervraag: item.kamervraag } : null;
        })),
      };
    }),
    client.onRequest(SearchRequest, async (params) => ({ items: await search(services, params) })),
    client.onRequest(WorkspaceNotesRequest, async (_params, token) => {
      const uris = await vscode.workspace.findFiles('**/*.md', undefined, MAX_NOTES, token);
      return { uris: uris.map((u) => u.toString()) };
    }),
  ];
}

async function search(services: Services, { mode, query, limit }: SearchParams): Promise<KamervraagSummary[]> {
  const library = await services.library();
  if (mode === 'words') {
    return library.index.search(query, { limit }).flatMap((hit) => {
      const item = library.store.get(hit.key);
      return item ? [summaryOf(item)] : [];
    });
  }
  const prefix = query.toLowerCase();
  const matches = (await library.store.listDecoded()).filter((item) =>
    [item.key, item.head.zaak ?? '', ...item.head.documents.map((d) => d.id)].some((id) => id.toLowerCase().startsWith(prefix)));
  const date = (item: StoredItem): string => item.head.submitted ?? item.head.answered ?? '';
  return matches.sort((a, b) => date(b).localeCompare(date(a))).slice(0, limit).map(summaryOf);
}

function summaryOf(item: StoredItem): KamervraagSummary {
  const kv = item.head;
  return {
    key: item.key, citationKey: citationKey(kv), zaak: kv.zaak, title: kv.title, submitted: kv.submitted, answered: kv.answered, status: kv.status,
    documents: kv.documents.map((d) => d.id),
    submitters: kv.submitters.map(personLabel),
  };
}
