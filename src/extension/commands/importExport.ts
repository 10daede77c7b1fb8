/**
 * Kamervragen: Import Text Export… — read local documents (text exports, official XML/HTML) into
 * the library. Kamervragen: Export Library… — write the library as CSV, JSON (our format), CSL-JSON
 * or BibTeX for reference managers.
 */
import * as vscode from 'vscode';
import { readDraft } from '../documents';
import { merge } from '../../core/kamervraag';
import { toCsv } from '../../core/export/csv';
import { toJson } from '../../core/export/json';
import { toCslJson } from '../../core/export/cslJson';
import { toBibtex } from '../../core/export/bibtex';
import type { Services } from '../services';
import type { Kamervraag, KamervraagHead } from '../../core/model';
import { showParseWarnings } from './insertAnswerFromFile';

export function importCommand(services: Services) {
  return async (files?: vscode.Uri | vscode.Uri[]): Promise<string[]> => {
    const uris = files ? (Array.isArray(files) ? files : [files]) : await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Import Kamervragen into the library'),
      openLabel: vscode.l10n.t('Import'),
      canSelectMany: true,
      filters: { [vscode.l10n.t('Kamervragen documents')]: ['txt', 'md', 'xml', 'html', 'htm', 'pdf'], [vscode.l10n.t('All files')]: ['*'] },
    });
    if (!uris || uris.length === 0) return [];
    const library = await services.library();
    const imported: string[] = [];
    const failed: string[] = [];
    for (const uri of uris) {
      const name = vscode.workspace.asRelativePath(uri);
      try {
        const kv = merge([await readDraft(uri)]);
        const item = await library.store.save(kv, { fetchedAt: null, source: uri.toString() });
        imported.push(item.key);
        showParseWarnings(kv, name);
      } catch (err) {
        // A file that cannot be read or parsed is reported by name; the others are still imported.
        failed.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failed.length > 0) void vscode.window.showErrorMessage(vscode.l10n.t('Could not import: {0}', failed.join(' ')));
    if (imported.length > 0) void vscode.window.setStatusBarMessage(vscode.l10n.t('Imported into the library: {0}', imported.join(', ')), 5000);
    return imported;
  };
}

type Format = 'csv' | 'json' | 'csl-json' | 'bibtex';

/** `whole`: the format needs the text (read from every item file); the others need only the heads in memory. */
const FORMATS: Record<Format, { extension: string } & ({ whole: true; render: (kvs: Kamervraag[]) => string } | { whole: false; render: (heads: KamervraagHead[]) => string })> = {
  csv: { extension: 'csv', whole: true, render: (kvs) => toCsv(kvs) },
  json: { extension: 'json', whole: true, render: toJson },
  'csl-json': { extension: 'json', whole: false, render: toCslJson },
  bibtex: { extension: 'bib', whole: false, render: toBibtex },
};

export function exportCommand(services: Services) {
  return async (format?: Format, target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const library = await services.library();
    const keys = library.store.list().map((i) => i.key);
    if (keys.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Your library is empty: there is nothing to export.'));
      return undefined;
    }
    const chosen = format ?? (await vscode.window.showQuickPick([
      { label: 'CSV', description: vscode.l10n.t('a table for spreadsheets'), format: 'csv' as const },
      { label: 'JSON', description: vscode.l10n.t('everything, in the kamervraag/1 format'), format: 'json' as const },
      { label: 'CSL-JSON', description: vscode.l10n.t('for Zotero and other reference managers'), format: 'csl-json' as const },
      { label: 'BibTeX', description: vscode.l10n.t('for LaTeX'), format: 'bibtex' as const },
    ], { placeHolder: vscode.l10n.t('Export {0} Kamervragen as…', keys.length) }))?.format;
    if (!chosen) return undefined;
    const spec = FORMATS[chosen];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target ?? (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the library'),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `kamervragen.${spec.extension}`) } : {}),
      filters: { [chosen.toUpperCase()]: [spec.extension] },
    }));
    if (!uri) return undefined;
    let text: string;
    let count = keys.length;
    if (spec.whole) {
      // The library keeps only the heads in memory: the items are read from their files.
      const kvs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting the library'), cancellable: true }, async (progress, token) => {
        const read: Kamervraag[] = [];
        for (let i = 0; i < keys.length; i++) {
          if (token.isCancellationRequested) return undefined;
          const item = await library.store.read(keys[i]!);
          if (item) read.push(item.kamervraag);
          if ((i + 1) % 500 === 0) progress.report({ message: vscode.l10n.t('{0} of {1} items', i + 1, keys.length), increment: (500 / keys.length) * 100 });
        }
        return read;
      });
      if (!kvs) return undefined;
      count = kvs.length;
      text = spec.render(kvs);
    } else {
      text = spec.render(library.store.list().map((i) => i.head));
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    if (!target) offerExported(uri, count); // not for callers that chose the file themselves
    return uri;
  };
}

/** "Exported 12 Kamervragen to kamervragen.csv" with Open and Reveal; not awaited, the command ends now. */
function offerExported(uri: vscode.Uri, count: number): void {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  const actions = inWorkspace ? [open, reveal] : [open];
  void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} Kamervragen to {1}', count, vscode.workspace.asRelativePath(uri)), ...actions).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('vscode.open', uri);
    if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', uri);
  });
}
