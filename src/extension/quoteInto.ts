/** Pick a question of a Kamervraag (unless given) and insert its quoted answer into a note. */
import * as vscode from 'vscode';
import type { Kamervraag } from '../core/model';
import { quoteAnswer } from '../core/quote';
import { quoteOptions } from './config';
import { insertBlockAtCursors } from './markdownEditor';
import { pickQuestion } from './pickQuestion';

export async function quoteInto(editor: vscode.TextEditor, kv: Kamervraag, question?: number): Promise<boolean> {
  const entry = question === undefined
    ? await pickQuestion(kv, vscode.l10n.t('Which answer do you want to quote?'))
    : kv.entries.find((e) => e.numbers.includes(question));
  if (!entry) {
    if (question !== undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} has no question {1}.', kv.zaak ?? kv.title, question));
    }
    return false;
  }
  if (!entry.answer) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Question {0} has no answer yet, so there is nothing to quote.', entry.numbers.join(', ')));
    return false;
  }
  const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const quote = quoteAnswer(kv, entry.numbers[0]!, quoteOptions(editor.document.uri, eol));
  return insertBlockAtCursors(editor, quote);
}
