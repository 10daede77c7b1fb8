/**
 * One citation key per Kamervraag (pure), the same in the BibTeX and CSL-JSON exports, the
 * bibliography file and Pandoc citations in notes (`[@kamervraag2023Z11786, vraag 3]`):
 * "kamervraag" and the zaaknummer, or, where no zaak is known, the answer document id without its
 * dashes ("kamervraagahtk2023202499" for ah-tk-20232024-99).
 */
import { quoteKey } from './cite';
import type { Kamervraag } from './model';

export function citationKey(kv: Kamervraag): string {
  return `kamervraag${quoteKey(kv).replace(/[^A-Za-z0-9]/g, '')}`;
}

/** `@key` in text: a zaaknummer, or an answer document id (vergaderjaar of eight digits, then the number). */
export const CITATION_KEY = /@kamervraag(?:([0-9]{4}Z[0-9]{5})|ah(tk|ek)([0-9]{8})([0-9]+))(?![A-Za-z0-9])/g;

/** The identifier behind a CITATION_KEY match: "2023Z11786", "ah-tk-20232024-99". */
export function idOfCitationKey(m: RegExpMatchArray): string {
  return m[1] ?? `ah-${m[2]}-${m[3]}-${m[4]}`;
}

/** Every citation key in a text, as identifiers, with offsets of the whole `@key`. */
export function findCitationKeys(text: string): Array<{ id: string; key: string; start: number; end: number }> {
  return [...text.matchAll(CITATION_KEY)].map((m) => ({ id: idOfCitationKey(m), key: m[0].slice(1), start: m.index, end: m.index + m[0].length }));
}
