/**
 * Kamervragen: Download Archive… and Update Archive — the core's archive download
 * (core/sources/archive.ts) for a user: a filter asked field by field (nothing chosen is the whole
 * Tweede Kamer archive since 2008), a confirmation that says how many zaken and requests it costs
 * (the portal's own count), a progress notification with counts, rate and Cancel, and a report at the
 * end (what failed goes to the log, "Show Details" opens it).
 *
 * The checkpoint lives in the library folder (written atomically after every page), so a cancel, a
 * crash or a restart goes on where it stopped, and zaken in the library are never fetched again. One
 * run at a time in this window.
 */
import * as vscode from 'vscode';
import {
  countArchive, downloadArchive, estimateOf, interrupted, readCheckpoint, updateArchive, updateBase, ARCHIVE_FROM,
  type ArchiveCheckpoint, type ArchiveCounts, type ArchiveFilter, type ArchiveProgress, type ArchiveResult,
} from '../../core/sources/archive';
import type { SearchStatus } from '../../core/sources/odataQuery';
import { dateOfInput } from '../../core/sources/searchSyntax';
import { isCancellation, type SourceContext } from '../../core/sources/resolve';
import type { LibraryStore } from '../../core/library/store';
import { COMMANDS } from '../../shared/commands';
import type { Services } from '../services';
import { describeFailure } from '../failures';
import { displayDate } from '../dates';

/**
 * Bytes received a zaak, measured by bench/archive.bench.ts against the fixture server (whose answers
 * have the real services' shape): the zaak, KOOP's record of its questions and the questions. An
 * estimate: an answered one brings its answer instead of the last two.
 */
const BYTES_PER_ZAAK = 17_400;
/** Progress messages at most this often: a fast run handles hundreds of zaken a second. */
const REPORT_EVERY_MS = 250;

let running: AbortController | undefined;
const progressed = new vscode.EventEmitter<ArchiveProgress>();

const number = (n: number): string => n.toLocaleString(vscode.env.language);

function statusLabel(status: SearchStatus): string {
  switch (status) {
    case 'open': return vscode.l10n.t('open');
    case 'overdue': return vscode.l10n.t('overdue');
    case 'answered': return vscode.l10n.t('answered');
    case 'answered-late': return vscode.l10n.t('answered late');
  }
}

/** The filter in words: "since 2008", "2015-01-01 to 2016-12-31 · ministry Financiën · party VVD". */
export function describeFilter(filter: ArchiveFilter): string {
  const parts = [
    filter.to
      ? vscode.l10n.t('{0} to {1}', displayDate(filter.from ?? ARCHIVE_FROM), displayDate(filter.to))
      : vscode.l10n.t('since {0}', displayDate(filter.from ?? ARCHIVE_FROM)),
  ];
  if (filter.addressee) parts.push(vscode.l10n.t('ministry {0}', filter.addressee));
  if (filter.party) parts.push(vscode.l10n.t('party {0}', filter.party));
  if (filter.submitter) parts.push(vscode.l10n.t('indiener {0}', filter.submitter));
  if (filter.status) parts.push(statusLabel(filter.status));
  return parts.join(' · ');
}

interface FilterItem extends vscode.QuickPickItem {
  action: 'start' | 'period' | 'addressee' | 'party' | 'submitter' | 'status' | 'clear';
}

/**
 * Asks the filter: a list of its fields with their values, each opening its own input; "Download"
 * ends it. Undefined when the user closes the list.
 */
export async function askArchiveFilter(initial: ArchiveFilter = {}): Promise<ArchiveFilter | undefined> {
  let filter: ArchiveFilter = { ...initial };
  const any = vscode.l10n.t('any');
  for (;;) {
    const items: FilterItem[] = [
      { action: 'start', label: `$(cloud-download) ${vscode.l10n.t('Download these Kamervragen')}`, description: describeFilter(filter) },
      { action: 'period', label: `$(calendar) ${vscode.l10n.t('Period')}`, description: describeFilter({ from: filter.from, to: filter.to }) },
      { action: 'addressee', label: `$(organization) ${vscode.l10n.t('Ministry')}`, description: filter.addressee ?? any },
      { action: 'party', label: `$(people) ${vscode.l10n.t('Party')}`, description: filter.party ?? any },
      { action: 'submitter', label: `$(person) ${vscode.l10n.t('Indiener')}`, description: filter.submitter ?? any },
      { action: 'status', label: `$(pass) ${vscode.l10n.t('Status')}`, description: filter.status ? statusLabel(filter.status) : any },
    ];
    if (Object.values(filter).some((v) => v !== undefined)) items.push({ action: 'clear', label: `$(clear-all) ${vscode.l10n.t('Clear the filter')}` });
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Download Archive'),
      placeHolder: vscode.l10n.t('Choose what to download; with nothing chosen, every Kamervraag of the Tweede Kamer since 2008'),
    });
    if (!pick) return undefined;
    switch (pick.action) {
      case 'start':
        return filter;
      case 'clear':
        filter = {};
        break;
      case 'period': {
        const from = await askDate(vscode.l10n.t('Period: from (1/2)'), filter.from, false);
        if (from === undefined) break;
        const to = await askDate(vscode.l10n.t('Period: until (2/2)'), filter.to, true);
        if (to === undefined) break;
        filter = { ...filter, from: from || undefined, to: to || undefined };
        break;
      }
      case 'addressee':
      case 'party':
      case 'submitter': {
        const prompts = {
          addressee: vscode.l10n.t('Part of the ministry or the minister\'s name, e.g. Financiën or Hoekstra; empty for any'),
          party: vscode.l10n.t('A party of the indieners, e.g. VVD or GroenLinks-PvdA; empty for any'),
          submitter: vscode.l10n.t('Part of an indiener\'s name, e.g. Omtzigt; empty for any'),
        };
        const value = await vscode.window.showInputBox({ title: pick.label.replace(/^\$\([^)]+\) /, ''), prompt: prompts[pick.action], value: filter[pick.action] ?? '' });
        if (value !== undefined) filter = { ...filter, [pick.action]: value.trim() || undefined };
        break;
      }
      case 'status': {
        const statuses: Array<vscode.QuickPickItem & { status?: SearchStatus }> = [
          { label: vscode.l10n.t('Any status') },
          // Not "answered late": the portal cannot ask for it (the search checks it afterwards; a download would list every answered one).
          ...(['open', 'overdue', 'answered'] as const).map((status) => ({ label: statusLabel(status), status })),
        ];
        const chosen = await vscode.window.showQuickPick(statuses, { title: vscode.l10n.t('Status') });
        if (chosen) filter = { ...filter, status: chosen.status };
        break;
      }
    }
  }
}

/** A date or year from an input box: "" for none, undefined when the user closed it. */
async function askDate(title: string, value: string | undefined, end: boolean): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    title,
    value: value ?? '',
    prompt: end
      ? vscode.l10n.t('A year (2020) or a date (2020-06-30 or 30-06-2020); empty for today')
      : vscode.l10n.t('A year (2015) or a date (2015-03-01 or 1-3-2015); empty for the start of the archive, 2008'),
    validateInput: (text) => (text.trim() === '' || dateOfInput(text.trim(), end) ? undefined : vscode.l10n.t('Not a year or a date of the calendar.')),
  });
  if (answer === undefined) return undefined;
  return answer.trim() === '' ? '' : dateOfInput(answer.trim(), end);
}

/** What the filter's download costs, as the portal counts it; undefined when cancelled or it failed (told). */
export async function estimateArchive(services: Services, filter: ArchiveFilter, since?: string): Promise<number | null | undefined> {
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Counting the Kamervragen at the Open Data Portal…'), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await countArchive(filter, services.sources(controller.signal), since);
        } finally {
          subscription.dispose();
        }
      },
    );
  } catch (err) {
    if (isCancellation(err)) return undefined;
    services.reportFailure(describeFailure(vscode.l10n.t('the archive'), err));
    return undefined;
  }
}

/** The confirmation's sentence: how many zaken, requests and megabytes. */
export function costSentence(zaken: number | null, filter: ArchiveFilter): string {
  if (zaken === null) {
    return vscode.l10n.t('Download the Kamervragen {0}? The Open Data Portal did not say how many there are: for every one a few requests go to the official services.', describeFilter(filter));
  }
  const e = estimateOf(zaken);
  return vscode.l10n.t(
    'Download {0} Kamervragen ({1})? That is {2} to {3} requests to the official services (the Open Data Portal and KOOP, at most four at a time) and about {4} MB. Kamervragen already in your library are not fetched again; you can cancel at any time and go on later.',
    number(zaken), describeFilter(filter), number(e.requests.least), number(e.requests.most), number(Math.max(1, Math.round((zaken * BYTES_PER_ZAAK) / 1e6))),
  );
}

/** The command: go on with an interrupted download, or ask a filter, confirm the cost and download. */
export function downloadArchiveCommand(services: Services) {
  return async (): Promise<ArchiveResult | undefined> => {
    if (busy()) return undefined;
    const library = await services.library();
    const cp = await readCheckpoint(library.store.dir);
    if (interrupted(cp)) {
      const resume = vscode.l10n.t('Resume');
      const fresh = vscode.l10n.t('New Download…');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('A download of the archive ({0}) stopped after {1} Kamervragen. Go on where it stopped?', describeFilter(cp.filter), number(handled(cp.counts))),
        { modal: true }, resume, fresh,
      );
      if (choice === resume) return cp.mode === 'update' ? runUpdate(services, true) : runDownload(services, 'resume');
      if (choice !== fresh) return undefined;
    }
    const filter = await askArchiveFilter(cp?.filter);
    if (!filter) return undefined;
    const zaken = await estimateArchive(services, filter);
    if (zaken === undefined) return undefined;
    if (zaken === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The Open Data Portal has no Kamervragen {0}.', describeFilter(filter)));
      return undefined;
    }
    const download = vscode.l10n.t('Download');
    if ((await vscode.window.showWarningMessage(costSentence(zaken, filter), { modal: true }, download)) !== download) return undefined;
    return runDownload(services, filter);
  };
}

/** The command: what changed at the portal since the last completed download or update. */
export function updateArchiveCommand(services: Services) {
  return async (): Promise<ArchiveResult | undefined> => {
    if (busy()) return undefined;
    const library = await services.library();
    const cp = await readCheckpoint(library.store.dir);
    if (interrupted(cp) && cp.mode === 'update') return runUpdate(services, true);
    if (interrupted(cp) || !updateBase(cp)) {
      const download = vscode.l10n.t('Download Archive…');
      const message = interrupted(cp)
        ? vscode.l10n.t('The download of the archive has not finished yet: go on with it first (Download Archive…).')
        : vscode.l10n.t('Nothing to update yet: download the archive first.');
      void vscode.window.showInformationMessage(message, download).then((choice) => {
        if (choice === download) void vscode.commands.executeCommand(COMMANDS.downloadArchive);
      });
      return undefined;
    }
    return runUpdate(services, false);
  };
}

function busy(): boolean {
  if (!running) return false;
  void vscode.window.showInformationMessage(vscode.l10n.t('The archive is being downloaded already; its progress is in the notification.'));
  return true;
}

function handled(c: ArchiveCounts): number {
  return c.fetched + c.skipped + c.removed + c.failed;
}

/** Downloads with progress and Cancel: a new run with `filter`, or the interrupted one ('resume'). */
export function runDownload(services: Services, filter: ArchiveFilter | 'resume'): Promise<ArchiveResult | undefined> {
  return withArchiveProgress(services, 'download', (store, ctx, options) =>
    downloadArchive(store, filter === 'resume' ? {} : filter, ctx, { ...options, resume: filter === 'resume' }));
}

/** Updates with progress and Cancel; `resume` goes on with an interrupted update. */
export function runUpdate(services: Services, resume: boolean): Promise<ArchiveResult | undefined> {
  return withArchiveProgress(services, 'update', (store, ctx, options) => updateArchive(store, ctx, { ...options, resume }));
}

type Run = (store: LibraryStore, ctx: SourceContext, options: { onProgress: (p: ArchiveProgress) => void }) => Promise<ArchiveResult | null>;

async function withArchiveProgress(services: Services, mode: ArchiveCheckpoint['mode'], run: Run): Promise<ArchiveResult | undefined> {
  const library = await services.library();
  const controller = new AbortController();
  running = controller;
  const title = mode === 'download' ? vscode.l10n.t('Downloading the archive') : vscode.l10n.t('Updating the archive');
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const subscription = token.onCancellationRequested(() => controller.abort());
      const started = Date.now();
      let first: number | undefined;
      let lastReport = 0;
      let percent = 0;
      try {
        const ctx = services.sources(controller.signal);
        return await run(library.store, ctx, {
          onProgress: (p) => {
            progressed.fire(p);
            const done = handled(p.counts);
            first ??= done - (p.zaak ? 1 : 0);
            const now = Date.now();
            if (now - lastReport < REPORT_EVERY_MS && p.zaak) return;
            lastReport = now;
            const seconds = (now - started) / 1000;
            const rate = seconds > 0 ? (done - first) / seconds : 0;
            const total = p.counts.total;
            const share = total ? Math.min(100, (done / total) * 100) : 0;
            progress.report({
              increment: share - percent,
              message: vscode.l10n.t('{0} of {1} · {2} fetched, {3} already in the library, {4} failed · {5} a second',
                number(done), total !== null ? number(total) : '?', number(p.counts.fetched), number(p.counts.skipped), number(p.counts.failed), rate.toFixed(1)),
            });
            percent = share;
          },
        });
      } finally {
        subscription.dispose();
      }
    });
    if (result) tell(services, mode, result);
    return result ?? undefined;
  } catch (err) {
    // A listing page that could not be read: the checkpoint still names it, so Resume starts there.
    const resume = vscode.l10n.t('Resume');
    services.reportFailure(describeFailure(vscode.l10n.t('the archive'), err), [
      [resume, () => (mode === 'update' ? runUpdate(services, true) : runDownload(services, 'resume'))],
    ]);
    return undefined;
  } finally {
    if (running === controller) running = undefined;
  }
}

/** The message at the end: what was done, what was not, and what to do about it. */
function tell(services: Services, mode: ArchiveCheckpoint['mode'], result: ArchiveResult): void {
  const c = result.counts;
  const resume = vscode.l10n.t('Resume');
  const again = (): Promise<ArchiveResult | undefined> => (mode === 'update' ? runUpdate(services, true) : runDownload(services, 'resume'));
  if (!result.complete) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The archive download was paused after {0} Kamervragen ({1} of them fetched, the others in the library already). It goes on where it stopped with Resume or the same command.', number(handled(c)), number(c.fetched)),
      resume,
    ).then((choice) => { if (choice === resume) void again(); });
    return;
  }
  const done = mode === 'download'
    ? vscode.l10n.t('Archive downloaded: {0} Kamervragen fetched, {1} were in the library already, {2} removed as deleted at the source.', number(c.fetched), number(c.skipped), number(c.removed))
    : vscode.l10n.t('Archive updated: {0} changed Kamervragen fetched, {1} removed as deleted at the source.', number(c.fetched), number(c.removed));
  if (c.failed === 0) {
    services.log.info(done);
    void vscode.window.showInformationMessage(done);
    return;
  }
  const retry = vscode.l10n.t('Retry');
  services.reportFailure({
    kind: 'other',
    message: vscode.l10n.t('{0} {1} could not be fetched; the copies in your library were kept, and a new download tries them again.', done, number(c.failed)),
    details: `\n  ${result.failures.join('\n  ')}`,
  }, mode === 'download' ? [[retry, () => retryDownload(services)]] : [], 'warning');
}

/** A new download with the last run's filter: what is stored is skipped, so only the failed ones are fetched. */
async function retryDownload(services: Services): Promise<ArchiveResult | undefined> {
  const cp = await readCheckpoint((await services.library()).store.dir);
  return runDownload(services, cp?.filter ?? {});
}

/** For the integration tests only: the progress of the run at work, and the Cancel button. */
export const archiveTesting = {
  /** A getter, so that the production bundle (which never imports this) leaves it out. */
  get onDidProgress(): vscode.Event<ArchiveProgress> {
    return progressed.event;
  },
  /** What the notification's Cancel does. */
  cancel: (): void => running?.abort(),
};
