/**
 * One citation key per Kamervraag (pure), the same in the BibTeX and CSL-JSON exports, the
 * bibliography file and Pandoc citations in notes (`[@kamervraag2023Z11786, vraag 3]`):
 * "kamervraag" and the zaaknummer, or, where no zaak is known, the answer document id without its
 * dashes ("kamervraagahtk2023202499" for ah-tk-20232024-99).
 *
 * In text a key counts where Pandoc reads one: `@` not after a letter, digit or `_` (so not in an
 * e-mail address), and the key ending where Pandoc's does (internal punctuation followed by a letter
 * or digit continues a key: `@kamervraag2023Z11786-2` is another key, `@kamervraag2023Z11786.` is ours).
 */
import { quoteKey } from './cite';
import type { KamervraagHead } from './model';

export function citationKey(kv: KamervraagHead): string {
  return citationKeyOf(quoteKey(kv));
}

/**
 * A Pandoc citation of the question(s) `numbers` (none: the whole Kamervraag), with the questions as
 * its locator: "[@kamervraag2023Z11786, vraag 3]", "[@kamervraag2023Z11786, vragen 5 en 6]". The
 * notes' scanner reads the questions back as it does after an identifier.
 */
export function pandocCitation(kv: KamervraagHead, numbers: readonly number[]): string {
  const key = `@${citationKey(kv)}`;
  if (numbers.length === 0) return `[${key}]`;
  const locator = numbers.length === 1 ? `vraag ${numbers[0]}` : `vragen ${numbers.slice(0, -1).join(', ')} en ${numbers[numbers.length - 1]}`;
  return `[${key}, ${locator}]`;
}

/** The key for an identifier string: "2023Z11786" → "kamervraag2023Z11786". */
export function citationKeyOf(id: string): string {
  return `kamervraag${id.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** Where a Pandoc key ends: not before a letter, digit or `_`, nor before internal punctuation and one. */
const KEY_END = String.raw`(?![\p{L}\p{N}_]|[:.#$%&\-+?<>~/][\p{L}\p{N}_])`;

/** `@key` in text: a zaaknummer, or an answer document id (vergaderjaar of eight digits, then the number). */
export const CITATION_KEY = new RegExp(String.raw`(?<![\p{L}\p{N}_])@kamervraag(?:([0-9]{4}Z[0-9]{5})|ah(tk|ek)([0-9]{8})([0-9]+))${KEY_END}`, 'gu');

/**
 * `@kamervraag` and what may be meant as a zaaknummer or an answer document: a key of ours when
 * CITATION_KEY matches it at the same place, else one written wrong ("@kamervraag2023Z1178",
 * "@Kamervraag2023z11786"). Keys of other bibliographies (any other `@name`) never match.
 */
export const LOOKS_LIKE_KEY = new RegExp(String.raw`(?<![\p{L}\p{N}_])@kamervraag(?:(?:19|20)[0-9]{2}z|ah(?:tk|ek)?[0-9])[\p{L}\p{N}_]*${KEY_END}`, 'giu');

/** The identifier behind a CITATION_KEY match: "2023Z11786", "ah-tk-20232024-99". */
export function idOfCitationKey(m: RegExpMatchArray): string {
  return m[1] ?? `ah-${m[2]}-${m[3]}-${m[4]}`;
}

/** Every citation key in a text, as identifiers, with offsets of the whole `@key`. */
export function findCitationKeys(text: string): Array<{ id: string; key: string; start: number; end: number }> {
  if (!text.includes('@')) return [];
  return [...text.matchAll(CITATION_KEY)].map((m) => ({ id: idOfCitationKey(m), key: m[0].slice(1), start: m.index, end: m.index + m[0].length }));
}

/**
 * What a half-typed key (after the `@`) can be looked up by in the library: the start of an
 * identifier ("kamervraag2023Z1" → "2023Z1", "kamervraagahtk2023" → "ah-tk-2023", "" for just
 * "kamer", the whole library), or undefined when it is no start of one of our keys (then it may be
 * words of a title or a name).
 */
export function idPrefixOfKey(typed: string): string | undefined {
  if ('kamervraag'.startsWith(typed.toLowerCase())) return '';
  if (!typed.toLowerCase().startsWith('kamervraag')) return undefined;
  const rest = typed.slice('kamervraag'.length);
  if (/^[0-9]{1,4}(?:Z[0-9]{0,5})?$/i.test(rest)) return rest;
  const ah = /^ah(?:(tk|ek|t|e)([0-9]*))?$/i.exec(rest);
  if (!ah) return undefined;
  const [, house, digits = ''] = ah;
  if (!house) return 'ah';
  if (house.length === 1 || digits === '') return `ah-${house}`;
  return `ah-${house}-${digits.slice(0, 8)}${digits.length > 8 ? `-${digits.slice(8)}` : ''}`;
}
