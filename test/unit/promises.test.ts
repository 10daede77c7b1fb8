import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { christmasRecessStart, prinsjesdag, summerRecessEnd, summerRecessStart } from '../../src/core/calendar';
import { parsePlainText } from '../../src/core/parse/plainText';
import { commitmentOf, findCommitmentSpans, findCommitments } from '../../src/core/promises';
import { dueStatus, ministriesOf, promiseOrder, promisesOf } from '../../src/core/promiseList';
import { merge } from '../../src/core/kamervraag';
import type { Kamervraag } from '../../src/core/model';
import { paragraphsOf } from '../../src/core/text';
import { loadLabelled, scorePromises } from '../support/promiseScore';

describe('parliamentary calendar', () => {
  it('puts the summer recess on the first Friday on or after 3 July', () => {
    assert.deepEqual([2021, 2022, 2023, 2024, 2025].map(summerRecessStart),
      ['2021-07-09', '2022-07-08', '2023-07-07', '2024-07-05', '2025-07-04']);
    assert.equal(summerRecessEnd(2023), '2023-09-03');
  });

  it('knows Prinsjesdag and the Christmas recess', () => {
    assert.deepEqual([2022, 2023, 2024].map(prinsjesdag), ['2022-09-20', '2023-09-19', '2024-09-17']);
    assert.deepEqual([2023, 2024].map(christmasRecessStart), ['2023-12-22', '2024-12-20']);
  });
});

describe('promises in answers', () => {
  it("finds the seed's promise in answer 12, due before the BZ budget debate of autumn 2023", () => {
    const kv = parsePlainText(readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8'));
    const entry = kv.entries?.find((e) => e.numbers.includes(12));
    assert.ok(entry?.answer);
    const found = findCommitments(entry.answer, '2023-09-28');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'send');
    assert.equal(found[0]!.dueText, 'voor de begrotingsbehandeling');
    assert.equal(found[0]!.due, '2023-10-31');
    assert.match(found[0]!.text, /Motie Brekelmans/);
  });

  const cases: Array<[string, string, { kind: string; due: string | null; dueText: string | null } | null]> = [
    ['Over de uitkomsten van dit onderzoek zal ik uw Kamer op korte termijn informeren.', '2023-09-28',
      { kind: 'inform', due: null, dueText: 'op korte termijn' }],
    ['Ik verwacht uw Kamer voor de zomer te informeren.', '2023-03-01', { kind: 'inform', due: '2023-07-06', dueText: 'voor de zomer' }],
    ['Ik verwacht uw Kamer voor de zomer te informeren.', '2023-09-28', { kind: 'inform', due: '2024-07-04', dueText: 'voor de zomer' }],
    ['Ik zal uw Kamer in het eerste kwartaal van 2024 een brief sturen.', '2023-09-28',
      { kind: 'send', due: '2024-03-31', dueText: 'in het eerste kwartaal van 2024' }],
    ['Ik zal door de RDW laten onderzoeken wat de meerwaarde hiervan is.', '2020-03-24', { kind: 'study', due: null, dueText: null }],
    ['Het kabinet zal dit najaar een wetsvoorstel indienen.', '2023-05-01', { kind: 'act', due: '2023-12-20', dueText: 'dit najaar' }],
    ['Ik informeer uw Kamer voor 1 maart 2024 over de voortgang.', '2023-11-01', { kind: 'inform', due: '2024-02-29', dueText: 'voor 1 maart 2024' }],
    ['Ik zal de evaluatie binnen zes weken aan uw Kamer sturen.', '2023-11-01', { kind: 'send', due: '2023-12-13', dueText: 'binnen zes weken' }],
    ['Ik kom hier voor het kerstreces op terug.', '2023-11-01', { kind: 'inform', due: '2023-12-21', dueText: 'voor het kerstreces' }],
    ['Ik zal eerst ingaan op het proces rondom de aanschaf van scanners.', '2023-09-28', null],
    ['De Hoge Raad zal zich als hoogste rechtsorgaan over deze zaak buigen.', '2020-03-24', null],
    ['Ik ben niet voornemens een onderzoek te laten doen.', '2023-06-06', null],
    ['Zal ik uw Kamer voor de zomer informeren?', '2023-06-06', null],
    ['Indien nodig zal ik uw Kamer hierover informeren.', '2023-06-06', null],
    ['Ik heb uw Kamer op 3 mei jl. geïnformeerd over de stand van zaken.', '2023-06-06', null],
  ];
  for (const [sentence, answered, expected] of cases) {
    it(`${expected ? expected.kind : 'no promise'}: "${sentence}" (${answered})`, () => {
      const found = commitmentOf(sentence, answered);
      assert.deepEqual(found && { kind: found.kind, due: found.due, dueText: found.dueText }, expected);
    });
  }
});

describe('promise detector on the labelled paragraphs', () => {
  it('meets the goals: precision ≥ 0.9, recall ≥ 0.8, dates right ≥ 0.9 (test/fixtures/promises)', () => {
    const items = loadLabelled();
    assert.ok(items.length >= 150);
    const s = scorePromises(items);
    assert.ok(s.precision >= 0.9, `precision ${s.precision}; false positives: ${s.falsePositives.join(', ')}`);
    assert.ok(s.recall >= 0.8, `recall ${s.recall}; missed: ${s.falseNegatives.join(', ')}`);
    assert.ok(s.dates >= 0.9, `dates ${s.dates}; ${s.wrongDates.join('; ')}`);
  });

  it('does not read an infinitive after a minister as the government acting, nor an answer order as a promise', () => {
    assert.equal(commitmentOf('Om die reden kijk ik samen met de Minister van Infrastructuur en Waterstaat naar mogelijkheden om dit tegen te gaan.', '2020-03-24'), null);
    assert.equal(commitmentOf('Ik zal de vragen 3 tot en met 5 gezamenlijk beantwoorden.', '2024-01-22'), null);
    assert.equal(commitmentOf('De Minister van Financiën zal uw Kamer voor de zomer informeren.', '2024-01-22')?.due, '2024-07-04');
  });
});

describe('promises of a library', () => {
  const seed = (): Kamervraag => merge([parsePlainText(readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8'))]);

  it('places each promise in its answer paragraph, trimmed to the sentence', () => {
    const kv = seed();
    const entry = kv.entries.find((e) => e.numbers.includes(12))!;
    const [span] = findCommitmentSpans(entry.answer!, kv.answered);
    assert.ok(span);
    const paragraph = paragraphsOf(entry.answer!)[span.paragraph]!;
    assert.equal(paragraph.slice(span.start, span.end), span.commitment.text);
    assert.match(span.commitment.text, /^De Minister van Buitenlandse Zaken heeft .* toe te sturen\.$/);
  });

  it("lists the seed's promise under answer 12, made by Buitenlandse Zaken (not Financiën, also addressed), past due after October 2023", () => {
    const kv = seed();
    const list = promisesOf('2023Z11786', kv, '2026-12-01');
    assert.equal(list.length, 1);
    assert.deepEqual([list[0]!.numbers, list[0]!.ministries, list[0]!.status, list[0]!.commitment.due], [[12], ['Buitenlandse Zaken'], 'past', '2023-10-31']);
    assert.equal(promisesOf('2023Z11786', kv, '2023-10-01')[0]!.status, 'soon');
    assert.equal(promisesOf('2023Z11786', kv, '2023-09-28')[0]!.status, 'later');
  });

  it('tells past due, due soon, later and undated apart at the edges', () => {
    assert.equal(dueStatus(null, '2024-01-01'), 'undated');
    assert.equal(dueStatus('2023-12-31', '2024-01-01'), 'past');
    assert.equal(dueStatus('2024-01-01', '2024-01-01'), 'soon');
    assert.equal(dueStatus('2024-01-31', '2024-01-01'), 'soon');
    assert.equal(dueStatus('2024-02-01', '2024-01-01'), 'later');
  });

  it('gives a first-person promise to every addressed ministry, a named one to that ministry', () => {
    assert.deepEqual(ministriesOf('Ik zal uw Kamer voor de zomer informeren.', ['Financiën', 'Buitenlandse Zaken']), ['Financiën', 'Buitenlandse Zaken']);
    assert.deepEqual(ministriesOf('De Staatssecretaris van Financiën zal uw Kamer informeren.', ['Financiën', 'Buitenlandse Zaken']), ['Financiën']);
    assert.deepEqual(ministriesOf('Ik zal uw Kamer informeren.', []), []);
  });

  it('orders soonest first, undated last', () => {
    const kv = seed();
    const [p] = promisesOf('A', kv, '2024-01-01');
    const undated = { ...p!, key: 'B', commitment: { ...p!.commitment, due: null } };
    const earlier = { ...p!, key: 'C', commitment: { ...p!.commitment, due: '2023-01-01' } };
    assert.deepEqual([undated, p!, earlier].sort(promiseOrder).map((x) => x.key), ['C', 'A', 'B']);
  });
});
