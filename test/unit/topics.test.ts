import * as assert from 'node:assert/strict';
import { splitTopicLine, topicsFromCategories } from '../../src/core/topics';

describe('topics', () => {
  it('splits a run-together line into official terms', () => {
    assert.deepEqual(splitTopicLine('economie financieel toezicht financiën handel internationaal organisatie en beleid'),
      ['economie', 'financieel toezicht', 'financiën', 'handel', 'internationaal', 'organisatie en beleid']);
    assert.deepEqual(splitTopicLine('Zorg en gezondheid ziekten en behandelingen'), ['zorg en gezondheid', 'ziekten en behandelingen']);
  });
  it('reads official categories', () => {
    assert.deepEqual(topicsFromCategories(['Economie | Ondernemen', 'Sociale zekerheid | Organisatie en beleid', 'Economie | Handel']),
      ['economie', 'ondernemen', 'sociale zekerheid', 'organisatie en beleid', 'handel']);
  });
});
