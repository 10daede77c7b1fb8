/**
 * JSON of the Tweede Kamer Open Data Portal (Gegevensmagazijn, OData v4,
 * https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/): a `Zaak` of Soort "Schriftelijke
 * vragen" with its navigation properties `Document` and `ZaakActor` expanded, and a `Document`
 * with `Zaak` expanded (to find the zaak of an Aanhangselnummer).
 *
 * Field names are those of the official SyncFeed XSDs in PascalCase (zaak.xsd: Nummer, Soort,
 * Onderwerp, Titel, GestartOp, Organisatie, Vergaderjaar, Afgedaan; zaakactor.xsd: ActorNaam,
 * ActorFractie, Functie, Relatie, plus Persoon_Id; document.xsd: Soort, DocumentNummer,
 * Onderwerp, Datum, Vergaderjaar, Kamer, Aanhangselnummer; base.xsd: Verwijderd). A response is
 * `{"@odata.context", "value": [...], "@odata.nextLink"?, "@odata.count"?}`.
 *
 * Dates are written with the Dutch offset ("2023-06-23T00:00:00+02:00"): the date as written is
 * the local date, so it is taken as is, never converted to UTC.
 *
 * Fixtures: test/fixtures/odata/ (constructed from the XSDs and a real Document, see the
 * .source.txt files).
 */
import type { Addressee, DocumentKind, DocumentRef, House, KamervraagDraft, Notice, NoticeKind, Submitter } from '../model';
import { ParseError } from '../model';
import { aanhangselnummerToId, publicationUrl } from '../ids';
import { isoDate, squash } from '../text';
import { nonEmpty, vergaderjaarIn } from './domText';
import { type KamervraagSummary, summaryFromDraft } from './summary';

type JsonObject = Record<string, unknown>;

export interface ODataZaakResponse {
  /** One draft per Zaak that is not deleted, in the order of the response. */
  zaken: KamervraagDraft[];
  /** The URL of the next page, when the service has more. */
  nextLink: string | null;
  /** `@odata.count` (the total over all pages) when `$count=true` was asked. */
  count: number | null;
}

export interface ODataZaakSummaries {
  summaries: KamervraagSummary[];
  nextLink: string | null;
  count: number | null;
  /** How many entities the page held, deleted ones included (what `$top`/`$skip` count). */
  received: number;
}

/** One Document of a Document response, with the zaken it belongs to. */
export interface ODataDocument {
  /** Tweede Kamer document number, e.g. "2023D38786". */
  documentNummer: string | null;
  soort: string | null;
  /** "232400099". */
  aanhangselnummer: string | null;
  /** The KOOP id of the Aanhangselnummer ("ah-tk-20232024-99"), when it has one. */
  id: string | null;
  date: string | null;
  /** Zaaknummers of the expanded Zaak navigation property (deleted ones left out). */
  zaken: string[];
}

export interface ODataDocumentResponse {
  /** Every zaaknummer of every document, once, in order. */
  zaken: string[];
  documents: ODataDocument[];
  nextLink: string | null;
}

// ---------------------------------------------------------------------------------------------
// Responses

/** A whole response body of `Zaak?$filter=…&$expand=Document,ZaakActor`. */
export function parseODataZaakResponse(json: string): ODataZaakResponse {
  const page = readPage(json, 'Zaak');
  return { zaken: page.entities.filter(isPresent).map(draftFromODataZaak), nextLink: page.nextLink, count: page.count };
}

/** As `parseODataZaakResponse`, as search results. */
export function parseODataZaakSummaries(json: string): ODataZaakSummaries {
  const page = readPage(json, 'Zaak');
  return { summaries: page.entities.filter(isPresent).map(summaryFromODataZaak), nextLink: page.nextLink, count: page.count, received: page.entities.length };
}

/**
 * The zaaknummers a response of `Document?$filter=Aanhangselnummer eq '…'&$expand=Zaak` names:
 * the zaak (in practice one) the answer document belongs to. Empty when the document is unknown.
 */
export function parseODataDocumentResponse(json: string): string[] {
  return parseODataDocuments(json).zaken;
}

/** A whole Document response (with `Zaak` expanded), document by document. */
export function parseODataDocuments(json: string): ODataDocumentResponse {
  const page = readPage(json, 'Document');
  const documents = page.entities.filter(isPresent).map((d, i): ODataDocument => {
    const what = `Document ${text(d, 'DocumentNummer', `Document ${i + 1}`) ?? i + 1}`;
    const aanhangselnummer = text(d, 'Aanhangselnummer', what) ?? null;
    const zaken = list(d, 'Zaak', what).filter(isPresent)
      .map((z) => text(z, 'Nummer', `a Zaak of ${what}`))
      .filter((n): n is string => n !== undefined);
    return {
      documentNummer: text(d, 'DocumentNummer', what) ?? null,
      soort: text(d, 'Soort', what) ?? null,
      aanhangselnummer,
      id: (aanhangselnummer && aanhangselnummerToId(aanhangselnummer)) ?? null,
      date: isoDate(text(d, 'Datum', what)) ?? null,
      zaken: [...new Set(zaken)],
    };
  });
  return { zaken: [...new Set(documents.flatMap((d) => d.zaken))], documents, nextLink: page.nextLink };
}

interface Page {
  entities: JsonObject[];
  nextLink: string | null;
  count: number | null;
}

/** The entities of a response: its `value` list, or the body itself when one entity was asked for by key. */
function readPage(json: string, entitySet: string): Page {
  let body: unknown;
  try {
    body = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ParseError(`The Open Data Portal sent invalid JSON (${reason}).`);
  }
  const obj = object(body, 'The Open Data Portal response');
  const error = obj['error'];
  if (error !== undefined && error !== null) {
    const message = typeof error === 'object' && typeof (error as JsonObject)['message'] === 'string'
      ? squash((error as JsonObject)['message'] as string) : JSON.stringify(error);
    throw new ParseError(`The Open Data Portal answered with an error: ${message}`);
  }
  const nextLink = text(obj, '@odata.nextLink', 'The Open Data Portal response') ?? null;
  const count = countOf(obj['@odata.count']);
  if ('value' in obj) {
    const value = obj['value'];
    if (!Array.isArray(value)) {
      throw new ParseError(`The Open Data Portal response is not a list of ${entitySet}: "value" is ${describe(value)}.`);
    }
    return { entities: value.map((v, i) => object(v, `${entitySet} ${i + 1} of the Open Data Portal response`)), nextLink, count };
  }
  if ('Id' in obj || 'Nummer' in obj || 'DocumentNummer' in obj) return { entities: [obj], nextLink, count };
  throw new ParseError(`The Open Data Portal response holds no ${entitySet}: it has neither a "value" list nor the fields of one ${entitySet}.`);
}

function countOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  // IEEE754Compatible=true sends 64-bit numbers as strings.
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

// ---------------------------------------------------------------------------------------------
// One Zaak

/** The search-result view of one Zaak; `closed` is its Afgedaan flag. */
export function summaryFromODataZaak(zaak: unknown): KamervraagSummary {
  const draft = draftFromODataZaak(zaak);
  return summaryFromDraft(draft, flag(object(zaak, 'The Zaak'), 'Afgedaan', `Zaak ${draft.zaak ?? ''}`) ?? null);
}

/**
 * What one Zaak (with `Document` and `ZaakActor` expanded) tells about the Kamervraag. Deleted
 * documents and actors (Verwijderd true) are left out; documents of other kinds (a Bijlage, a
 * Brief) are ignored. Afgedaan says nothing about when the questions were answered, so only the
 * Datum of an "Antwoord schriftelijke vragen" document gives `answered`.
 */
export function draftFromODataZaak(zaak: unknown): KamervraagDraft {
  const z = object(zaak, 'The Open Data Portal Zaak');
  const nummer = text(z, 'Nummer', 'The Open Data Portal Zaak');
  if (nummer === undefined) throw new ParseError('The Open Data Portal sent a Zaak without a Nummer (zaaknummer).');
  const what = `Zaak ${nummer}`;
  if (flag(z, 'Verwijderd', what) === true) throw new ParseError(`${what} has been deleted from the Open Data Portal (Verwijderd).`);
  const soort = text(z, 'Soort', what);
  if (soort !== undefined && !/schriftelijke vragen/i.test(soort)) {
    throw new ParseError(`${what} is not a Kamervraag: its Soort is "${soort}", not "Schriftelijke vragen".`);
  }

  const documents = list(z, 'Document', what).filter(isPresent).map((d, i) => readDocument(d, `Document ${i + 1} of ${what}`));
  const house = houseOfOrganisatie(text(z, 'Organisatie', what)) ??
    documents.map((d) => d.house).find((h) => h !== undefined) ?? 'tk';

  const refs: DocumentRef[] = [];
  const notices: Notice[] = [];
  for (const doc of documents) {
    if (doc.kind === undefined) continue;
    const ref = documentRef(doc, nummer, house);
    if (ref) refs.push(ref);
    if (doc.notice) notices.push({ kind: doc.notice, date: doc.date ?? null, text: doc.onderwerp ?? doc.soort ?? 'Mededeling' });
  }

  const answers = documents.filter((d) => d.kind === 'answer').sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const questions = documents.find((d) => d.kind === 'questions');
  const actors = list(z, 'ZaakActor', what).filter(isPresent).map((a, i) => readActor(a, `ZaakActor ${i + 1} of ${what}`));

  return {
    zaak: nummer,
    house,
    title: text(z, 'Onderwerp', what) ?? text(z, 'Titel', what),
    submitted: isoDate(text(z, 'GestartOp', what)) ?? questions?.date,
    answered: answers.find((a) => a.date !== undefined)?.date,
    // The model's vergaderjaar is the answer's; the zaak's is the one it was started in.
    vergaderjaar: vergaderjaarIn(answers[0]?.vergaderjaar) ?? vergaderjaarIn(text(z, 'Vergaderjaar', what)),
    submitters: nonEmpty(submittersOf(actors)),
    addressees: nonEmpty(addresseesOf(actors)),
    documents: nonEmpty(refs),
    notices: nonEmpty(notices),
  };
}

interface ODataDoc {
  soort: string | undefined;
  kind: DocumentKind | undefined;
  notice: NoticeKind | undefined;
  documentNummer: string | undefined;
  aanhangselnummer: string | undefined;
  onderwerp: string | undefined;
  date: string | undefined;
  vergaderjaar: string | undefined;
  house: House | undefined;
}

/** Document.Soort values of a Kamervraag (the Open Data Portal's own spelling) and what they are. */
const SOORTEN: ReadonlyMap<string, { kind: DocumentKind; notice?: 'uitstel' | 'mededeling' }> = new Map<string, { kind: DocumentKind; notice?: 'uitstel' | 'mededeling' }>([
  ['schriftelijke vragen', { kind: 'questions' }],
  ['antwoord schriftelijke vragen', { kind: 'answer' }],
  ['antwoord schriftelijke vragen (nader)', { kind: 'further-answer' }],
  ['mededeling (uitstel antwoord)', { kind: 'notice', notice: 'uitstel' }],
  ['mededeling', { kind: 'notice', notice: 'mededeling' }],
]);

const WITHDRAWN = /\b(?:ingetrokken|intrekking|intrekken|trekt\s+\S+\s+in)\b/i;

function readDocument(d: JsonObject, what: string): ODataDoc {
  const soort = text(d, 'Soort', what);
  const known = soort === undefined ? undefined : SOORTEN.get(soort.toLowerCase());
  const onderwerp = text(d, 'Onderwerp', what) ?? text(d, 'Titel', what);
  let notice: NoticeKind | undefined;
  if (known?.notice === 'uitstel') notice = 'uitstel';
  else if (known?.notice === 'mededeling') notice = WITHDRAWN.test(onderwerp ?? '') ? 'withdrawn' : 'other';
  const kamer = number(d, 'Kamer', what);
  return {
    soort,
    kind: known?.kind,
    notice,
    documentNummer: text(d, 'DocumentNummer', what),
    aanhangselnummer: text(d, 'Aanhangselnummer', what),
    onderwerp,
    date: isoDate(text(d, 'Datum', what)),
    vergaderjaar: text(d, 'Vergaderjaar', what),
    house: kamer === 2 ? 'tk' : kamer === 1 ? 'ek' : houseOfOrganisatie(text(d, 'Organisatie', what)),
  };
}

/**
 * The questions are published by KOOP as kv-tk-{zaak}; answers under the id of their
 * Aanhangselnummer. Documents without a KOOP id (most Mededelingen) keep their Tweede Kamer
 * number and get no link.
 */
function documentRef(doc: ODataDoc, zaak: string, house: House): DocumentRef | undefined {
  const kind = doc.kind!;
  let id: string | undefined;
  if (kind === 'questions' && house === 'tk') id = `kv-tk-${zaak}`;
  // Answers, and some Mededelingen (those printed in the Aanhangsel), carry an Aanhangselnummer.
  else if (doc.aanhangselnummer !== undefined) id = aanhangselnummerToId(doc.aanhangselnummer);
  if (id !== undefined) return { id, kind, date: doc.date ?? null, url: publicationUrl(id) };
  return doc.documentNummer ? { id: doc.documentNummer, kind, date: doc.date ?? null, url: null } : undefined;
}

interface ODataActor {
  relatie: string;
  naam: string | undefined;
  fractie: string | undefined;
  functie: string | undefined;
  person: boolean;
}

function readActor(a: JsonObject, what: string): ODataActor {
  return {
    relatie: (text(a, 'Relatie', what) ?? '').toLowerCase(),
    naam: text(a, 'ActorNaam', what),
    fractie: text(a, 'ActorFractie', what),
    functie: text(a, 'Functie', what),
    person: text(a, 'Persoon_Id', what) !== undefined,
  };
}

/** The Indiener first, then the Medeindieners, in the order given. */
function submittersOf(actors: readonly ODataActor[]): Submitter[] {
  const by = (relatie: string): Submitter[] => actors
    .filter((a) => a.relatie === relatie && a.naam !== undefined)
    .map((a) => ({ name: a.naam!, party: a.fractie ?? null }));
  return [...by('indiener'), ...by('medeindiener')];
}

const OFFICE = /\b(?:minister|staatssecretaris|minister-president)\b/i;

/** "Gericht aan" actors: the office from Functie, the name when the actor is a person. */
function addresseesOf(actors: readonly ODataActor[]): Addressee[] {
  const out: Addressee[] = [];
  for (const a of actors.filter((x) => x.relatie === 'gericht aan')) {
    const role = a.functie ?? (a.naam !== undefined && OFFICE.test(a.naam) ? a.naam : undefined);
    if (role === undefined) continue;
    const isName = a.naam !== undefined && a.naam !== role && (a.person || !OFFICE.test(a.naam));
    out.push({ name: isName ? a.naam! : null, role: role[0]!.toUpperCase() + role.slice(1) });
  }
  return out;
}

function houseOfOrganisatie(organisatie: string | undefined): House | undefined {
  if (organisatie === undefined) return undefined;
  if (/tweede\s+kamer/i.test(organisatie)) return 'tk';
  if (/eerste\s+kamer/i.test(organisatie)) return 'ek';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading JSON defensively: nulls are "not given"; a value of the wrong type is an error that
// names the field.

function object(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParseError(`${what} is not a JSON object but ${describe(value)}.`);
  }
  return value as JsonObject;
}

/** Not deleted. */
function isPresent(entity: JsonObject): boolean {
  return entity['Verwijderd'] !== true;
}

function text(obj: JsonObject, key: string, what: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ParseError(`${what}: ${key} should be text but is ${describe(value)}.`);
  const s = squash(value);
  return s.length > 0 ? s : undefined;
}

function flag(obj: JsonObject, key: string, what: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ParseError(`${what}: ${key} should be true or false but is ${describe(value)}.`);
  return value;
}

function number(obj: JsonObject, key: string, what: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new ParseError(`${what}: ${key} should be a number but is ${describe(value)}.`);
  return value;
}

/** An expanded navigation property: a list (a single entity counts as a list of one); absent or null is empty. */
function list(obj: JsonObject, key: string, what: string): JsonObject[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => object(item, `${what}: ${key} ${i + 1}`));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 39)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
