/**
 * From any identifier or link to one complete, merged Kamervraag.
 *
 * 1. Tweede Kamer questions with a zaaknummer: the Open Data Portal (OData) gives the zaak with its
 *    documents (questions, answer, nader antwoorden, Mededelingen) and actors (indieners with parties,
 *    addressed ministers). An answer id (ah-tk-…) is first traced to its zaak.
 * 2. The official publications of those documents come from repository.overheid.nl: the XML, or the
 *    HTML manifestation and the metadata record when the XML is missing. Answered questions are read
 *    from the answer document (which repeats the questions); open ones from the questions document.
 * 3. Without OData (Eerste Kamer, documents from before 2008, an outage) KOOP's SRU search finds the
 *    publications of the zaak.
 *
 * Documents that fail are reported as warnings as long as something could be read; when nothing
 * could, a FetchError says what failed and what to try. Cancellation always propagates.
 */
import type { Kamervraag, KamervraagDraft } from '../model';
import { ParseError } from '../model';
import { merge } from '../kamervraag';
import { idToAanhangselnummer, parseId, repositoryUrl, zaakOf, type KamervraagId, type Manifestation } from '../ids';
import { parseDocument } from '../parse';
import { parseODataDocumentResponse, parseODataZaakResponse } from '../parse/odata';
import { parseSruResponse, type SruRecord } from '../parse/sru';
import { HttpError, type HttpClient } from './http';
import { onEndpoint, type Endpoints } from './endpoints';
import { documentByAanhangselnummerUrl, zaakByNummerUrl } from './odataQuery';
import { identifierQuery, sruUrl, vraagnummerQuery } from './sruQuery';

export interface SourceContext {
  http: HttpClient;
  endpoints: Endpoints;
  signal?: AbortSignal | undefined;
  /** Told what is being fetched, for a progress notification. */
  progress?: ((message: string) => void) | undefined;
  /** ISO date that decides open vs overdue; today by default. */
  today?: string | undefined;
}

/** HTTP validators of the request that tells whether anything changed (for refreshes). */
export interface Validators {
  url: string;
  etag: string | null;
  lastModified: string | null;
}

export interface FetchResult {
  kamervraag: Kamervraag;
  /** Documents that could not be read; the Kamervraag is complete without them or says so. */
  warnings: string[];
  /** The first request's validators, to ask next time whether anything changed. */
  validators: Validators | null;
  /** True when a refresh found nothing changed: `kamervraag` is the previous copy. */
  notModified: boolean;
}

/** Nothing could be fetched. The message says what failed and what to try. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
}

export function isCancellation(err: unknown): boolean {
  return err instanceof HttpError && err.kind === 'cancelled';
}

const XML = /xml/i;
const JSON_TYPE = /json/i;
const HTML = /html|xml/i;

/**
 * Fetch and merge a Kamervraag. With `previous` (a stored copy and its validators) the first request
 * is conditional; when the service says nothing changed, the stored copy comes back as it was.
 */
export async function fetchKamervraag(
  input: string | KamervraagId,
  ctx: SourceContext,
  previous?: { kamervraag: Kamervraag; validators: Validators | null },
): Promise<FetchResult> {
  const id = typeof input === 'string' ? parseId(input) : input;
  const drafts: KamervraagDraft[] = [];
  const warnings: string[] = [];
  let validators: Validators | null = null;
  let zaak = zaakOf(id);

  const soft = (err: unknown): void => {
    if (isCancellation(err)) throw err;
    if (err instanceof HttpError || err instanceof ParseError || err instanceof FetchError) warnings.push(err.message);
    else throw err;
  };

  // 1. The zaak from the Open Data Portal.
  let odataDraft: KamervraagDraft | undefined;
  if (id.house === 'tk') {
    if (zaak === null && id.kind === 'answer') {
      try {
        zaak = await zaakOfAnswer(id.document, ctx);
      } catch (err) {
        soft(err);
      }
    }
    if (zaak !== null && /^\d{4}Z\d{5}$/.test(zaak)) {
      const url = zaakByNummerUrl(ctx.endpoints.odata, zaak);
      const prev = previous?.validators?.url === url ? previous.validators : null;
      try {
        ctx.progress?.(`Tweede Kamer Open Data: zaak ${zaak}`);
        const res = await ctx.http.get({ url, accept: 'application/json', signal: ctx.signal, expect: JSON_TYPE, etag: prev?.etag, lastModified: prev?.lastModified });
        validators = { url, etag: res.etag, lastModified: res.lastModified };
        if (res.notModified && previous) {
          return { kamervraag: previous.kamervraag, warnings, validators, notModified: true };
        }
        odataDraft = parseODataZaakResponse(res.body).zaken[0];
        if (odataDraft) drafts.push(odataDraft);
        else warnings.push(`The Tweede Kamer Open Data Portal has no Kamervraag with zaaknummer ${zaak}.`);
      } catch (err) {
        soft(err);
      }
    }
  }

  // 2. Which publications to read.
  const wanted = new Set<string>();
  const fromOData = odataDraft?.documents ?? [];
  const answers = fromOData.filter((d) => d.kind === 'answer' || d.kind === 'further-answer').map((d) => d.id);
  for (const a of answers) if (/^ah-/.test(a)) wanted.add(a);
  if (answers.length === 0) for (const d of fromOData) if (d.kind === 'questions' && /^kv-/.test(d.id)) wanted.add(d.id);
  if (id.kind !== 'zaak') wanted.add(id.document);
  if (wanted.size === 0 && id.kind === 'zaak') wanted.add(`kv-${id.house}-${id.zaak}`);

  // Without OData: KOOP's search finds the publications of the zaak.
  const records = new Map<string, SruRecord>();
  if (!odataDraft && zaak !== null) {
    try {
      ctx.progress?.(`KOOP search: publications of ${zaak}`);
      for (const r of await sruRecords(vraagnummerQuery(zaak), ctx)) {
        records.set(r.identifier, r);
        if (/^(?:ah|kv)-/.test(r.identifier)) wanted.add(r.identifier);
      }
    } catch (err) {
      soft(err);
    }
  }
  // Questions are repeated in the answer: with an answer document, skip the questions document.
  if ([...wanted].some((d) => d.startsWith('ah-'))) for (const d of [...wanted]) if (d.startsWith('kv-')) wanted.delete(d);

  // 3. The publications.
  for (const document of wanted) {
    try {
      drafts.push(await koopDocument(document, ctx, records.get(document)));
    } catch (err) {
      soft(err);
    }
  }

  if (drafts.length === 0 || !drafts.some((d) => (d.entries?.length ?? 0) > 0 || (d.documents?.length ?? 0) > 0)) {
    const name = typeof input === 'string' ? input.trim() : zaak ?? 'this Kamervraag';
    throw new FetchError(`Could not fetch ${name}. ${[...new Set(warnings)].join(' ')}`.trim());
  }
  return { kamervraag: merge(drafts, ctx.today), warnings: [...new Set(warnings)], validators, notModified: false };
}

/** The zaak an answer document belongs to: OData's Document by Aanhangselnummer, else KOOP's metadata. */
async function zaakOfAnswer(document: string, ctx: SourceContext): Promise<string | null> {
  const nummer = idToAanhangselnummer(document);
  if (nummer) {
    try {
      ctx.progress?.(`Tweede Kamer Open Data: ${document}`);
      const res = await ctx.http.get({ url: documentByAanhangselnummerUrl(ctx.endpoints.odata, nummer), accept: 'application/json', signal: ctx.signal, expect: JSON_TYPE });
      const zaak = parseODataDocumentResponse(res.body)[0];
      if (zaak) return zaak;
    } catch (err) {
      if (isCancellation(err)) throw err;
    }
  }
  const url = repositoryUrl(document, 'metadata');
  if (!url) return null;
  const res = await ctx.http.get({ url: onEndpoint(url, ctx.endpoints), accept: 'application/xml', signal: ctx.signal, expect: XML });
  return parseDocument(res.body).zaak ?? null;
}

/** SRU records for a CQL query (first page: a zaak has only a few publications). */
async function sruRecords(cql: string, ctx: SourceContext): Promise<SruRecord[]> {
  const res = await ctx.http.get({ url: sruUrl(ctx.endpoints.sru, cql), accept: 'application/xml', signal: ctx.signal, expect: XML });
  const parsed = parseSruResponse(res.body);
  if (parsed.diagnostics.length > 0 && parsed.records.length === 0) {
    throw new FetchError(`KOOP's search service refused the query: ${parsed.diagnostics.join('; ')}`);
  }
  return parsed.records;
}

/**
 * One publication: its XML, else its HTML manifestation, else its metadata record. Where the
 * repository folder cannot be derived from the id (kv-tk-…), KOOP's search gives the addresses.
 */
async function koopDocument(document: string, ctx: SourceContext, known?: SruRecord): Promise<KamervraagDraft> {
  let record = known;
  const address = (m: Manifestation): string | undefined => {
    const fromRecord = record?.urls[m === 'metadataowms' ? 'metadataowms' : m];
    return fromRecord ?? repositoryUrl(document, m);
  };
  if (!address('xml') && !record) {
    ctx.progress?.(`KOOP search: ${document}`);
    record = (await sruRecords(identifierQuery(document), ctx)).find((r) => r.identifier === document);
    if (!record) throw new FetchError(`KOOP's repository has no publication ${document}.`);
  }
  const failures: string[] = [];
  for (const [manifestation, expect] of [['xml', XML], ['html', HTML], ['metadata', XML]] as const) {
    const url = address(manifestation);
    if (!url) continue;
    try {
      ctx.progress?.(`repository.overheid.nl: ${document} (${manifestation})`);
      const res = await ctx.http.get({ url: onEndpoint(url, ctx.endpoints), accept: manifestation === 'html' ? 'text/html' : 'application/xml', signal: ctx.signal, expect });
      return parseDocument(res.body);
    } catch (err) {
      if (isCancellation(err)) throw err;
      if (!(err instanceof HttpError || err instanceof ParseError)) throw err;
      failures.push(err.message);
    }
  }
  throw new FetchError(`Could not read ${document}: ${failures.join(' ')}`);
}
