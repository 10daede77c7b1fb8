/** The composition root: registers every command; nothing heavy happens at activation. */
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';

export function activate(context: vscode.ExtensionContext): void {
  try {
    registerCommands(context);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Kamervragen could not start: {0}', (err as Error).message));
    throw err;
  }
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
