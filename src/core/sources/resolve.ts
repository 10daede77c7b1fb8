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
 * Documents that fail are reported as warnings as long as the questions themselves could be read;
 * when they could not (the portal answered but every publication failed), or nothing could, a
 * FetchError says what failed and what to try. With a stored copy, the new copy must be at least as
 * complete (completeness.ts), else an IncompleteCopyError says what it lacks and what failed, and the
 * stored copy stays. The whole fetch has a time budget (`totalTimeoutMs`, default 60 s): what is left
 * when it runs out is cancelled and reported. Cancellation by the caller always propagates.
 */
import type { Kamervraag, KamervraagDraft } from '../model';
import { ParseError } from '../model';
import { merge } from '../kamervraag';
import { judgeReplacement } from '../completeness';
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
  /** The most one fetch may take, all requests and retries together; default 60 000. */
  totalTimeoutMs?: number | undefined;
  /** When the budget runs out (Date.now() milliseconds); set by fetchKamervraag for its requests. */
  deadline?: number | undefined;
}

export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;

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

/** The validators of a stored copy's last fetch (its source, ETag, Last-Modified), for a conditional refresh. */
export function validatorsOf(item: { source?: string | undefined; etag?: string | undefined; lastModified?: string | undefined }): Validators | null {
  if (!item.source || !/^https?:/.test(item.source)) return null;
  return { url: item.source, etag: item.etag ?? null, lastModified: item.lastModified ?? null };
}

/** Nothing could be fetched. The message says what failed and what to try. */
export class FetchError extends Error {
  override readonly name: string = 'FetchError';

  constructor(
    message: string,
    /** The Kamervraag exists (the portal knows its zaak), but its questions and answers could not be read. */
    readonly found = false,
  ) {
    super(message);
  }
}

/** A refresh brought a copy less complete than the stored one, which was kept. */
export class IncompleteCopyError extends FetchError {
  override readonly name = 'IncompleteCopyError';

  constructor(
    message: string,
    /** What the new copy lacks, in words. */
    readonly losses: readonly string[],
    /** What failed on the way (the fetch's warnings). */
    readonly failures: readonly string[],
  ) {
    super(message);
  }
}

/** One publication could not be read; `notFound` when every manifestation answered 404/410. */
class DocumentError extends FetchError {
  constructor(message: string, readonly document: string, readonly notFound: boolean) {
    super(message);
  }
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
  const budgetMs = Math.max(1, ctx.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS);
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), budgetMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, budget.signal]) : budget.signal;
  /** The budget ran out (not the caller's cancel): what is left was cancelled. */
  const outOfTime = (): string | undefined => (budget.signal.aborted && !ctx.signal?.aborted
    ? `The fetch took longer than ${seconds(budgetMs)} (setting kamervragen.network.totalTimeoutSeconds), so what was left was cancelled.`
    : undefined);
  try {
    const fellBack: string[] = [];
    const result = await fetchWithin(id, input, { ...ctx, signal, deadline: Date.now() + budgetMs }, outOfTime, fellBack, previous);
    if (!previous || result.notModified) return result;
    const verdict = judgeReplacement(previous.kamervraag, result.kamervraag);
    if (verdict.replace) return result;
    const reported = result.warnings.length > 0 ? result.warnings : fellBack;
    const failed = reported.length > 0
      ? ` What failed: ${[...new Set(reported)].join(' ')}`
      : ' No request failed: a document may have been cut off on the way. Try again later.';
    throw new IncompleteCopyError(
      `The copy just fetched is less complete than the saved one (${verdict.losses.join('; ')}), so the saved copy was kept.${failed}`,
      verdict.losses, result.warnings);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchWithin(
  id: KamervraagId,
  input: string | KamervraagId,
  ctx: SourceContext,
  outOfTime: () => string | undefined,
  /** Manifestations that failed before another one of the same publication was read. */
  fellBack: string[],
  previous?: { kamervraag: Kamervraag; validators: Validators | null },
): Promise<FetchResult> {
  const drafts: KamervraagDraft[] = [];
  const warnings: string[] = [];
  /** Publications that could not be read. */
  const unread: DocumentError[] = [];
  let validators: Validators | null = null;
  let zaak = zaakOf(id);

  const soft = (err: unknown): void => {
    if (isCancellation(err)) {
      const late = outOfTime();
      if (!late) throw err;
      warnings.push(late);
      return;
    }
    if (err instanceof DocumentError) unread.push(err);
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
        const res = await ctx.http.get({ url, accept: 'application/json', signal: ctx.signal, notAfter: ctx.deadline, expect: JSON_TYPE, etag: prev?.etag, lastModified: prev?.lastModified });
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
      drafts.push(await koopDocument(document, ctx, records.get(document), fellBack));
    } catch (err) {
      soft(err);
    }
  }

  const name = typeof input === 'string' ? input.trim() : zaak ?? 'this Kamervraag';
  if (drafts.length === 0 || !drafts.some((d) => (d.entries?.length ?? 0) > 0 || (d.documents?.length ?? 0) > 0)) {
    throw new FetchError(`Could not fetch ${name}. ${[...new Set(warnings)].join(' ')}`.trim());
  }
  // The zaak came, but not its questions: only questions not yet published (404) leave it at that.
  const questionsRead = drafts.some((d) => (d.entries?.length ?? 0) > 0);
  const failedForReal = unread.some((e) => !(e.notFound && e.document.startsWith('kv-')));
  const late = outOfTime();
  if (!questionsRead && (failedForReal || late)) {
    throw new FetchError(`Could not fetch ${name}: the questions and answers could not be read. ${[...new Set(warnings)].join(' ')}`.trim(), true);
  }
  return { kamervraag: merge(drafts, ctx.today), warnings: [...new Set(warnings)], validators, notModified: false };
}

/** The zaak an answer document belongs to: OData's Document by Aanhangselnummer, else KOOP's metadata. */
async function zaakOfAnswer(document: string, ctx: SourceContext): Promise<string | null> {
  const nummer = idToAanhangselnummer(document);
  if (nummer) {
    try {
      ctx.progress?.(`Tweede Kamer Open Data: ${document}`);
      const res = await ctx.http.get({ url: documentByAanhangselnummerUrl(ctx.endpoints.odata, nummer), accept: 'application/json', signal: ctx.signal, notAfter: ctx.deadline, expect: JSON_TYPE });
      const zaak = parseODataDocumentResponse(res.body)[0];
      if (zaak) return zaak;
    } catch (err) {
      if (isCancellation(err)) throw err;
    }
  }
  const url = repositoryUrl(document, 'metadata');
  if (!url) return null;
  const res = await ctx.http.get({ url: onEndpoint(url, ctx.endpoints), accept: 'application/xml', signal: ctx.signal, notAfter: ctx.deadline, expect: XML });
  return parseDocument(res.body).zaak ?? null;
}

/** SRU records for a CQL query (first page: a zaak has only a few publications). */
async function sruRecords(cql: string, ctx: SourceContext): Promise<SruRecord[]> {
  const res = await ctx.http.get({ url: sruUrl(ctx.endpoints.sru, cql), accept: 'application/xml', signal: ctx.signal, notAfter: ctx.deadline, expect: XML });
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
async function koopDocument(document: string, ctx: SourceContext, known: SruRecord | undefined, fellBack: string[]): Promise<KamervraagDraft> {
  let record = known;
  const address = (m: Manifestation): string | undefined => {
    const fromRecord = record?.urls[m === 'metadataowms' ? 'metadataowms' : m];
    return fromRecord ?? repositoryUrl(document, m);
  };
  if (!address('xml') && !record) {
    ctx.progress?.(`KOOP search: ${document}`);
    record = (await sruRecords(identifierQuery(document), ctx)).find((r) => r.identifier === document);
    if (!record) throw new DocumentError(`KOOP's repository has no publication ${document}.`, document, true);
  }
  const failures: string[] = [];
  let notFound = true;
  for (const [manifestation, expect] of [['xml', XML], ['html', HTML], ['metadata', XML]] as const) {
    const url = address(manifestation);
    if (!url) continue;
    try {
      ctx.progress?.(`repository.overheid.nl: ${document} (${manifestation})`);
      const res = await ctx.http.get({ url: onEndpoint(url, ctx.endpoints), accept: manifestation === 'html' ? 'text/html' : 'application/xml', signal: ctx.signal, notAfter: ctx.deadline, expect });
      const draft = parseDocument(res.body);
      fellBack.push(...failures);
      return draft;
    } catch (err) {
      if (isCancellation(err)) throw err;
      if (!(err instanceof HttpError || err instanceof ParseError)) throw err;
      if (!(err instanceof HttpError && (err.status === 404 || err.status === 410))) notFound = false;
      failures.push(err.message);
    }
  }
  throw new DocumentError(`Could not read ${document}: ${[...new Set(failures)].join(' ')}`, document, notFound && failures.length > 0);
}

/** 1.5 s, 60 s, 90 s, 2 min. */
function seconds(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms < 10_000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
