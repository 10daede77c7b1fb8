/**
 * A local stand-in for the official services (contract: README.md next to this file). It answers the
 * real services' URLs from files in test/fixtures/ on 127.0.0.1, with ETag/Last-Modified and 304s,
 * and can inject faults (latency, error statuses, cut-off, slow or broken bodies) per route.
 */
import { createHash } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { CONTENT_TYPES, errorBody, ODATA_PREFIX, route, serviceOf, type Served } from './routes';
import { archiveOf, archiveRoute, type Archive } from './archive';

/** What to do to the requests a route test matches. Fields combine; `times` defaults to every request. */
export interface Fault {
  /** Wait this long before answering. */
  latencyMs?: number;
  /** Answer this status (with the service's error body, or `body`) instead of the file. */
  status?: number;
  /** Answer this body (with `status`, default 200, and `contentType`) instead of the file. */
  body?: string;
  /** Retry-After header with `status`: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** Send the headers (with the full Content-Length) and this many bytes, then destroy the socket. */
  truncateAt?: number;
  /** Send this Content-Type instead. */
  contentType?: string;
  /** Send a broken body (the first half of the real one) of the right content type. */
  malformed?: boolean;
  /** Send the headers, then one byte a second, forever, until the client goes away. */
  slowBody?: boolean;
  /** How many matching requests this fault hits; every one when absent. */
  times?: number;
  // Added for issue 8 (finding 9, redirect loops):
  /** Answer 302 Found with this Location (absolute, or a path on this server) instead of the file. */
  redirect?: string;
}

export interface RecordedRequest {
  method: string;
  /** The path as requested (not decoded). */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface FixtureServer {
  /** "http://127.0.0.1:PORT". */
  baseUrl: string;
  /** The values for the `kamervragen.endpoints.*` settings. */
  endpoints: { odata: string; repository: string; sru: string; zoek: string };
  /** `routeTest`: a prefix of the path, or a RegExp tested on path?query. */
  inject(routeTest: string | RegExp, fault: Fault): void;
  clearFaults(): void;
  /** Every request, in order of arrival. */
  requests: RecordedRequest[];
  /** Requests being answered now, and the most at once (set `peak` to 0 to measure afresh). */
  concurrency: { current: number; peak: number };
  /** The generated archive, when started with `archive` (see archive.ts). */
  archive: Archive | null;
  /** Stops the server and drops every open connection (slow bodies included). */
  close(): Promise<void>;
}

interface Injected {
  test: string | RegExp;
  fault: Fault;
  left: number;
}

const SLOW_BODY_INTERVAL_MS = 1000;

export async function startFixtureServer(options: { root?: string; archive?: number; freshArchive?: boolean } = {}): Promise<FixtureServer> {
  const root = resolve(options.root ?? 'test/fixtures');
  const archive = options.archive ? archiveOf(options.archive, options.freshArchive === true) : null;
  const faults: Injected[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  const concurrency = { current: 0, peak: 0 };
  let baseUrl = '';

  /** The merged fault for this request; each matching fault uses up one of its `times`. */
  function takeFault(path: string, pathAndQuery: string): Fault {
    const merged: Fault = {};
    for (const f of faults) {
      if (f.left <= 0) continue;
      if (typeof f.test === 'string' ? !path.startsWith(f.test) : !matches(f.test, pathAndQuery)) continue;
      f.left--;
      Object.assign(merged, f.fault);
    }
    return merged;
  }

  function delay(ms: number): Promise<void> {
    return new Promise((done) => {
      const t = setTimeout(() => {
        timers.delete(t);
        done();
      }, ms);
      timers.add(t);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const method = req.method ?? 'GET';
    requests.push({ method, path, query: Object.fromEntries(query), headers: req.headers });

    concurrency.current++;
    concurrency.peak = Math.max(concurrency.peak, concurrency.current);
    const finished = once(() => concurrency.current--);
    res.on('close', finished);

    const fault = takeFault(path, url);
    if (fault.latencyMs) await delay(fault.latencyMs);
    if (res.destroyed) return;

    // Added for issue 8 (finding 9): a redirect, e.g. to itself or between two routes (a loop).
    if (fault.redirect !== undefined) {
      finished();
      res.writeHead(302, { Location: fault.redirect, 'Content-Type': 'text/html; charset=utf-8' }).end('<p>Found</p>\n');
      return;
    }

    const service = serviceOf(path);
    const segments = pathSegments(path);
    let served: Served;
    if (method !== 'GET' && method !== 'HEAD') {
      served = errorBody(service, 405, 'Method Not Allowed', 'Only GET and HEAD are answered.');
    } else if (segments === null) {
      served = errorBody(service, 400, 'Bad Request', 'The path is not valid.');
    } else if (fault.body !== undefined) {
      served = { status: fault.status ?? 200, body: Buffer.from(fault.body), contentType: fault.contentType ?? 'application/xml; charset=utf-8', mtime: null };
    } else if (fault.status) {
      served = errorBody(service, fault.status, STATUS_CODES[fault.status] ?? 'Error', 'Injected fault.');
    } else {
      const generated = archive ? await archiveRoute(archive, root, segments, query, url, baseUrl) : null;
      served = generated
        ? { status: generated.status, body: Buffer.from(generated.body), contentType: CONTENT_TYPES[generated.contentType]!, mtime: null }
        : await route(root, { segments, query, rawPath: url, baseUrl });
    }
    if (res.destroyed) return;

    const headers: Record<string, string> = { 'Content-Type': fault.contentType ?? served.contentType };
    if (fault.status && fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    if (served.status === 405) headers['Allow'] = 'GET, HEAD';
    if (served.mtime) {
      const etag = `"${createHash('sha256').update(served.body).digest('hex').slice(0, 32)}"`;
      headers['ETag'] = etag;
      headers['Last-Modified'] = served.mtime.toUTCString();
      if (isFresh(req.headers, etag, served.mtime)) {
        finished();
        res.writeHead(304, { ETag: etag, 'Last-Modified': headers['Last-Modified'] }).end();
        return;
      }
    }
    const body = fault.malformed ? broken(served.body) : served.body;
    if (method === 'HEAD') {
      finished();
      res.writeHead(served.status, { ...headers, 'Content-Length': String(body.length) }).end();
    } else if (fault.slowBody) {
      sendSlowly(res, served.status, headers, body);
    } else if (fault.truncateAt !== undefined) {
      res.writeHead(served.status, { ...headers, 'Content-Length': String(body.length) });
      res.write(body.subarray(0, Math.max(0, Math.min(fault.truncateAt, body.length - 1))), () => {
        finished();
        res.destroy();
      });
    } else {
      finished();
      res.writeHead(served.status, { ...headers, 'Content-Length': String(body.length) }).end(body);
    }
  }

  /** Headers now, then one byte a second (the body, then spaces) until the client goes away. */
  function sendSlowly(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
    res.writeHead(status, headers);
    let at = 0;
    const tick = (): void => {
      if (res.destroyed) return;
      res.write(at < body.length ? body.subarray(at, at + 1) : ' ');
      at++;
    };
    tick();
    const interval = setInterval(tick, SLOW_BODY_INTERVAL_MS);
    timers.add(interval);
    res.on('close', () => {
      clearInterval(interval);
      timers.delete(interval);
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never let odd input take the server down: answer 500 if we still can, else drop the socket.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error in the fixture server.\n');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    endpoints: {
      odata: `${baseUrl}${ODATA_PREFIX}`,
      repository: `${baseUrl}/`,
      sru: `${baseUrl}/sru`,
      zoek: `${baseUrl}/zoek/`,
    },
    inject(test, fault) {
      faults.push({ test, fault, left: fault.times ?? Infinity });
    },
    clearFaults() {
      faults.length = 0;
    },
    requests,
    archive,
    concurrency,
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((done) => server.close(() => done()));
      for (const s of sockets) s.destroy();
      return closed;
    },
  };
}

/** Decoded path segments; null when the path is not a plain absolute path (encoding, '..', slashes). */
function pathSegments(path: string): string[] | null {
  if (!path.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch (_) {
      return null;
    }
    if (s === '.' || s === '..' || /[/\\\0]/.test(s)) return null;
    segments.push(s);
  }
  return segments;
}

function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0; // a /g or /y RegExp remembers where it last matched
  return re.test(text);
}

/** Whether the client's copy is current: If-None-Match when sent, else If-Modified-Since. */
function isFresh(headers: IncomingHttpHeaders, etag: string, mtime: Date): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    return noneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === etag || t === '*');
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
}

/** The first half of a body: no longer valid JSON or XML, but complete by its Content-Length. */
function broken(body: Buffer): Buffer {
  const text = body.toString('utf8');
  return Buffer.from(text.slice(0, Math.floor(text.length / 2)));
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
