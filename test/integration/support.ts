/** Shared by the integration tests: the fixture server with the endpoint settings pointing at it. */
import * as vscode from 'vscode';
import { startFixtureServer, type FixtureServer } from '../server/fixtureServer';

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('kamervragen');

/** Start the fixture server (serving the extension's test/fixtures) and point the endpoints at it. */
export async function startSources(): Promise<FixtureServer> {
  const root = `${vscode.extensions.getExtension('kamervragen.kamervragen')!.extensionPath}/test/fixtures`;
  const server = await startFixtureServer({ root });
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
