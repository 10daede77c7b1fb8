/**
 * Kamervragen: Insert Answer from File… — pick local official documents (or a text export) of one
 * Kamervraag, pick a question, and insert its quoted answer with citation at every cursor of the
 * active Markdown editor, as one undoable edit.
 *
 * Arguments (for other commands and tests): a Uri or Uri[] of the documents, and a question number.
 */
import * as vscode from 'vscode';
import type { Kamervraag } from '../../core/model';
import { ParseError } from '../../core/model';
import { readDraft } from '../documents';
import { merge, MergeError } from '../../core/kamervraag';
import { markdownEditor } from '../markdownEditor';
import { quoteInto } from '../quoteInto';

export async function insertAnswerFromFile(files?: vscode.Uri | vscode.Uri[], question?: number): Promise<void> {
  const editor = await markdownEditor();
  if (!editor) return;

  const uris = files ? (Array.isArray(files) ? files : [files]) : await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Choose the official documents of one Kamervraag'),
    openLabel: vscode.l10n.t('Read Kamervraag'),
    canSelectMany: true,
    filters: {
      [vscode.l10n.t('Kamervragen documents')]: ['xml', 'html', 'htm', 'txt', 'md', 'pdf'],
      [vscode.l10n.t('All files')]: ['*'],
    },
  });
  if (!uris || uris.length === 0) return;

  const kv = await readKamervraag(uris);
  if (!kv) return;

  await quoteInto(editor, kv, question);
  showParseWarnings(kv, uris.map((u) => vscode.workspace.asRelativePath(u)).join(', '));
}

/**
 * What the parser could not establish, as one line with a "Show Warnings" action that opens all
 * of them in a Markdown document. Not awaited: the user decides when to look.
 */
export function showParseWarnings(kv: Kamervraag, source: string): void {
  const warnings = kv.warnings ?? [];
  if (warnings.length === 0) return;
  const show = vscode.l10n.t('Show Warnings');
  const line = warnings.length === 1
    ? vscode.l10n.t('{0}: {1}', source, warnings[0]!)
    : vscode.l10n.t('{0}: {1} (and {2} more warnings)', source, warnings[0]!, warnings.length - 1);
  void vscode.window.showWarningMessage(line, show).then(async (choice) => {
    if (choice !== show) return;
    const title = vscode.l10n.t('What could not be established in {0}', source);
    const content = [`# ${title}`, '', ...warnings.map((w) => `- ${w}`), ''].join('\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'markdown' }), { preview: true });
  });
}

/** Read and merge the files; on failure tell the user which file and why, and return undefined. */
async function readKamervraag(uris: readonly vscode.Uri[]): Promise<Kamervraag | undefined> {
  const drafts = [];
  for (const uri of uris) {
    const name = vscode.workspace.asRelativePath(uri);
    try {
      drafts.push(await readDraft(uri));
    } catch (err) {
      if (!(err instanceof ParseError)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}: {1}', name, (err as Error).message));
        return undefined;
      }
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be read as a Kamervraag: {1} Choose an official XML or HTML document from zoek.officielebekendmakingen.nl or repository.overheid.nl, or a text export.', name, err.message));
      return undefined;
    }
  }
  try {
    return merge(drafts);
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    const [a, b] = [uris[err.first]!, uris[err.second]!].map((uri) => vscode.workspace.asRelativePath(uri));
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} and {1} are documents of different Kamervragen ({2}). Choose the documents of one Kamervraag.', a, b, err.reason));
    return undefined;
  }
}
