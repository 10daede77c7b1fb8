/**
 * Stock answers: sentences that recur across the answers of one Kamervraag (pure).
 *
 * Ministries answer related questions with the same paragraph again and again ("Ter ondersteuning
 * hiervan is eind 2018 instrumentarium ontwikkeld …"). `findRepeatedSentences` finds them so that a
 * reader sees which answers merely repeat each other.
 *
 * - Answers are split into paragraphs (`paragraphsOf`) and paragraphs into sentences by a
 *   Dutch-aware splitter (`splitSentences`).
 * - Sentences are compared after normalising white space, quote characters (’ ' ‘ “ ” „ « » "),
 *   dashes, case and trailing punctuation: equal keys form an exact group.
 * - Exact groups that are near-identical (a verb form, "t.a.v." for "ten aanzien van") are joined
 *   into one result marked `variant: true`. Two sentences are near-identical when their lengths in
 *   words differ by at most 20 % and either their word-bigram sets have a Jaccard similarity of at
 *   least 0.8, or (sentences of ten words or more) at most two words were replaced, inserted or
 *   deleted. Common abbreviations are written out before this comparison. Each group is compared
 *   with the first sentence of a result only, so results do not drift by chaining.
 * - A result needs at least two occurrences in at least two different answers, and every sentence
 *   at least `minWords` words (default 8).
 * - Results are ordered by number of occurrences (most first), then by first position.
 */
import type { Kamervraag } from './model';
import { paragraphsOf } from './text';

export interface SentenceSpan {
  /** The entry's numbers ([5, 6] for a combined entry). */
  numbers: number[];
  /** Index in `paragraphsOf(entry.answer)`. */
  paragraph: number;
  /** Offsets in that paragraph: `paragraph.slice(start, end)` is the sentence. */
  start: number;
  end: number;
}

export interface RepeatedSentence {
  /** The sentence as first found. */
  text: string;
  /** Two or more, in entry order (then paragraph, then offset). */
  occurrences: SentenceSpan[];
  /** True when some occurrences differ slightly from the others (near-identical, not equal). */
  variant: boolean;
}

export const DEFAULT_MIN_WORDS = 8;

export function findRepeatedSentences(kv: Kamervraag, options?: { minWords?: number }): RepeatedSentence[] {
  const minWords = options?.minWords ?? DEFAULT_MIN_WORDS;

  // 1. Every long enough sentence of every answer, grouped by its normalised form.
  const groups = new Map<string, Occurrence[]>();
  kv.entries.forEach((entry, entryIndex) => {
    if (!entry.answer) return;
    paragraphsOf(entry.answer).forEach((paragraph, p) => {
      for (const { start, end } of splitSentences(paragraph)) {
        const text = paragraph.slice(start, end);
        if (wordsOf(text).length < minWords) continue;
        const key = normalise(text);
        const occurrence: Occurrence = { entryIndex, text, span: { numbers: [...entry.numbers], paragraph: p, start, end } };
        const group = groups.get(key);
        if (group) group.push(occurrence);
        else groups.set(key, [occurrence]);
      }
    });
  });

  // 2. Join near-identical groups, each compared with the first group of a cluster (in text order).
  const clusters: Cluster[] = [];
  for (const [key, occurrences] of groups) {
    const shape = shapeOf(occurrences[0]!.text);
    const home = clusters.find((c) => nearIdentical(c.shape, shape));
    if (home) {
      home.keys.push(key);
      home.occurrences.push(...occurrences);
    } else {
      clusters.push({ shape, keys: [key], occurrences: [...occurrences] });
    }
  }

  // 3. Keep what recurs across answers; order by occurrences, then first position.
  const results = clusters
    .filter((c) => new Set(c.occurrences.map((o) => o.entryIndex)).size >= 2)
    .map((c) => {
      const sorted = [...c.occurrences].sort(byPosition);
      return { first: sorted[0]!, result: { text: sorted[0]!.text, occurrences: sorted.map((o) => o.span), variant: c.keys.length > 1 } };
    });
  results.sort((a, b) => b.result.occurrences.length - a.result.occurrences.length || byPosition(a.first, b.first));
  return results.map((r) => r.result);
}

interface Occurrence {
  entryIndex: number;
  text: string;
  span: SentenceSpan;
}

interface Cluster {
  shape: Shape;
  keys: string[];
  occurrences: Occurrence[];
}

function byPosition(a: Occurrence, b: Occurrence): number {
  return a.entryIndex - b.entryIndex || a.span.paragraph - b.span.paragraph || a.span.start - b.span.start;
}

// ---------------------------------------------------------------------------------------------
// Comparing sentences

/** Quote characters of every typographic tradition, and the straight ones. */
const QUOTES = /[’‘‚‛'`´“”„‟«»‹›"]/g;
const DASHES = /[‐‑‒–—]/g;

/** The form two sentences are compared in: case, white space, quotes, dashes and final punctuation folded. */
export function normalise(sentence: string): string {
  return sentence
    .normalize('NFC')
    .toLowerCase()
    .replace(QUOTES, '')
    .replace(DASHES, '-')
    .replace(/\s+/g, ' ')
    .replace(/[\s.?!…;:,]+$/u, '')
    .trim();
}

/** Abbreviations written out before the near-identical comparison (lower case). */
const EXPANSIONS: Record<string, string> = {
  't.a.v.': 'ten aanzien van',
  'm.b.t.': 'met betrekking tot',
  't.b.v.': 'ten behoeve van',
  't.o.v.': 'ten opzichte van',
  'i.v.m.': 'in verband met',
  'i.p.v.': 'in plaats van',
  'i.c.m.': 'in combinatie met',
  'n.a.v.': 'naar aanleiding van',
  'a.d.h.v.': 'aan de hand van',
  'o.b.v.': 'op basis van',
  'o.a.': 'onder andere',
  'd.w.z.': 'dat wil zeggen',
  'z.s.m.': 'zo spoedig mogelijk',
  'bijv.': 'bijvoorbeeld',
  'bv.': 'bijvoorbeeld',
  'ca.': 'circa',
  'nr.': 'nummer',
  'art.': 'artikel',
  'z.g.': 'zogenaamd',
  'zgn.': 'zogenaamd',
  'evt.': 'eventueel',
  'resp.': 'respectievelijk',
};
const EXPANSION_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}.])(${Object.keys(EXPANSIONS).map((k) => k.replace(/\./g, '\\.')).join('|')})`, 'gu');

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface Shape {
  words: string[];
  bigrams: Set<string>;
}

function shapeOf(sentence: string): Shape {
  const expanded = normalise(sentence).replace(EXPANSION_PATTERN, (m) => ` ${EXPANSIONS[m] ?? m} `);
  const words = wordsOf(expanded);
  const bigrams = new Set<string>();
  for (let i = 1; i < words.length; i++) bigrams.add(`${words[i - 1]} ${words[i]}`);
  return { words, bigrams };
}

const MIN_LENGTH_RATIO = 0.8;
const MIN_BIGRAM_JACCARD = 0.8;
const MAX_WORD_EDITS = 2;
const MIN_WORDS_FOR_EDITS = 10;

function nearIdentical(a: Shape, b: Shape): boolean {
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  if (long.words.length === 0 || short.words.length / long.words.length < MIN_LENGTH_RATIO) return false;
  let shared = 0;
  for (const g of short.bigrams) if (long.bigrams.has(g)) shared++;
  const union = a.bigrams.size + b.bigrams.size - shared;
  if (union > 0 && shared / union >= MIN_BIGRAM_JACCARD) return true;
  return short.words.length >= MIN_WORDS_FOR_EDITS
    && long.words.length - short.words.length <= MAX_WORD_EDITS
    && wordEdits(a.words, b.words, MAX_WORD_EDITS) <= MAX_WORD_EDITS;
}

/** Levenshtein distance over words, giving up (returning limit + 1) once it exceeds `limit`. */
function wordEdits(a: readonly string[], b: readonly string[], limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Splitting sentences

/** Abbreviations after which a full stop does not end a sentence (lower case, with the final dot). */
const ABBREVIATIONS = new Set([
  'ca.', 'nr.', 'nrs.', 'art.', 'artt.', 'bijv.', 'bv.', 'blz.', 'p.', 'pp.', 'pag.', 'jl.', 'resp.', 'vgl.', 'evt.',
  'incl.', 'excl.', 'mr.', 'dr.', 'drs.', 'ir.', 'ing.', 'prof.', 'dhr.', 'mevr.', 'mw.', 'st.', 'stb.', 'stcrt.',
  'zgn.', 'zg.', 'ong.', 'max.', 'min.', 'jo.', 'sub.', 'red.', 'vs.', 'ibid.', 'e.a.', 'e.d.', 'e.v.',
]);

/** Opening brackets and quotes, each with the characters that close it. */
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '«': '»', '“': '”', '„': '”“', '‹': '›' };
const CLOSERS = new Set([')', ']', '»', '”', '“', '›', '’', '"', "'"]);
const TERMINATORS = new Set(['.', '?', '!', '…']);

/**
 * The sentences of one paragraph, as offsets (`paragraph.slice(start, end)` is a sentence without
 * surrounding white space). A sentence ends at ".", "?", "!" or "…" (with any closing brackets or
 * quotes after it) followed by white space and a capital, a digit or an opening quote or bracket —
 * but not after an abbreviation ("t.a.v.", "ca.", "nr.", "o.a.", "bijv.", "art."), an initial
 * ("W. Hoekstra"), a list number at the start of a sentence ("1. De …"), nor inside matched
 * brackets or quotes («…», “…”, ‘…’, "…", (…), […]). A dot between digits ("2.5") never ends one.
 */
export function splitSentences(paragraph: string): Array<{ start: number; end: number }> {
  const inside = protectedCuts(paragraph);
  const spans: Array<{ start: number; end: number }> = [];
  let start = skipSpace(paragraph, 0);
  let i = start;
  while (i < paragraph.length) {
    if (!TERMINATORS.has(paragraph[i]!)) {
      i++;
      continue;
    }
    let end = i;
    while (end < paragraph.length && TERMINATORS.has(paragraph[end]!)) end++;
    const single = end - i === 1 && paragraph[i] === '.';
    while (end < paragraph.length && CLOSERS.has(paragraph[end]!)) end++;
    const next = skipSpace(paragraph, end);
    const atEnd = next >= paragraph.length;
    const boundary = inside[end] === 0 && (atEnd || (next > end && startsSentence(paragraph, next)))
      && !(single && noStopAfter(paragraph, start, i));
    if (boundary) {
      spans.push({ start, end });
      start = next;
    }
    i = end;
  }
  if (start < paragraph.length) spans.push({ start, end: trimEnd(paragraph, paragraph.length) });
  return spans;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** Can a sentence start at `i`? A capital, a digit, an opening quote or bracket, or "’s"/"'t". */
function startsSentence(text: string, i: number): boolean {
  const c = text[i]!;
  if (/[\p{Lu}\p{N}]/u.test(c)) return true;
  if (/^['’][st]\b/.test(text.slice(i, i + 3))) return true;
  return c in PAIRS || c === '‘' || c === '"' || c === "'";
}

/** Whether the full stop at `dot` belongs to an abbreviation, initial or list number. */
function noStopAfter(text: string, sentenceStart: number, dot: number): boolean {
  let from = dot;
  while (from > sentenceStart && !/[\s([«“„‘"']/.test(text[from - 1]!)) from--;
  const token = text.slice(from, dot + 1);
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  if (/^(?:\p{L}\.){2,}$/u.test(token)) return true; // t.a.v., m.b.t., o.a., J.P.
  if (/^\p{Lu}\.$/u.test(token)) return true; // an initial: W. Hoekstra
  if (/^\d+\.$/.test(token) && text.slice(sentenceStart, from).trim() === '') return true; // 1. De …
  return false;
}

/**
 * For every cut position k (between characters k-1 and k): how many matched bracket or quote
 * pairs enclose it. Unmatched openers and closers (an apostrophe, "1)") enclose nothing.
 */
function protectedCuts(text: string): Int32Array {
  const diff = new Int32Array(text.length + 2);
  const stack: Array<{ close: string; at: number }> = [];
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    const before = k === 0 ? ' ' : text[k - 1]!;
    const after = k + 1 < text.length ? text[k + 1]! : ' ';
    // A straight or single curly quote closes an open one, or opens after white space or a bracket.
    const ambiguous = c === '"' || c === "'" || c === '‘' || c === '’';
    let top = stack.length - 1;
    while (top >= 0 && !stack[top]!.close.includes(c)) top--;
    if (top >= 0 && (!ambiguous || !/[\p{L}\p{N}]/u.test(after))) {
      diff[stack[top]!.at + 1]! += 1;
      diff[k + 1]! -= 1;
      stack.length = top;
      continue;
    }
    if (c in PAIRS) stack.push({ close: PAIRS[c]!, at: k });
    else if ((c === '‘' || c === '"' || c === "'") && /[\s([«“„]/.test(before) && /\S/.test(after) && !/^['’][st]\s/.test(text.slice(k, k + 3))) {
      stack.push({ close: c === '‘' ? '’' : c, at: k });
    }
  }
  const inside = new Int32Array(text.length + 1);
  let depth = 0;
  for (let k = 0; k <= text.length; k++) {
    depth += diff[k]!;
    inside[k] = depth;
  }
  return inside;
}
