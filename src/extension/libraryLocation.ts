/**
 * Where the window's library is. By default the global library in the extension's storage, which
 * every window shares. A workspace folder whose setting `kamervragen.library.location` is
 * "workspace" keeps its library in `<folder>/.kamervragen/` instead, in the shared form
 * (core/library/form.ts), so that a team can keep it in git with its notes. A window has one
 * library: the first such folder's, in the workspace's folder order; folders that are not on disk
 * (virtual workspaces) cannot hold one.
 *
 * Restricted Mode: a workspace library is read in an untrusted workspace too. It is data, not code:
 * every item is checked against the model's shape and cleaned (schema.ts, sanitize.ts) before
 * any view sees it, and the views render its text as text. A file that cannot be read is reported
 * and left where it is. The extension writes into the folder only when the user saves something
 * (a fetch, a copy, an import), as it does with the notes.
 *
 * Kept free of the features' modules: the activation entry sets the context key from here.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryForm } from '../core/library/form';

/** The folder of a workspace library, inside the workspace folder. */
export const WORKSPACE_LIBRARY_FOLDER = '.kamervragen';
/** True while the window uses a workspace library (the copy commands' when clauses). */
export const WORKSPACE_LIBRARY_CONTEXT = 'kamervragen.workspaceLibrary';

export type LibraryPlace = 'global' | 'workspace';

export interface LibraryLocation {
  readonly dir: string;
  readonly form: LibraryForm;
  /** The workspace folder whose library it is; absent for the global library. */
  readonly folder?: vscode.WorkspaceFolder;
}

/** The setting `kamervragen.library.location` of a folder; anything but "workspace" is the global library. */
export function libraryPlace(folder: vscode.WorkspaceFolder): LibraryPlace {
  return vscode.workspace.getConfiguration('kamervragen', folder).get<string>('library.location') === 'workspace' ? 'workspace' : 'global';
}

/** The folder of the global library. */
export function globalLibraryDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'library');
}

/** The workspace folder whose library the window uses, if any. */
export function workspaceLibraryFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file' && libraryPlace(f) === 'workspace');
}

export function workspaceLibraryDir(folder: vscode.WorkspaceFolder): string {
  return path.join(folder.uri.fsPath, WORKSPACE_LIBRARY_FOLDER);
}

/** Where the window's library is now, by the settings. */
export function libraryLocation(context: vscode.ExtensionContext): LibraryLocation {
  const folder = workspaceLibraryFolder();
  return folder ? { dir: workspaceLibraryDir(folder), form: 'shared', folder } : { dir: globalLibraryDir(context), form: 'private' };
}

/** Whether a configuration or folder change may move the library. */
export function affectsLibraryLocation(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('kamervragen.library.location');
}

/** Keeps the context key of the copy commands' when clauses current; cheap enough for activation. */
export function trackLibraryLocation(): vscode.Disposable {
  const update = (): void => {
    void vscode.commands.executeCommand('setContext', WORKSPACE_LIBRARY_CONTEXT, workspaceLibraryFolder() !== undefined);
  };
  update();
  const subscriptions = [
    vscode.workspace.onDidChangeConfiguration((e) => { if (affectsLibraryLocation(e)) update(); }),
    vscode.workspace.onDidChangeWorkspaceFolders(update),
  ];
  return { dispose: () => { for (const s of subscriptions) s.dispose(); } };
}
