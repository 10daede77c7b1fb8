/**
 * Identifiers of Kamervragen: every form a user may paste (zaaknummer, KOOP document id,
 * Aanhangselnummer, links to the sites that publish them) parsed to one typed id, and that id
 * turned back into a canonical string and into links.
 *
 * Canonical strings: a zaaknummer with capital `Z` ("2023Z11786"); document ids in lower case
 * except the zaaknummer's `Z` and the `KVR` of old question ids ("kv-tk-2023Z11786",
 * "kv-tk-20062007-KVR27039", "ah-tk-20232024-99-n1").
 *
 * No vscode here: the CLI and the language server use this too.
 */

import type { House } from './model';

export type { House };

/** A Tweede Kamer zaaknummer, e.g. "2023Z11786". A bare number is never read as an Eerste Kamer zaak. */
export interface ZaakId {
  kind: 'zaak';
  house: House;
  zaak: string;
}

/**
 * A questions document (kv-…). `zaak` is the zaaknummer for kv-tk-2023Z11786, the vraagnummer
 * for kv-ek-215160000 (the Eerste Kamer has no zaaknummers; `Kamervraag.zaak` holds the
 * vraagnummer too), and null for the old forms kv-tk-20062007-KVR27039 and kv-2989900822.
 */
export interface QuestionsId {
  kind: 'questions';
  house: House;
  document: string;
  zaak: string | null;
}

/**
 * An answer document (Aanhangsel Handelingen), e.g. ah-tk-20232024-99. `suffix` is "n1", "n2", …
 * for a nader antwoord and "h1", … for a herdruk (correction); it is part of `document`.
 */
export interface AnswerId {
  kind: 'answer';
  house: House;
  document: string;
  /** Eight digits, e.g. "20232024". */
  vergaderjaar: string;
  number: number;
  suffix: string | null;
}

export type KamervraagId = ZaakId | QuestionsId | AnswerId;

/** A piece of text, from `findIds`, that names a Kamervraag. `end` is exclusive. */
export interface IdMatch {
  id: KamervraagId;
  start: number;
  end: number;
  text: string;
}

/** Files the repository keeps for each publication; see `repositoryUrl`. */
export type Manifestation = 'xml' | 'html' | 'pdf' | 'metadata' | 'metadataowms';

const ACCEPTED =
  'Use a zaaknummer (2023Z11786), a question document (kv-tk-2023Z11786), ' +
  'an answer document (ah-tk-20232024-99), an Aanhangselnummer (181902411) or a link to ' +
  'zoek.officielebekendmakingen.nl, repository.overheid.nl, tweedekamer.nl or openkamer.org.';

/** The input is not (or does not contain) a Kamervraag identifier. The message is meant for the user. */
export class IdError extends Error {
  override readonly name = 'IdError';
  /** What was given, untrimmed. */
  readonly input: string;

  constructor(input: string, message?: string) {
    super(message ?? `${quote(input)} is not a Kamervraag identifier. ${ACCEPTED}`);
    this.input = input;
  }
}

/** The input in quotes, shortened when long, for messages. */
function quote(input: string): string {
  const s = input.trim().replace(/\s+/g, ' ');
  return `"${s.length > 80 ? `${s.slice(0, 79)}…` : s}"`;
}

// ---------------------------------------------------------------------------------------------
// One pattern per form. Unanchored sources, so that `findIds` can combine them; `whole` anchors.

/** Zaaknummer: year, Z, five digits. */
const ZAAK = /(?:19|20)\d{2}[Zz]\d{5}/;
/** Questions with a zaaknummer: kv-tk-2023Z11786. */
const KV_TK_ZAAK = /kv-tk-(?:19|20)\d{2}z\d{5}/;
/** Older questions numbered per vergaderjaar: kv-tk-20062007-KVR27039. */
const KV_TK_KVR = /kv-tk-\d{8}-kvr\d+/;
/** Eerste Kamer questions by vraagnummer: kv-ek-215160000. */
const KV_EK = /kv-ek-\d+/;
/** Questions from before 2006, ten digits, Tweede Kamer: kv-2989900822. */
const KV_OLD = /kv-\d{10}/;
/** Answers: ah-tk-20232024-99, ah-ek-20192020-10, with an optional -n1 / -h1. */
const AH = /ah-(?:tk|ek)-\d{8}-\d+(?:-[nh]\d+)?/;
/** OData Aanhangselnummer: two-digit years, five-digit number: 181902411. */
const AANHANGSELNUMMER = /\d{9}/;

/** Anchored, case-insensitive, with the parts we need captured by position. */
const whole = {
  zaak: /^((?:19|20)\d{2})z(\d{5})$/i,
  kvTkZaak: /^kv-tk-((?:19|20)\d{2})z(\d{5})$/i,
  kvTkKvr: /^kv-tk-(\d{8})-kvr(\d+)$/i,
  kvEk: /^kv-ek-(\d+)$/i,
  kvOld: /^kv-(\d{10})$/i,
  ah: /^ah-(tk|ek)-(\d{8})-(\d+)(?:-([nh])(\d+))?$/i,
  aanhangselnummer: /^(\d{2})(\d{2})(\d{5})$/,
} as const;

/** Starts with a scheme, or with a host name followed by a path ("zoek.officielebekendmakingen.nl/…"). */
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\/)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Punctuation around a pasted id: <…>, (…), quotes; a sentence's full stop. */
const LEADING_PUNCTUATION = /^[\s<("'“‘[]+/;
const TRAILING_PUNCTUATION = /[\s>)"'”’\].,;:!?]+$/;

// ---------------------------------------------------------------------------------------------
// Parsing

/** Reads any accepted identifier form. Throws `IdError` for anything else. */
export function parseId(input: string): KamervraagId {
  const s = strip(input);
  const id = s === '' ? undefined : URL_LIKE.test(s) ? fromUrl(s) : fromBare(s);
  if (!id) throw new IdError(input);
  return id;
}

/** As `parseId`, but undefined instead of an error. */
export function tryParseId(input: string): KamervraagId | undefined {
  try {
    return parseId(input);
  } catch (e) {
    if (e instanceof IdError) return undefined;
    throw e;
  }
}

function strip(input: string): string {
  return input.trim().replace(LEADING_PUNCTUATION, '').replace(TRAILING_PUNCTUATION, '');
}

/** A bare (not URL) identifier, or undefined. */
function fromBare(s: string): KamervraagId | undefined {
  return zaakFrom(s) ?? documentFrom(s) ?? answerFromAanhangselnummer(s);
}

function zaakFrom(s: string): ZaakId | undefined {
  const m = whole.zaak.exec(s);
  return m ? { kind: 'zaak', house: 'tk', zaak: `${m[1]}Z${m[2]}` } : undefined;
}

/** A KOOP document id (kv-… or ah-…), or undefined. */
function documentFrom(s: string): QuestionsId | AnswerId | undefined {
  let m: RegExpExecArray | null;
  if ((m = whole.kvTkZaak.exec(s))) {
    const zaak = `${m[1]}Z${m[2]}`;
    return { kind: 'questions', house: 'tk', document: `kv-tk-${zaak}`, zaak };
  }
  if ((m = whole.kvTkKvr.exec(s))) {
    const vergaderjaar = m[1]!;
    if (!consecutive(vergaderjaar)) return undefined;
    return { kind: 'questions', house: 'tk', document: `kv-tk-${vergaderjaar}-KVR${m[2]}`, zaak: null };
  }
  if ((m = whole.kvEk.exec(s))) {
    return { kind: 'questions', house: 'ek', document: `kv-ek-${m[1]}`, zaak: m[1]! };
  }
  if ((m = whole.kvOld.exec(s))) {
    return { kind: 'questions', house: 'tk', document: `kv-${m[1]}`, zaak: null };
  }
  if ((m = whole.ah.exec(s))) {
    const house = m[1]!.toLowerCase() as House;
    const suffix = m[4] ? `${m[4].toLowerCase()}${Number(m[5])}` : null;
    return answer(house, m[2]!, Number(m[3]), suffix);
  }
  return undefined;
}

/** An answer id from its parts; undefined when the vergaderjaar is not two consecutive years or the number is 0. */
function answer(house: House, vergaderjaar: string, number: number, suffix: string | null): AnswerId | undefined {
  if (!consecutive(vergaderjaar) || number < 1) return undefined;
  const document = `ah-${house}-${vergaderjaar}-${number}${suffix ? `-${suffix}` : ''}`;
  return { kind: 'answer', house, document, vergaderjaar, number, suffix };
}

/** Eight digits whose second year follows the first. */
function consecutive(vergaderjaar: string): boolean {
  return Number(vergaderjaar.slice(4, 8)) === Number(vergaderjaar.slice(0, 4)) + 1;
}

function answerFromAanhangselnummer(s: string): AnswerId | undefined {
  const m = whole.aanhangselnummer.exec(s);
  if (!m) return undefined;
  const first = Number(m[1]);
  if ((first + 1) % 100 !== Number(m[2])) return undefined;
  const start = (first >= 50 ? 1900 : 2000) + first;
  return answer('tk', `${start}${start + 1}`, Number(m[3]), null);
}

/**
 * The answer document of an OData Aanhangselnummer: "181902411" → "ah-tk-20182019-2411".
 * The first four digits are the two years of the vergaderjaar (two digits each, 50–99 read as
 * 19xx), the last five the number. Undefined when the years are not consecutive or the input is
 * not nine digits.
 */
export function aanhangselnummerToId(n: string): string | undefined {
  return answerFromAanhangselnummer(n.trim())?.document;
}

/**
 * The OData Aanhangselnummer of a Tweede Kamer answer document: "ah-tk-20232024-99" → "232400099";
 * undefined for other documents (Eerste Kamer, questions) and for numbers of more than 5 digits.
 */
export function idToAanhangselnummer(document: string): string | undefined {
  const m = /^ah-tk-\d{2}(\d{2})\d{2}(\d{2})-(\d{1,5})(?:-[nh]\d+)?$/.exec(document.trim().toLowerCase());
  return m ? `${m[1]}${m[2]}${m[3]!.padStart(5, '0')}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// URLs in

const ZOEK_HOSTS = new Set(['zoek.officielebekendmakingen.nl', 'officielebekendmakingen.nl']);
const ZOEK_EXTENSION = /\.(?:html?|pdf|xml|odt)$/i;

function fromUrl(s: string): KamervraagId | undefined {
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(s) ? s : `https://${s}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const segments = url.pathname.split('/').filter((p) => p !== '').map(decodeSegment);

  if (ZOEK_HOSTS.has(host)) {
    // https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html (or .pdf, .xml, none)
    const last = segments[segments.length - 1];
    return last === undefined ? undefined : documentFrom(last.replace(ZOEK_EXTENSION, ''));
  }
  if (host === 'repository.overheid.nl') {
    // /frbr/officielepublicaties/{series}/{vergaderjaar|onopgemaakt}/{document}/1/…
    if (segments[0]?.toLowerCase() !== 'frbr') return undefined;
    const document = segments[4];
    return document === undefined ? undefined : documentFrom(document);
  }
  if (host === 'tweedekamer.nl') {
    // /kamerstukken/kamervragen/detail?id=2023Z11786&did=2023D27519
    if (segments[0]?.toLowerCase() !== 'kamerstukken') return undefined;
    const id = url.searchParams.get('id');
    return id === null ? undefined : zaakFrom(id.trim());
  }
  if (host === 'openkamer.org') {
    // /kamervraag/2023Z11786/ and /kamerantwoord/ah-tk-20232024-99/
    const [section, value] = segments;
    if (value === undefined) return undefined;
    if (section?.toLowerCase() === 'kamervraag') return zaakFrom(value);
    if (section?.toLowerCase() === 'kamerantwoord') {
      const id = documentFrom(value);
      return id?.kind === 'answer' ? id : undefined;
    }
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ---------------------------------------------------------------------------------------------
// Out: canonical strings and URLs

/** "2023Z11786" for a zaak, the document id otherwise ("kv-tk-2023Z11786", "ah-tk-20232024-99-n1"). */
export function canonicalId(id: KamervraagId): string {
  return id.kind === 'zaak' ? id.zaak : id.document;
}

/** The zaaknummer (Eerste Kamer: vraagnummer) when the id names one. */
export function zaakOf(id: KamervraagId): string | null {
  return id.kind === 'answer' ? null : id.zaak;
}

/** The document an id stands for: itself, or for a zaak its questions document kv-tk-{zaak}. */
function documentOf(id: KamervraagId): string {
  return id.kind === 'zaak' ? `kv-${id.house}-${id.zaak}` : id.document;
}

/**
 * https://zoek.officielebekendmakingen.nl/{document}.html. Takes any accepted form; a zaaknummer
 * gives its questions document. Throws `IdError` for anything else.
 */
export function zoekUrl(document: string): string {
  return publicationUrl(documentOf(parseId(document)));
}

/** The zoek.officielebekendmakingen.nl page of any official publication id (stb-2020-118, ah-tk-…), unchecked. */
export function publicationUrl(id: string): string {
  return `https://zoek.officielebekendmakingen.nl/${id}.html`;
}

/**
 * A file of the document on repository.overheid.nl, e.g. for ah-tk-20232024-99 and 'xml':
 * https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml
 *
 * The folder ("group") is the vergaderjaar of answers and of kv-tk-…-KVR… questions, and
 * "onopgemaakt" for kv-2989900822. Questions named by zaaknummer or EK vraagnummer do not show
 * their vergaderjaar: pass it as `group` ("20222023" or "2022-2023"), else the result is
 * undefined. `group` is ignored when the document determines its own. Throws `IdError` when
 * `document` is not an identifier.
 */
export function repositoryUrl(document: string, manifestation: Manifestation, group?: string): string | undefined {
  const doc = documentOf(parseId(document));
  const series = /^(?:kv|ah)-(?:tk|ek)(?=-)|^kv(?=-)/.exec(doc)?.[0];
  const folder = ownGroup(doc) ?? (group === undefined ? undefined : normaliseGroup(group));
  if (series === undefined || folder === undefined) return undefined;
  const base = `https://repository.overheid.nl/frbr/officielepublicaties/${series}/${folder}/${doc}/1`;
  switch (manifestation) {
    case 'metadata':
      return `${base}/metadata/metadata.xml`;
    case 'metadataowms':
      return `${base}/metadataowms/metadata_owms.xml`;
    default:
      return `${base}/${manifestation}/${doc}.${manifestation}`;
  }
}

/** The repository folder a document id determines by itself. */
function ownGroup(doc: string): string | undefined {
  if (whole.kvOld.test(doc)) return 'onopgemaakt';
  return /^(?:ah-(?:tk|ek)|kv-tk)-(\d{8})-/.exec(doc)?.[1];
}

function normaliseGroup(group: string): string | undefined {
  const g = group.trim().toLowerCase();
  return g === 'onopgemaakt' ? g : parseVergaderjaar(g);
}

/**
 * https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id={zaak}. Takes a zaaknummer or
 * anything that names one (kv-tk-2023Z11786, links); throws `IdError` otherwise.
 */
export function tweedeKamerUrl(zaak: string): string {
  return `https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=${tkZaak(zaak)}`;
}

/** https://www.openkamer.org/kamervraag/{zaak}/. Takes what `tweedeKamerUrl` takes. */
export function openKamerUrl(zaak: string): string {
  return `https://www.openkamer.org/kamervraag/${tkZaak(zaak)}/`;
}

function tkZaak(input: string): string {
  const id = parseId(input);
  const zaak = zaakOf(id);
  if (id.house !== 'tk' || zaak === null) {
    throw new IdError(input, `${quote(input)} does not name a Tweede Kamer zaaknummer (like 2023Z11786).`);
  }
  return zaak;
}

// ---------------------------------------------------------------------------------------------
// Vergaderjaren

/** "20232024", or two years with a separator, the second maybe in two digits: "2023-2024", "2023/24". */
const VERGADERJAAR = /^(\d{4})(?:(\d{4})|\s*[-/–]\s*(\d{4}|\d{2}))$/;

/** "20232024", "2023-2024", "2023/2024", "2023/24" → "20232024"; undefined unless two consecutive years. */
function parseVergaderjaar(v: string): string | undefined {
  const m = VERGADERJAAR.exec(v.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  const next = first + 1;
  const given = m[2] ?? m[3]!;
  const ok = given.length === 4 ? Number(given) === next : Number(given) === next % 100;
  return ok ? `${first}${next}` : undefined;
}

function vergaderjaarParts(v: string): [number, number] {
  const parsed = parseVergaderjaar(v);
  if (parsed === undefined) {
    throw new IdError(v, `${quote(v)} is not a vergaderjaar. Use two consecutive years, like 20232024 or 2023-2024.`);
  }
  return [Number(parsed.slice(0, 4)), Number(parsed.slice(4))];
}

/** "20232024" (or "2023-2024", "2023/24") → "2023-2024". Throws `IdError` otherwise. */
export function vergaderjaarLabel(v: string): string {
  const [first, second] = vergaderjaarParts(v);
  return `${first}-${second}`;
}

/**
 * "20232024" → "2023/24", as citations write it; "19992000" → "1999/2000", since "1999/00" reads
 * badly. Takes what `vergaderjaarLabel` takes.
 */
export function vergaderjaarShort(v: string): string {
  const [first, second] = vergaderjaarParts(v);
  return second % 100 === 0 ? `${first}/${second}` : `${first}/${String(second % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Free text

/**
 * Links: a scheme, "www." or one of our hosts, up to white space or a bracket or quote. Without the `u`
 * flag (nothing here needs it): with `iu`, V8 tries `\b` and the case-folded alternatives three times
 * slower, and this search runs over every block of a note that has a digit.
 */
const URL_IN_TEXT =
  /\b(?:https?:\/\/|www\.|(?:zoek\.officielebekendmakingen\.nl|repository\.overheid\.nl|openkamer\.org|tweedekamer\.nl)\/)[^\s<>"'`()[\]{}]+/gi;
const BEFORE = String.raw`(?<![\p{L}\p{N}_\-/])`;
const AFTER = String.raw`(?![\p{L}\p{N}_]|-[\p{L}\p{N}])`;
const tokenPattern = (forms: readonly RegExp[]): RegExp =>
  new RegExp(`${BEFORE}(?:${forms.map((f) => f.source).join('|')})${AFTER}`, 'giu');
/** Documents first: the alternatives are tried in order. */
const TOKEN = tokenPattern([KV_TK_ZAAK, KV_TK_KVR, KV_EK, KV_OLD, AH, ZAAK]);
const TOKEN_WITH_AANHANGSELNUMMER = tokenPattern([KV_TK_ZAAK, KV_TK_KVR, KV_EK, KV_OLD, AH, ZAAK, AANHANGSELNUMMER]);

export interface FindOptions {
  /** Also read bare nine-digit numbers as Aanhangselnummers. Off by default: too many numbers look alike. */
  aanhangselnummers?: boolean;
}

/**
 * Every identifier in free text, in order, with offsets. A link counts once, as a whole, when it
 * is one of ours; ids inside other links are not reported. Ids inside longer words are not
 * matched ("x2023Z11786", "2023Z117861").
 */
export function findIds(text: string, options: FindOptions = {}): IdMatch[] {
  const found: IdMatch[] = [];
  const links: Array<[number, number]> = [];

  for (const m of text.matchAll(URL_IN_TEXT)) {
    const raw = m[0].replace(/[.,;:!?]+$/, '');
    const start = m.index;
    links.push([start, start + m[0].length]);
    const id = tryParseId(raw);
    if (id) found.push({ id, start, end: start + raw.length, text: raw });
  }

  const token = options.aanhangselnummers ? TOKEN_WITH_AANHANGSELNUMMER : TOKEN;
  for (const m of text.matchAll(token)) {
    const start = m.index;
    const end = start + m[0].length;
    if (links.some(([a, b]) => start < b && end > a)) continue;
    const id = tryParseId(m[0]);
    if (id) found.push({ id, start, end, text: m[0] });
  }

  return found.sort((a, b) => a.start - b.start);
}
