/**
 * A team library in a real VS Code: the test workspace holds a `.kamervragen/` folder as a colleague
 * would have committed it (made by test/support/makeWorkspaceLibrary.ts). The other suites see the
 * global library (the setting's default); this one sets kamervragen.library.location to "workspace"
 * for the workspace folder and puts it back afterwards. Waits on events, never sleeps.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { LibraryNode } from '../../src/extension/tree/libraryTree';
import type { Library } from '../../src/extension/services';
import type { CopyOutcome } from '../../src/extension/commands/copyLibrary';
import { LibraryStore } from '../../src/core/library/store';
import { quoteAnswer } from '../../src/core/quote';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;
const folder = (): vscode.WorkspaceFolder => vscode.workspace.workspaceFolders![0]!;
const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('kamervragen', folder().uri);
const teamDir = (): string => path.join(folder().uri.fsPath, '.kamervragen');
const itemFile = (key: string): string => path.join(teamDir(), 'items', `${key}.json`);
/** The folder as committed (the run works in a copy of test/workspace). */
const committed = (...parts: string[]): string => path.join(extension().extensionPath, 'test', 'workspace', '.kamervragen', ...parts);

const TOZO = '2021Z09739';
const STALVLOER = 'ah-tk-20222023-3649';
const DOUANE = '2023Z11786';

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

describe('workspace library (.kamervragen, shared in git)', function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: FixtureServer;
  const notes: vscode.Uri[] = [];
  /** The colleague's note of the first test. */
  let teamNote: vscode.Uri | undefined;
  /** Keys this suite put into the global library, removed again afterwards. */
  const addedToGlobal: string[] = [];

  /** Sets the location and resolves with the library opened in its new place. */
  async function moveTo(place: 'workspace' | undefined): Promise<Library> {
    const moved = new Promise<Library>((resolve) => {
      const subscription = api.services.onDidMoveLibrary((library) => {
        subscription.dispose();
        resolve(library);
      });
    });
    await settings().update('library.location', place, vscode.ConfigurationTarget.WorkspaceFolder);
    return moved;
  }

  /** Every Kamervraag node of the Library view, as the view shows them. */
  async function shownNodes(): Promise<Extract<LibraryNode, { kind: 'kamervraag' }>[]> {
    const groups = await api.trees.library.getChildren();
    const nodes = (await Promise.all(groups.map((g) => api.trees.library.getChildren(g)))).flat();
    return nodes.filter((n): n is Extract<LibraryNode, { kind: 'kamervraag' }> => n.kind === 'kamervraag');
  }

  async function writeNote(name: string, content: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.joinPath(folder().uri, 'notes', name);
    notes.push(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  }

  before(async () => {
    api = await extension().activate();
    server = await startSources();
    // The user's own global library has 2023Z11786; the team's has not.
    const global = await api.services.library();
    assert.equal(api.services.libraryLocation().form, 'private', 'the other suites see the global library');
    if (!global.store.get(DOUANE)) addedToGlobal.push(DOUANE);
    await vscode.commands.executeCommand('kamervragen.open', DOUANE);
    assert.ok(global.store.get(DOUANE)?.fetchedAt);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    if (api.services.libraryLocation().form === 'shared') await moveTo(undefined);
    const { store } = await api.services.library();
    for (const key of addedToGlobal) await store.remove(key);
    for (const uri of notes) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await stopSources(server);
  });

  it('shows the committed items once the setting says "workspace", and notes quoting them have no diagnostics, without a request', async () => {
    const requests = server.requests.length;
    const library = await moveTo('workspace');
    assert.equal(library.store.dir, teamDir());
    assert.deepEqual(library.store.problems, []);

    const shown = await shownNodes();
    assert.deepEqual(shown.map((n) => n.key).sort(), [TOZO, STALVLOER]);
    // The view (loaded once VS Code shows it) names the library it shows.
    await vscode.commands.executeCommand('kamervragen.library.focus');
    const view = api.views.get('kamervragen.library')!;
    await view.reveal(shown[0], { select: false, focus: false });
    assert.equal(view.description, vscode.l10n.t('Workspace: {0}', folder().name));

    // A note as the colleague wrote it: a quote of each, and a mention of one the team library lacks.
    const tozo = (await library.store.read(TOZO))!.kamervraag;
    const stalvloer = (await library.store.read(STALVLOER))!.kamervraag;
    const note = await writeNote(`team-${process.pid}.md`, [
      '# Teamnotitie', '',
      quoteAnswer(tozo, 1, { style: 'leidraad' }),
      quoteAnswer(stalvloer, 2, { style: 'leidraad' }),
      `Nog ophalen: ${DOUANE}.`, '',
    ].join('\n'));
    const [unknown, ...others] = await diagnosticsOf(note.document.uri, (d) => d.length === 1 && d[0]!.code === 'unknown-id');
    assert.deepEqual(others, []);
    assert.equal(note.document.getText(unknown!.range), DOUANE, 'only what the team library lacks is "not in the library"');
    teamNote = note.document.uri;

    assert.equal(server.requests.length, requests, 'offline: nothing was asked of the sources');
    // Reading the library changed nothing in the folder: git sees no change.
    for (const key of [TOZO, STALVLOER]) assert.deepEqual(await fs.readFile(itemFile(key)), await fs.readFile(committed('items', `${key}.json`)), key);
    assert.deepEqual((await fs.readdir(teamDir())).sort(), ['.gitignore', 'items', 'library.json']);
  });

  it('copies a Kamervraag from the global library into the workspace library, written in the stable form', async () => {
    assert.ok(teamNote, 'the first test wrote the note');
    const outcome = await vscode.commands.executeCommand<CopyOutcome>('kamervragen.copyToWorkspaceLibrary', DOUANE);
    assert.deepEqual(outcome, { copied: [DOUANE], kept: [] });

    const text = await fs.readFile(itemFile(DOUANE), 'utf8');
    assert.ok(text.endsWith('}\n'), 'a trailing newline');
    const raw = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(raw), ['schema', 'savedAt', 'fetchedAt', 'kamervraag'], 'no etag, lastModified or source address');
    const kv = raw.kamervraag as Record<string, unknown>;
    assert.deepEqual(Object.keys(kv), Object.keys(kv).sort(), 'keys in a stable order');
    assert.equal(raw.fetchedAt, (await api.services.library()).store.get(DOUANE)!.fetchedAt);
    // The global copy's HTTP details stay in the global library.
    const global = await LibraryStore.open(path.join(api.services.context.globalStorageUri.fsPath, 'library'));
    assert.ok(global.get(DOUANE)?.source);

    // The note's "not in the library" goes: the notes ask the workspace library.
    await vscode.window.showTextDocument(teamNote);
    await diagnosticsOf(teamNote, (d) => d.length === 0);
  });

  it('does not rewrite an item when a refresh brings the same content', async () => {
    // The first refresh brings today's copy (the global one may be older); the second the same again.
    await vscode.commands.executeCommand('kamervragen.refresh', DOUANE);
    const before = await fs.readFile(itemFile(DOUANE));
    const stat = await fs.stat(itemFile(DOUANE));
    const requests = server.requests.length;
    await vscode.commands.executeCommand('kamervragen.refresh', DOUANE);
    assert.ok(server.requests.length > requests, 'it was fetched again');
    assert.deepEqual(await fs.readFile(itemFile(DOUANE)), before);
    assert.equal((await fs.stat(itemFile(DOUANE))).mtimeMs, stat.mtimeMs, 'not written at all');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('copies the selected Kamervragen of the Library view to the global library', async () => {
    const global = await LibraryStore.open(path.join(api.services.context.globalStorageUri.fsPath, 'library'));
    for (const key of [TOZO, STALVLOER]) if (!global.get(key)) addedToGlobal.push(key);
    const shown = await shownNodes();
    const selection = shown.filter((n) => n.key === TOZO || n.key === STALVLOER);
    assert.equal(selection.length, 2);
    // As VS Code calls a context-menu command on a multi-selection: the clicked node, then all selected.
    const outcome = await vscode.commands.executeCommand<CopyOutcome>('kamervragen.copyToGlobalLibrary', selection[0], selection);
    assert.deepEqual([...outcome.copied, ...outcome.kept].sort(), [TOZO, STALVLOER]);
    await global.reloadChanged();
    assert.equal(global.get(STALVLOER)?.head.title, (await api.services.library()).store.get(STALVLOER)!.head.title);
    assert.ok(global.get(TOZO));
  });

  it('is seen by a second store on the same folder, and sees what that one saves', async () => {
    // A second window, or a colleague's VS Code on a clone: a store of its own on the folder.
    const second = await LibraryStore.open(teamDir(), { form: 'shared' });
    assert.deepEqual(second.list().map((i) => i.key).sort(), [TOZO, DOUANE, STALVLOER].sort());
    assert.deepEqual(second.problems, []);

    // What it saves reaches this window through the file watcher.
    const library = await api.services.library();
    const arrived = new Promise<void>((resolve) => {
      const subscription = api.services.onDidChangeLibrary((change) => {
        if (!change.changed.includes(TOZO) || library.store.get(TOZO)?.head.title !== 'De TOZO (herzien)') return;
        subscription.dispose();
        resolve();
      });
    });
    const tozo = (await second.read(TOZO))!;
    await second.save({ ...tozo.kamervraag, title: 'De TOZO (herzien)' }, { fetchedAt: new Date() });
    await arrived;
    assert.equal(library.store.get(TOZO)!.head.title, 'De TOZO (herzien)');
  });

  it('goes back to the global library when the setting is reset', async () => {
    const library = await moveTo(undefined);
    assert.equal(library.store.dir, path.join(api.services.context.globalStorageUri.fsPath, 'library'));
    assert.equal(api.services.libraryLocation().form, 'private');
    const shown = (await shownNodes()).map((n) => n.key);
    assert.ok(shown.includes(DOUANE));
    assert.ok(!api.views.get('kamervragen.library')!.description, 'no "Workspace: …" any more');
  });
});
