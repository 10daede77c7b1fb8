import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import type { Entry, Kamervraag } from '../../src/core/model';
import {
  MIN_WORDS, ReuseIndex, THRESHOLD, connectInBackground, csvCell, indexedParagraphs, jaccard, reuseReport, reuseReportCsv, shingles,
} from '../../src/core/reuse';
import { paragraphsOf } from '../../src/core/text';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const koop = parseKamervraag([readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8'),
  readFileSync('test/fixtures/koop/ah-tk-20202021-3235.metadata.xml', 'utf8')], '2026-11-27');

/** Real answer paragraphs of the seed, long enough to be indexed. */
const seedParagraphs = seed.entries.flatMap((e) => paragraphsOf(e.answer ?? '')).filter((p) => p.split(/\s+/).length >= 30);
const koopParagraphs = koop.entries.flatMap((e) => paragraphsOf(e.answer ?? '')).filter((p) => p.split(/\s+/).length >= 20);

function item(zaak: string, answered: string, answers: string[], role = 'Minister van Financiën', submitter = 'Queeny Rajkowski'): Kamervraag {
  const entries: Entry[] = answers.map((answer, i) => ({ numbers: [i + 1], question: `Vraag ${i + 1} over ${zaak}?`, answer, refersTo: [], footnotes: [] }));
  return {
    ...seed, zaak, answered, submitted: answered, entries,
    submitters: [{ name: submitter, party: 'VVD' }],
    addressees: [{ name: null, role }],
    answeredBy: [{ name: 'Iemand', role, party: null }],
    documents: [{ id: `kv-tk-${zaak}`, kind: 'questions', date: answered, url: null }],
  };
}

/** Replace the n-th word (of 4+ letters) by another: a small edit. */
function editWord(text: string, n: number, by: string): string {
  let k = 0;
  return text.replace(/\p{L}{4,}/gu, (w) => (k++ === n ? by : w));
}

function libraryOf(items: Kamervraag[]): { index: ReuseIndex; get: (key: string) => Promise<Kamervraag | undefined> } {
  const map = new Map(items.map((kv) => [kv.zaak!, kv]));
  const index = new ReuseIndex();
  for (const [key, kv] of map) index.add(key, kv);
  return { index, get: (key) => Promise.resolve(map.get(key)) };
}

describe('reuse across the library', () => {
  describe('shingles', () => {
    it('ignore case, diacritics, quotes, dashes and punctuation', () => {
      const a = shingles('De Minister van Financiën heeft – zo’n twee jaar geleden – het “onderzoek” naar de scanners afgerond.');
      const b = shingles('de minister van financien heeft, zon twee jaar geleden, het onderzoek naar de SCANNERS afgerond');
      assert.ok(a.length > 5);
      assert.equal(jaccard(a, b), 1);
    });

    it('keep a paragraph with one or two changed words above the threshold, a different one far below', () => {
      const p = seedParagraphs[0]!;
      const one = editWord(p, 5, 'gewijzigd');
      const two = editWord(one, 15, 'aangepast');
      assert.ok(jaccard(shingles(p), shingles(one)) >= 0.8, String(jaccard(shingles(p), shingles(one))));
      assert.ok(jaccard(shingles(p), shingles(two)) >= THRESHOLD);
      assert.ok(jaccard(shingles(p), shingles(seedParagraphs[1]!)) < 0.1);
    });

    it('are empty for fewer than five words, and short paragraphs are not indexed', () => {
      assert.equal(shingles('Ja, dat klopt.').length, 0);
      const kv = item('2023Z00001', '2023-01-01', ['Ja.', seedParagraphs[0]!, 'Zie het antwoord op vraag 3.']);
      assert.deepEqual(indexedParagraphs(kv).map((p) => p.paragraph), [0]);
      assert.ok(indexedParagraphs(kv).every((p) => p.text.split(/\s+/).length >= MIN_WORDS));
    });
  });

  describe('the index', async () => {
    const shared = seedParagraphs[2]!;
    const a = item('2022Z00001', '2022-03-01', [seedParagraphs[0]!, shared], 'Minister van Financiën', 'Nilüfer Gündoğan');
    const b = item('2023Z00002', '2023-05-01', [koopParagraphs[0]!, `${seedParagraphs[3]!}\n\n${editWord(shared, 7, 'daarentegen')}`]);
    const c = item('2024Z00003', '2024-01-01', [koopParagraphs[1]!, seedParagraphs[4]!], 'Minister van Defensie');

    it('finds the paragraph another Kamervraag answered too, with where it stands there', async () => {
      const { index, get } = libraryOf([a, b, c]);
      const reuse = await index.reuseOf('2023Z00002', b, get);
      assert.equal(reuse.length, 1);
      assert.deepEqual(reuse[0]!.numbers, [2]);
      assert.equal(reuse[0]!.paragraph, 1);
      assert.deepEqual(reuse[0]!.matches.map((m) => [m.key, m.numbers, m.paragraph]), [['2022Z00001', [2], 0]]);
      assert.ok(reuse[0]!.matches[0]!.similarity >= THRESHOLD && reuse[0]!.matches[0]!.similarity < 1);
      assert.equal(reuse[0]!.matches[0]!.kamervraag.submitters[0]!.name, 'Nilüfer Gündoğan');
      assert.deepEqual(await index.reuseOf('2024Z00003', c, get), []);
    });

    it('never lists the Kamervraag asked about, and finds a single paragraph', async () => {
      const { index, get } = libraryOf([a, b, c]);
      assert.deepEqual((await index.findParagraph(shared, get)).map((m) => m.key), ['2022Z00001', '2023Z00002']);
      assert.deepEqual((await index.findParagraph(shared, get, '2022Z00001')).map((m) => m.key), ['2023Z00002']);
      assert.deepEqual(await index.findParagraph('Ja, dat klopt.', get), []);
    });

    it('follows removals and replacements', async () => {
      const { index, get } = libraryOf([a, b, c]);
      assert.equal(index.remove('2022Z00001'), true);
      assert.equal(index.remove('2022Z00001'), false);
      assert.deepEqual(await index.reuseOf('2023Z00002', b, get), []);
      index.add('2022Z00001', a);
      assert.equal((await index.reuseOf('2023Z00002', b, get)).length, 1);
      const changed = item('2022Z00001', '2022-03-01', [seedParagraphs[0]!]);
      index.add('2022Z00001', changed);
      assert.deepEqual(await index.reuseOf('2023Z00002', b, (k) => (k === '2022Z00001' ? Promise.resolve(changed) : get(k))), []);
      assert.equal(index.size, 3);
    });

    it('stays right through compaction after many removals', async () => {
      const { index, get } = libraryOf([a, b, c]);
      const filler = Array.from({ length: 1500 }, (_, i) => item(`2019Z${String(i).padStart(5, '0')}`, '2019-01-01', [koopParagraphs[i % koopParagraphs.length]!]));
      for (const kv of filler) index.add(kv.zaak!, kv);
      for (const kv of filler) index.remove(kv.zaak!);
      assert.equal(index.size, 3);
      assert.equal(index.paragraphs, 7);
      assert.ok(index.idLimit < 7 + filler.length, `paragraph numbers were numbered again: ${index.idLimit}`);
      assert.deepEqual((await index.reuseOf('2023Z00002', b, get))[0]!.matches.map((m) => m.key), ['2022Z00001']);
    });

    it('gives the same matches when the index is compacted while candidates are read', async () => {
      const expected = await libraryOf([a, b, c]).index.reuseOf('2023Z00002', b, libraryOf([a, b, c]).get);
      // Many indexed before the three, so that the compaction moves the three's paragraph numbers.
      const filler = Array.from({ length: 1500 }, (_, i) => item(`2019Z${String(i).padStart(5, '0')}`, '2019-01-01', [koopParagraphs[i % koopParagraphs.length]!]));
      const index = new ReuseIndex();
      for (const kv of [...filler, a, b, c]) index.add(kv.zaak!, kv);
      const { get } = libraryOf([a, b, c]);
      let compacted = false;
      // The background feeder removes many while the first candidate is read: the paragraphs are numbered anew.
      const racing = async (key: string): Promise<Kamervraag | undefined> => {
        if (!compacted) {
          compacted = true;
          for (const kv of filler) index.remove(kv.zaak!);
          assert.ok(index.idLimit < 1500, 'compacted');
        }
        return get(key);
      };
      const got = await index.reuseOf('2023Z00002', b, racing);
      assert.ok(compacted);
      assert.deepEqual(got.map((r) => [r.numbers, r.paragraph, r.matches.map((m) => [m.key, m.paragraph])]),
        expected.map((r) => [r.numbers, r.paragraph, r.matches.map((m) => [m.key, m.paragraph])]));
    });

    it('lists matches oldest first, one per Kamervraag', async () => {
      const d = item('2021Z00004', '2021-02-01', [shared, editWord(shared, 3, 'bovendien')]);
      const { index, get } = libraryOf([a, b, c, d]);
      const reuse = await index.reuseOf('2024Z00003', item('2024Z00003', '2024-01-01', [shared]), get);
      assert.deepEqual(reuse[0]!.matches.map((m) => m.key), ['2021Z00004', '2022Z00001', '2023Z00002']);
      assert.equal(reuse[0]!.matches[0]!.similarity, 1);
    });
  });

  describe('the report and its CSV', () => {
    const shared = seedParagraphs[2]!;
    const items = [
      item('2022Z00001', '2022-03-01', [shared, seedParagraphs[0]!]),
      item('2023Z00002', '2023-05-01', [editWord(shared, 7, 'daarentegen')]),
      item('2023Z00003', '2023-06-01', [`=HYPERLINK("x") ${shared}`]),
      item('2024Z00004', '2024-01-01', [koopParagraphs[0]!], 'Minister van Defensie'),
      item('2024Z00005', '2024-02-01', [koopParagraphs[1]!], 'Minister van Defensie'),
    ];

    it('gives per ministry the share of answers with reused paragraphs and the most reused paragraphs', async () => {
      const { index, get } = libraryOf(items);
      const report = await reuseReport(index, items.map((kv) => kv.zaak!), get);
      assert.equal(report.answers, 5);
      assert.equal(report.withReuse, 3);
      assert.deepEqual(report.ministries.map((m) => [m.ministry, m.answers, m.withReuse, m.share]), [['Financiën', 3, 3, 1], ['Defensie', 2, 0, 0]]);
      assert.equal(report.paragraphs.length, 1);
      assert.deepEqual(report.paragraphs[0]!.keys, ['2022Z00001', '2023Z00002', '2023Z00003']);
      assert.equal(report.paragraphs[0]!.text, shared);
      assert.equal(report.paragraphs[0]!.first, '2022-03-01');
      assert.equal(report.paragraphs[0]!.last, '2023-06-01');
    });

    it('writes CSV that is quoted and safe from formulas', async () => {
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('a, b'), '"a, b"');
      assert.equal(csvCell('zei "ja"'), '"zei ""ja"""');
      assert.equal(csvCell('twee\nregels'), '"twee\nregels"');
      for (const bad of ['=1+1', '+31', '-2', '@SUM(A1)', '\tx']) assert.ok(csvCell(bad).replace(/^"/, '').startsWith("'"), bad);
      assert.equal(csvCell('=HYPERLINK("http://x", "y")'), '"\'=HYPERLINK(""http://x"", ""y"")"');
      assert.equal(csvCell(0.5), '0.5');
      assert.equal(csvCell(null), '');
      const { index, get } = libraryOf(items);
      const csv = reuseReportCsv(await reuseReport(index, items.map((kv) => kv.zaak!), get));
      assert.ok(csv.startsWith('\ufefftable,ministry,answers,'));
      const lines = csv.slice(1).split('\r\n');
      assert.equal(lines[1], 'ministry,Financiën,3,3,1,,,,,');
      assert.ok(lines[3]!.startsWith('paragraph,Financiën,,,,3,2022-03-01,2023-06-01,2022Z00001 2023Z00002 2023Z00003,'));
      assert.ok(!/,=/.test(csv), 'no cell starts with =');
    });
  });

  describe('building in the background', () => {
    it('indexes a library in slices and follows its changes', async () => {
      const items = new Map(Array.from({ length: 40 }, (_, i) => {
        const kv = item(`2020Z${String(i).padStart(5, '0')}`, '2020-01-01', [seedParagraphs[i % seedParagraphs.length]!, koopParagraphs[i % koopParagraphs.length]!]);
        return [kv.zaak!, kv] as const;
      }));
      const listeners: Array<(c: { changed: string[]; removed: string[] }) => void> = [];
      const source = {
        list: () => [...items].map(([key, kamervraag]) => ({ key, kamervraag })),
        read: (key: string) => Promise.resolve(items.has(key) ? { kamervraag: items.get(key)! } : undefined),
        onDidChange: (l: (c: { changed: string[]; removed: string[] }) => void) => { listeners.push(l); return { dispose: () => undefined }; },
      };
      const index = new ReuseIndex();
      const slices: boolean[] = [];
      const background = connectInBackground(source, [index], { budgetMs: 0, onProgress: (done) => slices.push(done) });
      assert.equal(index.size, 0, 'nothing is indexed synchronously');
      await background.idle();
      assert.equal(index.size, 40);
      assert.ok(slices.length > 2 && slices[slices.length - 1] === true);
      items.delete('2020Z00000');
      for (const l of listeners) l({ changed: [], removed: ['2020Z00000'] });
      await background.idle();
      assert.equal(index.size, 39);
      assert.equal(index.has('2020Z00000'), false);
      background.dispose();
    });
  });
});
