/**
 * Looking up the registered Toezegging a promise may be (core/toezegging.ts), only when the user
 * asks: "Look Up Registered Toezegging" on a promise in the Promises view or the watch list, and the
 * button after a promise's label in the reading panel.
 *
 * The Toezeggingen of the window around an answer are fetched once per Kamervraag and session (kept
 * in memory for the last KEPT Kamervragen looked up; a failed or cancelled fetch is not kept), with a progress notification and Cancel;
 * a failure is told in one sentence that says what to do, the details go to the log. What is shown
 * is a possible match with its official status and score, never more: the texts are the portal's,
 * shown as text; the only link is the Tweede Kamer's page, built from the checked Nummer.
 */
import * as vscode from 'vscode';
import { todayIso } from '../core/kamervraag';
import type { Kamervraag } from '../core/model';
import { promisesOf, type ListedPromise } from '../core/promiseList';
import { isCancellation } from '../core/sources/resolve';
import { ServiceError } from '../core/sources/serviceError';
import {
  fetchToezeggingen, matchToezeggingen, toezeggingPageUrl, toezeggingWindow, ToezeggingPageError, type Toezegging, type ToezeggingMatch,
} from '../core/toezegging';
import type { ToezeggingView } from '../shared/webviewProtocol';
import { displayDate } from './dates';
import { failedRequests, httpTrouble, type Failure } from './failures';
import { SettingsError, type Services } from './services';

/** Per Kamervraag and answer date: the Toezeggingen of its window, fetched (or being fetched) this session. */
const fetched = new Map<string, Promise<Toezegging[]>>();
/** Windows kept at most (each up to a few thousand Toezeggingen); the oldest goes first. */
const KEPT = 20;

export type LookupOutcome =
  | { kind: 'done'; matches: ToezeggingMatch[]; looked: number; promise: ListedPromise; answered: string }
  | { kind: 'no-date' }
  | { kind: 'cancelled' }
  | { kind: 'failed' };

/**
 * The registered Toezeggingen that may be `promise` (one of `kv`'s, stored under `key`): fetched
 * with progress and Cancel the first time, from memory after that. A failure has been reported to
 * the user when this returns `failed`.
 */
export async function lookUpToezegging(services: Services, key: string, kv: Kamervraag, promise: ListedPromise): Promise<LookupOutcome> {
  const answered = kv.answered;
  if (!answered) return { kind: 'no-date' };
  const cacheKey = `${key}@${answered}`;
  let pending = fetched.get(cacheKey);
  const failed: unknown[] = [];
  if (!pending) {
    pending = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking up registered Toezeggingen for {0}', key), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await fetchToezeggingen(answered, services.sources(controller.signal, (message) => progress.report({ message }), failed));
        } finally {
          subscription.dispose();
        }
      },
    ));
    fetched.set(cacheKey, pending);
    if (fetched.size > KEPT) fetched.delete(fetched.keys().next().value!);
  }
  const asked = pending;
  try {
    const candidates = await asked;
    const matches = matchToezeggingen({ text: promise.commitment.text, ministries: promise.ministries, answered }, candidates);
    return { kind: 'done', matches, looked: candidates.length, promise, answered };
  } catch (err) {
    if (fetched.get(cacheKey) === asked) fetched.delete(cacheKey);
    if (isCancellation(err)) return { kind: 'cancelled' };
    services.reportFailure(describeToezeggingFailure(err, failed));
    return { kind: 'failed' };
  }
}

/** One sentence for a failed look-up, saying what to do; the details for the log. */
export function describeToezeggingFailure(err: unknown, attempts: readonly unknown[] = []): Failure {
  const details = [err instanceof Error ? err.message : String(err), ...(err instanceof ServiceError ? [err.details] : [])].join('\n  ');
  if (err instanceof SettingsError) return { kind: 'settings', message: err.message, details };
  const trouble = httpTrouble(failedRequests(err, attempts));
  if (trouble === 'offline') {
    return { kind: 'offline', message: vscode.l10n.t('Could not reach the Open Data Portal to look up registered Toezeggingen. Check the internet connection, then try again.'), details };
  }
  if (trouble === 'unavailable') {
    return { kind: 'unavailable', message: vscode.l10n.t('The Open Data Portal is not answering right now. Look up the registered Toezegging again later.'), details };
  }
  if (err instanceof ServiceError) {
    return { kind: 'other', message: vscode.l10n.t('The Open Data Portal refused the look-up of registered Toezeggingen. If the setting kamervragen.endpoints.odata points to a mirror, check that it serves Toezegging; Show Details has its answer.'), details };
  }
  if (err instanceof ToezeggingPageError) {
    return { kind: 'other', message: vscode.l10n.t('The Open Data Portal sent registered Toezeggingen in a form this extension cannot read, so none are shown. Show Details says what was wrong.'), details };
  }
  return { kind: 'other', message: vscode.l10n.t('Could not look up registered Toezeggingen. Show Details says why.'), details };
}

/** "Registered Toezegging TZ202307-031: Openstaand, due 1 November 2023 (possible match, 0.62)". */
export function matchText(m: ToezeggingMatch): string {
  const t = m.toezegging;
  const status = t.status ?? vscode.l10n.t('status not given');
  const score = m.score.toLocaleString(vscode.env.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return t.datumNakoming
    ? vscode.l10n.t('Registered Toezegging {0}: {1}, due {2} (possible match, {3})', t.nummer, status, displayDate(t.datumNakoming), score)
    : vscode.l10n.t('Registered Toezegging {0}: {1} (possible match, {2})', t.nummer, status, score);
}

/** What was looked at when nothing matched. */
export function noMatchText(outcome: Extract<LookupOutcome, { kind: 'done' }>): string {
  if (outcome.promise.ministries.length === 0) return vscode.l10n.t('The answer names no ministry, so no registered Toezegging can be matched to this promise.');
  const { from, to } = toezeggingWindow(outcome.answered);
  return vscode.l10n.t('No registered Toezegging of {0} made between {1} and {2} resembles this promise ({3} Toezeggingen looked at).',
    outcome.promise.ministries.join(', '), displayDate(from), displayDate(to), outcome.looked);
}

/** The result as the reading panel shows it after the promise's label (links only to the Kamer's own pages). */
export function toezeggingView(outcome: Extract<LookupOutcome, { kind: 'done' }>): ToezeggingView {
  if (outcome.matches.length === 0) return { links: [], note: noMatchText(outcome) };
  return {
    links: outcome.matches.map((m) => ({ text: matchText(m), url: toezeggingPageUrl(m.toezegging.nummer), title: m.toezegging.tekst })),
    note: null,
  };
}

/** A promise a command names: a Promises view or watch list node ({promise}), or a key and a promise index. */
function promiseRefOf(arg: unknown, index: unknown): { key: string; index: number } | undefined {
  if (typeof arg === 'string' && typeof index === 'number' && Number.isInteger(index)) return { key: arg, index };
  const p = (arg as { promise?: { key?: unknown; index?: unknown } } | undefined)?.promise;
  return p && typeof p.key === 'string' && typeof p.index === 'number' ? { key: p.key, index: p.index } : undefined;
}

/**
 * "Look Up Registered Toezegging" on a promise: the possible matches in a list (choosing one opens
 * its page at the Tweede Kamer), or a message saying that none resembles it and what was looked at.
 * Returns the outcome (the integration tests read it); the list is not waited for.
 */
export function lookUpToezeggingCommand(services: Services) {
  return async (arg?: unknown, index?: unknown): Promise<LookupOutcome | undefined> => {
    const ref = promiseRefOf(arg, index);
    if (!ref) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose a promise in the Promises view, then "Look Up Registered Toezegging" in its context menu.'));
      return undefined;
    }
    const kv = (await (await services.library()).store.read(ref.key))?.kamervraag;
    const promise = kv ? promisesOf(ref.key, kv, todayIso())[ref.index] : undefined;
    if (!kv || !promise) {
      void vscode.window.showInformationMessage(vscode.l10n.t('That promise is no longer in your library. Open the Promises view again.'));
      return undefined;
    }
    const outcome = await lookUpToezegging(services, ref.key, kv, promise);
    if (outcome.kind === 'no-date') {
      void vscode.window.showInformationMessage(vscode.l10n.t('The answer of {0} has no date, so there is no window to look for a registered Toezegging in.', ref.key));
    } else if (outcome.kind === 'done') {
      void showMatches(outcome);
    }
    return outcome;
  };
}

async function showMatches(outcome: Extract<LookupOutcome, { kind: 'done' }>): Promise<void> {
  if (outcome.matches.length === 0) {
    await vscode.window.showInformationMessage(noMatchText(outcome));
    return;
  }
  const items = outcome.matches.map((m) => ({
    label: matchText(m),
    description: [m.toezegging.ministerie, m.toezegging.naam, m.toezegging.datum ? displayDate(m.toezegging.datum) : null].filter((s) => s).map(String).map(plain).join(' · '),
    detail: plain(m.toezegging.tekst),
    url: toezeggingPageUrl(m.toezegging.nummer),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Possible registered Toezeggingen (a match by ministry, time and words, not proof)'),
    placeHolder: vscode.l10n.t('Choose one to open its page at the Tweede Kamer'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.url) await vscode.env.openExternal(vscode.Uri.parse(picked.url, true));
}

/** The portal's text for a list: "$(name)" would draw an icon there, so its "$(" is broken up. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
