import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { HttpClient } from '../../src/core/sources/http';
import type { SourceContext } from '../../src/core/sources/resolve';
import { nextPage, searchFullText, searchKamervragen, searchPages, summaryStatus, type SearchPage } from '../../src/core/sources/search';
import { parseSearchInput } from '../../src/core/sources/searchSyntax';
import { ServiceError } from '../../src/core/sources/serviceError';
import type { KamervraagSummary } from '../../src/core/parse/summary';

interface FixtureZaak { Nummer: string; Soort: string; GestartOp: string; Verwijderd: boolean }

/** Every Schriftelijke vragen zaak of the fixtures with the local day it started, read from the files themselves. */
function fixtureZaken(): { nummer: string; day: string }[] {
  const search = JSON.parse(readFileSync('test/fixtures/odata/Zaak.search.json', 'utf8')) as { value: FixtureZaak[] };
  const bulk = JSON.parse(readFileSync('test/fixtures/odata/Zaak.bulk.json', 'utf8')) as { rows: { n: string; s: string; deleted?: boolean; soort?: string }[] };
  return [
    ...search.value.filter((z) => z.Soort === 'Schriftelijke vragen' && !z.Verwijderd).map((z) => ({ nummer: z.Nummer, day: z.GestartOp.slice(0, 10) })),
    ...bulk.rows.filter((r) => !r.deleted && !r.soort).map((r) => ({ nummer: r.n, day: r.s.slice(0, 10) })),
  ];
}

async function everything(first: SearchPage, ctx: SourceContext): Promise<{ items: KamervraagSummary[]; pages: number }> {
  const items: KamervraagSummary[] = [];
  let pages = 0;
  for await (const page of searchPages(first, ctx)) {
    items.push(...page.items);
    pages++;
  }
  return { items, pages };
}

function nonIncreasing(values: string[]): boolean {
  return values.every((v, i) => i === 0 || values[i - 1]! >= v);
}

describe('searching the sources', () => {
  let server: FixtureServer;
  let ctx: SourceContext;
  before(async () => {
    server = await startFixtureServer();
    ctx = { http: new HttpClient({ userAgent: 'kamervragen-test', retries: 0 }), endpoints: server.endpoints, today: '2026-11-27' };
  });
  after(() => server.close());
  afterEach(() => server.clearFaults());

  it('sends the structured query to the Open Data Portal and finds by subject, ignoring case', async () => {
    const page = await searchKamervragen({ text: 'Douane' }, ctx);
    const request = server.requests[server.requests.length - 1]!;
    assert.equal(request.path, '/OData/v4/2.0/Zaak');
    assert.match(request.query['$filter']!, /contains\(tolower\(Onderwerp\),'douane'\)/);
    assert.deepEqual(page.items.map((s) => s.key), ['2023Z11786']);
    assert.equal(page.total, 1);
    assert.equal(page.next, null);
  });

  it('pages a search with more than 50 results to its end: every zaak once, newest first across pages', async () => {
    const started = server.requests.length;
    const first = await searchKamervragen(parseSearchInput('zorg').query, ctx);
    assert.ok(first.total !== null && first.total > 250, `total ${String(first.total)}`);
    const { items, pages } = await everything(first, ctx);
    assert.equal(items.length, first.total);
    assert.equal(new Set(items.map((s) => s.key)).size, items.length, 'no zaak twice');
    assert.equal(pages, Math.ceil(first.total / 50));
    const days = items.map((s) => s.submitted ?? '');
    assert.ok(nonIncreasing(days), 'newest first across pages');
    const asked = server.requests.slice(started);
    assert.ok(asked.every((r) => r.query['$top'] === '50'), 'pages of 50 asked with $top');
    assert.deepEqual(asked.map((r) => Number(r.query['$skip'] ?? 0)), Array.from({ length: pages }, (_, i) => i * 50));
    // Every zaak whose subject holds the word in any case, as the fixture files say.
    const again = await searchKamervragen(parseSearchInput('ZORG').query, ctx);
    assert.equal(again.total, first.total);
  });

  it('follows the portal\'s own pages (250 and an opaque $skiptoken) when asked without $top', async () => {
    const url = `${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Soort eq 'Schriftelijke vragen' and Verwijderd eq false")}&$expand=${encodeURIComponent('Document,ZaakActor')}&$orderby=${encodeURIComponent('GestartOp desc')}&$count=true`;
    const first = await nextPage({ source: 'odata', url, query: {} }, ctx);
    assert.equal(first.items.length, 250);
    assert.ok(first.next?.source === 'odata' && first.next.url.includes('$skiptoken='), JSON.stringify(first.next));
    assert.ok(first.next.url.startsWith(server.endpoints.odata));
    const { items } = await everything(first, ctx);
    assert.equal(items.length, first.total);
    assert.equal(items.length, fixtureZaken().length);
    assert.equal(new Set(items.map((s) => s.key)).size, items.length);
  });

  it('pages with $skip without a count, counting deleted records the page held (they take their place in $top)', async () => {
    const url = `${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Soort eq 'Schriftelijke vragen'")}&$orderby=${encodeURIComponent('Nummer asc')}&$top=50`;
    const { items, pages } = await everything(await nextPage({ source: 'odata', url, query: {} }, ctx), ctx);
    const search = (JSON.parse(readFileSync('test/fixtures/odata/Zaak.search.json', 'utf8')) as { value: FixtureZaak[] }).value.filter((z) => z.Soort === 'Schriftelijke vragen');
    const bulk = (JSON.parse(readFileSync('test/fixtures/odata/Zaak.bulk.json', 'utf8')) as { rows: { deleted?: boolean; soort?: string }[] }).rows.filter((r) => !r.soort);
    const all = search.length + bulk.length;
    const present = search.filter((z) => !z.Verwijderd).length + bulk.filter((r) => !r.deleted).length;
    assert.ok(present < all, 'the fixtures hold deleted zaken');
    assert.equal(items.length, present);
    assert.equal(pages, Math.ceil(all / 50) + (all % 50 === 0 ? 1 : 0));
  });

  for (const [typed, days] of [
    ['van:2023-03-26 tot:2023-03-26', ['2023-03-26']],
    ['van:2023-03-27 tot:2023-03-27', ['2023-03-27']],
    ['van:2023-10-29 tot:2023-10-30', ['2023-10-29', '2023-10-30']],
    ['van:25-03-2023 tot:2023-03-27', ['2023-03-25', '2023-03-26', '2023-03-27']],
    ['van:2024-03-31 tot:2024-04-01', ['2024-03-31', '2024-04-01']],
  ] as const) {
    it(`returns exactly the days asked for: ${typed}`, async () => {
      const { query, problems } = parseSearchInput(typed);
      assert.deepEqual(problems, []);
      const { items } = await everything(await searchKamervragen(query, ctx), ctx);
      const expected = fixtureZaken().filter((z) => (days as readonly string[]).includes(z.day)).map((z) => z.nummer).sort();
      assert.ok(expected.length >= 2, 'the fixtures have zaken on these days');
      assert.deepEqual(items.map((s) => s.key).sort(), expected);
      assert.ok(items.every((s) => (days as readonly string[]).includes(s.submitted ?? '')));
    });
  }

  it('keeps only what fits a status the portal cannot express exactly, filling pages the check thinned out', async () => {
    const started = server.requests.length;
    const page = await searchKamervragen({ text: 'zorg', status: 'answered-late' }, ctx);
    assert.ok(page.items.length > 10, `${page.items.length} items`);
    assert.ok(page.items.every((s) => summaryStatus(s, '2026-11-27') === 'answered-late'));
    // Fewer than 50 of each 50 are late: the page was filled from five portal pages, and goes on after them.
    assert.equal(server.requests.length - started, 5);
    assert.ok(page.next?.source === 'odata' && new URL(page.next.url).searchParams.get('$skip') === '250');
    const rest = await everything(page, ctx);
    assert.ok(rest.items.every((s) => summaryStatus(s, '2026-11-27') === 'answered-late'));
    assert.equal(new Set(rest.items.map((s) => s.key)).size, rest.items.length);
  });

  it('shows the portal\'s own message when it refuses a query (400), and keeps its whole answer', async () => {
    const url = `${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Onbekend eq 'x'")}&$top=50&$count=true`;
    await assert.rejects(nextPage({ source: 'odata', url, query: {} }, ctx), (err: unknown) => {
      assert.ok(err instanceof ServiceError, String(err));
      assert.equal(err.status, 400);
      assert.match(err.message, /^The Open Data Portal refused the search \(400\): The query specified in the URI is not valid\. Could not find a property named 'Onbekend' on type '[\w.]+Zaak'\.$/);
      assert.equal((JSON.parse(err.details) as { error: { code: string } }).error.code, '');
      return true;
    });
  });

  it('searches the full text through SRU, sorted by date on the server: newest first across pages', async () => {
    const started = server.requests.length;
    const first = await searchFullText('zorg', ctx);
    assert.match(server.requests[started]!.query['query']!, /cql\.textAndIndexes="zorg".* sortBy dt\.date\/sort\.descending$/);
    assert.ok(first.total !== null && first.total > 100, `total ${String(first.total)}`);
    const pages: KamervraagSummary[][] = [];
    for await (const page of searchPages(first, ctx)) pages.push(page.items);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    const dates = pages.flat().map((s) => s.answered ?? s.submitted ?? '');
    assert.ok(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)));
    assert.ok(nonIncreasing(dates), 'newest first across pages');
    const keys = pages.flat().map((s) => s.key);
    assert.equal(new Set(keys).size, keys.length, 'each Kamervraag once, though its questions and answer are two publications');
    const bulk = (JSON.parse(readFileSync('test/fixtures/odata/Zaak.bulk.json', 'utf8')) as { rows: { o: string; deleted?: boolean; soort?: string }[] }).rows;
    const records = readFileSync('test/fixtures/sru/search.xml', 'utf8').split('<sru:record>').slice(1);
    const zaken = new Set(records.filter((r) => /zorg/i.test(r.replace(/<[^>]+>/g, ' '))).map((r) => /<overheidwetgeving:vraagnummer>([^<]+)</.exec(r)?.[1]));
    assert.equal(keys.length, bulk.filter((r) => !r.deleted && !r.soort && /zorg/i.test(r.o)).length + zaken.size, 'the zaken whose publications hold the word');
    // Without sortBy the service answers by relevance: the same records, not by date.
    const cql = server.requests[started]!.query['query']!.replace(/ sortBy .*$/, '');
    const raw = await (await fetch(`${server.endpoints.sru}?operation=searchRetrieve&version=2.0&maximumRecords=50&query=${encodeURIComponent(cql)}`)).text();
    const unsorted = [...raw.matchAll(/<dcterms:date>([^<]+)</g)].map((m) => m[1]!);
    assert.equal(unsorted.length, 50);
    assert.ok(!nonIncreasing(unsorted), 'relevance order is not date order');
  });

  it('full text between dates takes in exactly those days (dt.date is a day)', async () => {
    const { items } = await everything(await searchFullText('zorg', ctx, '2023-03-26', '2023-03-27'), ctx);
    assert.ok(items.length > 0);
    assert.ok(items.every((s) => ['2023-03-26', '2023-03-27'].includes(s.answered ?? s.submitted ?? '')), items.map((s) => s.answered ?? s.submitted).join());
  });

  it('shows KOOP\'s diagnostic, whether it comes with 200 or with an error status', async () => {
    const diagnostic = readFileSync('test/fixtures/sru/diagnostic.xml', 'utf8');
    for (const status of [200, 400]) {
      server.inject('/sru', { status, body: diagnostic, times: 1 });
      await assert.rejects(searchFullText('zorg', ctx), (err: unknown) => {
        assert.ok(err instanceof ServiceError, String(err));
        assert.match(err.message, /^KOOP's search service refused the search.*: Query syntax error: w\.vraagnummer==$/);
        assert.equal(err.details, diagnostic);
        return true;
      });
    }
  });

  it('computes status from a summary as from the full model', () => {
    const base = { key: 'x', zaak: 'x', house: 'tk' as const, title: '', vergaderjaar: null, closed: null, submitters: [], addressees: [], documents: [], withdrawn: false };
    assert.equal(summaryStatus({ ...base, submitted: '2023-06-23', answered: '2023-09-28', postponed: true }, '2026-01-01'), 'answered-late');
    assert.equal(summaryStatus({ ...base, submitted: '2023-06-23', answered: '2023-07-10', postponed: false }, '2026-01-01'), 'answered-on-time');
    assert.equal(summaryStatus({ ...base, submitted: '2026-11-20', answered: null, postponed: false }, '2026-11-27'), 'open');
    assert.equal(summaryStatus({ ...base, submitted: '2026-10-01', answered: null, postponed: false }, '2026-11-27'), 'overdue');
  });
});
