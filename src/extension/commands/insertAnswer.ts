/**
 * Kamervragen: Insert Answer as Quote… — pick a Kamervraag from the library or type any identifier
 * or link (it is fetched), pick a question, and its quoted answer goes in at every cursor of the
 * active Markdown note as one undoable edit. A button reads local files instead.
 *
 * Arguments (for other commands and tests): an identifier or link, and a question number.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ensureStored } from '../ensureStored';
import { markdownEditor } from '../markdownEditor';
import { quoteInto } from '../quoteInto';
import { insertAnswerFromFile } from './insertAnswerFromFile';
import { chooseKamervraag, FROM_FILE } from '../chooseKamervraag';

export function insertAnswerCommand(services: Services) {
  return async (input?: string, question?: number): Promise<void> => {
    const editor = await markdownEditor();
    if (!editor) return;
    const chosen = input ?? await chooseKamervraag(services, {
      title: vscode.l10n.t('Insert an answer as a quote'),
      fileButton: vscode.l10n.t('Read local files instead…'),
    });
    if (chosen === undefined) return;
    if (chosen === FROM_FILE) {
      await insertAnswerFromFile();
      return;
    }
    const item = await ensureStored(services, chosen);
    if (!item) return;
    await quoteInto(editor, item.kamervraag, question);
  };
}

