/**
 * Registered Toezeggingen (pure apart from `fetchToezeggingen`): the promises that the Tweede Kamer
 * registers when a minister makes one in a debate, as the Open Data Portal serves them (entity
 * `Toezegging`, tkData-v1-0-toezegging.xsd in the portal's PascalCase), and which of them may be
 * the promise a written answer speaks of.
 *
 * A written answer registers nothing: Toezeggingen come from debates. So a match is a possible one,
 * found by these rules (README "Promises"):
 * 1. The window: registered (`DatumToezegging`) from `WINDOW_BEFORE_DAYS` days before the answer's
 *    date to `WINDOW_AFTER_DAYS` days after it. An answer mostly reports a promise made earlier in
 *    a debate ("heeft in het commissiedebat toegezegd"), sometimes one repeated in a debate soon
 *    after; the portal is asked only for that window (`toezeggingUrl`), and `matchToezeggingen`
 *    checks it again.
 * 2. The ministry: the Toezegging's `Ministerie` (or, without one, the ministry of its `Functie`)
 *    must be one of the ministries that made the promise (promiseList.ts), compared by
 *    `ministryNamed` ("BZ", "Ministerie van Buitenlandse Zaken" and "Buitenlandse Zaken" are one).
 * 3. The text: the cosine of the two texts' term vectors, over folded and stemmed words
 *    (library/dutch.ts `terms`) of at least `MIN_WORD` letters, each weighted by how rare it is
 *    among the candidates of the window (idf: "Kamer" and "minister", in nearly every Toezegging,
 *    weigh almost nothing), at least `MIN_SCORE`, with at least `MIN_SHARED` such words in common.
 * The best `MAX_MATCHES` come back, highest score first.
 *
 * The portal's text is never trusted: it is cleaned (sanitize.ts) and shown as text only; the
 * official page's address is built from the Nummer alone, after it is checked (`toezeggingPageUrl`).
 */
import { cleanText } from './sanitize';
import { ministryNamed } from './stats';
import { addDays, daysBetween, squash } from './text';
import { linkUrl } from './urls';
import { terms } from './library/dutch';
import { withSlash } from './sources/endpoints';
import { amsterdamMidnight } from './sources/odataQuery';
import type { SourceContext } from './sources/resolve';
import { getRefusable, nextODataUrl } from './sources/search';

/** The values of the XSD's enumeration of `Status`. */
export const TOEZEGGING_STATUSES = ['Openstaand', 'Voldaan', 'Deels Voldaan', 'Vervallen', 'Afgedaan', 'Deels Afgedaan'] as const;
export type ToezeggingStatus = (typeof TOEZEGGING_STATUSES)[number];

export interface Toezegging {
  id: string;
  /** "TZ202309-123". */
  nummer: string;
  /** What was promised, cleaned of control characters (shown as text only). */
  tekst: string;
  ministerie: string | null;
  /** One of TOEZEGGING_STATUSES, or null when the portal gives none. */
  status: ToezeggingStatus | null;
  /** The day it was made (ISO date, the Dutch day of the portal's timestamp); null when not given. */
  datum: string | null;
  /** The day it is due (ISO date); null when not given. */
  datumNakoming: string | null;
  /** The office of who made it ("minister van Buitenlandse Zaken"); null when not given. */
  functie: string | null;
  /** The name of who made it, as the register writes it ("W.B. Hoekstra"); null when not given. */
  naam: string | null;
  /** The letter that kept it, as the register names it; null when none. */
  kamerbriefNakoming: string | null;
}

/** A Toezegging page the portal sent that is not what the portal sends. */
export class ToezeggingPageError extends Error {
  override readonly name = 'ToezeggingPageError';
}

/** From this many days before the answer's date … */
export const WINDOW_BEFORE_DAYS = 365;
/** … to this many days after it (see the file comment). */
export const WINDOW_AFTER_DAYS = 60;
/** Pages of 250 followed at most (5 000 Toezeggingen: more than a year of the whole Kamer). */
export const MAX_PAGES = 20;

/** The days of the window around an answer's date: [from, to], ISO, both included. */
export function toezeggingWindow(answered: string): { from: string; to: string } {
  return { from: addDays(answered, -WINDOW_BEFORE_DAYS), to: addDays(answered, WINDOW_AFTER_DAYS) };
}

/**
 * The first page of the Toezeggingen registered in the window around `answered`: not deleted, newest
 * first, the key last so the order is total; without `$top`, so the portal pages by itself (250 a
 * page, a `$skiptoken` nextLink), as for the archive's Zaak listing.
 *
 * No `$select`: the OData names of the XSD's properties are not documented (public client code
 * disagrees, e.g. "NakomenOp" for datumNakoming), and one wrong name in a `$select` makes the portal
 * refuse the whole request, while a property that is merely absent is read as null here.
 */
export function toezeggingUrl(base: string, answered: string): string {
  const { from, to } = toezeggingWindow(answered);
  const params: [string, string][] = [
    ['$filter', `Verwijderd eq false and DatumToezegging ge ${amsterdamMidnight(from)} and DatumToezegging lt ${amsterdamMidnight(addDays(to, 1))}`],
    ['$orderby', 'DatumToezegging desc,Id'],
  ];
  return `${withSlash(base)}Toezegging?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** "TZ202309-123": TZ, year and month, a serial number. */
const NUMMER = /^TZ\d{6}-\d{1,6}$/;
/** The portal's timestamps: a date, then a time with an offset (or none). */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * One page of Toezeggingen as the portal answers it: `{"value": [...], "@odata.nextLink"?}`. Fields
 * it does not send, and fields not read here, are fine; a field of the wrong type, a page that is
 * not such an object, a row without a well-formed Id or Nummer, or a Status outside the XSD's
 * enumeration is a ToezeggingPageError that says which (a Nummer of an unexpected form is kept). Rows marked `Verwijderd` are left out.
 */
export function parseToezeggingPage(body: string): { toezeggingen: Toezegging[]; nextLink: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ToezeggingPageError(`The Open Data Portal's Toezegging page is not JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!isRecord(json) || !Array.isArray(json['value'])) throw new ToezeggingPageError('The Open Data Portal\'s Toezegging page has no "value" list.');
  const nextLink = json['@odata.nextLink'];
  if (nextLink !== undefined && nextLink !== null && typeof nextLink !== 'string') throw new ToezeggingPageError('The Open Data Portal\'s Toezegging page has a "@odata.nextLink" that is not a string.');
  const toezeggingen: Toezegging[] = [];
  json['value'].forEach((row: unknown, i: number) => {
    const t = toezeggingOf(row, i);
    if (t) toezeggingen.push(t);
  });
  return { toezeggingen, nextLink: typeof nextLink === 'string' ? nextLink : null };
}

function toezeggingOf(row: unknown, i: number): Toezegging | null {
  const where = `Toezegging ${i + 1} of the page`;
  if (!isRecord(row)) throw new ToezeggingPageError(`${where} is not an object.`);
  const text = (name: string): string | null => {
    const v = row[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new ToezeggingPageError(`${where}: ${name} is ${typeof v}, not a string.`);
    const clean = squash(cleanText(v));
    return clean === '' ? null : clean;
  };
  const deleted = row['Verwijderd'];
  if (deleted !== undefined && deleted !== null && typeof deleted !== 'boolean') throw new ToezeggingPageError(`${where}: Verwijderd is ${typeof deleted}, not true or false.`);
  const id = text('Id');
  if (id === null || !GUID.test(id)) throw new ToezeggingPageError(`${where}: Id ${JSON.stringify(id)} is not a GUID.`);
  // The XSD says only "a token": a number of another form than TZ202309-123 is kept (shown as
  // text, without a link: toezeggingPageUrl), so that a form we have not seen does not make every
  // look-up fail; a row without one, or with something that is no token, is refused.
  const nummer = text('Nummer');
  if (nummer === null || nummer.length > 40 || /\s/.test(nummer)) throw new ToezeggingPageError(`${where}: Nummer ${JSON.stringify(nummer?.slice(0, 40) ?? null)} is not a Toezegging number (TZ202309-123).`);
  const status = text('Status');
  if (status !== null && !(TOEZEGGING_STATUSES as readonly string[]).includes(status)) {
    throw new ToezeggingPageError(`${where} (${nummer}): Status ${JSON.stringify(status.slice(0, 40))} is none of ${TOEZEGGING_STATUSES.join(', ')}.`);
  }
  const day = (name: string): string | null => {
    const v = text(name);
    if (v === null) return null;
    const m = TIMESTAMP.exec(v);
    if (!m) throw new ToezeggingPageError(`${where} (${nummer}): ${name} ${JSON.stringify(v.slice(0, 40))} is not a date.`);
    return m[1]!;
  };
  const datum = day('DatumToezegging');
  const datumNakoming = day('DatumNakoming');
  if (deleted === true) return null;
  const naam = text('Naam') ?? ([text('Initialen'), text('Tussenvoegsel'), text('Achternaam')].filter((p) => p !== null).join(' ') || null);
  return {
    id: id.toLowerCase(), nummer, tekst: text('Tekst') ?? '', ministerie: text('Ministerie'), status: status as ToezeggingStatus | null,
    datum, datumNakoming, functie: text('Functie'), naam, kamerbriefNakoming: text('KamerbriefNakoming'),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The Tweede Kamer's own page of a Toezegging, built from its Nummer alone (checked against the
 * number's form) on the Kamer's https site; null when the number is not one.
 */
export function toezeggingPageUrl(nummer: string): string | null {
  if (!NUMMER.test(nummer)) return null;
  return linkUrl(`https://www.tweedekamer.nl/kamerstukken/toezeggingen/detail?id=${encodeURIComponent(nummer)}`);
}

/**
 * Every Toezegging registered in the window around `answered`, page by page through the portal's
 * nextLinks (at most MAX_PAGES; the HTTP client's per-host limit, backoff, timeouts and the
 * context's cancellation apply to each request). A refusal becomes the portal's own message.
 */
export async function fetchToezeggingen(answered: string, ctx: SourceContext): Promise<Toezegging[]> {
  const all: Toezegging[] = [];
  let next: string | null = toezeggingUrl(ctx.endpoints.odata, answered);
  for (let page = 1; next !== null; page++) {
    if (page > MAX_PAGES) throw new ToezeggingPageError(`The Open Data Portal has more than ${MAX_PAGES * 250} Toezeggingen around ${answered}; only that many are read.`);
    // A cancel shows as the next request's HttpError 'cancelled' (isCancellation), as everywhere.
    ctx.progress?.(`Tweede Kamer Open Data: registered Toezeggingen, page ${page}`);
    const asked: string = next;
    const res = await getRefusable(asked, 'application/json', /json/i, 'The Open Data Portal', ctx, 'the Toezegging request');
    const parsed = parseToezeggingPage(res.body);
    all.push(...parsed.toezeggingen);
    next = nextODataUrl(asked, parsed.toezeggingen.length, null, parsed.nextLink, ctx);
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** What a promise brings to the match: its sentence, the ministries that made it, the answer's date. */
export interface PromiseToMatch {
  text: string;
  ministries: readonly string[];
  answered: string;
}

export interface ToezeggingMatch {
  toezegging: Toezegging;
  /** The text similarity, 0..1 (see the file comment). */
  score: number;
}

/** Words shorter than this are left out ("de", "het", "een", "om", "te", "van"). */
export const MIN_WORD = 4;
export const MIN_SCORE = 0.25;
export const MIN_SHARED = 3;
export const MAX_MATCHES = 3;

/** The ministry a Toezegging names: its Ministerie, else the office's. */
export function ministryOfToezegging(t: Toezegging): string | undefined {
  return (t.ministerie ? ministryNamed(t.ministerie) : undefined) ?? (t.functie ? ministryNamed(t.functie) : undefined);
}

/** The content terms of a text: folded, stemmed, at least MIN_WORD letters, no numbers alone. */
export function contentTerms(text: string): string[] {
  return terms(text).filter((t) => t.length >= MIN_WORD && !/^\d+$/.test(t));
}

/**
 * The Toezeggingen that may be the promise, best first (see the file comment); none when no
 * candidate passes. `candidates` are all the Toezeggingen fetched for the window: they give the
 * words their weights, whichever ministry they belong to.
 */
export function matchToezeggingen(promise: PromiseToMatch, candidates: readonly Toezegging[]): ToezeggingMatch[] {
  const { from, to } = toezeggingWindow(promise.answered);
  const inWindow = candidates.filter((t) => t.datum === null || (t.datum >= from && t.datum <= to));
  const ministries = new Set(promise.ministries.map((m) => ministryNamed(m) ?? m));
  const same = inWindow.filter((t) => {
    const m = ministryOfToezegging(t);
    return m !== undefined && ministries.has(m);
  });
  if (same.length === 0) return [];
  const vectors = new Map(inWindow.map((t) => [t, counts(contentTerms(t.tekst))]));
  const df = new Map<string, number>();
  for (const v of vectors.values()) for (const term of v.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const weight = (term: string): number => Math.log(1 + (inWindow.length + 1) / ((df.get(term) ?? 0) + 1));
  const query = weighted(counts(contentTerms(promise.text)), weight);
  const matches: ToezeggingMatch[] = [];
  for (const t of same) {
    const doc = weighted(vectors.get(t)!, weight);
    let dot = 0;
    let shared = 0;
    for (const [term, w] of query.weights) {
      const v = doc.weights.get(term);
      if (v === undefined) continue;
      dot += w * v;
      shared++;
    }
    const score = query.norm > 0 && doc.norm > 0 ? dot / (query.norm * doc.norm) : 0;
    if (shared >= MIN_SHARED && score >= MIN_SCORE) matches.push({ toezegging: t, score: Math.round(score * 100) / 100 });
  }
  const distance = (t: Toezegging): number => (t.datum ? Math.abs(daysBetween(t.datum, promise.answered)) : Number.MAX_SAFE_INTEGER);
  return matches
    .sort((a, b) => b.score - a.score || distance(a.toezegging) - distance(b.toezegging) || a.toezegging.nummer.localeCompare(b.toezegging.nummer))
    .slice(0, MAX_MATCHES);
}

function counts(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of list) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function weighted(tf: Map<string, number>, weight: (term: string) => number): { weights: Map<string, number>; norm: number } {
  const weights = new Map<string, number>();
  let sum = 0;
  for (const [term, n] of tf) {
    const w = (1 + Math.log(n)) * weight(term);
    weights.set(term, w);
    sum += w * w;
  }
  return { weights, norm: Math.sqrt(sum) };
}
