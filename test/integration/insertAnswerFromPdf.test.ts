/** Insert Answer from File… with a PDF: PDF.js (dist/pdf.js) loaded on demand inside the extension host. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionUri = (): vscode.Uri => vscode.extensions.getExtension('kamervragen.kamervragen')!.extensionUri;
const fixture = (path: string): vscode.Uri => vscode.Uri.joinPath(extensionUri(), 'test', 'fixtures', ...path.split('/'));

async function openNote(content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'notes', `insert-pdf-${process.pid}-${Date.now()}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  return editor;
}

describe('Kamervragen: Insert Answer from File… with a PDF', () => {
  afterEach(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('quotes the answer from the official-layout PDF as from the XML', async () => {
    const editor = await openNote('\n');
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', fixture('pdf/ah-tk-20232024-99.official.pdf'), 4);
    const fromPdf = editor.document.getText();
    assert.match(fromPdf, /> Zie antwoord vraag 3\.\n>\n> — \[Aanhangsel Handelingen II 2023\/24, nr\. 99\]\(https:\/\/zoek\.officielebekendmakingen\.nl\/ah-tk-20232024-99\.html\), antwoord op vraag 4 <!-- kamervraag:ah-tk-20232024-99 vraag=4 -->\n/);
  });

  it('leaves the note untouched for an encrypted PDF', async () => {
    const editor = await openNote('Tekst\n');
    const version = editor.document.version;
    await vscode.commands.executeCommand('kamervragen.insertAnswerFromFile', fixture('pdf/encrypted.pdf'), 1);
    assert.equal(editor.document.getText(), 'Tekst\n');
    assert.equal(editor.document.version, version);
  });
});
