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
import { FetchError } from '../core/sources/resolve';
import { SettingsError } from './services';

export type FailureKind = 'not-found' | 'offline' | 'unavailable' | 'settings' | 'other';

export interface Failure {
  kind: FailureKind;
  /** One sentence for the message. */
  message: string;
  /** Everything known, for the log. */
  details: string;
}

/** `label` is the identifier as the user knows it (canonical); `attempts` the requests that failed. */
export function describeFailure(label: string, err: unknown, attempts: readonly unknown[] = []): Failure {
  const http = [err, ...attempts].filter((e): e is HttpError => e instanceof HttpError);
  const details = [err instanceof Error ? err.message : String(err), ...http.filter((e) => e !== err).map((e) => e.message)]
    .filter((m, i, all) => all.indexOf(m) === i).join('\n  ');
  if (err instanceof SettingsError || err instanceof IdError) return { kind: 'settings', message: err.message, details };
  if (http.some((e) => e.kind === 'network' || e.kind === 'timeout')) {
    return { kind: 'offline', message: vscode.l10n.t('Could not reach the official services for {0}. Check the internet connection, then try again.', label), details };
  }
  if (http.some((e) => e.kind === 'status' && e.status !== null && (e.status >= 500 || e.status === 429))) {
    return { kind: 'unavailable', message: vscode.l10n.t('The official services are not answering for {0} right now. Try again later.', label), details };
  }
  // Every service answered, and none has it (404, or an empty answer).
  if (err instanceof FetchError && http.every((e) => e.kind === 'status' && (e.status === 404 || e.status === 410))) {
    return { kind: 'not-found', message: vscode.l10n.t('No Kamervraag {0} found.', label), details };
  }
  return { kind: 'other', message: vscode.l10n.t('Could not fetch {0}.', label), details };
}
