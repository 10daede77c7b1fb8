/**
 * Searching Kamervragen at the sources: structured search (subject words, indiener, party,
 * minister, dates, status) through the Open Data Portal, full text through KOOP's SRU service.
 * Results are summaries, newest first, a page at a time.
 */
import type { Status } from '../model';
import { ANSWER_DAYS, ANSWER_DAYS_AFTER_UITSTEL } from '../kamervraag';
import { addDays } from '../text';
import { parseODataZaakSummaries } from '../parse/odata';
import { isKamervraagRecord, parseSruResponse, summaryFromSruRecord } from '../parse/sru';
import type { KamervraagSummary } from '../parse/summary';
import { onEndpoint } from './endpoints';
import type { SourceContext } from './resolve';
import { FetchError } from './resolve';
import { searchUrl, type SearchQuery } from './odataQuery';
import { SRU_PAGE_SIZE, fullTextQuery, sruUrl } from './sruQuery';

export interface SearchPage {
  items: KamervraagSummary[];
  /** Pass back to `nextPage` for more; null on the last page. */
  next: SearchCursor | null;
  /** Total hits where the service says. */
  total: number | null;
}

export type SearchCursor = { source: 'odata'; url: string; query: SearchQuery } | { source: 'sru'; text: string; from?: string | undefined; to?: string | undefined; start: number };

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
  const today = ctx.today ?? new Date().toISOString().slice(0, 10);
  return odataPage(searchUrl(ctx.endpoints.odata, query, today), query, ctx);
}

/** The first page of a full-text search through KOOP's SRU service. */
export function searchFullText(text: string, ctx: SourceContext, from?: string, to?: string): Promise<SearchPage> {
  return sruPage({ source: 'sru', text, from, to, start: 1 }, ctx);
}

export function nextPage(cursor: SearchCursor, ctx: SourceContext): Promise<SearchPage> {
  return cursor.source === 'odata' ? odataPage(cursor.url, cursor.query, ctx) : sruPage(cursor, ctx);
}

async function odataPage(url: string, query: SearchQuery, ctx: SourceContext): Promise<SearchPage> {
  const today = ctx.today ?? new Date().toISOString().slice(0, 10);
  ctx.progress?.('Tweede Kamer Open Data: searching');
  const res = await ctx.http.get({ url, accept: 'application/json', signal: ctx.signal, expect: /json/i });
  const page = parseODataZaakSummaries(res.body);
  return {
    items: page.summaries.filter((s) => fits(s, query, today)),
    // The portal's nextLink names its own host; keep following it on the configured endpoint.
    next: page.nextLink ? { source: 'odata', url: onConfiguredOData(page.nextLink, ctx), query } : null,
    total: page.count,
  };
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
  const res = await ctx.http.get({ url: onEndpoint(url, ctx.endpoints), accept: 'application/xml', signal: ctx.signal, expect: /xml/i });
  const page = parseSruResponse(res.body);
  if (page.diagnostics.length > 0 && page.records.length === 0) {
    throw new FetchError(`KOOP's search service refused the search: ${page.diagnostics.join('; ')}`);
  }
  const items = page.records.filter(isKamervraagRecord).map(summaryFromSruRecord);
  items.sort((a, b) => (b.submitted ?? b.answered ?? '').localeCompare(a.submitted ?? a.answered ?? ''));
  return {
    items,
    next: page.nextRecordPosition ? { ...cursor, start: page.nextRecordPosition } : null,
    total: page.numberOfRecords,
  };
}
