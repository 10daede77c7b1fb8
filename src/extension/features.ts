/**
 * Everything behind the commands and views, loaded on first use by extension.ts (a separate bundle,
 * dist/features.js, so that activation stays light).
 */
import * as vscode from 'vscode';
import { commands } from './commands/registry';
import { Services } from './services';
import { ReadingViewProvider } from './readingView';
import { LibraryTree } from './tree/libraryTree';
import { SearchTree } from './tree/searchTree';
import { WatchTree } from './tree/watchTree';
import { PromisesTree } from './tree/promisesTree';
import { startWatching, type Watching } from './watching';
import type { ViewId } from './contributions';
import { NOTE_REFERENCES_COMMAND, RESTART_COMMAND, registerLanguageClient, stopLanguageClient, type NotesClient } from './client';
import { COMMANDS } from '../shared/commands';
import { keyOfArg } from './commands/library';
import { closeReadingPanels, deserializeReadingPanel } from './panel/readingPanel';
import { deserializeStatistics } from './panel/statistics';
import { READER_VIEW_TYPE, STATISTICS_VIEW_TYPE } from '../shared/webviewProtocol';
import { useLastMarkdownEditor, type LastMarkdownEditor } from './markdownEditor';
import { BibliographyKeeper } from './bibliography';

export interface Features {
  services: Services;
  /** Stops the notes language server and waits until it has gone (deactivation). */
  stopLanguageClient(): Promise<void>;
  deserialize(viewType: string, panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  run(command: string, args: unknown[]): unknown;
  tree(view: ViewId, treeView: vscode.TreeView<unknown>): vscode.TreeDataProvider<unknown> & Partial<vscode.TreeDragAndDropController<unknown>>;
  reading: ReadingViewProvider;
  watching: Watching;
  trees: { library: LibraryTree; search: SearchTree; watch: WatchTree; promises: PromisesTree };
  /** The notes language client (its status item). */
  notes: NotesClient;
  /** Keeps the workspace's bibliography file current (setting kamervragen.bibliography.file). */
  bibliography: BibliographyKeeper;
}

export function createFeatures(context: vscode.ExtensionContext, lastMarkdown: LastMarkdownEditor): Features {
  useLastMarkdownEditor(lastMarkdown);
  const services = new Services(context);
  const reading = new ReadingViewProvider(async (key) => (await (await services.library()).store.read(key))?.kamervraag);
  const promises = new PromisesTree(services);
  const trees = { library: new LibraryTree(services), search: new SearchTree(services), watch: new WatchTree(services, promises), promises };
  const handlers = commands(services);
  const watching = startWatching(services);
  context.subscriptions.push(
    services, reading, trees.library, trees.search, trees.watch, trees.promises, watching,
    services.onDidChangeLibrary((change) => {
      for (const key of change.changed) reading.refresh(key);
    }),
  );
  const notes = registerLanguageClient(context, services);
  const bibliography = new BibliographyKeeper(services);
  context.subscriptions.push(closeReadingPanels(), notes, bibliography);
  return {
    services,
    reading,
    deserialize: async (viewType, panel, state) => {
      if (viewType === READER_VIEW_TYPE) await deserializeReadingPanel(services, panel, state);
      else if (viewType === STATISTICS_VIEW_TYPE) deserializeStatistics(services, panel);
      else panel.dispose();
    },
    watching,
    trees,
    notes,
    bibliography,
    stopLanguageClient,
    run: (command, args) => {
      if (command === RESTART_COMMAND) return notes.restart();
      if (command === NOTE_REFERENCES_COMMAND) return notes.showNoteReferences();
      if (command === COMMANDS.showCitingNotes) return notes.showCitingNotes(keyOfArg(args[0]));
      const handler = (handlers as Record<string, unknown>)[command] as ((...a: unknown[]) => unknown) | undefined;
      if (!handler) throw new Error(`Unknown command ${command}`);
      return handler(...args);
    },
    tree: (view, treeView) => {
      switch (view) {
        case 'kamervragen.library':
          trees.library.attach(treeView as vscode.TreeView<never>);
          return trees.library as never;
        case 'kamervragen.searchResults':
          trees.search.attach(treeView as vscode.TreeView<never>);
          return trees.search as never;
        case 'kamervragen.watchList': return trees.watch as never;
        case 'kamervragen.promises': return trees.promises as never;
      }
    },
  };
}
