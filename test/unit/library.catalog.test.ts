import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { headOf, type Kamervraag } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';
import { generateKamervragen, realKamervragen } from '../support/generate';
import { LibraryStore, fileNameOf } from '../../src/core/library/store';
import type { LibraryChange, LibraryProblem } from '../../src/core/library/store';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const tozo = parseKamervraag(['ah-tk-20202021-3235.xml', 'ah-tk-20202021-3235.metadata.xml'].map((f) => readFileSync(`test/fixtures/koop/${f}`, 'utf8')), '2026-11-27');

let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'kamervragen-catalog-'));
  dirs.push(dir);
  return dir;
}
/** Stores that keep a catalog: each is flushed and disposed before the folders go (else its delayed write would make them again). */
let stores: LibraryStore[] = [];
afterEach(async () => {
  await Promise.all(stores.map((s) => s.flush().catch(() => undefined)));
  for (const s of stores) s.dispose();
  stores = [];
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  dirs = [];
});

interface Opened { store: LibraryStore; changes: LibraryChange[]; problems: LibraryProblem[] }

async function open(dir: string, catalogPath: string): Promise<Opened> {
  const problems: LibraryProblem[] = [];
  const store = await LibraryStore.open(dir, { catalogPath, catalogDelayMs: 60_000, onProblem: (p) => problems.push(p) });
  stores.push(store);
  const changes: LibraryChange[] = [];
  store.onDidChange((c) => changes.push(c));
  return { store, changes, problems };
}

/** A library of `kvs` with its catalog written; returns the folder and the catalog's path. */
async function libraryWithCatalog(kvs: readonly Kamervraag[]): Promise<{ dir: string; catalog: string }> {
  const dir = await tempDir();
  const catalog = join(await tempDir(), 'elsewhere', 'library.catalog');
  const { store } = await open(dir, catalog);
  for (const kv of kvs) await store.save(kv, { fetchedAt: '2026-01-05T10:00:00.000Z', etag: '"e"', source: 'https://example.org/x' });
  await store.flush();
  store.dispose();
  return { dir, catalog };
}

/** What a store holds in memory of every item, comparable across stores (as JSON, as it goes to the language server). */
function heads(store: LibraryStore): unknown[] {
  return store.list().map((i) => JSON.parse(JSON.stringify(i)) as { key: string }).sort((a, b) => a.key.localeCompare(b.key));
}

/** The catalog's lines with their checksum made right again (the last line), as the catalog's own writer would. */
function withChecksum(lines: readonly string[]): string {
  const body = lines.slice(1, -2); // after the header, before the trailer and the final empty line
  const crc = crc32(Buffer.from(body.map((l) => `${l}\n`).join(''), 'utf8'));
  const trailer = JSON.parse(lines[lines.length - 2]!) as Record<string, unknown>;
  return [lines[0]!, ...body, JSON.stringify({ ...trailer, crc }), ''].join('\n');
}

/**
 * The catalog with line `n` changed by `change` (its start and its head as the positional arrays
 * they are; the copy's five fields before the head are kept), the checksum made right: what a fault of the writer would leave.
 */
function withLine(lines: readonly string[], n: number, change: (start: unknown[], head: unknown[]) => void): string {
  const [start, rest] = lines[n]!.split('\t').map((part) => JSON.parse(part) as unknown[]);
  const copy = rest!.slice(0, 5);
  const head = rest!.slice(5);
  change(start!, head);
  return withChecksum(lines.map((l, i) => (i === n ? `${JSON.stringify(start)}\t${JSON.stringify([...copy, ...head])}` : l)));
}

describe('library catalog', () => {
  it('opens from the catalog with the same items, heads and document ids as reading every file gives', async () => {
    const kvs = [seed, tozo, ...generateKamervragen(40, 5)];
    const { dir, catalog } = await libraryWithCatalog(kvs);
    const fromFiles = await LibraryStore.open(dir);
    const { store, changes, problems } = await open(dir, catalog);
    assert.deepEqual(heads(store), heads(fromFiles));
    assert.equal(store.size, kvs.length);
    for (const kv of kvs) for (const d of kv.documents) assert.equal(store.findByDocument(d.id)?.key, fromFiles.findByDocument(d.id)?.key, d.id);
    assert.deepEqual(store.get('2023Z11786')?.head, JSON.parse(JSON.stringify(headOf(seed))));
    await store.verified;
    assert.deepEqual(changes, [], 'every file is as the catalog says');
    assert.deepEqual(problems, []);
    // The whole item is read from its file when asked for.
    assert.deepEqual((await store.read('2023Z11786'))?.kamervraag, JSON.parse(JSON.stringify(seed)));
    assert.equal((await store.read('2023Z11786'))?.etag, '"e"');
  });

  it('keeps only heads in memory: the catalog holds no question or answer text', async () => {
    const { catalog } = await libraryWithCatalog([seed]);
    const text = await fs.readFile(catalog, 'utf8');
    assert.ok(!text.includes(seed.entries[0]!.answer!.slice(0, 40)), 'no answer text');
    assert.ok(!text.includes(seed.entries[0]!.question.slice(0, 40)), 'no question text');
    assert.ok(text.includes(seed.title));
  });

  it('finds in the background what changed on disk since the catalog was written (another window, git, a user)', async () => {
    const { dir, catalog } = await libraryWithCatalog([seed, tozo]);
    // Another window: changes one item, removes one, adds one.
    const other = await LibraryStore.open(dir);
    await other.save({ ...seed, title: 'Changed elsewhere' }, { fetchedAt: '2026-02-01T00:00:00.000Z' });
    await other.remove('2021Z09739');
    const [added] = generateKamervragen(1, 9);
    await other.save(added!);

    const { store, changes } = await open(dir, catalog);
    assert.equal(store.get('2023Z11786')?.head.title, seed.title, 'at first what the catalog says');
    await store.verified;
    assert.equal(store.get('2023Z11786')?.head.title, 'Changed elsewhere');
    assert.equal(store.get('2021Z09739'), undefined);
    assert.ok(store.get(added!.zaak!));
    const changed = changes.flatMap((c) => c.changed).sort();
    const removed = changes.flatMap((c) => c.removed);
    assert.deepEqual(changed, ['2023Z11786', added!.zaak!].sort());
    assert.deepEqual(removed, ['2021Z09739']);
  });

  it('takes in a file edited by hand that kept its times, also into the catalog', async () => {
    const { dir, catalog } = await libraryWithCatalog([seed, tozo]);
    const { store, changes } = await open(dir, catalog);
    await store.verified;
    const file = join(dir, 'items', fileNameOf('2023Z11786'));
    const item = JSON.parse(await fs.readFile(file, 'utf8')) as { kamervraag: Kamervraag };
    item.kamervraag.title = 'Edited by hand';
    item.kamervraag.entries[0]!.answer = 'Een ander antwoord.';
    await fs.writeFile(file, JSON.stringify(item));
    await store.reloadChanged([fileNameOf('2023Z11786')]);
    assert.deepEqual(changes.flatMap((c) => c.changed), ['2023Z11786']);
    assert.equal(store.get('2023Z11786')?.head.title, 'Edited by hand');
    assert.equal((await store.read('2023Z11786'))?.kamervraag.entries[0]!.answer, 'Een ander antwoord.');
    await store.flush();
    store.dispose();
    const again = await open(dir, catalog);
    assert.equal(again.store.get('2023Z11786')?.head.title, 'Edited by hand', 'the catalog has the edit');
    await again.store.verified;
    assert.deepEqual(again.changes, []);
  });

  it('reads an item anew when its file changed and the store had not seen it yet', async () => {
    const { dir, catalog } = await libraryWithCatalog([seed]);
    const { store, changes } = await open(dir, catalog);
    await store.verified;
    const other = await LibraryStore.open(dir);
    await other.save({ ...seed, title: 'Newer copy' }, { fetchedAt: '2026-03-01T00:00:00.000Z' });
    const item = await store.read('2023Z11786');
    assert.equal(item?.kamervraag.title, 'Newer copy', 'never an older text than the file holds');
    assert.equal(store.get('2023Z11786')?.head.title, 'Newer copy', 'and the head follows');
    assert.deepEqual(changes.flatMap((c) => c.changed), ['2023Z11786']);
  });

  it('moves a damaged item file aside when it is read, and no longer lists it', async () => {
    const { dir, catalog } = await libraryWithCatalog([seed, tozo]);
    const { store, problems, changes } = await open(dir, catalog);
    await store.verified;
    const file = join(dir, 'items', fileNameOf('2021Z09739'));
    await fs.writeFile(file, '{"schema": 1, "kamervr');
    // Not just written (a file being copied in is given time): an hour old.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await fs.utimes(file, hourAgo, hourAgo);
    assert.equal(await store.read('2021Z09739'), undefined);
    assert.equal(store.get('2021Z09739'), undefined);
    assert.deepEqual(changes.flatMap((c) => c.removed), ['2021Z09739']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /not valid JSON.*moved to/s);
  });

  it('ignores a catalog it cannot trust and reads the item files instead', async () => {
    const kvs = [seed, tozo, ...generateKamervragen(10, 3)];
    const { dir, catalog } = await libraryWithCatalog(kvs);
    // A catalog that differs from the files in one title, which only a store opened from it shows.
    const marked = withLine((await fs.readFile(catalog, 'utf8')).split('\n'), 4, (_, head) => { head[2] = 'FROM THE CATALOG'; });
    const fromCatalog = (store: LibraryStore): boolean => store.list().some((i) => i.head.title === 'FROM THE CATALOG');
    await fs.writeFile(catalog, marked);
    assert.ok(fromCatalog((await open(dir, catalog)).store), 'a good catalog is used');
    const good = marked;
    const lines = good.split('\n');
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    const bad: Array<[string, string]> = [
      ['cut off', good.slice(0, Math.floor(good.length / 2))],
      ['cut off at a line', `${lines.slice(0, 5).join('\n')}\n`],
      ['a line short', withChecksum([...lines.slice(0, 3), ...lines.slice(4)])],
      ['a byte changed', good.replace('FROM THE CATALOG', 'FROM THE CATALOg')],
      ['re-encoded (UTF-8 read as Latin-1, saved as UTF-8)', Buffer.from(good, 'utf8').toString('latin1')],
      ['CRLF line ends', good.replace(/\n/g, '\r\n')],
      ['a line whose start is not JSON', withChecksum(lines.map((l, i) => (i === 2 ? `{oops${l.slice(l.indexOf('\t'))}` : l)))],
      ['a line without its head', withChecksum(lines.map((l, i) => (i === 2 ? l.slice(0, l.indexOf('\t')) : l)))],
      ['another library', [JSON.stringify({ ...header, library: '/somewhere/else' }), ...lines.slice(1)].join('\n')],
      ['another version', [JSON.stringify({ ...header, version: 99 }), ...lines.slice(1)].join('\n')],
      ['empty', ''],
    ];
    for (const [what, text] of bad) {
      await fs.writeFile(catalog, text);
      const { store, problems } = await open(dir, catalog);
      // A wrong checksum is found in the background (it costs the reading of the whole file): every item is then read from its file.
      const foundByChecksum = ['a byte changed', 're-encoded (UTF-8 read as Latin-1, saved as UTF-8)', 'CRLF line ends'].includes(what);
      if (!foundByChecksum) assert.ok(!fromCatalog(store), `${what}: not used`);
      await store.verified;
      assert.equal(store.size, kvs.length, what);
      assert.ok(!fromCatalog(store), `${what}: not used`);
      assert.deepEqual(problems, [], what);
      assert.equal(store.get('2023Z11786')?.head.title, seed.title, what);
      for (const kv of kvs) assert.deepEqual(store.get(kv.zaak!)?.head, JSON.parse(JSON.stringify(headOf(kv))), `${what}: ${kv.zaak!}`);
    }
    await fs.rm(catalog);
    const { store } = await open(dir, catalog);
    assert.equal(store.size, kvs.length, 'missing');
  });

  it('reads an item from its file when its head in the catalog is not as written', async () => {
    const kvs = [seed, tozo, ...generateKamervragen(10, 3)];
    const { dir, catalog } = await libraryWithCatalog(kvs);
    const lines = (await fs.readFile(catalog, 'utf8')).split('\n');
    const keyOfLine = (n: number): string => (JSON.parse(lines[n]!.split('\t')[0]!) as string[])[2]!;
    const cases: Array<[string, number, (start: unknown[], head: unknown[]) => void]> = [
      ['documents that are not a list', 2, (_, head) => { head[13] = 7; }],
      ['a status that does not exist', 3, (_, head) => { head[7] = 'lost'; }],
      ['a count that is not a number', 4, (_, head) => { head[15] = '3'; }],
      ['a submitter without a party field', 5, (_, head) => { head[9] = ['Jansen']; }],
      ['fewer documents than the start names', 7, (_, head) => { head[13] = []; }],
      ['a head of another key', 8, (_, head) => { head[0] = '2001Z00001'; }],
    ];
    for (const [what, n, change] of cases) {
      // The bad line, and a title changed in another line, which only a store that used the catalog shows.
      const text = withLine(withLine(lines, 6, (_, head) => { head[2] = 'FROM THE CATALOG'; }).split('\n'), n, change);
      await fs.writeFile(catalog, text);
      const { store, changes, problems } = await open(dir, catalog);
      const key = keyOfLine(n);
      const kv = kvs.find((k) => k.zaak === key)!;
      assert.equal(store.findByDocument(kv.documents[0]!.id)?.key, key, `${what}: found by its documents before its head is read`);
      assert.ok(store.list().some((i) => i.head.title === 'FROM THE CATALOG'), `${what}: the rest of the catalog is used`);
      assert.equal(store.get(key)?.head.title, key, `${what}: at first a head of what the line's start says`);
      await store.verified;
      await store.decodeHeads();
      await store.reloadChanged([]); // after the reread that the bad head asked for
      assert.equal(store.get(key)?.head.title, kv.title, `${what}: then read from its file`);
      assert.deepEqual(store.get(key)?.head, JSON.parse(JSON.stringify(headOf(kv))), what);
      assert.deepEqual(changes.flatMap((c) => c.changed), [key], what);
      assert.deepEqual(problems, [], what);
      store.dispose();
    }
  });

  it('writes the lines of unchanged items back as they were when the catalog is written again', async () => {
    const kvs = [seed, tozo, ...generateKamervragen(20, 4)];
    const { dir, catalog } = await libraryWithCatalog(kvs);
    const before = await fs.readFile(catalog, 'utf8');
    for (const decoded of [false, true]) {
      await fs.writeFile(catalog, before);
      const { store } = await open(dir, catalog);
      // Written from the lines as read, or (once every head is decoded and the lines let go) from the heads.
      if (decoded) await store.decodeHeads();
      await store.save({ ...tozo, title: 'Nieuw' }, { fetchedAt: '2026-06-01T00:00:00.000Z' });
      await store.flush();
      const after = await fs.readFile(catalog, 'utf8');
      const unchanged = (text: string): string[] => text.split('\n').slice(1, -2).filter((l) => !l.includes('2021Z09739')).sort();
      assert.deepEqual(unchanged(after), unchanged(before), decoded ? 'from the heads' : 'from the lines');
      assert.ok(after.includes('Nieuw'));
      const again = await open(dir, catalog);
      assert.deepEqual(heads(again.store), heads(store));
      assert.equal(again.store.get('2021Z09739')?.head.title, 'Nieuw');
      store.dispose();
      again.store.dispose();
    }
  });

  it('gives the heads of real documents and of awkward text exactly as reading their files does', async () => {
    const realText = ['ah-tk-20222023-3649.pdftext.txt', 'ah-tk-20232024-387.pymupdf.md', 'tk-2022D31072.partial.txt']
      .map((f) => parseKamervraag([readFileSync(`test/fixtures/real-text/${f}`, 'utf8')], '2026-11-27'));
    const awkward: Kamervraag = {
      ...seed, zaak: '2099Z00001',
      title: 'Tab\there, a line\nbreak, \u2028 a separator, a lone \ud800 surrogate, 🏛️, "quotes", \\ and a tab-free \u00a0no-break space',
      topics: ['met\ttab', 'ÿ ĳ ﬁ'],
      notices: [{ kind: 'uitstel', date: '2023-07-01', text: 'Regel een\r\nregel twee\tmet tab' }],
      documents: [{ id: 'kv-tk-2099Z00001', kind: 'questions', date: null, url: 'https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html' }],
    };
    const hostile: Kamervraag = { ...tozo, zaak: '2099Z00002', title: 'Be\u202eware\u0007', documents: [{ id: 'ah-tk-20992100-1', kind: 'answer', date: null, url: 'javascript:alert(1)' }] };
    const kvs = [...realKamervragen(), ...realText, awkward, hostile];
    assert.ok(realText.every((kv) => kv.entries.length > 0), 'the real texts are read as Kamervragen');
    const { dir, catalog } = await libraryWithCatalog(kvs);
    const fromFiles = await LibraryStore.open(dir);
    assert.equal(fromFiles.size, kvs.length);
    const { store, changes, problems } = await open(dir, catalog);
    assert.deepEqual(heads(store), heads(fromFiles));
    await store.verified;
    await store.decodeHeads();
    await store.reloadChanged([]);
    assert.deepEqual(changes, [], 'no line needed its file');
    assert.deepEqual(problems, []);
    assert.equal(store.get('2099Z00002')?.head.documents[0]!.url, null, 'the javascript: address is not kept');
    assert.equal(store.get('2099Z00002')?.head.title, 'Beware');
  });

  it('keeps in the catalog what the item schema allows: negative days to answer, answers on behalf of others', async () => {
    const odd: Kamervraag = {
      ...seed, daysToAnswer: -3,
      answeredBy: [{ name: 'W. Hoekstra', role: 'Minister van Buitenlandse Zaken', party: 'CDA', onBehalfOf: ['Minister van Financiën'] }, ...seed.answeredBy],
    };
    const { dir, catalog } = await libraryWithCatalog([odd, tozo]);
    const fromFiles = await LibraryStore.open(dir);
    const { store, changes } = await open(dir, catalog);
    assert.deepEqual(heads(store), heads(fromFiles));
    assert.equal(store.get('2023Z11786')?.head.daysToAnswer, -3);
    await store.verified;
    assert.deepEqual(changes, [], 'nothing had to be read from the files');
  });

  it('writes the catalog a while after changes, atomically, and not at all when nothing is asked of it', async () => {
    const dir = await tempDir();
    const catalog = join(await tempDir(), 'c', 'library.catalog');
    const store = await LibraryStore.open(dir, { catalogPath: catalog, catalogDelayMs: 30 });
    stores.push(store);
    await store.save(seed);
    await store.save(tozo);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const text = await fs.readFile(catalog, 'utf8');
    assert.equal(text.trimEnd().split('\n').length, 4, 'a header, two items and the checksum');
    assert.deepEqual((await fs.readdir(join(catalog, '..'))).filter((n) => n.endsWith('.tmp')), []);
    store.dispose();
    await store.save({ ...seed, title: 'after dispose' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await fs.readFile(catalog, 'utf8'), text, 'a disposed store writes no catalog');
    // Without a catalog path nothing is written anywhere but the library.
    const plain = await tempDir();
    const s = await LibraryStore.open(plain);
    await s.save(seed);
    await s.flush();
    assert.deepEqual((await fs.readdir(plain)).sort(), ['items', 'library.json']);
  });

  it('reads at most a few dozen item files at once, however many are asked for at once', async () => {
    const kvs = generateKamervragen(300, 11);
    const { dir, catalog } = await libraryWithCatalog(kvs);
    const { store } = await open(dir, catalog);
    await store.verified;
    // Count the item files open at once (the fs/promises module object is shared with the store).
    const nodeFs = createRequire(__filename)('node:fs/promises') as { open: typeof fs.open };
    const original = nodeFs.open;
    let open_ = 0;
    let most = 0;
    nodeFs.open = async (...args: Parameters<typeof fs.open>) => {
      const handle = await original(...args);
      if (String(args[0]).includes(`${join('items', '')}`)) {
        most = Math.max(most, ++open_);
        const close = handle.close.bind(handle);
        handle.close = () => { open_--; return close(); };
      }
      return handle;
    };
    try {
      const items = await Promise.all(kvs.map((kv) => store.read(kv.zaak!)));
      assert.equal(items.filter((i) => i?.kamervraag.title === undefined).length, 0);
      assert.ok(most > 1, `reads ran side by side (${most})`);
      assert.ok(most <= 32, `at most 32 open at once, not ${most}`);
    } finally {
      nodeFs.open = original;
    }
  });

  it('gives the same copy to read() as save() returned, and the latest after a save', async () => {
    const { dir, catalog } = await libraryWithCatalog([seed]);
    const { store } = await open(dir, catalog);
    const saved = await store.save({ ...seed, title: 'v2' }, { fetchedAt: '2026-04-01T00:00:00.000Z' });
    assert.equal(saved.kamervraag.title, 'v2');
    assert.equal((await store.read('2023Z11786'))?.kamervraag.title, 'v2');
    assert.equal(store.peek('2023Z11786')?.kamervraag.title, 'v2');
    assert.deepEqual(store.peek('2023Z11786')?.origin, saved.origin);
    assert.ok(saved.origin.stamp !== '');
  });
});
