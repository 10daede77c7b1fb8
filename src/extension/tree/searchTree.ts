/** The Search Results view: the last search, its query as the view's description, "Load more". */
import * as vscode from 'vscode';
import type { KamervraagSummary } from '../../core/parse/summary';
import { summaryStatus } from '../../core/sources/search';
import type { Services } from '../services';
import { statusIcon, statusText } from './items';
import { peopleLabel } from '../../core/people';
import { displayDate } from '../dates';
import { COMMANDS } from '../../shared/commands';

export type SearchNode = { kind: 'result'; summary: KamervraagSummary } | { kind: 'more' };

export class SearchTree implements vscode.TreeDataProvider<SearchNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SearchNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private view: vscode.TreeView<SearchNode> | undefined;

  constructor(private readonly services: Services) {
    this.subscription = services.searchResults.onDidChange(() => {
      this.describe();
      this.changed.fire(undefined);
    });
  }

  /** The view whose description shows the query. */
  attach(view: vscode.TreeView<SearchNode>): void {
    this.view = view;
    this.describe();
  }

  private describe(): void {
    const last = this.services.searchResults.current;
    if (this.view) this.view.description = last ? `${last.label}${last.total !== null ? ` (${last.total})` : ''}` : '';
  }

  getChildren(node?: SearchNode): SearchNode[] {
    if (node) return [];
    const last = this.services.searchResults.current;
    if (!last) return [];
    const nodes: SearchNode[] = last.items.map((summary) => ({ kind: 'result', summary }));
    if (last.next) nodes.push({ kind: 'more' });
    return nodes;
  }

  getTreeItem(node: SearchNode): vscode.TreeItem {
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more results'));
      item.iconPath = new vscode.ThemeIcon('more');
      item.command = { command: COMMANDS.loadMoreResults, title: vscode.l10n.t('Load more results') };
      return item;
    }
    const s = node.summary;
    const status = summaryStatus(s, new Date().toISOString().slice(0, 10));
    const item = new vscode.TreeItem(s.title || s.key);
    item.id = `result:${s.key}`;
    item.description = `${s.key} · ${statusText(status)}`;
    item.iconPath = statusIcon(status);
    item.tooltip = new vscode.MarkdownString().appendText(`${s.title}\n\n${peopleLabel(s.submitters)}\n\n${s.submitted ? displayDate(s.submitted) : ''}`);
    item.contextValue = 'result';
    item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Open'), arguments: [s.key] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
