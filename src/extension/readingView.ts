/**
 * A read-only Markdown view of a Kamervraag from the library (`kamervraag:/2023Z11786.md`): where Go
 * to Definition in a note leads (at the `## Vraag N` heading). Its content is rendered from the
 * stored model on every read, so a refresh shows at once.
 */
import * as vscode from 'vscode';
import { toMarkdown } from '../core/render';
import type { Kamervraag } from '../core/model';

import { READING_SCHEME } from '../shared/commands';

export class ReadingViewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly lookup: (key: string) => Promise<Kamervraag | undefined>) {}

  static uriFor(key: string): vscode.Uri {
    return vscode.Uri.from({ scheme: READING_SCHEME, path: `/${key}.md` });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const kv = await this.lookup(key);
    return kv ? toMarkdown(kv) : vscode.l10n.t('{0} is not in the library. Run "Kamervragen: Open…" to fetch it.', key);
  }

  /** Tell VS Code that a stored Kamervraag changed. */
  refresh(key: string): void {
    this.changed.fire(ReadingViewProvider.uriFor(key));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
