/**
 * From any identifier to the merged Kamervraag, through the real HTTP client and parsers, against
 * the fixture server (real and constructed official documents, see test/fixtures/*.source.txt).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { HttpClient, HttpError } from '../../src/core/sources/http';
import { FetchError, fetchKamervraag, type SourceContext } from '../../src/core/sources/resolve';
import { parseKamervraag } from '../../src/core/parse';
import type { Kamervraag } from '../../src/core/model';

const TODAY = '2026-11-27';

describe('fetching a Kamervraag from the official sources', () => {
  let server: FixtureServer;
  let ctx: SourceContext;

  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.clearFaults();
    ctx = {
      http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 2000, retries: 1, backoffMs: () => 1 }),
      endpoints: server.endpoints,
      today: TODAY,
    };
  });

  describe('2023Z11786 by every identifier and link', () => {
    const inputs = [
      '2023Z11786',
      'kv-tk-2023Z11786',
      'ah-tk-20232024-99',
      '232400099',
      'https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html',
      'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html',
      'https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml',
      'https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2023Z11786&did=2023D27519',
      'https://www.openkamer.org/kamervraag/2023Z11786/',
    ];
    let reference: Kamervraag;

    before(async () => {
      reference = (await fetchKamervraag('2023Z11786', { ...ctx, http: new HttpClient({ userAgent: 'kamervragen-test' }), endpoints: server.endpoints, today: TODAY })).kamervraag;
    });

    it('merges OData and the official answer into the seed facts', () => {
      const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], TODAY);
      assert.equal(reference.zaak, '2023Z11786');
      assert.equal(reference.entries.length, 13);
      assert.deepEqual(reference.entries.map((e) => [e.numbers, e.question, e.answer, e.refersTo]), seed.entries.map((e) => [e.numbers, e.question, e.answer, e.refersTo]));
      assert.deepEqual(reference.submitters.map((s) => s.party), ['VVD', 'Volt', 'VVD']);
      assert.equal(reference.answeredBy.length, 2);
      assert.equal(reference.submitted, '2023-06-23');
      assert.equal(reference.answered, '2023-09-28');
      assert.equal(reference.daysToAnswer, 97);
      assert.equal(reference.status, 'answered-late');
      assert.deepEqual(reference.notices.map((n) => [n.kind, n.date]), [['uitstel', '2023-07-03']]);
      assert.ok(reference.documents.some((d) => d.id === 'kv-tk-2023Z11786' && d.kind === 'questions'));
      assert.ok(reference.documents.some((d) => d.id === 'ah-tk-20232024-99' && d.kind === 'answer'));
    });

    for (const input of inputs.slice(1)) {
      it(`gives the same model for ${input}`, async () => {
        const { kamervraag, warnings } = await fetchKamervraag(input, ctx);
        assert.deepEqual(warnings, []);
        assert.deepEqual(kamervraag, reference);
      });
    }
  });

  it('reads the real answer ah-tk-20202021-3235 with its zaak from OData', async () => {
    const { kamervraag } = await fetchKamervraag('ah-tk-20202021-3235', ctx);
    assert.equal(kamervraag.zaak, '2021Z09739');
    assert.equal(kamervraag.entries.length, 9);
    assert.deepEqual(kamervraag.entries[3]!.refersTo, [2, 3]);
    assert.deepEqual(kamervraag.submitters.map((s) => s.party), ['D66', 'D66', 'D66']);
    assert.equal(kamervraag.status, 'answered-on-time');
  });

  it('falls back to KOOP alone when the Open Data Portal is down', async () => {
    server.inject('/OData', { status: 503 });
    const { kamervraag, warnings } = await fetchKamervraag('2023Z11786', ctx);
    assert.equal(kamervraag.entries.length, 13);
    assert.equal(kamervraag.answered, '2023-09-28');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /503/);
  });

  it('falls back to the HTML manifestation when the XML is missing', async () => {
    server.inject(/\/xml\/ah-tk-20202021-3235\.xml/, { status: 404 });
    const { kamervraag, warnings } = await fetchKamervraag('2021Z09739', ctx);
    assert.equal(kamervraag.entries.length, 9);
    assert.deepEqual(warnings, []);
    assert.ok(server.requests.some((r) => r.path.endsWith('/html/ah-tk-20202021-3235.html')));
  });

  describe('faults end in a clear message', () => {
    const cases: Array<[string, string | RegExp, Parameters<FixtureServer['inject']>[1], RegExp]> = [
      ['everything 404', '/', { status: 404 }, /Could not fetch 2023Z11786\. .*404/],
      ['everything 503', '/', { status: 503, retryAfter: 0 }, /503/],
      ['malformed OData and XML', '/', { malformed: true }, /Could not fetch .*(invalid JSON|malformed|incomplete)/i],
      ['wrong content type', '/', { contentType: 'text/plain' }, /where (JSON|XML) was expected/i],
      ['truncated bodies', '/', { truncateAt: 200 }, /cut off/],
    ];
    for (const [what, route, fault, message] of cases) {
      it(what, async () => {
        server.inject(route, fault);
        await assert.rejects(fetchKamervraag('2023Z11786', ctx), (err: unknown) => {
          assert.ok(err instanceof FetchError, String(err));
          assert.match(err.message, message);
          assert.doesNotMatch(err.message, /\n\s+at /);
          return true;
        });
      });
    }

    it('names the accepted forms for garbage', async () => {
      await assert.rejects(fetchKamervraag('Chinese scanners', ctx), /is not a Kamervraag identifier/);
    });
  });

  it('stops within a second of a cancel while a server sends endlessly slowly', async () => {
    server.inject('/OData', { slowBody: true });
    const controller = new AbortController();
    // Cancel once the slow response's headers are in (a signal, not a timer): its body is being read.
    let headers!: () => void;
    const arrived = new Promise<void>((resolve) => { headers = resolve; });
    const fetchSignalling: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      headers();
      return res;
    };
    const started = fetchKamervraag('2023Z11786', { ...ctx, http: new HttpClient({ userAgent: 'kamervragen-test', fetch: fetchSignalling }), signal: controller.signal });
    await arrived;
    const cancelledAt = performance.now();
    controller.abort();
    await assert.rejects(started, (err: unknown) => err instanceof HttpError && err.kind === 'cancelled');
    assert.ok(performance.now() - cancelledAt < 1000);
  });

  it('asks conditionally on refresh and keeps the stored copy when nothing changed', async () => {
    const first = await fetchKamervraag('2023Z11786', ctx);
    assert.ok(first.validators?.etag);
    const before = server.requests.length;
    const again = await fetchKamervraag('2023Z11786', ctx, { kamervraag: first.kamervraag, validators: first.validators });
    assert.equal(again.notModified, true);
    assert.equal(again.kamervraag, first.kamervraag);
    assert.equal(server.requests.length - before, 1, 'one conditional request, nothing else');
    assert.equal(server.requests[server.requests.length - 1]!.headers['if-none-match'], first.validators!.etag);
  });

  it('sends a User-Agent that names the extension', async () => {
    await fetchKamervraag('2021Z09739', ctx);
    assert.ok(server.requests.every((r) => r.headers['user-agent'] === 'kamervragen-test'));
  });
});
