/**
 * The Watch List view: watched Kamervragen, open and overdue first, each with the days left or the
 * days overdue against its deadline (three weeks, six after an uitstel). A watched Kamervraag whose
 * answers make promises expands to them, each with its due date and where it stands.
 */
import * as vscode from 'vscode';
import type { KamervraagHead } from '../../core/model';
import { daysBetween } from '../../core/text';
import type { Services } from '../services';
import { kamervraagItem } from './libraryTree';
import { promiseItem, type PromisesTree } from './promisesTree';
import type { ListedPromise } from '../../core/promiseList';

export type WatchNode = { kind: 'kamervraag'; key: string } | { kind: 'promise'; key: string; promise: ListedPromise };

/**
 * Open and overdue first (soonest deadline first), then those not fetched yet (they may well be
 * open), then the rest, newest first.
 */
export function watchOrder(a: KamervraagHead | undefined, b: KamervraagHead | undefined): number {
  const rank = (kv: KamervraagHead | undefined): number => (!kv ? 1 : kv.status === 'open' || kv.status === 'overdue' ? 0 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 0) return (a?.deadline ?? '').localeCompare(b?.deadline ?? '');
  return (b?.submitted ?? '').localeCompare(a?.submitted ?? '');
}

/** "3 days left", "5 days overdue", or the status for answered ones. */
export function deadlineText(kv: KamervraagHead, today: string): string | undefined {
  if (!kv.deadline || (kv.status !== 'open' && kv.status !== 'overdue')) return undefined;
  const left = daysBetween(today, kv.deadline);
  if (left > 0) return vscode.l10n.t('{0} days left', left);
  if (left === 0) return vscode.l10n.t('due today');
  return vscode.l10n.t('{0} days overdue', -left);
}

export class WatchTree implements vscode.TreeDataProvider<WatchNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WatchNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services, private readonly promises: PromisesTree) {
    this.disposables.push(
      services.watchList.onDidChange(() => this.changed.fire(undefined)),
      services.onDidChangeLibrary(() => this.changed.fire(undefined)),
    );
  }

  async getChildren(node?: WatchNode): Promise<WatchNode[]> {
    if (node?.kind === 'promise') return [];
    const library = await this.services.library();
    if (node) return (await this.promises.promisesOfStored(library.store, library.store.get(node.key))).map((promise) => ({ kind: 'promise', key: node.key, promise }));
    const kv = (key: string): KamervraagHead | undefined => library.store.get(key)?.head;
    return this.services.watchList.keys().sort((a, b) => watchOrder(kv(a), kv(b)) || a.localeCompare(b)).map((key) => ({ kind: 'kamervraag', key }));
  }

  getParent(node: WatchNode): WatchNode | undefined {
    return node.kind === 'promise' ? { kind: 'kamervraag', key: node.key } : undefined;
  }

  async getTreeItem(node: WatchNode): Promise<vscode.TreeItem> {
    const library = await this.services.library();
    const stored = library.store.get(node.key);
    const kv = stored?.head;
    if (node.kind === 'promise') {
      const item = promiseItem(node.promise, kv, true, false);
      item.id = `watch:${node.key}:promise:${node.promise.index}`;
      return item;
    }
    const item = kamervraagItem(node.key, kv, true);
    item.id = `watch:${node.key}`;
    // The promises in the stored copy's answers (none before it is fetched).
    const promises = await this.promises.promisesOfStored(library.store, stored);
    item.collapsibleState = promises.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    if (!kv) {
      // Watched from search results, and not fetched (yet): the next check tries again.
      item.description = vscode.l10n.t('not fetched yet: tried again at the next check');
      item.iconPath = new vscode.ThemeIcon('cloud-download');
      item.tooltip = vscode.l10n.t('{0} is watched but not in your library yet: it could not be fetched. The watch list tries again at every check; Refresh tries now.', node.key);
      return item;
    }
    const days = deadlineText(kv, new Date().toISOString().slice(0, 10));
    if (days) item.description = `${node.key} · ${days}`;
    if (promises.length > 0) item.description = `${String(item.description)} · ${(promises.length === 1 ? vscode.l10n.t('1 promise') : vscode.l10n.t('{0} promises', promises.length))}`;
    return item;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}
