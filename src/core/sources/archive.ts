/**
 * Downloading the archive: every Kamervraag matching a filter into the library, resumably.
 *
 * 1. The zaken come page by page from the Open Data Portal: `Soort eq 'Schriftelijke vragen'`,
 *    `Verwijderd eq false`, ordered by `Id` (a key, so the paging is stable), without `$top` so the
 *    portal pages by itself (250 a page, an opaque `$skiptoken` nextLink).
 * 2. The texts of each page's zaken through `fetchKamervraag`, a few at a time (the HTTP client's
 *    per-host limit and backoff still apply), each saved in the library as soon as it is complete.
 * 3. After every page a checkpoint (`archive-download.json` in the library folder, written
 *    atomically) records the filter, the page being worked on and the counts. A cancel, a crash or
 *    a restart continues at that page; zaken already in the library are not fetched again.
 * 4. `updateArchive` asks only for zaken changed since the last completed run (`GewijzigdOp gt`, the
 *    zaak's own or one of its documents' or actors'), fetches those and removes the ones the portal
 *    marks `Verwijderd`.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { LibraryStore } from '../library/store';
import { writeAtomic } from '../library/store';
import { fetchKamervraag, isCancellation, validatorsOf, type SourceContext } from './resolve';
import { nextODataUrl } from './search';
import { amsterdamToday, searchFilter, type SearchQuery } from './odataQuery';

export const CHECKPOINT = 'archive-download.json';
const CHECKPOINT_VERSION = 1;
/** Zaken fetched at once: polite to the services, and the client's per-host limit caps it anyway. */
export const ARCHIVE_CONCURRENCY = 4;
/** The archive starts with the portal's data: the Tweede Kamer's zaken since 2008. */
export const ARCHIVE_FROM = '2008-01-01';

/** What to download; nothing chosen is the whole archive since 2008. */
export type ArchiveFilter = Pick<SearchQuery, 'from' | 'to' | 'addressee' | 'party' | 'submitter' | 'status'>;

export interface ArchiveCheckpoint {
  version: number;
  filter: ArchiveFilter;
  /** 'download': the first full run; 'update': an incremental one. */
  mode: 'download' | 'update';
  /** The page being worked on (its URL); null when the run is finished. */
  page: string | null;
  /** When this run started (ISO instant): the next update asks for changes after it. */
  startedAt: string;
  /** When the last run finished completely; null before the first. */
  lastRun: string | null;
  /** The instant the running update asks changes after. */
  since: string | null;
  counts: ArchiveCounts;
  /** One line per zaak that failed in this run, resumes included (at most FAILURE_LINES; `counts.failed` counts all). */
  failures?: string[];
}

/** Failure lines a checkpoint keeps: enough to see what went wrong, small when everything fails. */
export const FAILURE_LINES = 1000;

export interface ArchiveCounts {
  /** Zaken listed by the portal so far in this run. */
  listed: number;
  /** Fetched and saved in this run. */
  fetched: number;
  /** Already in the library, not fetched again. */
  skipped: number;
  /** Removed because the portal marks them deleted. */
  removed: number;
  /** Could not be fetched (see `failures`); they are tried again by the next run. */
  failed: number;
  /** All zaken the filter matches, as the portal counts them. */
  total: number | null;
}

export interface ArchiveProgress {
  counts: ArchiveCounts;
  /** The zaak just handled. */
  zaak?: string | undefined;
}

export interface ArchiveOptions {
  /** Told after every zaak and page. */
  onProgress?: ((p: ArchiveProgress) => void) | undefined;
  concurrency?: number | undefined;
  /** Now, as an ISO instant (tests). */
  now?: (() => string) | undefined;
}

export interface ArchiveResult {
  counts: ArchiveCounts;
  /** One line per zaak that failed in this run, resumes included (at most FAILURE_LINES). */
  failures: string[];
  /** False when cancelled: the checkpoint says where to go on. */
  complete: boolean;
}

/** The checkpoint in `dir`, or null when there is none (or it cannot be read). */
export async function readCheckpoint(dir: string): Promise<ArchiveCheckpoint | null> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, CHECKPOINT), 'utf8');
  } catch (_) {
    return null;
  }
  try {
    const cp = JSON.parse(text) as ArchiveCheckpoint;
    if (cp.version !== CHECKPOINT_VERSION || typeof cp.startedAt !== 'string' || typeof cp.counts !== 'object') return null;
    return cp;
  } catch (_) {
    return null;
  }
}

/** Whether a run was interrupted: a checkpoint with a page still to do. */
export function interrupted(cp: ArchiveCheckpoint | null): cp is ArchiveCheckpoint & { page: string } {
  return cp !== null && cp.page !== null;
}

async function writeCheckpoint(dir: string, cp: ArchiveCheckpoint): Promise<void> {
  // A new library's folder is made by its first save; the checkpoint comes before that.
  await fs.mkdir(dir, { recursive: true });
  await writeAtomic(dir, CHECKPOINT, `${JSON.stringify(cp, null, 1)}\n`);
}

function emptyCounts(): ArchiveCounts {
  return { listed: 0, fetched: 0, skipped: 0, removed: 0, failed: 0, total: null };
}

/** The portal's filter for the archive (and, with `since`, for what changed after it). */
export function archiveFilterText(filter: ArchiveFilter, today: string, since?: string): string {
  const q: SearchQuery = { ...filter, from: filter.from ?? ARCHIVE_FROM };
  const text = searchFilter(q, today);
  if (since === undefined) return text;
  // Deleted zaken must come too, so that they can be removed.
  const changed = `(GewijzigdOp gt ${since} or Document/any(d: d/GewijzigdOp gt ${since}) or ZaakActor/any(a: a/GewijzigdOp gt ${since}))`;
  return `${text.replace(/ and Verwijderd eq false\b/, '')} and ${changed}`;
}

/** The first page's URL: no `$top` (the portal pages by itself), ordered by the key. */
export function archiveUrl(base: string, filter: ArchiveFilter, today: string, since?: string): string {
  const params: [string, string][] = [
    ['$filter', archiveFilterText(filter, today, since)],
    ['$orderby', 'Id'],
    ['$select', 'Id,Nummer,Verwijderd,GewijzigdOp'],
    ['$count', 'true'],
  ];
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${base.replace(/\/+$/, '')}/Zaak?${query}`;
}

/** Rows of one listing page: the portal pages by itself at 250. */
export const ARCHIVE_PAGE_SIZE = 250;
/**
 * Requests a zaak costs besides the listing: its zaak at the Open Data Portal, then an answered one
 * its answer's publication (whose address follows from its id; a nader antwoord one more), an open one
 * KOOP's search record of its questions (kv-tk folders do not follow from the id) and the questions.
 */
export const REQUESTS_PER_ZAAK = { least: 2, most: 3 } as const;

export interface ArchiveEstimate {
  /** Zaken the filter matches (for an update: that changed since the last run), as the portal counts them. */
  zaken: number;
  /** Listing pages, and all requests at least and at most (listing plus each zaak's). */
  pages: number;
  requests: { least: number; most: number };
}

/** What fetching `zaken` zaken costs the services, in requests (see REQUESTS_PER_ZAAK). */
export function estimateOf(zaken: number): ArchiveEstimate {
  const pages = Math.max(1, Math.ceil(zaken / ARCHIVE_PAGE_SIZE));
  return { zaken, pages, requests: { least: pages + zaken * REQUESTS_PER_ZAAK.least, most: pages + zaken * REQUESTS_PER_ZAAK.most } };
}

/**
 * How many zaken a download (or, with `since`, an update) would list: one request for one row with
 * `$count=true`, the portal's count of every match (`@odata.count`). Null when the answer has no count.
 */
export async function countArchive(filter: ArchiveFilter, ctx: SourceContext, since?: string): Promise<number | null> {
  const url = `${archiveUrl(ctx.endpoints.odata, filter, ctx.today ?? amsterdamToday(), since).replace(/&\$orderby=[^&]*/, '')}&$top=1`;
  const res = await ctx.http.get({ url, accept: 'application/json', signal: ctx.signal, expect: /json/i });
  return parseListing(res.body).count;
}

/** The checkpoint's run as the next update would ask it: its filter and the last completed run, or null. */
export function updateBase(cp: ArchiveCheckpoint | null): { filter: ArchiveFilter; since: string } | null {
  return cp?.lastRun ? { filter: cp.filter, since: cp.lastRun } : null;
}

/**
 * Downloads every Kamervraag matching `filter` into `store`, or goes on with the interrupted run
 * recorded in the library (`resume`; its own filter is used then).
 */
export async function downloadArchive(
  store: LibraryStore,
  filter: ArchiveFilter,
  ctx: SourceContext,
  options: ArchiveOptions & { resume?: boolean | undefined } = {},
): Promise<ArchiveResult> {
  const now = options.now ?? (() => new Date().toISOString());
  const previous = await readCheckpoint(store.dir);
  let cp: ArchiveCheckpoint;
  if (options.resume && interrupted(previous)) {
    cp = previous;
  } else {
    cp = {
      version: CHECKPOINT_VERSION, filter, mode: 'download', startedAt: now(), lastRun: previous?.lastRun ?? null, since: null,
      page: archiveUrl(ctx.endpoints.odata, filter, ctx.today ?? amsterdamToday()), counts: emptyCounts(),
    };
  }
  return run(store, cp, ctx, options);
}

/**
 * Fetches what changed at the portal since the last completed run, and removes the zaken it marks
 * deleted. Without a completed run there is nothing to update from: null.
 */
export async function updateArchive(store: LibraryStore, ctx: SourceContext, options: ArchiveOptions & { resume?: boolean | undefined } = {}): Promise<ArchiveResult | null> {
  const now = options.now ?? (() => new Date().toISOString());
  const previous = await readCheckpoint(store.dir);
  if (previous === null) return null;
  if (options.resume && interrupted(previous) && previous.mode === 'update') return run(store, previous, ctx, options);
  if (previous.lastRun === null) return null;
  const cp: ArchiveCheckpoint = {
    version: CHECKPOINT_VERSION, filter: previous.filter, mode: 'update', startedAt: now(), lastRun: previous.lastRun, since: previous.lastRun,
    page: archiveUrl(ctx.endpoints.odata, previous.filter, ctx.today ?? amsterdamToday(), previous.lastRun), counts: emptyCounts(),
  };
  return run(store, cp, ctx, options);
}

interface ListedZaak {
  nummer: string;
  deleted: boolean;
}

async function run(store: LibraryStore, cp: ArchiveCheckpoint, ctx: SourceContext, options: ArchiveOptions): Promise<ArchiveResult> {
  const failures = (cp.failures ??= []);
  const concurrency = Math.max(1, options.concurrency ?? ARCHIVE_CONCURRENCY);
  const report = (zaak?: string): void => options.onProgress?.({ counts: { ...cp.counts }, zaak });
  const fetchedAt = (): string => new Date().toISOString();
  await writeCheckpoint(store.dir, cp);
  // The counts as the page at work began: a resume does that page again (its saved zaken as skipped).
  let pageStart = { counts: { ...cp.counts }, failures: failures.length };
  try {
    while (cp.page !== null) {
      pageStart = { counts: { ...cp.counts }, failures: failures.length };
      ctx.signal?.throwIfAborted();
      const asked = cp.page;
      const res = await ctx.http.get({ url: asked, accept: 'application/json', signal: ctx.signal, expect: /json/i });
      const page = parseListing(res.body);
      cp.counts.total = page.count ?? cp.counts.total;
      let at = 0;
      const worker = async (): Promise<void> => {
        while (at < page.zaken.length) {
          ctx.signal?.throwIfAborted();
          const zaak = page.zaken[at++]!;
          await handle(store, cp, zaak, ctx, failures, fetchedAt);
          report(zaak.nummer);
        }
      };
      // Every worker ends before the page does, a cancelled one too: nothing is saved after the run returns.
      const ended = await Promise.allSettled(Array.from({ length: Math.min(concurrency, page.zaken.length) }, worker));
      const thrown = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
      if (thrown) throw thrown.reason;
      cp.counts.listed += page.zaken.length;
      cp.page = nextODataUrl(asked, page.zaken.length, page.count, page.nextLink, ctx);
      if (cp.page === null) cp.lastRun = cp.startedAt;
      await writeCheckpoint(store.dir, cp);
      report();
    }
    return { counts: { ...cp.counts }, failures: [...failures], complete: true };
  } catch (err) {
    if (!isCancellation(err) && !ctx.signal?.aborted) throw err;
    // The page at work stays in the checkpoint; its saved zaken are skipped when going on, and
    // counted then, so that nothing counts twice.
    cp.counts = pageStart.counts;
    cp.failures = failures.slice(0, pageStart.failures);
    await writeCheckpoint(store.dir, cp);
    return { counts: { ...cp.counts }, failures: [...cp.failures], complete: false };
  }
}

async function handle(store: LibraryStore, cp: ArchiveCheckpoint, zaak: ListedZaak, ctx: SourceContext, failures: string[], fetchedAt: () => string): Promise<void> {
  if (zaak.deleted) {
    if (await store.remove(zaak.nummer)) cp.counts.removed++;
    return;
  }
  const stored = store.get(zaak.nummer);
  if (stored && cp.mode === 'download') {
    cp.counts.skipped++;
    return;
  }
  try {
    // An update asks conditionally with the stored copy's validators, and never keeps a less
    // complete copy (fetchKamervraag throws IncompleteCopyError then: a failure, the copy stays).
    const loaded = stored ? await store.read(stored.key) : undefined;
    const previous = loaded ? { kamervraag: loaded.kamervraag, validators: validatorsOf(loaded) } : undefined;
    const result = await fetchKamervraag(zaak.nummer, ctx, previous);
    // Saved as the fetch commands save: with when and where from, so that opening it later does not fetch it again.
    await store.save(result.kamervraag, {
      fetchedAt: fetchedAt(),
      source: result.validators?.url ?? stored?.source ?? zaak.nummer,
      ...(result.validators?.etag ? { etag: result.validators.etag } : {}),
      ...(result.validators?.lastModified ? { lastModified: result.validators.lastModified } : {}),
    });
    cp.counts.fetched++;
  } catch (err) {
    if (isCancellation(err) && ctx.signal?.aborted) throw err;
    cp.counts.failed++;
    if (failures.length < FAILURE_LINES) failures.push(`${zaak.nummer}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The zaaknummers of one page of the listing, with the page's count and nextLink. */
export function parseListing(body: string): { zaken: ListedZaak[]; count: number | null; nextLink: string | null } {
  const json = JSON.parse(body) as Record<string, unknown>;
  const value = Array.isArray(json['value']) ? (json['value'] as Record<string, unknown>[]) : [];
  const zaken: ListedZaak[] = [];
  for (const z of value) {
    const nummer = z['Nummer'];
    if (typeof nummer !== 'string' || !/^\d{4}Z\d{5}$/.test(nummer)) continue;
    zaken.push({ nummer, deleted: z['Verwijderd'] === true });
  }
  const count = typeof json['@odata.count'] === 'number' ? json['@odata.count'] : null;
  const nextLink = typeof json['@odata.nextLink'] === 'string' ? json['@odata.nextLink'] : null;
  return { zaken, count, nextLink };
}
