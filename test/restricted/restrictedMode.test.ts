/**
 * Restricted Mode: the suite runs in a workspace that is NOT trusted (workspace trust on, the startup
 * prompt off; scripts/test.mjs runs it as its own tier). package.json declares
 * capabilities.untrustedWorkspaces.supported = true: nothing here runs code from the workspace, and the
 * settings that send requests elsewhere (the endpoints) are application-scoped, which a workspace
 * cannot set. This checks that the declaration holds: everything a reader does works untrusted.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from '../integration/support';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;

/** Our diagnostics of `uri` once `ready` accepts them (waits on onDidChangeDiagnostics). */
function diagnosticsOf(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): void => {
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kamervragen');
      if (!ready(ours)) return;
      subscription.dispose();
      resolve(ours);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60_000);
  let server: FixtureServer;

  before(async () => {
    await extension().activate();
    server = await startSources();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await stopSources(server);
  });

  it('runs in a workspace that is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(extension().isActive);
  });

  it('registers every contributed command', async () => {
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('fetches a Kamervraag into the library and cites an answer', async () => {
    await vscode.commands.executeCommand('kamervragen.open', '2023Z11786');
    const kv = (await (await extension().exports.services.library()).store.read('2023Z11786'))?.kamervraag;
    assert.equal(kv?.zaak, '2023Z11786');
    assert.ok((kv?.entries.length ?? 0) > 2);
    const text = await vscode.commands.executeCommand('kamervragen.copyCitation', '2023Z11786', 3);
    assert.equal(text, 'Aanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 3');
  });

  it('checks the notes: the language server runs on an untrusted note', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, 'notes', `restricted-${process.pid}.md`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('Fout: 2023Z1178. Bekend: 2023Z11786.\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const ds = await diagnosticsOf(uri, (d) => d.length === 1);
    assert.equal(String(ds[0]!.code), 'malformed-id');
  });

  it('reads the workspace\'s own library (.kamervragen) untrusted: it is data, checked like every item', async () => {
    const services = extension().exports.services;
    await services.library();
    const folder = vscode.workspace.workspaceFolders![0]!;
    const moved = (): Promise<Awaited<ReturnType<typeof services.library>>> => new Promise((resolve) => {
      const subscription = services.onDidMoveLibrary((library) => {
        subscription.dispose();
        resolve(library);
      });
    });
    const settings = vscode.workspace.getConfiguration('kamervragen', folder.uri);
    const toWorkspace = moved();
    await settings.update('library.location', 'workspace', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const library = await toWorkspace;
      assert.deepEqual(library.store.list().map((i) => i.key).sort(), ['2021Z09739', 'ah-tk-20222023-3649']);
      assert.deepEqual(library.store.problems, []);
    } finally {
      const back = moved();
      await settings.update('library.location', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await back;
    }
  });
});
