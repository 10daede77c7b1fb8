/**
 * Pandoc citation keys in a real VS Code: completion after `[@` and `@`, hover, references and the
 * diagnostics of keys in a note, through VS Code's own provider commands; and the setting
 * `kamervragen.quote.citation` = "pandoc" for a quote the insert commands write, whose check still
 * finds its source. The library is fed from the fixture server. Waits on onDidChangeDiagnostics,
 * never sleeps.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;
const fixture = (path: string): vscode.Uri => vscode.Uri.joinPath(extension().extensionUri, 'test', 'fixtures', ...path.split('/'));

let count = 0;

/** A new note file in the workspace, opened in an editor with the cursor at its end. */
async function openNote(content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'notes', `keys-${process.pid}-${++count}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const end = editor.document.positionAt(content.length);
  editor.selection = new vscode.Selection(end, end);
  return editor;
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

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in the note`);
  return doc.positionAt(i + delta);
}

const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
/** Our items (VS Code may add words of the document as text items). */
const keyItems = (items: vscode.CompletionItem[]): vscode.CompletionItem[] => items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);

describe('citation keys in notes', function () {
  this.timeout(60_000);
  let server: FixtureServer;

  before(async () => {
    await extension().activate();
    server = await startSources();
    await vscode.commands.executeCommand('kamervragen.open', '2023Z11786');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kamervragen').update('quote.citation', undefined, vscode.ConfigurationTarget.Global);
    // Leave the library as the suites after this one expect it: without 2023Z11786.
    await (await extension().exports.services.library()).store.remove('2023Z11786');
    await stopSources(server);
  });

  afterEach(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('completes a key after [@ and @ by key, zaak, title words and indiener, then the question number', async () => {
    const editor = await openNote('Zie [@\n\nZie @kamervraag2023Z11\n\nVolgens [@Rajkowski\n\nOver @röntgencam\n\n[@kamervraag2023Z11786, vraag \n\nMail jan@\n');
    // The server is up and has scanned the note: the half-typed key on line 3 is reported.
    const [half] = await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    assert.equal(editor.document.getText(half!.range), '@kamervraag2023Z11');
    const complete = async (line: number, trigger?: string): Promise<vscode.CompletionItem[]> => {
      const pos = new vscode.Position(line, editor.document.lineAt(line).text.length);
      return (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos, trigger)).items;
    };
    const keysAt = async (line: number, trigger?: string): Promise<vscode.CompletionItem[]> => keyItems(await complete(line, trigger));
    const afterBracket = await keysAt(0, '@');
    const key = afterBracket.find((i) => label(i) === 'kamervraag2023Z11786');
    assert.ok(key, `after [@: ${afterBracket.map(label).join(', ')}`);
    assert.equal(key.insertText ?? label(key), 'kamervraag2023Z11786');
    for (const line of [2, 4, 6]) {
      const items = await keysAt(line);
      assert.ok(items.some((i) => label(i) === 'kamervraag2023Z11786'), `line ${line + 1}: ${items.map(label).join(', ')}`);
    }
    const numbers = (await complete(8)).map(label);
    for (const n of ['1', '2', '13']) assert.ok(numbers.includes(n), `question ${n}`);
    assert.deepEqual(await keysAt(10, '@'), [], 'no key in an e-mail address');

    // The item writes the key after the @.
    const range = key.range instanceof vscode.Range ? key.range : key.range!.replacing;
    assert.ok(await editor.edit((b) => b.replace(range, String(key.insertText ?? label(key)))));
    assert.equal(editor.document.lineAt(0).text, 'Zie [@kamervraag2023Z11786');
  });

  it('hovers a key with the card, finds it as a reference, and reports unknown and wrong keys only', async () => {
    const editor = await openNote('Zie [@kamervraag2023Z11786, vraag 2].\n\nOnbekend: [@kamervraag2019Z12345]. Fout: @kamervraag2023Z1178.\n\nMail jan@kamervraag2019Z12345.nl en [@jansen2020, p. 3].\n');
    const ds = await diagnosticsOf(editor.document.uri, (d) => d.length === 2);
    assert.deepEqual(ds.map((d) => [String(d.code), editor.document.getText(d.range)]), [
      ['unknown-id', '@kamervraag2019Z12345'], ['malformed-id', '@kamervraag2023Z1178'],
    ]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, ds[0]!.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.title === 'Fetch 2019Z12345' && a.command?.command === 'kamervragen.open'), actions.map((a) => a.title).join(', '));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, '@kamer', 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /België verbiedt aankoop/);
    assert.match(text, /Rajkowski \(VVD\)/);
    assert.match(text, /Douanebreed wordt op dit moment/, 'the question the key names');

    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, positionOf(editor.document, '@kamer', 4));
    const files = new Set(refs.map((r) => r.uri.path.replace(/^.*\//, '')));
    assert.ok(files.has('voorbeeld.md'), 'the sample note (not open) cites 2023Z11786 by its zaaknummer');
    assert.ok(refs.some((r) => r.uri.toString() === editor.document.uri.toString() && editor.document.getText(r.range) === '@kamervraag2023Z11786'));
  });

  it('writes an inserted quote\'s citation as a Pandoc key with kamervragen.quote.citation = "pandoc", and still checks the quote', async () => {
    await vscode.workspace.getConfiguration('kamervragen').update('quote.citation', 'pandoc', vscode.ConfigurationTarget.Global);
    const editor = await openNote('# Notities\n\n');
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', fixture('seeds/kamervraag-2023Z11786.txt'), 4);
    const quote = '> Zie antwoord vraag 3.\n>\n> — [@kamervraag2023Z11786, vraag 4] <!-- kamervraag:2023Z11786 vraag=4 -->\n';
    assert.equal(editor.document.getText(), `# Notities\n\n${quote}`);
    await vscode.commands.executeCommand('kamervragen.insertAnswer', '2023Z11786', 2);
    assert.match(editor.document.getText(), /\n> — \[@kamervraag2023Z11786, vraag 2\] <!-- kamervraag:2023Z11786 vraag=2 -->\n$/);

    // The check finds the quote's source: a changed word is a difference, and undoing it clears it.
    const edit = new vscode.WorkspaceEdit();
    const at = positionOf(editor.document, 'vraag 3.', 6);
    edit.replace(editor.document.uri, new vscode.Range(at, at.translate(0, 1)), '5');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [diff] = await diagnosticsOf(editor.document.uri, (d) => d.length === 1);
    assert.equal(diff!.code, 'quote-differs');
    assert.equal(editor.document.getText(diff!.range), '5.');
    const back = new vscode.WorkspaceEdit();
    back.replace(editor.document.uri, new vscode.Range(at, at.translate(0, 1)), '3');
    assert.ok(await vscode.workspace.applyEdit(back));
    await diagnosticsOf(editor.document.uri, (d) => d.length === 0);

    await vscode.workspace.getConfiguration('kamervragen').update('quote.citation', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', fixture('seeds/kamervraag-2023Z11786.txt'), 4);
    assert.match(editor.document.getText(), /\n> — \[Aanhangsel Handelingen II 2023\/24, nr\. 99\]\([^)]+\), antwoord op vraag 4 <!-- kamervraag:2023Z11786 vraag=4 -->\n$/, 'the default writes text');
  });
});
