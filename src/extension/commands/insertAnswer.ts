/**
 * Kamervragen: Insert Answer as Quote… — pick a Kamervraag from the library or type any identifier
 * or link (it is fetched), pick a question, and its quoted answer goes in at every cursor of the
 * active Markdown note as one undoable edit. A button reads local files instead.
 *
 * Arguments (for other commands and tests): an identifier or link, and a question number.
 */
import * as vscode from 'vscode';
import { tryParseId, canonicalId } from '../../core/ids';
import type { Services } from '../services';
import { fetchIntoLibrary } from '../fetching';
import { markdownEditor } from '../markdownEditor';
import { quoteInto } from '../quoteInto';
import { insertAnswerFromFile } from './insertAnswerFromFile';
import { peopleLabel } from '../../core/people';

interface Choice extends vscode.QuickPickItem {
  input?: string;
}

export function insertAnswerCommand(services: Services) {
  return async (input?: string, question?: number): Promise<void> => {
    const editor = await markdownEditor();
    if (!editor) return;
    const chosen = input ?? await chooseKamervraag(services);
    if (chosen === undefined) return;
    if (chosen === FILE) {
      await insertAnswerFromFile();
      return;
    }
    const outcome = await fetchIntoLibrary(services, chosen);
    if (!outcome) return;
    await quoteInto(editor, outcome.item.kamervraag, question);
  };
}

const FILE = Symbol('file');

/** The library's Kamervragen, newest first; what the user types is offered as an identifier to fetch. */
async function chooseKamervraag(services: Services): Promise<string | typeof FILE | undefined> {
  const library = await services.library();
  const stored: Choice[] = library.store.list()
    .map((item) => ({ item, date: item.kamervraag.submitted ?? '' }))
    .sort((a, b) => b.date.localeCompare(a.date))
    .map(({ item }) => ({
      input: item.key,
      label: item.kamervraag.title || item.key,
      description: item.key,
      detail: peopleLabel(item.kamervraag.submitters),
    }));
  const picker = vscode.window.createQuickPick<Choice>();
  const fileButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: vscode.l10n.t('Read local files instead…') };
  picker.title = vscode.l10n.t('Insert an answer as a quote');
  picker.placeholder = vscode.l10n.t('Pick from your library, or type a zaaknummer, document id or link');
  picker.buttons = [fileButton];
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.items = stored;
  const update = (value: string): void => {
    const id = tryParseId(value);
    const typed: Choice[] = id && !stored.some((c) => c.input === canonicalId(id))
      ? [{ input: value.trim(), label: `$(cloud-download) ${vscode.l10n.t('Fetch {0}', canonicalId(id))}`, alwaysShow: true }]
      : [];
    picker.items = [...typed, ...stored];
  };
  return new Promise((resolve) => {
    let result: string | typeof FILE | undefined;
    const disposables = [
      picker.onDidChangeValue(update),
      picker.onDidTriggerButton(() => {
        result = FILE;
        picker.hide();
      }),
      picker.onDidAccept(() => {
        result = picker.selectedItems[0]?.input;
        if (result !== undefined) picker.hide();
      }),
      picker.onDidHide(() => {
        for (const d of disposables) d.dispose();
        picker.dispose();
        resolve(result);
      }),
    ];
    picker.show();
  });
}
