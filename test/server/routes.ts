/**
 * Which fixture file answers a request, and how it is cut to the page asked for (OData $skip/$top,
 * SRU startRecord/maximumRecords). The table of routes is in README.md next to this file.
 * Pure apart from reading files below `root`; never reads outside it.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

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
const ODATA_PAGE = 250;
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

/** Zaak/Document by number or Aanhangselnummer, or a paged search. */
async function odata(root: string, entity: string, req: RouteRequest): Promise<Served> {
  const filter = req.query.get('$filter') ?? '';
  const nummer = odataString(/\bNummer eq '((?:[^']|'')*)'/.exec(filter));
  if (nummer !== null) return serveFile(root, 'odata', `${entity}.${nummer}.json`, 'odata');
  const aanhangsel = odataString(/\bAanhangselnummer eq '((?:[^']|'')*)'/.exec(filter));
  if (aanhangsel !== null) return serveFile(root, 'odata', `${entity}.aanhangsel.${aanhangsel}.json`, 'odata');
  const served = await serveFile(root, 'odata', `${entity}.search.json`, 'odata');
  if (served.status !== 200) return served;
  return { ...served, body: Buffer.from(pageOData(served.body.toString('utf8'), req)) };
}

function odataString(match: RegExpExecArray | null): string | null {
  return match ? match[1]!.replace(/''/g, "'") : null;
}

/** `value` sliced by $skip/$top, with @odata.count ($count=true) and @odata.nextLink when more remain. */
export function pageOData(json: string, req: RouteRequest): string {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch (_) {
    return json; // a fixture that is not JSON is served as it is
  }
  const all = doc['value'];
  if (!Array.isArray(all)) return json;
  const skip = count(req.query.get('$skip'), 0);
  const top = count(req.query.get('$top'), ODATA_PAGE);
  const { value: _value, '@odata.count': _count, '@odata.nextLink': _next, ...rest } = doc;
  const out: Record<string, unknown> = { ...rest };
  if (req.query.get('$count') === 'true') out['@odata.count'] = all.length;
  out['value'] = all.slice(skip, skip + top);
  if (skip + top < all.length) {
    const params = new URLSearchParams(req.query);
    params.set('$skip', String(skip + top));
    const path = req.rawPath.split('?')[0]!;
    out['@odata.nextLink'] = `${req.baseUrl}${path}?${queryString(params)}`;
  }
  return JSON.stringify(out);
}

/** Like URLSearchParams.toString, but with %20 for spaces and '$' kept readable, as OData writes it. */
function queryString(params: URLSearchParams): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%24/g, '$');
  return [...params].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
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

/** SRU searchRetrieve: a record by identifier, or the search fixture sliced to the page asked for. */
async function sru(root: string, query: URLSearchParams): Promise<Served> {
  const id = cqlIdentifier(query.get('query') ?? '');
  if (id !== null) return serveFile(root, 'sru', `${id}.xml`, 'html');
  const served = await serveFile(root, 'sru', 'search.xml', 'html');
  if (served.status !== 200) return served;
  const start = Math.max(1, count(query.get('startRecord'), 1));
  const max = count(query.get('maximumRecords'), SRU_PAGE);
  return { ...served, body: Buffer.from(pageSru(served.body.toString('utf8'), start, max)) };
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

/**
 * The records (`<sru:record>`, any prefix) from position `start` (1-based), at most `max`, with
 * numberOfRecords set to all records in the file and nextRecordPosition when more remain.
 */
export function pageSru(xml: string, start: number, max: number): string {
  const records = [...xml.matchAll(/<((?:[\w.-]+:)?)record\b[^>]*>[\s\S]*?<\/\1record\s*>/g)];
  if (records.length === 0) return xml;
  const first = records[0]!.index!;
  const last = records[records.length - 1]!;
  const end = last.index! + last[0].length;
  const page = records.slice(start - 1, start - 1 + max).map((m) => m[0]);
  let out = xml.slice(0, first) + page.join('\n') + xml.slice(end);
  out = out.replace(/<((?:[\w.-]+:)?)numberOfRecords>[^<]*<\/\1numberOfRecords>/,
    (_m, p: string) => `<${p}numberOfRecords>${records.length}</${p}numberOfRecords>`);
  out = out.replace(/\s*<((?:[\w.-]+:)?)nextRecordPosition>[^<]*<\/\1nextRecordPosition>/g, '');
  const next = start + max;
  if (next <= records.length) {
    out = out.replace(/<\/((?:[\w.-]+:)?)records\s*>/,
      (m, p: string) => `${m}\n<${p}nextRecordPosition>${next}</${p}nextRecordPosition>`);
  }
  return out;
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
