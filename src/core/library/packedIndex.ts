/**
 * The search index as one file, opened rather than rebuilt: terms and postings packed in one
 * buffer, versioned and checksummed. `buildPackedIndex` writes it from a LibraryIndex;
 * `PackedIndex.open` reads only the header, the document table and the term dictionary (a few
 * MB at 60,000 Kamervragen) and reads each term's postings from the file when a query needs them
 * (positioned reads that the OS serves from its page cache), so the postings never sit in the
 * process's memory. Ranking is the same Searcher as the in-memory index, on the same weights.
 *
 * Layout (little-endian), version 3:
 *
 *   0  "KVIX"        4  version (u32)      8  documents (u32)     12  terms (u32)
 *  16  meta bytes    20  dictionary bytes  24  CRC-32 of the head  28  CRC-32 of the postings
 *  32  postings bytes (f64)                40–63 zero
 *  64  head: meta (the document table, below), dictionary (the terms, sorted, UTF-8,
 *      concatenated), zero padding to 8, postings offsets (f64 × terms+1), term offsets into the
 *      dictionary (u32 × terms+1), df (u32 × terms)
 *      postings: per term [varint(doc − previous doc), weight byte, successor signature (u16),
 *      predecessor signature (u16)]…
 *
 * The document table (n documents), every part 4-aligned:
 *      6 × u32: party-name bytes, strings S, string bytes, party references R, id slots M (a
 *      power of two), ids; the party names (JSON array, UTF-8); status (u8 × n); date (i32 × n,
 *      days); first string of each document (u32 × n+1: its key, item file, that file's stamp
 *      inode:size:mtime, then its document ids); string offsets (u32 × S+1); first party of each
 *      document (u32 × n+1); parties (u16 × R, numbers into the names); the id table (M × [string
 *      + 1 (0: empty), document], open addressing from FNV-1a of the id's UTF-16 code units,
 *      linear probing, at most half full); the strings (UTF-8, concatenated; one that UTF-8
 *      cannot hold, with an unpaired surrogate, or that begins with NUL, is NUL and its JSON).
 *
 * Version 2 added the item files and stamps, so that an opened file can be checked against the
 * library folder item by item (liveIndex.ts) rather than trusted or rebuilt as a whole. Version 3
 * made the document table binary: version 2's JSON lines took ~0.3 s to parse at 60,000 items and
 * held every key, id and stamp as a string and every id in a Map; now the table is used where it
 * lies in the head.
 *
 * The head's checksum is verified at open (a damaged or truncated head is refused with
 * IndexFileError); the postings' checksum by `verify()`, which reads the whole file and is meant
 * to run in the background after opening.
 */
import { closeSync, open as fsOpen, openSync, read as fsRead, readSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { LibraryIndex, PostingSource, SearchHit, SearchOptions } from './search';
import { Searcher, decodePostings, encodePosting, lastPostingDocument, postingEnd } from './search';

export const INDEX_VERSION = 3;
const MAGIC = 0x5849564b; // "KVIX" read as little-endian u32
const HEADER = 64;
const MAX_EXPANSIONS = 50;
/** The head's checksum is computed this much at a time (openAsync yields between pieces). */
const CRC_CHUNK = 1 << 18;

/** The index file cannot be used (missing, damaged, another version): rebuild it. */
export class IndexFileError extends Error {
  override readonly name = 'IndexFileError';
}

interface Meta {
  keys: string[];
  status: number[];
  date: number[];
  parties: number[][];
  partyNames: string[];
  ids: string[][];
  /** The item file (base name) each document was read from, '' when not from a file. */
  files: string[];
  /** That file's stamp (inode:size:mtime, as the store keeps it), '' when unknown. */
  stamps: string[];
}

/** What buildPackedIndex writes from: the in-memory index, or a file merged with changes (liveIndex.ts). */
export interface PackInput {
  readonly docLimit: number;
  /** Every live document in increasing document order. */
  forEachDocument(fn: (doc: number, key: string, status: number, date: number, parties: readonly string[], ids: readonly string[], file: string, stamp: string) => void): void;
  /** Every term with postings, by name, in any order. */
  forEachTerm(fn: (name: string, term: number) => void): void;
  /** The postings of a term in increasing document order. */
  forEachPosting(term: number, fn: (doc: number, weight: number, sig: number, pred: number) => void): void;
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A string as the table keeps it: as it is (UTF-8), or NUL and its JSON when UTF-8 cannot hold it
 * (an unpaired surrogate) or it begins with NUL itself, so that every string reads back exactly.
 */
function stored(s: string): string {
  if (s.charCodeAt(0) === 0) return `\0${JSON.stringify(s)}`;
  for (let i = 0; i < s.length; i++) {
    if ((s.charCodeAt(i) & 0xf800) === 0xd800) return LONE_SURROGATE.test(s) ? `\0${JSON.stringify(s)}` : s;
  }
  return s;
}

/** FNV-1a over the UTF-16 code units of `s`: the hash of the document table's id table. */
function idHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fixed fields at the start of the document table: party-name bytes, strings, string bytes, party references, id-table slots, ids. */
const TABLE_FIELDS = 6;
const pad4 = (n: number): number => align(n, 4);

/** Where each part of the document table lies, from its counts (the same arithmetic writes and reads it). */
function tableLayout(n: number, partyBytes: number, strings: number, stringBytes: number, partyRefs: number, slots: number): {
  partyNamesAt: number; statusAt: number; dateAt: number; docStrAt: number; strAtAt: number; partyAtAt: number; partyAt: number; slotsAt: number; blobAt: number; end: number;
} {
  const partyNamesAt = 4 * TABLE_FIELDS;
  const statusAt = partyNamesAt + pad4(partyBytes);
  const dateAt = statusAt + pad4(n);
  const docStrAt = dateAt + 4 * n;
  const strAtAt = docStrAt + 4 * (n + 1);
  const partyAtAt = strAtAt + 4 * (strings + 1);
  const partyAt = partyAtAt + 4 * (n + 1);
  const slotsAt = partyAt + pad4(2 * partyRefs);
  const blobAt = slotsAt + 8 * slots;
  return { partyNamesAt, statusAt, dateAt, docStrAt, strAtAt, partyAtAt, partyAt, slotsAt, blobAt, end: pad4(blobAt + stringBytes) };
}

/**
 * The document table's bytes: per document its status, date, parties and strings (key, item file,
 * stamp, then its document ids), and an open-addressing table from every document id to its
 * document, so that opening it is a checksum and a few typed views, not a parse.
 */
function encodeDocTable(meta: Meta): Buffer {
  const n = meta.keys.length;
  const partyNames = Buffer.from(JSON.stringify(meta.partyNames), 'utf8');
  const docStr = new Uint32Array(n + 1);
  const strings: string[] = [];
  // Each id names the last document that has it (as a map filled in document order would).
  const owner = new Map<string, [string: number, doc: number]>();
  for (let doc = 0; doc < n; doc++) {
    docStr[doc] = strings.length;
    strings.push(stored(meta.keys[doc]!), stored(meta.files[doc]!), stored(meta.stamps[doc]!));
    for (const id of new Set(meta.ids[doc]!)) {
      owner.set(id, [strings.length, doc]);
      strings.push(stored(id));
    }
  }
  docStr[n] = strings.length;
  const strAt = new Uint32Array(strings.length + 1);
  let stringBytes = 0;
  strings.forEach((s, i) => { strAt[i] = stringBytes; stringBytes += Buffer.byteLength(s, 'utf8'); });
  strAt[strings.length] = stringBytes;
  const partyRefs = meta.parties.reduce((sum, ps) => sum + ps.length, 0);
  let slots = 8;
  while (slots < 2 * owner.size) slots *= 2;
  const at = tableLayout(n, partyNames.length, strings.length, stringBytes, partyRefs, slots);
  const out = Buffer.alloc(at.end);
  [partyNames.length, strings.length, stringBytes, partyRefs, slots, owner.size].forEach((v, i) => out.writeUInt32LE(v, 4 * i));
  partyNames.copy(out, at.partyNamesAt);
  for (let doc = 0; doc < n; doc++) {
    out[at.statusAt + doc] = meta.status[doc]!;
    out.writeInt32LE(meta.date[doc]!, at.dateAt + 4 * doc);
  }
  docStr.forEach((v, i) => out.writeUInt32LE(v, at.docStrAt + 4 * i));
  strAt.forEach((v, i) => out.writeUInt32LE(v, at.strAtAt + 4 * i));
  let ref = 0;
  for (let doc = 0; doc <= n; doc++) {
    out.writeUInt32LE(ref, at.partyAtAt + 4 * doc);
    if (doc < n) for (const p of meta.parties[doc]!) out.writeUInt16LE(p, at.partyAt + 2 * ref++);
  }
  const mask = slots - 1;
  for (const [id, [string, doc]] of owner) {
    let slot = idHash(id) & mask;
    while (out.readUInt32LE(at.slotsAt + 8 * slot) !== 0) slot = (slot + 1) & mask;
    out.writeUInt32LE(string + 1, at.slotsAt + 8 * slot);
    out.writeUInt32LE(doc, at.slotsAt + 8 * slot + 4);
  }
  let p = at.blobAt;
  for (const s of strings) p += out.write(s, p, 'utf8');
  return out;
}

/** The document table of an opened file: typed views on the head, strings decoded when asked. */
class DocTable {
  readonly partyNames: string[];
  readonly status: Uint8Array;
  readonly date: Int32Array;
  private readonly docStr: Uint32Array;
  private readonly strAt: Uint32Array;
  private readonly partyAt: Uint32Array;
  private readonly party: Uint16Array;
  private readonly slots: Uint32Array;
  private readonly blob: Buffer;

  private constructor(readonly size: number, bytes: Buffer) {
    const field = (i: number): number => bytes.readUInt32LE(4 * i);
    const [partyBytes, strings, stringBytes, partyRefs, slots] = [field(0), field(1), field(2), field(3), field(4)];
    const at = tableLayout(size, partyBytes, strings, stringBytes, partyRefs, slots);
    const view = <T>(Kind: new (buffer: ArrayBufferLike, offset: number, length: number) => T, offset: number, length: number): T => new Kind(bytes.buffer, bytes.byteOffset + offset, length);
    this.partyNames = JSON.parse(bytes.toString('utf8', at.partyNamesAt, at.partyNamesAt + partyBytes)) as string[];
    this.status = view(Uint8Array, at.statusAt, size);
    this.date = view(Int32Array, at.dateAt, size);
    this.docStr = view(Uint32Array, at.docStrAt, size + 1);
    this.strAt = view(Uint32Array, at.strAtAt, strings + 1);
    this.partyAt = view(Uint32Array, at.partyAtAt, size + 1);
    this.party = view(Uint16Array, at.partyAt, partyRefs);
    this.slots = view(Uint32Array, at.slotsAt, 2 * slots);
    this.blob = bytes.subarray(at.blobAt, at.blobAt + stringBytes);
  }

  /**
   * Reads the table of `size` documents from `bytes` (4-aligned in its buffer), checking that
   * every offset and number in it stays in range, so that a file whose checksum matches but whose
   * table does not add up is refused rather than read wrongly. Yields now and then.
   */
  static *read(size: number, bytes: Buffer, damaged: (what: string) => IndexFileError): Generator<void, DocTable> {
    if (bytes.length < 4 * TABLE_FIELDS) throw damaged('document table');
    const field = (i: number): number => bytes.readUInt32LE(4 * i);
    const slots = field(4);
    if (slots === 0 || (slots & (slots - 1)) !== 0 || field(5) > slots / 2) throw damaged('id table');
    const at = tableLayout(size, field(0), field(1), field(2), field(3), slots);
    if (at.end !== bytes.length) throw damaged('document table size');
    let table: DocTable;
    try {
      table = new DocTable(size, bytes);
    } catch {
      throw damaged('party names');
    }
    if (!Array.isArray(table.partyNames) || table.partyNames.some((p) => typeof p !== 'string')) throw damaged('party names');
    const increasing = (xs: Uint32Array, last: number, step: number): boolean => {
      if (xs[0] !== 0 || xs[xs.length - 1] !== last) return false;
      for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]! + step) return false;
      return true;
    };
    if (!increasing(table.docStr, table.strAt.length - 1, 3)) throw damaged('document strings');
    yield;
    if (!increasing(table.strAt, table.blob.length, 0)) throw damaged('strings');
    yield;
    if (!increasing(table.partyAt, table.party.length, 0)) throw damaged('parties');
    for (const p of table.party) if (p >= table.partyNames.length) throw damaged('parties');
    yield;
    let used = 0;
    for (let i = 0; i < table.slots.length; i += 2) {
      const s = table.slots[i]!;
      if (s !== 0 && (++used > slots / 2 || s > table.strAt.length - 1 || table.slots[i + 1]! >= size)) throw damaged('id table');
      if ((i & 0xffff) === 0xfffe) yield;
    }
    return table;
  }

  private text(i: number): string {
    const text = this.blob.toString('utf8', this.strAt[i]!, this.strAt[i + 1]!);
    return text.charCodeAt(0) === 0 ? JSON.parse(text.slice(1)) as string : text;
  }

  /** Whether string `i` is `s`, without decoding it when both are ASCII. */
  private equals(i: number, string: string): boolean {
    const s = stored(string);
    const from = this.strAt[i]!;
    const length = this.strAt[i + 1]! - from;
    if (length < s.length) return false; // UTF-8 never takes fewer bytes than UTF-16 code units
    if (length === s.length) {
      for (let k = 0; k < length; k++) {
        const c = this.blob[from + k]!;
        if (c >= 0x80) return this.blob.toString('utf8', from, from + length) === s;
        if (c !== s.charCodeAt(k)) return false;
      }
      return true;
    }
    return this.blob.toString('utf8', from, from + length) === s;
  }

  keyAt(doc: number): string {
    return this.text(this.docStr[doc]!);
  }

  fileOf(doc: number): string {
    return this.text(this.docStr[doc]! + 1);
  }

  stampOf(doc: number): string {
    return this.text(this.docStr[doc]! + 2);
  }

  isKey(doc: number, key: string): boolean {
    return this.equals(this.docStr[doc]!, key);
  }

  hasOrigin(doc: number, file: string, stamp: string): boolean {
    const s = this.docStr[doc]!;
    return this.equals(s + 2, stamp) && this.equals(s + 1, file);
  }

  idsOf(doc: number): string[] {
    const ids: string[] = [];
    for (let i = this.docStr[doc]! + 3; i < this.docStr[doc + 1]!; i++) ids.push(this.text(i));
    return ids;
  }

  partiesOf(doc: number): number[] {
    return Array.from(this.party.subarray(this.partyAt[doc]!, this.partyAt[doc + 1]!));
  }

  /** The document that has id `id`, in O(1): a probe of the id table. */
  docOf(id: string): number | undefined {
    const mask = this.slots.length / 2 - 1;
    for (let slot = idHash(id) & mask; ; slot = (slot + 1) & mask) {
      const s = this.slots[2 * slot]!;
      if (s === 0) return undefined;
      if (this.equals(s - 1, id)) return this.slots[2 * slot + 1];
    }
  }

  /** Every id in the table. */
  ids(): string[] {
    const found: string[] = [];
    for (let i = 0; i < this.slots.length; i += 2) if (this.slots[i] !== 0) found.push(this.text(this.slots[i]! - 1));
    return found;
  }
}

/** The meta section of everything `index` holds, and each input document's new number (-1: left out). */
function collectMeta(index: Pick<PackInput, 'docLimit' | 'forEachDocument'>): { meta: Meta; renumber: Int32Array } {
  const renumber = new Int32Array(index.docLimit).fill(-1);
  const meta: Meta = { keys: [], status: [], date: [], parties: [], partyNames: [], ids: [], files: [], stamps: [] };
  const partyIds = new Map<string, number>();
  index.forEachDocument((doc, key, status, date, parties, ids, file, stamp) => {
    renumber[doc] = meta.keys.length;
    meta.keys.push(key);
    meta.status.push(status);
    meta.date.push(date);
    meta.parties.push(parties.map((p) => {
      let id = partyIds.get(p);
      if (id === undefined) partyIds.set(p, id = partyIds.size);
      return id;
    }));
    meta.ids.push([...ids]);
    meta.files.push(file);
    meta.stamps.push(stamp);
  });
  meta.partyNames = [...partyIds.keys()];
  return { meta, renumber };
}

/**
 * The postings section as it is written: encoded postings and copied runs, in 1 MB chunks that are
 * either kept (`finish` joins them) or handed to `flush` as they fill, with the CRC-32 of all of
 * them kept on the way, so that a large file never sits in memory whole.
 */
class PostingWriter {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private done = 0;
  crc = 0;

  /** `flush(bytes, offset)`: the chunk at that offset of the postings; it is reused after the call. */
  constructor(private readonly flush?: (bytes: Buffer, offset: number) => void) {}

  /** Bytes written so far. */
  get length(): number {
    return this.done + this.at;
  }

  private room(): void {
    const full = this.chunk.subarray(0, this.at);
    this.crc = crc32(full, this.crc);
    if (this.flush) {
      this.flush(full, this.done);
    } else {
      this.chunks.push(full);
      this.chunk = Buffer.allocUnsafe(1 << 20);
    }
    this.done += this.at;
    this.at = 0;
  }

  /** One posting: the distance to the previous document, then the weight and signature bytes. */
  posting(delta: number, weight: number, sig: number, pred: number): void {
    if (this.at + 10 > this.chunk.length) this.room();
    this.at = encodePosting(this.chunk, this.at, delta, weight, sig, pred);
  }

  /** Encoded postings copied as they are (bytes[from, to)). */
  copy(bytes: Uint8Array, from: number, to: number): void {
    while (from < to) {
      if (this.at === this.chunk.length) this.room();
      const n = Math.min(to - from, this.chunk.length - this.at);
      this.chunk.set(bytes.subarray(from, from + n), this.at);
      this.at += n;
      from += n;
    }
  }

  /**
   * A stored posting list bytes[from, to) whose documents all move by `shift`, after a posting of
   * document `last`: its first posting written anew (its gap now counts from `last`), the rest
   * copied as they are. Returns the list's last document, moved.
   */
  shifted(bytes: Uint8Array, from: number, to: number, shift: number, last: number): number {
    const rest = postingEnd(bytes, from);
    let first = 0;
    decodePostings(bytes, rest, (doc, weight, sig, pred) => { first = doc; this.posting(shift + doc - last, weight, sig, pred); }, from);
    this.copy(bytes, rest, to);
    return shift + lastPostingDocument(bytes, to, rest, first);
  }

  /** The rest flushed; without `flush`, all the postings in one buffer. */
  finish(): Buffer {
    if (this.at > 0) this.room();
    return this.flush ? Buffer.alloc(0) : Buffer.concat(this.chunks, this.length);
  }
}

/** Where the head's parts go, from the sizes of its meta section and dictionary and the number of terms. */
function headLayout(metaBytes: number, dictBytes: number, n: number): { tablesAt: number; headEnd: number } {
  const tablesAt = align(HEADER + metaBytes + dictBytes, 8);
  return { tablesAt, headEnd: tablesAt + 4 * (n + 1) + 4 * n + 8 * (n + 1) };
}

/** The head (header, meta, dictionary, tables) for postings of `postingsLength` bytes with checksum `postingsCrc`. */
function buildHead(meta: Meta, metaBytes: Buffer, names: readonly string[], dictBytes: number, df: Uint32Array, offsets: Float64Array, postingsLength: number, postingsCrc: number): Buffer {
  const n = names.length;
  const { tablesAt, headEnd } = headLayout(metaBytes.length, dictBytes, n);
  const head = Buffer.alloc(headEnd);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(INDEX_VERSION, 4);
  head.writeUInt32LE(meta.keys.length, 8);
  head.writeUInt32LE(n, 12);
  head.writeUInt32LE(metaBytes.length, 16);
  head.writeUInt32LE(dictBytes, 20);
  head.writeDoubleLE(postingsLength, 32);
  metaBytes.copy(head, HEADER);
  let p = HEADER + metaBytes.length;
  const termOffsets = new Uint32Array(head.buffer, head.byteOffset + tablesAt + 8 * (n + 1), n + 1);
  names.forEach((name, i) => { termOffsets[i] = p - HEADER - metaBytes.length; p += head.write(name, p, 'utf8'); });
  termOffsets[n] = dictBytes;
  new Uint32Array(head.buffer, head.byteOffset + tablesAt + 12 * (n + 1), n).set(df);
  new Float64Array(head.buffer, head.byteOffset + tablesAt, n + 1).set(offsets);
  head.writeUInt32LE(postingsCrc, 28);
  head.writeUInt32LE(crc32(head.subarray(HEADER)), 24);
  return head;
}

/**
 * Writes an index file of `meta`'s documents and the terms `names` (sorted; `dictBytes` their
 * UTF-8 length) to positions of a file: `fill(k, writer)` writes term k's postings and says how
 * many; the postings go out as each MB fills, the head (whose size is known before) last.
 */
function writeIndexTo(meta: Meta, names: readonly string[], dictBytes: number, write: (bytes: Uint8Array, position: number) => void, fill: (k: number, writer: PostingWriter) => number): void {
  const n = names.length;
  const metaBytes = encodeDocTable(meta);
  const { headEnd } = headLayout(metaBytes.length, dictBytes, n);
  const df = new Uint32Array(n);
  const offsets = new Float64Array(n + 1);
  const writer = new PostingWriter((bytes, offset) => write(bytes, headEnd + offset));
  for (let k = 0; k < n; k++) {
    offsets[k] = writer.length;
    df[k] = fill(k, writer);
  }
  writer.finish();
  offsets[n] = writer.length;
  write(buildHead(meta, metaBytes, names, dictBytes, df, offsets, writer.length, writer.crc), 0);
}

/** The whole file from its parts: the meta section, the sorted term names with df and postings offsets, the postings. */
function assemble(meta: Meta, names: readonly string[], df: Uint32Array, offsets: Float64Array, postings: Buffer): Buffer {
  const metaBytes = encodeDocTable(meta);
  const dictBytes = names.reduce((n, name) => n + Buffer.byteLength(name, 'utf8'), 0);
  return Buffer.concat([buildHead(meta, metaBytes, names, dictBytes, df, offsets, postings.length, crc32(postings)), postings]);
}

const byName = (a: [string, number], b: [string, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The index file's bytes for everything `index` holds (its live documents, numbered anew). */
export function buildPackedIndex(index: PackInput): Buffer {
  const { meta, renumber } = collectMeta(index);
  const terms: [string, number][] = [];
  index.forEachTerm((name, term) => terms.push([name, term]));
  terms.sort(byName);
  const n = terms.length;
  const writer = new PostingWriter();
  const df = new Uint32Array(n);
  const offsets = new Float64Array(n + 1);
  terms.forEach(([, term], i) => {
    offsets[i] = writer.length;
    let last = 0;
    let count = 0;
    index.forEachPosting(term, (doc, weight, sig, pred) => {
      const d = renumber[doc]!;
      if (d < 0) return;
      writer.posting(d - last, weight, sig, pred);
      last = d;
      count++;
    });
    df[i] = count;
  });
  const postings = writer.finish();
  offsets[n] = postings.length;
  return assemble(meta, terms.map(([name]) => name), df, offsets, postings);
}

/** What packMergedTo needs of a MergedIndex (mergedIndex.ts), besides what PackInput gives. */
export interface MergedParts extends PackInput {
  readonly base: PackedIndex | undefined;
  readonly overlay: LibraryIndex;
  /** Whether document `doc` of the base file no longer counts. */
  isDeadInBase(doc: number): boolean;
}

/**
 * The index file for a file merged with changes (mergedIndex.ts), the same bytes that
 * buildPackedIndex would give, faster and without holding the file in memory: the two sorted
 * term lists are merged by name, the base file's postings are read in large sequential pieces
 * (they are stored in term order), a posting list whose documents all keep their numbers (or all
 * move by the same amount) is copied as it is stored, only its first distance written anew, and
 * the postings go to `write` (a position in the file) as each MB fills; the head, whose size is
 * known before, last. A rebuild (liveIndex.ts) writes the file every few thousand items and goes
 * on from it, so this copy is what keeps it linear.
 */
export function packMergedTo(index: MergedParts, write: (bytes: Uint8Array, position: number) => void): void {
  const { meta, renumber } = collectMeta(index);
  const base = index.base;
  const baseSize = base?.size ?? 0;
  const overlay = index.overlay;
  // Base documents keep their numbers when none of them is dead; overlay documents then all move
  // by the same amount when none of them is dead either.
  let baseKept = true;
  for (let doc = 0; doc < baseSize && baseKept; doc++) if (index.isDeadInBase(doc)) baseKept = false;
  const liveBase = baseSize === 0 ? 0 : renumber.subarray(0, baseSize).reduce((n, d) => (d >= 0 ? n + 1 : n), 0);
  let overlayShift = true;
  for (let doc = 0; doc < overlay.docLimit && overlayShift; doc++) if (renumber[baseSize + doc] !== liveBase + doc) overlayShift = false;

  // The merged term list first (names only), for the head's size.
  const overlayTerms: [string, number][] = [];
  overlay.forEachTerm((name, term) => overlayTerms.push([name, term]));
  overlayTerms.sort(byName);
  const baseTerms = base ? base.termCount : 0;
  const names: string[] = [];
  const fromBase: number[] = [];
  const fromOverlay: number[] = [];
  let dictBytes = 0;
  for (let i = 0, j = 0; i < baseTerms || j < overlayTerms.length;) {
    const baseName = i < baseTerms ? base!.termName(i) : undefined;
    const overlayName = j < overlayTerms.length ? overlayTerms[j]![0] : undefined;
    const takeBase = baseName !== undefined && (overlayName === undefined || baseName <= overlayName);
    const takeOverlay = overlayName !== undefined && (baseName === undefined || overlayName <= baseName);
    const name = (takeBase ? baseName : overlayName)!;
    names.push(name);
    dictBytes += Buffer.byteLength(name, 'utf8');
    fromBase.push(takeBase ? i++ : -1);
    fromOverlay.push(takeOverlay ? overlayTerms[j++]![1] : -1);
  }
  const reader = base ? base.postingReader() : undefined;
  writeIndexTo(meta, names, dictBytes, write, (k, writer) => {
    let last = 0;
    let count = 0;
    const encode = (doc: number, weight: number, sig: number, pred: number): void => {
      const d = renumber[doc]!;
      if (d < 0) return;
      writer.posting(d - last, weight, sig, pred);
      last = d;
      count++;
    };
    const b = fromBase[k]!;
    const o = fromOverlay[k]!;
    if (b >= 0) {
      const [bytes, from, to] = reader!(b);
      if (baseKept) {
        writer.copy(bytes, from, to);
        count += base!.dfOf(b);
        if (o >= 0) last = lastPostingDocument(bytes, to, from);
      } else {
        decodePostings(bytes, to, encode, from);
      }
    }
    if (o >= 0) {
      const run = overlay.postingRun(o);
      if (overlayShift && run.end > 0) {
        writer.shifted(run.bytes, 0, run.end, liveBase, last);
        count += run.count;
      } else {
        overlay.forEachPosting(o, (doc, weight, sig, pred) => encode(baseSize + doc, weight, sig, pred));
      }
    }
    return count;
  });
}

/**
 * The index file of several files taken together, their documents one after the other in the order
 * given (all of them: nothing in a part is dead), written to positions of a file like packMergedTo.
 * A rebuild indexes its items in parts (in worker threads, side by side) and joins them here once:
 * the sorted term lists are merged by name, and each part's posting list of a term is copied as it
 * is stored, only its first distance written anew. `dead`: documents (numbered across the parts)
 * to leave out; a part with any of them has its postings decoded and written anew.
 */
export function packPartsTo(parts: readonly PackedIndex[], write: (bytes: Uint8Array, position: number) => void, dead: ReadonlySet<number> = new Set()): void {
  const starts: number[] = [];
  let documents = 0;
  for (const part of parts) {
    starts.push(documents);
    documents += part.size;
  }
  const all: Pick<PackInput, 'docLimit' | 'forEachDocument'> = {
    docLimit: documents,
    forEachDocument: (fn) => parts.forEach((part, p) => part.forEachDocument((doc, ...rest) => {
      if (!dead.has(starts[p]! + doc)) fn(starts[p]! + doc, ...rest);
    })),
  };
  const { meta, renumber } = collectMeta(all);
  const whole = parts.map((part, p) => { for (let doc = 0; doc < part.size; doc++) if (dead.has(starts[p]! + doc)) return false; return true; });

  // The merged term list: a heap of each part's next term, by name, then by part.
  const names: string[] = [];
  /** Per merged term, where its (part, term) pairs start in `members`. */
  const firstMember: number[] = [];
  const members: number[] = [];
  let dictBytes = 0;
  const heap: { name: string; part: number; term: number }[] = [];
  const before = (a: { name: string; part: number }, b: { name: string; part: number }): boolean => a.name < b.name || (a.name === b.name && a.part < b.part);
  const push = (entry: { name: string; part: number; term: number }): void => {
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(heap[i]!, heap[up]!)) break;
      [heap[i], heap[up]] = [heap[up]!, heap[i]!];
      i = up;
    }
  };
  const pop = (): { name: string; part: number; term: number } => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  parts.forEach((part, p) => { if (part.termCount > 0) push({ name: part.termName(0), part: p, term: 0 }); });
  while (heap.length > 0) {
    const entry = pop();
    if (names.length === 0 || names[names.length - 1] !== entry.name) {
      names.push(entry.name);
      firstMember.push(members.length);
      dictBytes += Buffer.byteLength(entry.name, 'utf8');
    }
    members.push(entry.part, entry.term);
    const next = entry.term + 1;
    if (next < parts[entry.part]!.termCount) push({ name: parts[entry.part]!.termName(next), part: entry.part, term: next });
  }
  firstMember.push(members.length);

  const readers = parts.map((part) => part.postingReader());
  writeIndexTo(meta, names, dictBytes, write, (k, writer) => {
    let last = 0;
    let count = 0;
    for (let m = firstMember[k]!; m < firstMember[k + 1]!; m += 2) {
      const p = members[m]!;
      const term = members[m + 1]!;
      const [bytes, from, to] = readers[p]!(term);
      if (from === to) continue;
      if (!whole[p]) {
        decodePostings(bytes, to, (doc, weight, sig, pred) => {
          const d = renumber[starts[p]! + doc]!;
          if (d < 0) return;
          writer.posting(d - last, weight, sig, pred);
          last = d;
          count++;
        }, from);
        continue;
      }
      // Every document of the part kept, so they keep their order and distances.
      last = writer.shifted(bytes, from, to, renumber[starts[p]!]!, last);
      count += parts[p]!.dfOf(term);
    }
    return count;
  });
}

/** An index file, open for searching. */
export class PackedIndex implements PostingSource, PackInput {
  private readonly searcher = new Searcher();
  private readonly partyIds: Map<string, number>;
  private readonly dictionary: Buffer;
  private readonly termOffsets: Uint32Array;
  private readonly df: Uint32Array;
  private readonly postingOffsets: Float64Array;
  private scratch = Buffer.allocUnsafe(1 << 16);
  private fd: number | undefined;
  /** Where the postings start in the file: right after the head. */
  private readonly postingsAt: number;

  private constructor(readonly path: string, fd: number, head: Buffer, private readonly header: Buffer, private readonly docs: DocTable) {
    this.fd = fd;
    this.postingsAt = HEADER + head.length;
    const n = header.readUInt32LE(12);
    const metaBytes = header.readUInt32LE(16);
    const dictBytes = header.readUInt32LE(20);
    this.dictionary = head.subarray(metaBytes, metaBytes + dictBytes);
    const tablesAt = align(HEADER + metaBytes + dictBytes, 8) - HEADER;
    // The head is read into its own, 8-aligned buffer: typed views on it cost nothing.
    this.postingOffsets = new Float64Array(head.buffer, head.byteOffset + tablesAt, n + 1);
    this.termOffsets = new Uint32Array(head.buffer, head.byteOffset + tablesAt + 8 * (n + 1), n + 1);
    this.df = new Uint32Array(head.buffer, head.byteOffset + tablesAt + 12 * (n + 1), n);
    this.partyIds = new Map(docs.partyNames.map((p, i) => [p, i]));
  }

  /**
   * Checks and reads the head that `open` and `openAsync` have read, yielding after every
   * 256 KB of checksum and between the checks of the document table, so that openAsync can give
   * the thread back between slices.
   */
  private static *load(path: string, fd: number, header: Buffer, head: Buffer): Generator<void, PackedIndex> {
    let crc = 0;
    for (let at = 0; at < head.length; at += CRC_CHUNK) {
      crc = crc32(head.subarray(at, Math.min(head.length, at + CRC_CHUNK)), crc);
      yield;
    }
    if (crc !== header.readUInt32LE(24)) throw new IndexFileError(`the index ${path} is damaged (checksum)`);
    const metaBytes = header.readUInt32LE(16);
    if (metaBytes % 4 !== 0) throw new IndexFileError(`the index ${path} is damaged (document table size)`);
    const docs = yield* DocTable.read(header.readUInt32LE(8), head.subarray(0, metaBytes), (what) => new IndexFileError(`the index ${path} is damaged (${what})`));
    return new PackedIndex(path, fd, head, header, docs);
  }

  /** Reads the first bytes and says how long the head is; throws IndexFileError for another format or version. */
  private static headLength(path: string, header: Buffer, read: number): number {
    if (read !== HEADER || header.readUInt32LE(0) !== MAGIC) throw new IndexFileError(`${path} is not an index file`);
    const version = header.readUInt32LE(4);
    if (version !== INDEX_VERSION) throw new IndexFileError(`the index ${path} has version ${version}; this version uses ${INDEX_VERSION}`);
    const n = header.readUInt32LE(12);
    const metaBytes = header.readUInt32LE(16);
    const dictBytes = header.readUInt32LE(20);
    return align(HEADER + metaBytes + dictBytes, 8) - HEADER + 4 * (n + 1) + 4 * n + 8 * (n + 1);
  }

  /**
   * Opens an index file without holding the thread for more than about `sliceMs` at a time: the
   * head is read asynchronously, checked and parsed in slices. Throws IndexFileError like `open`.
   */
  static async openAsync(path: string, sliceMs = 20): Promise<PackedIndex> {
    let fd: number;
    try {
      fd = await new Promise<number>((resolve, reject) => { fsOpen(path, 'r', (err, n) => (err ? reject(err) : resolve(n))); });
    } catch (err) {
      throw new IndexFileError(`the index ${path} could not be opened (${(err as Error).message})`);
    }
    const read = (buffer: Buffer, position: number): Promise<number> => new Promise((resolve, reject) => {
      fsRead(fd, buffer, 0, buffer.length, position, (err, n) => (err ? reject(err) : resolve(n)));
    });
    try {
      const header = Buffer.alloc(HEADER);
      const head = Buffer.from(new ArrayBuffer(PackedIndex.headLength(path, header, await read(header, 0))));
      if (await read(head, HEADER) !== head.length) throw new IndexFileError(`the index ${path} is cut short`);
      const loading = PackedIndex.load(path, fd, header, head);
      let started = Date.now();
      for (;;) {
        const step = loading.next();
        if (step.done) return step.value;
        if (Date.now() - started >= sliceMs) {
          // A timer, not setImmediate: a whole turn of the event loop (timers, I/O) runs between slices.
          await new Promise((resolve) => setTimeout(resolve, 0));
          started = Date.now();
        }
      }
    } catch (err) {
      closeSync(fd);
      if (err instanceof IndexFileError) throw err;
      throw new IndexFileError(`the index ${path} could not be read (${(err as Error).message})`);
    }
  }

  /** Opens an index file; throws IndexFileError when it is missing, damaged or of another version. */
  static open(path: string): PackedIndex {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw new IndexFileError(`the index ${path} could not be opened (${(err as Error).message})`);
    }
    try {
      const header = Buffer.alloc(HEADER);
      const head = Buffer.from(new ArrayBuffer(PackedIndex.headLength(path, header, readSync(fd, header, 0, HEADER, 0))));
      if (readSync(fd, head, 0, head.length, HEADER) !== head.length) throw new IndexFileError(`the index ${path} is cut short`);
      const loading = PackedIndex.load(path, fd, header, head);
      for (;;) {
        const step = loading.next();
        if (step.done) return step.value;
      }
    } catch (err) {
      closeSync(fd);
      if (err instanceof IndexFileError) throw err;
      throw new IndexFileError(`the index ${path} could not be read (${(err as Error).message})`);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.searcher.search(this, query, options);
  }

  /** The key of the item that has this document id (zaak, kv-…, ah-…), in O(1). */
  keyOfDocument(id: string): string | undefined {
    const doc = this.docs.docOf(id);
    return doc === undefined ? undefined : this.docs.keyAt(doc);
  }

  /** The document number of an item's key, if the file has the item. */
  docOfKey(key: string): number | undefined {
    const doc = this.docs.docOf(key);
    return doc !== undefined && this.docs.isKey(doc, key) ? doc : undefined;
  }

  /** The item file a document was indexed from and its stamp then ('' when unknown). */
  originOf(doc: number): { file: string; stamp: string } {
    return { file: this.docs.fileOf(doc), stamp: this.docs.stampOf(doc) };
  }

  /** Whether document `doc` was indexed from item file `file` with stamp `stamp` (without decoding either). */
  hasOrigin(doc: number, file: string, stamp: string): boolean {
    return this.docs.hasOrigin(doc, file, stamp);
  }

  /** Every document id the index knows. */
  documentIds(): string[] {
    return this.docs.ids();
  }

  /** The keys of the items in the file, in document order (decoded at each call). */
  get keys(): readonly string[] {
    const keys: string[] = [];
    for (let doc = 0; doc < this.docs.size; doc++) keys.push(this.docs.keyAt(doc));
    return keys;
  }

  /** Reads the whole postings section and checks its checksum (run it in the background). */
  async verify(): Promise<boolean> {
    const length = this.header.readDoubleLE(32);
    const start = this.postingsAt;
    const handle = await fsp.open(this.path, 'r');
    try {
      let crc = 0;
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (let at = 0; at < length;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - at), start + at);
        if (bytesRead === 0) return false;
        crc = crc32(buffer.subarray(0, bytesRead), crc);
        at += bytesRead;
      }
      return crc === this.header.readUInt32LE(28);
    } finally {
      await handle.close();
    }
  }

  // ── PostingSource ───────────────────────────────────────────────────────────────────────

  get size(): number {
    return this.docs.size;
  }

  get docLimit(): number {
    return this.docs.size;
  }

  termOf(term: string): number | undefined {
    const i = this.lowerBound(term);
    return i < this.df.length && this.termName(i) === term ? i : undefined;
  }

  expand(prefix: string): number[] {
    const lo = this.lowerBound(prefix);
    const hi = this.lowerBound(`${prefix}\uffff`);
    const found: number[] = [];
    for (let i = lo; i < hi; i++) found.push(i);
    if (found.length <= MAX_EXPANSIONS) return found;
    return found.sort((a, b) => this.df[b]! - this.df[a]!).slice(0, MAX_EXPANSIONS);
  }

  dfOf(term: number): number {
    return this.df[term]!;
  }

  forEachPosting(term: number, fn: (doc: number, weight: number, sig: number, pred: number) => void): void {
    if (this.fd === undefined) throw new Error(`the index ${this.path} is closed`);
    const from = this.postingOffsets[term]!;
    const length = this.postingOffsets[term + 1]! - from;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    const bytes = this.scratch;
    readSync(this.fd, bytes, 0, length, this.postingsAt + from);
    decodePostings(bytes, length, fn);
  }

  isAlive(): boolean {
    return true;
  }

  statusOf(doc: number): number {
    return this.docs.status[doc]!;
  }

  dateOf(doc: number): number {
    return this.docs.date[doc]!;
  }

  partiesOf(doc: number): readonly number[] | undefined {
    return doc < this.docs.size ? this.docs.partiesOf(doc) : undefined;
  }

  partyIdOf(folded: string): number | undefined {
    return this.partyIds.get(folded);
  }

  keyAt(doc: number): string {
    return this.docs.keyAt(doc);
  }

  /** The (folded) name of a party number. */
  partyName(id: number): string {
    return this.docs.partyNames[id]!;
  }

  // ── PackInput (to write a merged file) ─────────────────────────────────────────────────

  forEachDocument(fn: (doc: number, key: string, status: number, date: number, parties: readonly string[], ids: readonly string[], file: string, stamp: string) => void): void {
    const d = this.docs;
    for (let doc = 0; doc < d.size; doc++) {
      fn(doc, d.keyAt(doc), d.status[doc]!, d.date[doc]!, d.partiesOf(doc).map((p) => d.partyNames[p]!), d.idsOf(doc), d.fileOf(doc), d.stampOf(doc));
    }
  }

  forEachTerm(fn: (name: string, term: number) => void): void {
    for (let i = 0; i < this.df.length; i++) fn(this.termName(i), i);
  }

  /** How many terms the file has (numbered 0… in sorted order). */
  get termCount(): number {
    return this.df.length;
  }

  /**
   * A reader of the postings term by term in increasing term order (as packMergedTo walks them):
   * it reads the file in large sequential pieces and returns the buffer with the term's span.
   */
  postingReader(): (term: number) => [bytes: Buffer, from: number, to: number] {
    const PIECE = 4 << 20;
    let buffer = Buffer.allocUnsafe(PIECE);
    let start = 0; // file offset (within the postings) of buffer[0]
    let end = 0; // of the end of what buffer holds
    return (term) => {
      if (this.fd === undefined) throw new Error(`the index ${this.path} is closed`);
      const from = this.postingOffsets[term]!;
      const to = this.postingOffsets[term + 1]!;
      if (from < start || to > end) {
        if (to - from > buffer.length) buffer = Buffer.allocUnsafe(to - from);
        const want = Math.min(buffer.length, this.postingOffsets[this.df.length]! - from);
        const read = readSync(this.fd, buffer, 0, want, this.postingsAt + from);
        if (read < to - from) throw new IndexFileError(`the index ${this.path} is cut short`);
        start = from;
        end = from + read;
      }
      return [buffer, from - start, to - start];
    };
  }

  /** The name of term number `i` (terms are numbered in sorted order). */
  termName(i: number): string {
    return this.dictionary.toString('utf8', this.termOffsets[i]!, this.termOffsets[i + 1]!);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  /** The first term ≥ `term` (JavaScript string order, as the file is sorted). */
  private lowerBound(term: string): number {
    let lo = 0;
    let hi = this.df.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.termName(mid) < term) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
