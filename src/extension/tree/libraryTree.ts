/**
 * The Library view: every stored Kamervraag, grouped by month of submission, by ministry addressed,
 * or by indiener (setting `kamervragen.library.groupBy`, switched from the view's menu); each
 * Kamervraag expands to its questions. Questions can be dragged into a Markdown note as quotes.
 */
import * as vscode from 'vscode';
import type { Entry, KamervraagHead } from '../../core/model';
import { quoteAnswer } from '../../core/quote';
import type { Services } from '../services';
import * as config from '../config';
import { firstWords, questionLabel, statusIcon, statusText, tooltipOf } from './items';
import { personLabel } from '../../core/people';
import { displayMonth } from '../dates';
import { joinBlocks } from '../../core/notes/insertion';
import { QUOTE_MIME } from '../markdownEditor';
import { COMMANDS } from '../../shared/commands';

/**
 * A node knows the group it stands in: a Kamervraag addressed to two ministries stands under both,
 * and VS Code needs a different id for each place (and getParent for reveal).
 */
export type LibraryNode =
  | { kind: 'group'; label: string; keys: string[] }
  | { kind: 'kamervraag'; key: string; group?: GroupNode }
  | { kind: 'question'; key: string; numbers: number[]; group?: GroupNode };

type GroupNode = Extract<LibraryNode, { kind: 'group' }>;

/** Group labels for one Kamervraag (several for several ministries or indieners). */
export function groupsOf(kv: KamervraagHead, grouping: config.LibraryGrouping): string[] {
  switch (grouping) {
    case 'month': {
      const date = kv.submitted ?? kv.answered;
      return [date ? `${date.slice(0, 7)}` : vscode.l10n.t('Date unknown')];
    }
    case 'ministry': {
      const ministries = kv.addressees.map((a) => a.role.replace(/^(?:minister|staatssecretaris|minister-president)\s+(?:van|voor)\s+/i, ''));
      return ministries.length > 0 ? [...new Set(ministries)] : [vscode.l10n.t('Ministry unknown')];
    }
    case 'submitter': {
      const people = kv.submitters.map(personLabel);
      return people.length > 0 ? people : [vscode.l10n.t('Indiener unknown')];
    }
  }
}

/** The tree item id of a node: unique per position (group, Kamervraag, question). */
export function nodeId(node: LibraryNode, grouping: config.LibraryGrouping): string {
  const group = node.kind === 'group' ? node.label : node.group?.label ?? '';
  const where = `${grouping}:${encodeURIComponent(group)}`;
  switch (node.kind) {
    case 'group': return `group:${where}`;
    case 'kamervraag': return `kv:${where}:${node.key}`;
    case 'question': return `q:${where}:${node.key}:${node.numbers.join(',')}`;
  }
}

export class LibraryTree implements vscode.TreeDataProvider<LibraryNode>, vscode.TreeDragAndDropController<LibraryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LibraryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly dragMimeTypes = [QUOTE_MIME, 'text/plain'];
  readonly dropMimeTypes: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private view: vscode.TreeView<LibraryNode> | undefined;

  constructor(private readonly services: Services) {
    this.disposables.push(
      services.watchList.onDidChange(() => this.changed.fire(undefined)),
      services.onDidChangeLibrary(() => this.changed.fire(undefined)),
      services.onDidMoveLibrary(() => this.describe()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kamervragen.library.groupBy')) this.changed.fire(undefined);
        if (e.affectsConfiguration('kamervragen.library.location')) this.describe();
      }),
    );
  }

  /** The view whose description names the workspace library, when the window uses one. */
  attach(view: vscode.TreeView<LibraryNode>): void {
    this.view = view;
    this.describe();
  }

  private describe(): void {
    const folder = this.services.libraryLocation().folder;
    if (this.view) this.view.description = folder ? vscode.l10n.t('Workspace: {0}', folder.name) : '';
  }

  async getChildren(node?: LibraryNode): Promise<LibraryNode[]> {
    const library = await this.services.library();
    if (!node) {
      const grouping = config.libraryGrouping();
      const groups = new Map<string, string[]>();
      for (const item of await library.store.listDecoded()) {
        for (const g of groupsOf(item.head, grouping)) {
          const keys = groups.get(g);
          if (keys) keys.push(item.key);
          else groups.set(g, [item.key]);
        }
      }
      const names = [...groups.keys()].sort((a, b) => (grouping === 'month' ? b.localeCompare(a) : a.localeCompare(b, 'nl')));
      return names.map((label) => ({ kind: 'group', label, keys: groups.get(label)! }));
    }
    if (node.kind === 'group') {
      const date = (key: string): string => library.store.get(key)?.head.submitted ?? '';
      return [...node.keys].sort((a, b) => date(b).localeCompare(date(a))).map((key) => ({ kind: 'kamervraag', key, group: node }));
    }
    if (node.kind === 'kamervraag') {
      const kv = (await library.store.read(node.key))?.kamervraag;
      return (kv?.entries ?? []).map((e) => ({ kind: 'question', key: node.key, numbers: e.numbers, ...(node.group ? { group: node.group } : {}) }));
    }
    return [];
  }

  getParent(node: LibraryNode): LibraryNode | undefined {
    switch (node.kind) {
      case 'group': return undefined;
      case 'kamervraag': return node.group;
      case 'question': return { kind: 'kamervraag', key: node.key, ...(node.group ? { group: node.group } : {}) };
    }
  }

  async getTreeItem(node: LibraryNode): Promise<vscode.TreeItem> {
    const library = await this.services.library();
    if (node.kind === 'group') {
      const grouping = config.libraryGrouping();
      const item = new vscode.TreeItem(grouping === 'month' ? displayMonth(node.label) : node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.keys.length);
      item.contextValue = 'group';
      item.id = nodeId(node, grouping);
      return item;
    }
    const grouping = config.libraryGrouping();
    const item = node.kind === 'kamervraag'
      ? kamervraagItem(node.key, library.store.get(node.key)?.head, this.services.watchList.has(node.key))
      : questionItem(node.key, (await library.store.read(node.key))?.kamervraag.entries.find((e) => e.numbers.join(',') === node.numbers.join(',')));
    item.id = nodeId(node, grouping);
    return item;
  }

  handleDrag(nodes: readonly LibraryNode[], dataTransfer: vscode.DataTransfer): void | Thenable<void> {
    return this.services.library().then(async (library) => {
      const quotes: string[] = [];
      for (const n of nodes) {
        if (n.kind !== 'question') continue;
        const kv = (await library.store.read(n.key))?.kamervraag;
        const entry = kv?.entries.find((e) => e.numbers.join(',') === n.numbers.join(','));
        if (kv && entry?.answer) quotes.push(quoteAnswer(kv, entry.numbers[0]!, config.quoteOptions(undefined)));
      }
      if (quotes.length === 0) return;
      const blocks = joinBlocks(quotes, '\n');
      dataTransfer.set(QUOTE_MIME, new vscode.DataTransferItem(blocks));
      dataTransfer.set('text/plain', new vscode.DataTransferItem(blocks));
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

export function kamervraagItem(key: string, kv: KamervraagHead | undefined, watched: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(kv?.title || key, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = kv ? `${key} · ${statusText(kv.status)}` : vscode.l10n.t('not in the library');
  item.iconPath = kv ? statusIcon(kv.status) : new vscode.ThemeIcon('question');
  if (kv) item.tooltip = tooltipOf(kv);
  item.contextValue = watched ? 'kamervraag.watched' : 'kamervraag';
  item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Open'), arguments: [key] };
  return item;
}

export function questionItem(key: string, entry: Entry | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(entry ? questionLabel(entry) : '?', vscode.TreeItemCollapsibleState.None);
  if (!entry) return item;
  item.description = firstWords(entry.question);
  item.tooltip = new vscode.MarkdownString().appendText(entry.question).appendMarkdown('\n\n---\n\n').appendText(entry.answer ? firstWords(entry.answer, 60) : vscode.l10n.t('(no answer yet)'));
  item.iconPath = new vscode.ThemeIcon(entry.answer ? 'comment-discussion' : 'comment');
  item.contextValue = entry.answer ? 'question.answered' : 'question';
  item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Open'), arguments: [key, entry.numbers[0]] };
  return item;
}
