/**
 * The citation line under a quote, from the user's template (setting `kamervragen.quote.template`,
 * default "— {citation}") (pure). The quote marker comment is not part of the template: the quote
 * functions in cite.ts always append it.
 *
 * Placeholders (names are case-insensitive; write "{{" and "}}" for literal braces):
 *
 * | placeholder     | becomes                                                                 | example                                      |
 * |-----------------|-------------------------------------------------------------------------|----------------------------------------------|
 * | `{citation}`    | the citation in the chosen style, its source part linked to the official publication | [Aanhangsel Handelingen II 2023/24, nr. 99](https://…/ah-tk-20232024-99.html), antwoord op vraag 3 |
 * |                 | or, with the Pandoc form (setting `kamervragen.quote.citation`), a Pandoc citation key | [@kamervraag2023Z11786, vraag 3]               |
 * | `{title}`       | the subject of the questions                                           | Het bericht ‘België verbiedt …’              |
 * | `{zaak}`        | the zaaknummer (empty when unknown)                                    | 2023Z11786                                   |
 * | `{question}`    | which question(s)                                                      | vraag 3 / de vragen 5 en 6                   |
 * | `{numbers}`     | the question numbers                                                   | 3 / 5, 6                                     |
 * | `{date}`        | the date of the answer, in Dutch (empty while unanswered)              | 28 september 2023                            |
 * | `{submitted}`   | the date the questions were submitted (ingezonden), in Dutch           | 23 juni 2023                                 |
 * | `{answeredBy}`  | who answered                                                           | Wopke Hoekstra, Aukje de Vries               |
 * | `{submitters}`  | the indieners with their parties                                       | Queeny Rajkowski (VVD), Nilüfer Gündoğan (Volt) |
 * | `{url}`         | the web address of the official publication                            | https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html |
 *
 * Text from the documents is Markdown-escaped (as in the quote itself); the template's own text is
 * kept as written, so it may hold Markdown ("*{title}*"). An unknown placeholder is left as
 * written and reported in `unknown`, so a settings check can name it. Line breaks become spaces:
 * the line stays one line of the block quote.
 */
import type { Kamervraag } from './model';
import type { CitationStyle } from './cite';
import { pandocCitation } from './citationKey';
import { citation, escapeMarkdown, formatDutchDate, officialUrl, questionPhrase, sourceCitation } from './cite';
import { entryFor } from './kamervraag';
import { peopleLabel } from './people';

export const DEFAULT_QUOTE_TEMPLATE = '— {citation}';

export const TEMPLATE_PLACEHOLDERS = [
  'citation', 'title', 'zaak', 'question', 'numbers', 'date', 'submitted', 'answeredBy', 'submitters', 'url',
] as const;
export type TemplatePlaceholder = typeof TEMPLATE_PLACEHOLDERS[number];

export interface CitationLine {
  line: string;
  /** Placeholder names the template uses that do not exist, as written, each once. */
  unknown: string[];
}

export interface CitationLineOptions {
  /** Whether the quote is of the answer (default) or of the question text itself ("vraag 3", not "antwoord op vraag 3"). */
  part?: 'answer' | 'question';
  /** `{citation}` as text in the citation style (default) or as a Pandoc citation key. */
  citation?: QuoteCitation | undefined;
}

/** How a quote's citation line cites (setting `kamervragen.quote.citation`). */
export type QuoteCitation = 'text' | 'pandoc';
export const QUOTE_CITATIONS: readonly QuoteCitation[] = ['text', 'pandoc'];

/**
 * The citation line for a quote of the answer to the question(s) `numbers` (any number of a
 * combined entry names the whole entry; none cites the whole Kamervraag).
 * Throws RangeError, as `citation` does, when the Kamervraag has no such question.
 */
export function renderCitationLine(
  kv: Kamervraag, numbers: readonly number[], style: CitationStyle, template: string, options?: CitationLineOptions,
): CitationLine {
  const first = numbers[0];
  const entryNumbers = first === undefined ? [] : (entryFor(kv, first)?.numbers ?? [...numbers]);
  const values: Record<Lowercase<TemplatePlaceholder>, () => string> = {
    citation: () => (options?.citation === 'pandoc' ? pandocCitation(kv, entryNumbers) : linkedCitation(kv, style, first, options?.part ?? 'answer')),
    title: () => escapeMarkdown(kv.title),
    zaak: () => kv.zaak ?? '',
    question: () => (entryNumbers.length > 0 ? questionPhrase(entryNumbers) : ''),
    numbers: () => entryNumbers.join(', '),
    date: () => (kv.answered ? formatDutchDate(kv.answered) : ''),
    submitted: () => (kv.submitted ? formatDutchDate(kv.submitted) : ''),
    answeredby: () => escapeMarkdown(kv.answeredBy.map((a) => a.name).join(', ')),
    submitters: () => escapeMarkdown(peopleLabel(kv.submitters)),
    url: () => officialUrl(kv) ?? '',
  };
  const unknown: string[] = [];
  const line = template.replace(/\{\{|\}\}|\{([A-Za-z]+)\}/g, (whole, name: string | undefined) => {
    if (name === undefined) return whole[0]!;
    const value = values[name.toLowerCase() as Lowercase<TemplatePlaceholder>] as (() => string) | undefined;
    if (value) return value();
    if (!unknown.includes(name)) unknown.push(name);
    return whole;
  });
  return { line: line.replace(/\s*[\r\n]+\s*/g, ' '), unknown };
}

/**
 * The citation with its source part ("Aanhangsel Handelingen II 2023/24, nr. 99") as a Markdown
 * link to the official publication — the link logic of cite.ts' quotes. Without a source part in
 * the citation (the short style) the whole citation is the link text.
 */
export function linkedCitation(kv: Kamervraag, style: CitationStyle, question: number | undefined, part: 'answer' | 'question' = 'answer'): string {
  let cite = citation(kv, style, question);
  if (part === 'question' && question !== undefined) {
    const numbers = entryFor(kv, question)?.numbers ?? [question];
    cite = cite.replace(`antwoord op ${questionPhrase(numbers)}`, questionPhrase(numbers));
  }
  const url = officialUrl(kv);
  const source = sourceCitation(kv);
  if (!url) return escapeMarkdown(cite);
  const at = cite.indexOf(source);
  if (at < 0) return `[${escapeMarkdown(cite)}](${url})`;
  const before = cite.slice(0, at);
  const after = cite.slice(at + source.length);
  return `${before ? escapeMarkdown(before) : ''}[${escapeMarkdown(source)}](${url})${after ? escapeInline(after) : ''}`;
}

/** escapeMarkdown without the rules for the start of a block (the text continues a line). */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}
