/**
 * The catalog of a library: what the store keeps in memory of every item (its head and what is
 * known of the copy) with the stamp of the item file it came from, so that a library of the whole
 * archive opens without reading 60,000 files. It is a cache, never the authority: the store checks
 * every item file's stamp against it in the background and rereads what differs. A catalog that
 * cannot be used (missing, another version, another library, cut off, its checksum wrong) is
 * ignored as a whole, so the store reads the item files.
 *
 * Opening reads only the start of each line (file, stamp, key, copy, document ids); the head is
 * decoded from the rest of the line when something first asks for it (CatalogItem), so that the
 * first search of a library of the whole archive does not wait for 60,000 heads nobody looked at
 * yet, and the bytes of a line take less memory than the objects of its head. A line whose head
 * turns out not to be what `encode` writes gives a head made of its start and has its item file
 * read again (`onBadLine`).
 *
 * Format (UTF-8, one line each, so that reading it can pause between lines):
 *   {"kind":"kamervragen-catalog","version":3,"schema":<item schema>,"library":"<folder>","items":<n>}
 *   <start>\t<head>                         n lines, JSON arrays (see `encode`); JSON has no raw tab
 *   {"end":<n>,"crc":<CRC-32 of every byte between the first line and this one>}
 * Written atomically (store.ts writeAtomic), like everything else the store writes.
 */
import * as fs from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { FORMAT, STATUSES } from '../model';
import type { Addressee, Answerer, DocumentKind, DocumentRef, KamervraagHead, Notice, NoticeKind, Status, Submitter } from '../model';
import { SCHEMA } from './schema';
import { tryParseId } from '../ids';
import type { StoredItem } from './store';
import { keyOf, writeAtomic } from './store';

const KIND = 'kamervragen-catalog';
const VERSION = 3;
/** The longest the thread is held while the catalog is read or written. */
const SLICE_MS = 15;
const TAB = 9;
const NEWLINE = 10;

/** One item as the store gives it to be written. */
export interface CatalogEntry {
  /** The item file's base name in items/. */
  readonly name: string;
  readonly stamp: string;
  readonly item: StoredItem;
}

/** Yields the thread once `started` is more than a slice ago; returns the new start. */
async function pause(started: number): Promise<number> {
  if (Date.now() - started < SLICE_MS) return started;
  await new Promise((resolveImmediate) => setImmediate(resolveImmediate));
  return Date.now();
}

/**
 * The bytes of one catalog as read, shared by the items read from it, and let go of once every
 * one of them has its head (then the heads are what is in memory, not the lines as well).
 */
class Source {
  decoder: Decoder | undefined = new Decoder();
  undecoded = 0;
  constructor(public bytes: Buffer | undefined, readonly onBadLine: (name: string) => void) {}

  decoded(): void {
    if (--this.undecoded > 0) return;
    this.bytes = undefined;
    this.decoder = undefined;
  }
}

/**
 * An item of the catalog: what opening needs is read at once, the head when first asked for. It
 * is a StoredItem like any other (its head a plain object, the same for every call).
 */
export class CatalogItem implements StoredItem {
  #decoded: Decoded | undefined;

  constructor(readonly key: string, private readonly from: Source, private readonly line: number, private readonly lineEnd: number) {
    from.undecoded++;
  }

  get savedAt(): string {
    return this.decode().savedAt;
  }

  get fetchedAt(): string | null {
    return this.decode().fetchedAt;
  }

  get etag(): string | undefined {
    return this.decode().etag ?? undefined;
  }

  get lastModified(): string | undefined {
    return this.decode().lastModified ?? undefined;
  }

  get source(): string | undefined {
    return this.decode().source ?? undefined;
  }

  get head(): KamervraagHead {
    return this.decode().head;
  }

  private decode(): Decoded {
    if (this.#decoded) return this.#decoded;
    const bytes = this.from.bytes!; // kept until every item of the catalog has been decoded
    const tab = bytes.indexOf(TAB, this.line);
    const start = readStart(parse(bytes.toString('utf8', this.line, tab)));
    const decoded = start ? this.from.decoder!.decode(parse(bytes.toString('utf8', tab + 1, this.lineEnd)), start.ids) : undefined;
    this.from.decoded();
    if (decoded && keyOf(decoded.head) === this.key) {
      this.#decoded = decoded;
    } else {
      // Not what `encode` writes (a fault of ours, or of the disk the checksum missed): a head of
      // what the start says (and the oldest of copies) until the item file, read again, replaces this item.
      this.#decoded = { savedAt: '', fetchedAt: null, etag: null, lastModified: null, source: null, head: placeholderHead(this.key, start?.ids ?? []) };
      this.from.onBadLine(start?.name ?? '');
    }
    return this.#decoded;
  }

  /** Whether its head has been decoded (so that asking for it costs nothing). */
  get decoded(): boolean {
    return this.#decoded !== undefined;
  }

  /**
   * The line as written, with the file's name and stamp as they are now (the head not decoded);
   * undefined once the catalog's bytes have been let go.
   */
  lineText(name: string, stamp: string): string | undefined {
    const bytes = this.from.bytes;
    if (!bytes) return undefined;
    const tab = bytes.indexOf(TAB, this.line);
    const start = parse(bytes.toString('utf8', this.line, tab)) as unknown[];
    start[0] = name;
    start[1] = stamp;
    return `${JSON.stringify(start)}${bytes.toString('utf8', tab, this.lineEnd)}`;
  }

  /** As a plain item (JSON.stringify and object spread do not see a getter of the class). */
  toJSON(): StoredItem {
    return plainItem(this);
  }
}

/** A StoredItem as a plain object. */
export function plainItem(item: StoredItem): StoredItem {
  const out: { -readonly [K in keyof StoredItem]: StoredItem[K] } = { key: item.key, savedAt: item.savedAt, fetchedAt: item.fetchedAt, head: item.head };
  if (item.etag !== undefined) out.etag = item.etag;
  if (item.lastModified !== undefined) out.lastModified = item.lastModified;
  if (item.source !== undefined) out.source = item.source;
  return out;
}

function placeholderHead(key: string, ids: readonly string[]): KamervraagHead {
  return {
    format: FORMAT, zaak: tryParseId(key)?.kind === 'zaak' ? key : null, house: 'tk', title: key, submitted: null, answered: null,
    daysToAnswer: null, deadline: null, status: 'answered-date-unknown', vergaderjaar: null, submitters: [], addressees: [],
    answeredBy: [], topics: [], documents: ids.map((id) => ({ id, kind: id === key ? 'answer' : 'related', date: null, url: null })), notices: [],
  };
}

/**
 * Reads the catalog of the library in `dir`, giving each item to `onEntry` with the name and
 * stamp of its file and its document ids (the thread is given back between slices). False when
 * there is none that can be used (missing, of another version or library, cut short): the caller
 * then forgets what it was given and reads the item files. Otherwise a function that checks the
 * checksum (in slices; meant for the background, with the check of the item files): when it says
 * false, the catalog was damaged and every item is to be read from its file. `onBadLine` is called
 * with an item file's name when a line decoded later is not as written.
 */
export async function readCatalog(
  path: string, dir: string,
  onEntry: (name: string, stamp: string, item: CatalogItem, ids: readonly string[]) => void,
  onBadLine: (name: string) => void,
): Promise<false | (() => Promise<boolean>)> {
  let bytes: Buffer;
  try {
    bytes = await readWhole(path);
  } catch {
    return false;
  }
  let at = bytes.indexOf(NEWLINE);
  if (at < 0) return false;
  const header = parse(bytes.toString('utf8', 0, at));
  if (!isRecord(header) || header.kind !== KIND || header.version !== VERSION || header.schema !== SCHEMA
    || header.library !== resolve(dir) || typeof header.items !== 'number') return false;
  // The trailer: the count and the checksum of the lines.
  const body = at + 1;
  if (bytes.length < 2 || bytes[bytes.length - 1] !== NEWLINE) return false;
  const trailerStart = bytes.lastIndexOf(NEWLINE, bytes.length - 2) + 1;
  if (trailerStart < body) return false;
  const trailer = parse(bytes.toString('utf8', trailerStart, bytes.length - 1));
  if (!isRecord(trailer) || trailer.end !== header.items || typeof trailer.crc !== 'number') return false;
  const expected = trailer.crc;
  const checksum = async (): Promise<boolean> => {
    let crc = 0;
    for (let from = body; from < trailerStart; from += 1 << 20) {
      crc = crc32(bytes.subarray(from, Math.min(trailerStart, from + (1 << 20))), crc);
      await new Promise((resolveImmediate) => setImmediate(resolveImmediate));
    }
    return crc === expected;
  };

  let started = Date.now();
  const source = new Source(bytes, onBadLine);
  let read = 0;
  for (let line = body; line < trailerStart; line = at + 1) {
    if ((read & 63) === 63) started = await pause(started);
    at = bytes.indexOf(NEWLINE, line);
    const tab = bytes.indexOf(TAB, line);
    if (tab < 0 || tab > at) return false;
    const start = readStart(parse(bytes.toString('utf8', line, tab)));
    if (!start) return false;
    onEntry(start.name, start.stamp, new CatalogItem(start.key, source, line, at), start.ids);
    read++;
  }
  return read === header.items && checksum;
}

/** Writes the catalog of the library in `dir` (atomically; the thread is given back between slices). */
export async function writeCatalog(path: string, dir: string, entries: readonly CatalogEntry[]): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  await writeAtomic(dirname(path), basename(path), async (handle) => {
    const header = { kind: KIND, version: VERSION, schema: SCHEMA, library: resolve(dir), items: entries.length };
    await handle.write(`${JSON.stringify(header)}\n`, null, 'utf8');
    let crc = 0;
    let chunk = '';
    const flush = async (): Promise<void> => {
      const bytes = Buffer.from(chunk, 'utf8');
      crc = crc32(bytes, crc);
      await handle.write(bytes);
      chunk = '';
    };
    let started = Date.now();
    for (let i = 0; i < entries.length; i++) {
      chunk += `${encode(entries[i]!)}\n`;
      if (chunk.length > 1 << 20) await flush();
      if ((i & 63) === 63) started = await pause(started);
    }
    await flush();
    await handle.write(`${JSON.stringify({ end: entries.length, crc })}\n`, null, 'utf8');
  });
}

/** The file in one read call (fs.readFile reads in chunks of 512 KB, each a round trip to the thread pool). */
async function readWhole(path: string): Promise<Buffer> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done < size ? bytes.subarray(0, done) : bytes;
  } finally {
    await handle.close();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ── one line ──────────────────────────────────────────────────────────────────────────────────
//
// Two JSON arrays separated by a tab, positional so that a line is short and read without
// looking up field names. The start, read at open:
//   [name, stamp, key, document id, …]
// and the copy and its head, read when asked for (absent fetchedAt, etag, lastModified and source as null):
//   [savedAt, fetchedAt, etag, lastModified, source, zaak, house, title, submitted, answered, daysToAnswer, deadline, status, vergaderjaar,
//    [name, party, …], [name, role, …], [[name, role, party(, onBehalfOf)], …], [topic, …],
//    [kind, date, url, …] (one for each document id of the start, in its order),
//    [kind, date, text, …], questionCount, answerCount]

function encode(e: CatalogEntry): string {
  const i = e.item;
  const line = i instanceof CatalogItem ? i.lineText(e.name, e.stamp) : undefined;
  if (line !== undefined) return line;
  const h = i.head;
  const start = JSON.stringify([e.name, e.stamp, i.key, ...h.documents.map((d) => d.id)]);
  return `${start}\t${JSON.stringify([
    i.savedAt, i.fetchedAt, i.etag ?? null, i.lastModified ?? null, i.source ?? null,
    h.zaak, h.house, h.title, h.submitted, h.answered, h.daysToAnswer, h.deadline, h.status, h.vergaderjaar,
    h.submitters.flatMap((s) => [s.name, s.party]),
    h.addressees.flatMap((a) => [a.name, a.role]),
    h.answeredBy.map((a) => (isStringList(a.onBehalfOf) ? [a.name, a.role, a.party, a.onBehalfOf] : [a.name, a.role, a.party])),
    h.topics,
    h.documents.flatMap((d) => [d.kind, d.date, d.url]),
    h.notices.flatMap((n) => [n.kind, n.date, n.text]),
    h.questionCount ?? 0, h.answerCount ?? 0,
  ])}`;
}

/** The start of a line, as `encode` writes it. */
interface Start {
  name: string;
  stamp: string;
  key: string;
  ids: string[];
}

/** The rest of a line. */
interface Decoded {
  savedAt: string;
  fetchedAt: string | null;
  etag: string | null;
  lastModified: string | null;
  source: string | null;
  head: KamervraagHead;
}

function readStart(raw: unknown): Start | undefined {
  if (!Array.isArray(raw) || raw.length < 3 || !raw.every((v) => typeof v === 'string')) return undefined;
  const [name, stamp, key, ...ids] = raw as [string, string, string, ...string[]];
  if (!name.endsWith('.json') || name.includes('/') || name.includes('\\') || key === '') return undefined;
  return { name, stamp, key, ids };
}

class Bad extends Error {}

const EMPTY: never[] = [];
Object.freeze(EMPTY);

function str(v: unknown): string {
  if (typeof v !== 'string') throw new Bad();
  return v;
}

function strOrNull(v: unknown): string | null {
  return v === null ? null : str(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** A whole number as the item schema allows it (days to answer are negative when a source's dates are). */
function integer(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Bad();
  return v;
}

function count(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Bad();
  return v;
}

/**
 * A list of exactly `n` places: one filled by push() starts with room for 17, which at a few
 * hundred thousand lists is tens of MB for nothing.
 */
function exactly<T>(n: number): T[] {
  return new Array<T>(n);
}

function list(v: unknown, width: number): unknown[] {
  if (!Array.isArray(v) || v.length % width !== 0) throw new Bad();
  return v;
}

/**
 * Reads heads as `encode` writes them, every value checked for its type. The strings that repeat
 * across items (names, parties, offices, dates, kinds) are shared, and empty lists are one frozen list.
 */
class Decoder {
  private readonly strings = new Map<string, string>();

  private shared(v: unknown): string {
    const s = str(v);
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  private sharedOrNull(v: unknown): string | null {
    return v === null ? null : this.shared(v);
  }

  /** The copy and its head, or undefined when the line is not what `encode` writes. */
  decode(raw: unknown, ids: readonly string[]): Decoded | undefined {
    try {
      const all = list(raw, 22);
      if (all.length !== 22) return undefined;
      const head = this.head(all.slice(5), ids);
      return head && { savedAt: str(all[0]), fetchedAt: strOrNull(all[1]), etag: strOrNull(all[2]), lastModified: strOrNull(all[3]), source: strOrNull(all[4]), head };
    } catch (err) {
      if (err instanceof Bad) return undefined;
      throw err;
    }
  }

  private head(h: unknown[], ids: readonly string[]): KamervraagHead | undefined {
    const house = str(h[1]);
    const status = str(h[7]);
    if ((house !== 'tk' && house !== 'ek') || !(STATUSES as readonly string[]).includes(status)) return undefined;
    return {
      format: FORMAT, zaak: strOrNull(h[0]), house, title: str(h[2]), submitted: this.sharedOrNull(h[3]), answered: this.sharedOrNull(h[4]),
      daysToAnswer: h[5] === null ? null : integer(h[5]), deadline: this.sharedOrNull(h[6]), status: status as Status,
      vergaderjaar: this.sharedOrNull(h[8]), submitters: this.submitters(h[9]), addressees: this.addressees(h[10]),
      answeredBy: this.answerers(h[11]), topics: this.topics(h[12]), documents: this.documents(h[13], ids), notices: this.notices(h[14]),
      questionCount: count(h[15]), answerCount: count(h[16]),
    };
  }

  /** A flat list of `width` values a record, as records made by `make` (from the record's first value's index). */
  private runs<T>(v: unknown, width: number, make: (xs: unknown[], at: number) => T): T[] {
    const xs = list(v, width);
    if (xs.length === 0) return EMPTY;
    const out = exactly<T>(xs.length / width);
    for (let i = 0; i < xs.length; i += width) out[i / width] = make(xs, i);
    return out;
  }

  private submitters(v: unknown): Submitter[] {
    return this.runs(v, 2, (xs, i) => ({ name: this.shared(xs[i]), party: this.sharedOrNull(xs[i + 1]) }));
  }

  private addressees(v: unknown): Addressee[] {
    return this.runs(v, 2, (xs, i) => ({ name: this.sharedOrNull(xs[i]), role: this.shared(xs[i + 1]) }));
  }

  private answerers(v: unknown): Answerer[] {
    const xs = list(v, 1);
    if (xs.length === 0) return EMPTY;
    return xs.map((a) => {
      if (!Array.isArray(a) || (a.length !== 3 && a.length !== 4)) throw new Bad();
      const answerer: Answerer = { name: this.shared(a[0]), role: this.sharedOrNull(a[1]), party: this.sharedOrNull(a[2]) };
      if (a.length === 4) answerer.onBehalfOf = list(a[3], 1).map((x) => this.shared(x));
      return answerer;
    });
  }

  private topics(v: unknown): string[] {
    const xs = list(v, 1);
    return xs.length === 0 ? EMPTY : xs.map((t) => this.shared(t));
  }

  private documents(v: unknown, ids: readonly string[]): DocumentRef[] {
    if (list(v, 3).length !== ids.length * 3) throw new Bad();
    return this.runs(v, 3, (xs, i) => ({ id: ids[i / 3]!, kind: this.shared(xs[i]) as DocumentKind, date: this.sharedOrNull(xs[i + 1]), url: strOrNull(xs[i + 2]) }));
  }

  private notices(v: unknown): Notice[] {
    return this.runs(v, 3, (xs, i) => ({ kind: this.shared(xs[i]) as NoticeKind, date: this.sharedOrNull(xs[i + 1]), text: str(xs[i + 2]) }));
  }
}
