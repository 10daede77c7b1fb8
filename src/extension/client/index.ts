/**
 * The notes language client: starts the server (dist/server.js, a Node process over IPC) when the
 * first Markdown note opens, answers its questions about the library, tells it when the library
 * changes, shows a status bar item for the active note, and stops the server on deactivate.
 *
 * Commands: "Kamervragen: Restart Language Server" and "Kamervragen: Show Notes Citing This".
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { tryParseId, canonicalId } from '../../core/ids';
import type { Services } from '../services';
import {
  CitingNotesRequest, LibraryChangedNotification, NoteStatusRequest, OPEN_PANEL_COMMAND,
  type InitializationOptions,
} from '../../shared/lspProtocol';
import { registerHostHandlers } from './hostHandlers';
import { COMMANDS } from '../../shared/commands';
import { scanNote } from '../../core/notes/scan';
import { identifierProblem } from '../chooseKamervraag';

export const RESTART_COMMAND = COMMANDS.restartLanguageServer;
/** The status item's command: the active note's references in the references peek. */
export const NOTE_REFERENCES_COMMAND = COMMANDS.showNoteReferences;

const SELECTOR = [{ scheme: 'file', language: 'markdown' }, { scheme: 'untitled', language: 'markdown' }];

function isNote(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

let current: NotesClient | undefined;

/** Call once at activation; the disposable stops the server. */
export function registerLanguageClient(context: vscode.ExtensionContext, services: Services): NotesClient {
  current = new NotesClient(context, services);
  return current;
}

/** For `deactivate`: stops the server and waits until it has gone. */
export async function stopLanguageClient(): Promise<void> {
  await current?.stop();
}

/** The client; its commands (restart, show citing notes) are registered with the others at activation. */
export class NotesClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  started: Promise<LanguageClient> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly clientDisposables: vscode.Disposable[] = [];
  private readonly status: vscode.StatusBarItem;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly services: Services) {
    this.status = vscode.window.createStatusBarItem('kamervragen.notes', vscode.StatusBarAlignment.Right, 100);
    this.status.name = vscode.l10n.t('Kamervragen Notes');
    this.status.command = NOTE_REFERENCES_COMMAND;
    this.disposables.push(
      this.status,
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleStatus(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.scheduleStatus(300);
      }),
    );
    if (vscode.workspace.textDocuments.some(isNote)) void this.start();
    else {
      const opened = vscode.workspace.onDidOpenTextDocument((document) => {
        if (!isNote(document)) return;
        opened.dispose();
        void this.start();
      });
      this.disposables.push(opened);
    }
  }

  start(): Promise<LanguageClient> {
    this.started ??= this.create().catch((err: unknown) => {
      this.started = undefined;
      const message = err instanceof Error ? err.message : String(err);
      this.services.log.error(`The notes language server did not start: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The Kamervragen language server did not start: {0}', message));
      throw err;
    });
    return this.started;
  }

  private async create(): Promise<LanguageClient> {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.md');
    this.clientDisposables.push(watcher);
    const initializationOptions: InitializationOptions = { l10n: { ...(vscode.l10n.bundle ?? {}) }, locale: vscode.env.language };
    const clientOptions: LanguageClientOptions = {
      documentSelector: SELECTOR,
      synchronize: { configurationSection: 'kamervragen', fileEvents: watcher },
      initializationOptions,
      outputChannel: this.services.log,
      markdown: { isTrusted: { enabledCommands: [OPEN_PANEL_COMMAND] }, supportHtml: false },
      diagnosticPullOptions: { onChange: true, onSave: true },
    };
    const client = new LanguageClient('kamervragen.notes', vscode.l10n.t('Kamervragen Notes'), serverOptions, clientOptions);
    this.client = client;
    this.clientDisposables.push(
      ...registerHostHandlers(client, this.services),
      client.onDidChangeState(() => this.scheduleStatus(0)),
    );
    this.clientDisposables.push(this.services.onDidChangeLibrary((change) => {
      if (client.isRunning()) void client.sendNotification(LibraryChangedNotification, { changed: [...change.changed], removed: [...change.removed] });
    }));
    await client.start();
    this.scheduleStatus(0);
    return client;
  }

  async stop(): Promise<void> {
    const starting = this.started;
    this.started = undefined;
    const client = this.client ?? (await starting?.catch(() => undefined));
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (client && client.state !== State.Stopped) await client.stop(2000).catch(() => undefined);
    this.scheduleStatus(0);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Every place in the workspace's notes that cites `input` (asked for when not given), in the references peek. */
  async showCitingNotes(input?: string): Promise<vscode.Location[]> {
    const value = input ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Show Notes Citing a Kamervraag'),
      prompt: vscode.l10n.t('A zaaknummer, document id or link'),
      validateInput: identifierProblem,
    });
    const id = value ? tryParseId(value) : undefined;
    if (!id) return [];
    const client = await this.start();
    const found = await client.sendRequest(CitingNotesRequest, { id: canonicalId(id) });
    const locations = found.map((l) => client.protocol2CodeConverter.asLocation(l));
    if (locations.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No note in this workspace cites {0}.', canonicalId(id)));
      return [];
    }
    const first = locations[0]!;
    await vscode.window.showTextDocument(first.uri, { selection: first.range, preview: true });
    await vscode.commands.executeCommand('editor.action.showReferences', first.uri, first.range.start, locations);
    return locations;
  }

  /** The status bar item (its text and command), as the user sees it. */
  get statusItem(): Pick<vscode.StatusBarItem, 'text' | 'command' | 'tooltip'> {
    return this.status;
  }

  /**
   * Every reference in the active note (ids, links, quote markers) in the references peek, the
   * same ones the status item counts. Resolves to their locations; empty when there is no note.
   */
  async showNoteReferences(): Promise<vscode.Location[]> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isNote(editor.document)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Markdown note to see the Kamervragen it cites.'));
      return [];
    }
    const document = editor.document;
    const locations = scanNote(document.getText()).references.map((r) =>
      new vscode.Location(document.uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end))));
    if (locations.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This note cites no Kamervraag yet.'));
      return [];
    }
    const at = editor.selection.active;
    await vscode.commands.executeCommand('editor.action.showReferences', document.uri, at, locations);
    return locations;
  }

  private scheduleStatus(delay: number): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => void this.updateStatus(), delay);
  }

  private async updateStatus(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isNote(editor.document)) {
      this.status.hide();
      return;
    }
    const client = this.client;
    const state = client?.state;
    const stateText = state === State.Running ? vscode.l10n.t('running') : state === State.Starting ? vscode.l10n.t('starting') : vscode.l10n.t('stopped');
    let text = vscode.l10n.t('Kamervragen: {0}', stateText);
    if (client && state === State.Running) {
      try {
        const result = await client.sendRequest(NoteStatusRequest, { uri: editor.document.uri.toString() });
        if (result) text = result.references === 1 ? vscode.l10n.t('Kamervragen: 1 reference') : vscode.l10n.t('Kamervragen: {0} references', result.references);
      } catch {
        // the server went away meanwhile; the state change updates the item again
      }
    }
    if (vscode.window.activeTextEditor !== editor) return;
    this.status.text = `$(book) ${text}`;
    this.status.tooltip = `${vscode.l10n.t('Kamervragen language server: {0}', stateText)}\n${vscode.l10n.t('Click to list the references of this note.')}`;
    this.status.show();
  }

  dispose(): void {
    clearTimeout(this.statusTimer);
    void this.stop();
    for (const d of this.disposables.splice(0)) d.dispose();
    if (current === this) current = undefined;
  }
}
