/**
 * Registered Toezeggingen (core/toezegging.ts): the strict page parser, the portal query, the
 * matcher on the seed's promise (answer 12 of 2023Z11786) against the constructed Toezegging corpus
 * (test/fixtures/odata/Toezegging.corpus.json, see its .source.txt), and the fetch through the real
 * HTTP client against the fixture server, which filters, orders and pages as the portal does.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { HttpClient, HttpError } from '../../src/core/sources/http';
import { isCancellation, type SourceContext } from '../../src/core/sources/resolve';
import { ServiceError } from '../../src/core/sources/serviceError';
import { merge } from '../../src/core/kamervraag';
import { parsePlainText } from '../../src/core/parse/plainText';
import { promisesOf } from '../../src/core/promiseList';
import { ministryNamed } from '../../src/core/stats';
import { readerMessage } from '../../src/shared/webviewProtocol';
import {
  fetchToezeggingen, matchToezeggingen, MIN_SCORE, ministryOfToezegging, parseToezeggingPage, TOEZEGGING_STATUSES, toezeggingPageUrl, toezeggingUrl, toezeggingWindow,
  ToezeggingPageError, type PromiseToMatch, type Toezegging,
} from '../../src/core/toezegging';

const CORPUS = 'test/fixtures/odata/Toezegging.corpus.json';
const ANSWERED = '2023-09-28';
const TRUE_MATCH = 'TZ202307-031';

/** The seed's promise in answer 12, as the Promises view lists it. */
function seedPromise(): PromiseToMatch {
  const kv = merge([parsePlainText(readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8'))]);
  const listed = promisesOf('2023Z11786', kv, '2023-10-01').filter((p) => p.numbers.includes(12));
  assert.equal(listed.length, 1);
  return { text: listed[0]!.commitment.text, ministries: listed[0]!.ministries, answered: kv.answered! };
}

function corpus(): Toezegging[] {
  return parseToezeggingPage(readFileSync(CORPUS, 'utf8')).toezeggingen;
}

function page(rows: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ '@odata.context': 'x', value: rows, ...extra });
}

const ROW = {
  Id: 'd26a2294-e8f4-5d7f-b8ea-e1c18ad1e48f', Nummer: 'TZ202307-031', Tekst: 'De minister zegt toe…', Ministerie: 'Buitenlandse Zaken',
  Status: 'Openstaand', DatumToezegging: '2023-07-05T00:00:00+02:00', DatumNakoming: '2023-11-01T00:00:00+01:00', Verwijderd: false,
};

describe('registered Toezeggingen: the ministry a register names', () => {
  it('reads the full name, "Ministerie van …", the abbreviation, a portfolio and an office alike', () => {
    for (const form of ['Buitenlandse Zaken', 'Ministerie van Buitenlandse Zaken', 'BZ', 'buitenlandse zaken', 'Ontwikkelingssamenwerking', 'minister van Buitenlandse Zaken']) {
      assert.equal(ministryNamed(form), 'Buitenlandse Zaken', form);
    }
    assert.equal(ministryNamed('JenV'), 'Justitie en Veiligheid');
    assert.equal(ministryNamed('J&V'), 'Justitie en Veiligheid');
    assert.equal(ministryNamed('Financiën'), 'Financiën');
    assert.equal(ministryNamed('FIN'), 'Financiën');
    assert.equal(ministryNamed('Ministerie van Sprookjes'), undefined);
    assert.equal(ministryNamed(''), undefined);
  });
});

describe('registered Toezeggingen: the page parser', () => {
  it('reads the constructed corpus: every row but the deleted ones, dates as Dutch days, names joined', () => {
    const rows = (JSON.parse(readFileSync(CORPUS, 'utf8')) as { value: Array<{ Verwijderd: boolean }> }).value;
    const all = corpus();
    assert.equal(all.length, rows.filter((r) => !r.Verwijderd).length);
    const t = all.find((x) => x.nummer === TRUE_MATCH)!;
    assert.equal(t.status, 'Openstaand');
    assert.equal(t.datum, '2023-07-05');
    assert.equal(t.datumNakoming, '2023-11-01');
    assert.equal(t.naam, 'W.B. Hoekstra');
    assert.equal(t.functie, 'minister van Buitenlandse Zaken');
    assert.ok(!all.some((x) => x.nummer === 'TZ202307-030'), 'the deleted row is left out');
  });

  it('parses every status of the XSD enumeration, and a missing one as null', () => {
    const rows = TOEZEGGING_STATUSES.map((Status, i) => ({ ...ROW, Id: `00000000-0000-5000-8000-00000000000${i}`, Nummer: `TZ202301-00${i}`, Status }));
    const parsed = parseToezeggingPage(page([...rows, { ...ROW, Status: null, Nummer: 'TZ202301-100' }, { Id: ROW.Id, Nummer: 'TZ202301-101' }]));
    assert.deepEqual(parsed.toezeggingen.map((t) => t.status), [...TOEZEGGING_STATUSES, null, null]);
    assert.deepEqual(TOEZEGGING_STATUSES, ['Openstaand', 'Voldaan', 'Deels Voldaan', 'Vervallen', 'Afgedaan', 'Deels Afgedaan']);
  });

  it('tolerates fields it does not know and fields the portal leaves out', () => {
    const parsed = parseToezeggingPage(page([{ Id: ROW.Id, Nummer: ROW.Nummer, Onbekend: [1, 2], Activiteit_Id: null }], { '@odata.count': 1 }));
    assert.equal(parsed.toezeggingen.length, 1);
    assert.deepEqual(parsed.toezeggingen[0], {
      id: ROW.Id, nummer: ROW.Nummer, tekst: '', ministerie: null, status: null, datum: null, datumNakoming: null, functie: null, naam: null, kamerbriefNakoming: null,
    });
    assert.equal(parsed.nextLink, null);
  });

  it('keeps the text as text, without control and bidi characters', () => {
    const [t] = parseToezeggingPage(page([{ ...ROW, Tekst: '<script>alert(1)</script>\u202Ezegt toe\u0007  te  sturen' }])).toezeggingen;
    assert.equal(t!.tekst, '<script>alert(1)</script>zegt toe te sturen');
  });

  it('refuses pages that are not what the portal sends, saying what is wrong', () => {
    const refused: Array<[string, RegExp]> = [
      ['<html>Service Unavailable</html>', /not JSON/],
      [JSON.stringify({ error: { message: 'x' } }), /no "value" list/],
      [page([ROW], { '@odata.nextLink': 42 }), /nextLink.*not a string/],
      [page(['TZ202307-031']), /Toezegging 1 of the page is not an object/],
      [page([{ ...ROW, Tekst: 12 }]), /Toezegging 1 of the page: Tekst is number, not a string/],
      [page([ROW, { ...ROW, Id: 'TZ202307-031' }]), /Toezegging 2 of the page: Id "TZ202307-031" is not a GUID/],
      [page([{ ...ROW, Nummer: 'TZ 2023' }]), /Nummer "TZ 2023" is not a Toezegging number/],
      [page([{ ...ROW, Nummer: '' }]), /Nummer null is not a Toezegging number/],
      [page([{ ...ROW, Status: 'Gedeeltelijk' }]), /Status "Gedeeltelijk" is none of Openstaand, Voldaan/],
      [page([{ ...ROW, DatumNakoming: 'volgend jaar' }]), /DatumNakoming "volgend jaar" is not a date/],
      [page([{ ...ROW, Verwijderd: 'nee' }]), /Verwijderd is string, not true or false/],
    ];
    for (const [body, message] of refused) {
      assert.throws(() => parseToezeggingPage(body), (err: unknown) => err instanceof ToezeggingPageError && message.test(err.message), body.slice(0, 80));
    }
  });
});

describe('registered Toezeggingen: the query and the page address', () => {
  it('asks for the window around the answer, not deleted, newest first, without $top', () => {
    assert.deepEqual(toezeggingWindow(ANSWERED), { from: '2022-09-28', to: '2023-11-27' });
    const url = new URL(toezeggingUrl('https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0', ANSWERED));
    assert.equal(url.pathname, '/OData/v4/2.0/Toezegging');
    assert.equal(url.searchParams.get('$filter'),
      'Verwijderd eq false and DatumToezegging ge 2022-09-28T00:00:00+02:00 and DatumToezegging lt 2023-11-28T00:00:00+01:00');
    assert.equal(url.searchParams.get('$orderby'), 'DatumToezegging desc,Id');
    assert.equal(url.searchParams.get('$top'), null);
    assert.equal(url.searchParams.get('$select'), null, 'no property named that the portal might not have');
  });

  it('builds the official page from a well-formed Nummer only', () => {
    assert.equal(toezeggingPageUrl('TZ202307-031'), 'https://www.tweedekamer.nl/kamerstukken/toezeggingen/detail?id=TZ202307-031');
    assert.equal(toezeggingPageUrl('TZ202307-031&x=1'), null);
    assert.equal(toezeggingPageUrl('javascript:alert(1)'), null);
  });

  it('keeps a row whose Nummer has a form not seen before, as text without a link', () => {
    const [kept] = parseToezeggingPage(page([{ ...ROW, Nummer: 'TZ-2023-0031' }])).toezeggingen;
    assert.equal(kept?.nummer, 'TZ-2023-0031');
    assert.equal(toezeggingPageUrl(kept!.nummer), null);
  });
});

describe('registered Toezeggingen: matching a promise', () => {
  it("ranks the Toezegging of the seed's promise first, above the threshold", () => {
    const promise = seedPromise();
    assert.deepEqual(promise.ministries, ['Buitenlandse Zaken']);
    const matches = matchToezeggingen(promise, corpus());
    assert.ok(matches.length >= 1);
    assert.equal(matches[0]!.toezegging.nummer, TRUE_MATCH);
    assert.ok(matches[0]!.score >= MIN_SCORE, `score ${matches[0]!.score}`);
    assert.equal(matches.length, 1, 'no other Toezegging of the window passes');
  });

  it('does not match an unrelated text of the same ministry, nor a similar text of another ministry', () => {
    const found = matchToezeggingen(seedPromise(), corpus()).map((m) => m.toezegging.nummer);
    assert.ok(!found.includes('TZ202306-118'), 'NAVO-top, same ministry (as "BZ")');
    assert.ok(!found.includes('TZ202307-032'), 'China strategy, same ministry (by Functie only)');
    assert.ok(!found.includes('TZ202307-044'), 'a list of state threats, Justitie en Veiligheid');
    assert.ok(!found.includes('TZ202203-077'), 'before the window');
  });

  it('needs the ministry: the same text registered for another ministry is no match', () => {
    const moved = corpus().map((t) => (t.nummer === TRUE_MATCH ? { ...t, ministerie: 'Defensie', functie: 'minister van Defensie' } : t));
    assert.ok(!matchToezeggingen(seedPromise(), moved).some((m) => m.toezegging.nummer === TRUE_MATCH));
    assert.deepEqual(matchToezeggingen({ ...seedPromise(), ministries: [] }, corpus()), []);
  });

  it('needs the window: an answer two years later finds nothing', () => {
    assert.deepEqual(matchToezeggingen({ ...seedPromise(), answered: '2025-09-28' }, corpus()), []);
  });

  it('reads the ministry from "BZ", from "Ministerie van …", and without one from the office', () => {
    assert.equal(ministryOfToezegging(corpus().find((t) => t.nummer === 'TZ202307-032')!), 'Buitenlandse Zaken');
    for (const form of ['BZ', 'Ministerie van Buitenlandse Zaken', null]) {
      const relabelled = corpus().map((t) => (t.nummer === TRUE_MATCH ? { ...t, ministerie: form } : t));
      assert.equal(matchToezeggingen(seedPromise(), relabelled)[0]?.toezegging.nummer, TRUE_MATCH, String(form));
    }
  });
});

describe('registered Toezeggingen: the reading panel asks for one promise at a time', () => {
  it('lets through a question number and a promise index, and nothing else', () => {
    assert.deepEqual(readerMessage({ type: 'lookUpToezegging', question: 12, promise: 0 }), { type: 'lookUpToezegging', question: 12, promise: 0 });
    for (const bad of [{ question: 0, promise: 0 }, { question: 12, promise: -1 }, { question: 12, promise: 1000 }, { question: '12', promise: 0 }, { question: 12 }]) {
      assert.equal(readerMessage({ type: 'lookUpToezegging', ...bad }), undefined, JSON.stringify(bad));
    }
  });
});

describe('registered Toezeggingen at the (fixture) Open Data Portal', function () {
  this.timeout(30_000);
  let server: FixtureServer;

  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());
  afterEach(() => server.clearFaults());

  const ctx = (signal?: AbortSignal): SourceContext => ({
    http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 5000, retries: 1, backoffMs: () => 1 }),
    endpoints: server.endpoints, signal,
  });

  it('serves the window filtered by instant, as the portal would, and a nextLink past 250', async () => {
    const res = await fetch(`${server.endpoints.odata}Toezegging?$filter=${encodeURIComponent('Verwijderd eq false and DatumToezegging ge 2023-07-05T00:00:00+02:00 and DatumToezegging lt 2023-07-06T00:00:00+02:00')}&$select=Nummer,DatumToezegging`);
    assert.equal(res.status, 200);
    const body = await res.json() as { value: Array<Record<string, unknown>> };
    const expected = (JSON.parse(readFileSync(CORPUS, 'utf8')) as { value: Array<Record<string, unknown>> }).value
      .filter((r) => r['Verwijderd'] === false && String(r['DatumToezegging']).startsWith('2023-07-05')).map((r) => r['Nummer']).sort();
    assert.ok(expected.includes(TRUE_MATCH) && expected.length >= 2);
    assert.deepEqual(body.value.map((r) => r['Nummer']).sort(), expected);
    assert.deepEqual(Object.keys(body.value[0]!), ['Nummer', 'DatumToezegging'], '$select is honoured');
    const first = await (await fetch(toezeggingUrl(server.endpoints.odata, ANSWERED))).json() as Record<string, unknown>;
    assert.equal((first['value'] as unknown[]).length, 250);
    assert.match(String(first['@odata.nextLink']), /\$skiptoken=/);
  });

  it('refuses what the portal refuses: a date compared with a string, an unknown $select', async () => {
    for (const query of [`$filter=${encodeURIComponent("DatumToezegging ge '2023-07-05'")}`, '$select=Nummer,Bestaatniet']) {
      const res = await fetch(`${server.endpoints.odata}Toezegging?${query}`);
      assert.equal(res.status, 400, query);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /The query specified in the URI is not valid/);
    }
  });

  it('fetches every page of the window through the real client, and finds the match', async () => {
    const before = server.requests.length;
    const all = await fetchToezeggingen(ANSWERED, ctx());
    const asked = server.requests.slice(before).filter((r) => r.path.endsWith('/Toezegging'));
    assert.equal(asked.length, 2, 'two pages: 250 and the rest');
    const { from, to } = toezeggingWindow(ANSWERED);
    const expected = corpus().filter((t) => t.datum! >= from && t.datum! <= to);
    assert.equal(all.length, expected.length);
    assert.equal(new Set(all.map((t) => t.id)).size, all.length, 'no Toezegging twice');
    assert.ok(all.every((t, i) => i === 0 || all[i - 1]!.datum! >= t.datum!), 'newest first across pages');
    assert.equal(matchToezeggingen(seedPromise(), all)[0]?.toezegging.nummer, TRUE_MATCH);
  });

  it("passes the portal's refusal on in its own words", async () => {
    server.inject('/OData/v4/2.0/Toezegging', { status: 400, body: JSON.stringify({ error: { code: '', message: 'An error has occurred.' } }), contentType: 'application/json' });
    await assert.rejects(fetchToezeggingen(ANSWERED, ctx()), (err: unknown) =>
      err instanceof ServiceError && /refused the Toezegging request \(400\): An error has occurred\./.test(err.message));
  });

  it('refuses a malformed page instead of showing half of it', async () => {
    server.inject('/OData/v4/2.0/Toezegging', { body: page([{ ...ROW, Status: 42 }]), contentType: 'application/json' });
    await assert.rejects(fetchToezeggingen(ANSWERED, ctx()), ToezeggingPageError);
  });

  it('ends in an error, never in a shorter list, whatever fault the portal has on either page', async () => {
    const second = /Toezegging\?.*skiptoken/;
    const faults: Array<[string, RegExp | string, Parameters<FixtureServer['inject']>[1]]> = [
      ['503 on the second page', second, { status: 503 }],
      ['500 on every page', '/OData/v4/2.0/Toezegging', { status: 500 }],
      ['the second page cut off', second, { truncateAt: 2000 }],
      ['a broken body', '/OData/v4/2.0/Toezegging', { malformed: true }],
      ['an HTML page instead of JSON', second, { contentType: 'text/html' }],
      ['a body that never ends', second, { slowBody: true }],
    ];
    for (const [what, route, fault] of faults) {
      server.clearFaults();
      server.inject(route, fault);
      const quick = { ...ctx(), http: new HttpClient({ userAgent: 'kamervragen-test', timeoutMs: 1000, retries: 1, backoffMs: () => 1 }) };
      await assert.rejects(fetchToezeggingen(ANSWERED, quick), (err: unknown) =>
        (err instanceof HttpError || err instanceof ToezeggingPageError || err instanceof ServiceError) && !isCancellation(err), what);
    }
  });

  it('stops when cancelled, as a cancellation, between pages too', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(fetchToezeggingen(ANSWERED, ctx(abort.signal)), isCancellation);
    const between = new AbortController();
    const context = { ...ctx(between.signal), progress: (message: string) => { if (message.endsWith('page 2')) between.abort(); } };
    const before = server.requests.length;
    await assert.rejects(fetchToezeggingen(ANSWERED, context), isCancellation);
    assert.equal(server.requests.slice(before).filter((r) => r.path.endsWith('/Toezegging')).length, 1, 'the second page is not asked');
  });
});
