/**
 * Fetching a Kamervraag into the library, the way every command does it: a progress notification
 * with Cancel, the library's copy used for a conditional request, the result saved, warnings and
 * errors told in words that say what to do. A failed fetch never touches the stored copy, and a
 * refresh that brings a less complete copy (core/completeness.ts) is a failed fetch.
 */
import * as vscode from 'vscode';
import { IdError, parseId, canonicalId, type KamervraagId } from '../core/ids';
import { FetchError, fetchKamervraag, isCancellation, validatorsOf, type FetchResult } from '../core/sources/resolve';
import { HttpError } from '../core/sources/http';
import type { LoadedItem, StoredItem } from '../core/library/store';
import { SettingsError, type Services, type Library } from './services';
import { describeFailure } from './failures';
import { displayDate } from './dates';

/** The stored item that `id` names: by key, or by one of its documents. */
export function findStored(library: Library, id: KamervraagId): StoredItem | undefined {
  return library.store.find(id);
}

export interface FetchOutcome {
  item: LoadedItem;
  /** False when the stored copy was shown because the fetch failed. */
  fresh: boolean;
  /** Why the stored copy was shown (the message the user was shown), when the fetch failed. */
  reason?: string;
  /** The technical details of that failure (what went to the log). */
  details?: string;
}

/**
 * Fetch `input` (an identifier or link) with progress and Cancel, save it in the library and
 * return the stored item. On failure: the stored copy when there is one (with a warning), else an
 * error message with actions; undefined when there is nothing to show or the user cancelled.
 */
export async function fetchIntoLibrary(services: Services, input: string, options: { refresh?: boolean } = {}): Promise<FetchOutcome | undefined> {
  let id: KamervraagId;
  try {
    id = parseId(input);
  } catch (err) {
    if (!(err instanceof IdError)) throw err;
    void vscode.window.showErrorMessage(err.message);
    return undefined;
  }
  const library = await services.library();
  const found = findStored(library, id);
  const stored = found ? await library.store.read(found.key) : undefined;
  if (stored && !options.refresh && stored.fetchedAt) return { item: stored, fresh: true };

  const label = canonicalId(id);
  const failed: unknown[] = []; // the requests that failed, for the message (failures.ts)
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Fetching {0}', label), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          const ctx = services.sources(controller.signal, (message) => progress.report({ message }), failed);
          const previous = stored ? { kamervraag: stored.kamervraag, validators: validatorsOf(stored) } : undefined;
          const result = await fetchKamervraag(id, ctx, previous);
          for (const warning of result.warnings) services.log.warn(`${label}: ${warning}`);
          if (result.warnings.length > 0 && !result.notModified) {
            void vscode.window.showWarningMessage(vscode.l10n.t('{0} was fetched, but not every document could be read: {1}', label, result.warnings.join(' ')));
          }
          const item = await saveFetched(library, result, input);
          return { item, fresh: true };
        } finally {
          subscription.dispose();
        }
      },
    );
  } catch (err) {
    if (isCancellation(err)) return stored ? { item: stored, fresh: false } : undefined;
    const failure = describeFailure(label, err, failed);
    if (stored) {
      services.reportFailure({
        ...failure,
        message: vscode.l10n.t('{0} Showing the copy saved on {1}; it may be out of date.', failure.message, displayDate(stored.savedAt.slice(0, 10))),
      }, [], 'warning');
      return { item: stored, fresh: false, reason: failure.message, details: failure.details };
    }
    const actions: Array<readonly [string, () => unknown]> = [];
    if (failure.kind !== 'not-found') actions.push([vscode.l10n.t('Retry'), () => fetchIntoLibrary(services, input, options)]);
    if (failure.kind === 'settings' || failure.kind === 'offline') {
      actions.push([vscode.l10n.t('Open Settings'), () => vscode.commands.executeCommand('workbench.action.openSettings', 'kamervragen.endpoints')]);
    }
    services.reportFailure(failure, actions);
    return undefined;
  }
}

/** Save what a fetch brought, with what a later refresh needs to ask whether anything changed. */
export function saveFetched(library: Library, result: FetchResult, input: string): Promise<LoadedItem> {
  return library.store.save(result.kamervraag, {
    fetchedAt: new Date(),
    source: result.validators?.url ?? input,
    ...(result.validators?.etag ? { etag: result.validators.etag } : {}),
    ...(result.validators?.lastModified ? { lastModified: result.validators.lastModified } : {}),
  });
}

/** The validators of a stored item's last fetch, for a conditional refresh (core: the archive uses it too). */
export { validatorsOf } from '../core/sources/resolve';

/** A message for the user from anything a fetch can throw. */
export function describe(err: unknown): string {
  if (err instanceof FetchError || err instanceof HttpError || err instanceof SettingsError || err instanceof IdError) return err.message;
  return vscode.l10n.t('Something went wrong while fetching: {0}. The log (Output → Kamervragen) has details.', err instanceof Error ? err.message : String(err));
}
