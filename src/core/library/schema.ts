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
import { cleanKamervraag, needsCleaning } from '../sanitize';
import type { DocumentKind, Kamervraag } from '../model';

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
  const item = raw as unknown as ItemFile;
  // Written by an older version, or edited by hand: the model's promise (sanitize.ts) holds for stored items too.
  return needsCleaning(item.kamervraag) ? { ...item, kamervraag: cleanKamervraag(item.kamervraag) } : item;
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
/** Every DocumentKind of the model, checked by the compiler (a kind missing here made such items "damaged"). */
const DOCUMENT_KIND_TABLE: Record<DocumentKind, true> = { questions: true, answer: true, 'further-answer': true, notice: true, related: true };
const DOCUMENT_KINDS = new Set(Object.keys(DOCUMENT_KIND_TABLE));
const NOTICE_KINDS = new Set(['uitstel', 'withdrawn', 'other']);
const FOOTNOTE_PLACES = new Set(['question', 'answer']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The whole model shape (model.ts), field by field and element by element, so that every layer
 * (trees, exports, statistics, citations) can rely on it: an item that passes here cannot make
 * them throw. Fields a later Kamervraag version adds are allowed; a field this version knows must
 * have its type. Dates are ISO dates (YYYY-MM-DD); numbers are finite whole numbers.
 */
export function checkKamervraag(kv: unknown): asserts kv is Kamervraag {
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

  const text = (path: string, value: unknown): void => {
    if (typeof value !== 'string') at(path, 'a string', value);
  };
  const textOrNull = (path: string, value: unknown): void => {
    if (value !== null && typeof value !== 'string') at(path, 'a string or null', value);
  };
  const dateOrNull = (path: string, value: unknown): void => {
    if (value !== null && (typeof value !== 'string' || !ISO_DATE.test(value))) at(path, 'an ISO date (YYYY-MM-DD) or null', value);
  };
  const whole = (path: string, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) at(path, 'a whole number', value);
  };
  const oneOf = (path: string, set: ReadonlySet<string>, value: unknown): void => {
    if (typeof value !== 'string' || !set.has(value)) at(path, `one of ${[...set].map((x) => `"${x}"`).join(', ')}`, value);
  };
  const list = (path: string, value: unknown, each: (element: unknown, path: string) => void): void => {
    if (!Array.isArray(value)) return at(path, 'an array', value);
    value.forEach((element, i) => each(element, `${path}[${i}]`));
  };
  const record = (path: string, value: unknown, what: string): Record<string, unknown> =>
    isRecord(value) ? value : at(path, what, value);

  textOrNull('.zaak', kv.zaak);
  if (kv.house !== 'tk' && kv.house !== 'ek') at('.house', '"tk" or "ek"', kv.house);
  text('.title', kv.title);
  dateOrNull('.submitted', kv.submitted);
  dateOrNull('.answered', kv.answered);
  if (kv.daysToAnswer !== null) whole('.daysToAnswer', kv.daysToAnswer);
  dateOrNull('.deadline', kv.deadline);
  oneOf('.status', STATUSES, kv.status);
  textOrNull('.vergaderjaar', kv.vergaderjaar);
  list('.submitters', kv.submitters, (s, path) => {
    const r = record(path, s, 'a {name, party}');
    text(`${path}.name`, r.name);
    textOrNull(`${path}.party`, r.party);
  });
  list('.addressees', kv.addressees, (a, path) => {
    const r = record(path, a, 'a {name, role}');
    textOrNull(`${path}.name`, r.name);
    text(`${path}.role`, r.role);
  });
  list('.answeredBy', kv.answeredBy, (a, path) => {
    const r = record(path, a, 'a {name, role, party}');
    text(`${path}.name`, r.name);
    textOrNull(`${path}.role`, r.role);
    textOrNull(`${path}.party`, r.party);
  });
  list('.topics', kv.topics, (t, path) => text(path, t));
  list('.documents', kv.documents, (d, path) => {
    const r = record(path, d, 'a {id, kind, date, url}');
    text(`${path}.id`, r.id);
    if (r.id === '') at(`${path}.id`, 'a document id', r.id);
    oneOf(`${path}.kind`, DOCUMENT_KINDS, r.kind);
    dateOrNull(`${path}.date`, r.date);
    textOrNull(`${path}.url`, r.url);
  });
  list('.notices', kv.notices, (n, path) => {
    const r = record(path, n, 'a {kind, date, text}');
    oneOf(`${path}.kind`, NOTICE_KINDS, r.kind);
    dateOrNull(`${path}.date`, r.date);
    text(`${path}.text`, r.text);
  });
  list('.remarks', kv.remarks, (r, path) => text(path, r));
  list('.entries', kv.entries, (e, path) => {
    const r = record(path, e, 'an {numbers, question, answer, refersTo, footnotes}');
    list(`${path}.numbers`, r.numbers, (n, p) => whole(p, n));
    text(`${path}.question`, r.question);
    textOrNull(`${path}.answer`, r.answer);
    list(`${path}.refersTo`, r.refersTo, (n, p) => whole(p, n));
    list(`${path}.footnotes`, r.footnotes, (f, p) => {
      const fr = record(p, f, 'a {number, text, url, document, in}');
      whole(`${p}.number`, fr.number);
      text(`${p}.text`, fr.text);
      textOrNull(`${p}.url`, fr.url);
      textOrNull(`${p}.document`, fr.document);
      oneOf(`${p}.in`, FOOTNOTE_PLACES, fr.in);
    });
  });
}
