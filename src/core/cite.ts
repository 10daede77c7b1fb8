/**
 * Citations and Markdown quotes (pure).
 *
 * Citation styles:
 * - `leidraad` — the Leidraad voor juridische auteurs form: "Aanhangsel Handelingen II 2023/24, nr. 99",
 *   with ", antwoord op vraag 3" for one answer; questions without an answer document yet:
 *   "Kamervragen II 2022/23, 2023Z11786 (ingezonden 23 juni 2023)".
 * - `apa` — APA 7 with the answering ministers as authors.
 * - `short` — "Kamervraag 2023Z11786, antwoord op vraag 3", for running text.
 *
 * A quote is a Markdown block quote of the answer's paragraphs followed by a citation line with a
 * link to the official publication and an HTML comment that names the Kamervraag and question:
 *
 *   > Ja.
 *   >
 *   > — [Aanhangsel Handelingen II 2023/24, nr. 99](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html), antwoord op vraag 1 <!-- kamervraag:2023Z11786 vraag=1 -->
 *
 * The comment is invisible in every Markdown viewer and lets the language server find and check it.
 * This module has the citations, the marker and the escaping; quote.ts writes the blocks (with the
 * citation line of template.ts), so that cite.ts and template.ts do not import each other.
 */
import type { DocumentRef, Entry, Kamervraag, KamervraagHead } from './model';
import { entryFor } from './kamervraag';
import { publicationUrl, vergaderjaarShort } from './ids';
import { linkUrl } from './urls';
// template.ts uses this module's functions at call time only; the cycle is harmless.

export type CitationStyle = 'leidraad' | 'apa' | 'short';
export const CITATION_STYLES: readonly CitationStyle[] = ['leidraad', 'apa', 'short'];

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** "2023-06-23" → "23 juni 2023". */
export function formatDutchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/**
 * The vergaderjaar a date falls in: it starts on Prinsjesdag, the third Tuesday of September.
 * "2023-06-23" → "2022-2023"; "2023-09-28" → "2023-2024".
 */
export function vergaderjaarOf(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const start = prinsjesdag(year);
  return iso >= start ? `${year}-${year + 1}` : `${year - 1}-${year}`;
}

function prinsjesdag(year: number): string {
  const firstOfSeptember = new Date(Date.UTC(year, 8, 1)).getUTCDay();
  const firstTuesday = 1 + ((2 - firstOfSeptember + 7) % 7);
  return `${year}-09-${String(firstTuesday + 14).padStart(2, '0')}`;
}

/** "2023-2024" or "20232024" → "2023/24" (ids.ts' form); anything else as it is. */
export function shortVergaderjaar(v: string): string {
  try {
    return vergaderjaarShort(v);
  } catch {
    return v;
  }
}

/** The answer document (the first one; nader antwoorden come after it). */
export function answerDocument(kv: KamervraagHead): DocumentRef | undefined {
  return kv.documents.find((d) => d.kind === 'answer' && !/-n\d+$/.test(d.id)) ?? kv.documents.find((d) => d.kind === 'answer');
}

/**
 * The best web address for the Kamervraag: the answer, else the questions, else null. Only an address
 * the URL policy (urls.ts) allows; a document whose address it refuses is linked by its official id.
 * `extra`: the configured endpoints, whose addresses are links too.
 */
export function officialUrl(kv: KamervraagHead, extra: readonly string[] = []): string | null {
  const doc = answerDocument(kv) ?? kv.documents.find((d) => d.kind === 'questions');
  if (!doc) return null;
  return linkUrl(doc.url, extra) ?? (PLAIN_ID.test(doc.id) ? linkUrl(publicationUrl(doc.id)) : null);
}

/** An id that names a publication by itself (ah-tk-20232024-99, kv-tk-2023Z11786), nothing else. */
const PLAIN_ID = /^[a-z]{2,4}(?:-[A-Za-z0-9]+){1,4}$/;

/** "vraag 3" / "de vragen 5 en 6". */
export function questionPhrase(numbers: readonly number[]): string {
  if (numbers.length === 1) return `vraag ${numbers[0]}`;
  return `de vragen ${numbers.slice(0, -1).join(', ')} en ${numbers[numbers.length - 1]}`;
}

/** "Aanhangsel Handelingen II 2023/24, nr. 99", or the form for questions without an answer. */
export function sourceCitation(kv: KamervraagHead): string {
  const chamber = kv.house === 'ek' ? 'I' : 'II';
  const answer = answerDocument(kv);
  const m = answer ? /^ah-(?:tk|ek)-(\d{8})-(\d+)/.exec(answer.id) : null;
  if (m) return `Aanhangsel Handelingen ${chamber} ${shortVergaderjaar(m[1]!)}, nr. ${Number(m[2])}`;
  const jaar = kv.submitted ? ` ${shortVergaderjaar(vergaderjaarOf(kv.submitted))}` : '';
  const id = kv.zaak ?? kv.documents[0]?.id ?? '';
  const date = kv.submitted ? ` (ingezonden ${formatDutchDate(kv.submitted)})` : '';
  return `Kamervragen ${chamber}${jaar}, ${id}${date}`;
}

/** A citation of the whole Kamervraag, or of one answer when `question` is given. */
export function citation(kv: Kamervraag, style: CitationStyle, question?: number): string {
  const entry = question === undefined ? undefined : requireEntry(kv, question);
  const part = entry ? (answerDocument(kv) ? `antwoord op ${questionPhrase(entry.numbers)}` : questionPhrase(entry.numbers)) : undefined;
  switch (style) {
    case 'leidraad':
      return part ? `${sourceCitation(kv)}, ${part}` : sourceCitation(kv);
    case 'short':
      return `Kamervraag ${kv.zaak ?? answerDocument(kv)?.id ?? kv.documents[0]?.id ?? ''}${part ? `, ${part}` : ''}`;
    case 'apa':
      return apa(kv, part);
  }
}

function apa(kv: Kamervraag, part: string | undefined): string {
  const answered = answerDocument(kv) !== undefined && kv.answeredBy.length > 0;
  const people = answered ? kv.answeredBy.map((p) => p.name) : kv.submitters.map((p) => p.name);
  const authors = people.length > 0 ? joinAuthors(people.map(apaName)) : 'Tweede Kamer der Staten-Generaal';
  const date = answered ? kv.answered : kv.submitted;
  const when = date ? `(${date.slice(0, 4)}, ${formatDutchDate(date).replace(/ \d{4}$/, '')})` : '(z.d.)';
  const url = officialUrl(kv);
  const title = kv.title.length > 0 ? kv.title : (kv.zaak ?? '');
  return `${authors} ${when}. ${title} [${sourceCitation(kv)}${part ? `, ${part}` : ''}].${url ? ` ${url}` : ''}`;
}

/** "Wopke Hoekstra" → "Hoekstra, W."; "S.P.R.A. van Weyenberg" → "Van Weyenberg, S.P.R.A."; "Kat" → "Kat". */
function apaName(name: string): string {
  const words = name.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/);
  const firstSurname = words.findIndex((w, i) => i > 0 && /^(van|de|der|den|ten|ter|te|in|'t)$/i.test(w));
  const split = firstSurname > 0 ? firstSurname : words.length - 1;
  const given = words.slice(0, split);
  const surname = words.slice(split).join(' ');
  if (given.length === 0) return surname;
  const initials = given.map((g) => (/^([A-Z]\.)+$/i.test(g) ? g : `${g[0]}.`)).join('');
  return `${surname[0]!.toUpperCase()}${surname.slice(1)}, ${initials}`;
}

function joinAuthors(names: string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
}

/** The entry of `question`; a RangeError that names the numbers there are when it has none. */
export function requireEntry(kv: Kamervraag, question: number): Entry {
  const entry = entryFor(kv, question);
  if (!entry) {
    const numbers = kv.entries.flatMap((e) => e.numbers);
    const range = numbers.length > 0 ? `${Math.min(...numbers)}–${Math.max(...numbers)}` : 'none';
    throw new RangeError(`There is no question ${question} in ${kv.zaak ?? kv.title}; its questions are numbered ${range}.`);
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Quotes

/** The key a quote names: the zaaknummer where known, else the answer document id. */
export function quoteKey(kv: KamervraagHead): string {
  return kv.zaak ?? answerDocument(kv)?.id ?? kv.documents[0]?.id ?? 'onbekend';
}

/**
 * `<!-- kamervraag:2023Z11786 vraag=5,6 -->` marks a quote of the answer; a quote of the question
 * text adds `tekst=vraag`: `<!-- kamervraag:2023Z11786 vraag=5,6 tekst=vraag -->`.
 */
export const QUOTE_MARKER = /<!--\s*kamervraag:([A-Za-z0-9-]+)\s+vraag=(\d+(?:,\d+)*)\s*-->/;
export const QUESTION_QUOTE_MARKER = /<!--\s*kamervraag:([A-Za-z0-9-]+)\s+vraag=(\d+(?:,\d+)*)\s+tekst=vraag\s*-->/;

export function quoteMarker(key: string, numbers: readonly number[], part: 'answer' | 'question' = 'answer'): string {
  return `<!-- kamervraag:${key} vraag=${numbers.join(',')}${part === 'question' ? ' tekst=vraag' : ''} -->`;
}

/**
 * Escape what Markdown would read as markup, so the quote renders as the minister wrote it:
 * backslashes, emphasis, code, links, HTML, and block markers at the start of a paragraph.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|])/g, '\\$1')
    .replace(/^(\s*)([#+-])(?=\s)/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s)/, '$1\\$2');
}

/** The inverse of escapeMarkdown (and of any backslash escape of ASCII punctuation). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
