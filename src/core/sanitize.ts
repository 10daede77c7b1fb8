/**
 * Characters that never belong in document text, taken out where documents enter the model (once, in
 * `merge`), so no output — notes, quotes, citations, exports, the panel, the hover — ever carries them:
 *
 * - C0 controls except tab and line feed (so NUL and ESC, which can drive a terminal), DEL, and C1
 *   controls (U+0080–U+009F). A carriage return becomes a line feed.
 * - Bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): they can make a
 *   quote display differently from what it says ("Trojan Source").
 *
 * Letters, punctuation, no-break spaces and the marks of real Dutch text are untouched.
 *
 * The addresses of documents and footnotes are kept only when they are web addresses (`http:`/`https:`,
 * see urls.ts): a `javascript:`, `command:` or `data:` address a document claims becomes null, so no
 * consumer of the model (the CLI's JSON, the library, any output) ever holds one.
 */
import type { Kamervraag } from './model';
import { isWebAddress } from './urls';

/** The characters `cleanText` removes. */
// eslint-disable-next-line no-control-regex -- control characters are what these match
const UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const TEST = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** `text` without control and bidi-control characters; CR and CRLF become LF. */
export function cleanText(text: string): string {
  if (!TEST.test(text)) return text; // the common case costs one scan
  return text.replace(/\r\n?/g, '\n').replace(UNWANTED, '');
}

/** Whether `text` holds a character `cleanText` would change. */
export function hasUnwantedCharacters(text: string): boolean {
  return TEST.test(text);
}

/** Every string of the Kamervraag cleaned, addresses that are not web addresses dropped. */
export function cleanKamervraag(kv: Kamervraag): Kamervraag {
  const clean = cleanDeep(kv) as Kamervraag;
  const bad = (url: string | null): boolean => url !== null && !isWebAddress(url);
  if (!clean.documents.some((d) => bad(d.url)) && !clean.entries.some((e) => e.footnotes.some((f) => bad(f.url)))) return clean;
  return {
    ...clean,
    documents: clean.documents.map((d) => (bad(d.url) ? { ...d, url: null } : d)),
    entries: clean.entries.map((e) => (e.footnotes.some((f) => bad(f.url))
      ? { ...e, footnotes: e.footnotes.map((f) => (bad(f.url) ? { ...f, url: null } : f)) }
      : e)),
  };
}

/**
 * Whether any string of `value` holds a character `cleanText` removes, or a document or footnote
 * address is not a web address: a walk without copies, for items read back from disk.
 */
export function needsCleaning(kv: Kamervraag): boolean {
  const bad = (url: string | null): boolean => url !== null && !isWebAddress(url);
  return hasUnwanted(kv) || kv.documents.some((d) => bad(d.url)) || kv.entries.some((e) => e.footnotes.some((f) => bad(f.url)));
}

function hasUnwanted(value: unknown): boolean {
  if (typeof value === 'string') return TEST.test(value);
  if (Array.isArray(value)) return value.some(hasUnwanted);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasUnwanted);
  return false;
}

function cleanDeep(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const c = cleanDeep(v);
      if (c !== v) changed = true;
      return c;
    });
    return changed ? out : value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = cleanDeep(v);
      if (c !== v) changed = true;
      out[k] = c;
    }
    return changed ? out : value;
  }
  return value;
}
