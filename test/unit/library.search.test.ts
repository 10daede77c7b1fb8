import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Kamervraag } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';
import { fold, stem, terms, words } from '../../src/core/library/dutch';
import { LibraryIndex } from '../../src/core/library/search';
import { generateKamervragen } from '../support/generate';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const tozo = parseKamervraag(['ah-tk-20202021-3235.xml', 'ah-tk-20202021-3235.metadata.xml'].map((f) => readFileSync(`test/fixtures/koop/${f}`, 'utf8')), '2026-11-27');

/** A small Kamervraag with the given title and body text (one answered entry). */
function doc(zaak: string, title: string, answer: string, extra: Partial<Kamervraag> = {}): Kamervraag {
  return {
    ...tozo, zaak, title, submitters: [], answeredBy: [], topics: [], documents: [], remarks: [],
    entries: [{ numbers: [1], question: 'Kunt u dit toelichten?', answer, refersTo: [], footnotes: [] }],
    ...extra,
  };
}

function keys(index: LibraryIndex, query: string, options = {}): string[] {
  return index.search(query, options).map((h) => h.key);
}

describe('library search: Dutch text analysis', () => {
  it('folds case and diacritics', () => {
    assert.equal(fold('Gündoğan'), 'gundogan');
    assert.equal(fold('Röntgen'), 'rontgen');
    assert.equal(fold('Financiën'), 'financien');
    assert.equal(fold('Straße Øresund Æsop'), 'strasse oresund aesop');
    assert.deepEqual(words('röntgencamera’s voor de TOZO-regeling (2023Z11786)'), ['rontgencameras', 'voor', 'de', 'tozo', 'regeling', '2023z11786']);
  });

  it('stems plurals, -heid, diminutives and inflection so that forms meet', () => {
    const same: [string, string][] = [
      ['vragen', 'vraag'], ['scanners', 'scanner'], ['camera’s', 'camera'], ['zaken', 'zaak'], ['bussen', 'bus'],
      ['bedrijven', 'bedrijf'], ['huizen', 'huis'], ['mogelijkheden', 'mogelijkheid'], ['huisjes', 'huis'],
      ['kaartje', 'kaart'], ['stoeltje', 'stoel'], ['balletje', 'bal'], ['grote', 'groot'], ['regelingen', 'regeling'],
      ['maatregelen', 'maatregel'], ['ministeries', 'ministerie'], ['Chinese', 'Chinees'], ['antwoorden', 'antwoord'], ['types', 'type'], ['studies', 'studie'],
    ];
    for (const [a, b] of same) assert.equal(terms(a)[0], terms(b)[0], `${a} ~ ${b}`);
    assert.equal(stem('vragen'), 'vrag');
    // Left alone: short words, numbers, -s that is not a plural ending.
    for (const w of ['de', 'bus', '2023z11786', 'kans', 'reis', 'gundogan']) assert.equal(stem(w), w);
  });
});

describe('library search: matching and ranking', () => {
  const index = new LibraryIndex();
  index.add('2023Z11786', seed);
  index.add('2021Z09739', tozo);
  index.add('T1', doc('T1', 'Kinderopvangtoeslag voor zelfstandigen', 'Het kabinet zal de regeling aanpassen.'));

  it('finds names with or without diacritics', () => {
    assert.deepEqual(keys(index, 'gundogan '), ['2023Z11786']);
    assert.deepEqual(keys(index, 'Gündoğan '), ['2023Z11786']);
    assert.deepEqual(keys(index, 'GUNDOGAN '), ['2023Z11786']);
  });

  it('finds röntgen and financiën written without diacritics', () => {
    assert.deepEqual(keys(index, 'rontgencamera '), ['2023Z11786']);
    assert.deepEqual(keys(index, 'rontgen'), ['2023Z11786'], 'as a prefix while typing');
    assert.deepEqual(keys(index, 'financien '), ['2023Z11786']);
  });

  it('matches other forms of a word through the stemmer', () => {
    assert.deepEqual(keys(index, 'scanner '), ['2023Z11786'], 'the text has "scanners"');
    assert.ok(keys(index, 'vraag ').includes('2023Z11786'), 'the text has "vragen" too');
    assert.deepEqual(keys(index, 'regelingen '), keys(index, 'regeling '));
  });

  it('treats the last word as a prefix only while it is being typed', () => {
    assert.deepEqual(keys(index, 'gundo'), ['2023Z11786']);
    assert.deepEqual(keys(index, 'gundo '), []);
    assert.deepEqual(keys(index, 'douane rontg'), ['2023Z11786']);
    assert.deepEqual(keys(index, 'rontg douane'), [], 'only the last word is a prefix');
  });

  it('needs every word to match', () => {
    assert.deepEqual(keys(index, 'tozo rontgencamera '), []);
    assert.deepEqual(keys(index, 'tozo koolmees '), ['2021Z09739']);
  });

  it('finds a Kamervraag by its zaak or document id', () => {
    assert.deepEqual(keys(index, '2023Z11786 '), ['2023Z11786']);
    assert.deepEqual(keys(index, 'ah-tk-20202021-3235 '), ['2021Z09739']);
  });

  it('ranks a title match above a match in the answer text', () => {
    const ranking = new LibraryIndex();
    ranking.add('body', doc('body', 'Het nieuwe pensioenstelsel', 'De kinderopvangtoeslag en de kinderopvangtoeslag en nog eens de kinderopvangtoeslag.', { submitted: '2025-01-01' }));
    ranking.add('title', doc('title', 'De kinderopvangtoeslag', 'Zie het antwoord op vraag 1.', { submitted: '2015-01-01' }));
    ranking.add('people', doc('people', 'Een ander onderwerp', 'Geen.', { submitters: [{ name: 'Kinderopvangtoeslag', party: null }] }));
    assert.deepEqual(keys(ranking, 'kinderopvangtoeslag '), ['title', 'people', 'body']);
  });

  it('puts equal matches newest first', () => {
    const dated = new LibraryIndex();
    for (const [zaak, date] of [['a', '2012-05-01'], ['b', '2024-02-01'], ['c', '2019-09-09']] as const) {
      dated.add(zaak, doc(zaak, 'Loden leidingen', 'Ja.', { submitted: date }));
    }
    assert.deepEqual(keys(dated, 'leidingen '), ['b', 'c', 'a']);
    assert.deepEqual(keys(dated, ''), ['b', 'c', 'a'], 'no words: everything, newest first');
    assert.deepEqual(keys(dated, 'leidingen ', { limit: 2 }), ['b', 'c']);
  });
});

describe('library search: filters', () => {
  const index = new LibraryIndex();
  index.add('2023Z11786', seed); // answered-late, 2023-06-23, VVD and Volt
  index.add('2021Z09739', tozo); // answered-on-time, 2021-06-03, D66
  index.add('open', doc('open', 'Vragen over de TOZO', 'x', { status: 'open', submitted: '2024-01-10', answered: null, submitters: [{ name: 'Kat', party: 'D66' }] }));

  it('filters by status', () => {
    assert.deepEqual(keys(index, 'tozo ', { filters: { status: ['answered-on-time'] } }), ['2021Z09739']);
    assert.deepEqual(keys(index, 'tozo ', { filters: { status: ['open', 'overdue'] } }), ['open']);
    assert.deepEqual(keys(index, '', { filters: { status: ['answered-late'] } }), ['2023Z11786']);
  });

  it('filters by a submitter party, folded', () => {
    assert.deepEqual(keys(index, '', { filters: { party: 'volt' } }), ['2023Z11786']);
    assert.deepEqual(keys(index, '', { filters: { party: 'D66' } }), ['open', '2021Z09739']);
    assert.deepEqual(keys(index, 'tozo ', { filters: { party: 'VVD' } }), []);
    assert.deepEqual(keys(index, '', { filters: { party: 'no such party' } }), []);
  });

  it('filters by a date range (submitted, inclusive)', () => {
    assert.deepEqual(keys(index, '', { filters: { from: '2021-06-03', to: '2023-06-23' } }), ['2023Z11786', '2021Z09739']);
    assert.deepEqual(keys(index, '', { filters: { from: '2023-06-24' } }), ['open']);
    assert.deepEqual(keys(index, '', { filters: { to: '2021-06-02' } }), []);
  });
});

describe('library search: keeping up with changes', () => {
  it('removes and replaces documents', () => {
    const index = new LibraryIndex();
    index.add('2023Z11786', seed);
    assert.equal(index.remove('2023Z11786'), true);
    assert.equal(index.remove('2023Z11786'), false);
    assert.deepEqual(keys(index, 'gundogan '), []);
    assert.equal(index.size, 0);
    index.add('x', doc('x', 'Eerste titel', 'a'));
    index.add('x', doc('x', 'Tweede titel', 'b'));
    assert.deepEqual(keys(index, 'eerste '), []);
    assert.deepEqual(keys(index, 'tweede '), ['x']);
    assert.equal(index.size, 1);
  });

  it('stays correct when many removals compact the postings', () => {
    const index = new LibraryIndex();
    const docs = generateKamervragen(1600, 3);
    for (const kv of docs) index.add(kv.zaak!, kv);
    for (const kv of docs.slice(0, 1300)) index.remove(kv.zaak!);
    assert.equal(index.size, 300);
    const left = new Set(docs.slice(1300).map((kv) => kv.zaak!));
    for (const kv of docs.slice(1290, 1310)) {
      const hits = keys(index, `${kv.zaak} `);
      assert.deepEqual(hits, left.has(kv.zaak!) ? [kv.zaak] : [], kv.zaak!);
    }
    const all = index.search('', { limit: 1000 }).map((h) => h.key);
    assert.deepEqual(new Set(all), left);
    const word = index.search('minister ', { limit: 1000 });
    assert.ok(word.length > 0 && word.every((h) => left.has(h.key)));
    // Every live posting (by key, with its weight and signatures) as an index of only those items has it.
    const fresh = new LibraryIndex();
    for (const kv of docs.slice(1300)) fresh.add(kv.zaak!, kv);
    assert.deepEqual(livePostings(index), livePostings(fresh));
    // And it goes on taking items after the compaction.
    for (const kv of docs.slice(0, 50)) { index.add(kv.zaak!, kv); fresh.add(kv.zaak!, kv); }
    assert.deepEqual(livePostings(index), livePostings(fresh), 'after more items');
  });

  it('finds every word again after its cache of words as written starts over', () => {
    // 270,000 distinct words (the cache holds 250,000), then the first ones again, as written
    // before and in capitals: each must still be one term, found in the items that have it.
    const word = (n: number): string => `w${n}q`; // (digits: left as they are by the stemmer)
    const index = new LibraryIndex();
    const per = 10_000;
    for (let d = 0; d < 27; d++) {
      index.add(`d${d}`, doc(`d${d}`, 'Lijst', Array.from({ length: per }, (_, i) => word(d * per + i)).join(' ')));
    }
    index.add('again', doc('again', 'Lijst', Array.from({ length: 1000 }, (_, i) => `${word(i)} ${word(i).toUpperCase()}`).join(' ')));
    let terms = 0;
    index.forEachTerm((name) => { if (/^w[0-9]+q$/.test(name)) terms++; });
    assert.equal(terms, 27 * per, 'one term a distinct word');
    for (const n of [0, 999, 1000, 123_456, 249_999, 250_000, 269_999]) {
      assert.deepEqual(keys(index, `${word(n)}`).sort(), (n < 1000 ? ['again', `d${Math.floor(n / per)}`] : [`d${Math.floor(n / per)}`]).sort(), word(n));
    }
  });
});

/** Every term's live postings as `key weight sig pred` lines, by term name. */
function livePostings(index: LibraryIndex): Map<string, string[]> {
  const all = new Map<string, string[]>();
  index.forEachTerm((name, term) => {
    const lines: string[] = [];
    index.forEachPosting(term, (doc, weight, sig, pred) => { if (index.isAlive(doc)) lines.push(`${index.keyAt(doc)} ${weight} ${sig} ${pred}`); });
    if (lines.length > 0) all.set(name, lines);
  });
  return all;
}
