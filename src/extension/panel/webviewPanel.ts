/**
 * The lifecycle both panels share: options and icon, the static page, the `ready` handshake (a
 * hidden webview is torn down and says `ready` again when shown), every message through the
 * subclass's guard, posting only to a live webview, and one dispose.
 */
import * as vscode from 'vscode';
import { preparePanel, webviewHtml } from './webviewHtml';

export abstract class WebviewPanelBase<ToWebview> implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  /** The webview said `ready` and was not hidden since: it can receive messages. */
  protected ready = false;
  protected disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    preparePanel(panel, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
    );
  }

  /** Put the page in (last in the subclass's constructor: its messages may come at once). */
  protected show(script: 'panel' | 'statistics' | 'reuseReport', stylesheet: 'panel.css' | 'statistics.css' | 'reuseReport.css'): void {
    this.panel.webview.html = webviewHtml(this.panel.webview, this.extensionUri, script, stylesheet);
  }

  /** Every message from the webview, unchecked: the subclass runs it through its guard. */
  protected abstract onMessage(raw: unknown): void;

  protected post(message: ToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /** What the subclass forgets when the panel closes (its registry entry). */
  protected onDispose(): void {}

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
