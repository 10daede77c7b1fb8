/**
 * State the views share: the watch list (kept in globalState, so it follows the user across
 * workspaces) and the last search (kept for the session).
 */
import * as vscode from 'vscode';
import type { KamervraagSummary } from '../core/parse/summary';
import type { SearchCursor } from '../core/sources/search';

const WATCHED = 'kamervragen.watched';

export class WatchList {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  keys(): string[] {
    return this.memento.get<string[]>(WATCHED, []);
  }

  has(key: string): boolean {
    return this.keys().includes(key);
  }

  async add(key: string): Promise<void> {
    if (this.has(key)) return;
    await this.memento.update(WATCHED, [...this.keys(), key]);
    this.changed.fire();
  }

  async remove(key: string): Promise<void> {
    if (!this.has(key)) return;
    await this.memento.update(WATCHED, this.keys().filter((k) => k !== key));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface LastSearch {
  /** What the user typed. */
  label: string;
  items: KamervraagSummary[];
  next: SearchCursor | null;
  total: number | null;
}

export class SearchResults {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private last: LastSearch | undefined;

  get current(): LastSearch | undefined {
    return this.last;
  }

  set(search: LastSearch): void {
    this.last = search;
    this.changed.fire();
  }

  append(items: KamervraagSummary[], next: SearchCursor | null): void {
    if (!this.last) return;
    const known = new Set(this.last.items.map((i) => i.key));
    this.last = { ...this.last, items: [...this.last.items, ...items.filter((i) => !known.has(i.key))], next };
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
