/**
 * The one HTTP client of the extension and the CLI, on top of the platform's `fetch` (in VS Code the
 * extension host's, which knows the user's proxy settings; no other HTTP stack is bundled).
 *
 * Every request gets a per-attempt timeout (headers and body), retries with backoff on 408, 429, 5xx
 * and broken connections (honouring Retry-After up to a cap, and never past the caller's `notAfter`),
 * at most 5 redirects (a loop is reported as one, not retried), a body size cap, a per-host
 * concurrency limit, conditional requests (ETag / Last-Modified) and immediate cancellation. Failures are `HttpError`s
 * whose message is one plain sentence for users: what failed, and what to try.
 */

export interface HttpOptions {
  /** Sent on every request, e.g. "kamervragen-vscode/0.1.0 (+https://…)". */
  userAgent: string;
  /** Per attempt, covering headers and body; default 20 000. */
  timeoutMs?: number;
  /** Extra attempts after 408, 429, 5xx, timeouts and network errors; default 3. */
  retries?: number;
  /** Largest body read, in bytes; default 20 MiB. */
  maxBytes?: number;
  /** Concurrent requests per host; default 4. The rest wait in line (first come, first served). */
  perHost?: number;
  /** Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Waits between attempts; must reject when `signal` aborts. Default: real timers. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Delay before retry number `attempt` (0-based); default 500 ms · 2^attempt with jitter, at most 10 s. */
  backoffMs?: (attempt: number) => number;
  /** Longest Retry-After honoured; longer asks fail at once. Default 60 s. */
  maxRetryAfterMs?: number;
}

export interface HttpRequest {
  url: string;
  /** The Accept header. */
  accept: string;
  signal?: AbortSignal | undefined;
  /** Validators of a previous response: the request becomes conditional. */
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
  /** Acceptable content types, e.g. /xml/; anything else fails with kind 'content-type'. */
  expect?: RegExp;
  /**
   * The caller's time budget ends here (Date.now() milliseconds): no retry is started that would wait
   * past it, and a Retry-After beyond it fails at once. The caller's signal does the cancelling.
   */
  notAfter?: number | undefined;
}

export interface HttpResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** 304: the previous response is still current; `body` is ''. */
  notModified: boolean;
  body: string;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
}

export type HttpErrorKind = 'cancelled' | 'timeout' | 'network' | 'status' | 'too-large' | 'truncated' | 'content-type' | 'redirect';

export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    readonly url: string,
    /** The HTTP status of the last answer, when there was one. */
    readonly status: number | null = null,
    /** What the server asked to wait (Retry-After), when it did. */
    readonly retryAfterMs: number | null = null,
    /** The start of the body of an error answer (at most ERROR_BODY_BYTES), for the service's own message. */
    readonly body: string | null = null,
  ) {
    super(message);
  }
}

const DEFAULTS = {
  timeoutMs: 20_000,
  retries: 3,
  maxBytes: 20 * 1024 * 1024,
  perHost: 4,
  maxRetryAfterMs: 60_000,
};

/** How much of an error answer's body is kept on the HttpError. */
export const ERROR_BODY_BYTES = 64 * 1024;
/** Redirects followed per attempt; the services need one or two. */
export const MAX_REDIRECTS = 5;

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Reason phrases for statuses the services answer (HTTP/2 responses carry none). */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 408: 'Request Timeout', 410: 'Gone', 414: 'URI Too Long', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Why one attempt failed; turned into an HttpError (with the attempt count) only at the end. */
type Failure =
  | { kind: 'cancelled' }
  | { kind: 'timeout'; phase: 'headers' | 'body' }
  | { kind: 'network'; code: string | null }
  | { kind: 'status'; status: number; statusText: string; retryAfterMs: number | null; body: string | null }
  | { kind: 'too-large' }
  | { kind: 'truncated'; bytes: number }
  | { kind: 'content-type'; got: string }
  | { kind: 'redirect'; host: string; loop: boolean };

type Outcome = { ok: HttpResponse } | { failed: Failure };

export class HttpClient {
  private readonly limiter: HostLimiter;

  constructor(private readonly options: HttpOptions) {
    this.limiter = new HostLimiter(options.perHost ?? DEFAULTS.perHost);
  }

  /** GET with retries; resolves with the response (2xx or 304) or rejects with an HttpError. */
  async get(req: HttpRequest): Promise<HttpResponse> {
    const retries = Math.max(0, this.options.retries ?? DEFAULTS.retries);
    const maxRetryAfter = this.options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    const sleep = this.options.sleep ?? sleepFor;
    const backoff = this.options.backoffMs ?? defaultBackoff;
    const timeoutMs = this.options.timeoutMs ?? DEFAULTS.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(req);
      if ('ok' in outcome) return outcome.ok;
      const failure = outcome.failed;
      if (!isRetryable(failure) || attempt > retries) throw toError(failure, req, attempt, this.options);
      const left = req.notAfter === undefined ? Infinity : req.notAfter - Date.now();
      let delay = backoff(attempt - 1);
      if (failure.kind === 'status' && failure.retryAfterMs !== null) {
        if (failure.retryAfterMs > Math.min(maxRetryAfter, left)) throw waitTooLong(failure, req.url);
        delay = failure.retryAfterMs;
      }
      // Within the caller's budget: no wait past it, and no new wait for an answer that timed out
      // when a whole attempt no longer fits.
      if (delay >= left || (failure.kind === 'timeout' && delay + timeoutMs > left)) throw toError(failure, req, attempt, this.options);
      try {
        await sleep(delay, req.signal);
      } catch (err) {
        if (req.signal?.aborted) throw toError({ kind: 'cancelled' }, req, attempt, this.options);
        throw err;
      }
    }
  }

  /** One attempt: waits for a slot on the host, then fetches and reads the body under a timeout. */
  private async attempt(req: HttpRequest): Promise<Outcome> {
    const caller = req.signal;
    if (caller?.aborted) return { failed: { kind: 'cancelled' } };
    let release: () => void;
    try {
      release = await this.limiter.acquire(hostOf(req.url), caller);
    } catch (_) {
      return { failed: { kind: 'cancelled' } };
    }
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.options.timeoutMs ?? DEFAULTS.timeoutMs);
    const signal = caller ? AbortSignal.any([caller, timer.signal]) : timer.signal;
    let phase: 'headers' | 'body' = 'headers';
    /** What an exception means, given who aborted and how far we got. */
    const classify = (err: unknown): Failure => {
      if (caller?.aborted) return { kind: 'cancelled' };
      if (timer.signal.aborted) return { kind: 'timeout', phase };
      if (err instanceof Truncated) return { kind: 'truncated', bytes: err.bytes };
      return { kind: 'network', code: errorCode(err) };
    };
    try {
      const headers: Record<string, string> = { 'User-Agent': this.options.userAgent, Accept: req.accept };
      if (req.etag) headers['If-None-Match'] = req.etag;
      if (req.lastModified) headers['If-Modified-Since'] = req.lastModified;
      const doFetch = this.options.fetch ?? globalThis.fetch;
      let res: Response;
      let at = req.url;
      const seen = new Set<string>([at]);
      for (let redirects = 0; ; redirects++) {
        try {
          res = await doFetch.call(globalThis, at, { headers, signal, redirect: 'manual' });
        } catch (err) {
          return { failed: classify(err) };
        }
        const location = REDIRECTS.has(res.status) ? res.headers.get('location') : null;
        if (location === null) break;
        discard(res);
        let next: URL;
        try {
          next = new URL(location, at);
        } catch {
          return { failed: { kind: 'status', status: res.status, statusText: STATUS_TEXT[res.status] ?? res.statusText, retryAfterMs: null, body: null } };
        }
        const loop = seen.has(next.href);
        if (loop || redirects >= MAX_REDIRECTS || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
          return { failed: { kind: 'redirect', host: hostOf(at), loop } };
        }
        seen.add(next.href);
        at = next.href;
      }
      const contentType = res.headers.get('content-type') ?? '';
      const base = {
        url: at,
        status: res.status,
        contentType,
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
      };
      if (res.status === 304) {
        discard(res);
        return { ok: { ...base, notModified: true, body: '' } };
      }
      if (res.status < 200 || res.status > 299) {
        const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : null;
        const body = await readErrorBody(res, signal, contentType);
        return { failed: { kind: 'status', status: res.status, statusText: STATUS_TEXT[res.status] ?? res.statusText, retryAfterMs, body } };
      }
      if (req.expect && !req.expect.test(mediaType(contentType))) {
        discard(res);
        return { failed: { kind: 'content-type', got: mediaType(contentType) } };
      }
      const maxBytes = this.options.maxBytes ?? DEFAULTS.maxBytes;
      const declared = declaredLength(res);
      if (declared !== null && declared > maxBytes) {
        discard(res);
        return { failed: { kind: 'too-large' } };
      }
      phase = 'body';
      let bytes: Uint8Array;
      try {
        bytes = await readBody(res, signal, maxBytes);
      } catch (err) {
        if (err instanceof TooLarge) return { failed: { kind: 'too-large' } };
        return { failed: classify(err) };
      }
      if (declared !== null && bytes.length < declared) return { failed: { kind: 'truncated', bytes: bytes.length } };
      return { ok: { ...base, notModified: false, body: decode(bytes, contentType) } };
    } finally {
      clearTimeout(timeout);
      release();
    }
  }
}

/** Hands out at most `limit` slots per host; the rest queue in order and can leave when cancelled. */
class HostLimiter {
  private readonly hosts = new Map<string, { active: number; queue: (() => void)[] }>();

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once a slot is free; rejects when `signal` aborts first. */
  acquire(host: string, signal: AbortSignal | undefined): Promise<() => void> {
    let entry = this.hosts.get(host);
    if (!entry) this.hosts.set(host, (entry = { active: 0, queue: [] }));
    const slot = entry;
    const release = once(() => {
      slot.active--;
      const next = slot.queue.shift();
      if (next) next();
      else if (slot.active === 0) this.hosts.delete(host);
    });
    if (slot.active < Math.max(1, this.limit)) {
      slot.active++;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', leave);
        slot.active++;
        resolve(release);
      };
      const leave = (): void => {
        const i = slot.queue.indexOf(grant);
        if (i >= 0) slot.queue.splice(i, 1);
        reject(signal?.reason);
      };
      slot.queue.push(grant);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }
}

/** The body ended before all its bytes came (or the connection broke while reading it). */
class Truncated extends Error {
  constructor(readonly bytes: number, override readonly cause?: unknown) {
    super('truncated');
  }
}

class TooLarge extends Error {}

/** Reads the body into one buffer; stops at once when `signal` aborts, or past `maxBytes`. */
async function readBody(res: Response, signal: AbortSignal, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
  });
  signal.addEventListener('abort', onAbort, { once: true });
  let done = false;
  try {
    if (signal.aborted) throw signal.reason;
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await Promise.race([reader.read(), aborted]);
      } catch (err) {
        if (signal.aborted) throw err;
        throw new Truncated(total, err);
      }
      if (chunk.done) break;
      total += chunk.value.byteLength;
      if (total > maxBytes) throw new TooLarge();
      chunks.push(chunk.value);
    }
    done = true;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!done) reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The start of an error answer's body (services explain a refusal there), at most ERROR_BODY_BYTES;
 * null when it cannot be read. The rest is dropped so the connection is freed.
 */
async function readErrorBody(res: Response, signal: AbortSignal, contentType: string): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < ERROR_BODY_BYTES && !signal.aborted) {
      const chunk = await reader.read();
      if (chunk.done) break;
      chunks.push(chunk.value);
      total += chunk.value.byteLength;
    }
  } catch (_) {
    return null;
  } finally {
    reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(Math.min(total, ERROR_BODY_BYTES));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, out.length - at);
    out.set(part, at);
    at += part.byteLength;
  }
  return decode(out, contentType);
}

/** Drops a body we will not read, so the connection is freed. */
function discard(res: Response): void {
  res.body?.cancel().catch(() => {});
}

/** Content-Length, when it counts the bytes we will read (not for compressed bodies). */
function declaredLength(res: Response): number | null {
  const encoding = res.headers.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') return null;
  const value = res.headers.get('content-length');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** Text in the charset the content type names (UTF-8 when it names none or an unknown one). */
function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch (_) {
    return new TextDecoder('utf-8').decode(bytes); // an unknown charset label
  }
}

/** "application/xml; charset=utf-8" → "application/xml". */
function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number.MAX_SAFE_INTEGER, Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function isRetryable(f: Failure): boolean {
  switch (f.kind) {
    case 'timeout':
    case 'network':
    case 'truncated':
      return true;
    case 'status':
      return RETRY_STATUSES.has(f.status);
    default:
      return false;
  }
}

function defaultBackoff(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return Math.min(10_000, Math.round(base * (0.75 + Math.random() * 0.5)));
}

/** Real timers; rejects with the signal's reason as soon as it aborts. */
function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      fn();
    }
  };
}

/** The error code of a network failure (fetch wraps it as `cause`), e.g. ECONNREFUSED. */
function errorCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  }
  return null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch (_) {
    return url;
  }
}

/** "…/ah-tk-20232024-99.xml": the last path segment, enough to tell documents apart. */
function shortPath(url: string): string {
  try {
    const path = new URL(url).pathname;
    const last = path.split('/').filter((s) => s.length > 0).pop();
    return last ? `…/${decodeURIComponent(last)}` : path;
  } catch (_) {
    return url;
  }
}

/** 20 s, 0.3 s, 2 min. */
function duration(ms: number): string {
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  }
  return `${Math.ceil(ms / 60_000)} min`;
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** Names what `expect` accepts, for messages: /xml/ → "XML". */
function expected(expect: RegExp | undefined): string {
  const source = expect?.source.toLowerCase() ?? '';
  const names = ['json', 'xml', 'html'].filter((n) => source.includes(n)).map((n) => n.toUpperCase());
  return names.length > 0 ? names.join(' or ') : `a type matching ${String(expect)}`;
}

function waitTooLong(f: Extract<Failure, { kind: 'status' }>, url: string): HttpError {
  const ms = f.retryAfterMs ?? 0;
  const wait = waitInWords(ms);
  const message = wait
    ? `${hostOf(url)} answered ${f.status} ${f.statusText}: the service asks to wait ${wait} before trying again. Try again after that.`
    : `${hostOf(url)} answered ${f.status} ${f.statusText}: the service asks to wait before trying again. Try again later.`;
  return new HttpError('status', message, url, f.status, ms, f.body);
}

/**
 * A wait in plain words: "45 seconds", "2 minutes", "3 hours"; undefined for more than two days,
 * which no service means literally (a misconfigured header): then we say "try again later".
 */
export function waitInWords(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > 48 * 3_600_000) return undefined;
  const s = Math.ceil(ms / 1000);
  if (s < 90) return s === 1 ? '1 second' : `${s} seconds`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} minutes`;
  return `${Math.round(min / 60)} hours`;
}

/** The error for the last failure, with a message for users. */
function toError(f: Failure, req: HttpRequest, attempts: number, options: HttpOptions): HttpError {
  const url = req.url;
  const host = hostOf(url);
  const what = shortPath(url);
  const tried = attempts > 1 ? ` (tried ${times(attempts)})` : '';
  switch (f.kind) {
    case 'cancelled':
      return new HttpError('cancelled', `The request to ${host} for ${what} was cancelled.`, url);
    case 'timeout': {
      const limit = duration(options.timeoutMs ?? DEFAULTS.timeoutMs);
      const message = f.phase === 'headers'
        ? `${host} did not answer within ${limit}${tried}. Check your connection or try again later.`
        : `${host} did not finish sending ${what} within ${limit}${tried}. Check your connection or try again later.`;
      return new HttpError('timeout', message, url);
    }
    case 'network':
      return new HttpError('network',
        `${host} could not be reached${f.code ? ` (${f.code})` : ''}${tried}. Check your connection and proxy settings, or try again later.`,
        url);
    case 'truncated':
      return new HttpError('truncated',
        `The response from ${host} for ${what} was cut off after ${f.bytes.toLocaleString('en-US')} bytes${tried}. Try again.`,
        url);
    case 'too-large':
      return new HttpError('too-large',
        `The response from ${host} for ${what} is larger than ${size(options.maxBytes ?? DEFAULTS.maxBytes)} and was not read. An endpoint setting may point to the wrong address.`,
        url);
    case 'content-type':
      return new HttpError('content-type',
        `${host} sent ${f.got || 'no content type'} where ${expected(req.expect)} was expected. An endpoint setting may point to the wrong address.`,
        url);
    case 'status':
      return new HttpError('status', statusMessage(f, host, what, attempts), url, f.status, f.retryAfterMs, f.body);
    case 'redirect':
      return new HttpError('redirect', f.loop
        ? `Redirect loop at ${f.host}: ${what} cannot be fetched. An endpoint setting may point to the wrong address, or try again later.`
        : `Too many redirects at ${f.host} (more than ${MAX_REDIRECTS}) for ${what}. An endpoint setting may point to the wrong address, or try again later.`,
      url);
  }
}

function statusMessage(f: Extract<Failure, { kind: 'status' }>, host: string, what: string, attempts: number): string {
  const answered = `${host} answered ${f.status}${f.statusText ? ` ${f.statusText}` : ''}`;
  const repeated = attempts > 1 ? `${answered} ${times(attempts)}` : `${answered} for ${what}`;
  if (f.status === 404 || f.status === 410) return `${answered} for ${what}: the document does not exist there.`;
  if (f.status === 401 || f.status === 403) return `${answered} for ${what}: access was refused. An endpoint setting may point to the wrong address.`;
  if (f.status === 429) return `${repeated}: too many requests were sent. Wait a minute and try again.`;
  if (f.status >= 500) return `${repeated}. The service may be down; try again later.`;
  if (f.status === 408) return `${repeated}. Check your connection or try again later.`;
  return `${answered} for ${what}. An endpoint setting may point to the wrong address, or try again later.`;
}

/** 20 MiB, 512 KiB, 100 bytes. */
function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
