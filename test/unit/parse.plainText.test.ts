import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag, parseDocument, detectFormat } from '../../src/core/parse';
import { takeGluedMarks } from '../../src/core/parse/plainText';
import { ParseError } from '../../src/core/model';

const seed = readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8');

describe('plain text: the export format (seed 2023Z11786)', () => {
  const kv = parseKamervraag([seed], '2026-11-27');

  it('is detected as a text export', () => {
    assert.equal(detectFormat(seed), 'text-export');
  });

  it('reads the zaak, title and dates', () => {
    assert.equal(kv.zaak, '2023Z11786');
    assert.equal(kv.house, 'tk');
    assert.equal(kv.title, 'Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s voor de douane, Nederland (nog) niet’');
    assert.equal(kv.submitted, '2023-06-23');
    assert.equal(kv.answered, '2023-09-28');
    assert.equal(kv.daysToAnswer, 97);
  });

  it('derives the deadline from the uitstel-Mededeling and calls the answer late', () => {
    assert.equal(kv.notices.length, 1);
    assert.equal(kv.notices[0]!.kind, 'uitstel');
    assert.equal(kv.notices[0]!.date, '2023-07-03');
    assert.match(kv.notices[0]!.text, /^Naar aanleiding van de schriftelijke vragen/);
    assert.equal(kv.deadline, '2023-08-04');
    assert.equal(kv.status, 'answered-late');
  });

  it('has 13 entries numbered 1–13, each answered', () => {
    assert.deepEqual(kv.entries.map((e) => e.numbers), Array.from({ length: 13 }, (_, i) => [i + 1]));
    for (const e of kv.entries) {
      assert.ok(e.question.length > 20, `question ${e.numbers[0]} has text`);
      assert.ok(e.answer && e.answer.length > 2, `answer ${e.numbers[0]} has text`);
    }
    assert.equal(kv.entries[0]!.answer, 'Ja.');
    assert.equal(kv.entries[3]!.answer, 'Zie antwoord vraag 3.');
  });

  it('keeps the paragraphs of an answer', () => {
    const third = kv.entries[2]!.answer!.split('\n\n');
    assert.equal(third.length, 6);
    assert.match(third[5]!, /^Ten derde wil de Douane/);
  });

  it('finds that answer 4 refers to answer 3 and nothing else refers', () => {
    assert.deepEqual(kv.entries[3]!.refersTo, [3]);
    assert.deepEqual(kv.entries.filter((e) => e.refersTo.length > 0).map((e) => e.numbers[0]), [4]);
  });

  it('reads the indieners with their parties', () => {
    assert.deepEqual(kv.submitters, [
      { name: 'Queeny Rajkowski', party: 'VVD' },
      { name: 'Nilüfer Gündoğan', party: 'Volt' },
      { name: 'Ruben Brekelmans', party: 'VVD' },
    ]);
  });

  it('reads who answered, with role and party', () => {
    assert.deepEqual(kv.answeredBy, [
      { name: 'Wopke Hoekstra', role: 'viceminister-president, minister buitenlandse zaken', party: 'CDA' },
      { name: 'Aukje de Vries', role: 'staatssecretaris financiën', party: 'VVD' },
    ]);
  });

  it('splits the topic line into the six official topics', () => {
    assert.deepEqual(kv.topics, ['economie', 'financieel toezicht', 'financiën', 'handel', 'internationaal', 'organisatie en beleid']);
  });

  it('takes the addressees from the Mededeling that names this zaak', () => {
    assert.deepEqual(kv.addressees, [
      { name: null, role: 'Staatssecretaris van Financiën' },
      { name: null, role: 'Minister van Buitenlandse Zaken' },
    ]);
  });

  it('lists the question and answer documents', () => {
    assert.deepEqual(kv.documents.map((d) => [d.id, d.kind, d.date]), [
      ['kv-tk-2023Z11786', 'questions', '2023-06-23'],
      ['ah-tk-20232024-99', 'answer', '2023-09-28'],
    ]);
    assert.equal(kv.documents[1]!.url, 'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html');
    assert.equal(kv.vergaderjaar, '2023-2024');
  });

  it('turns glued footnote marks into references, not text', () => {
    const q1 = kv.entries[0]!;
    assert.ok(q1.question.endsWith('Nederland (nog) niet»?'), q1.question.slice(-30));
    assert.deepEqual(q1.footnotes.map((f) => [f.number, f.in]), [[1, 'question']]);
    const q5 = kv.entries[4]!;
    assert.ok(q5.question.endsWith('in ernstige twijfel wordt getrokken?'));
    assert.deepEqual(q5.footnotes.map((f) => [f.number, f.in]), [[2, 'question']]);
    assert.equal(kv.entries.flatMap((e) => e.footnotes).length, 2);
  });

  it('reads the same with Windows line endings', () => {
    const crlf = parseKamervraag([seed.replace(/\n/g, '\r\n')], '2026-11-27');
    assert.deepEqual(crlf, kv);
  });
});

describe('plain text copied from an official page', () => {
  const page = [
    'Vragen van de leden Kuiken en Nijboer (beiden PvdA) aan de Minister van Binnenlandse Zaken en Koninkrijksrelaties en de Staatssecretaris van Financiën over mogelijke spionage via Chinese röntgencamera’s (ingezonden 21 juni 2023).',
    '',
    'Vraag 1',
    'Bent u bekend met het bericht «Douane gebruikt Chinese scanners»?1',
    '',
    'Antwoord van Staatssecretaris De Vries (Financiën) (ontvangen 28 september 2023).',
    '',
    'Antwoord 1',
    'Ja.',
    '',
    'Vraag 2, 3',
    'Hoeveel scanners zijn er? Waar staan ze?',
    '',
    'Antwoord 2, 3',
    'Zie het antwoord op vraag 1 en de brief van 23 december 2022.',
    '',
    'Noten',
    '1 https://nos.nl/artikel/123',
  ].join('\n');

  it('reads headings, combined entries, cross-references and footnotes', () => {
    assert.equal(detectFormat(page), 'page-text');
    const kv = parseKamervraag([page], '2026-11-27');
    assert.deepEqual(kv.submitters, [{ name: 'Kuiken', party: 'PvdA' }, { name: 'Nijboer', party: 'PvdA' }]);
    assert.deepEqual(kv.addressees.map((a) => a.role), [
      'Minister van Binnenlandse Zaken en Koninkrijksrelaties',
      'Staatssecretaris van Financiën',
    ]);
    assert.equal(kv.submitted, '2023-06-21');
    assert.equal(kv.answered, '2023-09-28');
    assert.deepEqual(kv.answeredBy, [{ name: 'De Vries', role: 'Staatssecretaris van Financiën', party: null }]);
    assert.deepEqual(kv.entries.map((e) => e.numbers), [[1], [2, 3]]);
    assert.deepEqual(kv.entries[1]!.refersTo, [1]);
    assert.deepEqual(kv.entries[0]!.footnotes, [{ number: 1, text: 'https://nos.nl/artikel/123', url: 'https://nos.nl/artikel/123', document: null, in: 'question' }]);
    assert.equal(kv.entries[0]!.question, 'Bent u bekend met het bericht «Douane gebruikt Chinese scanners»?');
    assert.equal(kv.status, 'answered-late');
  });

  it('rejects text without questions with a message that says what to paste', () => {
    assert.throws(() => parseDocument('Een boodschappenlijst\nmelk\nbrood'), ParseError);
    assert.throws(() => parseDocument('Vragen van het lid Omtzigt (CDA) aan de Minister van Financiën (ingezonden 1 mei 2020).'), /Vraag 1/);
  });
});

describe('glued footnote marks', () => {
  it('only takes marks that continue the numbering', () => {
    assert.deepEqual(takeGluedMarks('In 2012.3 gebeurde het.', 0), { text: 'In 2012.3 gebeurde het.', marks: [] });
    assert.deepEqual(takeGluedMarks('Klopt dit?1 En dit?2', 0), { text: 'Klopt dit? En dit?', marks: [1, 2] });
    assert.deepEqual(takeGluedMarks('Klopt dit?5', 0), { text: 'Klopt dit?5', marks: [] });
    assert.deepEqual(takeGluedMarks('Zie het rapport.3', 2), { text: 'Zie het rapport.', marks: [3] });
  });
});
