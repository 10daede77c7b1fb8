/**
 * The catalog of a library: what the store keeps in memory of every item (its head and what is
 * known of the copy) with the stamp of the item file it came from, so that a library of the whole
 * archive opens without reading 60,000 files. It is a cache, never the authority: the store checks
 * every item file's stamp against it in the background and rereads what differs, and a catalog
 * that cannot be used for any reason (missing, another version, another library, cut off,
 * a line that is not what it should be) is ignored as a whole, so the store reads the item files.
 *
 * Format (UTF-8, one JSON value a line, so that reading it can pause between lines):
 *   {"kind":"kamervragen-catalog","version":1,"schema":<item schema>,"library":"<folder>","items":<n>}
 *   ["<item file name>","<stamp>",{<item meta>},{<Kamervraag head>}]      (n lines)
 * Written atomically (store.ts writeAtomic), like everything else the store writes.
 */
import * as fs from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { KamervraagHead } from '../model';
import { SCHEMA } from './schema';
import type { ItemMeta } from './store';
import { writeAtomic } from './store';

const KIND = 'kamervragen-catalog';
const VERSION = 1;
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
  await new Promise((resolveTimer) => setTimeout(resolveTimer, 0));
  return Date.now();
}

/** The catalog of the library in `dir`, or undefined when there is none that can be used. */
export async function readCatalog(path: string, dir: string): Promise<CatalogEntry[] | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch {
    return undefined;
  }
  let at = bytes.indexOf(10);
  if (at < 0) return undefined;
  const header = parse(bytes.toString('utf8', 0, at));
  if (!isRecord(header) || header.kind !== KIND || header.version !== VERSION || header.schema !== SCHEMA
    || header.library !== resolve(dir) || typeof header.items !== 'number') return undefined;
  const entries: CatalogEntry[] = [];
  const strings = new Map<string, string>();
  let started = Date.now();
  for (let start = at + 1; start < bytes.length; start = at + 1) {
    if ((entries.length & 63) === 63) started = await pause(started);
    at = bytes.indexOf(10, start);
    if (at < 0) return undefined; // cut off
    const entry = entryOf(parse(bytes.toString('utf8', start, at)), strings);
    if (!entry) return undefined;
    entries.push(entry);
  }
  return entries.length === header.items ? entries : undefined;
}

/** Writes the catalog of the library in `dir` (atomically; the thread is given back between slices). */
export async function writeCatalog(path: string, dir: string, entries: readonly CatalogEntry[]): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  await writeAtomic(dirname(path), basename(path), async (handle) => {
    const header = { kind: KIND, version: VERSION, schema: SCHEMA, library: resolve(dir), items: entries.length };
    let chunk = `${JSON.stringify(header)}\n`;
    let started = Date.now();
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      chunk += `${JSON.stringify([e.name, e.stamp, e.meta, e.head])}\n`;
      if (chunk.length > 1 << 20) {
        await handle.write(chunk, null, 'utf8');
        chunk = '';
      }
      if ((i & 63) === 63) started = await pause(started);
    }
    await handle.write(chunk, null, 'utf8');
  });
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

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isArrayOf = (v: unknown, check: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);

/**
 * One line as an entry, checked as far as the store relies on it (the rest is the store's own
 * output); the strings that repeat across items (names, parties, roles, kinds) are shared.
 */
function entryOf(raw: unknown, strings: Map<string, string>): CatalogEntry | undefined {
  if (!Array.isArray(raw) || raw.length !== 4) return undefined;
  const [name, stamp, meta, head] = raw as unknown[];
  if (!isString(name) || !name.endsWith('.json') || /[\\/]/.test(name) || !isString(stamp) || !isRecord(meta) || !isRecord(head)) return undefined;
  if (!isString(meta.savedAt) || !isStringOrNull(meta.fetchedAt) || meta.schema !== SCHEMA) return undefined;
  for (const field of ['etag', 'lastModified', 'source'] as const) if (meta[field] !== undefined && !isString(meta[field])) return undefined;
  if (!isString(head.title) || !isString(head.house) || !isString(head.status) || !isStringOrNull(head.zaak)
    || !isStringOrNull(head.submitted) || !isStringOrNull(head.answered) || !isStringOrNull(head.deadline)
    || !isStringOrNull(head.vergaderjaar) || !(head.daysToAnswer === null || typeof head.daysToAnswer === 'number')) return undefined;
  const records = (v: unknown): boolean => isArrayOf(v, isRecord);
  if (!records(head.submitters) || !records(head.addressees) || !records(head.answeredBy) || !records(head.notices)
    || !isArrayOf(head.topics, isString) || typeof head.questionCount !== 'number' || typeof head.answerCount !== 'number') return undefined;
  if (!isArrayOf(head.documents, (d) => isRecord(d) && isString(d.id) && isString(d.kind))) return undefined;
  if (head.zaak === null && (head.documents as unknown[]).length === 0) return undefined; // no key
  const share = (record: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(record)) {
      if (typeof v !== 'string' || v.length > 120) continue;
      const known = strings.get(v);
      if (known === undefined) strings.set(v, v);
      else record[k] = known;
    }
  };
  for (const list of [head.submitters, head.addressees, head.answeredBy, head.documents, head.notices] as Record<string, unknown>[][]) list.forEach(share);
  return { name, stamp, meta: meta as unknown as ItemMeta, head: head as unknown as KamervraagHead };
}
