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

/** A hyphen between letters, maybe with a space after it: maybe a word split at the end of a line. */
const SPLIT_WORD = /(\p{L}+)-( ?)(\p{L}+)/gu;

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
  for (const m of quote.text.matchAll(SPLIT_WORD)) {
    const [whole, left, space, right] = m as unknown as [string, string, string, string];
    if (official.includes(whole)) continue;
    const hyphen = m.index + left.length;
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

function compare(quote: string, official: string): QuoteVerdict {
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
  let pos = 0;
  let first = true;
  for (const piece of pieces) {
    const lead = piece.text.length - piece.text.trimStart().length;
    const text = piece.text.trim();
    const at = piece.at + lead;
    if (text === '') continue;
    if (first && !openStart) {
      const same = commonPrefix(text, official, 0);
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

/** A short piece of text around `at` for messages: up to `width` characters, with … where cut. */
export function excerpt(text: string, at: number, width = 40): string {
  const start = Math.max(0, at - 10);
  const end = Math.min(text.length, start + width);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
