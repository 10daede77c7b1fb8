/**
 * A refresh never replaces a complete stored copy by a worse one, and a fetch never takes longer
 * than its budget: every fault of the fixture server (test/server/fixtureServer.ts: statuses 500/404,
 * a cut-off body, half bodies, a wrong content type, a slow body, latency, redirect loops), on the
 * whole server and on the repository alone (the Open Data Portal answers, the publications fail),
 * through the real HTTP client and parsers.
 */
import * as assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer, type Fault } from '../server/fixtureServer';
import { HttpClient } from '../../src/core/sources/http';
import { FetchError, IncompleteCopyError, fetchKamervraag, type SourceContext } from '../../src/core/sources/resolve';
import type { Kamervraag } from '../../src/core/model';
import { Watcher } from '../../src/core/watch';

const TODAY = '2026-11-27';

describe('refreshing a stored Kamervraag against a failing service', () => {
  let server: FixtureServer;
  let stored: Kamervraag;
  let frozen: string;

  function context(options: { totalTimeoutMs?: number; timeoutMs?: number } = {}): SourceContext {
    return {
      http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: options.timeoutMs ?? 2000, retries: 1, backoffMs: () => 1 }),
      endpoints: server.endpoints,
      today: TODAY,
      totalTimeoutMs: options.totalTimeoutMs ?? 20_000,
    };
  }

  before(async () => {
    server = await startFixtureServer();
    stored = (await fetchKamervraag('2023Z11786', context())).kamervraag;
    assert.equal(stored.entries.length, 13);
    frozen = JSON.stringify(stored);
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.clearFaults();
  });
  afterEach(() => {
    assert.equal(JSON.stringify(stored), frozen, 'the stored copy is never changed');
  });

  /** Refresh unconditionally (no validators: the service must send everything again). */
  function refresh(ctx = context()): Promise<unknown> {
    return fetchKamervraag('2023Z11786', ctx, { kamervraag: stored, validators: null });
  }

  const faults: Array<[string, Fault, RegExp]> = [
    ['500', { status: 500 }, /answered 500 Internal Server Error/],
    ['404', { status: 404 }, /answered 404 Not Found/],
    ['a cut-off body', { truncateAt: 200 }, /was cut off after 200 bytes/],
    ['half bodies', { malformed: true }, /6 of the 13 questions|malformed|not well-formed|invalid|incomplete|unexpected end|could not be read/i],
    ['a wrong content type', { contentType: 'text/plain' }, /sent text\/plain where (XML|JSON|HTML or XML) was expected/],
    ['a redirect loop', { redirect: '/frbr/loop' }, /Redirect loop at 127\.0\.0\.1|could not be read|does not exist|Too many redirects/],
  ];

  for (const [scope, route] of [['the repository', '/frbr/'], ['every service', '/']] as const) {
    describe(`${scope} fails`, () => {
      for (const [what, fault, named] of faults) {
        it(`${what}: keeps the stored copy and names what failed`, async () => {
          server.inject(route, route === '/' && fault.redirect ? { redirect: '/loop' } : fault);
          await assert.rejects(refresh(), (err: unknown) => {
            assert.ok(err instanceof FetchError, String(err));
            assert.match(err.message, named);
            assert.doesNotMatch(err.message, /\n/);
            if (err instanceof IncompleteCopyError) {
              assert.match(err.message, /^The copy just fetched is less complete than the saved one \(.*\), so the saved copy was kept\. What failed: /);
              assert.ok(err.losses.length > 0);
            }
            return true;
          });
        });
      }
    });
  }

  it('keeps the stored copy when the Open Data Portal is down and KOOP alone knows less, and says so', async () => {
    server.inject('/OData', { status: 503, retryAfter: 0 });
    await assert.rejects(refresh(), (err: unknown) => {
      assert.ok(err instanceof IncompleteCopyError, String(err));
      assert.match(err.message, /without kv-tk-2023Z11786 and 2023D\d+\)/);
      assert.match(err.message, /What failed: .*answered 503/);
      return true;
    });
  });

  it('replaces the stored copy by an equally complete one', async () => {
    const result = await fetchKamervraag('2023Z11786', context(), { kamervraag: stored, validators: null });
    assert.equal(result.notModified, false);
    assert.deepEqual(result.kamervraag, stored);
  });

  it('ends a slow body within the total budget and says what ran out', async () => {
    server.inject('/frbr/', { slowBody: true });
    const t0 = performance.now();
    await assert.rejects(refresh(context({ totalTimeoutMs: 1500, timeoutMs: 60_000 })), (err: unknown) => {
      assert.ok(err instanceof FetchError, String(err));
      assert.match(err.message, /The fetch took longer than 1\.5 s \(setting kamervragen\.network\.totalTimeoutSeconds\), so what was left was cancelled\./);
      return true;
    });
    // A generous bound: the budget plus time to wind down, far below the 60 s a request may take.
    assert.ok(performance.now() - t0 < 5000, `${Math.round(performance.now() - t0)} ms`);
  });

  it('ends a service that never answers within the total budget, retries and all', async () => {
    server.inject('/', { latencyMs: 30_000 });
    const t0 = performance.now();
    const ctx = { ...context({ totalTimeoutMs: 1500, timeoutMs: 1000 }), http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 1000, retries: 3, backoffMs: () => 1 }) };
    await assert.rejects(fetchKamervraag('2023Z11786', ctx), (err: unknown) => {
      assert.ok(err instanceof FetchError, String(err));
      assert.match(err.message, /^Could not fetch 2023Z11786\. /);
      assert.match(err.message, /did not answer within 1 s|took longer than 1\.5 s/);
      return true;
    });
    assert.ok(performance.now() - t0 < 5000, `${Math.round(performance.now() - t0)} ms`);
  });

  it('gives up on a portal that never answers in time to read the publications within the budget', async () => {
    server.inject('/OData', { latencyMs: 30_000 });
    const ctx = { ...context({ totalTimeoutMs: 6000 }), http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 1000, retries: 3, backoffMs: () => 1 }) };
    const t0 = performance.now();
    const result = await fetchKamervraag('2023Z11786', ctx);
    const took = performance.now() - t0;
    assert.equal(result.kamervraag.entries.length, 13, 'KOOP alone, within the budget');
    assert.match(result.warnings.join(' '), /did not answer within 1 s \(tried (twice|3 times|4 times)\)/);
    assert.ok(took < 6000, `${Math.round(took)} ms`);
  });

  it('passes a cancel by the user on as a cancel, not as a time-out', async () => {
    server.inject('/OData', { slowBody: true });
    const controller = new AbortController();
    const started = fetchKamervraag('2023Z11786', { ...context(), signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(started, (err: unknown) => (err as { kind?: string }).kind === 'cancelled');
  });
});

describe('a first fetch whose publications fail', () => {
  let server: FixtureServer;
  const ctx = (): SourceContext => ({
    http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 2000, retries: 1, backoffMs: () => 1 }),
    endpoints: server.endpoints,
    today: TODAY,
  });

  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.clearFaults());

  for (const [what, fault, named] of [
    ['500', { status: 500 }, /500/],
    ['404', { status: 404 }, /404/],
    ['a cut-off body', { truncateAt: 200 }, /cut off/],
    ['a wrong content type', { contentType: 'text/plain' }, /text\/plain/],
  ] as Array<[string, Fault, RegExp]>) {
    it(`${what}: no copy without its questions is made (the portal alone is not the Kamervraag)`, async () => {
      server.inject('/frbr/', fault);
      await assert.rejects(fetchKamervraag('2023Z11786', ctx()), (err: unknown) => {
        assert.ok(err instanceof FetchError, String(err));
        assert.match(err.message, /^Could not fetch 2023Z11786: the questions and answers could not be read\. /);
        assert.match(err.message, named);
        return true;
      });
    });
  }
});

describe('the watch list against a failing service', () => {
  let server: FixtureServer;

  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });

  for (const [what, fault, named] of [
    // Half of each body: refused as cut off (the parsers check completeness), or, should a half ever read as whole, refused as less complete.
    ['half bodies, read without an error', { malformed: true }, /less complete than the saved one \(6 of the 13 questions|incomplete \(truncated\)/],
    ['a 500 from the repository', { status: 500 }, /answered 500/],
  ] as Array<[string, Fault, RegExp]>) {
    it(`${what}: no silent downgrade, and the reason stays in its state`, async () => {
      server.clearFaults();
      const ctx: SourceContext = { http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 2000, retries: 1, backoffMs: () => 1 }), endpoints: server.endpoints, today: TODAY };
      const first = await fetchKamervraag('2023Z11786', ctx);
      const store = new Map([['2023Z11786', first.kamervraag]]);
      const watcher = new Watcher({
        intervalMs: 3_600_000,
        watched: () => [...store.keys()],
        stored: (key) => Promise.resolve(store.get(key)),
        // As the extension does (watching.ts): a conditional refresh against the stored copy, saved when it succeeds.
        refresh: async (key, signal) => {
          const result = await fetchKamervraag(key, { ...ctx, signal }, { kamervraag: store.get(key)!, validators: null });
          store.set(key, result.kamervraag);
          return result.kamervraag;
        },
      });
      server.inject('/frbr/', fault);
      const round = await watcher.checkNow();
      assert.equal(round.failed, 1);
      assert.deepEqual(round.events, []);
      assert.equal(store.get('2023Z11786'), first.kamervraag, 'the stored copy stays');
      assert.equal(store.get('2023Z11786')!.entries.length, 13);
      assert.match(watcher.problem('2023Z11786') ?? '', named);
      assert.deepEqual(round.problems.map((p) => p.key), ['2023Z11786']);
      watcher.dispose();
    });
  }
});
