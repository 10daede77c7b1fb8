/** Every command, registered in one place; a test checks it against package.json. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { insertAnswerFromFile } from './insertAnswerFromFile';
import { insertAnswerCommand } from './insertAnswer';
import { openCommand, refreshCommand } from './open';
import { searchCommand } from './search';

type Handler = (...args: never[]) => unknown;

export function commands(services: Services): Record<string, Handler> {
  return {
    'kamervragen.open': openCommand(services),
    'kamervragen.search': searchCommand(services),
    'kamervragen.refresh': refreshCommand(services),
    'kamervragen.insertAnswer': insertAnswerCommand(services),
    'kamervragen.insertAnswerFromFile': insertAnswerFromFile,
  };
}

export function registerCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const [id, handler] of Object.entries(commands(services))) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
  }
}
