/**
 * Kamervragen: Open… — an input box that accepts any identifier or link (checked as you type),
 * fetches the Kamervraag into the library and shows it.
 */
import * as vscode from 'vscode';
import { tryParseId, canonicalId } from '../../core/ids';
import type { Services } from '../services';
import { fetchIntoLibrary } from '../fetching';
import { showKamervraag } from '../show';

export function validateIdentifier(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  return tryParseId(value)
    ? undefined
    : vscode.l10n.t('Not an identifier. Use a zaaknummer (2023Z11786), kv-tk-2023Z11786, ah-tk-20232024-99, an Aanhangselnummer (181902411) or a link to zoek.officielebekendmakingen.nl, repository.overheid.nl, tweedekamer.nl or openkamer.org.');
}

export function openCommand(services: Services) {
  return async (input?: string): Promise<void> => {
    const value = input ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Open a Kamervraag'),
      prompt: vscode.l10n.t('A zaaknummer, document id or link'),
      placeHolder: '2023Z11786, ah-tk-20232024-99, https://zoek.officielebekendmakingen.nl/…',
      ignoreFocusOut: true,
      validateInput: validateIdentifier,
    });
    if (!value?.trim()) return;
    const id = tryParseId(value);
    const outcome = await fetchIntoLibrary(services, value, { refresh: false });
    if (!outcome) return;
    await showKamervraag(services, outcome.item.key);
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
