/**
 * Documents in the encoding they declare: a byte order mark, the XML declaration or an HTML meta
 * charset. The bytes are made from the real fixtures by re-encoding them here.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/core/model';
import { parseDocument } from '../../src/core/parse';
import { decodeDocument } from '../../src/core/parse/encoding';

const XML = readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8');
const HTML = readFileSync('test/fixtures/koop/ah-tk-20202021-3235.repository.html', 'utf8');
const SEED = readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8');

/** The Windows-1252 characters above 0x7f that are not ISO-8859-1 (the ones these fixtures use and a few more). */
const CP1252: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97 };

function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => {
    const code = CP1252[c] ?? c.charCodeAt(0);
    if (code > 0xff) throw new Error(`not in Windows-1252: ${c}`);
    return code;
  }));
}

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  if (endian === 'be') bytes.swap16();
  return bytes;
}

const declaring = (xml: string, encoding: string): string => xml.replace(/encoding="[^"]*"/, `encoding="${encoding}"`);
const refuses = (input: Uint8Array, message: RegExp): void => {
  assert.throws(() => parseDocument(input), (e: unknown) => e instanceof ParseError && message.test(e.message) && !e.message.includes('\n'));
};

describe('encodings of local documents', () => {
  const expected = parseDocument(XML);

  it('reads XML declaring ISO-8859-1 (Latin-1) as the same document, not U+FFFD', () => {
    // Latin-1 proper has no ’ or –: the text keeps to Latin-1 ("«Financiën»" stays).
    const latin1 = declaring(XML, 'ISO-8859-1').replace(/’/g, "'").replace(/–/g, '-');
    const bytes = Buffer.from(latin1, 'latin1');
    assert.ok(bytes.includes(0xab), 'the bytes hold a Latin-1 «');
    assert.deepEqual(parseDocument(bytes), parseDocument(latin1));
    assert.ok(!JSON.stringify(parseDocument(bytes)).includes('\uFFFD'));
  });

  it('reads XML declaring windows-1252, with its quotes and dashes', () => {
    assert.deepEqual(parseDocument(windows1252(declaring(XML, 'windows-1252'))), expected);
  });

  it('reads UTF-16 LE and BE with a byte order mark, and UTF-8 with one', () => {
    assert.deepEqual(parseDocument(utf16(declaring(XML, 'UTF-16'), 'le')), expected);
    assert.deepEqual(parseDocument(utf16(declaring(XML, 'UTF-16'), 'be')), expected);
    assert.deepEqual(parseDocument(Buffer.from(`\uFEFF${XML}`)), expected);
    assert.deepEqual(parseDocument(utf16(SEED, 'le')), parseDocument(SEED));
  });

  it('reads HTML in the charset of its meta tag', () => {
    const page = HTML.replace(/^<\?xml[^>]*>/, '').replace(/charset=utf-8/, 'charset=windows-1252');
    assert.match(page, /^<!DOCTYPE html[^]*charset=windows-1252/);
    assert.deepEqual(parseDocument(windows1252(page)).entries, parseDocument(HTML).entries);
    const html5 = `<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>t</title></head><body><div class="vraag"><h2>Vraag 1</h2><p>Financiën «x»?</p></div></body></html>`;
    assert.equal(parseDocument(Buffer.from(html5, 'latin1')).entries?.[0]?.question, 'Financiën «x»?');
  });

  it('says "unsupported encoding" with the name it does not know', () => {
    refuses(Buffer.from(declaring(XML, 'EBCDIC-NL')), /^The document is in an unsupported encoding "EBCDIC-NL" \(XML declaration\); save it as UTF-8\.$/);
    refuses(Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]), /unsupported encoding "UTF-32LE" \(byte order mark\)/);
  });

  it('refuses bytes that are not what the document declares, instead of reading U+FFFD into a quote', () => {
    refuses(windows1252(XML), /^The document is not valid UTF-8 text, although its XML declaration says it is\.$/);
    refuses(windows1252(XML.replace(/^<\?xml[^>]*>/, '')), /^The document is not valid UTF-8 text and does not declare another encoding; save it as UTF-8\.$/);
    refuses(Buffer.from(declaring(XML, 'UTF-16')), /says "UTF-16", but its bytes are not "UTF-16"/);
  });

  it('the text export and page text: UTF-8 or a byte order mark', () => {
    assert.deepEqual(parseDocument(Buffer.from(SEED)), parseDocument(SEED));
    assert.equal(decodeDocument(utf16('Vraag 1', 'be')), 'Vraag 1');
    refuses(Buffer.from(SEED.replace(/[^\x20-\xff\n]/g, ''), 'latin1'), /not valid UTF-8 text and does not declare/);
  });
});
