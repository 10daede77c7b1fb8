/** Every command, registered in one place; a test checks it against package.json. */
import * as vscode from 'vscode';
import { insertAnswerFromFile } from './insertAnswerFromFile';

type Handler = (...args: never[]) => unknown;

export const COMMANDS: Record<string, Handler> = {
  'kamervragen.insertAnswerFromFile': insertAnswerFromFile,
};

export function registerCommands(context: vscode.ExtensionContext): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
  }
}
