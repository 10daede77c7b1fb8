/**
 * The bibliography file follows the notes (issue 15): a citation added, removed, a note renamed.
 * The workspace's notes are real files; the library holds the TOZO Kamervraag (ah-tk-20202021-3235),
 * which no other note of the test workspace cites.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import { parseKamervraag } from '../../src/core/parse';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;
const fixture = (path: string): vscode.Uri => vscode.Uri.joinPath(extension().extensionUri, 'test', 'fixtures', ...path.split('/'));
const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const KEY = 'kamervraagahtk202020213235';

describe('the bibliography file', function () {
  this.timeout(60_000);
  let api: TestApi;
  const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
  const bib = (): vscode.Uri => vscode.Uri.joinPath(folder(), 'paper', 'references.json');
  const note = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'notes', 'bibliografie.md');
  const renamed = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'notes', 'hernoemd.md');

  /** The ids in the bibliography once it was written with `holds` true (listening before each look). */
  async function written(holds: (ids: string[]) => boolean): Promise<string[]> {
    for (;;) {
      let sub: vscode.Disposable | undefined;
      const next = new Promise<void>((resolve) => { sub = api.bibliography.onDidWrite(() => resolve()); });
      try {
        const ids = await read(bib()).then((t) => (JSON.parse(t) as Array<{ id: string }>).map((i) => i.id), () => undefined);
        if (ids && holds(ids)) return ids;
        await next;
      } finally {
        sub?.dispose();
      }
    }
  }

  before(async () => {
    api = await extension().activate();
    const tozo = parseKamervraag([await read(fixture('koop/ah-tk-20202021-3235.xml')), await read(fixture('koop/ah-tk-20202021-3235.metadata.xml'))]);
    await (await api.services.library()).store.save(tozo, { fetchedAt: null });
    await vscode.workspace.getConfiguration('kamervragen', folder()).update('bibliography.file', 'paper/references.json', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kamervragen', folder()).update('bibliography.file', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [note, renamed]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('adds a Kamervraag when a note cites it, by Pandoc key', async () => {
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(`# Bronnen\n\nDe TOZO [@${KEY}, vraag 2].\n`));
    const ids = await written((list) => list.includes(KEY));
    assert.deepEqual(ids, [...ids].sort(), 'stable order');
  });

  it('keeps it when the note is renamed', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(note, renamed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await written((list) => list.includes(KEY));
    // A rewrite happens only on a change of the text: a rename changes nothing.
    assert.ok((await read(bib())).includes(KEY));
  });

  it('drops it when the citation is removed in the editor, before saving', async () => {
    const doc = await vscode.workspace.openTextDocument(renamed);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), '# Bronnen\n\nNog niets.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ids = await written((list) => !list.includes(KEY));
    assert.ok(!ids.includes(KEY));
    await doc.save();
  });
});
