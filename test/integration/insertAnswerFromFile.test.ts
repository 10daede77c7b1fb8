import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionUri = (): vscode.Uri => vscode.extensions.getExtension('kamervragen.kamervragen')!.extensionUri;
const fixture = (path: string): vscode.Uri => vscode.Uri.joinPath(extensionUri(), 'test', 'fixtures', ...path.split('/'));

let notes = 0;

/**
 * A new note file in the test workspace. Each has its own name: VS Code keeps the undo history of
 * a closed document for its URI, so reusing one (as untitled notes do) would mix tests' histories.
 */
async function openNote(content: string, line: number, character: number): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'notes', `insert-${process.pid}-${++notes}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const at = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(at, at);
  return editor;
}

describe('Kamervragen: Insert Answer from File…', () => {
  afterEach(async () => {
    // Revert what a test left unsaved, so that closing asks nothing.
    while (vscode.window.activeTextEditor) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('inserts the quoted answer from the text export at the cursor, as one undoable edit', async () => {
    const before = '# Notities\n\nDe minister schreef:\nMeer later.\n';
    const editor = await openNote(before, 2, 20);
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', fixture('seeds/kamervraag-2023Z11786.txt'), 4);

    const quote = '> Zie antwoord vraag 3.\n>\n> — [Aanhangsel Handelingen II 2023/24, nr. 99](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html), antwoord op vraag 4 <!-- kamervraag:2023Z11786 vraag=4 -->\n';
    const expected = `# Notities\n\nDe minister schreef:\n\n${quote}\nMeer later.\n`;
    assert.equal(editor.document.getText(), expected);
    // The cursor stands on the blank line just after the block.
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [7, 0]);
    assert.ok(editor.selection.isEmpty);

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('quotes a multi-paragraph answer at every cursor', async () => {
    const editor = await openNote('Eerste:\n\nTweede:\n', 0, 7);
    editor.selections = [new vscode.Selection(0, 7, 0, 7), new vscode.Selection(2, 7, 2, 7)];
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', [fixture('seeds/kamervraag-2023Z11786.txt')], 9);
    const text = editor.document.getText();
    assert.equal(text.match(/<!-- kamervraag:2023Z11786 vraag=9 -->/g)?.length, 2);
    assert.equal(text.match(/^> Ten derde wil de Douane/gm)?.length, 2);
    assert.equal(editor.selections.length, 2);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), 'Eerste:\n\nTweede:\n');
  });

  it('leaves the note untouched when the file is not a Kamervraag', async () => {
    const editor = await openNote('Tekst\n', 1, 0);
    const version = editor.document.version;
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', vscode.Uri.joinPath(extensionUri(), 'package.json'), 1);
    assert.equal(editor.document.getText(), 'Tekst\n');
    assert.equal(editor.document.version, version);
  });
});
