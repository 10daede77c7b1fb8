/**
 * What a user reads when a fetch fails: one plain sentence that says what happened ("No Kamervraag
 * 2023Z99999 found", "Could not reach …"), never addresses or status lines. The technical details
 * (every request that failed, and why) go to the Output channel, which "Show Details" opens.
 *
 * The error types come from the sources (src/core/sources): FetchError (nothing could be read),
 * HttpError (one request), IdError, and the extension's SettingsError. The requests of one fetch are
 * recorded (Services.sources) so that "not there" can be told from "could not ask".
 */
import * as vscode from 'vscode';
import { IdError } from '../core/ids';
import { HttpError } from '../core/sources/http';
import { FetchError, IncompleteCopyError } from '../core/sources/resolve';
import { ParseError } from '../core/model';
import { SettingsError } from './services';

export type FailureKind = 'not-found' | 'offline' | 'unavailable' | 'settings' | 'other';

export interface Failure {
  kind: FailureKind;
  /** One sentence for the message. */
  message: string;
  /** Everything known, for the log. */
  details: string;
}

/**
 * Errors are told apart by class, and by name too: a second bundle (a test's, dist/pdf.js) carries its
 * own copy of the core's classes, whose instances fail `instanceof` against ours.
 */
function isA<T>(err: unknown, cls: abstract new (...args: never[]) => T, ...names: string[]): err is T {
  return err instanceof cls || (err instanceof Error && names.includes(err.name));
}

/** The failed requests among `err` and `attempts`. */
export function failedRequests(err: unknown, attempts: readonly unknown[]): HttpError[] {
  return [err, ...attempts].filter((e): e is HttpError => isA(e, HttpError, 'HttpError'));
}

/** Whether failed requests say the services could not be reached, or are not answering now. */
export function httpTrouble(http: readonly HttpError[]): 'offline' | 'unavailable' | undefined {
  if (http.some((e) => e.kind === 'network' || e.kind === 'timeout')) return 'offline';
  if (http.some((e) => e.kind === 'status' && e.status !== null && (e.status >= 500 || e.status === 429))) return 'unavailable';
  return undefined;
}

/** `label` is the identifier as the user knows it (canonical); `attempts` the requests that failed. */
export function describeFailure(label: string, err: unknown, attempts: readonly unknown[] = []): Failure {
  const http = failedRequests(err, attempts);
  const details = [err instanceof Error ? err.message : String(err), ...http.filter((e) => e !== err).map((e) => e.message)]
    .filter((m, i, all) => all.indexOf(m) === i).join('\n  ');
  if (err instanceof SettingsError || err instanceof IdError) return { kind: 'settings', message: err.message, details };
  if (isA(err, IncompleteCopyError, 'IncompleteCopyError')) {
    return { kind: 'other', message: vscode.l10n.t('The copy of {0} just fetched was less complete than the saved one ({1}), so the saved copy was kept.', label, err.losses.join('; ')), details };
  }
  const trouble = httpTrouble(http);
  if (trouble === 'offline') {
    return { kind: 'offline', message: vscode.l10n.t('Could not reach the official services for {0}. Check the internet connection, then try again.', label), details };
  }
  if (trouble === 'unavailable') {
    return { kind: 'unavailable', message: vscode.l10n.t('The official services are not answering for {0} right now. Try again later.', label), details };
  }
  if (http.some((e) => e.kind === 'truncated')) {
    return { kind: 'other', message: vscode.l10n.t('Could not fetch {0}: an answer of the official services was cut off on the way. Try again.', label), details };
  }
  const missing = http.length > 0 && http.every((e) => e.kind === 'status' && (e.status === 404 || e.status === 410));
  // The Kamervraag exists, but its publications could not be read: missing, or damaged on the way.
  if (isA(err, FetchError, 'FetchError', 'IncompleteCopyError') && err.found) {
    return missing
      ? { kind: 'other', message: vscode.l10n.t('Could not fetch {0}: its publications were not found at the official services. Try again later.', label), details }
      : { kind: 'other', message: vscode.l10n.t('Could not fetch {0}: the official documents arrived incomplete or damaged. Try again later.', label), details };
  }
  // One publication answered 404 on its own (no FetchError around it): the Kamervraag is known, its text is not there.
  if (missing && isA(err, HttpError, 'HttpError')) {
    return { kind: 'other', message: vscode.l10n.t('Could not fetch {0}: its publications were not found at the official services. Try again later.', label), details };
  }
  if (isA(err, ParseError, 'ParseError')) {
    return { kind: 'other', message: vscode.l10n.t('Could not fetch {0}: the official documents arrived incomplete or damaged. Try again later.', label), details };
  }
  // Every service answered, and none has it (404, or an empty answer).
  if (isA(err, FetchError, 'FetchError') && (missing || http.length === 0)) {
    return { kind: 'not-found', message: vscode.l10n.t('No Kamervraag {0} found.', label), details };
  }
  return { kind: 'other', message: vscode.l10n.t('Could not fetch {0}.', label), details };
}
