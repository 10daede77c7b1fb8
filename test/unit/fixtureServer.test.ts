import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { cqlIdentifier, pageSru } from '../server/routes';
import { FILES, SECRET, makeFixtureRoot, sruSearch } from '../server/tempFixtures';

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

  it('pages an OData search: following @odata.nextLink collects every item once', async () => {
    let url: string | undefined = `${server.endpoints.odata}Zaak?$filter=${encodeURIComponent("Soort eq 'Schriftelijke vragen'")}&$top=3&$count=true`;
    const numbers: string[] = [];
    let pages = 0;
    while (url) {
      const page = (await (await fetch(url)).json()) as { value: { Nummer: string }[]; '@odata.count'?: number; '@odata.nextLink'?: string };
      assert.equal(page['@odata.count'], 7);
      numbers.push(...page.value.map((z) => z.Nummer));
      url = page['@odata.nextLink'];
      if (url) assert.ok(url.startsWith(server.endpoints.odata), url);
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(numbers, Array.from({ length: 7 }, (_, i) => `2023Z0000${i + 1}`));
    assert.equal(server.requests[1]!.query['$filter'], "Soort eq 'Schriftelijke vragen'", 'the filter survives the nextLink');
  });

  it('pages an OData search by 250 by default, without a count unless asked', async () => {
    const page = (await (await fetch(`${server.endpoints.odata}Zaak?$skip=5`)).json()) as Record<string, unknown>;
    assert.equal((page['value'] as unknown[]).length, 2);
    assert.equal(page['@odata.count'], undefined);
    assert.equal(page['@odata.nextLink'], undefined);
  });

  it('slices the SRU search by startRecord and maximumRecords', async () => {
    const query = encodeURIComponent('c.product-area==officielepublicaties and cql.textAndIndexes="douane"');
    const first = await (await fetch(`${server.endpoints.sru}?operation=searchRetrieve&query=${query}&startRecord=1&maximumRecords=2`)).text();
    assert.match(first, /<sru:numberOfRecords>5<\/sru:numberOfRecords>/);
    assert.deepEqual([...first.matchAll(/ah-tk-20232024-(\d+)/g)].map((m) => m[1]), ['1', '2']);
    assert.match(first, /<\/sru:records>\n<sru:nextRecordPosition>3<\/sru:nextRecordPosition>/);

    const last = await (await fetch(`${server.endpoints.sru}?query=${query}&startRecord=5&maximumRecords=2`)).text();
    assert.deepEqual([...last.matchAll(/ah-tk-20232024-(\d+)/g)].map((m) => m[1]), ['5']);
    assert.doesNotMatch(last, /nextRecordPosition/);
  });

  it('pageSru keeps the document around the records and handles empty pages', () => {
    const xml = sruSearch(3);
    const beyond = pageSru(xml, 10, 5);
    assert.doesNotMatch(beyond, /<sru:record>/);
    assert.match(beyond, /^<\?xml[\s\S]*<sru:records>\s*<\/sru:records>[\s\S]*<\/sru:searchRetrieveResponse>\n$/);
    assert.equal(pageSru('<x/>', 1, 10), '<x/>');
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
    for (const path of ['/zoek/nope.html', '/frbr/officielepublicaties/x/y/nope/1/xml/nope.xml', '/elsewhere', `/sru?query=${encodeURIComponent('dt.identifier==nope')}`]) {
      const res = await fetch(`${server.baseUrl}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<h1>Not Found<\/h1>/);
    }
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
      assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status}`);
      assert.ok(!res.body.includes(SECRET), path);
    }
  });

  it('survives odd input: bad encodings, other methods, absolute-form targets', async () => {
    assert.equal((await rawGet(server.baseUrl, '/zoek/%E0%A4%A.html')).status, 400);
    assert.equal((await rawGet(server.baseUrl, '/sru?query=%%%&startRecord=-3&maximumRecords=abc')).status, 200);
    assert.equal((await rawGet(server.baseUrl, '/OData/v4/2.0/Zaak?$top=%ZZ&$skip=1e9')).status, 200);
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
