/**
 * The library as CSL-JSON (the input format of citeproc, Zotero, Pandoc), one item per Kamervraag
 * (pure).
 *
 * Type: `document`. CSL 1.0.2 has no type for an answer to parliamentary questions. `legislation`
 * is "a law or resolution enacted by a governing body" and `bill` "a proposed piece of
 * legislation" — an answer is neither; `hearing` is a committee hearing; `report` would make styles
 * print it as a report of an institution (and, with a container-title, as a chapter of one). The
 * spec's catch-all `document` is the honest fit, and styles render its container-title and number
 * ("Aanhangsel van de Handelingen II 2023/24", "99") as a part of a series.
 *
 * Fields: `id` the citation key (`citationKey.ts`: "kamervraag2023Z11786"; made unique), `title`, `author` the answering
 * ministers (the indieners while unanswered) with Dutch particles as `non-dropping-particle`
 * ("de Vries" sorts and prints as "De Vries, A." in APA), `issued` the answer date (else the
 * submission date), `submitted` the submission date, `container-title`
 * "Aanhangsel van de Handelingen II 2023/24" and `number` "99" (unanswered: "Kamervragen II 2022/23"
 * and the zaaknummer), `authority` the Kamer, `genre`, `URL`, `language` "nl", `keyword` the topics
 * and `note` naming the zaak.
 */
import type { KamervraagHead } from '../model';
import { answerDocument, officialUrl, shortVergaderjaar, vergaderjaarOf } from '../cite';
import { authorsOf, splitName, uniqueKeys } from './names';
import { citationKey } from '../citationKey';

export interface CslName {
  family?: string;
  given?: string;
  'non-dropping-particle'?: string;
  literal?: string;
}

export interface CslDate {
  'date-parts': Array<Array<number>>;
}

export interface CslItem {
  id: string;
  type: 'document';
  title: string;
  author?: CslName[];
  issued?: CslDate;
  submitted?: CslDate;
  'container-title': string;
  number: string;
  authority: string;
  genre: string;
  URL?: string;
  language: 'nl';
  keyword?: string;
  note: string;
}

export function toCslJson(kvs: readonly KamervraagHead[]): string {
  return cslJsonOf(kvs, uniqueKeys(kvs, citationKey));
}

/** CSL-JSON with the given item ids, one per Kamervraag (the bibliography file's keys). */
export function cslJsonOf(kvs: readonly KamervraagHead[], ids: readonly string[]): string {
  return `${JSON.stringify(toCslItems(kvs, ids), null, 2)}\n`;
}

export function toCslItems(kvs: readonly KamervraagHead[], keys?: readonly string[]): CslItem[] {
  const ids = keys ?? uniqueKeys(kvs, citationKey);
  return kvs.map((kv, i) => cslItem(kv, ids[i]!));
}

function cslItem(kv: KamervraagHead, id: string): CslItem {
  const chamber = kv.house === 'ek' ? 'I' : 'II';
  const answer = answerDocument(kv);
  const ah = answer ? /^ah-(?:tk|ek)-(\d{8})-(\d+)/.exec(answer.id) : null;
  const jaar = ah ? shortVergaderjaar(ah[1]!) : kv.submitted ? shortVergaderjaar(vergaderjaarOf(kv.submitted)) : null;
  const authors = authorsOf(kv).map(cslName);
  const issued = dateOf(ah ? (kv.answered ?? answer?.date ?? null) : kv.submitted);
  const submitted = dateOf(kv.submitted);
  const url = officialUrl(kv);
  const item: CslItem = {
    id,
    type: 'document',
    title: kv.title.length > 0 ? kv.title : id,
    ...(authors.length > 0 ? { author: authors } : {}),
    ...(issued ? { issued } : {}),
    ...(submitted ? { submitted } : {}),
    'container-title': ah ? `Aanhangsel van de Handelingen ${chamber}${jaar ? ` ${jaar}` : ''}` : `Kamervragen ${chamber}${jaar ? ` ${jaar}` : ''}`,
    number: ah ? String(Number(ah[2])) : (kv.zaak ?? id),
    authority: kv.house === 'ek' ? 'Eerste Kamer der Staten-Generaal' : 'Tweede Kamer der Staten-Generaal',
    genre: ah ? 'Antwoord op schriftelijke vragen' : 'Schriftelijke vragen',
    ...(url ? { URL: url } : {}),
    language: 'nl',
    ...(kv.topics.length > 0 ? { keyword: kv.topics.join(', ') } : {}),
    note: kv.zaak ? `Kamervraag ${kv.zaak}` : `Kamervraag ${id}`,
  };
  return item;
}

function cslName(name: string): CslName {
  const { given, particle, family } = splitName(name);
  return {
    family,
    ...(given ? { given } : {}),
    ...(particle ? { 'non-dropping-particle': particle } : {}),
  };
}

function dateOf(iso: string | null): CslDate | undefined {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { 'date-parts': [[Number(m[1]), Number(m[2]), Number(m[3])]] } : undefined;
}
