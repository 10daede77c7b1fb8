import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import type { Kamervraag } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';
import { stem, words } from '../../src/core/library/dutch';
import { LibraryIndex, Searcher, forEachFieldText } from '../../src/core/library/search';
import type { SearchOptions } from '../../src/core/library/search';
import { INDEX_VERSION, IndexFileError, PackedIndex, buildPackedIndex, packPartsTo } from '../../src/core/library/packedIndex';
import { MergedIndex } from '../../src/core/library/mergedIndex';
import { pools, prng, realisticKamervragen } from '../support/generate';

const tozo = parseKamervraag(['ah-tk-20202021-3235.xml', 'ah-tk-20202021-3235.metadata.xml'].map((f) => readFileSync(`test/fixtures/koop/${f}`, 'utf8')), '2026-11-27');
const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');

// A small realistic library: the fixtures' sentences with words of the fixtures' own vocabulary
// (so that the test does not need the wdutch package), 400 words an item.
const p = pools();
const library: Kamervraag[] = [seed, tozo, ...realisticKamervragen(400, 5, p, { dictionary: p.vocabulary, wordsPerItem: 400, verbatim: 0.1 })];

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  dirs = [];
});

async function written(index: LibraryIndex): Promise<string> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'kamervragen-index-'));
  dirs.push(dir);
  const file = join(dir, 'library.index');
  await fs.writeFile(file, buildPackedIndex(index));
  return file;
}

function memoryIndex(kvs: readonly Kamervraag[]): LibraryIndex {
  const index = new LibraryIndex();
  for (const kv of kvs) index.add(kv.zaak!, kv);
  return index;
}

describe('library index file', () => {
  it('answers every kind of query exactly as the index it was written from', async () => {
    const index = memoryIndex(library);
    index.remove(library[7]!.zaak!);
    const packed = PackedIndex.open(await written(index));
    // Written without the removed item (the file is compacted), so compare with an index that never had it.
    const expected = memoryIndex(library.filter((_, i) => i !== 7));
    try {
      assert.equal(packed.size, library.length - 1);
      const random = prng(3);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const queries: [string, SearchOptions][] = [
        ['gundogan ', {}], ['Gündoğan', {}], ['douane scanner ', {}], ['"Nederlandse douane" ', {}], ['tozo', {}],
        ['', { filters: { status: ['answered-late'] } }], ['regeling ', { filters: { party: 'VVD', from: '2015-01-01', to: '2020-12-31' } }],
        ['2023Z11786 ', {}], ['ah-tk-20202021-3235 ', {}],
      ];
      for (let i = 0; i < 150; i++) {
        const text = pick(library.slice(2)).entries[0]!.question;
        const ws = text.split(/\s+/).filter((w) => /^\p{L}{4,}$/u.test(w));
        if (ws.length < 3) continue;
        const at = Math.floor(random() * (ws.length - 2));
        queries.push([`${ws[at]} `, {}], [ws[at]!.slice(0, 4), {}], [`"${ws.slice(at, at + 2).join(' ')}" `, {}], [`${ws[at]} ${ws[at + 2]} `, { limit: 5 }]);
      }
      for (const [query, options] of queries) {
        assert.deepEqual(packed.search(query, options), expected.search(query, options), JSON.stringify([query, options]));
      }
    } finally {
      packed.close();
    }
  });

  it('looks up every document id of an item in O(1)', async () => {
    const packed = PackedIndex.open(await written(memoryIndex(library)));
    try {
      assert.equal(packed.keyOfDocument('2021Z09739'), '2021Z09739');
      assert.equal(packed.keyOfDocument('ah-tk-20202021-3235'), '2021Z09739');
      assert.equal(packed.keyOfDocument('kv-tk-2023Z11786'), '2023Z11786');
      assert.equal(packed.keyOfDocument('ah-tk-20202021-9999'), undefined);
      for (const kv of library) for (const d of kv.documents) assert.equal(packed.keyOfDocument(d.id), kv.zaak);
    } finally {
      packed.close();
    }
  });

  it('keeps ids of any text in its id table, the later item winning an id two items share', async () => {
    const index = new LibraryIndex();
    const bare: Kamervraag = { ...seed, documents: [], entries: [], remarks: [], topics: [], submitters: [], answeredBy: [] };
    const doc = (id: string): Kamervraag['documents'][number] => ({ ...seed.documents[0]!, id });
    const awkward = ['kv-tk-2024Z0001é', 'ah-tk-20232024-💡', 'x\u2028y', 'lone\ud800', '', 'a'.repeat(300)];
    index.add('kÿ-1', { ...bare, zaak: null, documents: awkward.map(doc) });
    // Many short ids, so that probes run past occupied slots of the table.
    for (let i = 0; i < 3000; i++) index.add(`k${i}`, { ...bare, zaak: null, documents: [doc(`d${i}`), doc(`shared-${i % 10}`)] });
    // Keys that differ only in an unpaired surrogate, and one that begins with NUL, stay apart and read back exactly.
    const keys = ['k\ud800', 'k\udc00', '\u0000k', 'k\ud83d\udca1'];
    for (const key of keys) index.add(key, { ...bare, zaak: key, documents: [] });
    const packed = PackedIndex.open(await written(index));
    try {
      for (const key of keys) assert.equal(packed.keyAt(packed.docOfKey(key)!), key, JSON.stringify(key));
      assert.equal(new Set(keys.map((key) => packed.docOfKey(key))).size, keys.length);
      for (const id of awkward) assert.equal(packed.keyOfDocument(id), 'kÿ-1', JSON.stringify(id));
      assert.equal(packed.docOfKey('kÿ-1'), 0);
      assert.equal(packed.docOfKey('kÿ-2'), undefined);
      for (let i = 0; i < 3000; i++) assert.equal(packed.keyOfDocument(`d${i}`), `k${i}`);
      for (let i = 0; i < 10; i++) assert.equal(packed.keyOfDocument(`shared-${i}`), `k${2990 + i}`);
      assert.equal(packed.keyOfDocument('lone'), undefined);
      assert.equal(packed.keyOfDocument('lone\ufffd'), undefined, 'an unpaired surrogate is kept, not replaced');
      assert.equal(new Set(packed.documentIds()).size, packed.documentIds().length);
      // Every key is an id of its item too.
      assert.equal(packed.documentIds().length, 1 + awkward.length + 2 * 3000 + 10 + keys.length);
    } finally {
      packed.close();
    }
  });

  it('opens in slices (openAsync) to the same index as open, giving the thread back in between', async () => {
    const file = await written(memoryIndex(library));
    const whole = PackedIndex.open(file);
    /**
     * The times openAsync gives the thread back (its setTimeout(…, 0) between slices) with this slice
     * length: counted by call, not by turns of the event loop, which the file reads add at random.
     */
    const yieldsWhileOpening = async (sliceMs: number): Promise<[number, PackedIndex]> => {
      const original = globalThis.setTimeout;
      let yields = 0;
      globalThis.setTimeout = ((fn: () => void, ms?: number, ...rest: unknown[]) => {
        if (!ms) yields++;
        return original(fn, ms, ...rest);
      }) as typeof setTimeout;
      try {
        const index = await PackedIndex.openAsync(file, sliceMs);
        return [yields, index];
      } finally {
        globalThis.setTimeout = original;
      }
    };
    const [atOnce, unsliced] = await yieldsWhileOpening(60_000);
    unsliced.close();
    const [yields, sliced] = await yieldsWhileOpening(0);
    try {
      // The loader gives the thread back after every 256 KB of the head's checksum and between the
      // three checks of the document table (at least four times); in one slice of a minute, never.
      assert.equal(atOnce, 0, `${atOnce} yields in one slice`);
      assert.ok(yields >= 4, `${yields} yields while opening in slices`);
      assert.deepEqual(sliced.keys, whole.keys);
      for (const q of ['douane ', '"Nederlandse douane" ', 'gundo', 'tozo ']) assert.deepEqual(sliced.search(q), whole.search(q), q);
      for (const kv of library) assert.deepEqual(sliced.originOf(sliced.docOfKey(kv.zaak!)!), whole.originOf(whole.docOfKey(kv.zaak!)!));
    } finally {
      whole.close();
      sliced.close();
    }
    await assert.rejects(PackedIndex.openAsync(join(file, '..', 'missing')), IndexFileError);
  });

  it('refuses a damaged, truncated or other-version file with a reason, and verify() finds damaged postings', async () => {
    const file = await written(memoryIndex(library));
    const bytes = await fs.readFile(file);
    const variant = async (name: string, change: (b: Buffer) => Buffer): Promise<string> => {
      const path = join(file, '..', name);
      await fs.writeFile(path, change(Buffer.from(bytes)));
      return path;
    };
    const head = await variant('head', (b) => { b[200] = b[200]! ^ 0xff; return b; });
    assert.throws(() => PackedIndex.open(head), (err: Error) => err instanceof IndexFileError && /damaged \(checksum\)/.test(err.message));
    const short = await variant('short', (b) => b.subarray(0, 1000));
    assert.throws(() => PackedIndex.open(short), (err: Error) => err instanceof IndexFileError && /cut short/.test(err.message));
    const version = await variant('version', (b) => { b.writeUInt32LE(INDEX_VERSION + 1, 4); return b; });
    assert.throws(() => PackedIndex.open(version), new RegExp(`has version ${INDEX_VERSION + 1}; this version uses ${INDEX_VERSION}`));
    assert.throws(() => PackedIndex.open(join(file, '..', 'missing')), IndexFileError);
    const text = await variant('text', () => Buffer.from('{"not": "an index"}'));
    assert.throws(() => PackedIndex.open(text), /is not an index file/);

    // A head whose checksum matches but whose document table does not add up (as a faulty writer
    // would leave it) is refused too, never read out of range.
    const resealed = (change: (b: Buffer, table: (field: number) => number) => void) => async (b: Buffer): Promise<Buffer> => {
      change(b, (field) => 64 + 4 * field);
      const headEnd = b.length - b.readDoubleLE(32);
      b.writeUInt32LE(crc32(b.subarray(64, headEnd)), 24);
      return b;
    };
    const docStrAt = (b: Buffer): number => {
      const n = b.readUInt32LE(8);
      const pad = (x: number): number => Math.ceil(x / 4) * 4;
      return 64 + 24 + pad(b.readUInt32LE(64)) + pad(n) + 4 * n;
    };
    const broken: [string, (b: Buffer, at: (field: number) => number) => void, RegExp][] = [
      ['slots', (b, at) => b.writeUInt32LE(b.readUInt32LE(at(4)) - 1, at(4)), /damaged \(id table\)/],
      ['strings', (b, at) => b.writeUInt32LE(b.readUInt32LE(at(1)) + 1, at(1)), /damaged \(document table size\)/],
      ['order', (b) => b.writeUInt32LE(1, docStrAt(b) + 8), /damaged \(document strings\)/],
    ];
    for (const [name, change, reason] of broken) {
      const path = join(file, '..', `table-${name}`);
      await fs.writeFile(path, await resealed(change)(Buffer.from(bytes)));
      assert.throws(() => PackedIndex.open(path), (err: Error) => err instanceof IndexFileError && reason.test(err.message), name);
      await assert.rejects(PackedIndex.openAsync(path), (err: Error) => err instanceof IndexFileError && reason.test(err.message), name);
    }

    const good = PackedIndex.open(file);
    assert.equal(await good.verify(), true);
    good.close();
    const postings = await variant('postings', (b) => { b[b.length - 5] = b[b.length - 5]! ^ 0xff; return b; });
    const damaged = PackedIndex.open(postings);
    assert.equal(await damaged.verify(), false);
    damaged.close();
  });
});

/** The file `merged.packTo` writes, collected in memory. */
function packed(merged: MergedIndex): Buffer {
  const parts: { bytes: Buffer; position: number }[] = [];
  merged.packTo((bytes, position) => { parts.push({ bytes: Buffer.from(bytes), position }); });
  const file = Buffer.alloc(Math.max(0, ...parts.map((p) => p.position + p.bytes.length)));
  for (const p of parts) p.bytes.copy(file, p.position);
  return file;
}

describe('library index file: writing a file merged with changes', () => {
  // packMergedTo copies posting lists instead of decoding them; it must give the very bytes that
  // decoding and encoding every posting (buildPackedIndex) gives, whatever changed.
  it('writes posting lists of more than a MB (the writer\'s chunk) whole, by both writers', async () => {
    // One word in 250,000 Kamervragen: a posting list of ~1.5 MB that crosses chunk boundaries
    // both as encoded postings (buildPackedIndex) and as a copied run (pack).
    const index = new LibraryIndex();
    const bare: Kamervraag = { ...seed, documents: [], entries: [], remarks: [], topics: [], submitters: [], answeredBy: [] };
    const N = 250_000;
    for (let i = 0; i < N; i++) index.add(`k${i}`, { ...bare, zaak: `k${i}`, title: i % 7 === 0 ? 'alpha beta' : 'alpha' });
    const encoded = buildPackedIndex(index);
    const merged = new MergedIndex(undefined, index);
    assert.ok(packed(merged).equals(encoded), 'packTo and buildPackedIndex differ');
    const dir = await fs.mkdtemp(join(tmpdir(), 'kamervragen-index-'));
    dirs.push(dir);
    await fs.writeFile(join(dir, 'big.index'), encoded);
    const file = PackedIndex.open(join(dir, 'big.index'));
    try {
      assert.ok(await file.verify());
      for (const [word, expected] of [['alpha', N], ['beta', Math.ceil(N / 7)]] as const) {
        const term = file.termOf(stem(word))!;
        const docs: number[] = [];
        file.forEachPosting(term, (doc) => docs.push(doc));
        assert.equal(docs.length, expected, word);
        assert.ok(docs.every((d, i) => d === (word === 'alpha' ? i : 7 * i)), `${word}: the documents come back in order, each once`);
      }
    } finally {
      file.close();
    }
  });

  it('joins part files into the very file that one index of all their items gives, leaving out the documents it is told to', async () => {
    const cuts = [0, 90, 91, 250, library.length];
    const paths: string[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) paths.push(await written(memoryIndex(library.slice(cuts[i], cuts[i + 1]))));
    // The last part has a newer copy of an item of the first: its earlier document is left out.
    const replaced = { ...library[5]!, title: `${library[5]!.title} (herzien)`, entries: library[6]!.entries };
    const withCopy = new LibraryIndex();
    for (const kv of library.slice(250)) withCopy.add(kv.zaak!, kv);
    withCopy.add(replaced.zaak!, replaced);
    const parts = [...paths, await written(withCopy)].map((path) => PackedIndex.open(path));
    try {
      const join = (from: readonly PackedIndex[], dead?: Set<number>): Buffer => {
        const pieces: { bytes: Buffer; position: number }[] = [];
        packPartsTo(from, (bytes, position) => { pieces.push({ bytes: Buffer.from(bytes), position }); }, dead);
        const file = Buffer.alloc(Math.max(0, ...pieces.map((x) => x.position + x.bytes.length)));
        for (const x of pieces) x.bytes.copy(file, x.position);
        return file;
      };
      assert.ok(join(parts.slice(0, 4)).equals(buildPackedIndex(memoryIndex(library))), 'four parts');
      const all = memoryIndex(library);
      all.add(replaced.zaak!, replaced);
      assert.ok(join(parts.slice(0, 3).concat(parts[4]!), new Set([5])).equals(buildPackedIndex(all)), 'with a document left out');
      assert.ok(join([parts[1]!]).equals(buildPackedIndex(memoryIndex(library.slice(90, 91)))), 'one part of one item');
      assert.ok(join([]).equals(buildPackedIndex(new LibraryIndex())), 'no parts');
    } finally {
      for (const part of parts) part.close();
    }
  });

  const shapes: [string, (m: MergedIndex) => void][] = [
    ['only new items (a rebuild segment)', (m) => { for (const kv of library.slice(200, 260)) m.put(kv.zaak!, kv); }],
    ['nothing changed', () => undefined],
    ['items of the file replaced', (m) => { for (const kv of library.slice(10, 20)) m.put(kv.zaak!, { ...kv, title: `${kv.title} herzien` }); }],
    ['items of the file removed', (m) => { m.remove(library[3]!.zaak!); m.remove(library[150]!.zaak!); }],
    ['new items, some removed again', (m) => {
      for (const kv of library.slice(200, 230)) m.put(kv.zaak!, kv);
      m.remove(library[205]!.zaak!);
    }],
    ['everything at once', (m) => {
      for (const kv of library.slice(200, 300)) m.put(kv.zaak!, kv);
      for (const kv of library.slice(0, 5)) m.put(kv.zaak!, kv);
      m.remove(library[100]!.zaak!);
      m.remove(library[250]!.zaak!);
    }],
  ];
  for (const [name, change] of shapes) {
    it(`gives the same file as encoding every posting anew: ${name}`, async () => {
      const base = PackedIndex.open(await written(memoryIndex(library.slice(0, 200))));
      try {
        const merged = new MergedIndex(base, new LibraryIndex());
        change(merged);
        const fast = packed(merged);
        assert.ok(fast.equals(buildPackedIndex(merged)), 'the copied file differs from the encoded one');
        // And it is a file that answers as the items it holds.
        const file = join(dirs[0]!, 'merged.index');
        await fs.writeFile(file, fast);
        const reopened = PackedIndex.open(file);
        try {
          assert.equal(reopened.size, merged.size);
          assert.ok(await reopened.verify());
          for (const q of ['douane scanner', '"Nederlandse douane"', 'regeling', 'herzien']) {
            assert.deepEqual(reopened.search(q).map((h) => h.key), new Searcher().search(merged, q).map((h) => h.key), q);
          }
        } finally {
          reopened.close();
        }
      } finally {
        base.close();
      }
    });
  }
});

describe('library search: phrases', () => {
  /** The folded, stemmed term sequences of a Kamervraag's texts. */
  function sequences(kv: Kamervraag): string[][] {
    const out: string[][] = [];
    forEachFieldText(kv, (_field, text) => out.push(words(text).map(stem)));
    return out;
  }
  const allSequences = new Map<Kamervraag, string[][]>();
  function contains(kv: Kamervraag, phrase: string[]): boolean {
    if (!allSequences.has(kv)) allSequences.set(kv, sequences(kv));
    return allSequences.get(kv)!.some((seq) => seq.some((_, i) => phrase.every((t, k) => seq[i + k] === t)));
  }

  it('finds the words of a "…" phrase only next to each other, in order', () => {
    const base = { ...tozo, submitters: [], answeredBy: [], topics: [], documents: [], remarks: [] };
    const doc = (zaak: string, answer: string): Kamervraag => ({ ...base, zaak, title: 'T', entries: [{ numbers: [1], question: 'Vraag?', answer, refersTo: [], footnotes: [] }] });
    const index = new LibraryIndex();
    index.add('A', doc('A', 'De Tijdelijke overbruggingsregeling zelfstandig ondernemers (Tozo) helpt.'));
    index.add('B', doc('B', 'Ondernemers die zelfstandig werken kregen een tijdelijke regeling voor overbrugging.'));
    index.add('C', doc('C', 'Zelfstandig. Ondernemers blijven.'));
    const keys = (q: string): string[] => index.search(q).map((h) => h.key).sort();
    assert.deepEqual(keys('zelfstandig ondernemers '), ['A', 'B', 'C']);
    assert.deepEqual(keys('"zelfstandig ondernemers" '), ['A', 'C'], 'C: a phrase crosses punctuation, as in FTS5');
    assert.deepEqual(keys('"Tijdelijke overbruggingsregeling zelfstandig ondernemers"'), ['A']);
    assert.deepEqual(keys('“tijdelijke overbruggingsregelingen” '), ['A'], 'typographic quotes, and stemmed words');
    assert.deepEqual(keys('"ondernemers zelfstandig" '), [], 'the order counts');
    assert.deepEqual(keys('"zelfstandig ondernemers" tozo'), ['A'], 'a phrase and a word being typed');
  });

  it('misses no Kamervraag that has the phrase, and finds few that do not (realistic library)', () => {
    const index = memoryIndex(library);
    const random = prng(9);
    let relevant = 0;
    let returned = 0;
    let withoutQuotes = 0;
    let checked = 0;
    for (let i = 0; i < 80; i++) {
      const kv = library[2 + Math.floor(random() * (library.length - 2))]!;
      const seq = sequences(kv).filter((s) => s.length >= 4)[0];
      if (!seq) continue;
      const n = 2 + (i % 3);
      const at = Math.floor(random() * (seq.length - n));
      const raw = words(kv.entries[0]!.question);
      if (raw.length < at + n) continue;
      const phrase = raw.slice(at, at + n);
      const terms = phrase.map(stem);
      const truth = new Set(library.filter((k) => contains(k, terms)).map((k) => k.zaak!));
      const hits = index.search(`"${phrase.join(' ')}" `, { limit: 10_000 }).map((h) => h.key);
      for (const key of truth) assert.ok(hits.includes(key), `"${phrase.join(' ')}" misses ${key}`);
      relevant += truth.size;
      returned += hits.length;
      withoutQuotes += index.search(`${phrase.join(' ')} `, { limit: 10_000 }).length;
      checked++;
    }
    assert.ok(checked >= 40, `${checked} phrases checked`);
    // The signatures are 16-bit Bloom filters, so some Kamervragen that have the words near but not
    // next to each other get through; with this small vocabulary (~2,000 words, so every word has
    // many neighbours) more than at archive scale. Without quotes: every Kamervraag with the words.
    const precision = relevant / returned;
    const plain = relevant / withoutQuotes;
    assert.ok(precision >= 0.6 && precision >= 2 * plain, `precision ${precision.toFixed(2)} (${relevant} relevant of ${returned}), without quotes ${plain.toFixed(2)}`);
    console.log(`      phrase precision ${precision.toFixed(2)}, the same words without quotes ${plain.toFixed(2)}`);
  });
});
