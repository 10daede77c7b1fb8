/**
 * The Watch List view: watched Kamervragen, open and overdue first, each with the days left or the
 * days overdue against its deadline (three weeks, six after an uitstel).
 */
import * as vscode from 'vscode';
import type { Kamervraag } from '../../core/model';
import { daysBetween } from '../../core/text';
import type { Services } from '../services';
import { kamervraagItem } from './libraryTree';

export type WatchNode = { kind: 'kamervraag'; key: string };

/**
 * Open and overdue first (soonest deadline first), then those not fetched yet (they may well be
 * open), then the rest, newest first.
 */
export function watchOrder(a: Kamervraag | undefined, b: Kamervraag | undefined): number {
  const rank = (kv: Kamervraag | undefined): number => (!kv ? 1 : kv.status === 'open' || kv.status === 'overdue' ? 0 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 0) return (a?.deadline ?? '').localeCompare(b?.deadline ?? '');
  return (b?.submitted ?? '').localeCompare(a?.submitted ?? '');
}

/** "3 days left", "5 days overdue", or the status for answered ones. */
export function deadlineText(kv: Kamervraag, today: string): string | undefined {
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

  constructor(private readonly services: Services) {
    this.disposables.push(
      services.watchList.onDidChange(() => this.changed.fire(undefined)),
      services.onDidChangeLibrary(() => this.changed.fire(undefined)),
    );
  }

  async getChildren(node?: WatchNode): Promise<WatchNode[]> {
    if (node) return [];
    const library = await this.services.library();
    const kv = (key: string): Kamervraag | undefined => library.store.get(key)?.kamervraag;
    return this.services.watchList.keys().sort((a, b) => watchOrder(kv(a), kv(b)) || a.localeCompare(b)).map((key) => ({ kind: 'kamervraag', key }));
  }

  async getTreeItem(node: WatchNode): Promise<vscode.TreeItem> {
    const kv = (await this.services.library()).store.get(node.key)?.kamervraag;
    const item = kamervraagItem(node.key, kv, true);
    item.id = `watch:${node.key}`;
    item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    if (!kv) {
      // Watched from search results, and not fetched (yet): the next check tries again.
      item.description = vscode.l10n.t('not fetched yet: tried again at the next check');
      item.iconPath = new vscode.ThemeIcon('cloud-download');
      item.tooltip = vscode.l10n.t('{0} is watched but not in your library yet: it could not be fetched. The watch list tries again at every check; Refresh tries now.', node.key);
      return item;
    }
    const days = deadlineText(kv, new Date().toISOString().slice(0, 10));
    if (days) item.description = `${node.key} · ${days}`;
    return item;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}
