/**
 * The on-disk form of one library item, its schema versions and the migrations between them.
 *
 * Schema 1 (current), one file `items/{key}.json`:
 *   { "schema": 1, "savedAt": ISO, "fetchedAt": ISO | null, "etag"?: string,
 *     "lastModified"?: string, "source"?: string, "kamervraag": { "format": "kamervraag/1", … } }
 * `savedAt` is when this copy was written; `fetchedAt` when its data was fetched from the official
 * source (null when it came from a file); `etag`/`lastModified` are that response's HTTP validators,
 * so a refresh can be a conditional request; `source` says where the data came from (a URL or path).
 *
 * Schema 0 (documented so that users can drop such files into `items/`): the bare Kamervraag JSON
 * that `kamervragen parse FILE --format json` writes, without a wrapper, recognised by its
 * `"format": "kamervraag/…"` and the absence of `"schema"`.
 */
import { FORMAT, STATUSES as ALL_STATUSES } from '../model';
import type { Kamervraag } from '../model';

export const SCHEMA = 1;

/** Exactly what is written to disk for schema 1. */
export interface ItemFile {
  schema: typeof SCHEMA;
  savedAt: string;
  fetchedAt: string | null;
  etag?: string;
  lastModified?: string;
  source?: string;
  kamervraag: Kamervraag;
}

/** The file cannot be used by this version and must be left alone (it is not damaged). */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
}

/** The file is not a library item (wrong shape); the message says what is wrong. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** What a migration may use besides the raw JSON. */
export interface MigrationContext {
  /** When the file was last written (its mtime), as an ISO time. */
  fileTime: string;
}

type Migration = (raw: Record<string, unknown>, context: MigrationContext) => Record<string, unknown>;

/** MIGRATIONS[n] turns schema n into schema n + 1. */
const MIGRATIONS: Record<number, Migration> = {
  0: (raw, context) => ({ schema: 1, savedAt: context.fileTime, fetchedAt: null, kamervraag: raw }),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema version of raw JSON: its `schema` field, 0 for a bare Kamervraag. */
export function schemaOf(raw: unknown): number {
  if (!isRecord(raw)) throw new ShapeError(`expected a JSON object, found ${describe(raw)}`);
  if ('schema' in raw) {
    const schema = raw.schema;
    if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 0) {
      throw new ShapeError(`"schema" must be a whole number, found ${describe(schema)}`);
    }
    return schema;
  }
  if (typeof raw.format === 'string' && raw.format.startsWith('kamervraag/')) return 0;
  throw new ShapeError('neither a library item (no "schema") nor a Kamervraag (no "format": "kamervraag/1")');
}

/**
 * Brings raw JSON of any known schema to the current one and checks its shape.
 * Throws NewerSchemaError for a schema (or Kamervraag format) newer than this version knows,
 * ShapeError for anything else that is not an item.
 */
export function migrate(raw: unknown, context: MigrationContext): ItemFile {
  let schema = schemaOf(raw);
  if (schema > SCHEMA) {
    throw new NewerSchemaError(`written by a newer version of the extension (item schema ${schema}; this version reads up to ${SCHEMA})`);
  }
  let current = raw as Record<string, unknown>;
  while (schema < SCHEMA) {
    const step = MIGRATIONS[schema];
    if (!step) throw new ShapeError(`no migration from item schema ${schema}`);
    current = step(current, context);
    schema++;
  }
  return checkItem(current);
}

/** `raw` as an ItemFile of the current schema, or a ShapeError naming the first thing wrong. */
export function checkItem(raw: Record<string, unknown>): ItemFile {
  if (raw.schema !== SCHEMA) throw new ShapeError(`"schema" must be ${SCHEMA}`);
  if (!isIsoTime(raw.savedAt)) throw new ShapeError(`"savedAt" must be an ISO time, found ${describe(raw.savedAt)}`);
  if (raw.fetchedAt !== null && !isIsoTime(raw.fetchedAt)) {
    throw new ShapeError(`"fetchedAt" must be an ISO time or null, found ${describe(raw.fetchedAt)}`);
  }
  for (const field of ['etag', 'lastModified', 'source'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') {
      throw new ShapeError(`"${field}" must be a string, found ${describe(raw[field])}`);
    }
  }
  checkKamervraag(raw.kamervraag);
  return raw as unknown as ItemFile;
}

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const STATUSES = new Set<string>(ALL_STATUSES);

/** The fields every layer relies on; later Kamervraag versions only add fields. */
function checkKamervraag(kv: unknown): asserts kv is Kamervraag {
  const at = (path: string, what: string, value: unknown): never => {
    throw new ShapeError(`"kamervraag${path}" must be ${what}, found ${describe(value)}`);
  };
  if (!isRecord(kv)) return at('', 'an object', kv);
  if (typeof kv.format !== 'string') return at('.format', `"${FORMAT}"`, kv.format);
  const version = /^kamervraag\/(\d+)$/.exec(kv.format);
  if (version && Number(version[1]) > Number(FORMAT.split('/')[1])) {
    throw new NewerSchemaError(`the Kamervraag is in a newer format (${kv.format}; this version reads ${FORMAT})`);
  }
  if (kv.format !== FORMAT) return at('.format', `"${FORMAT}"`, kv.format);
  const stringOrNull = (path: string, value: unknown): void => {
    if (value !== null && typeof value !== 'string') at(path, 'a string or null', value);
  };
  stringOrNull('.zaak', kv.zaak);
  if (kv.house !== 'tk' && kv.house !== 'ek') at('.house', '"tk" or "ek"', kv.house);
  if (typeof kv.title !== 'string') at('.title', 'a string', kv.title);
  stringOrNull('.submitted', kv.submitted);
  stringOrNull('.answered', kv.answered);
  stringOrNull('.vergaderjaar', kv.vergaderjaar);
  if (typeof kv.status !== 'string' || !STATUSES.has(kv.status)) at('.status', 'a known status', kv.status);
  for (const list of ['submitters', 'addressees', 'answeredBy', 'topics', 'documents', 'notices', 'remarks', 'entries'] as const) {
    if (!Array.isArray(kv[list])) at(`.${list}`, 'an array', kv[list]);
  }
  (kv.submitters as unknown[]).forEach((s, i) => {
    if (!isRecord(s) || typeof s.name !== 'string') at(`.submitters[${i}]`, 'a {name, party}', s);
    else stringOrNull(`.submitters[${i}].party`, s.party);
  });
  (kv.answeredBy as unknown[]).forEach((a, i) => {
    if (!isRecord(a) || typeof a.name !== 'string') at(`.answeredBy[${i}]`, 'a {name, role, party}', a);
  });
  (kv.topics as unknown[]).forEach((t, i) => { if (typeof t !== 'string') at(`.topics[${i}]`, 'a string', t); });
  (kv.documents as unknown[]).forEach((d, i) => {
    if (!isRecord(d) || typeof d.id !== 'string') at(`.documents[${i}]`, 'a {id, kind, date, url}', d);
  });
  (kv.entries as unknown[]).forEach((e, i) => {
    if (!isRecord(e)) return at(`.entries[${i}]`, 'an object', e);
    if (!Array.isArray(e.numbers) || !e.numbers.every((n) => typeof n === 'number')) at(`.entries[${i}].numbers`, 'an array of numbers', e.numbers);
    if (typeof e.question !== 'string') at(`.entries[${i}].question`, 'a string', e.question);
    stringOrNull(`.entries[${i}].answer`, e.answer);
    return undefined;
  });
}
