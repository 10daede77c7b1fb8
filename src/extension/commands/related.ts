/**
 * Kamervragen: Show Related Kamervragen — for the Kamervraag of the active reading panel (or a
 * library item it is run on, or one picked from the library): a quick pick of the most similar
 * earlier Kamervragen, those it cites and those that cite it; the one chosen opens in its panel.
 */
import * as vscode from 'vscode';
import type { KamervraagHead } from '../../core/model';
import type { Services } from '../services';
import { reuseService } from '../reuseService';
import { activeReadingKey, showReadingPanel } from '../panel/readingPanel';
import { displayDate } from '../dates';
import { keyOfArg, pickFromLibrary } from './library';

export interface RelatedItem extends vscode.QuickPickItem {
  key?: string;
}

function item(key: string, kv: KamervraagHead | undefined, detail?: string): RelatedItem {
  const date = kv?.submitted ?? kv?.answered;
  return {
    key,
    label: kv?.title || key,
    description: [kv?.zaak ?? key, date ? displayDate(date) : ''].filter(Boolean).join(' · '),
    ...(detail !== undefined ? { detail } : {}),
  };
}

/** Opens the quick pick and returns it (tests read and accept its items). */
export function showRelatedCommand(services: Services) {
  return async (arg?: unknown): Promise<vscode.QuickPick<RelatedItem> | undefined> => {
    const key = keyOfArg(arg) ?? activeReadingKey() ?? await pickFromLibrary(services, vscode.l10n.t('Show the Kamervragen related to which one?'));
    if (!key) return undefined;
    const library = await services.library();
    const kv = (await library.store.read(key))?.kamervraag;
    if (!kv) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not in your library (any more). Open it again with "Kamervragen: Open…".', key));
      return undefined;
    }
    const service = await reuseService(services);
    await service.idle();
    const separator = (label: string): RelatedItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const similar = await service.similar(key, kv);
    const refs = service.references(key, kv);
    const items: RelatedItem[] = [];
    if (similar.length > 0) {
      items.push(separator(vscode.l10n.t('Similar earlier Kamervragen')));
      for (const s of similar) items.push(item(s.key, service.lookup(s.key), vscode.l10n.t('questions alike: {0}', `${Math.round(s.similarity * 100)} %`)));
    }
    if (refs.cites.length > 0) {
      items.push(separator(vscode.l10n.t('This one cites')));
      for (const k of refs.cites) items.push(item(k, service.lookup(k)));
    }
    if (refs.citedBy.length > 0) {
      items.push(separator(vscode.l10n.t('Cited by')));
      for (const k of refs.citedBy) items.push(item(k, service.lookup(k)));
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Your library has no Kamervraag related to {0}.', kv.zaak ?? key));
      return undefined;
    }
    const picker = vscode.window.createQuickPick<RelatedItem>();
    picker.title = vscode.l10n.t('Related to {0}', kv.title || key);
    picker.placeholder = vscode.l10n.t('Open which Kamervraag?');
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    picker.items = items;
    picker.onDidAccept(() => {
      const chosen = picker.selectedItems[0] ?? picker.activeItems[0];
      picker.hide();
      if (chosen?.key) void showReadingPanel(services, chosen.key);
    });
    picker.onDidHide(() => picker.dispose());
    picker.show();
    return picker;
  };
}
