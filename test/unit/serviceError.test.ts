import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SHORT_MESSAGE_CHARS, serviceErrorMessage } from '../../src/core/sources/serviceError';

describe('the services\' own error messages', () => {
  it('reads the message of an OData error body', () => {
    // As the portal answered in OpenDataPortaal issue #137.
    assert.equal(serviceErrorMessage('{"error":{"code":"","message":"An error has occurred."}}'), 'An error has occurred.');
    assert.equal(serviceErrorMessage('\uFEFF {"error":{"code":"","message":"The query specified in the URI is not valid.\\r\\n  Could not find a property named \'X\' on type \'Zaak\'."}}'),
      "The query specified in the URI is not valid. Could not find a property named 'X' on type 'Zaak'.");
  });

  it('adds the messages of details and innererror, once each, and falls back on the code', () => {
    const body = JSON.stringify({ error: { code: 'BadRequest', message: 'Bad filter.', details: [{ code: 'x', message: 'Unknown property Foo.' }, { message: 'Bad filter.' }], innererror: { message: 'at position 7' } } });
    assert.equal(serviceErrorMessage(body), 'Bad filter. Unknown property Foo. at position 7');
    assert.equal(serviceErrorMessage('{"error":{"code":"501"}}'), 'error 501');
  });

  it('reads the diagnostics of an SRU response', () => {
    assert.equal(serviceErrorMessage(readFileSync('test/fixtures/sru/diagnostic.xml', 'utf8')), 'Query syntax error: w.vraagnummer==');
  });

  it('shortens a long message to one line for the user', () => {
    const long = serviceErrorMessage(JSON.stringify({ error: { message: `Line one\n${'word '.repeat(200)}` } }))!;
    assert.ok(long.length <= SHORT_MESSAGE_CHARS, String(long.length));
    assert.doesNotMatch(long, /\n/);
    assert.match(long, /^Line one word word .*…$/);
  });

  it('says nothing for bodies that are no service error', () => {
    for (const body of [null, undefined, '', 'Bad Request', '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>', '{"value":[]}', '{"error":', '{"error":null}', '<sru:searchRetrieveResponse xmlns:sru="x"><sru:numberOfRecords>0</sru:numberOfRecords></sru:searchRetrieveResponse>']) {
      assert.equal(serviceErrorMessage(body), null, String(body));
    }
  });
});
