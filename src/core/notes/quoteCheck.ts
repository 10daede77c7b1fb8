/**
 * Does a quote say what the minister wrote? (pure)
 *
 * Both texts are normalised first: white space (incl. no-break and thin spaces, line and paragraph
 * breaks) becomes one space, curly and angle quotes (’ ‘ “ ” „ « » ‹ ›) become ' and ", dashes
 * (– — ‒ ― −) become -, and "…" becomes "...". The quote may leave text out where it says so with
 * an elision: "[…]", "[...]", "…" or "...". Each piece between elisions must then occur in the
 * official text, in order; the quote must start where the answer starts unless it starts with an
 * elision, and end where it ends unless it ends with one.
 */

export interface Normalised {
  text: string;
  /** For each character of `text`, the index in the input it came from. */
  from: Int32Array;
}

const WHITE = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;
const MAP: Record<string, string> = {
  '’': "'", '‘': "'", '‚': "'", '‛': "'", '′': "'", '‹': '"', '›': '"',
  '“': '"', '”': '"', '„': '"', '‟': '"', '«': '"', '»': '"', '″': '"',
  '–': '-', '—': '-', '‒': '-', '―': '-', '−': '-', '‐': '-', '‑': '-',
  '…': '...',
};

/** The normalised text and where each of its characters came from. */
export function normalise(input: string): Normalised {
  let text = '';
  const from: number[] = [];
  let space = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (WHITE.test(c)) {
      space = text.length > 0;
      continue;
    }
    if (space) {
      text += ' ';
      from.push(i - 1);
      space = false;
    }
    const mapped = MAP[c] ?? c;
    for (let k = 0; k < mapped.length; k++) from.push(i);
    text += mapped;
  }
  return { text, from: Int32Array.from(from) };
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
