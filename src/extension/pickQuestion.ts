import * as vscode from 'vscode';
import type { Entry, Kamervraag } from '../core/model';
import { questionLabel } from './tree/items';

interface QuestionItem extends vscode.QuickPickItem {
  entry: Entry;
}

/** Let the user pick a question of `kv`: number and first words; unanswered ones say so. */
export async function pickQuestion(kv: Kamervraag, placeHolder: string): Promise<Entry | undefined> {
  const items: QuestionItem[] = kv.entries.map((entry) => ({
    entry,
    label: questionLabel(entry),
    // Whole texts on one line: the list cuts them to fit, and filtering finds any words in them.
    description: oneLine(entry.question),
    detail: entry.answer ? oneLine(entry.answer) : vscode.l10n.t('(no answer yet)'),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: kv.title || kv.zaak || kv.documents[0]?.id || 'Kamervraag',
    placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.entry;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
