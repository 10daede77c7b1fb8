/** The composition root: creates the services and registers commands; nothing heavy runs here. */
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import { Services } from './services';
import { ReadingViewProvider, SCHEME } from './readingView';

export function activate(context: vscode.ExtensionContext): void {
  try {
    const services = new Services(context);
    context.subscriptions.push(services);
    const reading = new ReadingViewProvider(async (key) => (await services.library()).store.get(key)?.kamervraag);
    context.subscriptions.push(reading, vscode.workspace.registerTextDocumentContentProvider(SCHEME, reading));
    // Show a refreshed Kamervraag at once when it is open.
    void services.library().then((library) => {
      context.subscriptions.push(library.store.onDidChange((change) => {
        for (const key of change.changed) reading.refresh(key);
      }));
    }, (err: unknown) => services.log.error(`The library could not be opened: ${String(err)}`));
    registerCommands(context, services);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Kamervragen could not start: {0}', (err as Error).message));
    throw err;
  }
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
