/**
 * The activation entry: registers commands, views and providers with thin stand-ins and loads the
 * real implementation (dist/features.js) on first use, so that activation costs next to nothing.
 */
import * as vscode from 'vscode';
import type { Features } from './features';
import type { MarkdownIt } from '../core/notes/preview';
import { VIEW_IDS, WATCHED_KEY, WEBVIEW_TYPES, type ViewId } from './contributions';
import { QUOTE_MIME, registerQuoteDrop, trackMarkdownEditors } from './markdownEditor';
import { COMMAND_IDS, READING_SCHEME } from '../shared/commands';
import { trackLibraryLocation } from './libraryLocation';

/** What tests may reach (only when KAMERVRAGEN_TEST=1); reaching it loads the features. */
export type TestApi = Pick<Features, 'services' | 'trees' | 'watching' | 'notes' | 'bibliography'> & {
  /** The tree views as VS Code shows them (reveal goes through VS Code's own bookkeeping). */
  views: ReadonlyMap<ViewId, vscode.TreeView<unknown>>;
};

/** What the extension exports: the Markdown preview's plugin (package.json `markdown.markdownItPlugins`). */
export interface Api {
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

/** Loaded on first use; kept here so that deactivate can stop the language server. */
let features: Features | undefined;

export function activate(context: vscode.ExtensionContext): Api | (Api & TestApi) {
  const markdown = trackMarkdownEditors();
  // The reading view's changes, forwarded from the features once they are loaded.
  const readingChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(markdown, readingChanged, registerQuoteDrop(), trackLibraryLocation());
  const load = (): Features => {
    if (!features) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazily loaded second bundle
        features = (require('./features.js') as typeof import('./features')).createFeatures(context, markdown.last);
        context.subscriptions.push(features.reading.onDidChange((uri) => readingChanged.fire(uri)));
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Kamervragen could not start: {0}', (err as Error).message));
        throw err;
      }
    }
    return features;
  };

  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => load().run(id, args)));
  }
  const views = new Map<ViewId, vscode.TreeView<unknown>>();
  for (const id of VIEW_IDS) {
    const tree = new LazyTree(id, load);
    const view = vscode.window.createTreeView(id, {
      treeDataProvider: tree,
      ...(id === 'kamervragen.library' ? { dragAndDropController: tree, showCollapseAll: true, canSelectMany: true } : {}),
    });
    tree.view = view;
    views.set(id, view);
    context.subscriptions.push(tree, view);
  }
  // Panels come back after a reload: the serializers must exist at activation.
  for (const viewType of WEBVIEW_TYPES) {
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: (panel, state) => load().deserialize(viewType, panel, state),
    }));
  }
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(READING_SCHEME, {
    onDidChange: readingChanged.event,
    provideTextDocumentContent: (uri) => load().reading.provideTextDocumentContent(uri),
  }));
  // The notes language server starts with the first Markdown note.
  const isNote = (d: vscode.TextDocument): boolean => d.languageId === 'markdown' && (d.uri.scheme === 'file' || d.uri.scheme === 'untitled');
  if (vscode.workspace.textDocuments.some(isNote)) {
    const timer = setTimeout(() => load(), 0); // after activation has returned
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  } else {
    const opened = vscode.workspace.onDidOpenTextDocument((d) => {
      if (!isNote(d)) return;
      opened.dispose();
      load();
    });
    context.subscriptions.push(opened);
  }
  // The watch list checks in the background: load what it needs once VS Code has settled.
  if (context.globalState.get<string[]>(WATCHED_KEY, []).length > 0) {
    const timer = setTimeout(() => load(), 5_000);
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }
  // The preview's plugin is its own bundle: rendering a preview loads neither features.js nor the server.
  const extendMarkdownIt = (md: MarkdownIt): MarkdownIt =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazily loaded preview bundle
    (require('./preview.js') as typeof import('./preview')).extendMarkdownIt(md);
  if (process.env['KAMERVRAGEN_TEST'] !== '1') return { extendMarkdownIt };
  return {
    extendMarkdownIt,
    get services() { return load().services; },
    get trees() { return load().trees; },
    get watching() { return load().watching; },
    get bibliography() { return load().bibliography; },
    get notes() { return load().notes; },
    views,
  };
}

export async function deactivate(): Promise<void> {
  // The rest is owned by context.subscriptions; the language server is waited for.
  await features?.stopLanguageClient();
  features = undefined;
}

/** A tree view's provider that loads the real one when the view first asks for items. */
class LazyTree implements vscode.TreeDataProvider<unknown>, vscode.TreeDragAndDropController<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly dragMimeTypes = [QUOTE_MIME, 'text/plain'];
  readonly dropMimeTypes: string[] = [];
  view: vscode.TreeView<unknown> | undefined;
  private real: ReturnType<Features['tree']> | undefined;
  private subscription: vscode.Disposable | undefined;

  constructor(private readonly id: ViewId, private readonly load: () => Features) {}

  private get tree(): ReturnType<Features['tree']> {
    if (!this.real) {
      this.real = this.load().tree(this.id, this.view!);
      this.subscription = this.real.onDidChangeTreeData?.((e) => this.changed.fire(e));
    }
    return this.real;
  }

  getChildren(node?: unknown): vscode.ProviderResult<unknown[]> {
    return this.tree.getChildren(node);
  }

  getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.tree.getTreeItem(node);
  }

  getParent(node: unknown): vscode.ProviderResult<unknown> {
    return this.tree.getParent?.(node);
  }

  handleDrag(nodes: readonly unknown[], data: vscode.DataTransfer, token: vscode.CancellationToken): void | Thenable<void> {
    return this.tree.handleDrag?.(nodes, data, token);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}
