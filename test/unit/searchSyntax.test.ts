import * as assert from 'node:assert/strict';
import { isEmptyQuery, parseSearchInput } from '../../src/core/sources/searchSyntax';

describe('search box syntax', () => {
  it('reads words and Dutch keys', () => {
    assert.deepEqual(parseSearchInput('Chinese scanners indiener:Rajkowski partij:VVD minister:"Buitenlandse Zaken" van:2023 tot:30-06-2023 status:open'), {
      query: { submitter: 'Rajkowski', party: 'VVD', addressee: 'Buitenlandse Zaken', from: '2023-01-01', to: '2023-06-30', status: 'open', text: 'Chinese scanners' },
      problems: [],
    });
  });
  it('reads English keys and reports what it cannot use', () => {
    assert.deepEqual(parseSearchInput('party:D66 status:someday from:yesterday'), { query: { party: 'D66' }, problems: ['status:someday', 'from:yesterday'] });
  });
  it('refuses days that do not exist, rather than asking the portal for them', () => {
    assert.deepEqual(parseSearchInput('van:2023-02-30 tot:31-04-2023'), { query: {}, problems: ['van:2023-02-30', 'tot:31-04-2023'] });
    assert.deepEqual(parseSearchInput('van:2024-02-29 tot:2023-13-01').query, { from: '2024-02-29' });
  });
  it('keeps unknown key:value words as words (URLs, times)', () => {
    assert.equal(parseSearchInput('om 10:30 uur').query.text, 'om 10:30 uur');
  });
  it('knows an empty query', () => {
    assert.ok(isEmptyQuery(parseSearchInput('   ').query));
    assert.ok(!isEmptyQuery(parseSearchInput('status:open').query));
  });
});
