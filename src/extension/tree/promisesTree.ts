/**
 * The Promises view: every promise made in the answers of the library (core/promiseList.ts),
 * grouped by where it stands against today (past due, due soon, due later, no date) or by the
 * ministry that made it (setting `kamervragen.promises.groupBy`, switched from the view's menu).
 * Selecting a promise opens the reading panel at its answer.
 *
 * The promises are found only when the view asks for them (a collapsed or hidden view asks
 * nothing), per Kamervraag once per stored copy: a library change forgets only the changed ones.
 * A large library is read in slices of a few milliseconds, so the extension host stays responsive
 * meanwhile, with the view's progress bar showing (bench/promiseList.bench.ts measures the cost).
 */
import * as vscode from 'vscode';
import { todayIso } from '../../core/kamervraag';
import type { Kamervraag, KamervraagHead } from '../../core/model';
import type { LibraryStore, StoredItem } from '../../core/library/store';
import { DUE_STATUSES, promiseOrder, promisesOf, SOON_DAYS, type DueStatus, type ListedPromise } from '../../core/promiseList';
import type { CommitmentKind } from '../../core/promises';
import { COMMANDS } from '../../shared/commands';
import * as config from '../config';
import { displayDate } from '../dates';
import type { Services } from '../services';
import { firstWords, questionLabel } from './items';

export type PromiseNode =
  | { kind: 'group'; label: string; status: DueStatus | null; promises: ListedPromise[] }
  | { kind: 'promise'; promise: ListedPromise; group: string };

/** Milliseconds of work between two pauses (a pause lets the extension host handle other work). */
const SLICE_MS = 25;

export class PromisesTree implements vscode.TreeDataProvider<PromiseNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PromiseNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Per Kamervraag: the copy (savedAt) and day the promises were found for. */
  private readonly cache = new Map<string, { savedAt: string; today: string; promises: ListedPromise[] }>();

  constructor(private readonly services: Services) {
    this.disposables.push(
      services.onDidChangeLibrary((change) => {
        for (const key of [...change.changed, ...change.removed]) this.cache.delete(key);
        this.changed.fire(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kamervragen.promises.groupBy')) this.changed.fire(undefined);
      }),
    );
  }

  /** Every promise in the library, soonest first (found again only for changed Kamervragen). */
  async all(): Promise<ListedPromise[]> {
    const library = await this.services.library();
    const today = todayIso();
    const items = await library.store.listDecoded();
    const missing = items.filter((item) => !this.isCached(item.key, item.savedAt, today)).length;
    const store = library.store;
    const collect = async (): Promise<ListedPromise[]> => {
      const list: ListedPromise[] = [];
      let since = Date.now();
      for (const item of items) {
        if (Date.now() - since > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          since = Date.now();
        }
        list.push(...await this.promisesOfStored(store, item, today));
      }
      return list.sort(promiseOrder);
    };
    // Many to read (a first look at a large library): the view shows that it is working.
    return missing > 200 ? vscode.window.withProgress({ location: { viewId: 'kamervragen.promises' } }, collect) : collect();
  }

  private isCached(key: string, savedAt: string, today: string): boolean {
    const cached = this.cache.get(key);
    return !!cached && cached.savedAt === savedAt && cached.today === today;
  }

  /** The promises of a stored item: cached, else read from its file. */
  async promisesOfStored(store: LibraryStore, item: StoredItem | undefined, today = todayIso()): Promise<ListedPromise[]> {
    if (!item) return [];
    if (this.isCached(item.key, item.savedAt, today)) return this.cache.get(item.key)!.promises;
    const loaded = await store.read(item.key);
    return loaded ? this.promisesOfItem(loaded.key, loaded.kamervraag, loaded.savedAt, today) : [];
  }

  /** The promises of one stored Kamervraag (cached per copy and day). */
  promisesOfItem(key: string, kv: Kamervraag, savedAt: string, today = todayIso()): ListedPromise[] {
    if (this.isCached(key, savedAt, today)) return this.cache.get(key)!.promises;
    let promises: ListedPromise[] = [];
    try {
      promises = promisesOf(key, kv, today);
    } catch (err) {
      this.services.log.warn(`Promises of ${key}: ${String(err)}`);
    }
    this.cache.set(key, { savedAt, today, promises });
    return promises;
  }

  async getChildren(node?: PromiseNode): Promise<PromiseNode[]> {
    if (node?.kind === 'promise') return [];
    if (node) return node.promises.map((promise) => ({ kind: 'promise', promise, group: node.label }));
    const all = await this.all();
    if (config.promiseGrouping() === 'ministry') {
      const groups = new Map<string, ListedPromise[]>();
      for (const p of all) {
        for (const m of p.ministries.length > 0 ? p.ministries : [vscode.l10n.t('Ministry unknown')]) groups.set(m, [...(groups.get(m) ?? []), p]);
      }
      return [...groups.keys()].sort((a, b) => a.localeCompare(b, 'nl')).map((label) => ({ kind: 'group', label, status: null, promises: groups.get(label)! }));
    }
    return DUE_STATUSES.map((status) => ({ kind: 'group' as const, label: statusGroupLabel(status), status, promises: all.filter((p) => p.status === status) }))
      .filter((g) => g.promises.length > 0);
  }

  async getTreeItem(node: PromiseNode): Promise<vscode.TreeItem> {
    if (node.kind === 'group') {
      // Past due and due soon open by themselves; the rest on request.
      const open = node.status === 'past' || node.status === 'soon' || node.status === null;
      const item = new vscode.TreeItem(node.label, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.promises.length);
      item.id = `promises:${config.promiseGrouping()}:${node.status ?? encodeURIComponent(node.label)}`;
      item.contextValue = 'promiseGroup';
      if (node.status) item.iconPath = statusIcon(node.status);
      if (node.status === 'soon') item.tooltip = vscode.l10n.t('Due within {0} days', SOON_DAYS);
      return item;
    }
    const kv = (await this.services.library()).store.get(node.promise.key)?.head;
    const item = promiseItem(node.promise, kv, config.promiseGrouping() === 'ministry');
    item.id = `promises:${config.promiseGrouping()}:${encodeURIComponent(node.group)}:${node.promise.key}:${node.promise.index}`;
    return item;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

function statusGroupLabel(status: DueStatus): string {
  switch (status) {
    case 'past': return vscode.l10n.t('Past due');
    case 'soon': return vscode.l10n.t('Due soon');
    case 'later': return vscode.l10n.t('Open, due later');
    case 'undated': return vscode.l10n.t('No date');
  }
}

const STATUS_ICON: Record<DueStatus, [string, string]> = {
  past: ['warning', 'charts.red'],
  soon: ['clock', 'charts.orange'],
  later: ['calendar', 'charts.blue'],
  undated: ['circle-large-outline', 'descriptionForeground'],
};

function statusIcon(status: DueStatus): vscode.ThemeIcon {
  const [icon, colour] = STATUS_ICON[status];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
}

/** "due by 31 October 2023", "past due since 31 October 2023", or "no date". */
export function dueText(p: ListedPromise): string {
  const due = p.commitment.due;
  if (!due) return vscode.l10n.t('no date');
  return p.status === 'past' ? vscode.l10n.t('was due by {0}', displayDate(due)) : vscode.l10n.t('due by {0}', displayDate(due));
}

function kindText(kind: CommitmentKind): string {
  switch (kind) {
    case 'inform': return vscode.l10n.t('to inform the Kamer');
    case 'send': return vscode.l10n.t('to send the Kamer something');
    case 'study': return vscode.l10n.t('to study or evaluate');
    case 'act': return vscode.l10n.t('to act');
  }
}

/**
 * A promise as a tree item (the Promises view and the watch list): its first words, the due date
 * and where it stands; the whole sentence in the tooltip; selecting it opens its answer.
 */
export function promiseItem(p: ListedPromise, kv: KamervraagHead | undefined, showStatus: boolean, withKey = true): vscode.TreeItem {
  const item = new vscode.TreeItem(firstWords(p.commitment.text, 12), vscode.TreeItemCollapsibleState.None);
  const question = vscode.l10n.t('Question {0}', p.numbers[0]!);
  item.description = [dueText(p), withKey ? `${p.key} · ${question}` : question].join(' · ');
  item.iconPath = statusIcon(p.status);
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.appendText(p.commitment.text).appendMarkdown('\n\n---\n\n');
  const moment = p.commitment.dueText ? ` (“${p.commitment.dueText}”)` : '';
  md.appendText(`${vscode.l10n.t('Promise')}: ${kindText(p.commitment.kind)}, ${dueText(p)}${moment}\n\n`);
  if (showStatus || !p.commitment.due) md.appendText(`${statusGroupLabel(p.status)}\n\n`);
  if (p.ministries.length > 0) md.appendText(`${vscode.l10n.t('Ministry')}: ${p.ministries.join(', ')}\n\n`);
  md.appendText(`${p.key}${kv?.title ? ` · ${kv.title}` : ''}${kv ? ` · ${questionLabel(p)}` : ''}`);
  item.tooltip = md;
  item.contextValue = 'promise';
  item.command = { command: COMMANDS.openPanel, title: vscode.l10n.t('Open'), arguments: [p.key, p.numbers[0]] };
  item.accessibilityInformation = { label: `${vscode.l10n.t('Promise')}: ${p.commitment.text} · ${item.description}` };
  return item;
}
