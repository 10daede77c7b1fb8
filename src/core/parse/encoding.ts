/**
 * From the bytes of a local document to its text, in the encoding the document itself names: a
 * byte order mark (UTF-8, UTF-16 LE/BE), else the XML declaration (`<?xml … encoding="ISO-8859-1"?>`),
 * else an HTML `<meta charset>`, else UTF-8. Decoding is strict: bytes that are not valid in that
 * encoding refuse the document instead of turning into U+FFFD in a quote. Every encoding label
 * that TextDecoder knows (Node ships full ICU) is read; others are refused by name.
 *
 * Also the one size limit for every document, whether it comes as bytes or as text.
 */
import { ParseError } from '../model';

/** Official Kamervragen documents are well below 1 MB; anything larger than this is refused. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Refuse a document above the size limit, with its size in the message. */
export function checkSize(size: number): void {
  if (size > MAX_DOCUMENT_BYTES) {
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
    throw new ParseError(`The document is too large (${mb(size)}); official Kamervragen documents are far smaller, and the limit is ${mb(MAX_DOCUMENT_BYTES)}.`);
  }
}

/** The text of a document's bytes; throws ParseError naming the encoding when it cannot be read. */
export function decodeDocument(bytes: Uint8Array): string {
  checkSize(bytes.length);
  const { encoding, from } = declaredEncoding(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new ParseError(`The document is in an unsupported encoding ${printable(encoding)} (${from}); save it as UTF-8.`);
  }
  try {
    const text = decoder.decode(bytes);
    return decoder.encoding === 'windows-1252' ? windows1252C1(text) : text;
  } catch {
    const name = decoder.encoding.toUpperCase();
    throw new ParseError(from === 'no declaration'
      ? `The document is not valid UTF-8 text and does not declare another encoding; save it as UTF-8.`
      : `The document is not valid ${name} text, although its ${from} says it is.`);
  }
}

/**
 * Windows-1252 has printable characters where ISO-8859-1 has C1 controls (0x80–0x9f: € ‘ ’ “ ” – —
 * …). Node 20's TextDecoder decodes "windows-1252" (and "iso-8859-1", which the Encoding Standard
 * maps to it) as ISO-8859-1, so those bytes arrive as controls; put the characters in their place.
 * Idempotent: a correct decoder leaves only the five undefined bytes as controls, and so does this.
 */
function windows1252C1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

const WINDOWS_1252_C1: ReadonlyArray<string | undefined> = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];

/** The encoding label and where it came from. */
function declaredEncoding(bytes: Uint8Array): { encoding: string; from: string } {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', from: 'byte order mark' };
  if (b0 === 0xff && b1 === 0xfe) {
    if (b2 === 0 && b3 === 0) return { encoding: 'UTF-32LE', from: 'byte order mark' };
    return { encoding: 'utf-16le', from: 'byte order mark' };
  }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', from: 'byte order mark' };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'UTF-32BE', from: 'byte order mark' };
  // "<?" in UTF-16 without a mark (XML 1.0, appendix F).
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) return { encoding: 'utf-16le', from: 'XML declaration' };
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) return { encoding: 'utf-16be', from: 'XML declaration' };

  // The head in an ASCII-compatible reading: enough for a declaration or a meta tag.
  const head = latin1(bytes.subarray(0, 4096));
  const xml = /^\s*<\?xml\s[^>]{0,200}?\bencoding\s*=\s*["']([^"'<>]{0,60})["']/.exec(head);
  if (xml) return { encoding: checkedAscii(xml[1]!, 'XML declaration'), from: 'XML declaration' };
  if (/^\s*</.test(head) && !/^\s*<\?xml/.test(head)) {
    const meta = /<meta\s[^>]{0,300}?\bcharset\s*=\s*["']?([^"'\s;/>]{1,60})/i.exec(head);
    if (meta) return { encoding: checkedAscii(meta[1]!, 'HTML meta charset'), from: 'HTML meta charset' };
  }
  return { encoding: 'utf-8', from: 'no declaration' };
}

/** A declaration read in ASCII cannot truthfully name UTF-16 or UTF-32 (those have no ASCII bytes). */
function checkedAscii(label: string, from: string): string {
  if (/^(?:utf-?16|utf-?32|ucs-?2)/i.test(label.trim())) {
    throw new ParseError(`The document's ${from} says ${printable(label)}, but its bytes are not ${printable(label)} (a UTF-16 document starts with a byte order mark); save it as UTF-8.`);
  }
  return label.trim();
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** A label as it may appear in a one-line message. */
function printable(label: string): string {
  return `"${label.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)}"`;
}
