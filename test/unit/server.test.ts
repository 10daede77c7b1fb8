/**
 * The server as a whole over an in-memory connection: capabilities from the client's, data asked
 * of the host, settings per note, the l10n bundle, refresh on library change, cancellation.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  CancellationTokenSource, CompletionRequest, DidOpenTextDocumentNotification, DocumentDiagnosticRequest, InitializeRequest,
  InitializedNotification, LSPErrorCodes, StreamMessageReader, StreamMessageWriter, createProtocolConnection,
  type CompletionList, type DocumentDiagnosticReport, type FullDocumentDiagnosticReport, type InitializeResult, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { parseKamervraag } from '../../src/core/parse';
import { startServer } from '../../src/server/server';
import { LibraryChangedNotification, LookupRequest, SearchRequest, WorkspaceNotesRequest, type FoundKamervraag, type SearchParams } from '../../src/shared/lspProtocol';

const kv = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');

describe('language server over a connection', () => {
  let client: ProtocolConnection;
  let dispose: () => void;
  let lookups: string[][] = [];
  const searches: SearchParams[] = [];
  let hold: Promise<void> | undefined;
  let refreshed: () => void = () => undefined;
  let askedHost: (ids: string[]) => void = () => undefined;
  let init: InitializeResult;

  before(async () => {
    const up = new PassThrough();
    const down = new PassThrough();
    const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    startServer(server, { readNote: () => Promise.resolve(undefined), today: () => '2026-11-27' });
    client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    client.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) =>
      params.items.map((i) => (i.scopeUri?.endsWith('/off.md') ? { notes: { diagnostics: false } } : {})));
    client.onRequest(LookupRequest, async ({ ids }) => {
      lookups.push(ids);
      askedHost(ids);
      await hold;
      return { results: ids.map((id): FoundKamervraag | null => (id === '2023Z11786' ? { key: '2023Z11786', kamervraag: kv } : null)) };
    });
    client.onRequest(WorkspaceNotesRequest, () => ({ uris: [] }));
    client.onRequest(SearchRequest, (params) => {
      searches.push(params);
      return {
        items: [{
          key: '2023Z11786', citationKey: 'kamervraag2023Z11786', zaak: '2023Z11786', title: kv.title, submitted: kv.submitted,
          answered: kv.answered, status: kv.status, documents: [], submitters: ['Rajkowski (VVD)'],
        }],
      };
    });
    client.onRequest('workspace/diagnostic/refresh', () => {
      refreshed();
      return null;
    });
    client.listen();
    dispose = () => {
      client.dispose();
      server.dispose();
    };
    init = await client.sendRequest(InitializeRequest.type, {
      processId: null, rootUri: null, workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
        textDocument: { diagnostic: { dynamicRegistration: false }, hover: { contentFormat: ['markdown'] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
      },
      initializationOptions: { l10n: { '{0} is not in your library, so it cannot be checked.': '{0} staat niet in uw bibliotheek.' } },
    });
    await client.sendNotification(InitializedNotification.type, {});
  });

  after(() => dispose());

  const open = (uri: string, text: string): Promise<void> =>
    client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const pull = async (uri: string, token?: CancellationTokenSource): Promise<FullDocumentDiagnosticReport> =>
    (await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }, token?.token)) as DocumentDiagnosticReport as FullDocumentDiagnosticReport;

  it('offers pull diagnostics and quick fixes because the client supports them', () => {
    assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'kamervragen', interFileDependencies: false, workspaceDiagnostics: false });
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(init.capabilities.textDocumentSync, 2);
  });

  it('completes a citation key after @, asking the host by what was typed', async () => {
    assert.ok(init.capabilities.completionProvider?.triggerCharacters?.includes('@'));
    await open('file:///keys.md', 'Zie [@Rajk');
    const list = (await client.sendRequest(CompletionRequest.type, { textDocument: { uri: 'file:///keys.md' }, position: { line: 0, character: 10 } })) as CompletionList;
    assert.deepEqual(searches, [{ mode: 'words', query: 'Rajk', limit: 20 }]);
    assert.equal(list.isIncomplete, true);
    assert.deepEqual(list.items.map((i) => [i.label, i.textEdit]), [['kamervraag2023Z11786', { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } }, newText: 'kamervraag2023Z11786' }]]);
  });

  it('asks the host for the ids once, translates, and reads the settings per note', async () => {
    lookups = [];
    await open('file:///on.md', 'Zie 2023Z11786 en 2019Z12345.');
    await open('file:///off.md', 'Zie 2019Z12345 en 2023Z1.');
    const on = await pull('file:///on.md');
    assert.deepEqual(on.items.map((d) => d.message), ['2019Z12345 staat niet in uw bibliotheek.']);
    assert.deepEqual((await pull('file:///off.md')).items, []);
    await pull('file:///on.md');
    assert.deepEqual(lookups, [['2023Z11786', '2019Z12345']]);
  });

  it('asks again for what the library change names (and what it did not have), and has the client refresh', async () => {
    const change = async (changed: string[]): Promise<string[][]> => {
      lookups = [];
      const refresh = new Promise<void>((resolve) => { refreshed = resolve; });
      await client.sendNotification(LibraryChangedNotification, { changed, removed: [] });
      await refresh;
      await pull('file:///on.md');
      return lookups;
    };
    // Another Kamervraag changed: 2023Z11786's lookup stays; the id the library lacked may name it now.
    assert.deepEqual(await change(['2021Z09739']), [['2019Z12345']]);
    assert.deepEqual(await change(['2023Z11786']), [['2023Z11786', '2019Z12345']]);
  });

  it('stops when the request is cancelled while it waits for the host', async () => {
    let release: () => void = () => undefined;
    hold = new Promise((resolve) => { release = resolve; });
    await client.sendNotification(LibraryChangedNotification, { changed: [], removed: [] });
    await open('file:///c.md', 'Zie 2018Z00001.');
    const asked = new Promise<void>((resolve) => { askedHost = (ids) => { if (ids.includes('2018Z00001')) resolve(); }; });
    const source = new CancellationTokenSource();
    const result = pull('file:///c.md', source);
    await asked;
    source.cancel();
    release();
    hold = undefined;
    await assert.rejects(result, (err: { code?: number }) => err.code === LSPErrorCodes.RequestCancelled);
  });
});
