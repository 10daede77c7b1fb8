/**
 * Copy to Workspace Library / Copy to Global Library: Kamervragen from one library into the other,
 * with what is known about their fetch (the workspace library keeps only what its shared form
 * keeps, core/library/form.ts). Only while the window uses a workspace library (context key
 * kamervragen.workspaceLibrary): the Library view then shows the workspace library, so its context
 * menu copies to the global one (the selected Kamervragen, or a group's); the palette offers both
 * directions with a picker where several can be chosen. A copy never replaces a newer one.
 */
import * as vscode from 'vscode';
import { LibraryStore, type StoredItem } from '../../core/library/store';
import type { Services } from '../services';
import { globalLibraryDir } from '../libraryLocation';
import { keyOfArg } from './library';

export type CopyTarget = 'workspace' | 'global';

export interface CopyOutcome {
  /** Keys now in the target as they were in the source (or with the same content). */
  copied: string[];
  /** Keys whose copy in the target was newer and was kept. */
  kept: string[];
}

/** The keys a command was given: a key, a list of keys, a tree node, or the clicked node and the selection. */
export function keysOfArgs(arg: unknown, selection: unknown): string[] {
  const nodes = Array.isArray(selection) && selection.length > 0 ? selection as unknown[] : Array.isArray(arg) ? arg as unknown[] : arg === undefined ? [] : [arg];
  const keys = nodes.flatMap((node) => {
    const group = (node as { kind?: unknown; keys?: unknown } | null)?.kind === 'group' ? (node as { keys: unknown }).keys : undefined;
    if (Array.isArray(group)) return group.filter((k): k is string => typeof k === 'string');
    const key = keyOfArg(node);
    return key === undefined ? [] : [key];
  });
  return [...new Set(keys)];
}

export function copyToLibraryCommand(services: Services, target: CopyTarget) {
  return (arg?: unknown, selection?: unknown): Promise<CopyOutcome | undefined> => copyBetween(services, target, keysOfArgs(arg, selection));
}

async function copyBetween(services: Services, target: CopyTarget, given: string[]): Promise<CopyOutcome | undefined> {
  const folder = services.libraryLocation().folder;
  if (!folder) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('This window has no workspace library. Set kamervragen.library.location to "workspace" to keep one in the workspace folder\'s .kamervragen folder.'), open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'kamervragen.library.location');
    return undefined;
  }
  const workspace = (await services.library()).store;
  const global = await LibraryStore.open(globalLibraryDir(services.context), {
    onProblem: (p) => services.log.warn(`Global library: ${p.message}`),
  });
  const [from, to] = target === 'workspace' ? [global, workspace] : [workspace, global];
  const where = target === 'workspace' ? vscode.l10n.t('the workspace library ({0})', folder.name) : vscode.l10n.t('the global library');
  const keys = given.length > 0 ? given : await pick(from, to, where);
  if (keys.length === 0) return undefined;

  const outcome: CopyOutcome = { copied: [], kept: [] };
  const missing: string[] = [];
  for (const key of keys) {
    const item = await from.read(key);
    if (!item) {
      missing.push(key);
      continue;
    }
    const saved = await to.save(item.kamervraag, {
      fetchedAt: item.fetchedAt,
      ...(item.etag !== undefined ? { etag: item.etag } : {}),
      ...(item.lastModified !== undefined ? { lastModified: item.lastModified } : {}),
      ...(item.source !== undefined ? { source: item.source } : {}),
    });
    if ((saved.fetchedAt ?? '') > (item.fetchedAt ?? '')) outcome.kept.push(key);
    else outcome.copied.push(key);
  }
  const told = [vscode.l10n.t('{0} Kamervragen copied to {1}.', outcome.copied.length + outcome.kept.length, where)];
  if (outcome.kept.length > 0) told.push(vscode.l10n.t('{0} of them had a newer copy there, which was kept.', outcome.kept.length));
  if (missing.length > 0) told.push(vscode.l10n.t('Not in the library they were copied from: {0}.', missing.join(', ')));
  services.log.info(`Copied to ${target} library: ${outcome.copied.join(', ') || '(none)'}; kept a newer copy: ${outcome.kept.join(', ') || '(none)'}; missing: ${missing.join(', ') || '(none)'}`);
  if (missing.length > 0) void vscode.window.showWarningMessage(told.join(' '));
  else void vscode.window.showInformationMessage(told.join(' '));
  return outcome;
}

/** A picker of the source library's Kamervragen, newest first, several at once; those in the target say so. */
async function pick(from: LibraryStore, to: LibraryStore, where: string): Promise<string[]> {
  const date = (i: StoredItem): string => i.head.submitted ?? i.head.answered ?? '';
  const items = from.list().sort((a, b) => date(b).localeCompare(date(a))).map((i) => ({
    key: i.key,
    label: i.head.title || i.key,
    description: i.key,
    ...(to.get(i.key) ? { detail: vscode.l10n.t('Already there') } : {}),
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is nothing to copy: that library is empty.'));
    return [];
  }
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    matchOnDescription: true,
    placeHolder: vscode.l10n.t('Which Kamervragen to copy to {0}?', where),
  });
  return picked?.map((p) => p.key) ?? [];
}
