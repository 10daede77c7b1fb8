/**
 * The extension's long-lived services, each created on first use (activation stays cheap): the HTTP
 * client, the library with its search index, the log. Owns and disposes all of them. The library is
 * where libraryLocation.ts says; when that setting changes, it is opened again there.
 */
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { HttpClient } from '../core/sources/http';
import type { SourceContext } from '../core/sources/resolve';
import { endpointProblems } from '../core/sources/endpoints';
import { LibraryStore, type LibraryChange, type LibraryProblem } from '../core/library/store';
import { LiveIndex, workerUpdater, type IndexState } from '../core/library/liveIndex';
import * as config from './config';
import { affectsLibraryLocation, libraryLocation, type LibraryLocation } from './libraryLocation';
import { SearchResults, WatchList } from './state';
import type { Failure } from './failures';

export interface Library {
  store: LibraryStore;
  /** The search index: opened from its file, kept current, rebuilt in a worker thread when needed. */
  index: LiveIndex;
}

export class Services implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private httpClient: HttpClient | undefined;
  private libraryPromise: Promise<Library> | undefined;
  /** Where the library that libraryPromise opens is, and what belongs to it (watcher, index link). */
  private openedLocation: LibraryLocation | undefined;
  private readonly libraryDisposables: vscode.Disposable[] = [];
  /** Moves of the library, one after the other. */
  private moving: Promise<void> = Promise.resolve();
  private readonly libraryMoved = new vscode.EventEmitter<Library>();
  private logChannel: vscode.LogOutputChannel | undefined;
  readonly watchList: WatchList;
  readonly searchResults = new SearchResults();
  private readonly libraryChanged = new vscode.EventEmitter<LibraryChange>();
  private readonly failureReported = new vscode.EventEmitter<ReportedFailure>();
  /** Fires when a failure was told to the user (its message and actions). */
  readonly onDidReportFailure = this.failureReported.event;
  /** Fires when the library changes; subscribing does not open the library. */
  readonly onDidChangeLibrary = this.libraryChanged.event;
  /**
   * Fires with the library opened in its new place after the setting moved it (onDidChangeLibrary
   * fires too, naming every key that came or went), for whoever holds on to a Library.
   */
  readonly onDidMoveLibrary = this.libraryMoved.event;

  constructor(readonly context: vscode.ExtensionContext) {
    this.watchList = new WatchList(context.globalState);
    this.disposables.push(this.watchList, this.searchResults, this.libraryChanged, this.failureReported, this.libraryMoved);
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kamervragen.network')) this.httpClient = undefined;
      if (affectsLibraryLocation(e)) void this.followLibraryLocation();
    }), vscode.workspace.onDidChangeWorkspaceFolders(() => void this.followLibraryLocation()));
  }

  get log(): vscode.LogOutputChannel {
    this.logChannel ??= vscode.window.createOutputChannel('Kamervragen', { log: true });
    return this.logChannel;
  }

  http(): HttpClient {
    this.httpClient ??= new HttpClient({
      userAgent: `kamervragen-vscode/${String(this.context.extension.packageJSON.version)} (VS Code ${vscode.version})`,
      timeoutMs: config.requestTimeoutSeconds() * 1000,
    });
    return this.httpClient;
  }

  /**
   * What the sources need for one piece of work. Throws an Error with a message for the user when an
   * endpoint setting is not an address. With `failed`, every request that fails is added to it (so
   * that a message can tell "not found" from "could not ask").
   */
  sources(signal: AbortSignal, progress?: (message: string) => void, failed?: unknown[]): SourceContext {
    const endpoints = config.endpoints();
    const problems = endpointProblems(endpoints);
    if (problems.length > 0) throw new SettingsError(problems.join(' '));
    return { http: failed ? recording(this.http(), failed) : this.http(), endpoints, signal, progress, totalTimeoutMs: config.totalTimeoutSeconds() * 1000 };
  }

  /**
   * Tell the user about a failure in one sentence; the details go to the log, which "Show Details"
   * opens. `actions` are further buttons (Retry, Open Settings) with what they do.
   */
  reportFailure(failure: Failure, actions: ReadonlyArray<readonly [string, () => unknown]> = [], severity: 'error' | 'warning' = 'error'): void {
    this.log.error(`${failure.message} ${failure.details}`);
    const details = vscode.l10n.t('Show Details');
    const buttons = [...actions.map(([label]) => label), details];
    this.failureReported.fire({ failure, actions: buttons });
    const shown = severity === 'error' ? vscode.window.showErrorMessage(failure.message, ...buttons) : vscode.window.showWarningMessage(failure.message, ...buttons);
    // Not awaited: the command ends now; the actions work whenever the user takes them.
    void shown.then((choice) => {
      if (choice === details) this.log.show(true);
      else actions.find(([label]) => label === choice)?.[1]();
    });
  }

  /** The library, opened (and indexed) once. */
  library(): Promise<Library> {
    if (!this.libraryPromise) {
      this.openedLocation = libraryLocation(this.context);
      this.libraryPromise = this.openLibrary(this.openedLocation);
    }
    return this.libraryPromise;
  }

  /** Where the window's library is (the global one, or a workspace folder's). */
  libraryLocation(): LibraryLocation {
    return this.openedLocation ?? libraryLocation(this.context);
  }

  /**
   * The setting or the workspace folders changed: when the library's place moved, close it and open
   * it in the new place, and tell every view (every key of both as changed or removed). Nothing to
   * do while it was never opened: it opens in the right place when first asked for.
   */
  followLibraryLocation(): Promise<void> {
    this.moving = this.moving.then(async () => {
      const next = libraryLocation(this.context);
      if (!this.libraryPromise || !this.openedLocation || (next.dir === this.openedLocation.dir && next.form === this.openedLocation.form)) return;
      const before = await this.libraryPromise.catch(() => undefined);
      for (const d of this.libraryDisposables.splice(0)) d.dispose();
      this.openedLocation = next;
      this.libraryPromise = this.openLibrary(next);
      const after = await this.libraryPromise.catch((err: unknown) => {
        this.log.error(`The library in ${next.dir} could not be opened: ${String(err)}`);
        return undefined;
      });
      const keys = new Set(after?.store.list().map((i) => i.key));
      this.libraryChanged.fire({ changed: [...keys], removed: (before?.store.list() ?? []).map((i) => i.key).filter((k) => !keys.has(k)) });
      if (after) this.libraryMoved.fire(after);
    }).catch((err: unknown) => this.log.error(`Moving the library failed: ${String(err)}`));
    return this.moving;
  }

  private async openLibrary(location: LibraryLocation): Promise<Library> {
    const dir = location.dir;
    const store = await LibraryStore.open(dir, {
      form: location.form,
      onProblem: (p) => this.reportProblem(p),
      // Beside the search index: what the library keeps in memory, so that it opens without reading every item.
      catalogPath: this.indexPathOf(dir).replace(/\.index$/, '.catalog'),
      onCatalogError: (err) => this.log.warn(`The library catalog could not be written (${err.message}); the next start reads the item files instead.`),
    });
    const index = await LiveIndex.open(store, {
      dir,
      indexPath: this.indexPathOf(dir),
      update: workerUpdater(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'indexWorker.js').fsPath),
      log: (message) => this.log.info(message),
    });
    this.showIndexing(index);
    this.libraryDisposables.push({ dispose: () => index.dispose() }, { dispose: () => { void store.flush().finally(() => store.dispose()); } }, store.onDidChange((change) => this.libraryChanged.fire(change)));
    // Another window writing into the same library: pick up its changes.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), 'items/*.json'));
    // Only the file the event names: a download of the archive writes thousands, each an event.
    const reload = (uri: vscode.Uri): void => {
      void store.reloadChanged([path.basename(uri.fsPath)]).catch((err: unknown) => this.log.error(`Library reload failed: ${String(err)}`));
    };
    this.libraryDisposables.push(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
    return { store, index };
  }

  /**
   * Where the search index of the library in `dir` is kept: in this extension's global storage,
   * never in the library folder itself (which may be a workspace folder under version control).
   */
  private indexPathOf(dir: string): string {
    const name = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
    return path.join(this.context.globalStorageUri.fsPath, 'search-index', `${name}.index`);
  }

  /** While the index is rebuilt, the status bar says so (searches meanwhile find only what is indexed). */
  private showIndexing(index: LiveIndex): void {
    let showing = false;
    const watch = (state: IndexState): void => {
      if (state.kind !== 'building' || showing) return;
      showing = true;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Kamervragen: indexing the library') }, async (progress) => {
        const shown = index.onDidChangeState((s) => {
          if (s.kind !== 'ready' && s.total > 0) progress.report({ message: vscode.l10n.t('{0} of {1} items', s.done, s.total) });
        });
        try {
          await index.whenReady();
        } finally {
          shown.dispose();
          showing = false;
        }
      });
    };
    this.libraryDisposables.push(index.onDidChangeState(watch));
    watch(index.state);
  }

  private reportProblem(problem: LibraryProblem): void {
    this.log.warn(problem.message);
    void vscode.window.showWarningMessage(vscode.l10n.t('Kamervragen library: {0}', problem.message));
  }

  dispose(): void {
    for (const d of this.libraryDisposables.splice(0)) d.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.logChannel?.dispose();
  }
}

export interface ReportedFailure {
  failure: Failure;
  /** The buttons offered, "Show Details" last. */
  actions: string[];
}

/** The client, with every failed request also added to `failed`. */
function recording(http: HttpClient, failed: unknown[]): HttpClient {
  const client = Object.create(http) as HttpClient;
  client.get = (req) => http.get(req).catch((err: unknown) => {
    failed.push(err);
    throw err;
  });
  return client;
}

/** A setting has a value that cannot work; the message names the setting. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}
