import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { HttpClient, HttpError, parseRetryAfter, waitInWords, type HttpErrorKind, type HttpOptions } from '../../src/core/sources/http';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { FILES, makeFixtureRoot } from '../server/tempFixtures';

const UA = 'kamervragen-vscode/0.1.0 (+https://example.invalid/kamervragen)';
const XML = /xml/;

/** Resolves with the HttpError the promise rejects with (fails when it resolves). */
async function failure(promise: Promise<unknown>, kind: HttpErrorKind): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof HttpError, `not an HttpError: ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.doesNotMatch(err.message, /\n|\bat .*:\d+:\d+/, 'one sentence, no stack');
    assert.match(err.message, /^[A-Z0-9a-z].*\.$/, 'a complete sentence');
    return err;
  }
  assert.fail(`resolved instead of failing with ${kind}`);
}

describe('HttpClient', () => {
  let server: FixtureServer;
  let cleanup: () => void;
  let slept: number[];
  let xmlUrl: string;
  let host: string;

  /** A client that records backoff delays instead of sleeping. */
  function client(options: Partial<HttpOptions> = {}): HttpClient {
    return new HttpClient({
      userAgent: UA,
      sleep: async (ms) => {
        slept.push(ms);
      },
      ...options,
    });
  }

  before(async () => {
    const fixtures = makeFixtureRoot();
    cleanup = fixtures.cleanup;
    server = await startFixtureServer({ root: fixtures.root });
    xmlUrl = `${server.endpoints.repository}frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml`;
    host = new URL(server.baseUrl).host;
  });
  after(async () => {
    await server.close();
    cleanup();
  });
  beforeEach(() => {
    slept = [];
    server.clearFaults();
    server.requests.length = 0;
    server.concurrency.peak = 0;
  });

  it('gets a document with its validators and sends the User-Agent and Accept', async () => {
    const res = await client().get({ url: xmlUrl, accept: 'application/xml', expect: XML });
    assert.equal(res.status, 200);
    assert.equal(res.notModified, false);
    assert.equal(res.body, FILES['koop/ah-tk-20232024-99.xml']);
    assert.equal(res.contentType, 'application/xml; charset=utf-8');
    assert.equal(res.url, xmlUrl);
    assert.match(res.etag ?? '', /^"/);
    assert.ok(res.lastModified);
    assert.equal(server.requests[0]!.headers['user-agent'], UA);
    assert.equal(server.requests[0]!.headers['accept'], 'application/xml');
  });

  it('makes conditional requests: 304 is notModified with an empty body', async () => {
    const http = client();
    const first = await http.get({ url: xmlUrl, accept: 'application/xml' });
    const byEtag = await http.get({ url: xmlUrl, accept: 'application/xml', etag: first.etag, expect: XML });
    assert.equal(byEtag.notModified, true);
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.body, '');
    assert.equal(server.requests[1]!.headers['if-none-match'], first.etag);
    const byDate = await http.get({ url: xmlUrl, accept: 'application/xml', lastModified: first.lastModified });
    assert.equal(byDate.notModified, true);
    assert.equal(server.requests[2]!.headers['if-modified-since'], first.lastModified);
    assert.equal(server.requests[0]!.headers['if-none-match'], undefined);
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    server.inject('/frbr/', { status: 429, retryAfter: 1, times: 1 });
    const res = await client().get({ url: xmlUrl, accept: 'application/xml' });
    assert.equal(res.status, 200);
    assert.deepEqual(slept, [1000]);
    assert.equal(server.requests.length, 2);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const when = new Date(Date.now() + 30_000).toUTCString();
    server.inject('/frbr/', { status: 503, retryAfter: when, times: 1 });
    await client().get({ url: xmlUrl, accept: 'application/xml' });
    assert.equal(slept.length, 1);
    assert.ok(slept[0]! > 27_000 && slept[0]! <= 30_000, String(slept[0]));
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
    assert.equal(parseRetryAfter('soon'), null);
  });

  it('fails at once when Retry-After asks for longer than it waits, saying how long', async () => {
    server.inject('/frbr/', { status: 429, retryAfter: 120 });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml' }), 'status');
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 120_000);
    assert.match(err.message, /the service asks to wait 2 minutes before trying again/);
    assert.equal(server.requests.length, 1);
  });

  it('says "try again later" for an absurd Retry-After, without a number', async () => {
    server.inject('/frbr/', { status: 503, retryAfter: '100000000000000000000' });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml' }), 'status');
    assert.match(err.message, /^[^ ]+ answered 503 Service Unavailable: the service asks to wait before trying again\. Try again later\.$/);
    assert.doesNotMatch(err.message.replace(host, ''), /\d{5,}|min|second/);
    assert.equal(server.requests.length, 1);
    assert.equal(waitInWords(45_000), '45 seconds');
    assert.equal(waitInWords(150_000), '3 minutes');
    assert.equal(waitInWords(3 * 3_600_000), '3 hours');
    assert.equal(waitInWords(1e23), undefined);
    assert.equal(waitInWords(Infinity), undefined);
  });

  it('fails at once when Retry-After asks to wait past the caller\'s budget', async () => {
    server.inject('/frbr/', { status: 503, retryAfter: 30 });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml', notAfter: Date.now() + 5_000 }), 'status');
    assert.match(err.message, /asks to wait 30 seconds/);
    assert.deepEqual(slept, []);
    assert.equal(server.requests.length, 1);
  });

  it('does not start a retry that would end past the caller\'s budget', async () => {
    server.inject('/frbr/', { status: 500 });
    await failure(client({ backoffMs: () => 2_000 }).get({ url: xmlUrl, accept: 'application/xml', notAfter: Date.now() + 1_000 }), 'status');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(slept, []);
  });

  it('reports a redirect loop as one, after one try and a handful of requests', async () => {
    const path = new URL(xmlUrl).pathname;
    server.inject('/frbr/', { redirect: '/loop/a' });
    server.inject('/loop/a', { redirect: '/loop/b' });
    server.inject('/loop/b', { redirect: path });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml' }), 'redirect');
    assert.equal(err.message, `Redirect loop at ${host}: …/ah-tk-20232024-99.xml cannot be fetched. An endpoint setting may point to the wrong address, or try again later.`);
    assert.equal(server.requests.length, 3, 'each address once, no retries');
    assert.deepEqual(slept, []);
  });

  it('stops after 5 redirects, and follows fewer', async () => {
    for (let i = 0; i < 7; i++) server.inject(`/hop/${i}`, { redirect: `/hop/${i + 1}` });
    server.inject('/hop/7', { redirect: xmlUrl });
    const err = await failure(client().get({ url: `${server.baseUrl}/hop/0`, accept: 'application/xml' }), 'redirect');
    assert.match(err.message, /^Too many redirects at .* \(more than 5\)/);
    assert.equal(server.requests.length, 6);
    server.requests.length = 0;
    const res = await client().get({ url: `${server.baseUrl}/hop/5`, accept: 'application/xml', expect: XML });
    assert.equal(res.url, xmlUrl);
    assert.equal(res.body, FILES['koop/ah-tk-20232024-99.xml']);
    assert.equal(server.requests.length, 4);
  });

  it('does not follow a redirect to another scheme', async () => {
    server.inject('/frbr/', { redirect: 'javascript:alert(1)' });
    await failure(client().get({ url: xmlUrl, accept: 'application/xml' }), 'redirect');
  });

  it('retries 503 and succeeds on the third attempt', async () => {
    server.inject('/frbr/', { status: 503, times: 2 });
    const res = await client({ backoffMs: (n) => 100 * (n + 1) }).get({ url: xmlUrl, accept: 'application/xml' });
    assert.equal(res.body, FILES['koop/ah-tk-20232024-99.xml']);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(slept, [100, 200]);
  });

  it('gives up on a lasting 503 after 4 attempts', async () => {
    server.inject('/frbr/', { status: 503 });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml' }), 'status');
    assert.equal(err.status, 503);
    assert.equal(err.url, xmlUrl);
    assert.equal(err.message, `${host} answered 503 Service Unavailable 4 times. The service may be down; try again later.`);
    assert.equal(server.requests.length, 4);
  });

  it('does not retry a 404 and says the document does not exist', async () => {
    const url = xmlUrl.replace(/-99/g, '-98');
    const err = await failure(client().get({ url, accept: 'application/xml' }), 'status');
    assert.equal(err.status, 404);
    assert.equal(err.message, `${host} answered 404 Not Found for …/ah-tk-20232024-98.xml: the document does not exist there.`);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(slept, []);
  });

  it('keeps the body of an error answer on the error, for the service\'s own message', async () => {
    const url = `${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Nummer eq '2099Z00000'")}`;
    const err = await failure(client().get({ url, accept: 'application/json' }), 'status');
    assert.equal(err.status, 404);
    const body = JSON.parse(err.body ?? 'null') as { error: { code: string; message: string } };
    assert.equal(body.error.message, 'Not Found: No such document.');
    const ok = await failure(client().get({ url: xmlUrl.replace(/-99/g, '-98'), accept: 'application/xml' }), 'status');
    assert.match(ok.body ?? '', /^<!DOCTYPE html>/);
  });

  it('reports a body cut off mid-way as truncated, after retrying', async () => {
    server.inject('/frbr/', { truncateAt: 10 });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml' }), 'truncated');
    assert.match(err.message, new RegExp(`^The response from ${host} for …/ah-tk-20232024-99\\.xml was cut off after \\d+ bytes \\(tried 4 times\\)\\. Try again\\.$`));
    assert.equal(server.requests.length, 4);
  });

  it('recovers when only the first body was cut off', async () => {
    server.inject('/frbr/', { truncateAt: 10, times: 1 });
    const res = await client().get({ url: xmlUrl, accept: 'application/xml' });
    assert.equal(res.body, FILES['koop/ah-tk-20232024-99.xml']);
  });

  it('refuses an unexpected content type without retrying', async () => {
    server.inject('/frbr/', { contentType: 'text/html; charset=utf-8' });
    const err = await failure(client().get({ url: xmlUrl, accept: 'application/xml', expect: XML }), 'content-type');
    assert.equal(err.message, `${host} sent text/html where XML was expected. An endpoint setting may point to the wrong address.`);
    assert.equal(server.requests.length, 1);
  });

  it('passes a malformed body through with its 200 (the parsers judge it)', async () => {
    server.inject('/frbr/', { malformed: true });
    const res = await client().get({ url: xmlUrl, accept: 'application/xml', expect: XML });
    assert.equal(res.status, 200);
    assert.ok(res.body.length > 0 && res.body.length < FILES['koop/ah-tk-20232024-99.xml']!.length);
  });

  it('cancels an endless slow body within a second of the abort', async () => {
    server.inject('/frbr/', { slowBody: true });
    const abort = new AbortController();
    // Waits on the response's headers (a signal, not a timer): the body is being read from then on.
    let headers!: () => void;
    const arrived = new Promise<void>((resolve) => { headers = resolve; });
    const fetchSignalling: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      headers();
      return res;
    };
    const pending = client({ fetch: fetchSignalling }).get({ url: xmlUrl, accept: 'application/xml', signal: abort.signal });
    await arrived;
    const aborted = performance.now();
    abort.abort();
    const err = await failure(pending, 'cancelled');
    assert.ok(performance.now() - aborted < 1000, `${performance.now() - aborted} ms`);
    assert.match(err.message, /was cancelled\.$/);
    assert.equal(server.requests.length, 1, 'a cancel is not retried');
  });

  it('cancels during a backoff sleep at once', async () => {
    server.inject('/frbr/', { status: 503 });
    const abort = new AbortController();
    // The client asks for the delay just before its (real) sleep: that is the signal to cancel.
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => { sleeping = resolve; });
    const http = new HttpClient({ userAgent: UA, backoffMs: () => { sleeping(); return 60_000; } });
    const pending = http.get({ url: xmlUrl, accept: 'application/xml', signal: abort.signal });
    await asleep;
    const aborted = performance.now();
    abort.abort();
    await failure(pending, 'cancelled');
    assert.ok(performance.now() - aborted < 1000);
    assert.equal(server.requests.length, 1);
  });

  it('does not start a request whose signal is already aborted', async () => {
    await failure(client().get({ url: xmlUrl, accept: 'application/xml', signal: AbortSignal.abort() }), 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  it('times out waiting for headers, and retries', async () => {
    server.inject('/frbr/', { latencyMs: 2000 });
    const err = await failure(client({ timeoutMs: 300, retries: 1 }).get({ url: xmlUrl, accept: 'application/xml' }), 'timeout');
    assert.equal(err.message, `${host} did not answer within 0.3 s (tried twice). Check your connection or try again later.`);
    assert.equal(server.requests.length, 2);
  });

  it('times out on a body that never ends', async () => {
    server.inject('/frbr/', { slowBody: true });
    const err = await failure(client({ timeoutMs: 300, retries: 0 }).get({ url: xmlUrl, accept: 'application/xml' }), 'timeout');
    assert.match(err.message, /did not finish sending …\/ah-tk-20232024-99\.xml within 0\.3 s\./);
  });

  it('sends at most 4 requests to one host at once and queues the rest', async () => {
    server.inject('/frbr/', { latencyMs: 100 });
    const http = client();
    const all = await Promise.all(Array.from({ length: 10 }, () => http.get({ url: xmlUrl, accept: 'application/xml' })));
    assert.equal(all.length, 10);
    assert.equal(server.requests.length, 10);
    assert.equal(server.concurrency.peak, 4);
  });

  it('lets a cancelled request leave the queue', async () => {
    server.inject('/frbr/', { latencyMs: 150 });
    const http = client({ perHost: 1 });
    const first = http.get({ url: xmlUrl, accept: 'application/xml' });
    const abort = new AbortController();
    const queued = http.get({ url: xmlUrl, accept: 'application/xml', signal: abort.signal });
    const third = http.get({ url: xmlUrl, accept: 'application/xml' });
    abort.abort();
    await failure(queued, 'cancelled');
    await Promise.all([first, third]);
    assert.equal(server.requests.length, 2);
    assert.equal(server.concurrency.peak, 1);
  });

  it('refuses a body larger than maxBytes by its Content-Length', async () => {
    const err = await failure(client({ maxBytes: 20 }).get({ url: xmlUrl, accept: 'application/xml' }), 'too-large');
    assert.match(err.message, /is larger than 20 bytes and was not read\./);
    assert.equal(server.requests.length, 1);
  });

  it('stops reading a streamed body once it passes maxBytes', async () => {
    // A slow body has no Content-Length; its first byte comes at once, so a cap of 0 is passed at once.
    server.inject('/frbr/', { slowBody: true });
    const started = performance.now();
    await failure(client({ maxBytes: 0 }).get({ url: xmlUrl, accept: 'application/xml' }), 'too-large');
    assert.ok(performance.now() - started < 1000);
  });

  it('reports an unreachable host as a network error after retrying', async () => {
    const fixtures = makeFixtureRoot();
    const gone = await startFixtureServer({ root: fixtures.root });
    const url = `${gone.endpoints.zoek}ah-tk-20232024-99.html`;
    await gone.close();
    fixtures.cleanup();
    const err = await failure(client().get({ url, accept: 'text/html' }), 'network');
    assert.match(err.message, new RegExp(`^${new URL(url).host.replace(/\./g, '\\.')} could not be reached \\(ECONNREFUSED\\) \\(tried 4 times\\)\\. Check your connection`));
    assert.equal(slept.length, 3);
  });

  it('decodes the charset the content type names', async () => {
    server.inject('/frbr/', { contentType: 'application/xml; charset=iso-8859-1' });
    const res = await client().get({ url: xmlUrl, accept: 'application/xml', expect: XML });
    assert.match(res.body, /rÃ¶ntgencameraâ/, 'UTF-8 bytes read as Latin-1');
    server.clearFaults();
    assert.match((await client().get({ url: xmlUrl, accept: 'application/xml' })).body, /röntgencamera’s/);
  });
});
