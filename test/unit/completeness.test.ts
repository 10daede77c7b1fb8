/**
 * When a fetched copy may replace a stored one (core/completeness.ts), on the real seed Kamervraag
 * (test/fixtures/seeds) and copies of it cut the ways a failed fetch cuts them.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseKamervraag } from '../../src/core/parse';
import { withDerived } from '../../src/core/kamervraag';
import type { Kamervraag } from '../../src/core/model';
import { completenessOf, judgeReplacement } from '../../src/core/completeness';

const TODAY = '2026-11-27';
const stored = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], TODAY);

describe('completeness: may a fetched copy replace the stored one?', () => {
  it('counts what a copy holds', () => {
    const c = completenessOf(stored);
    assert.equal(c.entries, 13);
    assert.equal(c.answers, 13);
    assert.ok(c.footnotes > 0);
    assert.ok(c.documents >= 2);
  });

  it('replaces by the same copy, or a richer one', () => {
    assert.deepEqual(judgeReplacement(stored, stored), { replace: true, losses: [], changes: [] });
    const richer = { ...stored, topics: [...stored.topics, 'douane'], remarks: ['Zie ook 2023Z11787.'] };
    assert.equal(judgeReplacement(stored, richer).replace, true);
  });

  it('keeps the stored copy against an empty one (the portal answered, the publications failed)', () => {
    const empty: Kamervraag = { ...stored, entries: [] };
    const verdict = judgeReplacement(stored, empty);
    assert.equal(verdict.replace, false);
    assert.deepEqual(verdict.losses, ['0 of the 13 questions', '0 of the 13 answers', `0 of the ${completenessOf(stored).footnotes} footnotes`]);
  });

  it('keeps the stored copy against half of it (half a body read as a whole one)', () => {
    const half: Kamervraag = { ...stored, entries: stored.entries.slice(0, 6) };
    const verdict = judgeReplacement(stored, half);
    assert.equal(verdict.replace, false);
    assert.equal(verdict.losses[0], '6 of the 13 questions');
  });

  it('keeps the stored copy when an answer is cut off mid-sentence, at the same counts', () => {
    const last = stored.entries[12]!;
    const cut: Kamervraag = { ...stored, entries: [...stored.entries.slice(0, 12), { ...last, answer: last.answer!.slice(0, 40) }] };
    const verdict = judgeReplacement(stored, cut);
    assert.equal(verdict.replace, false);
    assert.deepEqual(verdict.losses, ['the answer to question 13 cut off']);
  });

  it('keeps the stored copy when a document or the answer date went missing', () => {
    const answer = stored.documents.find((d) => d.kind === 'answer')!;
    const lost = withDerived({ ...stored, answered: null, documents: stored.documents.filter((d) => d !== answer) }, TODAY);
    const verdict = judgeReplacement(stored, lost);
    assert.equal(verdict.replace, false);
    assert.deepEqual(verdict.losses, [`without ${answer.id}`, 'without the answer date']);
  });

  it('replaces when the source says it changed: a nader antwoord, a withdrawal', () => {
    const further: Kamervraag = {
      ...stored,
      documents: [...stored.documents, { id: 'ah-tk-20232024-99-n1', kind: 'further-answer', date: '2023-11-01', url: null }],
      entries: stored.entries.map((e) => ({ ...e, footnotes: [] })),
    };
    const verdict = judgeReplacement(stored, further);
    assert.equal(verdict.replace, true);
    assert.deepEqual(verdict.changes, ['a nader antwoord (ah-tk-20232024-99-n1)']);
    assert.ok(verdict.losses.length > 0);

    const withdrawn = withDerived({ ...stored, notices: [...stored.notices, { kind: 'withdrawn', date: '2023-10-01', text: 'Ingetrokken.' }], entries: stored.entries.slice(0, 10) }, TODAY);
    assert.equal(judgeReplacement(stored, withdrawn).replace, true);
  });

  it('never replaces by a copy without questions, even when the source says it changed', () => {
    const further: Kamervraag = {
      ...stored,
      documents: [...stored.documents, { id: 'ah-tk-20232024-99-n1', kind: 'further-answer', date: '2023-11-01', url: null }],
      entries: [],
    };
    assert.equal(judgeReplacement(stored, further).replace, false);
  });

  it('replaces an open Kamervraag by its answered copy', () => {
    const open = withDerived({ ...stored, answered: null, answeredBy: [], documents: stored.documents.filter((d) => d.kind === 'questions'), entries: stored.entries.map((e) => ({ ...e, answer: null, footnotes: e.footnotes.filter((f) => f.in === 'question') })) }, '2023-06-30');
    assert.equal(judgeReplacement(open, stored).replace, true);
    assert.equal(judgeReplacement(stored, open).replace, false);
  });
});
