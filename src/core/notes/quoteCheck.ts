/**
 * Does a quote say what the minister wrote? (pure)
 *
 * Both texts are normalised first, so that a faithful copy from the official PDF or web page is
 * the same text however it was typeset:
 * - white space (incl. no-break and thin spaces, line and paragraph breaks) becomes one space;
 * - curly and angle quotes (’ ‘ “ ” „ « » ‹ ›) become ' and ", dashes (– — ‒ ― −) become -, and
 *   "…" becomes "...";
 * - decomposed accents (NFD: "e" + U+0308) are composed (NFC: "ë"); the ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
 *   and Ĳ ĳ become their letters (their compatibility forms; other compatibility characters such
 *   as "²" keep their meaning and stay);
 * - soft hyphens, zero-width spaces and joiners, word joiners and byte order marks are dropped;
 * - Markdown emphasis markers (* and _) are dropped; Markdown escapes are undone by the scanner.
 * A word split by a line-end hyphen ("lever-\nancier") is joined when the joined word occurs in the
 * official text (`joinHyphenated`).
 *
 * The quote may leave text out where it says so with an elision: "[…]", "[...]", "…" or "...".
 * Each piece between elisions must then occur in the official text, in order; the quote must start
 * where the answer starts unless it starts with an elision, and end where it ends unless it ends
 * with one. Any other difference — a word changed, added or left out, a number, a negation — is one.
 */

export interface Normalised {
  text: string;
  /** For each character of `text`, the index in the input it came from. */
  from: Int32Array;
}

/** What a character becomes: 0 copied, 1 white space, 2 dropped, 3 mapped (MAP), 4 a combining mark. */
const KIND = new Uint8Array(0x10000);
for (const c of [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) KIND[c] = 1;
for (let c = 0x2000; c <= 0x200a; c++) KIND[c] = 1;
for (const c of [0xad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x2a /* * */, 0x5f /* _ */]) KIND[c] = 2;
for (let c = 0x300; c <= 0x36f; c++) KIND[c] = 4;
const MAP: Record<string, string> = {
  '’': "'", '‘': "'", '‚': "'", '‛': "'", '′': "'", '‹': '"', '›': '"',
  '“': '"', '”': '"', '„': '"', '‟': '"', '«': '"', '»': '"', '″': '"',
  '–': '-', '—': '-', '‒': '-', '―': '-', '−': '-', '‐': '-', '‑': '-',
  '…': '...',
  'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st', 'Ĳ': 'IJ', 'ĳ': 'ij',
};
const MAPPED: string[] = [];
for (const [c, to] of Object.entries(MAP)) {
  KIND[c.charCodeAt(0)] = 3;
  MAPPED[c.charCodeAt(0)] = to;
}

let origins = new Int32Array(1024);

/** The normalised text and where each of its characters came from. */
export function normalise(input: string): Normalised {
  if (origins.length < input.length * 3 + 1) origins = new Int32Array(input.length * 3 + 1);
  const text = run(input, origins);
  return { text, from: origins.slice(0, text.length) };
}

/** The normalised text only (what comparing needs; `normalise` when a difference must be located). */
export function normaliseText(input: string): string {
  return run(input, undefined);
}

/**
 * One pass without regular expressions: runs of characters that stay as they are (letters, digits,
 * punctuation, single spaces) are copied as slices; only what changes is looked at one by one.
 */
function run(input: string, from: Int32Array | undefined): string {
  let text = '';
  let n = 0;
  let runStart = 0;
  let afterSpace = true; // leading white space is dropped
  const copy = (end: number): void => {
    if (end <= runStart) return;
    text += input.slice(runStart, end);
    if (from) for (let j = runStart; j < end; j++) from[n++] = j;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    const kind = KIND[c]!;
    if (kind === 0) {
      afterSpace = false;
      continue;
    }
    if (c === 32 && !afterSpace) {
      afterSpace = true;
      continue;
    }
    copy(i);
    runStart = i + 1;
    if (kind === 1) {
      if (!afterSpace) {
        text += ' ';
        if (from) from[n++] = i;
        afterSpace = true;
      }
    } else if (kind === 3) {
      const to = MAPPED[c]!;
      text += to;
      if (from) for (let k = 0; k < to.length; k++) from[n++] = i;
      afterSpace = false;
    } else if (kind === 4) {
      // A combining mark: compose it with the letter before it where Unicode has one character for both.
      const composed = text.length > 0 && !afterSpace ? `${text[text.length - 1]!}${input[i]!}`.normalize('NFC') : '';
      if (composed.length === 1) text = text.slice(0, -1) + composed;
      else {
        text += input[i]!;
        if (from) from[n++] = i;
        afterSpace = false;
      }
    }
    // kind 2: dropped
  }
  copy(input.length);
  return text.endsWith(' ') ? text.slice(0, -1) : text;
}

/**
 * A hyphen between letters, maybe with a space after it: maybe a word split at the end of a line. From a
 * word's start only (the lookbehind): tried from every letter, the word before the hyphen is matched
 * again and again, which made this the slowest step of checking a long quote.
 */
const SPLIT_WORD = /(?<!\p{L})(\p{L}+)-( ?)(\p{L}+)/gu;

/**
 * Joins the words of `quote` split by a line-end hyphen ("lever- ancier" or, as PDF text gives it,
 * "lever-ancier" → "leverancier"; "zorg- verzekeraar" → "zorg-verzekeraar") where the joined word
 * occurs in `official` and the split form does not.
 */
export function joinHyphenated(quote: Normalised, official: string): Normalised;
export function joinHyphenated(quote: string, official: string): string;
export function joinHyphenated(input: Normalised | string, official: string): Normalised | string {
  const quote = typeof input === 'string' ? { text: input, from: undefined } : input;
  if (!quote.text.includes('-')) return input;
  const drop: number[] = [];
  for (const { index, whole, left, space, right } of splitWords(quote.text)) {
    if (official.includes(whole)) continue;
    const hyphen = index + left.length;
    if (containsWord(official, left + right)) drop.push(...(space ? [hyphen, hyphen + 1] : [hyphen]));
    else if (space && containsWord(official, `${left}-${right}`)) drop.push(hyphen + 1);
  }
  if (drop.length === 0) return input;
  let text = '';
  const from = quote.from ? new Int32Array(quote.text.length - drop.length) : undefined;
  let last = 0;
  let k = 0;
  for (const d of drop) {
    text += quote.text.slice(last, d);
    from?.set(quote.from!.subarray(last, d), k);
    k += d - last;
    last = d + 1;
  }
  text += quote.text.slice(last);
  from?.set(quote.from!.subarray(last), k);
  return from ? { text, from } : text;
}

interface SplitWord {
  index: number;
  whole: string;
  left: string;
  space: string;
  right: string;
}

/** The last quote's split words: an attributed quote is joined against every answer and question in turn. */
let splitCache: { text: string; words: SplitWord[] } = { text: '', words: [] };

function splitWords(text: string): SplitWord[] {
  if (splitCache.text !== text) {
    const words: SplitWord[] = [];
    for (const m of text.matchAll(SPLIT_WORD)) {
      const [whole, left, space, right] = m as unknown as [string, string, string, string];
      words.push({ index: m.index, whole, left, space, right });
    }
    splitCache = { text, words };
  }
  return splitCache.words;
}

function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + word.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

/** An elision in normalised text: "[...]" (from […] or [...]) or "...". */
const ELISION = /\s?(?:\[\.\.\.\]|\(\.\.\.\)|\.\.\.)\s?/g;

export type QuoteVerdict =
  | { ok: true; elisions: number }
  | {
    ok: false;
    /** Index in the normalised quote where it first differs from the official text. */
    at: number;
    /** Index in the normalised official text it was compared with (its length when the quote goes on). */
    officialAt: number;
    /** Where an elision would make the quote match, as an index in the normalised quote. */
    shortenAt?: number;
  };

/** Compares normalised texts. */
export function compareQuote(quote: string, official: string): QuoteVerdict {
  const verdict = compare(quote, official);
  if (verdict.ok) return verdict;
  // Would marking the difference as an elision make it match?
  // At the start of the word that differs, or at the very start (the quote begins mid-answer).
  const wordStart = verdict.at >= quote.length ? quote.length : quote.lastIndexOf(' ', verdict.at - 1) + 1;
  for (const at of wordStart === 0 ? [0] : [wordStart, 0]) {
    const marked = `${quote.slice(0, at)} [...] ${quote.slice(at)}`;
    if (compare(marked.trim(), official).ok) return { ...verdict, shortenAt: at };
  }
  return verdict;
}

interface Piece {
  text: string;
  /** Its index in the quote. */
  at: number;
}

function piecesOf(quote: string): { pieces: Piece[]; elisions: number; openStart: boolean; openEnd: boolean } {
  const pieces: Piece[] = [];
  let last = 0;
  let elisions = 0;
  for (const m of quote.matchAll(ELISION)) {
    pieces.push({ text: quote.slice(last, m.index), at: last });
    last = m.index + m[0].length;
    elisions++;
  }
  pieces.push({ text: quote.slice(last), at: last });
  const openStart = pieces[0]!.text.trim() === '' && elisions > 0;
  const openEnd = pieces[pieces.length - 1]!.text.trim() === '' && elisions > 0;
  return { pieces, elisions, openStart, openEnd };
}

function compare(quote: string, official: string): QuoteVerdict {
  const { pieces, elisions, openStart, openEnd } = piecesOf(quote);
  let pos = 0;
  let first = true;
  for (const piece of pieces) {
    const lead = piece.text.length - piece.text.trimStart().length;
    const text = piece.text.trim();
    const at = piece.at + lead;
    if (text === '') continue;
    if (first && !openStart) {
      // Most quotes hold: one compare of the whole piece (a memory compare) before the walk to where it differs.
      const same = official.startsWith(text) ? text.length : commonPrefix(text, official, 0);
      if (same < text.length) return { ok: false, at: at + same, officialAt: same };
      pos = text.length;
    } else {
      const found = official.indexOf(text, pos);
      if (found < 0) {
        const longest = longestPrefixFound(text, official, pos);
        const where = longest.length > 0 ? official.indexOf(text.slice(0, longest.length), pos) + longest.length : pos;
        return { ok: false, at: at + longest.length, officialAt: where };
      }
      pos = found + text.length;
    }
    first = false;
  }
  if (!openEnd && official.slice(pos).trim() !== '') return { ok: false, at: quote.length, officialAt: pos };
  return { ok: true, elisions };
}

function commonPrefix(a: string, b: string, bFrom: number): number {
  let i = 0;
  while (i < a.length && bFrom + i < b.length && a.charCodeAt(i) === b.charCodeAt(bFrom + i)) i++;
  return i;
}

/** The longest start of `text` that occurs in `official` from `pos` (binary search: shorter starts occur if longer do). */
function longestPrefixFound(text: string, official: string, pos: number): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (official.indexOf(text.slice(0, mid), pos) >= 0) lo = mid; else hi = mid - 1;
  }
  return text.slice(0, lo);
}

/**
 * A short piece of text around `at` for messages: about `width` characters, whole words only
 * (a word is never cut in half), with … where text was left out.
 */
export function excerpt(text: string, at: number, width = 40): string {
  let start = Math.max(0, at - 10);
  if (start > 0 && text[start - 1] !== ' ') {
    const space = text.lastIndexOf(' ', start);
    start = space < 0 ? 0 : space + 1;
  }
  let end = Math.min(text.length, Math.max(start + width, at + 1));
  if (end < text.length && text[end] !== ' ') {
    const space = text.indexOf(' ', end);
    end = space < 0 ? text.length : space;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Passages: quotes that may start and end anywhere in the official text (attributed quotes)

export type PassageVerdict =
  | { ok: true; start: number; end: number }
  /** Found, but it starts or ends in the middle of a sentence without an elision mark. */
  | { ok: false; start: number; end: number; problem: 'starts-mid-sentence' | 'ends-mid-sentence' };

/** Sentence punctuation, maybe followed by closing quotation marks or a parenthesis. */
const SENTENCE_END = /[.!?:;]["')]*$/;

function sentenceStartAt(official: string, at: number): boolean {
  return at === 0 || (official[at - 1] === ' ' && SENTENCE_END.test(official.slice(Math.max(0, at - 5), at - 1)));
}

function sentenceEndAt(official: string, at: number): boolean {
  if (at >= official.length) return true;
  if (official[at] === ' ' && SENTENCE_END.test(official.slice(Math.max(0, at - 4), at))) return true;
  // The quote leaves out only the sentence's closing punctuation (as quotes in running text do).
  return /^[.!?;:]["')]*(?: |$)/.test(official.slice(at, at + 5));
}

/**
 * Where the quote (normalised) occurs in the official text as a passage: its pieces between
 * elisions in order, starting at a sentence start unless it opens with an elision, ending at a
 * sentence end unless it closes with one. Undefined when its text does not occur.
 */
export function findPassage(quote: string, official: string): PassageVerdict | undefined {
  const { pieces, openStart, openEnd } = piecesOf(quote);
  const texts = pieces.map((p) => p.text.trim()).filter((t) => t !== '');
  if (texts.length === 0) return undefined;
  let fallback: PassageVerdict | undefined;
  let tries = 0;
  for (let p = official.indexOf(texts[0]!); p >= 0 && tries < 64; p = official.indexOf(texts[0]!, p + 1), tries++) {
    let pos = p + texts[0]!.length;
    let found = true;
    for (const text of texts.slice(1)) {
      const f = official.indexOf(text, pos);
      if (f < 0) { found = false; break; }
      pos = f + text.length;
    }
    if (!found) break;
    const startOk = openStart || sentenceStartAt(official, p);
    const endOk = openEnd || sentenceEndAt(official, pos);
    if (startOk && endOk) return { ok: true, start: p, end: pos };
    fallback ??= { ok: false, start: p, end: pos, problem: startOk ? 'ends-mid-sentence' : 'starts-mid-sentence' };
  }
  return fallback;
}

/** The quote's word trigrams that occur in the official text, as a share of all of them (0–1). */
export function overlap(quote: string, official: string): number {
  const words = quote.replace(ELISION, ' ').split(' ').filter((w) => w !== '');
  if (words.length < 3) return words.length > 0 && official.includes(words.join(' ')) ? 1 : 0;
  let hits = 0;
  for (let i = 0; i + 3 <= words.length; i++) if (official.includes(words.slice(i, i + 3).join(' '))) hits++;
  return hits / (words.length - 2);
}

/** The whole sentences of `official` around [start, end). */
export function sentencesAround(official: string, start: number, end: number): { start: number; end: number } {
  let s = Math.max(0, Math.min(start, official.length));
  while (s > 0 && !sentenceStartAt(official, s)) s--;
  let e = Math.max(s, Math.min(end, official.length));
  while (e < official.length && !(official[e] === ' ' && SENTENCE_END.test(official.slice(Math.max(0, e - 4), e)))) e++;
  return { start: s, end: e };
}

/** The longest start of `text` that occurs anywhere in `official`, and where it ends there. */
export function longestStartIn(text: string, official: string): { length: number; officialEnd: number } {
  const prefix = longestPrefixFound(text, official, 0);
  return { length: prefix.length, officialEnd: prefix.length > 0 ? official.indexOf(prefix) + prefix.length : 0 };
}
