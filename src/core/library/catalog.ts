/**
 * The catalog of a library: what the store keeps in memory of every item (its head and what is
 * known of the copy) with the stamp of the item file it came from, so that a library of the whole
 * archive opens without reading 60,000 files. It is a cache, never the authority: the store checks
 * every item file's stamp against it in the background and rereads what differs. A catalog that
 * cannot be used (missing, another version, another library, cut off) is ignored as a whole, so the
 * store reads the item files; a line that is not what `encode` writes is left out, so that its item
 * file is read.
 *
 * Format (UTF-8, one JSON value a line, so that reading it can pause between lines):
 *   {"kind":"kamervragen-catalog","version":2,"schema":<item schema>,"library":"<folder>","items":<n>}
 *   one line per item, positional (see `encode`)      (n lines)
 * Written atomically (store.ts writeAtomic), like everything else the store writes.
 */
import * as fs from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { FORMAT, STATUSES } from '../model';
import type { Addressee, Answerer, DocumentKind, DocumentRef, KamervraagHead, Notice, NoticeKind, Status, Submitter } from '../model';
import { SCHEMA } from './schema';
import type { ItemMeta } from './store';
import { writeAtomic } from './store';

const KIND = 'kamervragen-catalog';
const VERSION = 2;
/** The longest the thread is held while the catalog is read or written. */
const SLICE_MS = 15;

export interface CatalogEntry {
  /** The item file's base name in items/. */
  readonly name: string;
  readonly stamp: string;
  readonly meta: ItemMeta;
  readonly head: KamervraagHead;
}

/** Yields the thread once `started` is more than a slice ago; returns the new start. */
async function pause(started: number): Promise<number> {
  if (Date.now() - started < SLICE_MS) return started;
  await new Promise((resolveImmediate) => setImmediate(resolveImmediate));
  return Date.now();
}

/**
 * Reads the catalog of the library in `dir`, giving each entry to `onEntry` as it is read (the
 * thread is given back between slices). False when there is none that can be used (missing, of
 * another version or library, cut short): the caller then forgets what it was given and reads the
 * item files. A single line that is not as written is left out; the caller's check of the item
 * files finds that item's file unknown and reads it.
 */
export async function readCatalog(path: string, dir: string, onEntry: (entry: CatalogEntry) => void): Promise<boolean> {
  let bytes: Buffer;
  try {
    bytes = await readWhole(path);
  } catch {
    return false;
  }
  let at = bytes.indexOf(10);
  if (at < 0) return false;
  const header = parse(bytes.toString('utf8', 0, at));
  if (!isRecord(header) || header.kind !== KIND || header.version !== VERSION || header.schema !== SCHEMA
    || header.library !== resolve(dir) || typeof header.items !== 'number') return false;
  const decoder = new Decoder();
  let read = 0;
  let started = Date.now();
  for (let start = at + 1; start < bytes.length; start = at + 1) {
    if ((read & 63) === 63) started = await pause(started);
    at = bytes.indexOf(10, start);
    if (at < 0) return false; // cut off
    // A line that is not as written is left out: its item file is read in the check that follows.
    const entry = decoder.decode(parse(bytes.toString('utf8', start, at)));
    if (entry) onEntry(entry);
    read++;
  }
  return read === header.items;
}

/** Writes the catalog of the library in `dir` (atomically; the thread is given back between slices). */
export async function writeCatalog(path: string, dir: string, entries: readonly CatalogEntry[]): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  await writeAtomic(dirname(path), basename(path), async (handle) => {
    const header = { kind: KIND, version: VERSION, schema: SCHEMA, library: resolve(dir), items: entries.length };
    let chunk = `${JSON.stringify(header)}\n`;
    let started = Date.now();
    for (let i = 0; i < entries.length; i++) {
      chunk += `${JSON.stringify(encode(entries[i]!))}\n`;
      if (chunk.length > 1 << 20) {
        await handle.write(chunk, null, 'utf8');
        chunk = '';
      }
      if ((i & 63) === 63) started = await pause(started);
    }
    await handle.write(chunk, null, 'utf8');
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
// Positional, so that a line is short and read without looking up field names:
//   [name, stamp, [savedAt, fetchedAt, etag, lastModified, source],
//    [zaak, house, title, submitted, answered, daysToAnswer, deadline, status, vergaderjaar,
//     [name, party, …], [name, role, …], [[name, role, party(, onBehalfOf)], …], [topic, …],
//     [id, kind, date, url, …], [kind, date, text, …], questionCount, answerCount]]
// (absent etag, lastModified and source as null).

function encode(e: CatalogEntry): unknown[] {
  const m = e.meta;
  const h = e.head;
  return [e.name, e.stamp, [m.savedAt, m.fetchedAt, m.etag ?? null, m.lastModified ?? null, m.source ?? null], [
    h.zaak, h.house, h.title, h.submitted, h.answered, h.daysToAnswer, h.deadline, h.status, h.vergaderjaar,
    h.submitters.flatMap((s) => [s.name, s.party]),
    h.addressees.flatMap((a) => [a.name, a.role]),
    h.answeredBy.map((a) => (isStringList(a.onBehalfOf) ? [a.name, a.role, a.party, a.onBehalfOf] : [a.name, a.role, a.party])),
    h.topics,
    h.documents.flatMap((d) => [d.id, d.kind, d.date, d.url]),
    h.notices.flatMap((n) => [n.kind, n.date, n.text]),
    h.questionCount ?? 0, h.answerCount ?? 0,
  ]];
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
 * Reads lines as `encode` writes them, every value checked for its type (a line that is not what
 * `encode` writes makes the catalog unusable). The strings that repeat across items (names,
 * parties, offices, dates, kinds) are shared, and empty lists are one frozen list.
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

  decode(raw: unknown): CatalogEntry | undefined {
    try {
      return this.entry(raw);
    } catch (err) {
      if (err instanceof Bad) return undefined;
      throw err;
    }
  }

  private entry(raw: unknown): CatalogEntry | undefined {
    if (!Array.isArray(raw) || raw.length !== 4) return undefined;
    const name = str(raw[0]);
    if (!name.endsWith('.json') || name.includes('/') || name.includes('\\')) return undefined;
    const m = list(raw[2], 5);
    const h = list(raw[3], 17);
    if (m.length !== 5 || h.length !== 17) return undefined;
    const meta: ItemMeta = { schema: SCHEMA, savedAt: str(m[0]), fetchedAt: strOrNull(m[1]) };
    if (m[2] !== null) meta.etag = str(m[2]);
    if (m[3] !== null) meta.lastModified = str(m[3]);
    if (m[4] !== null) meta.source = str(m[4]);
    const house = str(h[1]);
    const status = str(h[7]);
    if ((house !== 'tk' && house !== 'ek') || !(STATUSES as readonly string[]).includes(status)) return undefined;
    const zaak = strOrNull(h[0]);
    const documents = this.documents(h[13]);
    if (zaak === null && documents.length === 0) return undefined; // no key
    const head: KamervraagHead = {
      format: FORMAT, zaak, house, title: str(h[2]), submitted: this.sharedOrNull(h[3]), answered: this.sharedOrNull(h[4]),
      daysToAnswer: h[5] === null ? null : integer(h[5]), deadline: this.sharedOrNull(h[6]), status: status as Status,
      vergaderjaar: this.sharedOrNull(h[8]), submitters: this.submitters(h[9]), addressees: this.addressees(h[10]),
      answeredBy: this.answerers(h[11]), topics: this.topics(h[12]), documents, notices: this.notices(h[14]),
      questionCount: count(h[15]), answerCount: count(h[16]),
    };
    return { name, stamp: str(raw[1]), meta, head };
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

  private documents(v: unknown): DocumentRef[] {
    return this.runs(v, 4, (xs, i) => ({ id: str(xs[i]), kind: this.shared(xs[i + 1]) as DocumentKind, date: this.sharedOrNull(xs[i + 2]), url: strOrNull(xs[i + 3]) }));
  }

  private notices(v: unknown): Notice[] {
    return this.runs(v, 3, (xs, i) => ({ kind: this.shared(xs[i]) as NoticeKind, date: this.sharedOrNull(xs[i + 1]), text: str(xs[i + 2]) }));
  }
}
