import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kamervraag } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';
import { LibraryIndex } from '../../src/core/library/search';
import type { SearchOptions } from '../../src/core/library/search';
import { INDEX_VERSION, PackedIndex } from '../../src/core/library/packedIndex';
import { LiveIndex, updateIndexFile, workerUpdater } from '../../src/core/library/liveIndex';
import type { IndexState, LiveIndexOptions } from '../../src/core/library/liveIndex';
import { LibraryStore } from '../../src/core/library/store';
import { pools, prng, realisticKamervragen } from '../support/generate';

const tozo = parseKamervraag(['ah-tk-20202021-3235.xml', 'ah-tk-20202021-3235.metadata.xml'].map((f) => readFileSync(`test/fixtures/koop/${f}`, 'utf8')), '2026-11-27');
const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const p = pools();
const generated = realisticKamervragen(120, 8, p, { dictionary: p.vocabulary, wordsPerItem: 300, verbatim: 0.1 });
const library: Kamervraag[] = [seed, tozo, ...generated];
/** The worker bundle that `node esbuild.mjs --tests` builds next to the extension's. */
const WORKER = join(process.cwd(), 'dist', 'indexWorker.js');

let dirs: string[] = [];
let opened: LiveIndex[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'kamervragen-live-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const index of opened) index.dispose();
  opened = [];
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  dirs = [];
});

async function libraryIn(kvs: readonly Kamervraag[]): Promise<{ dir: string; store: LibraryStore; options: LiveIndexOptions; logged: string[] }> {
  const root = await tempDir();
  const dir = join(root, 'library');
  const store = await LibraryStore.open(dir);
  for (const kv of kvs) await store.save(kv, { fetchedAt: '2026-11-27T10:00:00Z' });
  const logged: string[] = [];
  // The index file outside the library folder, as the extension keeps it.
  const options: LiveIndexOptions = { dir, indexPath: join(root, 'global', 'search-index', 'x.index'), update: workerUpdater(WORKER), persistDelayMs: 20, log: (m) => logged.push(m) };
  return { dir, store, options, logged };
}

async function open(store: LibraryStore, options: LiveIndexOptions): Promise<LiveIndex> {
  const index = await LiveIndex.open(store, options);
  opened.push(index);
  return index;
}

/** Queries of every kind, from the library's own text. */
function queries(kvs: readonly Kamervraag[]): [string, SearchOptions][] {
  const random = prng(4);
  const out: [string, SearchOptions][] = [
    ['gundogan ', {}], ['Gündoğan', {}], ['douane scanner ', {}], ['"Nederlandse douane" ', {}], ['tozo', {}],
    ['', { filters: { status: ['answered-late'] } }], ['regeling ', { filters: { party: 'VVD', from: '2015-01-01', to: '2020-12-31' } }],
    ['2023Z11786 ', {}], ['ah-tk-20202021-3235 ', {}],
  ];
  for (let i = 0; i < 40; i++) {
    const text = kvs[2 + Math.floor(random() * (kvs.length - 2))]!.entries[0]!.question;
    const ws = text.split(/\s+/).filter((w) => /^\p{L}{4,}$/u.test(w));
    if (ws.length < 3) continue;
    const at = Math.floor(random() * (ws.length - 2));
    out.push([`${ws[at]} `, {}], [ws[at]!.slice(0, 4), {}], [`"${ws.slice(at, at + 2).join(' ')}" `, {}], [`${ws[at]} ${ws[at + 2]} `, { limit: 5 }]);
  }
  return out;
}

/** The same hits (keys and scores) as an index built from scratch of `kvs`. */
function assertSearchesLike(index: { search(q: string, o?: SearchOptions): unknown }, kvs: readonly Kamervraag[], what = ''): void {
  const expected = new LibraryIndex();
  for (const kv of kvs) expected.add(kv.zaak!, kv);
  for (const [query, options] of queries(kvs)) {
    assert.deepEqual(index.search(query, options), expected.search(query, options), `${what} ${JSON.stringify([query, options])}`);
  }
}

/** The index file at `path` answers like a fresh index of `kvs`. */
function assertFileSearchesLike(path: string, kvs: readonly Kamervraag[]): void {
  const file = PackedIndex.open(path);
  try {
    assertSearchesLike(file, kvs);
  } finally {
    file.close();
  }
}

/**
 * The same Kamervragen found as by an index built from scratch of `kvs`. (Before the changes are
 * merged into the file, the dead copies still count in the words' document frequencies, so the
 * scores differ slightly from a fresh index's; the hits do not.)
 */
function assertFindsLike(index: { search(q: string, o?: SearchOptions): { key: string }[] }, kvs: readonly Kamervraag[]): void {
  const expected = new LibraryIndex();
  for (const kv of kvs) expected.add(kv.zaak!, kv);
  const keys = (hits: { key: string }[]): string[] => hits.map((h) => h.key).sort();
  for (const [query, options] of queries(kvs)) {
    const all = { ...options, limit: 10_000 };
    assert.deepEqual(keys(index.search(query, all)), keys(expected.search(query, all)), JSON.stringify([query, options]));
  }
}

function states(index: LiveIndex): IndexState[] {
  const seen: IndexState[] = [];
  index.onDidChangeState((s) => seen.push(s));
  return seen;
}

describe('library index kept in a file', function () {
  this.timeout(60_000);

  it('without a file: builds it in a worker thread, searches like a fresh index, and opens it next time without indexing', async () => {
    const { store, options, logged } = await libraryIn(library);
    const first = await open(store, options);
    assert.equal(first.state.kind, 'building', 'the rebuild runs in the background; open returned at once');
    const seen = states(first);
    await first.whenReady();
    assert.ok(seen.some((s) => s.kind === 'building' && s.total === library.length && s.done > 0), JSON.stringify(seen));
    assert.equal(first.size, library.length);
    assertSearchesLike(first, library);
    assert.ok(logged.some((m) => /could not be opened/.test(m)), logged.join('\n'));
    first.dispose();

    // Next start: the file is current, so nothing is indexed on this thread.
    const second = await open(store, options);
    assert.equal(second.state.kind, 'ready');
    assert.equal(second.size, library.length);
    assertSearchesLike(second, library);
  });

  it('takes saves, removals and another window\'s changes into searches at once, and into the file in the background', async () => {
    const { dir, store, options, logged } = await libraryIn(library.slice(0, 60));
    const index = await open(store, options);
    await index.whenReady();
    // This window saves one, removes one; another window (a second store) saves two.
    await store.save(library[60]!, { fetchedAt: '2026-11-28T10:00:00Z' });
    await store.remove(library[5]!.zaak!);
    const other = await LibraryStore.open(dir);
    await other.save(library[61]!, { fetchedAt: '2026-11-28T10:00:00Z' });
    const changed: Kamervraag = { ...library[7]!, title: 'Vragen over de zeldzaamwoordtoets', fetchedAt: undefined } as Kamervraag;
    await other.save(changed, { fetchedAt: '2026-11-29T10:00:00Z' });
    await store.reloadChanged();
    const now = [...library.slice(0, 62).filter((_, i) => i !== 5 && i !== 7), changed];
    assert.deepEqual(index.search('zeldzaamwoordtoets ').map((h) => h.key), [changed.zaak]);
    assertFindsLike(index, now);

    await index.flush();
    const file = PackedIndex.open(options.indexPath);
    try {
      assert.equal(file.size, now.length);
      assert.equal(file.docOfKey(library[5]!.zaak!), undefined);
      assert.equal(file.keyOfDocument(library[61]!.documents[0]!.id), library[61]!.zaak);
      assertSearchesLike(file, now);
    } finally {
      file.close();
    }
    // What the index holds after the merged file replaced the old one is the same.
    assertSearchesLike(index, now);
    index.dispose();

    // Changed while no window was open: a dropped-in copy of another item. The next open
    // indexes only that one (in slices) and finds it.
    const dropped: Kamervraag = { ...library[70]!, zaak: '2099Z00001', documents: [], title: 'Een ingevoegde uitzondering' };
    await fs.writeFile(join(dir, 'items', '2099Z00001.json'), JSON.stringify({ schema: 1, savedAt: '2026-11-30T00:00:00.000Z', fetchedAt: null, kamervraag: dropped }));
    const reopened = await LibraryStore.open(dir);
    logged.length = 0;
    const next = await open(reopened, { ...options, sliceMs: 0 });
    assert.deepEqual(next.state, { kind: 'catching-up', done: 0, total: 1 }, 'open returns before the changed item is indexed');
    await next.whenReady();
    assert.ok(logged.includes('Search index: 1 items were indexed that the index file did not have as they are now.'), logged.join('\n'));
    assert.deepEqual(next.search('ingevoegde uitzondering ').map((h) => h.key), ['2099Z00001']);
    assertFindsLike(next, [...now, dropped]);
  });

  it('indexes what another window changed from the item files when the store does not hold it in memory (a store opened from its catalog)', async () => {
    const { dir, store, options } = await libraryIn(library.slice(0, 40));
    const catalogPath = join(options.indexPath, '..', 'x.catalog');
    const first = await LibraryStore.open(dir, { catalogPath });
    await first.flush();
    first.dispose();
    store.dispose();
    const fromCatalog = await LibraryStore.open(dir, { catalogPath });
    const index = await open(fromCatalog, options);
    await index.whenReady();
    await fromCatalog.verified;
    // Another window rewrites 100 items (more than a store keeps whole in memory) and adds 30.
    const other = await LibraryStore.open(dir);
    const retitled = library.slice(0, 40).map((kv, i) => ({ ...kv, title: `Herzien vraagstuk ${i} zeldzaamwoordtoets` }));
    for (const kv of [...retitled, ...library.slice(40, 70)]) await other.save(kv, { fetchedAt: '2026-11-30T10:00:00Z' });
    await fromCatalog.reloadChanged();
    await index.settled();
    const now = [...retitled, ...library.slice(40, 70)];
    assert.equal(index.search('zeldzaamwoordtoets ', { limit: 100 }).length, 40);
    assertFindsLike(index, now);
    fromCatalog.dispose();
  });

  it('rebuilds a damaged, cut-short or older-version file in the background, and one whose postings are damaged', async () => {
    const { store, options, logged } = await libraryIn(library.slice(0, 30));
    const built = await open(store, options);
    await built.whenReady();
    built.dispose();
    const good = await fs.readFile(options.indexPath);
    const variants: [string, (b: Buffer) => Buffer, RegExp][] = [
      ['head', (b) => { b[200] = b[200]! ^ 0xff; return b; }, /damaged \(checksum\)/],
      ['short', (b) => b.subarray(0, 1000), /cut short/],
      ['older', (b) => { b.writeUInt32LE(INDEX_VERSION - 1, 4); return b; }, new RegExp(`has version ${INDEX_VERSION - 1}; this version uses ${INDEX_VERSION}`)],
      ['postings', (b) => { b[b.length - 3] = b[b.length - 3]! ^ 0xff; return b; }, /checksum of its postings/],
    ];
    for (const [name, change, reason] of variants) {
      await fs.writeFile(options.indexPath, change(Buffer.from(good)));
      logged.length = 0;
      const index = await open(store, options);
      const seen = states(index);
      while (!seen.some((s) => s.kind === 'building')) await new Promise((resolve) => setTimeout(resolve, 5));
      await index.whenReady();
      assert.ok(logged.some((m) => reason.test(m)), `${name}: ${logged.join('\n')}`);
      assert.equal(index.size, 30, name);
      assertSearchesLike(index, library.slice(0, 30), name);
      index.dispose();
      const file = PackedIndex.open(options.indexPath);
      assert.equal(await file.verify(), true, name);
      file.close();
    }
  });

  it('leaves many changes since the file was written to the worker instead of indexing them on the caller\'s thread', async () => {
    const { dir, store, options, logged } = await libraryIn(library.slice(0, 30));
    const first = await open(store, options);
    await first.whenReady();
    first.dispose();
    const other = await LibraryStore.open(dir);
    for (const kv of library.slice(30, 36)) await other.save(kv, { fetchedAt: '2026-11-28T10:00:00Z' });
    const reopened = await LibraryStore.open(dir);
    logged.length = 0;
    const index = await open(reopened, { ...options, catchUpLimit: 5 });
    assert.deepEqual(index.state, { kind: 'building', done: 0, total: 6 });
    assert.equal(index.size, 30, 'meanwhile the file answers without the new items');
    await index.whenReady();
    assert.ok(logged.some((m) => /^Search index: 36 items written .* \(30 taken over, 6 read\)/.test(m)), logged.join('\n'));
    assertSearchesLike(index, library.slice(0, 36));
  });

  it('updateIndexFile reads only the item files whose stamp changed', async () => {
    const { dir, store, options } = await libraryIn(library.slice(0, 40));
    const task = { dir, indexPath: options.indexPath, rebuild: false };
    const first = await updateIndexFile(task);
    assert.deepEqual([first.documents, first.reused, first.read], [40, 0, 40]);
    await store.save({ ...library[3]!, title: 'Anders' }, { fetchedAt: '2026-11-30T10:00:00Z' });
    await store.remove(library[4]!.zaak!);
    const second = await updateIndexFile(task);
    assert.deepEqual([second.documents, second.reused, second.read], [39, 38, 1]);
    const rebuilt = await updateIndexFile({ ...task, rebuild: true });
    assert.deepEqual([rebuilt.documents, rebuilt.reused, rebuilt.read], [39, 0, 39]);
  });

  it('rebuilds in segments (written out every few items) to the same index as in one go', async () => {
    const { dir, options } = await libraryIn(library.slice(0, 40));
    const segmented = await updateIndexFile({ dir, indexPath: options.indexPath, rebuild: true, segmentDocs: 7 });
    assert.deepEqual([segmented.documents, segmented.read, segmented.segments], [40, 40, 6], 'parts of 7, 7, 7, 7, 7 and 5 items');
    const file = PackedIndex.open(options.indexPath);
    try {
      assert.equal(file.size, 40);
      assertSearchesLike(file, library.slice(0, 40));
    } finally {
      file.close();
    }
  });

  it('rebuilds in parts side by side in worker threads, the later of two item files with one key counting, and leaves no part behind', async () => {
    const { dir, options } = await libraryIn(library.slice(0, 40));
    // A second item file with the key of the first item, later in name order (another part): it counts.
    const items = join(dir, 'items');
    const first = JSON.parse(await fs.readFile(join(items, `${library[0]!.zaak!}.json`), 'utf8')) as { kamervraag: Kamervraag };
    const changed = { ...library[0]!, title: 'Een latere kopie met een eigen titel' };
    await fs.writeFile(join(items, 'zz-copy.json'), JSON.stringify({ ...first, kamervraag: changed }));
    const progress: number[] = [];
    const result = await updateIndexFile({ dir, indexPath: options.indexPath, rebuild: true, segmentDocs: 7, partWorker: WORKER, workers: 2 }, (done) => progress.push(done));
    assert.deepEqual([result.documents, result.read, result.segments], [40, 41, 6]);
    assert.equal(progress.at(-1), 41, 'the progress ends at every item read');
    assert.deepEqual((await fs.readdir(join(options.indexPath, '..'))).filter((n) => n !== 'x.index'), [], 'no part file is left');
    const file = PackedIndex.open(options.indexPath);
    try {
      assert.equal(file.size, 40);
      assert.equal(await file.verify(), true);
      assertSearchesLike(file, [...library.slice(1, 40), changed]);
    } finally {
      file.close();
    }
  });

  it('rebuilds in parts through the extension\'s worker (dist/indexWorker.js starting part workers of itself)', async () => {
    const { dir, options } = await libraryIn(library.slice(0, 40));
    const progress: [number, number][] = [];
    const result = await workerUpdater(WORKER)({ dir, indexPath: options.indexPath, rebuild: true, segmentDocs: 7 }, (done, total) => progress.push([done, total]), new AbortController().signal);
    assert.deepEqual([result.documents, result.read, result.segments], [40, 40, 6]);
    assert.deepEqual(progress.at(-1), [40, 40]);
    assertFileSearchesLike(options.indexPath, library.slice(0, 40));
  });

  it('keeps the index file it had when a part of a rebuild fails, and leaves no part behind', async () => {
    const { dir, options } = await libraryIn(library.slice(0, 40));
    await updateIndexFile({ dir, indexPath: options.indexPath, rebuild: true });
    const before = await fs.readFile(options.indexPath);
    const broken = join(dir, '..', 'broken-worker.js');
    await fs.writeFile(broken, "throw new Error('no part today');\n");
    await assert.rejects(updateIndexFile({ dir, indexPath: options.indexPath, rebuild: true, segmentDocs: 7, partWorker: broken, workers: 2 }), /no part today/);
    assert.ok((await fs.readFile(options.indexPath)).equals(before), 'the file is as it was');
    assert.deepEqual((await fs.readdir(join(options.indexPath, '..'))).filter((n) => n !== 'x.index'), [], 'no part file is left');
  });

  it('builds a part that does not fit in a worker\'s heap on the updating thread instead', async () => {
    const { dir, options } = await libraryIn(library.slice(0, 40));
    const result = await updateIndexFile({ dir, indexPath: options.indexPath, rebuild: true, segmentDocs: 7, partWorker: WORKER, workers: 2, partHeapMb: 1 });
    assert.deepEqual([result.documents, result.read, result.segments], [40, 40, 6]);
    assertFileSearchesLike(options.indexPath, library.slice(0, 40));
  });

  it('leaves no part behind when a part fails while another is built on the updating thread', async () => {
    const { dir, options } = await libraryIn(library.slice(0, 120));
    // A stand-in part worker: the first part runs it out of memory (so that part, and the ones
    // after it, are built on the updating thread), the second fails soon after. Whichever comes
    // first, the rebuild fails with the second's reason, waits for a part being built on this
    // thread (updateIndexFile awaits it before removing the parts), and leaves no part file.
    const script = join(dir, '..', 'failing-worker.js');
    await fs.writeFile(script, [
      "const { parentPort } = require('node:worker_threads');",
      'parentPort.on(\'message\', (part) => {',
      "  if (part.partPath.endsWith('part0.tmp')) { const kept = []; for (;;) kept.push(new Array(1000).fill(Math.random())); }",
      "  if (part.partPath.endsWith('part1.tmp')) { setTimeout(() => parentPort.postMessage({ kind: 'error', message: 'part 1 failed' }), 150); return; }",
      "  parentPort.postMessage({ kind: 'done', read: 0 });",
      '});',
    ].join('\n'));
    await assert.rejects(updateIndexFile({ dir, indexPath: options.indexPath, rebuild: true, segmentDocs: 40, partWorker: script, workers: 2, partHeapMb: 16 }), /part 1 failed/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(await fs.readdir(join(options.indexPath, '..')).catch(() => []), [], 'no part file is left, now or later');
  });

  it('brings a file up to date with more changed items than a part, keeping what it has', async () => {
    const { dir, store, options } = await libraryIn(library.slice(0, 40));
    const task = { dir, indexPath: options.indexPath, rebuild: false, segmentDocs: 7 };
    await updateIndexFile(task);
    for (const kv of library.slice(40, 60)) await store.save(kv, { fetchedAt: '2026-11-30T10:00:00Z' });
    await store.remove(library[2]!.zaak!);
    const result = await updateIndexFile(task);
    assert.deepEqual([result.documents, result.reused, result.read, result.segments], [59, 39, 20, 3]);
    assertFileSearchesLike(options.indexPath, library.slice(0, 60).filter((_, i) => i !== 2));
  });
});
