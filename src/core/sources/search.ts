/**
 * Searching Kamervragen at the sources: structured search (subject words, indiener, party,
 * minister, dates, status) through the Open Data Portal, full text through KOOP's SRU service.
 * Results are summaries, newest first across pages, a page at a time (`nextPage`, or
 * `searchPages` for all of them).
 */
import type { Status } from '../model';
import { ANSWER_DAYS, ANSWER_DAYS_AFTER_UITSTEL } from '../kamervraag';
import { addDays } from '../text';
import { parseODataZaakSummaries } from '../parse/odata';
import { isKamervraagRecord, parseSruResponse, summaryFromSruRecord } from '../parse/sru';
import type { KamervraagSummary } from '../parse/summary';
import { onEndpoint } from './endpoints';
import type { SourceContext } from './resolve';
import { amsterdamToday, SEARCH_PAGE_SIZE, searchUrl, type SearchQuery } from './odataQuery';
import { HttpError, type HttpResponse } from './http';
import { ServiceError, serviceErrorMessage } from './serviceError';
import { SRU_PAGE_SIZE, fullTextQuery, sruUrl } from './sruQuery';

export interface SearchPage {
  items: KamervraagSummary[];
  /** Pass back to `nextPage` for more; null on the last page. */
  next: SearchCursor | null;
  /** Total hits where the service says. */
  total: number | null;
}

/**
 * Where the next page starts. OData: the next request (the search's own `$skip` page, or the
 * portal's nextLink for a request without `$top`); SRU: the next startRecord. Opaque to callers.
 */
export type SearchCursor =
  | { source: 'odata'; url: string; query: SearchQuery }
  | { source: 'sru'; text: string; from?: string | undefined; to?: string | undefined; start: number; seen?: string[] | undefined };

/** Status of a summary by the same rules as the full model (see kamervraag.ts). */
export function summaryStatus(s: KamervraagSummary, today: string): Status {
  if (s.withdrawn) return 'withdrawn';
  const deadline = s.submitted ? addDays(s.submitted, s.postponed ? ANSWER_DAYS_AFTER_UITSTEL : ANSWER_DAYS) : null;
  if (s.answered) return deadline && s.answered > deadline ? 'answered-late' : 'answered-on-time';
  return deadline && today > deadline ? 'overdue' : 'open';
}

/** Whether a summary fits the status asked (the portal's filter approximates overdue and answered-late). */
function fits(s: KamervraagSummary, query: SearchQuery, today: string): boolean {
  const status = summaryStatus(s, today);
  switch (query.status) {
    case undefined: return true;
    case 'open': return status === 'open' || status === 'overdue';
    case 'overdue': return status === 'overdue';
    case 'answered': return status === 'answered-on-time' || status === 'answered-late';
    case 'answered-late': return status === 'answered-late';
  }
}

/** The first page of a structured search through the Open Data Portal. */
export function searchKamervragen(query: SearchQuery, ctx: SourceContext): Promise<SearchPage> {
  return odataPage(searchUrl(ctx.endpoints.odata, query, todayOf(ctx)), query, ctx);
}

/** The first page of a full-text search through KOOP's SRU service, newest first. */
export function searchFullText(text: string, ctx: SourceContext, from?: string, to?: string): Promise<SearchPage> {
  return sruPage({ source: 'sru', text, from, to, start: 1 }, ctx);
}

/** The page after the one that gave `cursor`. */
export function nextPage(cursor: SearchCursor, ctx: SourceContext): Promise<SearchPage> {
  return cursor.source === 'odata' ? odataPage(cursor.url, cursor.query, ctx) : sruPage(cursor, ctx);
}

/**
 * Every page of a search, in order, until the last (or until the caller stops asking): for a
 * "load more" in steps, or a download of everything a search finds.
 */
export async function* searchPages(first: SearchPage, ctx: SourceContext): AsyncGenerator<SearchPage, void, undefined> {
  let page: SearchPage = first;
  yield page;
  while (page.next) {
    page = await nextPage(page.next, ctx);
    yield page;
  }
}

function todayOf(ctx: SourceContext): string {
  return ctx.today ?? amsterdamToday();
}

/** Requests one page at most this often to fill a page the client-side status check thinned out. */
const MAX_REQUESTS_PER_PAGE = 5;

/**
 * One page of results from `url` on. When the status asked is checked here (the portal can only
 * approximate it), pages that the check thins out are followed at once, up to a full page.
 */
async function odataPage(url: string, query: SearchQuery, ctx: SourceContext): Promise<SearchPage> {
  const today = todayOf(ctx);
  const items: KamervraagSummary[] = [];
  let next: string | null = url;
  let total: number | null = null;
  for (let requests = 0; next !== null && requests < MAX_REQUESTS_PER_PAGE; requests++) {
    ctx.progress?.('Tweede Kamer Open Data: searching');
    const asked: string = next;
    const res = await getRefusable(asked, 'application/json', /json/i, 'The Open Data Portal', ctx);
    const page = parseODataZaakSummaries(res.body);
    items.push(...page.summaries.filter((s) => fits(s, query, today)));
    total = page.count ?? total;
    next = nextODataUrl(asked, page.received, page.count, page.nextLink, ctx);
    if (query.status === undefined || items.length >= SEARCH_PAGE_SIZE) break;
  }
  return { items, next: next ? { source: 'odata', url: next, query } : null, total };
}

/**
 * The URL of the page after `asked`. With `$top` the portal sends no nextLink (and one it sent
 * would only lead to the rest of that `$top`), so the next page is `$skip` further, while the
 * count says more remain (without a count: while pages come full). Without `$top` the portal pages
 * by itself: its nextLink is followed as it is (`$skiptoken` and all), moved onto the configured
 * endpoint.
 */
export function nextODataUrl(asked: string, received: number, count: number | null, nextLink: string | null, ctx: SourceContext): string | null {
  const url = new URL(asked);
  const top = url.searchParams.get('$top');
  if (top === null) return nextLink ? onConfiguredOData(nextLink, ctx) : null;
  const size = Number(top);
  const skip = Number(url.searchParams.get('$skip') ?? '0');
  if (!Number.isInteger(size) || size <= 0 || !Number.isInteger(skip)) return null;
  const more = count !== null ? skip + size < count : received >= size;
  if (!more || received === 0) return null;
  url.searchParams.set('$skip', String(skip + size));
  return odataQueryString(url);
}

/** URLSearchParams writes '+' for a space, which OData servers need not read as one: %20 instead. */
function odataQueryString(url: URL): string {
  const query = [...url.searchParams].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${url.origin}${url.pathname}?${query}`;
}

function onConfiguredOData(nextLink: string, ctx: SourceContext): string {
  const marker = '/OData/v4/2.0/';
  const at = nextLink.indexOf(marker);
  if (at < 0) return nextLink;
  return ctx.endpoints.odata.replace(/\/+$/, '/') + nextLink.slice(at + marker.length);
}

async function sruPage(cursor: Extract<SearchCursor, { source: 'sru' }>, ctx: SourceContext): Promise<SearchPage> {
  ctx.progress?.('KOOP: searching the full text');
  const url = sruUrl(ctx.endpoints.sru, fullTextQuery(cursor.text, cursor.from, cursor.to), cursor.start, SRU_PAGE_SIZE);
  const res = await getRefusable(onEndpoint(url, ctx.endpoints), 'application/xml', /xml/i, "KOOP's search service", ctx);
  const page = parseSruResponse(res.body);
  if (page.diagnostics.length > 0 && page.records.length === 0) {
    throw new ServiceError(`KOOP's search service refused the search: ${serviceErrorMessage(res.body) ?? page.diagnostics.join('; ')}`, res.body, res.status);
  }
  // In the service's order (newest first, asked with sortBy): sorting a page here would mix pages.
  // A zaak's questions and answer are two publications; the newest stands for the Kamervraag, once.
  const seen = new Set(cursor.seen ?? []);
  const items = page.records.filter(isKamervraagRecord).map(summaryFromSruRecord).filter((s) => {
    if (seen.has(s.key)) return false;
    seen.add(s.key);
    return true;
  });
  return {
    items,
    next: page.nextRecordPosition ? { ...cursor, start: page.nextRecordPosition, seen: [...seen] } : null,
    total: page.numberOfRecords,
  };
}

/**
 * A GET whose refusal (4xx/5xx with a body that explains it) becomes the service's own message
 * ("The Open Data Portal refused the search (400): …").
 */
export async function getRefusable(url: string, accept: string, expect: RegExp, service: string, ctx: SourceContext, what = 'the search'): Promise<HttpResponse> {
  try {
    return await ctx.http.get({ url, accept, signal: ctx.signal, expect });
  } catch (err) {
    if (err instanceof HttpError && err.kind === 'status' && err.body) {
      const said = serviceErrorMessage(err.body);
      if (said) throw new ServiceError(`${service} refused ${what} (${err.status}): ${said}`, err.body, err.status);
    }
    throw err;
  }
}
