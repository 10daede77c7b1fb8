/**
 * Pandoc citation keys of Kamervragen in notes (`[@kamervraag2023Z11786, vraag 3]`): what a
 * half-typed key asks the library for, the completion items that write a key, and the message for a
 * key written wrong. Recognising keys is the scanner's (core/notes/scan.ts); hover, definition,
 * references and the unknown-key diagnostic treat a key as any other reference.
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { escapeMarkdown } from '../../core/cite';
import { idPrefixOfKey } from '../../core/citationKey';
import type { KamervraagSummary, SearchParams } from '../../shared/lspProtocol';
import { l10n } from '../l10n';
import { statusLabel } from './card';

/** The text after an `@` where a key is being typed: [start, end) of what was typed so far. */
export interface KeySituation {
  kind: 'key';
  typed: string;
  start: number;
  end: number;
}

/**
 * What to ask the library for a half-typed key: the start of one of our keys by identifier (the
 * newest first; just `@` or `@kamer` lists the newest), a zaaknummer, else words of a title or the
 * name of an indiener or minister ("@Rajkowski", "@röntgen").
 */
export function keySearch(typed: string): Pick<SearchParams, 'mode' | 'query'> {
  const prefix = idPrefixOfKey(typed);
  if (prefix !== undefined) return { mode: 'prefix', query: prefix };
  if (/^[0-9]/.test(typed)) return { mode: 'prefix', query: typed };
  return { mode: 'words', query: typed };
}

/** Items that write the citation key in place of what was typed after the `@`. */
export function keyItems(document: TextDocument, situation: KeySituation, items: readonly KamervraagSummary[]): CompletionItem[] {
  const range = { start: document.positionAt(situation.start), end: document.positionAt(situation.end) };
  return items.map((item, i) => {
    const facts = [item.zaak, item.submitters.join(', '), item.submitted && l10n.date(item.submitted), statusLabel(item.status)].filter(Boolean).join(' · ');
    return {
      label: item.citationKey,
      labelDetails: { description: item.title },
      kind: CompletionItemKind.Reference,
      detail: item.title,
      documentation: { kind: 'markdown', value: `**${escapeMarkdown(item.title)}**\n\n${escapeMarkdown(facts)}` },
      sortText: String(i).padStart(4, '0'),
      // The library chose by key, zaak, title or name: keep each item whatever VS Code's filter makes of the typed text.
      filterText: situation.typed,
      textEdit: { range, newText: item.citationKey },
    };
  });
}

/** A key that means to be ours but names no Kamervraag ("@kamervraag2023Z1178"). */
export function malformedKeyMessage(text: string): string {
  return l10n.t('“{0}” is not the citation key of a Kamervraag: that is kamervraag and a zaaknummer (@kamervraag2023Z11786), or an answer document id without dashes (@kamervraagahtk2023202499).', text);
}
