import * as vscode from 'vscode';
import type { Entry, Kamervraag } from '../core/model';

interface QuestionItem extends vscode.QuickPickItem {
  entry: Entry;
}

/** Let the user pick a question of `kv`: number and first words; unanswered ones say so. */
export async function pickQuestion(kv: Kamervraag, placeHolder: string): Promise<Entry | undefined> {
  const items: QuestionItem[] = kv.entries.map((entry) => ({
    entry,
    label: entry.numbers.length > 1
      ? vscode.l10n.t('Questions {0}', entry.numbers.join(', '))
      : vscode.l10n.t('Question {0}', entry.numbers[0]!),
    description: firstWords(entry.question, 14),
    detail: entry.answer ? firstWords(entry.answer, 20) : vscode.l10n.t('(no answer yet)'),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: kv.title || kv.zaak || kv.documents[0]?.id || 'Kamervraag',
    placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.entry;
}

function firstWords(text: string, n: number): string {
  const words = text.split(/\s+/);
  return words.length > n ? `${words.slice(0, n).join(' ')}…` : text;
}
