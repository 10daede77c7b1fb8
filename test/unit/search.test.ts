import * as assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { HttpClient } from '../../src/core/sources/http';
import type { SourceContext } from '../../src/core/sources/resolve';
import { nextPage, searchFullText, searchKamervragen, summaryStatus, type SearchPage } from '../../src/core/sources/search';

describe('searching the sources', () => {
  let server: FixtureServer;
  let ctx: SourceContext;
  before(async () => {
    server = await startFixtureServer();
    ctx = { http: new HttpClient({ userAgent: 'kamervragen-test', retries: 0 }), endpoints: server.endpoints, today: '2026-11-27' };
  });
  after(() => server.close());

  it('sends the structured query to the Open Data Portal and pages through all results, newest first', async () => {
    let page: SearchPage = await searchKamervragen({ text: 'scanners' }, ctx);
    const request = server.requests[server.requests.length - 1]!;
    assert.equal(request.path.split('?')[0], '/OData/v4/2.0/Zaak');
    assert.match(request.query['$filter']!, /contains\(Onderwerp,'scanners'\)/);
    const all = [...page.items];
    assert.ok(page.total && page.total > 0);
    while (page.next) {
      page = await nextPage(page.next, ctx);
      all.push(...page.items);
    }
    assert.equal(all.length, page.total ?? all.length);
    const dates = all.map((s) => s.submitted ?? '');
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.ok(all.some((s) => s.key === '2023Z11786'));
  });

  it('keeps only what fits a status the portal cannot express exactly', async () => {
    const page = await searchKamervragen({ status: 'answered-late' }, ctx);
    assert.ok(page.items.length > 0);
    assert.ok(page.items.every((s) => summaryStatus(s, '2026-11-27') === 'answered-late'));
  });

  it('searches the full text through SRU', async () => {
    const page = await searchFullText('Tozo', ctx);
    const request = server.requests[server.requests.length - 1]!;
    assert.equal(request.path.split('?')[0], '/sru');
    assert.match(request.query['query']!, /cql\.textAndIndexes="Tozo"/);
    assert.ok(page.items.length > 0);
    assert.ok(page.items.every((s) => /^(?:\d{4}Z\d{5}|\d{9,10}|(?:kv|ah)-)/.test(s.key)));
  });

  it('computes status from a summary as from the full model', () => {
    const base = { key: 'x', zaak: 'x', house: 'tk' as const, title: '', vergaderjaar: null, closed: null, submitters: [], addressees: [], documents: [], withdrawn: false };
    assert.equal(summaryStatus({ ...base, submitted: '2023-06-23', answered: '2023-09-28', postponed: true }, '2026-01-01'), 'answered-late');
    assert.equal(summaryStatus({ ...base, submitted: '2023-06-23', answered: '2023-07-10', postponed: false }, '2026-01-01'), 'answered-on-time');
    assert.equal(summaryStatus({ ...base, submitted: '2026-11-20', answered: null, postponed: false }, '2026-11-27'), 'open');
    assert.equal(summaryStatus({ ...base, submitted: '2026-10-01', answered: null, postponed: false }, '2026-11-27'), 'overdue');
  });
});
