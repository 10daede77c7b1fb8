import * as assert from 'node:assert/strict';
import { findCrossReferences } from '../../src/core/crossrefs';

describe('cross-references between answers', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['Zie antwoord vraag 3.', [4], [3]],
    ['Zie ook het antwoord op vraag 4.', [5], [4]],
    ['Ik verwijs naar mijn antwoorden op de vragen 4, 5 en 6.', [7], [4, 5, 6]],
    ['Zie de antwoorden op de vragen 2 en 3 voor een toelichting op het verschil.', [4], [2, 3]],
    ['Voor de beantwoording van deze vraag verwijs ik naar vraag 1.', [2], [1]],
    ['Zie mijn antwoord op de vragen 2 tot en met 4.', [6], [2, 3, 4]],
    ['Zie het antwoord op vraag 8 en vraag 9.', [2], [8, 9]],
    ['Zie antwoord 7.', [8], [7]],
  ];
  for (const [text, own, expected] of cases) {
    it(`"${text}" → ${expected.join(', ')}`, () => assert.deepEqual(findCrossReferences(text, own), expected));
  }

  it('ignores numbers that are not questions of this document', () => {
    assert.deepEqual(findCrossReferences('In 2021 waren er 8 scanners; Kamerstuk 36 200-V, nr. 26.', [1]), []);
    assert.deepEqual(findCrossReferences('Zoals gemeld in het antwoord op vraag 3 van het lid Omtzigt (Aanhangsel Handelingen II 2019/20, nr. 12).', [1]), []);
    assert.deepEqual(findCrossReferences('Ja, die vraag 3 stelde ik ook.', [1]), []);
  });

  it('leaves out the entry itself', () => {
    assert.deepEqual(findCrossReferences('Zie het antwoord op de vragen 5 en 6.', [5, 6]), []);
  });
});
