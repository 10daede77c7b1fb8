/**
 * Completion: identifiers from the library while a zaaknummer or document id is being typed
 * ("2023Z1", "ah-tk-2023"), Kamervragen by words of their title ("röntgen" → 2023Z11786), citation
 * keys after `@` (keys.ts), and question numbers after a reference ("2023Z11786 vraag ",
 * "[@kamervraag2023Z11786, vraag ").
 */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { escapeMarkdown } from '../../core/cite';
import type { NoteScan, Reference } from '../../core/notes/scan';
import type { FoundKamervraag, KamervraagSummary } from '../../shared/lspProtocol';
import { l10n } from '../l10n';
import { card, shorten, statusLabel } from './card';
import type { KeySituation } from './keys';

export type CompletionSituation =
  | { kind: 'questions'; ref: Reference; start: number; end: number }
  | { kind: 'prefix'; prefix: string; start: number; end: number }
  | { kind: 'words'; query: string; start: number; end: number }
  | KeySituation;

const QUESTION_WORD = /(?:vraag|vragen|question|questions)[ \t]+(?:\d+[ \t]*(?:,|en|and)[ \t]*)*(\d*)$/i;
const BETWEEN_REF_AND_WORD = /^[)\]]?[ \t]*,?[ \t]*[([]?[ \t]*(?:(?:het[ \t]+)?antwoord(?:en)?[ \t]+op[ \t]+)?(?:de[ \t]+)?$/i;
const ID_PREFIX = /(?<![\p{L}\p{N}_\-/])((?:19|20)\d{2}(?:[Zz]\d{0,5})?|(?:kv|ah)-[A-Za-z0-9-]*)$/u;
/** A Pandoc citation key being typed: `@` where Pandoc starts a key (not in an e-mail address). */
const KEY_TYPED = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_]*)$/u;
const WORDS = /((?:[\p{L}\p{N}][\p{L}\p{N}'’-]*[ \t]+){0,2})([\p{L}][\p{L}\p{N}'’-]{2,})$/u;

/** What the text before the cursor asks for, if anything. */
export function completionSituation(document: TextDocument, position: Position, scan: NoteScan): CompletionSituation | undefined {
  const offset = document.offsetAt(position);
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const text = document.getText();
  const before = text.slice(lineStart, offset);

  const q = QUESTION_WORD.exec(before);
  if (q) {
    const wordStart = lineStart + q.index;
    const ref = [...scan.references].reverse().find((r) => r.end <= wordStart && r.start >= lineStart);
    if (ref && BETWEEN_REF_AND_WORD.test(text.slice(ref.end, wordStart))) {
      return { kind: 'questions', ref, start: offset - q[1]!.length, end: offset };
    }
  }
  const k = KEY_TYPED.exec(before);
  if (k) return { kind: 'key', typed: k[1]!, start: offset - k[1]!.length, end: offset };
  const p = ID_PREFIX.exec(before);
  if (p) return { kind: 'prefix', prefix: p[1]!, start: offset - p[1]!.length, end: offset };
  const w = WORDS.exec(before);
  if (w) return { kind: 'words', query: `${w[1]!}${w[2]!}`.trim(), start: offset - w[2]!.length, end: offset };
  return undefined;
}

/** Items for a search result: the identifier goes in, the title shows beside it. */
export function kamervraagItems(document: TextDocument, situation: CompletionSituation & { kind: 'prefix' | 'words' }, items: readonly KamervraagSummary[]): CompletionItem[] {
  const range = { start: document.positionAt(situation.start), end: document.positionAt(situation.end) };
  const typed = document.getText(range);
  return items.map((item, i) => {
    const id = situation.kind === 'prefix'
      ? [item.zaak, item.key, ...item.documents].find((d): d is string => d !== null && d.toLowerCase().startsWith(situation.prefix.toLowerCase())) ?? item.key
      : item.zaak ?? item.key;
    const facts = [item.submitters.join(', '), item.submitted && l10n.date(item.submitted), statusLabel(item.status)].filter(Boolean).join(' · ');
    return {
      label: id,
      labelDetails: { description: item.title },
      kind: CompletionItemKind.Reference,
      detail: item.title,
      documentation: { kind: 'markdown', value: `**${escapeMarkdown(item.title)}**\n\n${escapeMarkdown(facts)}` },
      sortText: String(i).padStart(4, '0'),
      // Searching by title words: keep the item whatever VS Code's filter makes of the typed word.
      filterText: situation.kind === 'words' ? typed : id,
      textEdit: { range, newText: id },
    };
  });
}

/** Question numbers of the Kamervraag a reference names. */
export function questionItems(document: TextDocument, situation: CompletionSituation & { kind: 'questions' }, found: FoundKamervraag, today: string): CompletionItem[] {
  const range = { start: document.positionAt(situation.start), end: document.positionAt(situation.end) };
  const out: CompletionItem[] = [];
  for (const entry of found.kamervraag.entries) {
    for (const n of entry.numbers) {
      out.push({
        label: String(n),
        labelDetails: { description: shorten(entry.question, 80) },
        kind: CompletionItemKind.EnumMember,
        detail: entry.answer ? shorten(entry.question, 200) : `${shorten(entry.question, 200)} ${l10n.t('(no answer yet)')}`,
        documentation: { kind: 'markdown', value: card(found, [n], today) },
        sortText: String(n).padStart(4, '0'),
        textEdit: { range, newText: String(n) },
      });
    }
  }
  return out;
}
