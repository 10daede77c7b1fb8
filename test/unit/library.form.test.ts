import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kamervraag } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';
import { LibraryStore, fileNameOf } from '../../src/core/library/store';
import { SHARED_GITIGNORE, itemText, sortedKeys } from '../../src/core/library/form';
import { CHECKPOINT } from '../../src/core/sources/archive';
import type { ItemFile } from '../../src/core/library/schema';

const tozo = parseKamervraag(['ah-tk-20202021-3235.xml', 'ah-tk-20202021-3235.metadata.xml'].map((f) => readFileSync(`test/fixtures/koop/${f}`, 'utf8')), '2026-11-27');
const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');

let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'kamervragen-shared-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** A clock that moves one minute per call. */
function clock(start: string): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 60_000));
}

/** The same value with every object's keys in reverse insertion order (as another parser might build it). */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
}

const itemPath = (dir: string, kv: Kamervraag): string => join(dir, 'items', fileNameOf(kv.zaak!));

describe('library: the shared form (a workspace library in git)', () => {
  it('writes the same bytes when the same Kamervraag is saved again, later, with other fetch details', async () => {
    const dir = await tempDir();
    const store = await LibraryStore.open(dir, { form: 'shared', now: clock('2026-11-01T10:00:00Z') });
    await store.save(tozo, { fetchedAt: '2026-11-01T10:00:00Z', etag: '"a"', source: 'https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak' });
    const first = await fs.readFile(itemPath(dir, tozo));
    const firstStat = await fs.stat(itemPath(dir, tozo));

    const item = await store.save(structuredClone(tozo), { fetchedAt: '2026-11-20T08:00:00Z', etag: '"b"', lastModified: 'Fri, 20 Nov 2026 08:00:00 GMT', source: 'http://127.0.0.1:9/other' });
    assert.deepEqual(await fs.readFile(itemPath(dir, tozo)), first);
    assert.equal((await fs.stat(itemPath(dir, tozo))).ino, firstStat.ino, 'the file was not replaced');
    assert.equal(item.fetchedAt, '2026-11-01T10:00:00.000Z', 'the times are those of the save that brought this content');

    // A second store (another window, or after a restart) saving it again: still the same bytes.
    const again = await LibraryStore.open(dir, { form: 'shared', now: clock('2026-12-01T00:00:00Z') });
    await again.save(tozo, { fetchedAt: new Date('2026-12-01T00:00:00Z') });
    assert.deepEqual(await fs.readFile(itemPath(dir, tozo)), first);
  });

  it('writes keys in a stable order, whatever order the Kamervraag was built in', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const now = (): Date => new Date('2026-11-01T10:00:00Z');
    await (await LibraryStore.open(a, { form: 'shared', now })).save(tozo, { fetchedAt: '2026-11-01T09:59:00Z' });
    await (await LibraryStore.open(b, { form: 'shared', now })).save(reversedKeys(tozo), { fetchedAt: '2026-11-01T09:59:00Z' });
    const text = await fs.readFile(itemPath(a, tozo), 'utf8');
    assert.equal(await fs.readFile(itemPath(b, tozo), 'utf8'), text);

    // Pretty-printed, one trailing newline, the item's fields first in a fixed order, the Kamervraag's keys sorted.
    assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
    assert.ok(text.split('\n').length > 100, 'one field per line');
    const raw = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(raw), ['schema', 'savedAt', 'fetchedAt', 'kamervraag']);
    const kv = raw.kamervraag as Record<string, unknown>;
    assert.deepEqual(Object.keys(kv), Object.keys(kv).sort());
    const entry = (kv.entries as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(entry), Object.keys(entry).sort());
    assert.deepEqual(raw.kamervraag, JSON.parse(JSON.stringify(tozo)), 'nothing of the Kamervraag is lost');
  });

  it('keeps only what follows from the content: no HTTP validators, no source address or path', async () => {
    const dir = await tempDir();
    const store = await LibraryStore.open(dir, { form: 'shared' });
    const item = await store.save(seed, { fetchedAt: '2026-11-01T10:00:00Z', etag: 'W/"x"', lastModified: 'Sun, 01 Nov 2026 10:00:00 GMT', source: '/home/someone/Downloads/export.txt' });
    const raw = JSON.parse(await fs.readFile(itemPath(dir, seed), 'utf8')) as Record<string, unknown>;
    for (const field of ['etag', 'lastModified', 'source']) assert.equal(field in raw, false, field);
    assert.equal(item.etag, undefined, 'what the store holds is what it wrote');
    assert.equal(item.source, undefined);

    // The private form (the global library) keeps them, as before.
    const own = await tempDir();
    await (await LibraryStore.open(own)).save(seed, { fetchedAt: '2026-11-01T10:00:00Z', etag: 'W/"x"', source: '/home/someone/Downloads/export.txt' });
    const privateRaw = JSON.parse(await fs.readFile(itemPath(own, seed), 'utf8')) as Record<string, unknown>;
    assert.equal(privateRaw.etag, 'W/"x"');
    assert.equal(privateRaw.source, '/home/someone/Downloads/export.txt');
  });

  it('rewrites an item when its content changes, and when a fetched copy replaces one read from a file', async () => {
    const dir = await tempDir();
    const store = await LibraryStore.open(dir, { form: 'shared', now: clock('2026-11-01T10:00:00Z') });
    await store.save(tozo, { fetchedAt: null });
    const fromFile = await fs.readFile(itemPath(dir, tozo), 'utf8');
    const fetched = await store.save(tozo, { fetchedAt: '2026-11-02T10:00:00Z' });
    assert.equal(fetched.fetchedAt, '2026-11-02T10:00:00.000Z');
    assert.notEqual(await fs.readFile(itemPath(dir, tozo), 'utf8'), fromFile);

    const answered = { ...tozo, status: 'answered-late' as const };
    const before = await fs.readFile(itemPath(dir, tozo), 'utf8');
    const changed = await store.save(answered, { fetchedAt: '2026-11-03T10:00:00Z' });
    const after = await fs.readFile(itemPath(dir, tozo), 'utf8');
    assert.notEqual(after, before);
    assert.equal(changed.kamervraag.status, 'answered-late');
    // Only the lines of what changed differ: the two times and the status.
    const removedLines = before.split('\n').filter((line) => !after.split('\n').includes(line));
    assert.deepEqual(removedLines.map((l) => l.trim().split('"')[1]), ['savedAt', 'fetchedAt', 'status']);
  });

  it('writes a .gitignore for what is not shared, and nothing else besides the manifest and the items', async () => {
    const dir = await tempDir();
    const store = await LibraryStore.open(dir, { form: 'shared' });
    await store.save(tozo, { fetchedAt: '2026-11-01T10:00:00Z' });
    await store.save(seed, { fetchedAt: '2026-11-01T10:00:00Z' });
    assert.deepEqual((await fs.readdir(dir)).sort(), ['.gitignore', 'items', 'library.json']);
    assert.deepEqual((await fs.readdir(join(dir, 'items'))).sort(), ['2021Z09739.json', '2023Z11786.json']);
    assert.equal(await fs.readFile(join(dir, '.gitignore'), 'utf8'), SHARED_GITIGNORE);
    assert.match(SHARED_GITIGNORE, /^damaged\/$/m);
    assert.match(SHARED_GITIGNORE, /^\.\*\.tmp$/m);
    assert.match(SHARED_GITIGNORE, new RegExp(`^${CHECKPOINT}$`, 'm'), 'an archive download at work is one user\'s');

    // The private form writes no .gitignore.
    const own = await tempDir();
    await (await LibraryStore.open(own)).save(tozo);
    assert.deepEqual((await fs.readdir(own)).sort(), ['items', 'library.json']);
  });

  it('leaves a file it cannot read in place (a merge conflict), reports it once, and reads it once it is mended', async () => {
    const dir = await tempDir();
    const writer = await LibraryStore.open(dir, { form: 'shared' });
    await writer.save(tozo, { fetchedAt: '2026-11-01T10:00:00Z' });
    const good = await fs.readFile(itemPath(dir, tozo), 'utf8');
    const lines = good.split('\n');
    const conflicted = [...lines.slice(0, 2), '<<<<<<< HEAD', lines[2], '=======', ' "savedAt": "2026-11-05T10:00:00.000Z",', '>>>>>>> theirs', ...lines.slice(3)].join('\n');
    await fs.writeFile(itemPath(dir, tozo), conflicted);
    await fs.utimes(itemPath(dir, tozo), new Date('2026-01-01'), new Date('2026-01-01')); // not "young"

    const problems: string[] = [];
    const store = await LibraryStore.open(dir, { form: 'shared', onProblem: (p) => problems.push(p.message) });
    assert.equal(store.get('2021Z09739'), undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /left in place/);
    assert.equal(await fs.readFile(itemPath(dir, tozo), 'utf8'), conflicted, 'the file is untouched');
    assert.deepEqual(await fs.readdir(dir).then((n) => n.includes('damaged')), false);

    await store.reloadChanged();
    assert.equal(problems.length, 1, 'not reported again while it is unchanged');

    await fs.writeFile(itemPath(dir, tozo), good);
    assert.deepEqual(await store.reloadChanged(), ['2021Z09739']);
    assert.equal(store.get('2021Z09739')?.head.title, tozo.title);
  });

  it('lets a second store on the same folder (a second window, a colleague\'s clone) read every item', async () => {
    const dir = await tempDir();
    const store = await LibraryStore.open(dir, { form: 'shared' });
    await store.save(tozo, { fetchedAt: '2026-11-01T10:00:00Z' });
    await store.save(seed, { fetchedAt: '2026-11-01T10:00:00Z' });
    const other = await LibraryStore.open(dir, { form: 'shared' });
    assert.deepEqual(other.list().map((i) => i.key).sort(), ['2021Z09739', '2023Z11786']);
    assert.deepEqual(other.problems, []);
    assert.deepEqual((await other.read('2021Z09739'))?.kamervraag, JSON.parse(JSON.stringify(tozo)));
  });

  it('reads back a Kamervraag with a related document ("Zie ook"), as parsed from real PDF text', async () => {
    const stalvloer = parseKamervraag([readFileSync('test/fixtures/real-text/ah-tk-20222023-3649.pdftext.txt', 'utf8')], '2026-11-27');
    assert.ok(stalvloer.documents.some((d) => d.kind === 'related'), 'the fixture has one');
    for (const form of ['shared', 'private'] as const) {
      const dir = await tempDir();
      await (await LibraryStore.open(dir, { form })).save(stalvloer, { fetchedAt: null });
      const other = await LibraryStore.open(dir, { form });
      assert.deepEqual(other.problems, [], form);
      assert.deepEqual((await other.read('ah-tk-20222023-3649'))?.kamervraag, JSON.parse(JSON.stringify(stalvloer)), form);
    }
  });

  it('gives the item text from the content alone (itemText, sortedKeys)', () => {
    const file: ItemFile = { schema: 1, savedAt: '2026-11-01T10:00:00.000Z', fetchedAt: null, etag: '"e"', kamervraag: tozo };
    assert.equal(itemText(file, 'shared'), itemText({ ...file, etag: '"f"', source: 'x', kamervraag: reversedKeys(tozo) }, 'shared'));
    assert.notEqual(itemText(file, 'private'), itemText({ ...file, etag: '"f"' }, 'private'));
    assert.deepEqual(Object.keys(sortedKeys({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } }) as object), ['a', 'b']);
    assert.equal(JSON.stringify(sortedKeys({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } })), '{"a":{"c":[{"e":2,"f":1}],"d":1},"b":1}');
  });
});
