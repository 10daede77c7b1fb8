/**
 * Full-text search over the library: an inverted index of folded and stemmed terms (dutch.ts).
 *
 * Matching: every query word must match (AND). Words are folded and stemmed like the documents;
 * the last word, unless the query ends in a space, also matches as a prefix of an indexed word
 * (the user is still typing it), e.g. "gundo" → "Gündoğan", "scann" → "scanners".
 * Ranking: each matching (word, document) scores idf(word) × Σ over fields of
 * weight(field) × tf/(tf + 1.2); fields and weights in FIELD_WEIGHTS (title and ids > people and
 * topics > question and answer text); prefix matches count 0.7 of an exact one. Results are ranked
 * by score, then newest first (date = submitted, else answered). Filters (status, submitter party,
 * date range) are checked on fields stored per document, never on the text.
 *
 * Phrases: words in "…" must also stand next to each other, in order. Instead of positions, each
 * posting carries two 16-bit signatures of the document's text: the bits (successorBit) of the
 * terms that directly follow the term somewhere in it, and of those that directly precede it.
 * A phrase "a b" needs b's bit in a's successor signature and a's bit in b's predecessor
 * signature. It never misses a Kamervraag with the phrase; it lets through some that have both
 * words near but not next to each other when the bits collide (test/unit/library.packedIndex.test.ts
 * measures the precision). A phrase across punctuation counts, as in SQLite FTS5.
 *
 * The Searcher scores over any PostingSource: this in-memory index, or the index file that
 * packedIndex.ts writes from it and opens without rebuilding. `npm run bench`
 * (bench/library.bench.ts) compares the file with SQLite FTS5 on 60,000 realistic Kamervragen.
 *
 * Layout: term → term number (Map); per term either one inline posting (most terms — zaak
 * numbers, rare words — occur in one document) or a growing Uint8Array of
 * [varint(doc − previous doc), weight byte, successor u16, predecessor u16] postings. Document numbers only grow, so adding appends;
 * removing marks the document dead and the postings are compacted once a quarter is dead.
 */
import type { Kamervraag, Status } from '../model';
import { fold, foldWord, scanWords, stem, words } from './dutch';

/** Field weights: title > submitters/parties/answerers/topics > question and answer text. */
export const FIELD_WEIGHTS = { title: 5, ids: 5, people: 3, topics: 3, text: 1 } as const;
export type Field = keyof typeof FIELD_WEIGHTS;

/** Calls `fn` with every piece of text of a Kamervraag and the field it belongs to. */
export function forEachFieldText(kv: Kamervraag, fn: (field: Field, text: string) => void): void {
  fn('title', kv.title);
  if (kv.zaak) fn('ids', kv.zaak);
  for (const d of kv.documents) fn('ids', d.id);
  for (const s of kv.submitters) { fn('people', s.name); if (s.party) fn('people', s.party); }
  for (const a of kv.answeredBy) { fn('people', a.name); if (a.party) fn('people', a.party); }
  for (const t of kv.topics) fn('topics', t);
  for (const e of kv.entries) { fn('text', e.question); if (e.answer) fn('text', e.answer); }
  for (const r of kv.remarks) fn('text', r);
}

/** The text of each searchable field of a Kamervraag, joined (for indexes that want whole fields). */
export function fieldsOf(kv: Kamervraag): Record<Field, string> {
  const parts: Record<Field, string[]> = { title: [], ids: [], people: [], topics: [], text: [] };
  forEachFieldText(kv, (field, text) => { parts[field].push(text); });
  return {
    title: parts.title.join('\n'), ids: parts.ids.join('\n'), people: parts.people.join('\n'),
    topics: parts.topics.join('\n'), text: parts.text.join('\n'),
  };
}

export interface SearchFilters {
  /** Any of these statuses. */
  status?: readonly Status[];
  /** A submitter's (indiener's) party, compared folded: "groenlinks" matches "GroenLinks". */
  party?: string;
  /** Inclusive ISO dates on the Kamervraag's date (submitted, else answered). */
  from?: string;
  to?: string;
}

export interface SearchOptions {
  filters?: SearchFilters;
  /** At most this many hits (default 50). */
  limit?: number;
}

export interface SearchHit {
  key: string;
  score: number;
}

/** What the benchmark compares: any index over the library. */
export interface SearchIndex {
  add(key: string, kv: Kamervraag): void;
  remove(key: string): boolean;
  search(query: string, options?: SearchOptions): SearchHit[];
  readonly size: number;
}

const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];
const FIELD_INDEX = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<Field, number>;
const FIELD_WEIGHT_LIST = FIELDS.map((f) => FIELD_WEIGHTS[f]);
/** Distinct words-as-written remembered; the cache starts over past this. */
const RAW_CACHE_LIMIT = 250_000;
// New statuses go at the end: the index stores the position.
export const STATUS_CODES: readonly Status[] = ['open', 'overdue', 'answered-on-time', 'answered-late', 'withdrawn', 'answered-date-unknown'];
const K1 = 1.2;
/** A weight byte is the summed field score × 8, so 1/8 resolution up to 31.9. */
const WEIGHT_SCALE = 8;
const PREFIX_FACTOR = 0.7;
const MIN_PREFIX = 2;
const MAX_EXPANSIONS = 50;
const NONE = -1;

/** Days-comparable number of an ISO date (20230623), 0 when unknown. */
function dateNumber(iso: string | null | undefined): number {
  if (!iso) return 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
}

/** A table of `n` empty slots of the words-as-written cache (see LibraryIndex.termAt). */
function emptySlots(n: number): Int32Array {
  const slots = new Int32Array(n * 4);
  for (let at = 1; at < slots.length; at += 4) slots[at] = -1;
  return slots;
}

function grow<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(array: T, min: number, make: (n: number) => T): T {
  if (array.length >= min) return array;
  const next = make(Math.max(min, array.length * 2));
  next.set(array);
  return next;
}

export class LibraryIndex implements SearchIndex, PostingSource {
  // Terms
  private readonly termIds = new Map<string, number>();
  private termNames: string[] = [];
  /** df per term (postings including dead documents until compaction). */
  private df = new Int32Array(1024);
  /** Inline single posting: document number, or NONE once the term has a byte list. */
  private single = new Int32Array(1024);
  private singleWeight = new Uint8Array(1024);
  private singleSig = new Uint16Array(1024);
  private singlePred = new Uint16Array(1024);
  /** Per term: its bit in a successor signature (successorBit). */
  private termBit = new Uint16Array(1024);
  /**
   * The byte lists of all terms in one pool: each term's list is a region of it (listAt, with room
   * for listRoom bytes, listLength used). A list that outgrows its region moves to a region twice
   * the size at the end (or grows in place when it is the last one); the pool doubles when full.
   * One buffer instead of a typed array per term: at 3,000 realistic items a part has ~150,000
   * lists, and as many small buffers cost the collector and the allocator.
   */
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;
  private listAt = new Int32Array(1024);
  private listRoom = new Int32Array(1024);
  private listLength = new Int32Array(1024);
  private lastDoc = new Int32Array(1024);
  /** Term names in sorted order, for prefix search, and terms added since it was sorted. */
  private sortedTerms: string[] = [];
  private recentTerms: string[] = [];

  // Documents
  private docCount = 0;
  private live = 0;
  private dead = 0;
  private readonly docOf = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private alive = new Uint8Array(1024);
  private status = new Uint8Array(1024);
  private date = new Int32Array(1024);
  private parties: (readonly number[] | undefined)[] = [];
  /** Per document: its key, zaak and document ids (for the id lookup of the packed file). */
  private ids: (readonly string[] | undefined)[] = [];
  /** Per document: the item file it was read from and that file's stamp, when the caller said. */
  private origins: ({ file: string; stamp: string } | undefined)[] = [];
  private readonly partyIds = new Map<string, number>();
  private partyNames: string[] | undefined;

  // Indexing scratch space: words as written → term, and per-term field counts of one document
  /** The characters of the words as written that the cache knows, one after the other. */
  private rawChars = new Uint16Array(1 << 16);
  private rawCharsUsed = 0;
  private rawCount = 0;
  /** Open addressing, four numbers a slot: [hash, where its characters start (-1: empty), term, length]. */
  private rawSlots = emptySlots(2048);
  private counts = new Uint16Array(1024 * 5);
  private touchedBy = new Uint32Array(1024);
  /** Per term, for the document being added: the bits of the terms that directly follow it. */
  private sigs = new Uint16Array(1024);
  /** The same for the terms that directly precede it. */
  private preds = new Uint16Array(1024);
  private addGeneration = 0;

  private searcher: Searcher | undefined;

  get size(): number {
    return this.live;
  }

  /**
   * Adds or replaces the document of `key`. `origin` is the item file it was read from and its
   * stamp, kept for the index file (packedIndex.ts) so that it can be checked against the folder.
   */
  add(key: string, kv: Kamervraag, origin?: { file: string; stamp: string }): void {
    this.remove(key);
    const doc = this.docCount++;
    this.ensureDocs(this.docCount);
    this.docOf.set(key, doc);
    this.keys[doc] = key;
    this.alive[doc] = 1;
    this.live++;
    this.status[doc] = Math.max(0, STATUS_CODES.indexOf(kv.status));
    this.date[doc] = dateNumber(kv.submitted ?? kv.answered);
    const parties = new Set<number>();
    for (const s of kv.submitters) if (s.party) parties.add(this.partyId(s.party));
    this.parties[doc] = parties.size > 0 ? [...parties] : undefined;
    this.ids[doc] = [...new Set([key, ...(kv.zaak ? [kv.zaak] : []), ...kv.documents.map((d) => d.id)])];
    this.origins[doc] = origin;

    // Term frequencies per field in scratch arrays indexed by term, then one weight per term.
    const touched: number[] = [];
    const mark = ++this.addGeneration;
    forEachFieldText(kv, (field, text) => {
      const f = FIELD_INDEX[field];
      let previous = -1;
      scanWords(text, (start, end, hash) => {
        const term = this.termAt(text, start, end, hash);
        if (term < 0) return;
        if (this.touchedBy[term] !== mark) {
          this.touchedBy[term] = mark;
          touched.push(term);
          const at = term * FIELDS.length;
          for (let k = 0; k < FIELDS.length; k++) this.counts[at + k] = 0;
          this.sigs[term] = 0;
          this.preds[term] = 0;
        }
        this.counts[term * FIELDS.length + f]!++;
        // The word before this one is followed by this term: one bit of its signature.
        if (previous >= 0) {
          this.sigs[previous]! |= this.termBit[term]!;
          this.preds[term]! |= this.termBit[previous]!;
        }
        previous = term;
      });
    });
    // Any order will do: within each term's list the document numbers still only grow.
    for (const term of touched) {
      let weight = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const n = this.counts[term * FIELDS.length + f]!;
        if (n > 0) weight += FIELD_WEIGHT_LIST[f]! * (n * (K1 + 1)) / (n + K1);
      }
      this.append(term, doc, Math.min(255, Math.max(1, Math.round(weight * WEIGHT_SCALE))), this.sigs[term]!, this.preds[term]!);
    }
  }

  /**
   * The term number of the word text[start, end) as written, through a cache of words as written
   * (an open-addressing table keyed by the scanner's hash, so known words are found without
   * cutting them out of the text); -1 when the word folds to nothing.
   */
  private termAt(text: string, start: number, end: number, hash: number): number {
    // Each slot holds [hash, where its characters are, term, length], so a probe reads one place
    // in memory, and a word is only compared (against the pool of characters, not a string
    // elsewhere in the heap) when its hash and length are the same.
    const slots = this.rawSlots;
    const chars = this.rawChars;
    const mask = (slots.length >>> 2) - 1;
    const length = end - start;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = i << 2;
      const c = slots[at + 1]!;
      if (c < 0) break;
      if (slots[at] !== hash || slots[at + 3] !== length) continue;
      let k = 0;
      while (k < length && chars[c + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return slots[at + 2]!;
    }
    const word = foldWord(text.slice(start, end));
    const term = word === '' ? -1 : this.termId(stem(word));
    this.remember(text, start, end, hash, term);
    return term;
  }

  private remember(text: string, start: number, end: number, hash: number, term: number): void {
    const length = end - start;
    if (this.rawCount >= RAW_CACHE_LIMIT) {
      this.rawCount = 0;
      this.rawCharsUsed = 0;
      this.rawSlots = emptySlots(this.rawSlots.length >>> 2);
    }
    if (this.rawCharsUsed + length > this.rawChars.length) {
      const more = new Uint16Array(Math.max(this.rawChars.length * 2, this.rawCharsUsed + length));
      more.set(this.rawChars.subarray(0, this.rawCharsUsed));
      this.rawChars = more;
    }
    const c = this.rawCharsUsed;
    for (let k = 0; k < length; k++) this.rawChars[c + k] = text.charCodeAt(start + k);
    this.rawCharsUsed += length;
    this.rawCount++;
    if (this.rawCount * 2 > this.rawSlots.length >>> 2) {
      const old = this.rawSlots;
      this.rawSlots = emptySlots((old.length >>> 2) * 2);
      for (let at = 0; at < old.length; at += 4) if (old[at + 1]! >= 0) this.place(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
    this.place(hash, c, term, length);
  }

  private place(hash: number, c: number, term: number, length: number): void {
    const slots = this.rawSlots;
    const mask = (slots.length >>> 2) - 1;
    let i = hash & mask;
    while (slots[(i << 2) + 1]! >= 0) i = (i + 1) & mask;
    slots[i << 2] = hash;
    slots[(i << 2) + 1] = c;
    slots[(i << 2) + 2] = term;
    slots[(i << 2) + 3] = length;
  }

  remove(key: string): boolean {
    const doc = this.docOf.get(key);
    if (doc === undefined) return false;
    this.docOf.delete(key);
    this.alive[doc] = 0;
    this.keys[doc] = undefined;
    this.parties[doc] = undefined;
    this.ids[doc] = undefined;
    this.origins[doc] = undefined;
    this.live--;
    this.dead++;
    if (this.dead > 1000 && this.dead * 4 > this.docCount) this.compact();
    return true;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    this.searcher ??= new Searcher();
    return this.searcher.search(this, query, options);
  }

  // ── PostingSource (what the Searcher reads; PackedIndex has the same) ──────────────────────

  get docLimit(): number {
    return this.docCount;
  }

  termOf(term: string): number | undefined {
    return this.termIds.get(term);
  }

  dfOf(term: number): number {
    return this.df[term]!;
  }

  isAlive(doc: number): boolean {
    return this.alive[doc] === 1;
  }

  statusOf(doc: number): number {
    return this.status[doc]!;
  }

  dateOf(doc: number): number {
    return this.date[doc]!;
  }

  partiesOf(doc: number): readonly number[] | undefined {
    return this.parties[doc];
  }

  partyIdOf(folded: string): number | undefined {
    return this.partyIds.get(folded);
  }

  keyAt(doc: number): string {
    return this.keys[doc]!;
  }

  /** Every live document in document order, with what the packed file keeps of it. */
  forEachDocument(fn: (doc: number, key: string, status: number, date: number, parties: readonly string[], ids: readonly string[], file: string, stamp: string) => void): void {
    const names = [...this.partyIds.keys()];
    for (let doc = 0; doc < this.docCount; doc++) {
      if (!this.alive[doc]) continue;
      const origin = this.origins[doc];
      fn(doc, this.keys[doc]!, this.status[doc]!, this.date[doc]!, (this.parties[doc] ?? []).map((id) => names[id]!), this.ids[doc] ?? [this.keys[doc]!], origin?.file ?? '', origin?.stamp ?? '');
    }
  }

  /** The document number of a key, while it is in the index. */
  docOfKey(key: string): number | undefined {
    return this.docOf.get(key);
  }

  /** The name of a term number. */
  termName(term: number): string {
    return this.termNames[term]!;
  }

  /** The (folded) name of a party number. */
  partyName(id: number): string {
    this.partyNames ??= [...this.partyIds.keys()];
    if (this.partyNames.length !== this.partyIds.size) this.partyNames = [...this.partyIds.keys()];
    return this.partyNames[id]!;
  }

  /** Every term with a live posting, by name. */
  forEachTerm(fn: (name: string, term: number) => void): void {
    this.termNames.forEach((name, term) => { if (this.df[term]! > 0) fn(name, term); });
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  /** Terms that start with `prefix`: the most frequent MAX_EXPANSIONS of them. */
  expand(prefix: string): number[] {
    if (this.recentTerms.length > 2000) this.mergeRecent();
    const found: number[] = [];
    const sorted = this.sortedTerms;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) found.push(this.termIds.get(sorted[i]!)!);
    for (const term of this.recentTerms) if (term.startsWith(prefix)) found.push(this.termIds.get(term)!);
    if (found.length <= MAX_EXPANSIONS) return found;
    return found.sort((a, b) => this.df[b]! - this.df[a]!).slice(0, MAX_EXPANSIONS);
  }

  private mergeRecent(): void {
    this.sortedTerms = this.sortedTerms.concat(this.recentTerms.sort());
    this.sortedTerms.sort();
    this.recentTerms = [];
  }

  /** Calls `fn` for each posting of `term`: document, weight byte, successor and predecessor signatures. */
  forEachPosting(term: number, fn: (doc: number, weight: number, sig: number, pred: number) => void): void {
    const single = this.single[term]!;
    if (single !== NONE) {
      fn(single, this.singleWeight[term]!, this.singleSig[term]!, this.singlePred[term]!);
      return;
    }
    const at = this.listAt[term]!;
    decodePostings(this.pool, at + this.listLength[term]!, fn, at);
  }

  /**
   * A term's postings as encoded bytes, the first distance counting from document 0, and how many
   * there are (dead documents included): the form the index file stores, so that writing a file
   * (packedIndex.ts packMergedTo) can copy a list instead of decoding it.
   */
  postingRun(term: number): { bytes: Uint8Array; end: number; count: number } {
    const single = this.single[term]!;
    if (single === NONE) {
      const at = this.listAt[term]!;
      const end = this.listLength[term]!;
      return { bytes: this.pool.subarray(at, at + end), end, count: this.df[term]! };
    }
    const bytes = new Uint8Array(10);
    const end = encodePosting(bytes, 0, single, this.singleWeight[term]!, this.singleSig[term]!, this.singlePred[term]!);
    return { bytes, end, count: 1 };
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id !== undefined) return id;
    id = this.termNames.length;
    this.termIds.set(term, id);
    this.termNames.push(term);
    this.recentTerms.push(term);
    if (id >= this.termBit.length) {
      this.termBit = grow(this.termBit, id * 2, (m) => new Uint16Array(m));
      this.sigs = grow(this.sigs, id * 2, (m) => new Uint16Array(m));
      this.preds = grow(this.preds, id * 2, (m) => new Uint16Array(m));
    }
    this.termBit[id] = successorBit(term);
    if (id >= this.df.length) {
      const n = this.df.length * 2;
      this.df = grow(this.df, n, (m) => new Int32Array(m));
      this.single = grow(this.single, n, (m) => new Int32Array(m));
      this.singleWeight = grow(this.singleWeight, n, (m) => new Uint8Array(m));
      this.singleSig = grow(this.singleSig, n, (m) => new Uint16Array(m));
      this.singlePred = grow(this.singlePred, n, (m) => new Uint16Array(m));
      this.listLength = grow(this.listLength, n, (m) => new Int32Array(m));
      this.listAt = grow(this.listAt, n, (m) => new Int32Array(m));
      this.listRoom = grow(this.listRoom, n, (m) => new Int32Array(m));
      this.lastDoc = grow(this.lastDoc, n, (m) => new Int32Array(m));
      this.touchedBy = grow(this.touchedBy, n, (m) => new Uint32Array(m));
      this.counts = grow(this.counts, n * FIELDS.length, (m) => new Uint16Array(m));
    }
    this.single[id] = NONE;
    this.listRoom[id] = 0;
    this.listLength[id] = 0;
    return id;
  }

  private append(term: number, doc: number, weight: number, sig: number, pred: number): void {
    const count = this.df[term]!++;
    if (count === 0) {
      this.single[term] = doc;
      this.singleWeight[term] = weight;
      this.singleSig[term] = sig;
      this.singlePred[term] = pred;
      this.lastDoc[term] = doc;
      return;
    }
    if (count === 1) {
      const first = this.single[term]!;
      this.single[term] = NONE;
      this.listAt[term] = this.reserve(16);
      this.listRoom[term] = 16;
      this.listLength[term] = 0;
      this.lastDoc[term] = 0;
      this.push(term, first, this.singleWeight[term]!, this.singleSig[term]!, this.singlePred[term]!);
    }
    this.push(term, doc, weight, sig, pred);
  }

  private push(term: number, doc: number, weight: number, sig: number, pred: number): void {
    const used = this.listLength[term]!;
    const room = this.listRoom[term]!;
    if (used + 10 > room) {
      const start = this.listAt[term]!;
      if (start + room === this.poolUsed) {
        this.reserve(room); // the last region in the pool: it grows in place
      } else {
        const moved = this.reserve(2 * room);
        this.pool.copyWithin(moved, start, start + used);
        this.listAt[term] = moved;
      }
      this.listRoom[term] = 2 * room;
    }
    const at = this.listAt[term]!;
    this.listLength[term] = encodePosting(this.pool, at + used, doc - this.lastDoc[term]!, weight, sig, pred) - at;
    this.lastDoc[term] = doc;
  }

  /** Where `n` more bytes of the pool start (the pool doubles when they do not fit). */
  private reserve(n: number): number {
    const at = this.poolUsed;
    if (at + n > this.pool.length) this.pool = grow(this.pool, Math.max(at + n, this.pool.length * 2), (m) => new Uint8Array(m));
    this.poolUsed = at + n;
    return at;
  }

  /** Rewrites every posting list without the dead documents (document numbers stay). */
  private compact(): void {
    // Into a new pool: each term's list is read from the old one (at its old region, which only
    // changes once the term is written again) and appended anew.
    const old = this.pool;
    this.pool = new Uint8Array(Math.max(1 << 16, this.poolUsed >>> 1));
    this.poolUsed = 0;
    for (let term = 0; term < this.termNames.length; term++) {
      const postings: [number, number, number, number][] = [];
      const keep = (doc: number, weight: number, sig: number, pred: number): void => { if (this.alive[doc]) postings.push([doc, weight, sig, pred]); };
      const single = this.single[term]!;
      if (single !== NONE) keep(single, this.singleWeight[term]!, this.singleSig[term]!, this.singlePred[term]!);
      else if (this.df[term]! > 0) decodePostings(old, this.listAt[term]! + this.listLength[term]!, keep, this.listAt[term]!);
      this.df[term] = 0;
      this.single[term] = NONE;
      this.listRoom[term] = 0;
      this.listLength[term] = 0;
      for (const [doc, weight, sig, pred] of postings) this.append(term, doc, weight, sig, pred);
    }
    this.dead = 0;
  }

  private partyId(party: string): number {
    const folded = fold(party);
    let id = this.partyIds.get(folded);
    if (id === undefined) this.partyIds.set(folded, id = this.partyIds.size);
    return id;
  }

  private ensureDocs(n: number): void {
    if (n <= this.alive.length) return;
    this.alive = grow(this.alive, n, (m) => new Uint8Array(m));
    this.status = grow(this.status, n, (m) => new Uint8Array(m));
    this.date = grow(this.date, n, (m) => new Int32Array(m));
  }
}

/**
 * The bit a term sets in the successor signature of the word before it (and in the predecessor
 * signature of the word after it): one of 16, from a hash
 * of the term's name (so it is the same in every index built from the same text).
 */
export function successorBit(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) hash = Math.imul(hash ^ term.charCodeAt(i), 0x01000193);
  return 1 << ((hash >>> 28) & 15);
}

/** One word of a query. */
export interface QueryWord {
  /** Folded, unstemmed. */
  word: string;
  /** Also matches as a prefix (the last word while it is being typed). */
  prefix: boolean;
  /** Within a "…" phrase: the word that must directly follow this one. */
  next?: string;
  /** Within a "…" phrase: the word that must directly precede this one. */
  previous?: string;
}

/**
 * The words of a query: a part in double quotes ("…", also typographic “…”) is a phrase, whose
 * words must stand next to each other in that order; an unclosed quote runs to the end. The
 * last word outside quotes is a prefix when the query does not end in a space.
 */
export function parseQuery(query: string): QueryWord[] {
  const out: QueryWord[] = [];
  const re = /["“”„]([^"“”„]*)(["“”„]?)|[^\s"“”„]+/g;
  let m: RegExpExecArray | null;
  let lastIsPlain = false;
  while ((m = re.exec(query))) {
    if (m[1] !== undefined) {
      const ws = words(m[1]);
      ws.forEach((word, i) => out.push({
        word, prefix: false, ...(i + 1 < ws.length ? { next: ws[i + 1]! } : {}), ...(i > 0 ? { previous: ws[i - 1]! } : {}),
      }));
      lastIsPlain = false;
    } else {
      for (const word of words(m[0])) out.push({ word, prefix: false });
      lastIsPlain = true;
    }
  }
  if (lastIsPlain && out.length > 0 && !/\s$/.test(query)) out[out.length - 1]!.prefix = true;
  return out;
}

/** What the Searcher reads of an index (LibraryIndex in memory, PackedIndex from its file). */
export interface PostingSource {
  /** Live documents (N of idf). */
  readonly size: number;
  /** Document numbers are below this. */
  readonly docLimit: number;
  termOf(term: string): number | undefined;
  /** Terms that start with `prefix`, at most MAX_EXPANSIONS, the most frequent. */
  expand(prefix: string): number[];
  dfOf(term: number): number;
  forEachPosting(term: number, fn: (doc: number, weight: number, sig: number, pred: number) => void): void;
  isAlive(doc: number): boolean;
  statusOf(doc: number): number;
  dateOf(doc: number): number;
  partiesOf(doc: number): readonly number[] | undefined;
  partyIdOf(folded: string): number | undefined;
  keyAt(doc: number): string;
}

interface Group { terms: number[]; factors: number[]; size: number; need: number; needBefore: number }

/** Scores queries over a PostingSource in scratch arrays reused across queries. */
export class Searcher {
  private stamp = new Uint32Array(1024);
  private score = new Float64Array(1024);
  /** Per document: what the current group added to its score, and its score before that group. */
  private part = new Float64Array(1024);
  private prior = new Float64Array(1024);
  private candidates = new Int32Array(1024);
  private generation = 0;

  search(source: PostingSource, query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 50;
    const filter = filterOf(source, options.filters);
    if (filter === null) return [];
    if (this.stamp.length < source.docLimit) {
      this.stamp = new Uint32Array(Math.max(source.docLimit, this.stamp.length * 2));
      this.score = new Float64Array(this.stamp.length);
      this.part = new Float64Array(this.stamp.length);
      this.prior = new Float64Array(this.stamp.length);
      this.generation = 0;
    }
    const queryWords = parseQuery(query);
    // One group of (term, factor) per query word; a document must match every group. A phrase
    // word also needs, in that document, the bit of the word after it in its successor signature
    // (`need`) and the bit of the word before it in its predecessor signature (`needBefore`).
    const groups: Group[] = [];
    for (const q of queryWords) {
      const group: Group = {
        terms: [], factors: [], size: 0,
        need: q.next !== undefined ? successorBit(stem(q.next)) : 0,
        needBefore: q.previous !== undefined ? successorBit(stem(q.previous)) : 0,
      };
      const exact = source.termOf(stem(q.word));
      if (exact !== undefined) { group.terms.push(exact); group.factors.push(1); }
      if (q.prefix && q.word.length >= MIN_PREFIX) {
        for (const t of source.expand(q.word)) {
          if (t !== exact) { group.terms.push(t); group.factors.push(PREFIX_FACTOR); }
        }
      }
      for (const t of group.terms) group.size += source.dfOf(t);
      groups.push(group);
    }
    if (groups.length === 0) return newest(source, filter, limit);
    if (groups.some((g) => g.terms.length === 0)) return [];
    groups.sort((a, b) => a.size - b.size);

    // stamp[doc] === base + g: the document matched groups 0..g-1 in this query.
    const base = this.generation + 1;
    this.generation += groups.length + 1;
    if (this.generation > 0xfff00000) { this.stamp.fill(0); this.generation = 0; return this.search(source, query, options); }
    const stamp = this.stamp;
    const score = this.score;
    const part = this.part;
    const prior = this.prior;
    const total = source.size;
    // The documents the first group matched, in a scratch array reused across queries (a plain
    // array of tens of thousands of numbers per query kept the garbage collector busy).
    let candidates = this.candidates;
    let count = 0;
    groups.forEach((group, g) => {
      const want = base + g;
      const need = group.need;
      const before = group.needBefore;
      group.terms.forEach((term, j) => {
        const df = source.dfOf(term);
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        const factor = (idf * group.factors[j]!) / WEIGHT_SCALE;
        // A document that several terms of the group match (a word and its completions) counts
        // the best of them, whatever order the terms come in (the in-memory and the file index
        // list completions in different orders).
        source.forEachPosting(term, (doc, weight, sig, pred) => {
          if ((sig & need) !== need || (pred & before) !== before) return;
          const s = weight * factor;
          const at = stamp[doc];
          if (at === want + 1) {
            if (s > part[doc]!) { part[doc] = s; score[doc] = prior[doc]! + s; }
            return;
          }
          if (g === 0) {
            prior[doc] = 0;
            if (count === candidates.length) {
              const bigger = new Int32Array(candidates.length * 2);
              bigger.set(candidates);
              this.candidates = candidates = bigger;
            }
            candidates[count++] = doc;
          } else if (at !== want) return;
          else prior[doc] = score[doc]!;
          stamp[doc] = want + 1;
          part[doc] = s;
          score[doc] = prior[doc]! + s;
        });
      });
    });
    const done = base + groups.length;
    const top = new TopK(limit, source);
    for (let i = 0; i < count; i++) {
      const doc = candidates[i]!;
      if (stamp[doc] === done && source.isAlive(doc) && filter(doc)) top.offer(doc, score[doc]!);
    }
    return top.sorted().map(({ doc, score: s }) => ({ key: source.keyAt(doc), score: Math.round(s * 1000) / 1000 }));
  }
}

function filterOf(source: PostingSource, filters: SearchFilters | undefined): ((doc: number) => boolean) | null {
  if (!filters) return () => true;
  const checks: ((doc: number) => boolean)[] = [];
  if (filters.status && filters.status.length > 0) {
    const codes = new Set(filters.status.map((s) => STATUS_CODES.indexOf(s)));
    checks.push((doc) => codes.has(source.statusOf(doc)));
  }
  if (filters.party !== undefined && filters.party.trim() !== '') {
    const party = source.partyIdOf(fold(filters.party.trim()));
    if (party === undefined) return null;
    checks.push((doc) => source.partiesOf(doc)?.includes(party) ?? false);
  }
  const from = dateNumber(filters.from);
  const to = dateNumber(filters.to);
  if (from) checks.push((doc) => source.dateOf(doc) >= from);
  if (to) checks.push((doc) => source.dateOf(doc) !== 0 && source.dateOf(doc) <= to);
  return (doc) => checks.every((check) => check(doc));
}

/** No query words: every document that passes the filter, newest first. */
function newest(source: PostingSource, filter: (doc: number) => boolean, limit: number): SearchHit[] {
  const top = new TopK(limit, source);
  for (let doc = 0; doc < source.docLimit; doc++) if (source.isAlive(doc) && filter(doc)) top.offer(doc, 0);
  return top.sorted().map(({ doc }) => ({ key: source.keyAt(doc), score: 0 }));
}

/** The best `limit` documents by score, then date (newest first), then key; a small binary heap. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly limit: number, private readonly source: PostingSource) {}

  /** True when (doc a, score a) ranks below (doc b, score b). */
  private worse(sa: number, da: number, sb: number, db: number): boolean {
    if (sa !== sb) return sa < sb;
    const a = this.source.dateOf(da);
    const b = this.source.dateOf(db);
    if (a !== b) return a < b;
    // Then by key, not by document number, so that every index over the same items agrees.
    return this.source.keyAt(da) < this.source.keyAt(db);
  }

  offer(doc: number, score: number): void {
    const { docs, scores } = this;
    if (this.limit <= 0) return;
    if (docs.length < this.limit) {
      docs.push(doc);
      scores.push(score);
      let i = docs.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(scores[i]!, docs[i]!, scores[p]!, docs[p]!)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (!this.worse(scores[0]!, docs[0]!, score, doc)) return;
    docs[0] = doc;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < docs.length && this.worse(scores[l]!, docs[l]!, scores[m]!, docs[m]!)) m = l;
      if (r < docs.length && this.worse(scores[r]!, docs[r]!, scores[m]!, docs[m]!)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    [this.docs[i], this.docs[j]] = [this.docs[j]!, this.docs[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i]! }))
      .sort((a, b) => (this.worse(a.score, a.doc, b.score, b.doc) ? 1 : this.worse(b.score, b.doc, a.score, a.doc) ? -1 : 0));
  }
}

/**
 * Walks a packed posting list: per document a varint of the gap to the previous document, then five
 * bytes (weight, successor signature, predecessor signature). Used by the in-memory and the file
 * index, and by the writer of the file; `bytes[from, end)`, the first gap counted from `start`.
 */
export function decodePostings(bytes: Uint8Array, end: number, fn: (doc: number, weight: number, sig: number, pred: number) => void, from = 0, start = 0): void {
  let doc = start;
  let i = from;
  while (i < end) {
    let delta = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++]!;
      delta += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    doc += delta;
    fn(doc, bytes[i]!, bytes[i + 1]! | (bytes[i + 2]! << 8), bytes[i + 3]! | (bytes[i + 4]! << 8));
    i += 5;
  }
}

/** The document of the last posting in bytes[from, end), counting from `start`. */
export function lastPostingDocument(bytes: Uint8Array, end: number, from = 0, start = 0): number {
  let last = start;
  decodePostings(bytes, end, (doc) => { last = doc; }, from, start);
  return last;
}

/** Where the posting that starts at `i` ends (its varint gap, then five bytes). */
export function postingEnd(bytes: Uint8Array, i: number): number {
  while (bytes[i]! & 0x80) i++;
  return i + 6;
}

/**
 * Writes one posting in that form at `bytes[at]` (room for 10 bytes, the most one takes, is the
 * caller's) and returns where the next one goes.
 */
export function encodePosting(bytes: Uint8Array, at: number, delta: number, weight: number, sig: number, pred: number): number {
  while (delta >= 0x80) {
    bytes[at++] = (delta & 0x7f) | 0x80;
    delta = Math.floor(delta / 128);
  }
  bytes[at++] = delta;
  bytes[at++] = weight;
  bytes[at++] = sig & 0xff;
  bytes[at++] = sig >>> 8;
  bytes[at++] = pred & 0xff;
  bytes[at++] = pred >>> 8;
  return at;
}
