/**
 * Reuse across the library: answer paragraphs that recur, the same or nearly the same, in the
 * answers to other Kamervragen (pure; no vscode).
 *
 * Comparing two paragraphs
 * - A paragraph is one of `paragraphsOf(entry.answer)`; only paragraphs of at least `MIN_WORDS`
 *   (15) words are indexed ("Ja.", "Zie het antwoord op vraag 3." are not stock text).
 * - Words are folded (lower case, no diacritics: text.ts `fold`) runs of letters and digits;
 *   punctuation, quotes, dashes and white space separate words and are otherwise ignored, an
 *   apostrophe inside a word is dropped ("camera's" = "cameras").
 * - A paragraph's shingles are its runs of `SHINGLE_WORDS` (5) consecutive words, each hashed to
 *   32 bits. Two paragraphs are "the same or nearly the same" when the Jaccard similarity of their
 *   shingle sets (shared shingles / all distinct shingles of both) is at least `THRESHOLD` (0.5).
 *   One changed word in a 60-word paragraph keeps about 0.84 of it, two about 0.7; a shared
 *   sentence in otherwise different paragraphs stays well below 0.5. Paragraphs shorter than
 *   about 25 words lose the match after two or three edits: each edit changes five shingles.
 *
 * The index (ReuseIndex): small enough for an archive of 60,000 Kamervragen (bench/reuse.bench.ts)
 * - It keeps no text. Per indexed paragraph it keeps `ANCHORS` (4) min-hashes of its shingle set
 *   (the smallest value of the set under each of four hash functions; two paragraphs with
 *   similarity J share each one with probability J, so a pair at J = 0.6 shares at least one
 *   with probability 0.97) as 32-bit entries in 16,384 buckets: 8 check bits of the min-hash and
 *   a 24-bit paragraph number. Paragraph numbers of one Kamervraag are consecutive, so a number
 *   finds its Kamervraag by a binary search; per number the entry and paragraph index are kept
 *   (4 bytes), so that a check reads one answer only, and a 16-byte one-permutation min-hash
 *   sketch: a candidate whose sketch agrees with the paragraph's on fewer than a quarter of the
 *   bins (a shared sentence, not a shared paragraph) is not checked on its text. ~36 bytes a
 *   paragraph.
 * - Candidates (paragraphs that share an anchor) are verified on the text, which the caller gives
 *   (`lookup`: the library keeps every Kamervraag in memory): exact Jaccard over the two shingle
 *   sets. An anchor that more than `MAX_ANCHOR_POSTINGS` (2,000) paragraphs share is a set phrase,
 *   not a paragraph, and is skipped for candidates (a stock paragraph in hundreds of answers is not).
 * - Adding replaces; removing marks the Kamervraag dead, and the buckets are compacted once a third
 *   of the paragraphs are dead (or the 24-bit numbers run out).
 * - `connectInBackground` feeds it (and any other per-Kamervraag index) from the library in time
 *   slices of at most ~20 ms, so the extension host is never blocked.
 *
 * The report (`reuseReport`): per ministry (stats.ts `ministryOf` of the answering office, else of
 * the addressed one) how many answered Kamervragen have at least one paragraph that recurs in
 * another Kamervraag, and the paragraphs that recur in the most Kamervragen (near-identical
 * paragraphs joined transitively). `reuseReportCsv` writes it as CSV.
 */
import { headOf, type Kamervraag, type KamervraagHead } from './model';
import { ministryOf } from './stats';
import { fold, paragraphsOf } from './text';

export const SHINGLE_WORDS = 5;
export const MIN_WORDS = 15;
export const THRESHOLD = 0.5;
export const ANCHORS = 4;
export const MAX_ANCHOR_POSTINGS = 2000;

const BUCKET_BITS = 14;
const BUCKETS = 1 << BUCKET_BITS;
const ID_BITS = 24;
const ID_MASK = (1 << ID_BITS) - 1;
const MAX_ID = ID_MASK - 65_536;
const SEEDS = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f];
/** Matches listed per paragraph at most (the count says how many there are). */
const MAX_MATCHES = 50;

// ---------------------------------------------------------------------------------------------
// Words and shingles

/** murmur3's finaliser: a 32-bit avalanche. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isWordChar(c: number, s: string, i: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  return /[\p{L}\p{N}]/u.test(s[i]!);
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2018 || c === 0x60 || c === 0xb4;
}

/** 32-bit hashes of the folded words of `text`, in order. */
export function wordHashes(text: string): number[] {
  const s = fold(text);
  const out: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (!isWordChar(c, s, i)) { i++; continue; }
    let h = 0x811c9dc5;
    for (;;) {
      h = Math.imul(h ^ c, 0x01000193);
      i++;
      if (i >= n) break;
      c = s.charCodeAt(i);
      if (isWordChar(c, s, i)) continue;
      // "camera's": the apostrophe is dropped, the word goes on.
      if (isApostrophe(c) && i + 1 < n && isWordChar(s.charCodeAt(i + 1), s, i + 1)) { i++; c = s.charCodeAt(i); continue; }
      break;
    }
    out.push(h >>> 0);
  }
  return out;
}

/** The distinct shingle hashes of a paragraph, sorted; empty when it has fewer than SHINGLE_WORDS words. */
export function shingles(text: string): Uint32Array {
  return shinglesOfWords(wordHashes(text));
}

function shinglesOfWords(words: readonly number[]): Uint32Array {
  const count = words.length - SHINGLE_WORDS + 1;
  if (count <= 0) return new Uint32Array(0);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0;
    for (let k = 0; k < SHINGLE_WORDS; k++) h = Math.imul(h ^ words[i + k]!, 0x9e3779b1) + k;
    out[i] = fmix(h);
  }
  out.sort();
  let w = 0;
  for (let i = 0; i < count; i++) if (i === 0 || out[i] !== out[i - 1]) out[w++] = out[i]!;
  return out.slice(0, w);
}

/** Jaccard similarity of two sorted sets of distinct hashes. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { shared++; i++; j++; } else if (a[i]! < b[j]!) i++; else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Bins of the paragraph sketch, one byte each. */
export const SKETCH_BINS = 16;
/** Candidates whose sketches agree on fewer bins than this share are not checked on their text. */
export const SKETCH_MIN = 0.25;
const EMPTY_BIN = 0xff;

/**
 * A one-permutation min-hash sketch: the shingles are spread over SKETCH_BINS bins by their top
 * bits (after a mix), and each bin keeps 7 bits of its smallest value (0xff: empty). Two
 * paragraphs agree on a bin with probability about their Jaccard similarity.
 */
function sketchOf(set: Uint32Array, out: Uint8Array, at: number): void {
  const mins = new Uint32Array(SKETCH_BINS).fill(0xffffffff);
  for (let i = 0; i < set.length; i++) {
    const v = fmix(set[i]! ^ 0x5bd1e995);
    const bin = v >>> 28;
    const rest = v & 0x0fffffff;
    if (rest < mins[bin]!) mins[bin] = rest;
  }
  for (let b = 0; b < SKETCH_BINS; b++) out[at + b] = mins[b] === 0xffffffff ? EMPTY_BIN : fmix(mins[b]!) & 0x7f;
}

/** Share of the bins that both sketches fill and agree on. */
function sketchAgreement(a: Uint8Array, at: number, b: Uint8Array, bt: number): number {
  let both = 0;
  let same = 0;
  for (let i = 0; i < SKETCH_BINS; i++) {
    const x = a[at + i]!;
    const y = b[bt + i]!;
    if (x === EMPTY_BIN || y === EMPTY_BIN) {
      if (x !== y) both++;
      continue;
    }
    both++;
    if (x === y) same++;
  }
  return both === 0 ? 0 : same / both;
}

function anchorsOf(set: Uint32Array): number[] {
  const out: number[] = [];
  for (const seed of SEEDS) {
    let min = 0xffffffff;
    for (let i = 0; i < set.length; i++) {
      const v = fmix(set[i]! ^ seed);
      if (v < min) min = v;
    }
    out.push(min);
  }
  return out;
}

/** Where an anchor goes: its bucket and check byte (a second mix: min-hashes are small numbers). */
function slotOf(anchor: number, j: number): { bucket: number; check: number } {
  const k = fmix((anchor + Math.imul(j + 1, 0x9e3779b9)) >>> 0);
  return { bucket: k >>> (32 - BUCKET_BITS), check: k & 0xff };
}

// ---------------------------------------------------------------------------------------------
// Paragraphs of a Kamervraag

/** An answer paragraph that the index considers. */
export interface AnswerParagraph {
  /** Index in `kv.entries`. */
  entry: number;
  /** The entry's numbers ([5, 6] for a combined entry). */
  numbers: number[];
  /** Index in `paragraphsOf(entry.answer)`. */
  paragraph: number;
  text: string;
}

/** Words (runs of letters and digits) in `text`, counting no further than `enough`. */
function wordCount(text: string, enough = Infinity): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    const w = c < 0x80 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) : /[\p{L}\p{N}\p{M}]/u.test(text[i]!);
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/** The answer paragraphs of `kv` that are long enough to index, in order. */
export function indexedParagraphs(kv: Kamervraag): AnswerParagraph[] {
  const out: AnswerParagraph[] = [];
  kv.entries.forEach((e, entry) => {
    if (!e.answer) return;
    paragraphsOf(e.answer).forEach((text, paragraph) => {
      if (wordCount(text, MIN_WORDS) >= MIN_WORDS) out.push({ entry, numbers: [...e.numbers], paragraph, text });
    });
  });
  return out.slice(0, 0xffff);
}

// ---------------------------------------------------------------------------------------------
// The index

/** Another Kamervraag's paragraph that is the same or nearly the same. */
export interface ReuseMatch {
  key: string;
  /** What the library keeps in memory of the other Kamervraag (its text is not needed to show the match). */
  kamervraag: KamervraagHead;
  /** Entry numbers and paragraph index (in `paragraphsOf(answer)`) of the other paragraph. */
  numbers: number[];
  paragraph: number;
  /** Its position among the other Kamervraag's indexed paragraphs (`indexedParagraphs`). */
  ordinal: number;
  /** Jaccard similarity of the shingle sets, ≥ THRESHOLD; 1 when the words are the same. */
  similarity: number;
}

/** One paragraph of the Kamervraag asked about, with where else it occurs. */
export interface ParagraphReuse {
  numbers: number[];
  paragraph: number;
  /** Its position among `indexedParagraphs(kv)`. */
  ordinal: number;
  /** Oldest first (answer date, else submission date), at most `limit` (default MAX_MATCHES, 50). */
  matches: ReuseMatch[];
  /** All matches found, also those beyond the list. */
  total: number;
}

/** Gives the Kamervraag stored under a key (the library's copy, read from its file). */
export type Lookup = (key: string) => Promise<Kamervraag | undefined>;

interface Cached {
  kv: Kamervraag;
  /** Paragraphs of the answers looked at, by entry index. */
  answers: Map<number, string[]>;
}

/** Shingle sets of checked paragraphs kept (by paragraph number): a paragraph many answers share is read once. */
const SET_CACHE = 20_000;

function grow<T extends Uint32Array | Uint16Array | Uint8Array>(array: T, min: number, make: (n: number) => T): T {
  if (array.length >= min) return array;
  const next = make(Math.max(min, Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}

/** The question numbers of the entries that have indexed paragraphs, packed (ReuseIndex.numberPool). */
function packNumbers(paragraphs: readonly AnswerParagraph[]): number[] {
  const out: number[] = [];
  let last = -1;
  for (const p of paragraphs) {
    if (p.entry === last) continue;
    last = p.entry;
    out.push(p.entry, p.numbers.length, ...p.numbers);
  }
  return out;
}

function numbersOf(packed: Uint16Array, entry: number): number[] {
  for (let i = 0; i < packed.length; i += 2 + packed[i + 1]!) {
    if (packed[i] === entry) return Array.from(packed.subarray(i + 2, i + 2 + packed[i + 1]!));
  }
  return [];
}

export class ReuseIndex {
  private readonly docOf = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  /** Per document: its head, for the matches, when no `headOf` was given to the constructor. */
  private heads: (KamervraagHead | undefined)[] = [];
  /**
   * The question numbers of every document's entries with indexed paragraphs, packed as
   * [entry, n, number × n, …] one document after the other (the text is read only to check a
   * paragraph, not to name it); per document where its run starts and how long it is. One array:
   * a typed array per document would cost more than the numbers.
   */
  private numberPool = new Uint16Array(16384);
  private poolUsed = 0;
  private numbersAt = new Uint32Array(1024);
  private numbersLength = new Uint32Array(1024);
  private first = new Uint32Array(1024);
  private count = new Uint16Array(1024);
  /** Per paragraph number: entry index << 16 | paragraph index, so that a check reads one answer only. */
  private loc = new Uint32Array(4096);
  /** Per paragraph number: its sketch (SKETCH_BINS bytes). */
  private sketches = new Uint8Array(4096 * SKETCH_BINS);
  private docs = 0;
  private nextId = 0;
  /** Bumped by every compaction (it numbers the paragraphs anew). */
  private compactions = 0;
  private liveParagraphs = 0;
  private deadParagraphs = 0;
  private buckets: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(BUCKETS);
  private fill = new Uint32Array(BUCKETS);
  /** What lookups cost: paragraphs asked about, candidates found, candidates checked on their text. */
  readonly work = { paragraphs: 0, candidates: 0, checked: 0 };
  /** Paragraphs of recently verified Kamervragen. */
  private readonly cache = new Map<string, Cached>();
  /** Shingle sets of recently checked paragraphs, by paragraph number (least recently used first). */
  private readonly sets = new Map<number, Uint32Array>();

  /** Kamervragen indexed. */
  get size(): number {
    return this.docOf.size;
  }

  /** Paragraphs indexed. */
  get paragraphs(): number {
    return this.liveParagraphs;
  }

  has(key: string): boolean {
    return this.docOf.has(key);
  }

  /**
   * `headOf`: what the library keeps in memory of a Kamervraag (the store's heads), to name a match's
   * Kamervraag without reading its file; without it the index keeps a head of each itself.
   */
  constructor(private readonly headOfKey?: (key: string) => KamervraagHead | undefined) {}

  /** Adds or replaces the Kamervraag of `key` (`head`: the library's head of it, else one is made). */
  add(key: string, kv: Kamervraag, head?: KamervraagHead): void {
    this.remove(key);
    const paragraphs = indexedParagraphs(kv);
    if (this.nextId + paragraphs.length > MAX_ID) this.compact();
    const doc = this.docs++;
    this.first = grow(this.first, this.docs, (n) => new Uint32Array(n));
    this.count = grow(this.count, this.docs, (n) => new Uint16Array(n));
    this.first[doc] = this.nextId;
    this.count[doc] = paragraphs.length;
    this.keys[doc] = key;
    if (!this.headOfKey) this.heads[doc] = head ?? headOf(kv);
    const packed = packNumbers(paragraphs);
    this.numbersAt = grow(this.numbersAt, this.docs, (n) => new Uint32Array(n));
    this.numbersLength = grow(this.numbersLength, this.docs, (n) => new Uint32Array(n));
    this.numberPool = grow(this.numberPool, this.poolUsed + packed.length, (n) => new Uint16Array(n));
    this.numberPool.set(packed, this.poolUsed);
    this.numbersAt[doc] = this.poolUsed;
    this.numbersLength[doc] = packed.length;
    this.poolUsed += packed.length;
    this.docOf.set(key, doc);
    this.loc = grow(this.loc, this.nextId + paragraphs.length, (n) => new Uint32Array(n));
    this.sketches = grow(this.sketches, (this.nextId + paragraphs.length) * SKETCH_BINS, (n) => new Uint8Array(n));
    for (const p of paragraphs) {
      const id = this.nextId++;
      this.loc[id] = ((p.entry << 16) | p.paragraph) >>> 0;
      const set = shingles(p.text);
      if (set.length === 0) continue;
      sketchOf(set, this.sketches, id * SKETCH_BINS);
      anchorsOf(set).forEach((anchor, j) => {
        const { bucket, check } = slotOf(anchor, j);
        this.push(bucket, ((check << ID_BITS) | id) >>> 0);
      });
    }
    this.liveParagraphs += paragraphs.length;
  }

  /** Forgets the Kamervraag of `key`; false when it was not indexed. */
  remove(key: string): boolean {
    const doc = this.docOf.get(key);
    this.cache.delete(key);
    if (doc === undefined) return false;
    this.docOf.delete(key);
    this.keys[doc] = undefined;
    this.heads[doc] = undefined;
    for (let id = this.first[doc]!; id < this.first[doc]! + this.count[doc]!; id++) this.sets.delete(id);
    this.liveParagraphs -= this.count[doc]!;
    this.deadParagraphs += this.count[doc]!;
    if (this.deadParagraphs > 1000 && this.deadParagraphs * 2 > this.liveParagraphs) this.compact();
    return true;
  }

  private push(bucket: number, entry: number): void {
    let list = this.buckets[bucket];
    const n = this.fill[bucket]!;
    if (!list || n >= list.length) {
      const next = new Uint32Array(Math.max(4, Math.ceil(n * 1.25) + 2));
      if (list) next.set(list.subarray(0, n));
      this.buckets[bucket] = list = next;
    }
    list[n] = entry;
    this.fill[bucket] = n + 1;
  }

  /** The document number of a paragraph number (binary search over the consecutive ranges). */
  private docAt(id: number): number {
    let lo = 0;
    let hi = this.docs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.first[mid]! <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Drops the entries of removed Kamervragen and numbers the paragraphs from 0 again. */
  private compact(): void {
    this.compactions++;
    const newFirst = new Uint32Array(this.docs);
    const newDoc = new Int32Array(this.docs).fill(-1);
    let next = 0;
    let docs = 0;
    for (let d = 0; d < this.docs; d++) {
      if (this.keys[d] === undefined) continue;
      newDoc[d] = docs++;
      newFirst[d] = next;
      next += this.count[d]!;
    }
    for (let b = 0; b < BUCKETS; b++) {
      const list = this.buckets[b];
      if (!list) continue;
      const n = this.fill[b]!;
      let w = 0;
      for (let i = 0; i < n; i++) {
        const e = list[i]!;
        const id = e & ID_MASK;
        const d = this.docAt(id);
        if (newDoc[d]! < 0) continue;
        list[w++] = (((e >>> ID_BITS) << ID_BITS) | (newFirst[d]! + (id - this.first[d]!))) >>> 0;
      }
      this.fill[b] = w;
      this.buckets[b] = w === 0 ? undefined : w < list.length / 2 ? list.slice(0, w) : list;
    }
    const first = new Uint32Array(Math.max(1024, docs));
    const count = new Uint16Array(first.length);
    const keys: (string | undefined)[] = [];
    const heads: (KamervraagHead | undefined)[] = [];
    const numbersAt = new Uint32Array(first.length);
    const numbersLength = new Uint32Array(first.length);
    let poolSize = 0;
    for (let d = 0; d < this.docs; d++) if (newDoc[d]! >= 0) poolSize += this.numbersLength[d]!;
    const numberPool = new Uint16Array(Math.max(16384, poolSize));
    let poolUsed = 0;
    const loc = new Uint32Array(Math.max(4096, next));
    const sketches = new Uint8Array(loc.length * SKETCH_BINS);
    for (let d = 0; d < this.docs; d++) {
      const nd = newDoc[d]!;
      if (nd < 0) continue;
      loc.set(this.loc.subarray(this.first[d]!, this.first[d]! + this.count[d]!), newFirst[d]!);
      sketches.set(this.sketches.subarray(this.first[d]! * SKETCH_BINS, (this.first[d]! + this.count[d]!) * SKETCH_BINS), newFirst[d]! * SKETCH_BINS);
      first[nd] = newFirst[d]!;
      count[nd] = this.count[d]!;
      keys[nd] = this.keys[d];
      heads[nd] = this.heads[d];
      numberPool.set(this.numberPool.subarray(this.numbersAt[d]!, this.numbersAt[d]! + this.numbersLength[d]!), poolUsed);
      numbersAt[nd] = poolUsed;
      numbersLength[nd] = this.numbersLength[d]!;
      poolUsed += this.numbersLength[d]!;
      this.docOf.set(this.keys[d]!, nd);
    }
    this.first = first;
    this.count = count;
    this.loc = loc;
    this.sketches = sketches;
    this.keys = keys;
    this.heads = heads;
    this.numberPool = numberPool;
    this.poolUsed = poolUsed;
    this.numbersAt = numbersAt;
    this.numbersLength = numbersLength;
    this.docs = docs;
    this.nextId = next;
    this.deadParagraphs = 0;
    this.sets.clear();
  }

  /** Paragraph numbers that share an anchor with `set`, outside Kamervraag `exclude`. */
  private candidates(set: Uint32Array, exclude: number): number[] {
    const found = new Set<number>();
    anchorsOf(set).forEach((anchor, j) => {
      const { bucket, check } = slotOf(anchor, j);
      const list = this.buckets[bucket];
      if (!list) return;
      const n = this.fill[bucket]!;
      const hits: number[] = [];
      for (let i = 0; i < n; i++) {
        const e = list[i]!;
        if (e >>> ID_BITS !== check) continue;
        hits.push(e & ID_MASK);
        if (hits.length > MAX_ANCHOR_POSTINGS) return; // a set phrase: other anchors find the real matches
      }
      for (const id of hits) {
        const d = this.docAt(id);
        if (d !== exclude && this.keys[d] !== undefined && id - this.first[d]! < this.count[d]!) found.add(id);
      }
    });
    return [...found];
  }

  /**
   * The Kamervragen of these keys, from the cache or read through `lookup` (in parallel). The cache
   * holds the copy that was indexed: `add` and `remove` drop a key's entry.
   */
  private async cachedAll(keys: ReadonlySet<string>, lookup: Lookup): Promise<Map<string, Cached>> {
    const out = new Map<string, Cached>();
    const missing: string[] = [];
    for (const key of keys) {
      const hit = this.cache.get(key);
      if (!hit) {
        missing.push(key);
        continue;
      }
      this.cache.delete(key);
      this.cache.set(key, hit);
      out.set(key, hit);
    }
    const doc = new Map(missing.map((key) => [key, this.docOf.get(key)]));
    // The library's store bounds how many files are read at once (LibraryStore.read).
    const read = await Promise.all(missing.map((key) => lookup(key)));
    missing.forEach((key, i) => {
      const kv = read[i];
      // Not when the key was indexed anew or removed while it was read: its paragraphs may differ.
      if (!kv || this.docOf.get(key) !== doc.get(key)) return;
      const entry: Cached = { kv, answers: new Map() };
      out.set(key, entry);
      this.cache.set(key, entry);
      if (this.cache.size > 256) this.cache.delete(this.cache.keys().next().value!);
    });
    return out;
  }

  /** The other Kamervragen's paragraphs that are the same as or nearly the same as `text`. */
  findParagraph(text: string, lookup: Lookup, excludeKey?: string): Promise<ReuseMatch[]> {
    const set = shingles(text);
    if (set.length === 0 || wordCount(text, MIN_WORDS) < MIN_WORDS) return Promise.resolve([]);
    return this.verify(set, excludeKey, lookup);
  }

  /**
   * The matches of one paragraph's shingles. The candidates' texts are read first (awaited); a
   * compaction meanwhile (the background feeder indexing) numbers the paragraphs anew, so the
   * candidates are then found again.
   */
  private async verify(set: Uint32Array, excludeKey: string | undefined, lookup: Lookup): Promise<ReuseMatch[]> {
    const sketch = new Uint8Array(SKETCH_BINS);
    let ids: number[];
    let docs: Map<string, Cached>;
    for (let attempt = 0; ; attempt++) {
      const compactions = this.compactions;
      const exclude = excludeKey === undefined ? -1 : this.docOf.get(excludeKey) ?? -1;
      const candidates = this.candidates(set, exclude);
      if (attempt === 0) {
        this.work.paragraphs++;
        this.work.candidates += candidates.length;
      }
      if (candidates.length > 0) sketchOf(set, sketch, 0);
      ids = candidates.filter((id) => sketchAgreement(sketch, 0, this.sketches, id * SKETCH_BINS) >= SKETCH_MIN);
      // Texts only of the paragraphs whose shingles are not at hand.
      const toRead = new Set<string>();
      for (const id of ids) {
        const key = this.sets.has(id) ? undefined : this.keys[this.docAt(id)];
        if (key !== undefined) toRead.add(key);
      }
      docs = await this.cachedAll(toRead, lookup);
      if (compactions === this.compactions) break;
      if (attempt >= 4) return []; // numbered anew again and again: none rather than wrong ones
    }
    const out: ReuseMatch[] = [];
    const seenDocs = new Map<number, ReuseMatch>();
    for (const id of ids) {
      const d = this.docAt(id);
      const key = this.keys[d];
      const head = key === undefined ? undefined : this.headOfKey ? this.headOfKey(key) : this.heads[d];
      if (key === undefined || head === undefined) continue;
      const ordinal = id - this.first[d]!;
      const entry = this.loc[id]! >>> 16;
      const paragraph = this.loc[id]! & 0xffff;
      let other = this.sets.get(id);
      if (other) {
        this.sets.delete(id);
      } else {
        const doc = docs.get(key);
        if (!doc) continue;
        const e = doc.kv.entries[entry];
        let paragraphs = doc.answers.get(entry);
        if (!paragraphs) doc.answers.set(entry, (paragraphs = e?.answer ? paragraphsOf(e.answer) : []));
        const text = paragraphs[paragraph];
        // A copy that changed since it was indexed: the new one is queued for indexing.
        if (text === undefined) continue;
        other = shingles(text);
        this.work.checked++;
        if (this.sets.size >= SET_CACHE) this.sets.delete(this.sets.keys().next().value!);
      }
      this.sets.set(id, other);
      const similarity = jaccard(set, other);
      if (similarity < THRESHOLD) continue;
      const match: ReuseMatch = { key, kamervraag: head, numbers: numbersOf(this.numberPool.subarray(this.numbersAt[d]!, this.numbersAt[d]! + this.numbersLength[d]!), entry), paragraph, ordinal, similarity };
      // One match per Kamervraag: its most similar paragraph.
      const before = seenDocs.get(d);
      if (before && before.similarity >= similarity) continue;
      if (before) out.splice(out.indexOf(before), 1);
      seenDocs.set(d, match);
      out.push(match);
    }
    return out.sort(byDate);
  }

  /**
   * For every indexed answer paragraph of `kv` (stored under `key`) that recurs in another
   * Kamervraag: where. Paragraphs without matches are left out.
   */
  async reuseOf(key: string, kv: Kamervraag, lookup: Lookup, options: { limit?: number } = {}): Promise<ParagraphReuse[]> {
    const limit = options.limit ?? MAX_MATCHES;
    const out: ParagraphReuse[] = [];
    const paragraphs = indexedParagraphs(kv);
    for (let ordinal = 0; ordinal < paragraphs.length; ordinal++) {
      const p = paragraphs[ordinal]!;
      const set = shingles(p.text);
      if (set.length === 0) continue;
      const matches = await this.verify(set, key, lookup);
      if (matches.length > 0) out.push({ numbers: p.numbers, paragraph: p.paragraph, ordinal, matches: matches.slice(0, limit), total: matches.length });
    }
    return out;
  }

  /** Paragraph numbers of `key`'s indexed paragraphs (for the report's grouping). */
  idsOf(key: string): { first: number; count: number } | undefined {
    const d = this.docOf.get(key);
    return d === undefined ? undefined : { first: this.first[d]!, count: this.count[d]! };
  }

  /** Upper bound of paragraph numbers. */
  get idLimit(): number {
    return this.nextId;
  }

  /** Bytes held by the index's arrays (the benchmark checks it against the heap). */
  get bytes(): number {
    let total = this.first.byteLength + this.count.byteLength + this.loc.byteLength + this.sketches.byteLength + this.fill.byteLength
      + this.numberPool.byteLength + this.numbersAt.byteLength + this.numbersLength.byteLength;
    for (const b of this.buckets) if (b) total += b.byteLength;
    return total;
  }
}

function dateOf(kv: KamervraagHead): string {
  return kv.answered ?? kv.submitted ?? '9999';
}

function byDate(a: ReuseMatch, b: ReuseMatch): number {
  return dateOf(a.kamervraag).localeCompare(dateOf(b.kamervraag)) || a.key.localeCompare(b.key);
}

// ---------------------------------------------------------------------------------------------
// Feeding indexes from the library in the background

/** Anything kept per Kamervraag of the library (ReuseIndex, related.ts CitationIndex). */
export interface KeyedIndex {
  /** `head`: the library's head of it, kept instead of one made from `kv`. */
  add(key: string, kv: Kamervraag, head?: KamervraagHead): void;
  remove(key: string): boolean;
}

export interface BackgroundSource {
  list(): readonly { key: string }[];
  /** The whole Kamervraag of an item, read when it is indexed. */
  read(key: string): Promise<{ kamervraag: Kamervraag; head?: KamervraagHead } | undefined>;
  onDidChange(listener: (change: { changed: readonly string[]; removed: readonly string[] }) => void): { dispose(): void };
}

/** Waits for the event loop when more than `budgetMs` passed since the last wait. */
export class TimeSlicer {
  private started = performance.now();

  constructor(private readonly budgetMs = 20) {}

  get due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }

  async maybePause(): Promise<void> {
    if (this.due) await this.pause();
  }
}

export interface Background {
  /** Resolves when everything that was queued so far is indexed (again after later changes). */
  idle(): Promise<void>;
  /** Queued Kamervragen not indexed yet. */
  readonly pending: number;
  dispose(): void;
}

/**
 * Indexes every item of `source` into `indexes` in slices of at most `budgetMs`, and keeps them
 * up to date with its changes (also in slices). `onProgress` is called after each slice and when
 * the queue is empty (`done`).
 */
export function connectInBackground(source: BackgroundSource, indexes: readonly KeyedIndex[],
  options: { budgetMs?: number; onProgress?: (done: boolean) => void } = {}): Background {
  const queue = new Set<string>(source.list().map((i) => i.key));
  const slicer = new TimeSlicer(options.budgetMs ?? 20);
  let disposed = false;
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running ??= (async () => {
      await slicer.pause();
      while (!disposed && queue.size > 0) {
        const key = queue.values().next().value!;
        queue.delete(key);
        // An item that cannot be read now (the store reports why) is left out until it changes again.
        const item = await source.read(key).catch(() => undefined);
        for (const index of indexes) {
          if (item) index.add(key, item.kamervraag, item.head);
          else index.remove(key);
        }
        if (slicer.due) {
          options.onProgress?.(false);
          await slicer.pause();
        }
      }
      running = undefined;
      if (!disposed) options.onProgress?.(true);
    })();
    return running;
  };
  const subscription = source.onDidChange((change) => {
    for (const key of [...change.removed, ...change.changed]) queue.add(key);
    void run();
  });
  void run();
  return {
    idle: async () => {
      while (running) await running;
    },
    get pending() {
      return queue.size;
    },
    dispose: () => {
      disposed = true;
      subscription.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The report

export interface MinistryReuse {
  ministry: string;
  /** Answered Kamervragen of the ministry (with at least one indexed paragraph). */
  answers: number;
  /** Of those, how many have a paragraph that recurs in another Kamervraag. */
  withReuse: number;
  /** withReuse / answers. */
  share: number;
}

export interface ReusedParagraph {
  /** The text as it stands in the earliest Kamervraag. */
  text: string;
  /** The Kamervragen it occurs in (≥ 2), oldest first. */
  keys: string[];
  ministries: string[];
  first: string | null;
  last: string | null;
}

export interface ReuseReport {
  answers: number;
  withReuse: number;
  ministries: MinistryReuse[];
  /** Most Kamervragen first, at most `top`. */
  paragraphs: ReusedParagraph[];
}

function ministriesOf(kv: Kamervraag): string[] {
  const from = (roles: readonly (string | null)[]): string[] =>
    [...new Set(roles.map((r) => (r ? ministryOf(r) : undefined)).filter((m): m is string => !!m))];
  const answering = from(kv.answeredBy.map((a) => a.role));
  return answering.length > 0 ? answering : from(kv.addressees.map((a) => a.role));
}

/**
 * The reuse report over every Kamervraag `keys` names (their copies from `lookup`). Slow work
 * (a query per paragraph): pass a `slicer` to give the event loop room, and a `signal` to stop.
 */
export async function reuseReport(index: ReuseIndex, keys: readonly string[], lookup: Lookup,
  options: { top?: number; slicer?: TimeSlicer; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<ReuseReport> {
  const parent = new Int32Array(index.idLimit).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const perMinistry = new Map<string, { answers: number; withReuse: number }>();
  const involved = new Set<number>();
  let answers = 0;
  let withReuse = 0;
  let done = 0;
  for (const key of keys) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
    const ids = index.idsOf(key);
    done++;
    const kv = ids && ids.count > 0 ? await lookup(key) : undefined;
    if (!kv || !ids || ids.count === 0) continue;
    const reuse = await index.reuseOf(key, kv, lookup, { limit: Infinity });
    answers++;
    if (reuse.length > 0) withReuse++;
    for (const m of ministriesOf(kv)) {
      const row = perMinistry.get(m) ?? { answers: 0, withReuse: 0 };
      row.answers++;
      if (reuse.length > 0) row.withReuse++;
      perMinistry.set(m, row);
    }
    if (reuse.length > 0) {
      for (const r of reuse) {
        const own = ids.first + r.ordinal;
        involved.add(own);
        for (const m of r.matches) {
          const theirs = index.idsOf(m.key);
          if (!theirs) continue;
          const other = theirs.first + m.ordinal;
          involved.add(other);
          const a = find(own);
          const b = find(other);
          if (a !== b) parent[a] = b;
        }
      }
    }
    options.onProgress?.(done, keys.length);
    await options.slicer?.maybePause();
  }
  // Groups of paragraphs: the Kamervragen each occurs in.
  const keyOfId = new Map<number, string>();
  for (const key of keys) {
    const ids = index.idsOf(key);
    if (!ids) continue;
    for (let i = 0; i < ids.count; i++) if (involved.has(ids.first + i)) keyOfId.set(ids.first + i, key);
  }
  const groups = new Map<number, Array<{ id: number; key: string }>>();
  for (const [id, key] of keyOfId) {
    const root = find(id);
    const list = groups.get(root) ?? [];
    list.push({ id, key });
    groups.set(root, list);
  }
  const paragraphs: ReusedParagraph[] = [];
  for (const members of groups.values()) {
    const memberKeys = [...new Set(members.map((m) => m.key))];
    const read = await Promise.all(memberKeys.map((k) => lookup(k)));
    const kvs = memberKeys.map((k, i) => [k, read[i]] as const)
      .filter((e): e is [string, Kamervraag] => e[1] !== undefined)
      .sort((a, b) => dateOf(a[1]).localeCompare(dateOf(b[1])) || a[0].localeCompare(b[0]));
    if (kvs.length < 2) continue;
    const [firstKey, firstKv] = kvs[0]!;
    const firstMember = members.filter((m) => m.key === firstKey).sort((a, b) => a.id - b.id)[0]!;
    const ordinal = firstMember.id - index.idsOf(firstKey)!.first;
    const dates = kvs.map(([, kv]) => kv.answered ?? kv.submitted).filter((d): d is string => !!d);
    paragraphs.push({
      text: indexedParagraphs(firstKv)[ordinal]?.text ?? '',
      keys: kvs.map(([k]) => k),
      ministries: [...new Set(kvs.flatMap(([, kv]) => ministriesOf(kv)))].sort((a, b) => a.localeCompare(b, 'nl')),
      first: dates[0] ?? null,
      last: dates[dates.length - 1] ?? null,
    });
  }
  paragraphs.sort((a, b) => b.keys.length - a.keys.length || (a.first ?? '').localeCompare(b.first ?? '') || a.text.localeCompare(b.text));
  const ministries = [...perMinistry].map(([ministry, r]) => ({ ministry, answers: r.answers, withReuse: r.withReuse, share: r.answers > 0 ? r.withReuse / r.answers : 0 }))
    .sort((a, b) => b.share - a.share || b.answers - a.answers || a.ministry.localeCompare(b.ministry, 'nl'));
  return { answers, withReuse, ministries, paragraphs: paragraphs.slice(0, options.top ?? 100) };
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, line break or leading or trailing
 * space, quotes doubled. Text starting with = + - @ (or a tab or carriage return) gets a leading
 * apostrophe, so that a spreadsheet shows it as text instead of running it as a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(cells: ReadonlyArray<string | number | null>): string {
  return cells.map(csvCell).join(',');
}

/**
 * The report as one CSV table (UTF-8 with a byte order mark, CRLF line ends, so that spreadsheet
 * programs read the diacritics): a `table` column says whether a row is a ministry or a reused
 * paragraph; the other columns are filled where they apply.
 */
export function reuseReportCsv(report: ReuseReport): string {
  const header = ['table', 'ministry', 'answers', 'answers_with_reuse', 'share', 'kamervragen', 'first_date', 'last_date', 'keys', 'text'];
  const rows = [csvRow(header)];
  for (const m of report.ministries) rows.push(csvRow(['ministry', m.ministry, m.answers, m.withReuse, Math.round(m.share * 1000) / 1000, null, null, null, null, null]));
  for (const p of report.paragraphs) {
    rows.push(csvRow(['paragraph', p.ministries.join('; '), null, null, null, p.keys.length, p.first, p.last, p.keys.join(' '), p.text]));
  }
  return `\ufeff${rows.join('\r\n')}\r\n`;
}
