import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import { findRepeatedSentences, splitSentences } from '../../src/core/repeats';
import type { RepeatedSentence, SentenceSpan } from '../../src/core/repeats';
import type { Entry, Kamervraag } from '../../src/core/model';
import { entryFor } from '../../src/core/kamervraag';
import { paragraphsOf } from '../../src/core/text';

const seed = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');

function sentences(paragraph: string): string[] {
  return splitSentences(paragraph).map((s) => paragraph.slice(s.start, s.end));
}

function textAt(kv: Kamervraag, span: SentenceSpan): string {
  const entry = entryFor(kv, span.numbers[0]!)!;
  return paragraphsOf(entry.answer!)[span.paragraph]!.slice(span.start, span.end);
}

function startingWith(results: RepeatedSentence[], prefix: string): RepeatedSentence {
  const found = results.find((r) => r.text.startsWith(prefix));
  assert.ok(found, `no repeated sentence starts with "${prefix}"`);
  return found;
}

function withAnswers(answers: string[]): Kamervraag {
  const entries: Entry[] = answers.map((answer, i) => ({ numbers: [i + 1], question: `Vraag ${i + 1}?`, answer, refersTo: [], footnotes: [] }));
  return { ...seed, entries };
}

describe('repeated sentences (stock answers)', () => {
  const results = findRepeatedSentences(seed);

  it('finds the instrumentarium sentence in the answers to questions 3, 5, 6, 8 and 11', () => {
    const r = startingWith(results, 'Ter ondersteuning hiervan is eind 2018 instrumentarium ontwikkeld');
    assert.deepEqual(r.occurrences.map((o) => o.numbers), [[3], [5], [6], [8], [11]]);
    assert.equal(r.variant, false);
    assert.ok(r.text.endsWith('het nemen van mitigerende maatregelen.'));
  });

  it('finds the sentence on economic (in)dependence in the answers to questions 3, 9 and 13', () => {
    const r = startingWith(results, 'Het vraagstuk van economische (on)afhankelijkheid');
    assert.deepEqual(r.occurrences.map((o) => o.numbers), [[3], [9], [13]]);
    assert.equal(r.text, 'Het vraagstuk van economische (on)afhankelijkheid staat kabinetsbreed hoog op de agenda.');
  });

  it('points every span exactly at the sentence text', () => {
    assert.ok(results.length > 5);
    for (const r of results) {
      for (const o of r.occurrences) {
        const text = textAt(seed, o);
        if (!r.variant) assert.equal(text, r.text);
        assert.equal(text, text.trim());
        assert.match(text, /[.?!]$/);
      }
    }
    const first = startingWith(results, 'Ter ondersteuning').occurrences[0]!;
    assert.deepEqual({ paragraph: first.paragraph }, { paragraph: 2 });
  });

  it('joins near-identical sentences as a variant: a verb form, "t.a.v." for "ten aanzien van"', () => {
    const verb = startingWith(results, 'Bij de aanschaf en implementatie van gevoelige apparatuur');
    assert.equal(verb.variant, true);
    assert.deepEqual(verb.occurrences.map((o) => o.numbers[0]), [3, 5, 6, 8, 11]);
    const texts = verb.occurrences.map((o) => textAt(seed, o));
    assert.ok(texts.some((t) => t.includes('wordt rekening gehouden')));
    assert.ok(texts.some((t) => t.includes('dient rekening gehouden te worden')));

    const tav = startingWith(results, 'Bij de aanbesteding van scanapparatuur wordt');
    assert.equal(tav.variant, true);
    assert.deepEqual(tav.occurrences.map((o) => o.numbers[0]), [3, 5]);
    assert.ok(textAt(seed, tav.occurrences[0]!).includes('t.a.v.'));
    assert.ok(textAt(seed, tav.occurrences[1]!).includes('ten aanzien van'));
  });

  it('orders by number of occurrences, then by first position', () => {
    const counts = results.map((r) => r.occurrences.length);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1]!, results[i]!];
      if (a.occurrences.length !== b.occurrences.length) continue;
      const pos = (r: RepeatedSentence): number[] => [r.occurrences[0]!.numbers[0]!, r.occurrences[0]!.paragraph, r.occurrences[0]!.start];
      assert.ok(pos(a).join() <= pos(b).join() || pos(a)[0]! < pos(b)[0]!, `${pos(a)} before ${pos(b)}`);
    }
    assert.equal(results[0]!.occurrences.length, 5);
  });

  it('leaves out short sentences, and honours minWords', () => {
    const kv = withAnswers(['Ja. Dit is zo.', 'Ja. Dit is zo.']);
    assert.deepEqual(findRepeatedSentences(kv), []);
    const short = findRepeatedSentences(kv, { minWords: 3 });
    assert.deepEqual(short.map((r) => r.text), ['Dit is zo.']);
    assert.deepEqual(findRepeatedSentences(kv, { minWords: 1 }).map((r) => r.text), ['Ja.', 'Dit is zo.']);
  });

  it('compares after folding white space, quotes, case and final punctuation', () => {
    const kv = withAnswers([
      'Het kabinet neemt het bericht «Nuctech levert scanners» zeer serieus en onderzoekt dit.',
      'Eerst iets anders.\n\nhet kabinet neemt het  bericht ‘Nuctech levert scanners’ zeer serieus en onderzoekt dit',
      'Niets herhaald hier, dit is een geheel andere zin van voldoende lengte.',
    ]);
    const [r, ...rest] = findRepeatedSentences(kv);
    assert.equal(rest.length, 0);
    assert.equal(r!.variant, false);
    assert.equal(r!.text, 'Het kabinet neemt het bericht «Nuctech levert scanners» zeer serieus en onderzoekt dit.');
    assert.deepEqual(r!.occurrences, [
      { numbers: [1], paragraph: 0, start: 0, end: 87 },
      { numbers: [2], paragraph: 1, start: 0, end: 87 },
    ]);
  });

  it('needs two different answers, and reports combined entries with all their numbers', () => {
    const once = withAnswers(['De Douane stelt hoge eisen aan alle leveranciers van scanners. De Douane stelt hoge eisen aan alle leveranciers van scanners.']);
    assert.deepEqual(findRepeatedSentences(once), []);
    const kv = withAnswers([
      'De Douane stelt hoge eisen aan alle leveranciers van scanners.',
      'Zie hierboven.\n\nDe Douane stelt hoge eisen aan alle leveranciers van scanners.',
    ]);
    kv.entries[1]!.numbers = [2, 3];
    const [r] = findRepeatedSentences(kv);
    assert.deepEqual(r!.occurrences.map((o) => [o.numbers, o.paragraph]), [[[1], 0], [[2, 3], 1]]);
  });

  it('does not join sentences that share only part of their words', () => {
    const kv = withAnswers([
      'De Douane stelt hoge eisen aan alle leveranciers van scanners in de haven van Rotterdam.',
      'De Belastingdienst vraagt geen aanvullende informatie van burgers die een toeslag ontvangen in Rotterdam.',
    ]);
    assert.deepEqual(findRepeatedSentences(kv), []);
  });

  it('joins a sentence with one word replaced once it is ten words or longer', () => {
    const kv = withAnswers([
      'De Douane stelt hoge eisen aan alle leveranciers van grote scanners.',
      'De Douane stelt strenge eisen aan alle leveranciers van grote scanners.',
    ]);
    const [r] = findRepeatedSentences(kv);
    assert.equal(r?.variant, true);
    assert.equal(r?.text, 'De Douane stelt hoge eisen aan alle leveranciers van grote scanners.');
  });

  it('returns nothing for a Kamervraag without answers', () => {
    assert.deepEqual(findRepeatedSentences({ ...seed, entries: seed.entries.map((e) => ({ ...e, answer: null })) }), []);
  });
});

describe('splitting sentences', () => {
  it('splits at full stops, question and exclamation marks before a capital', () => {
    assert.deepEqual(sentences('Ja. Dat klopt! Waarom niet? Omdat het kan.'), ['Ja.', 'Dat klopt!', 'Waarom niet?', 'Omdat het kan.']);
  });

  it('does not split after abbreviations', () => {
    assert.deepEqual(sentences('Er zijn ca. 100 scanners. Dit staat in nr. 26 en art. 15 van de wet.'), [
      'Er zijn ca. 100 scanners.', 'Dit staat in nr. 26 en art. 15 van de wet.']);
    assert.deepEqual(sentences('Eisen t.a.v. de beveiliging. Zaken m.b.t. Nuctech, o.a. Rotterdam en bijv. Schiphol. Een z.g. Quick scan. Klaar.'), [
      'Eisen t.a.v. de beveiliging.', 'Zaken m.b.t. Nuctech, o.a. Rotterdam en bijv. Schiphol.', 'Een z.g. Quick scan.', 'Klaar.']);
    assert.deepEqual(sentences('Zie Bijv. Bijlage 2. Dat is alles.'), ['Zie Bijv. Bijlage 2.', 'Dat is alles.']);
  });

  it('does not split after an initial before a name', () => {
    assert.deepEqual(sentences('De brief van W. Hoekstra en J.P. de Vries kwam. Daarna niets.'), [
      'De brief van W. Hoekstra en J.P. de Vries kwam.', 'Daarna niets.']);
  });

  it('does not split inside numbers or after a list number', () => {
    assert.deepEqual(sentences('De rente is 2.5 procent of 10.271 euro. Versie 3.0 volgt.'), [
      'De rente is 2.5 procent of 10.271 euro.', 'Versie 3.0 volgt.']);
    assert.deepEqual(sentences('1. De eerste stap. 2. De tweede stap.'), ['1. De eerste stap.', '2. De tweede stap.']);
    assert.deepEqual(sentences('Dat was in 2022. In 2023 niet.'), ['Dat was in 2022.', 'In 2023 niet.']);
  });

  it('does not split inside quotes or brackets, and splits after a quoted sentence', () => {
    assert.deepEqual(sentences('Hij schreef: «Dit klopt niet. Wij gaan door.» Daarna bleef het stil.'), [
      'Hij schreef: «Dit klopt niet. Wij gaan door.»', 'Daarna bleef het stil.']);
    assert.deepEqual(sentences('Het rapport (zie bijlage. Deel 2) is openbaar. Meer volgt.'), [
      'Het rapport (zie bijlage. Deel 2) is openbaar.', 'Meer volgt.']);
    assert.deepEqual(sentences('Het bericht “Scanners. Een risico” en ‘Nog een. Zin’ en "Derde. Zin" staan er. Klaar.'), [
      'Het bericht “Scanners. Een risico” en ‘Nog een. Zin’ en "Derde. Zin" staan er.', 'Klaar.']);
    assert.deepEqual(sentences('Bent u bekend met het bericht «België verbiedt scanners»? Zo ja, welke?'), [
      'Bent u bekend met het bericht «België verbiedt scanners»?', 'Zo ja, welke?']);
  });

  it('is not thrown by apostrophes and unmatched brackets', () => {
    assert.deepEqual(sentences('De risico’s zijn groot. De camera’s ook.'), ['De risico’s zijn groot.', 'De camera’s ook.']);
    assert.deepEqual(sentences('Punt a) is klaar. Punt (b is open. Klaar.'), ['Punt a) is klaar.', 'Punt (b is open.', 'Klaar.']);
    assert.deepEqual(sentences("Het gebeurt 's avonds. 's Nachts niet. ’t Is zo."), ["Het gebeurt 's avonds.", "'s Nachts niet.", '’t Is zo.']);
  });

  it('does not split before lower case, and keeps a last sentence without full stop', () => {
    assert.deepEqual(sentences('Hoe zit het? en waarom. Geen idee'), ['Hoe zit het? en waarom.', 'Geen idee']);
    assert.deepEqual(sentences('Wacht... Nee. Toch wel…  Ja.  '), ['Wacht...', 'Nee.', 'Toch wel…', 'Ja.']);
    assert.deepEqual(splitSentences(''), []);
    assert.deepEqual(splitSentences('   '), []);
  });

  it('gives offsets that slice the paragraph', () => {
    const p = '  Ja.   Nee?  ';
    assert.deepEqual(splitSentences(p), [{ start: 2, end: 5 }, { start: 8, end: 12 }]);
  });
});
