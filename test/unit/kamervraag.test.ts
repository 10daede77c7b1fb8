import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { merge, MergeError, withDerived } from '../../src/core/kamervraag';
import { ParseError, type KamervraagDraft } from '../../src/core/model';
import { parseDocument, parseKamervraag } from '../../src/core/parse';

const base: KamervraagDraft = {
  zaak: '2024Z00001',
  submitted: '2024-01-10',
  entries: [{ numbers: [1], question: 'Vraag?', answer: null, refersTo: [], footnotes: [] }],
};

describe('deadline and status (Reglement van Orde)', () => {
  it('is open within three weeks and overdue after', () => {
    assert.equal(merge([base], '2024-01-31').status, 'open');
    assert.equal(merge([base], '2024-01-31').deadline, '2024-01-31');
    assert.equal(merge([base], '2024-02-01').status, 'overdue');
  });

  it('moves the deadline to six weeks after an uitstel-Mededeling', () => {
    const kv = merge([base, { notices: [{ kind: 'uitstel', date: '2024-01-30', text: '…' }] }], '2024-02-10');
    assert.equal(kv.deadline, '2024-02-21');
    assert.equal(kv.status, 'open');
  });

  it('calls an answer on the last day on time, a day later late', () => {
    assert.equal(merge([base, { answered: '2024-01-31' }]).status, 'answered-on-time');
    assert.equal(merge([base, { answered: '2024-02-01' }]).status, 'answered-late');
    assert.equal(merge([base, { answered: '2024-02-01' }]).daysToAnswer, 22);
  });

  it('calls withdrawn questions withdrawn, not open or overdue', () => {
    assert.equal(merge([base, { notices: [{ kind: 'withdrawn', date: '2024-01-12', text: '…' }] }], '2025-01-01').status, 'withdrawn');
  });

  it('recomputes on load for another day', () => {
    const kv = merge([base], '2024-01-15');
    assert.equal(withDerived(kv, '2024-03-01').status, 'overdue');
  });
});

describe('merging documents of one Kamervraag', () => {
  it('joins people by surname, keeping parties and roles from whichever source has them', () => {
    const kv = merge([
      { submitters: [{ name: 'S.P.R.A. van Weyenberg', party: null }], answeredBy: [{ name: 'W. Koolmees', role: null, party: null }] },
      { submitters: [{ name: 'Van Weyenberg', party: 'D66' }], answeredBy: [{ name: 'Koolmees', role: 'Minister van Sociale Zaken en Werkgelegenheid', party: null }] },
    ]);
    assert.deepEqual(kv.submitters, [{ name: 'S.P.R.A. van Weyenberg', party: 'D66' }]);
    assert.deepEqual(kv.answeredBy, [{ name: 'W. Koolmees', role: 'Minister van Sociale Zaken en Werkgelegenheid', party: null }]);
  });

  it('takes the entries of the source with answers, and footnotes another source has', () => {
    const questions: KamervraagDraft = {
      entries: [{ numbers: [1], question: 'V?', answer: null, refersTo: [], footnotes: [{ number: 1, text: 'NOS', url: 'https://nos.nl/', document: null, in: 'question' }] }],
    };
    const answer: KamervraagDraft = {
      entries: [{ numbers: [1], question: 'V?', answer: 'Ja.', refersTo: [], footnotes: [{ number: 1, text: '', url: null, document: null, in: 'question' }] }],
    };
    const kv = merge([questions, answer]);
    assert.equal(kv.entries[0]!.answer, 'Ja.');
    assert.equal(kv.entries[0]!.footnotes[0]!.url, 'https://nos.nl/');
  });

  it('merges documents by id and orders them questions, notice, answer, further answer', () => {
    const kv = merge([
      { documents: [{ id: 'ah-tk-20232024-99', kind: 'answer', date: '2023-09-28', url: null }] },
      { documents: [{ id: 'kv-tk-2023Z11786', kind: 'questions', date: null, url: null }, { id: 'ah-tk-20232024-99', kind: 'answer', date: null, url: 'https://x/' }] },
    ]);
    assert.deepEqual(kv.documents.map((d) => [d.id, d.date, d.url]), [
      ['kv-tk-2023Z11786', null, null],
      ['ah-tk-20232024-99', '2023-09-28', 'https://x/'],
    ]);
  });
});

describe('merging refuses documents of different Kamervragen', () => {
  const read = (f: string): string => readFileSync(`test/fixtures/${f}`, 'utf8');
  const refusal = (names: RegExp) => (e: unknown): boolean => e instanceof MergeError && e instanceof ParseError && names.test(e.message) && !e.message.includes('\n');

  it('names both when the zaken differ', () => {
    const seed = parseDocument(read('seeds/kamervraag-2023Z11786.txt'));
    const tozo = parseDocument(read('koop/ah-tk-20202021-3235.metadata.xml'));
    assert.throws(() => merge([seed, tozo]), refusal(/^zaak 2023Z11786 and zaak 2021Z09739 are documents of different Kamervragen \(zaak 2023Z11786 and zaak 2021Z09739\); merge only/));
    assert.throws(() => parseKamervraag([read('seeds/kamervraag-2023Z11786.txt'), read('koop/ah-tk-20202021-3235.metadata.xml')]), MergeError);
  });

  it('names both when they share no zaak or document and were submitted on different dates', () => {
    const xml = parseDocument(read('koop/ah-tk-20202021-3235.xml'));
    const seed = parseDocument(read('seeds/kamervraag-2023Z11786.txt'));
    assert.throws(() => merge([xml, seed]), (e: unknown) => refusal(/^ah-tk-20202021-3235 and zaak 2023Z11786 are documents of different Kamervragen \(submitted on 2021-06-03 and on 2023-06-23\)/)(e) &&
      (e as MergeError).first === 0 && (e as MergeError).second === 1);
  });

  it('names both when their Kamers differ', () => {
    assert.throws(() => merge([{ house: 'tk', zaak: '2023Z11786' }, { house: 'ek', documents: [{ id: 'ah-ek-20192020-10', kind: 'answer', date: null, url: null }] }]),
      refusal(/\(Tweede Kamer and Eerste Kamer\)/));
  });

  it('still merges the documents of one Kamervraag, linked by zaak, by document or by the submission date', () => {
    const tozo = merge(['koop/ah-tk-20202021-3235.xml', 'koop/ah-tk-20202021-3235.metadata.xml', 'koop/ah-tk-20202021-3235.repository.html'].map((f) => parseDocument(read(f))));
    assert.equal(tozo.zaak, '2021Z09739');
    const belgium = merge(['koop/kv-tk-2023Z11786.xml', 'koop/ah-tk-20232024-99.xml', 'koop/kv-tk-2023Z11786.metadata.xml', 'seeds/kamervraag-2023Z11786.txt'].map((f) => parseDocument(read(f))));
    assert.equal(belgium.entries.length, 13);
    assert.ok(merge([{ title: 'Zonder kenmerken' }, { zaak: '2023Z11786' }]));
  });
});
