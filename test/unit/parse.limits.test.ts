/**
 * Hostile input against the KOOP parsers (XML, HTML, metadata) and the heading sentences: every
 * attack of issue 8 runs in linear time, and what is too deep or too large is refused with our
 * ParseError, never a RangeError. Time is only compared between an input and one 8× its size.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/core/model';
import { parseDocument } from '../../src/core/parse';
import { assembleEntries, MAX_DEPTH, type Block } from '../../src/core/parse/domText';
import { MAX_DOCUMENT_BYTES } from '../../src/core/parse/encoding';
import { parseAnswerHeading, parseQuestionHeading, parseSubmitters } from '../../src/core/parse/headings';
import { numbersIn } from '../../src/core/text';
import { assertLinear } from '../support/timing';

const wrap = (body: string): string => `<officiele-publicatie><kamervragen>${body}</kamervragen></officiele-publicatie>`;
const refusal = (e: unknown): boolean => e instanceof ParseError;
const QA = '<vraag><nr>Vraag 1</nr><al>Wat?</al></vraag><antwoord><nr>Antwoord 1</nr><al>Niets.</al></antwoord>';

describe('parsing in linear time on hostile input', function () {
  // Each test times inputs of up to a few MB several times; on a busy machine that takes a while.
  this.timeout(60_000);

  it('a question heading without "(" (XML, page text, the sentence alone)', () => {
    const names = (n: number): string => 'Jansen, '.repeat(n / 8);
    assertLinear('XML heading', (n) => wrap(`<kamervraagomschrijving type="vraag">Vragen van het lid ${names(n)} aan de Minister</kamervraagomschrijving>${QA}`), parseDocument, 8_000);
    assertLinear('page text heading', (n) => `Vragen van het lid ${names(n)}\n\nVraag 1\nWat?\n\nAntwoord 1\nNiets.\n`, parseDocument, 8_000);
    assertLinear('question sentence', (n) => `Vragen van het lid ${names(n)} aan de Minister van Financiën over ${'x '.repeat(n / 2)}`, parseQuestionHeading, 8_000);
    assertLinear('submitters with "(" but no ")"', (n) => `A (VVD), ${'B ('.repeat(n / 3)}`, parseSubmitters, 8_000);
    assertLinear('submitters without brackets', (n) => `${' '.repeat(n / 2)}Jansen${' '.repeat(n / 2)}`, parseSubmitters, 8_000);
  });

  it('an answer heading without "(" (XML and the sentence alone), and dates without ")"', () => {
    const people = (n: number): string => 'Minister van Financiën De Vries en '.repeat(n / 35);
    assertLinear('XML answer heading', (n) => wrap(`<kamervraagomschrijving type="antwoord">Antwoord van ${people(n)}</kamervraagomschrijving>${QA}`), parseDocument, 8_000);
    assertLinear('answer sentence', (n) => `Antwoord van Minister ${'Jansen '.repeat(n / 7)}`, parseAnswerHeading, 8_000);
    assertLinear('unclosed dates', (n) => `Vragen van het lid A (VVD) ${'(ingezonden 1 mei '.repeat(n / 18)}`, parseQuestionHeading, 8_000);
    assertLinear('unclosed received', (n) => `Antwoord van Minister A (X) ${'(ontvangen 1 mei '.repeat(n / 17)}`, parseAnswerHeading, 8_000);
  });

  it('reads a heading with many names and parties in linear time, and still right', () => {
    const heading = (n: number): string => `<kamervraagomschrijving type="vraag">Vragen van de leden ${Array.from({ length: n }, (_, i) => `<naam>Lid${i}</naam> (P${i})`).join(', ')} aan de Minister van Financiën over iets (ingezonden 1 mei 2020).</kamervraagomschrijving>`;
    const draft = parseDocument(wrap(heading(3) + QA));
    assert.deepEqual(draft.submitters, [{ name: 'Lid0', party: 'P0' }, { name: 'Lid1', party: 'P1' }, { name: 'Lid2', party: 'P2' }]);
    assertLinear('named submitters', (n) => wrap(heading(n) + QA), parseDocument, 1_000);
  });

  it('tens of thousands of questions: numbered answers, unnumbered answers, footnotes by number (XML and HTML)', () => {
    const numbered = (n: number): string => wrap(
      Array.from({ length: n }, (_, i) => `<vraag><nr>Vraag ${i + 1}</nr><al>Vraag ${i}?</al></vraag>`).join('') +
      Array.from({ length: n }, (_, i) => `<antwoord><nr>Antwoord ${i + 1}</nr><al>Antwoord ${i}.</al></antwoord>`).join(''));
    const small = parseDocument(numbered(3));
    assert.deepEqual(small.entries?.map((e) => [e.numbers, e.answer]), [[[1], 'Antwoord 0.'], [[2], 'Antwoord 1.'], [[3], 'Antwoord 2.']]);
    assertLinear('numbered answers after all questions', numbered, parseDocument, 500);
    assertLinear('unnumbered answers when every question is answered', (n) => wrap(
      Array.from({ length: n }, (_, i) => `<vraag><nr>Vraag ${i + 1}</nr><al>V</al></vraag><antwoord><nr>Antwoord ${i + 1}</nr><al>A</al></antwoord>`).join('') +
      '<antwoord><al>Los.</al></antwoord>'.repeat(n)), parseDocument, 500);
    assertLinear('the same number asked again and again', (n) => wrap(
      '<vraag><nr>Vraag 1</nr><al>V</al></vraag>'.repeat(n) + '<antwoord><nr>Antwoord 1</nr><al>A</al></antwoord>'.repeat(n)), parseDocument, 500);
    const page = (n: number): string => `<html><body>${Array.from({ length: n }, (_, i) =>
      `<div class="vraag"><h2>Vraag ${i + 1}</h2><p>V<sup><a class="nootnum" href="#n${i}">${i + 1}</a></sup></p></div><div class="antwoord"><h2>Antwoord ${i + 1}</h2><p>A</p></div>`).join('')}` +
      `<div id="noten">${Array.from({ length: n }, (_, i) => `<div class="noot" id="n${i}"><sup>${i + 1}</sup> Noot ${i}</div>`).join('')}</div></body></html>`;
    assert.deepEqual(parseDocument(page(2)).entries?.map((e) => e.footnotes.map((f) => f.text)), [['Noot 0'], ['Noot 1']]);
    assertLinear('HTML questions with footnotes', page, parseDocument, 500);
  });

  it('40,000 questions paired with their answers: by number in a map, not a scan per answer', () => {
    const block = (kind: Block['kind'], numbers: number[]): Block => ({ kind, numbers, paragraphs: [kind === 'question' ? 'V?' : 'A.'], footnotes: [] });
    const questionsThenAnswers = (n: number): Block[] => [
      ...Array.from({ length: n }, (_, i) => block('question', [i + 1])),
      ...Array.from({ length: n }, (_, i) => block('answer', [i + 1])),
    ];
    const entries = assembleEntries(questionsThenAnswers(40_000));
    assert.equal(entries.length, 40_000);
    assert.deepEqual([entries[0]!.numbers, entries[39_999]!.answer], [[1], 'A.']);
    assertLinear('numbered answers', questionsThenAnswers, assembleEntries, 5_000);
    assertLinear('unnumbered answers after answered questions', (n) => [
      ...Array.from({ length: n }, (_, i) => [block('question', [i + 1]), block('answer', [i + 1])]).flat(),
      ...Array.from({ length: n }, () => block('answer', [])),
    ], assembleEntries, 5_000);
    assertLinear('one answer to many questions, again and again', (n) => [
      ...Array.from({ length: n }, (_, i) => block('question', [i + 1])),
      ...Array.from({ length: n / 2 }, (_, i) => block('answer', [2 * i + 1, 2 * i + 2])),
    ], assembleEntries, 5_000);
  });

  it('a question label holding a long list of ranges', () => {
    assert.deepEqual(numbersIn('Vragen 1-3, 5 en 7 t/m 8'), [1, 2, 3, 5, 7, 8]);
    assertLinear('ranges', (n) => `Vraag ${'1-2 '.repeat(n / 4)}`, numbersIn, 8_000);
    assertLinear('one long run of digits', (n) => `Vraag ${'1'.repeat(n)}-`, numbersIn, 8_000);
    assertLinear('XML label', (n) => wrap(`<vraag><nr>Vraag ${'1-2 '.repeat(n / 4)}</nr><al>V</al></vraag>`), parseDocument, 8_000);
  });

  it('a long run of <div without ">" in the part that decides the format', () => {
    assertLinear('format detection', (n) => `<x>${'<div '.repeat(n / 5)}`, (s: string) => parseDocument(s), 8_000, refusal);
  });
});

describe('limits: nesting and size', () => {
  const deepXml = (n: number): string => wrap('<al>'.repeat(n) + 'x' + '</al>'.repeat(n));
  const deepHtml = (n: number): string => `<html><body><div class="vraag"><h2>Vraag 1</h2>${'<div>'.repeat(n)}x${'</div>'.repeat(n)}</div></body></html>`;
  const tooDeep = (what: RegExp) => (e: unknown): boolean =>
    e instanceof ParseError && what.test(e.message) && new RegExp(`nested too deeply: more than ${MAX_DEPTH} levels at line 1`).test(e.message);

  for (const levels of [10_000, 1_000_000]) {
    // Before the limit, 10,000 levels overflowed the stack and 1,000,000 ran for minutes (htmlparser2
    // shifts its stack of open elements per tag): the test's own timeout is the bound here.
    it(`refuses ${levels.toLocaleString('en')} levels of XML and of HTML with a ParseError, never a RangeError`, () => {
      assert.throws(() => parseDocument(deepXml(levels)), tooDeep(/^The XML /));
      assert.throws(() => parseDocument(deepHtml(levels)), tooDeep(/^The HTML /));
      assert.throws(() => parseDocument(`<metadata_gegevens>${'<metadata>'.repeat(levels)}</metadata_gegevens>`), tooDeep(/^The metadata record /));
    });
  }

  it('reads nesting up to the limit', () => {
    const draft = parseDocument(wrap(`<vraag><nr>Vraag 1</nr>${'<al>'.repeat(MAX_DEPTH - 5)}Diep?${'</al>'.repeat(MAX_DEPTH - 5)}</vraag>`));
    assert.equal(draft.entries?.[0]?.question, 'Diep?');
  });

  it('refuses a document above the size limit, saying how large it is', () => {
    const big = wrap(`<vraag><nr>Vraag 1</nr><al>${'x'.repeat(MAX_DOCUMENT_BYTES)}</al></vraag>`);
    assert.throws(() => parseDocument(big), (e: unknown) => e instanceof ParseError && /^The document is too large \(16 MB\); .* limit is 16 MB\.$/.test(e.message));
    assert.throws(() => parseDocument(Buffer.from(big)), (e: unknown) => e instanceof ParseError && /too large/.test(e.message));
  });

  it('a large real-sized document is read in time linear in its size', () => {
    const xml = readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8');
    const body = xml.slice(xml.indexOf('<vraag>'), xml.lastIndexOf('</antwoord>') + '</antwoord>'.length);
    const head = xml.slice(0, xml.indexOf('<vraag>'));
    const tail = xml.slice(xml.lastIndexOf('</antwoord>') + '</antwoord>'.length);
    assertLinear('repeated official body', (n) => head + body.repeat(n) + tail, parseDocument, 20);
  });
});
