/**
 * Kamervragen: Open… — an input box that accepts any identifier or link (checked as you type),
 * fetches the Kamervraag into the library and shows it.
 */
import * as vscode from 'vscode';
import { tryParseId, canonicalId } from '../../core/ids';
import type { Services } from '../services';
import { fetchIntoLibrary } from '../fetching';
import { showReadingPanel } from '../panel/readingPanel';
import { chooseKamervraag, identifierProblem } from '../chooseKamervraag';

/** Checked as you type: only input that cannot become an identifier is an error (not "2023Z117"). */
export function validateIdentifier(value: string): string | undefined {
  return identifierProblem(value);
}

export function openCommand(services: Services) {
  return async (input?: string): Promise<void> => {
    const chosen = input ?? await chooseKamervraag(services, { title: vscode.l10n.t('Open a Kamervraag') });
    const value = typeof chosen === 'string' ? chosen : undefined;
    if (!value?.trim()) return;
    const id = tryParseId(value);
    const outcome = await fetchIntoLibrary(services, value, { refresh: false });
    if (!outcome) return;
    await showReadingPanel(services, outcome.item.key);
    services.log.info(`Opened ${id ? canonicalId(id) : value} as ${outcome.item.key}`);
  };
}

export function refreshCommand(services: Services) {
  return async (input?: string): Promise<void> => {
    const value = input ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Refresh a Kamervraag'),
      prompt: vscode.l10n.t('A zaaknummer, document id or link'),
      validateInput: validateIdentifier,
    });
    if (!value?.trim()) return;
    await fetchIntoLibrary(services, value, { refresh: true });
  };
}
