/**
 * The quote blocks the insert commands write: the official text as a Markdown block quote, the
 * citation line (template.ts) and the marker that lets tools find and check the quote later.
 * Above cite.ts and template.ts, so that neither imports the other's caller (no import cycle).
 */
import type { Entry, Kamervraag } from './model';
import { paragraphsOf } from './text';
import { escapeMarkdown, quoteKey, quoteMarker, requireEntry, type CitationStyle } from './cite';
import { DEFAULT_QUOTE_TEMPLATE, renderCitationLine, type QuoteCitation } from './template';

export interface QuoteOptions {
  style: CitationStyle;
  /** The citation line's template (setting `kamervragen.quote.template`); "— {citation}" by default. */
  template?: string | undefined;
  /**
   * The template's `{citation}` as text in `style` (default) or as a Pandoc citation key
   * (`[@kamervraag2023Z11786, vraag 3]`, setting `kamervragen.quote.citation`). The marker is
   * written either way, so the quote is found and checked alike.
   */
  citation?: QuoteCitation | undefined;
  /** Line ending of the note the quote goes into. */
  eol?: '\n' | '\r\n';
}

/** The Markdown block quote of the answer to `question`, with citation line and marker. */
export function quoteAnswer(kv: Kamervraag, question: number, options: QuoteOptions): string {
  const entry = requireEntry(kv, question);
  if (!entry.answer) {
    throw new RangeError(`Question ${entryLabelOf(entry)} of ${kv.zaak ?? kv.title} has no answer yet.`);
  }
  const eol = options.eol ?? '\n';
  const body = paragraphsOf(entry.answer).map((p) => `> ${escapeMarkdown(p)}`).join(`${eol}>${eol}`);
  const { line } = renderCitationLine(kv, entry.numbers, options.style, options.template ?? DEFAULT_QUOTE_TEMPLATE, { citation: options.citation });
  return `${body}${eol}>${eol}> ${line} ${quoteMarker(quoteKey(kv), entry.numbers)}${eol}`;
}

/** The label a quoted question starts with: "**Vraag 5**", "**Vragen 5, 6**" (matched by QUESTION_LABEL). */
export function questionLabel(numbers: readonly number[]): string {
  return numbers.length > 1 ? `**Vragen ${numbers.join(', ')}**` : `**Vraag ${numbers[0]}**`;
}

/** The label of `questionLabel` at the start of a quote's text, with the space after it. */
export const QUESTION_LABEL = /^\*\*Vr(?:aag \d+|agen \d+(?:, \d+)*)\*\* ?/;

/** The Markdown block quote of question `question` itself (labelled), with citation and marker. */
export function quoteQuestion(kv: Kamervraag, question: number, options: QuoteOptions): string {
  const entry = requireEntry(kv, question);
  const eol = options.eol ?? '\n';
  const paragraphs = paragraphsOf(entry.question).map(escapeMarkdown);
  paragraphs[0] = `${questionLabel(entry.numbers)} ${paragraphs[0] ?? ''}`;
  const body = paragraphs.map((p) => `> ${p}`).join(`${eol}>${eol}`);
  const { line } = renderCitationLine(kv, entry.numbers, options.style, options.template ?? DEFAULT_QUOTE_TEMPLATE, { part: 'question', citation: options.citation });
  return `${body}${eol}>${eol}> ${line} ${quoteMarker(quoteKey(kv), entry.numbers, 'question')}${eol}`;
}

function entryLabelOf(entry: Entry): string {
  return entry.numbers.join(', ');
}
