/**
 * The notes language server in a real VS Code: every feature through VS Code's own provider
 * commands, the quick fixes applied, and the library fed from the fixture server. Waits on
 * onDidChangeDiagnostics, never sleeps.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;

const QUOTE_2 = (text: string): string =>
  `> ${text}\n>\n> — [Aanhangsel Handelingen II 2023/24, nr. 99](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html), antwoord op vraag 2 <!-- kamervraag:2023Z11786 vraag=2 -->\n`;
const ANSWER_2 = 'Douanebreed wordt op dit moment gewerkt met ca. 100 scanners. Daarvan zijn er ruim 70 van leverancier Nuctech.';

let count = 0;

/** A new note file in the workspace, opened in an editor. */
async function openNote(content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'notes', `ls-${process.pid}-${++count}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Our diagnostics of `uri` once `ready` accepts them (waits on onDidChangeDiagnostics). */
function diagnosticsOf(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kamervragen');
      if (!ready(ours)) return false;
      subscription.dispose();
      resolve(ours);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

const codes = (ds: vscode.Diagnostic[]): string[] => ds.map((d) => String(d.code));

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in the note`);
  return doc.positionAt(i + delta);
}

async function quickFix(editor: vscode.TextEditor, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no quick fix "${title}" among ${actions.map((a) => a.title).join(', ')}`);
  return action;
}

describe('notes language server', function () {
  this.timeout(60_000);
  let server: FixtureServer;

  before(async () => {
    await extension().activate();
    server = await startSources();
    await vscode.commands.executeCommand('kamervragen.open', '2023Z11786');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kamervragen').update('notes.checkQuotes', undefined, vscode.ConfigurationTarget.Global);
    await stopSources(server);
  });

  afterEach(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('starts with the first note and reports malformed and unknown ids', async () => {
    const editor = await openNote('# Notitie\n\nFout: 2023Z1178. Onbekend: 2019Z12345. Bekend: 2023Z11786.\n\n```\n2023Z1\n```\n');
    const ds = await diagnosticsOf(editor.document.uri, (d) => d.length === 2);
    assert.deepEqual(codes(ds), ['malformed-id', 'unknown-id']);
    assert.equal(ds[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(ds[1]!.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(editor.document.getText(ds[1]!.range), '2019Z12345');
  });

  it('hovers with the card and the question', async () => {
    const editor = await openNote('Zie 2023Z11786 vraag 2 en 2019Z1.\n');
    await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, '2023Z', 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /België verbiedt aankoop/);
    assert.match(text, /Rajkowski \(VVD\)/);
    assert.match(text, /Douanebreed wordt op dit moment/);
  });

  it('completes ids, title words and question numbers', async () => {
    const editor = await openNote('Zie 2023Z117\n\nOver röntgencam\n\nKamervraag 2023Z11786 vraag \n');
    await diagnosticsOf(editor.document.uri, () => true);
    const complete = async (line: number): Promise<string[]> => {
      const pos = new vscode.Position(line, editor.document.lineAt(line).text.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    assert.ok((await complete(0)).includes('2023Z11786'));
    assert.ok((await complete(2)).includes('2023Z11786'));
    const numbers = await complete(4);
    for (const n of ['1', '2', '13']) assert.ok(numbers.includes(n), `question ${n}`);
  });

  it('links bare ids to the reading panel, and goes to the question\'s definition', async () => {
    const editor = await openNote('Zie 2023Z11786 vraag 5 en https://www.openkamer.org/kamervraag/2023Z11786/.\n');
    await diagnosticsOf(editor.document.uri, () => true);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', editor.document.uri);
    const ours = links.filter((l) => l.target?.scheme === 'command');
    assert.equal(ours.length, 1);
    assert.equal(editor.document.getText(ours[0]!.range), '2023Z11786');
    assert.equal(ours[0]!.target!.path, 'kamervragen.openPanel');
    assert.deepEqual(JSON.parse(decodeURIComponent(ours[0]!.target!.query)), ['2023Z11786', 5]);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, positionOf(editor.document, '2023Z', 1));
    const def = defs[0]!;
    const uri = 'uri' in def ? def.uri : def.targetUri;
    const range = 'range' in def ? def.range : def.targetRange;
    assert.equal(uri.toString(), 'kamervraag:/2023Z11786.md');
    const reading = await vscode.workspace.openTextDocument(uri);
    assert.equal(reading.lineAt(range.start.line).text, '## Vraag 5');
  });

  it('finds the notes that cite a Kamervraag, open or not', async () => {
    const editor = await openNote('Citeert ah-tk-20232024-99.\n');
    await diagnosticsOf(editor.document.uri, () => true);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, positionOf(editor.document, 'ah-tk', 2));
    const files = new Set(refs.map((r) => r.uri.path.replace(/^.*\//, '')));
    assert.ok(files.has('voorbeeld.md'), 'the sample note (not open) cites 2023Z11786');
    assert.ok(files.has(editor.document.uri.path.replace(/^.*\//, '')));
    const shown = await vscode.commands.executeCommand<vscode.Location[]>('kamervragen.showCitingNotes', '2023Z11786');
    assert.ok(shown.some((l) => l.uri.path.endsWith('/voorbeeld.md')));
  });

  it('replaces a quote that differs with the official text', async () => {
    const editor = await openNote(`# Scanners\n\n${QUOTE_2(ANSWER_2.replace('ca. 100', 'ca. 120'))}`);
    const [diff] = await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    assert.equal(diff!.code, 'quote-differs');
    assert.equal(editor.document.getText(diff!.range), '120');
    const action = await quickFix(editor, diff!, 'Replace with the official text');
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    const text = editor.document.getText();
    assert.ok(text.startsWith(`# Scanners\n\n> ${ANSWER_2} Het gaat daarbij`), text.slice(0, 200));
    assert.ok(text.endsWith('<!-- kamervraag:2023Z11786 vraag=2 -->\n'));
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);
  });

  it('marks a shortened quote', async () => {
    const editor = await openNote(QUOTE_2(ANSWER_2));
    const [diff] = await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    const action = await quickFix(editor, diff!, 'Mark as shortened');
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.equal(editor.document.getText(), QUOTE_2(`${ANSWER_2} […]`));
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);
  });

  it('re-checks when the settings change', async () => {
    const editor = await openNote(QUOTE_2('Iets heel anders.'));
    await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    await vscode.workspace.getConfiguration('kamervragen').update('notes.checkQuotes', false, vscode.ConfigurationTarget.Global);
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);
    await vscode.workspace.getConfiguration('kamervragen').update('notes.checkQuotes', undefined, vscode.ConfigurationTarget.Global);
    await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
  });

  it('fetches an unknown id with the quick fix, and the diagnostic goes', async () => {
    const api = extension().exports;
    // Fetched again the way an earlier test fetched it (by its answer), so later tests see the same item.
    await (await api.services.library()).store.remove('2021Z09739');
    const editor = await openNote('De Tozo: ah-tk-20202021-3235.\n');
    const [unknown] = await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    assert.equal(unknown!.code, 'unknown-id');
    const action = await quickFix(editor, unknown!, 'Fetch ah-tk-20202021-3235');
    await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
    assert.ok((await api.services.library()).store.get('2021Z09739'));
    await vscode.window.showTextDocument(editor.document);
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);
  });

  it('restarts on command and works again', async () => {
    const editor = await openNote('Fout: 2023Z1178.\n');
    await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    await vscode.commands.executeCommand('kamervragen.restartLanguageServer');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, '2023Z', 1));
    assert.equal(hovers.length, 0, 'a malformed id has no hover');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(1, 0), 'En 2023Z11786.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, '2023Z11786', 1));
    assert.ok(after.length > 0);
  });
});
