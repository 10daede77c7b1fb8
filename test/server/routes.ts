/**
 * Which fixture file answers a request, or which search over the fixtures (odata.ts, sru.ts). The
 * table of routes is in README.md next to this file. Pure apart from reading files below `root`;
 * never reads outside it.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { corpusOf } from './corpus';
import { checkODataQuery, odataCollection, odataError } from './odata';
import { QueryError } from './odataFilter';
import { CqlError, searchRecords, sruDiagnostic, sruPage } from './sru';

export type Service = 'odata' | 'html';

export interface Served {
  status: number;
  body: Buffer;
  contentType: string;
  /** The fixture file's modification time (null for error bodies). */
  mtime: Date | null;
}

export const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json;odata.metadata=minimal; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export const ODATA_PREFIX = '/OData/v4/2.0/';
const SRU_PAGE = 10;

/** A file name part: letters, digits, '.', '_', '-', not starting with a dot (so never '..'). */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export interface RouteRequest {
  /** Decoded path segments, without the empty first one. */
  segments: string[];
  query: URLSearchParams;
  /** Path and query as requested, for links to the next page. */
  rawPath: string;
  baseUrl: string;
}

/** The service whose error style a path gets. */
export function serviceOf(rawPath: string): Service {
  return rawPath.startsWith('/OData/') ? 'odata' : 'html';
}

/** Answers one GET from the files under `root`. */
export async function route(root: string, req: RouteRequest): Promise<Served> {
  const s = req.segments;
  if (s[0] === 'OData' && s[1] === 'v4' && s[2] === '2.0' && s.length === 4) return odata(root, s[3]!, req);
  if (s[0] === 'frbr' && s[1] === 'officielepublicaties' && s.length === 8) return frbr(root, s);
  if (s[0] === 'sru' && s.length === 1) return sru(root, req.query);
  if (s[0] === 'zoek' && s.length === 2 && s[1]!.endsWith('.html')) return serveFile(root, 'zoek', s[1]!, 'html');
  return notFound(serviceOf(req.rawPath), 'No route for this path.');
}

/**
 * Zaak/Document by number or Aanhangselnummer (from their files), or a search over the corpus —
 * after the query options are checked as the portal checks them (400 with its JSON error).
 */
async function odata(root: string, entity: string, req: RouteRequest): Promise<Served> {
  try {
    await checkODataQuery(root, entity, req.query);
    const filter = req.query.get('$filter') ?? '';
    const nummer = odataString(/\bNummer eq '((?:[^']|'')*)'/.exec(filter));
    if (nummer !== null) return await serveFile(root, 'odata', `${entity}.${nummer}.json`, 'odata');
    const aanhangsel = odataString(/\bAanhangselnummer eq '((?:[^']|'')*)'/.exec(filter));
    if (aanhangsel !== null) return await serveFile(root, 'odata', `${entity}.aanhangsel.${aanhangsel}.json`, 'odata');
    const answer = await odataCollection(root, entity, req.query, req.rawPath, req.baseUrl);
    return { status: answer.status, body: Buffer.from(answer.body), contentType: CONTENT_TYPES['json']!, mtime: null };
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    const answer = odataError(400, `The query specified in the URI is not valid. ${err.message}`);
    return { status: answer.status, body: Buffer.from(answer.body), contentType: CONTENT_TYPES['json']!, mtime: null };
  }
}

function odataString(match: RegExpExecArray | null): string | null {
  return match ? match[1]!.replace(/''/g, "'") : null;
}

/** /frbr/officielepublicaties/{type}/{group}/{id}/{version}/{manifestation}/{file}. */
function frbr(root: string, s: string[]): Promise<Served> {
  const [id, version, manifestation, file] = [s[4]!, s[5]!, s[6]!, s[7]!];
  const expected: Record<string, [string, string]> = {
    xml: [`${id}.xml`, `${id}.xml`],
    html: [`${id}.html`, `${id}.repository.html`],
    metadata: ['metadata.xml', `${id}.metadata.xml`],
    metadataowms: ['metadata_owms.xml', `${id}.metadata_owms.xml`],
  };
  const wanted = expected[manifestation];
  if (!/^\d+$/.test(version) || !wanted || wanted[0] !== file) {
    return Promise.resolve(notFound('html', 'No such manifestation.'));
  }
  return serveFile(root, 'koop', wanted[1], 'html');
}

/**
 * SRU searchRetrieve: a record by identifier from its file, else a search over the corpus (the
 * records of search.xml and of the bulk zaken), a page at a time; a query the service cannot read
 * gets a diagnostic (with 200: the status KOOP sends with one is not known, see README.md).
 */
async function sru(root: string, query: URLSearchParams): Promise<Served> {
  const cql = query.get('query') ?? '';
  const id = cqlIdentifier(cql);
  if (id !== null) {
    const file = await serveFile(root, 'sru', `${id}.xml`, 'html');
    if (file.status === 200) return file;
  }
  const start = Math.max(1, count(query.get('startRecord'), 1));
  const max = count(query.get('maximumRecords'), SRU_PAGE);
  const xml = (body: string): Served => ({ status: 200, body: Buffer.from(body), contentType: CONTENT_TYPES['xml']!, mtime: null });
  try {
    return xml(sruPage(searchRecords(await corpusOf(root), cql), cql, start, max));
  } catch (err) {
    if (!(err instanceof CqlError)) throw err;
    return xml(sruDiagnostic(err, cql, start, max));
  }
}

/**
 * The identifier a CQL query names: `dt.identifier==X`, `dt.identifier="X"`, `w.vraagnummer==X`,
 * quoted or with escaped quotes, URL-decoded. Null for other queries.
 */
export function cqlIdentifier(cql: string): string | null {
  const m = /(?:^|[\s(])(?:dt\.identifier|w\.vraagnummer)\s*==?\s*(?:\\?")?([^"\\\s()]+)/i.exec(cql);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch (_) {
    return m[1]!;
  }
}

/** A non-negative integer parameter, or the default when absent or not a number. */
function count(value: string | null, fallback: number): number {
  return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : fallback;
}

/** A file below root/dir, or a 404 in the service's style. */
async function serveFile(root: string, dir: string, name: string, service: Service): Promise<Served> {
  if (!SAFE.test(name)) return notFound(service, 'No such document.');
  const file = resolve(root, dir, name);
  if (!file.startsWith(resolve(root) + sep)) return notFound(service, 'No such document.');
  try {
    const [body, info] = await Promise.all([readFile(file), stat(file)]);
    const ext = name.slice(name.lastIndexOf('.') + 1);
    return { status: 200, body, contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', mtime: info.mtime };
  } catch (_) {
    return notFound(service, 'No such document.');
  }
}

export function notFound(service: Service, message: string): Served {
  return errorBody(service, 404, 'Not Found', message);
}

/** An error answer as the service writes it: OData JSON, or a small HTML page. */
export function errorBody(service: Service, status: number, text: string, message: string): Served {
  if (service === 'odata') {
    const body = JSON.stringify({ error: { code: String(status), message: `${text}: ${message}` } });
    return { status, body: Buffer.from(body), contentType: CONTENT_TYPES['json']!, mtime: null };
  }
  const body = `<!DOCTYPE html>\n<html><head><title>${status} ${text}</title></head>` +
    `<body><h1>${text}</h1><p>${message}</p></body></html>\n`;
  return { status, body: Buffer.from(body), contentType: CONTENT_TYPES['html']!, mtime: null };
}
