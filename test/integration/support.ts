/** Shared by the integration tests: the fixture server with the endpoint settings pointing at it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';
import { Services } from '../../src/extension/services';

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('kamervragen');

/**
 * Start the fixture server (serving the extension's test/fixtures) and point the endpoints at it;
 * with `archive`, also a fresh generated archive of that many zaken (test/server/archive.ts).
 */
export async function startSources(options: { archive?: number } = {}): Promise<FixtureServer> {
  const root = `${vscode.extensions.getExtension('kamervragen.kamervragen')!.extensionPath}/test/fixtures`;
  const server = await startFixtureServer({ root, ...(options.archive ? { archive: options.archive, freshArchive: true } : {}) });
  for (const [key, value] of Object.entries(server.endpoints)) {
    await settings().update(`endpoints.${key}`, value, vscode.ConfigurationTarget.Global);
  }
  return server;
}

/** Put the endpoints back and stop the server. */
export async function stopSources(server: FixtureServer): Promise<void> {
  for (const key of Object.keys(server.endpoints)) {
    await settings().update(`endpoints.${key}`, undefined, vscode.ConfigurationTarget.Global);
  }
  await server.close();
}

/**
 * Services of their own, with the library in a fresh temporary folder and an in-memory global
 * state, for tests that must not see what other tests put into the extension's library.
 */
export function isolatedServices(prefix: string): { services: Services; dispose(): void } {
  const extension = vscode.extensions.getExtension('kamervragen.kamervragen')!;
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), `kamervragen-${prefix}-`));
  const memento = new Map<string, unknown>();
  const context = {
    extension,
    extensionUri: extension.extensionUri,
    extensionPath: extension.extensionPath,
    globalStorageUri: vscode.Uri.file(storage),
    globalState: {
      keys: () => [...memento.keys()],
      get: (key: string, fallback?: unknown) => (memento.has(key) ? memento.get(key) : fallback),
      update: async (key: string, value: unknown) => {
        memento.set(key, value);
      },
      setKeysForSync: () => undefined,
    },
    subscriptions: [],
  } as unknown as vscode.ExtensionContext;
  const services = new Services(context);
  // The extension's own log: a second channel of the same name is the same channel in VS Code 1.139,
  // so disposing ours would close the extension's ("Channel has been closed" in the suites after).
  Object.defineProperty(services, 'log', { get: () => (extension.exports as { services: Services }).services.log });
  return { services, dispose: () => { services.dispose(); fs.rmSync(storage, { recursive: true, force: true }); } };
}
