/**
 * Search responses of KOOP's SRU 2.0 service (https://repository.overheid.nl/sru): a
 * `sru:searchRetrieveResponse` with `sru:numberOfRecords`, `sru:records/sru:record` and, when
 * more remain, `sru:nextRecordPosition`. Each record's `sru:recordData` holds a `gzd:gzd` with
 * - `gzd:originalData`: the publication's metadata, today as `overheidwetgeving:meta` with
 *   owmskern (dcterms:identifier, title, type, creator), owmsmantel (available, date, issued,
 *   subject) and tpmeta (publicatienaam, vergaderjaar, vraagnummer, aanhangselnummer, indiener,
 *   ontvanger, subrubriek, datumIndiening, datumOntvangst); older records use other wrappers and
 *   prefixes, so fields are read by their local name wherever they stand;
 * - `gzd:enrichedData`: `gzd:preferredUrl` (the zoek.officielebekendmakingen.nl page) and one
 *   `gzd:itemUrl` per manifestation (xml, html, pdf, metadata, metadataowms, odt).
 * Errors come as `sru:diagnostics/diag:diagnostic` with `diag:message` (and `diag:details`).
 *
 * Fixtures: test/fixtures/sru/ (real responses saved by KOOP's PLOOI tests, and constructed ones).
 */
import type { House, KamervraagDraft } from '../model';
import { ParseError } from '../model';
import { squash } from '../text';
import { type DomNode, attr, childElements, descendants, houseIn, localName, parseXml, textOf } from './domText';
import { draftFromMetaFields } from './metadata';
import { type KamervraagSummary, summaryFromDraft } from './summary';

export interface SruUrls {
  /** The zoek.officielebekendmakingen.nl page. */
  preferred: string | null;
  xml: string | null;
  html: string | null;
  pdf: string | null;
  /** metadata.xml */
  metadata: string | null;
  /** metadata_owms.xml */
  metadataowms: string | null;
}

export interface SruRecord {
  /** KOOP id: "ah-tk-20202021-3235", "kv-tk-2023Z11786", "kv-2989900822", … */
  identifier: string;
  title: string | null;
  /** dcterms:type values, e.g. "Aanhangsel van de Handelingen", "Kamervragen zonder antwoord". */
  types: string[];
  /** "Tweede Kamer der Staten-Generaal". */
  creator: string | null;
  house: House | null;
  /** ISO dates from owmsmantel. */
  date: string | null;
  available: string | null;
  issued: string | null;
  /** "Kamervragen (Aanhangsel)", "Kamervragen zonder antwoord", "Kamerstuk", … */
  publicatienaam: string | null;
  /** "Antwoord", "Mededeling", "Schriftelijke vragen", … */
  subrubriek: string | null;
  /** Zaaknummer ("2021Z09739"), or an older vraagnummer ("2989900822"). */
  vraagnummer: string | null;
  aanhangselnummer: string | null;
  datumIndiening: string | null;
  datumOntvangst: string | null;
  /** As KOOP writes them: "S.P.R.A. van Weyenberg". */
  indieners: string[];
  ontvangers: string[];
  /** "2020-2021". */
  vergaderjaar: string | null;
  /** TaxonomieBeleidsagenda terms: "Economie | Ondernemen". */
  subjects: string[];
  urls: SruUrls;
}

export interface SruResponse {
  records: SruRecord[];
  /** The number of hits of the whole query (the service marks it as an estimate). */
  numberOfRecords: number;
  /** The startRecord of the next page; null on the last page. */
  nextRecordPosition: number | null;
  /** Messages of the service's diagnostics (a bad query, an unsupported index). */
  diagnostics: string[];
}

const named = (name: string) => (el: DomNode): boolean => localName(el) === name;

/** Parse a searchRetrieveResponse. Records without a dcterms:identifier are left out. */
export function parseSruResponse(xml: string): SruResponse {
  const { doc, root } = parseXml(xml.replace(/^\uFEFF/, ''), 'The SRU response');
  const response = childElements(doc)[0]!;
  if (localName(response) !== 'searchretrieveresponse') {
    throw new ParseError(`Not an SRU search response: the root element is <${root}>, not <searchRetrieveResponse>.`);
  }
  const child = (name: string): DomNode | undefined => childElements(response).find(named(name));
  const diagnostics = descendants(response, named('diagnostic')).map(diagnosticText).filter((m) => m.length > 0);
  const recordsEl = child('records');
  const records = (recordsEl ? childElements(recordsEl).filter(named('record')) : [])
    .map(readRecord)
    .filter((r): r is SruRecord => r !== undefined);
  const total = integer(child('numberofrecords'));
  return {
    records,
    numberOfRecords: total ?? records.length,
    nextRecordPosition: integer(child('nextrecordposition')) ?? null,
    diagnostics,
  };
}

function integer(el: DomNode | undefined): number | undefined {
  const s = el ? textOf(el) : '';
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** "message: details", or the diagnostic's URI when it has neither. */
function diagnosticText(el: DomNode): string {
  const part = (name: string): string => {
    const found = childElements(el).find(named(name));
    return found ? textOf(found) : '';
  };
  const message = part('message');
  const details = part('details');
  if (message.length > 0) return details.length > 0 && details !== message ? `${message}: ${details}` : message;
  return details.length > 0 ? details : part('uri');
}

// ---------------------------------------------------------------------------------------------
// One record

function readRecord(record: DomNode): SruRecord | undefined {
  const recordData = childElements(record).find(named('recorddata'));
  if (recordData === undefined) return undefined;
  const data = recordData.children?.some((n) => n.type === 'tag') ? recordData : unescaped(recordData);
  const original = descendants(data, named('originaldata'))[0] ?? data;
  const enriched = descendants(data, named('enricheddata'))[0];

  const fields = new Map<string, string[]>();
  for (const el of descendants(original, (e) => childElements(e).length === 0)) {
    const key = localName(el);
    const value = key === 'hasversion' ? attr(el, 'resourceIdentifier') ?? '' : textOf(el);
    if (value.length > 0) fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  const one = (...keys: string[]): string | null => {
    for (const key of keys) {
      const value = fields.get(key)?.[0];
      if (value !== undefined) return value;
    }
    return null;
  };
  const all = (key: string): string[] => fields.get(key) ?? [];
  const date = (...keys: string[]): string | null => {
    const value = one(...keys);
    return value !== null && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
  };

  const identifier = one('identifier');
  if (identifier === null) return undefined;
  const creator = one('creator');
  return {
    identifier,
    title: one('title'),
    types: all('type'),
    creator,
    house: houseIn(creator ?? undefined) ?? houseIn(identifier) ?? null,
    date: date('date'),
    available: date('available'),
    issued: date('issued'),
    publicatienaam: one('publicatienaam', 'publicationname'),
    subrubriek: one('subrubriek'),
    vraagnummer: one('vraagnummer'),
    aanhangselnummer: one('aanhangselnummer'),
    datumIndiening: date('datumindiening'),
    datumOntvangst: date('datumontvangst'),
    indieners: all('indiener'),
    ontvangers: all('ontvanger'),
    vergaderjaar: one('vergaderjaar'),
    subjects: [...all('subject'), ...all('category')],
    urls: readUrls(enriched, one('hasversion')),
  };
}

/** recordXMLEscaping=string: the record is XML escaped as text. */
function unescaped(recordData: DomNode): DomNode {
  const text = textOf(recordData);
  if (!text.startsWith('<')) return recordData;
  return parseXml(text, 'An SRU record').doc;
}

function readUrls(enriched: DomNode | undefined, hasVersion: string | null): SruUrls {
  const items = new Map<string, string>();
  let main: string | undefined;
  let preferred: string | undefined;
  for (const el of enriched ? childElements(enriched) : []) {
    const value = squash(textOf(el));
    if (value.length === 0) continue;
    const name = localName(el);
    if (name === 'itemurl') {
      const manifestation = (attr(el, 'manifestation') ?? '').toLowerCase();
      if (!items.has(manifestation)) items.set(manifestation, value);
    } else if (name === 'url') main ??= value;
    else if (name === 'preferredurl') preferred ??= value;
  }
  const byExtension = (ext: string): string | undefined => (main && main.toLowerCase().endsWith(`.${ext}`) ? main : undefined);
  const get = (m: string): string | null => items.get(m) ?? byExtension(m) ?? null;
  return {
    preferred: preferred ?? hasVersion,
    xml: get('xml'),
    html: get('html'),
    pdf: get('pdf'),
    metadata: get('metadata'),
    metadataowms: get('metadataowms'),
  };
}

// ---------------------------------------------------------------------------------------------
// To the model

const ZAAKNUMMER = /^\d{4}Z\d{5}$/;

/**
 * What a record tells about its Kamervraag: the same fields as a metadata record, so it is read
 * as one. An old Tweede Kamer vraagnummer (kv-2989900822) is not a zaaknummer and gives no zaak.
 */
export function draftFromSruRecord(r: SruRecord): KamervraagDraft {
  const fields = new Map<string, string[]>();
  const add = (key: string, values: ReadonlyArray<string | null>): void => {
    const present = values.filter((v): v is string => v !== null && v.length > 0);
    if (present.length > 0) fields.set(key, [...(fields.get(key) ?? []), ...present]);
  };
  add('identifier', [r.identifier]);
  add('title', [r.title]);
  add('type', [...r.types, r.subrubriek]);
  add('creator', [r.creator]);
  add('issued', [r.issued ?? r.date ?? r.available]);
  add('publicationname', [r.publicatienaam]);
  add('vergaderjaar', [r.vergaderjaar]);
  add('vraagnummer', [r.vraagnummer]);
  add('aanhangselnummer', [r.aanhangselnummer]);
  add('datumindiening', [r.datumIndiening]);
  add('datumontvangst', [r.datumOntvangst]);
  add('indiener', r.indieners);
  add('ontvanger', r.ontvangers);
  add('category', r.subjects);
  const draft = draftFromMetaFields(fields);
  const zaak = draft.zaak !== undefined && (ZAAKNUMMER.test(draft.zaak) || draft.house === 'ek') ? draft.zaak : undefined;
  return { ...draft, zaak };
}

/** The search-result view of one record. */
export function summaryFromSruRecord(r: SruRecord): KamervraagSummary {
  return summaryFromDraft(draftFromSruRecord(r));
}

/** Whether a record is a Kamervragen publication (questions, answer or Mededeling) rather than a Kamerstuk or Handeling. */
export function isKamervraagRecord(r: SruRecord): boolean {
  return /^(?:kv|ah)-/i.test(r.identifier) || /kamervragen/i.test(r.publicatienaam ?? '');
}
