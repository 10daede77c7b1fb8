import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { cqlIdentifier } from '../server/routes';
import { FILES, SEARCH_ZAKEN, SECRET, makeFixtureRoot, searchZaken } from '../server/tempFixtures';

/** A raw GET that sends `path` exactly as written (fetch would normalise '..' away). */
function rawGet(base: string, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

describe('fixture server', () => {
  let server: FixtureServer;
  let cleanup: () => void;

  before(async () => {
    const fixtures = makeFixtureRoot();
    cleanup = fixtures.cleanup;
    server = await startFixtureServer({ root: fixtures.root });
  });
  after(async () => {
    await server.close();
    cleanup();
  });
  afterEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });

  it('listens on 127.0.0.1 and names the endpoints as the settings want them', () => {
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(server.endpoints, {
      odata: `${server.baseUrl}/OData/v4/2.0/`,
      repository: `${server.baseUrl}/`,
      sru: `${server.baseUrl}/sru`,
      zoek: `${server.baseUrl}/zoek/`,
    });
  });

  it('serves the repository manifestations with content types and validators', async () => {
    const base = `${server.baseUrl}/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1`;
    const xml = await fetch(`${base}/xml/ah-tk-20232024-99.xml`);
    assert.equal(xml.status, 200);
    assert.equal(xml.headers.get('content-type'), 'application/xml; charset=utf-8');
    assert.equal(await xml.text(), FILES['koop/ah-tk-20232024-99.xml']);
    assert.match(xml.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
    assert.ok(!Number.isNaN(Date.parse(xml.headers.get('last-modified') ?? '')));

    const html = await fetch(`${base}/html/ah-tk-20232024-99.html`);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await html.text(), FILES['koop/ah-tk-20232024-99.repository.html']);
    assert.equal(await (await fetch(`${base}/metadata/metadata.xml`)).text(), FILES['koop/ah-tk-20232024-99.metadata.xml']);
    assert.equal(await (await fetch(`${base}/metadataowms/metadata_owms.xml`)).text(), FILES['koop/ah-tk-20232024-99.metadata_owms.xml']);
    assert.equal((await fetch(`${base}/xml/ah-tk-20232024-100.xml`)).status, 404, 'file name must match the id');
    assert.equal(await (await fetch(`${server.endpoints.zoek}ah-tk-20232024-99.html`)).text(), FILES['zoek/ah-tk-20232024-99.html']);
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since', async () => {
    const url = `${server.endpoints.zoek}ah-tk-20232024-99.html`;
    const first = await fetch(url);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    assert.equal((await fetch(url, { headers: { 'If-None-Match': etag } })).status, 304);
    assert.equal((await fetch(url, { headers: { 'If-None-Match': '"other"' } })).status, 200);
    assert.equal((await fetch(url, { headers: { 'If-Modified-Since': lastModified } })).status, 304);
    assert.equal((await fetch(url, { headers: { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' } })).status, 200);
  });

  it('finds a Zaak by Nummer and a Document by Aanhangselnummer', async () => {
    const zaak = await fetch(`${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Nummer eq '2023Z11786' and Verwijderd eq false")}&$expand=Document`);
    assert.equal(zaak.headers.get('content-type'), 'application/json;odata.metadata=minimal; charset=utf-8');
    assert.equal(await zaak.text(), FILES['odata/Zaak.2023Z11786.json']);
    const doc = await fetch(`${server.endpoints.odata}Document?$filter=${encodeURIComponent("Aanhangselnummer eq '232400099'")}`);
    assert.equal(await doc.text(), FILES['odata/Document.aanhangsel.232400099.json']);
  });

  /** GET a JSON answer of the OData route. */
  async function odata(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${server.endpoints.odata}Zaak?${query}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const enc = encodeURIComponent;
  const nummers = (body: Record<string, unknown>): string[] => (body['value'] as { Nummer: string }[]).map((z) => z.Nummer);
  const vragen = searchZaken(SEARCH_ZAKEN).filter((z) => z['Soort'] === 'Schriftelijke vragen');

  it('pages an OData search by itself, as the portal does: 250 at a time and an opaque $skiptoken nextLink', async () => {
    let url: string | undefined = `${server.endpoints.odata}Zaak?$filter=${enc("Soort eq 'Schriftelijke vragen'")}&$orderby=${enc('GestartOp desc')}&$count=true`;
    const seen: string[] = [];
    const sizes: number[] = [];
    while (url) {
      const page = (await (await fetch(url)).json()) as { value: { Nummer: string }[]; '@odata.count'?: number; '@odata.nextLink'?: string };
      assert.equal(page['@odata.count'], vragen.length);
      seen.push(...page.value.map((z) => z.Nummer));
      sizes.push(page.value.length);
      url = page['@odata.nextLink'];
      if (url) {
        assert.ok(url.startsWith(server.endpoints.odata), url);
        assert.match(url, /[?&]\$skiptoken=[^&]+/);
        assert.doesNotMatch(url, /[?&]\$skip=/);
      }
    }
    assert.deepEqual(sizes, [250, 250, vragen.length - 500]);
    assert.equal(new Set(seen).size, vragen.length, 'every zaak once');
    assert.equal(server.requests[1]!.query['$filter'], "Soort eq 'Schriftelijke vragen'", 'the filter survives the nextLink');
    assert.equal((await odata(`$skiptoken=${enc('Id-nonsense')}`)).status, 400);
  });

  it('sends no nextLink next to $top (OpenDataPortaal #70): a client pages with $skip', async () => {
    const first = await odata(`$filter=${enc("Soort eq 'Schriftelijke vragen'")}&$orderby=${enc('Nummer asc')}&$top=3&$count=true`);
    assert.deepEqual(nummers(first.body), ['2023Z00001', '2023Z00002', '2023Z00003']);
    assert.equal(first.body['@odata.count'], vragen.length);
    assert.equal(first.body['@odata.nextLink'], undefined);
    const second = await odata(`$filter=${enc("Soort eq 'Schriftelijke vragen'")}&$orderby=${enc('Nummer asc')}&$top=3&$skip=3`);
    assert.deepEqual(nummers(second.body), ['2023Z00004', '2023Z00005', '2023Z00006']);
    assert.equal(second.body['@odata.count'], undefined, 'no count unless asked');
    assert.equal(nummers((await odata('$top=1000')).body).length, 250, 'never more than a page');
  });

  it('evaluates filters: DateTimeOffset as instants, contains as written, lambdas over expanded collections', async () => {
    // 2023-03-26 (day 85) started at 00:00+01:00, which is before 2023-03-26T00:00:00Z.
    const local = await odata(`$filter=${enc('GestartOp ge 2023-03-26T00:00:00+01:00 and GestartOp lt 2023-03-27T00:00:00+02:00')}`);
    assert.deepEqual(nummers(local.body), ['2023Z00085', '2023Z00450']);
    const utc = await odata(`$filter=${enc('GestartOp ge 2023-03-26T00:00:00Z and GestartOp lt 2023-03-27T00:00:00Z')}`);
    assert.deepEqual(nummers(utc.body), ['2023Z00086', '2023Z00451'], 'UTC bounds miss the first day and take in the next');
    assert.equal(nummers((await odata(`$filter=${enc("contains(Onderwerp,'zorg')")}`)).body).length, 0, 'contains is case-sensitive');
    assert.equal((await odata(`$filter=${enc("contains(tolower(Onderwerp),'zorg')")}&$count=true&$top=0`)).body['@odata.count'], SEARCH_ZAKEN / 2);
    const deleted = await odata(`$filter=${enc("ZaakActor/any(a: a/Verwijderd eq true and a/ActorNaam eq 'Lid 3')")}`);
    assert.deepEqual(nummers(deleted.body), ['2023Z00003']);
    assert.equal(nummers((await odata(`$filter=${enc("not ZaakActor/any(a: a/Relatie eq 'Indiener')")}`)).body).length, 0);
  });

  it('expands navigation properties only when asked, filtered by the expansion', async () => {
    const plain = await odata(`$filter=${enc("Nummer ne '2023Z00001'")}&$top=1`);
    assert.equal((plain.body['value'] as Record<string, unknown>[])[0]!['ZaakActor'], undefined);
    const expanded = await odata(`$orderby=Nummer&$top=3&$expand=${enc('ZaakActor($filter=Verwijderd eq false),Document')}`);
    const zaken = expanded.body['value'] as { ZaakActor: unknown[]; Document: unknown[] }[];
    assert.deepEqual(zaken.map((z) => z.ZaakActor.length), [1, 1, 0]);
    assert.deepEqual(zaken.map((z) => z.Document.length), [1, 1, 1]);
  });

  it('refuses malformed queries with 400 and the portal\'s JSON error', async () => {
    const bad = [
      [`$filter=${enc("Onbekend eq 'x'")}`, /Could not find a property named 'Onbekend' on type '[\w.]+Zaak'/],
      [`$filter=${enc("(Soort eq 'x'")}`, /Syntax error/],
      [`$filter=${enc("Soort eq 'x")}`, /unterminated string literal/],
      [`$filter=${enc("GestartOp ge '2023-01-01'")}`, /incompatible types.*'Edm\.DateTimeOffset' and 'Edm\.String'/],
      [`$filter=${enc('GestartOp ge 2023-01-01')}`, /incompatible types.*'Edm\.DateTimeOffset' and 'Edm\.Date'/],
      [`$filter=${enc("substringof('x',Onderwerp)")}`, /unknown function with name 'substringof'/],
      [`$filter=${enc("ZaakActor/any(a: a/Naam eq 'x')")}`, /Could not find a property named 'Naam' on type '[\w.]+ZaakActor'/],
      [`$filter=${enc("Soort eq 'x'")}&$expand=Documenten`, /Could not find a property named 'Documenten'/],
      ['$orderby=Datum desc', /Could not find a property named 'Datum'/],
      ['$top=-1', /\$top query option requires a non-negative integer/],
      ['$filtr=x', /The query parameter '\$filtr' is not supported/],
    ] as const;
    for (const [query, message] of bad) {
      const res = await odata(query);
      assert.equal(res.status, 400, query);
      const error = res.body['error'] as { code: string; message: string };
      assert.equal(error.code, '');
      assert.match(error.message, /^The query specified in the URI is not valid\. /);
      assert.match(error.message, message, query);
    }
  });

  it('slices the SRU search by startRecord and maximumRecords, in order of relevance unless sortBy is sent', async () => {
    const query = enc('c.product-area==officielepublicaties and cql.textAndIndexes="douane"');
    const first = await (await fetch(`${server.endpoints.sru}?operation=searchRetrieve&query=${query}&startRecord=1&maximumRecords=2`)).text();
    assert.match(first, /<sru:numberOfRecords>5<\/sru:numberOfRecords>/);
    assert.deepEqual([...first.matchAll(/ah-tk-20232024-(\d+)/g)].map((m) => m[1]), ['2', '4'], 'the records that say it twice first');
    assert.match(first, /<\/sru:records>\n\s*<sru:nextRecordPosition>3<\/sru:nextRecordPosition>/);
    const last = await (await fetch(`${server.endpoints.sru}?query=${query}&startRecord=5&maximumRecords=2`)).text();
    assert.deepEqual([...last.matchAll(/ah-tk-20232024-(\d+)/g)].map((m) => m[1]), ['5']);
    assert.doesNotMatch(last, /nextRecordPosition/);
    const sorted = await (await fetch(`${server.endpoints.sru}?query=${query}${enc(' sortBy dt.date/sort.descending')}&maximumRecords=10`)).text();
    assert.deepEqual([...sorted.matchAll(/ah-tk-20232024-(\d+)/g)].map((m) => m[1]), ['5', '4', '3', '2', '1']);
    const dated = await (await fetch(`${server.endpoints.sru}?query=${enc('cql.textAndIndexes="douane" and dt.date>="2023-10-02" and dt.date<="2023-10-03"')}`)).text();
    assert.deepEqual([...dated.matchAll(/ah-tk-20232024-(\d+)/g)].map((m) => m[1]).sort(), ['2', '3']);
  });

  it('answers a CQL query it cannot read with an SRU diagnostic and no records', async () => {
    const cases = [
      ['cql.textAndIndexes="douane', 'info:srw/diagnostic/1/10', 'Query syntax error'],
      ['(cql.textAndIndexes="douane"', 'info:srw/diagnostic/1/10', 'Query syntax error'],
      ['w.onbekend=="x"', 'info:srw/diagnostic/1/16', 'Unsupported index'],
      ['cql.textAndIndexes="douane" sortBy dt.title', 'info:srw/diagnostic/1/80', 'Sort not supported'],
    ];
    for (const [cql, uri, message] of cases) {
      const res = await fetch(`${server.endpoints.sru}?operation=searchRetrieve&query=${enc(cql!)}`);
      assert.equal(res.status, 200, cql);
      const xml = await res.text();
      assert.match(xml, /<sru:numberOfRecords>0<\/sru:numberOfRecords>/);
      assert.ok(xml.includes(`<diag:uri>${uri}</diag:uri>`), cql);
      assert.ok(xml.includes(`<diag:message>${message}</diag:message>`), cql);
      assert.doesNotMatch(xml, /<sru:record>/);
    }
  });

  it('reads the identifier from the CQL in every form the clients write', () => {
    assert.equal(cqlIdentifier('dt.identifier==ah-tk-20232024-99'), 'ah-tk-20232024-99');
    assert.equal(cqlIdentifier('dt.identifier="ah-tk-20232024-99"'), 'ah-tk-20232024-99');
    assert.equal(cqlIdentifier('dt.identifier==\\"ah-tk-20232024-99\\"'), 'ah-tk-20232024-99');
    assert.equal(cqlIdentifier('c.product-area==officielepublicaties and (w.publicatienaam=="Kamervragen (Aanhangsel)") and w.vraagnummer=="2023Z11786"'), '2023Z11786');
    assert.equal(cqlIdentifier('dt.identifier==kv-tk-2023Z11786%20'), 'kv-tk-2023Z11786 ');
    assert.equal(cqlIdentifier('cql.textAndIndexes="douane"'), null);
  });

  it('answers an SRU identifier query from its own file', async () => {
    const byId = await fetch(`${server.endpoints.sru}?query=${encodeURIComponent('dt.identifier=="kv-tk-2023Z11786"')}`);
    assert.equal(await byId.text(), FILES['sru/kv-tk-2023Z11786.xml']);
    const byZaak = await fetch(`${server.endpoints.sru}?query=${encodeURIComponent('x and w.vraagnummer=="2023Z11786"')}&startRecord=1`);
    assert.equal(await byZaak.text(), FILES['sru/2023Z11786.xml']);
  });

  it('answers 404 in the style of each service', async () => {
    const odata = await fetch(`${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Nummer eq '2099Z99999'")}`);
    assert.equal(odata.status, 404);
    assert.match(odata.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(typeof ((await odata.json()) as { error: { message: string } }).error.message, 'string');
    for (const path of ['/zoek/nope.html', '/frbr/officielepublicaties/x/y/nope/1/xml/nope.xml', '/elsewhere']) {
      const res = await fetch(`${server.baseUrl}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<h1>Not Found<\/h1>/);
    }
    // SRU finds nothing rather than answering 404.
    const none = await (await fetch(`${server.endpoints.sru}?query=${encodeURIComponent('dt.identifier==nope')}`)).text();
    assert.match(none, /<sru:numberOfRecords>0<\/sru:numberOfRecords>/);
  });

  it('refuses path traversal and never serves a file outside the root', async () => {
    const attempts = [
      '/zoek/../../secret.html',
      '/zoek/..%2F..%2Fsecret.html',
      '/zoek/%2E%2E%2F%2E%2E%2Fsecret.html',
      '/zoek/..%5C..%5Csecret.html',
      '/zoek/..',
      '/frbr/officielepublicaties/a/b/../1/xml/...xml',
      `/sru?query=${encodeURIComponent('dt.identifier==../../secret')}`,
      `/sru?query=${encodeURIComponent('dt.identifier==..%2F..%2Fsecret')}`,
      `/OData/v4/2.0/Zaak?$filter=${encodeURIComponent("Nummer eq '/../../../secret'")}`,
      '/%2E%2E/secret.html',
      '/zoek/secret.html%00.html',
    ];
    for (const path of attempts) {
      const res = await rawGet(server.baseUrl, path);
      assert.ok(res.status === 400 || res.status === 404 || (path.startsWith('/sru') && /<sru:numberOfRecords>0</.test(res.body)), `${path} → ${res.status}`);
      assert.ok(!res.body.includes(SECRET), path);
    }
  });

  it('survives odd input: bad encodings, other methods, absolute-form targets', async () => {
    assert.equal((await rawGet(server.baseUrl, '/zoek/%E0%A4%A.html')).status, 400);
    assert.equal((await rawGet(server.baseUrl, '/sru?query=%%%&startRecord=-3&maximumRecords=abc')).status, 200);
    assert.equal((await rawGet(server.baseUrl, '/OData/v4/2.0/Zaak?$top=%ZZ&$skip=1e9')).status, 400);
    assert.equal((await rawGet(server.baseUrl, '/zoek/ah-tk-20232024-99.html', 'POST')).status, 405);
    assert.equal((await rawGet(server.baseUrl, '/zoek/ah-tk-20232024-99.html', 'HEAD')).status, 200);
    assert.equal((await rawGet(server.baseUrl, 'http://example.invalid/zoek/x.html')).status, 400);
    assert.equal((await fetch(`${server.endpoints.zoek}ah-tk-20232024-99.html`)).status, 200, 'still answering');
  });

  it('records every request with its path, query and headers', async () => {
    await (await fetch(`${server.endpoints.sru}?query=a&startRecord=3`, { headers: { 'User-Agent': 'probe/1' } })).text();
    assert.equal(server.requests.length, 1);
    const r = server.requests[0]!;
    assert.equal(r.method, 'GET');
    assert.equal(r.path, '/sru');
    assert.deepEqual(r.query, { query: 'a', startRecord: '3' });
    assert.equal(r.headers['user-agent'], 'probe/1');
  });

  it('applies a fault only to matching routes and only `times` times', async () => {
    const url = `${server.endpoints.zoek}ah-tk-20232024-99.html`;
    server.inject('/zoek/', { status: 503, retryAfter: 2, times: 2 });
    server.inject(/^\/sru\?.*query=b/, { status: 500 });
    const first = await fetch(url);
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '2');
    assert.match(await first.text(), /Service Unavailable/);
    assert.equal((await fetch(url)).status, 503);
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(`${server.endpoints.sru}?query=a`)).status, 200);
    assert.equal((await fetch(`${server.endpoints.sru}?query=b`)).status, 500);
    server.clearFaults();
    assert.equal((await fetch(`${server.endpoints.sru}?query=b`)).status, 200);
  });

  it('sends a malformed body that is complete by its Content-Length', async () => {
    server.inject('/OData/', { malformed: true });
    const res = await fetch(`${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Nummer eq '2023Z11786'")}`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(text));
    assert.throws(() => JSON.parse(text) as unknown);
  });

  it('closes at once even with an endless slow body open', async () => {
    const fixtures = makeFixtureRoot();
    const own = await startFixtureServer({ root: fixtures.root });
    try {
      own.inject('/zoek/', { slowBody: true });
      const res = await fetch(`${own.endpoints.zoek}ah-tk-20232024-99.html`);
      assert.equal(res.status, 200);
      const reading = res.text().then(() => 'ended', () => 'broken');
      const started = performance.now();
      await own.close();
      assert.ok(performance.now() - started < 1000);
      assert.equal(await reading, 'broken');
    } finally {
      fixtures.cleanup();
    }
  });
});
