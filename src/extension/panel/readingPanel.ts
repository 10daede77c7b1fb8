/**
 * The reading panel: one webview per Kamervraag with a header card, a timeline against the
 * deadlines, every question with its answer, footnotes, cross-references and repeated sentences
 * marked, and per answer "Insert as Quote" and "Copy Citation".
 *
 * The webview gets its data by postMessage after it says `ready` (again after every reload: no
 * retainContextWhenHidden; it keeps its key with setState and the serializer brings the panel back
 * after a window reload). Every message from the webview goes through the guard in
 * src/shared/webviewProtocol.ts, and addresses are opened only when they are http(s) and part of
 * the Kamervraag shown.
 */
import * as vscode from 'vscode';
import { citation } from '../../core/cite';
import { todayIso } from '../../core/kamervraag';
import type { Kamervraag } from '../../core/model';
import type { Services } from '../services';
import { citationStyle, markRepeats, setMarkRepeats } from '../config';
import { pickQuestion } from '../pickQuestion';
import { ensureStored } from '../ensureStored';
import { targetMarkdownEditor } from '../markdownEditor';
import { quoteInto } from '../quoteInto';
import {
  READER_VIEW_TYPE, readerMessage, readerState, type HostToReader, type ReaderToHost, type ReaderView,
} from '../../shared/webviewProtocol';
import { buildReaderView, panelTitle, readerStrings } from './readerView';
import { buildReaderReuse, linkedKeys } from './reuseView';
import { reuseService } from '../reuseService';
import { lookUpToezegging, toezeggingView } from '../toezeggingen';
import { promisesOf } from '../../core/promiseList';
import { externalUrl, webviewOptions } from './webviewHtml';
import { WebviewPanelBase } from './webviewPanel';

/** What the host did with a message from a webview. */
export type Outcome = 'done' | 'refused' | 'cancelled' | 'failed';

const panels = new Map<string, ReaderPanel>();
const handled = new vscode.EventEmitter<{ key: string; message: ReaderToHost; outcome: Outcome }>();

class ReaderPanel extends WebviewPanelBase<HostToReader> {
  private view: ReaderView | null = null;
  private kamervraag: Kamervraag | undefined;
  private allowedUrls = new Set<string>();
  /** Keys of the reuse and related links sent: the only Kamervragen the webview may ask to open. */
  private allowedKeys = new Set<string>();
  private reuseSubscribed = false;
  private reuseGeneration = 0;
  private loadSeq = 0;
  private initPending = false;
  private pendingReveal: number | null;

  constructor(private readonly services: Services, readonly key: string, panel: vscode.WebviewPanel, reveal: number | null) {
    super(panel, services.context.extensionUri);
    this.pendingReveal = reveal;
    panels.set(key, this);
    this.disposables.push(
      services.onDidChangeLibrary((change) => {
        if (change.changed.includes(key) || change.removed.includes(key)) this.load('update');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kamervragen.reader.markRepeats')) this.load('update');
      }),
    );
    this.load('none');
    this.show('panel', 'panel.css');
  }

  protected onMessage(raw: unknown): void {
    void this.receive(raw);
  }

  /**
   * Read the Kamervraag from the library and give it to a ready webview: `init` sends strings and
   * data, `update` only the data (the webview keeps its scroll position).
   */
  private load(send: 'none' | 'init' | 'update'): void {
    // Reads may finish out of order: only the latest load is shown, and an init asked for is never
    // replaced by an update (the webview needs its strings first).
    const seq = ++this.loadSeq;
    if (send === 'init') this.initPending = true;
    void this.services.library().then(async (library) => {
      const item = await library.store.read(this.key);
      if (this.disposed || seq !== this.loadSeq) return;
      this.kamervraag = item?.kamervraag;
      this.view = item ? buildReaderView(item.kamervraag, this.key, todayIso(), { markRepeats: markRepeats(), fetchedAt: item.fetchedAt, savedAt: item.savedAt }) : null;
      this.allowedUrls = new Set(this.view ? urlsOf(this.view) : []);
      if (item) this.panel.title = panelTitle(item.kamervraag, this.key);
      if (!this.ready || send === 'none') return;
      if (send === 'update' && this.view && !this.initPending) this.post({ type: 'update', view: this.view });
      else this.sendInit();
      this.sendReuse();
    }, (err: unknown) => this.services.log.error(`Reading panel ${this.key}: ${String(err)}`));
  }

  private sendInit(): void {
    this.initPending = false;
    const error = this.view ? null : vscode.l10n.t('{0} is not in your library (any more). Open it again with "Kamervragen: Open…".', this.key);
    this.post({ type: 'init', strings: readerStrings(), view: this.view, error, reveal: this.pendingReveal });
    this.pendingReveal = null;
  }

  /** The Kamervraag shown, once read from the library. */
  get current(): Kamervraag | undefined {
    return this.kamervraag;
  }

  reveal(question: number): void {
    if (this.ready) this.post({ type: 'reveal', question });
    else this.pendingReveal = question;
  }

  /** Every message from the webview: checked by the guard, handled, then announced (tests watch that). */
  async receive(raw: unknown): Promise<Outcome> {
    const message = readerMessage(raw);
    if (!message) {
      this.services.log.warn(`Reading panel ${this.key}: ignored a malformed message from the webview.`);
      return 'refused';
    }
    let outcome: Outcome;
    try {
      outcome = await this.handle(message);
    } catch (err) {
      this.services.log.error(`Reading panel ${this.key}: ${message.type} failed: ${String(err)}`);
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
      outcome = 'failed';
    }
    handled.fire({ key: this.key, message, outcome });
    return outcome;
  }

  private async handle(message: ReaderToHost): Promise<Outcome> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.load('init');
        return 'done';
      case 'rendered':
      case 'revealed':
        return 'done';
      case 'markRepeats':
        // A setting: every panel follows, and the next one opens the same way.
        await setMarkRepeats(message.on);
        return 'done';
      case 'insertQuote': {
        const kv = this.kamervraag;
        if (!kv) return 'refused';
        const editor = await targetMarkdownEditor();
        if (!editor) return 'cancelled';
        return (await quoteInto(editor, kv, message.question)) ? 'done' : 'failed';
      }
      case 'copyCitation': {
        const kv = this.kamervraag;
        if (!kv || !kv.entries.some((e) => e.numbers.includes(message.question))) return 'refused';
        const text = citation(kv, citationStyle(), message.question);
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Citation copied: {0}', text), 5000);
        return 'done';
      }
      case 'openKamervraag':
        if (!this.allowedKeys.has(message.key)) {
          this.services.log.warn(`Reading panel ${this.key}: refused to open ${JSON.stringify(message.key)}: not a Kamervraag this panel links to.`);
          return 'refused';
        }
        await showReadingPanel(this.services, message.key);
        return 'done';
      case 'reuseRendered':
        return 'done';
      case 'lookUpToezegging':
        return this.lookUpToezegging(message.question, message.promise);
      case 'openExternal': {
        const url = externalUrl(message.url);
        if (!url || !this.allowedUrls.has(url)) {
          this.services.log.warn(`Reading panel ${this.key}: refused to open ${JSON.stringify(message.url.slice(0, 200))}: not an http(s) address of this Kamervraag.`);
          return 'refused';
        }
        return (await vscode.env.openExternal(vscode.Uri.parse(url, true))) ? 'done' : 'cancelled';
      }
    }
  }

  /**
   * The registered Toezegging a promise of the panel may be, sent back to show after its label (with
   * null when cancelled or failed, so its button can be pressed again). The links sent are the only
   * new addresses the webview may then ask to open.
   */
  private async lookUpToezegging(question: number, index: number): Promise<Outcome> {
    const kv = this.kamervraag;
    const entry = kv?.entries.find((e) => e.numbers[0] === question);
    // The promises of that answer, in the order of its marks (promiseMarks.ts finds them the same way).
    const promise = kv && entry ? promisesOf(this.key, kv, todayIso()).filter((p) => p.numbers[0] === question)[index] : undefined;
    if (!kv || !promise) return 'refused';
    const outcome = await lookUpToezegging(this.services, this.key, kv, promise);
    if (outcome.kind !== 'done') {
      if (outcome.kind === 'no-date') void vscode.window.showInformationMessage(vscode.l10n.t('The answer of {0} has no date, so there is no window to look for a registered Toezegging in.', this.key));
      this.post({ type: 'toezegging', question, promise: index, result: null });
      return outcome.kind === 'failed' ? 'failed' : 'cancelled';
    }
    const view = toezeggingView(outcome);
    for (const link of view.links) if (link.url) this.allowedUrls.add(link.url);
    this.post({ type: 'toezegging', question, promise: index, result: view });
    return 'done';
  }

  // -------------------------------------------------------------------------------------------
  // Reuse across the library and related Kamervragen (reuseView.ts), sent apart from the view.

  /** Computes the reuse notes and related section and posts them; again whenever the index catches up. */
  private sendReuse(): void {
    const generation = ++this.reuseGeneration;
    void reuseService(this.services).then(async (service) => {
      if (this.disposed) return;
      if (!this.reuseSubscribed) {
        this.reuseSubscribed = true;
        this.disposables.push(service.onDidUpdate(() => this.sendReuse()));
      }
      const kv = this.kamervraag;
      if (!kv || !this.ready) return;
      const reuse = await buildReaderReuse(service, this.key, kv);
      if (this.disposed || generation !== this.reuseGeneration) return; // a later one is on its way
      this.allowedKeys = linkedKeys(reuse);
      this.post({ type: 'reuse', reuse });
    }, (err: unknown) => this.services.log.error(`Reading panel ${this.key}: reuse: ${String(err)}`));
  }

  protected override onDispose(): void {
    if (panels.get(this.key) === this) panels.delete(this.key);
  }
}

/** The key of the active reading panel (or of the only one open), if any. */
export function activeReadingKey(): string | undefined {
  const active = [...panels.values()].find((p) => p.panel.active) ?? (panels.size === 1 ? [...panels.values()][0] : undefined);
  return active?.key;
}

/** The addresses the view links to: the only ones the webview may ask to open. */
function urlsOf(view: ReaderView): string[] {
  const urls = view.documents.map((d) => d.url);
  for (const e of view.entries) for (const f of [...e.questionNotes, ...e.answerNotes]) urls.push(f.url);
  return urls.filter((u): u is string => u !== null);
}

/**
 * Show the Kamervraag stored under `key` in its reading panel (fetched into the library first when
 * it is not there), scrolled to the answer of `question` when given. A panel that is open already
 * is brought to the front instead of opening a second one.
 */
export async function showReadingPanel(services: Services, key: string, question?: number): Promise<void> {
  const open = panels.get(key);
  if (open) {
    open.panel.reveal();
    if (question !== undefined) open.reveal(question);
    return;
  }
  const item = await ensureStored(services, key);
  if (!item) return;
  const again = panels.get(item.key); // opened meanwhile, or `key` named a document of a stored item
  if (again) {
    again.panel.reveal();
    if (question !== undefined) again.reveal(question);
    return;
  }
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  const panel = vscode.window.createWebviewPanel(READER_VIEW_TYPE, panelTitle(item.head, item.key), column, {
    ...webviewOptions(services.context.extensionUri),
    enableFindWidget: true,
  });
  new ReaderPanel(services, item.key, panel, question ?? null);
}

/**
 * "Kamervragen: Go to Question…": in the active reading panel, scroll to a question (picked from
 * a list when not given) and focus its heading.
 */
export async function goToQuestion(question?: number): Promise<boolean> {
  const active = [...panels.values()].find((p) => p.panel.active) ?? (panels.size === 1 ? [...panels.values()][0] : undefined);
  const kv = active?.current;
  if (!active || !kv) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Kamervraag in the reading panel first.'));
    return false;
  }
  const n = question ?? (await pickQuestion(kv, vscode.l10n.t('Go to which question?')))?.numbers[0];
  if (n === undefined || !kv.entries.some((e) => e.numbers.includes(n))) return false;
  active.panel.reveal();
  active.reveal(n);
  return true;
}

/** Brings reading panels back after a window reload, from the state their webview saved. */
class ReaderSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly services: Services) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restored = readerState(state);
    if (!restored || panels.has(restored.key)) {
      panel.dispose();
      return;
    }
    // The webview restores its own scroll position from its state; no reveal needed.
    new ReaderPanel(this.services, restored.key, panel, restored.scrollY === undefined ? restored.question ?? null : null);
  }
}

/**
 * Restores a reading panel after a window reload. The activation entry registers the serializer
 * (it must exist at activation) and hands the panel on to this, in the features bundle.
 */
export function deserializeReadingPanel(services: Services, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  return new ReaderSerializer(services).deserializeWebviewPanel(panel, state);
}

/** Closes every reading panel (on deactivation). */
export function closeReadingPanels(): vscode.Disposable {
  return { dispose: () => { for (const p of [...panels.values()]) p.panel.dispose(); } };
}

/**
 * For the integration tests only (not part of the extension's behaviour): see what the webviews
 * report and hand the host a message as if a webview had sent it. Nothing here runs on its own
 * (a getter, not `handled.event`), so the production bundle, which never imports it, leaves it out.
 */
export const readerTesting = {
  /** Fires after the host handled a (valid) message from a reading panel's webview. */
  get onDidHandle(): vscode.Event<{ key: string; message: ReaderToHost; outcome: Outcome }> {
    return handled.event;
  },
  /** Keys of the open reading panels. */
  openKeys: (): string[] => [...panels.keys()],
  panel: (key: string): vscode.WebviewPanel | undefined => panels.get(key)?.panel,
  /** Handle `message` as if the panel's webview had sent it: through the same guard. */
  receive: (key: string, message: unknown): Promise<Outcome> => {
    const p = panels.get(key);
    return p ? p.receive(message) : Promise.reject(new Error(`no reading panel for ${key}`));
  },
  serializer: (services: Services): vscode.WebviewPanelSerializer => new ReaderSerializer(services),
};
