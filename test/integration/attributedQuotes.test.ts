/**
 * Quotes without our marker in a real VS Code: an unmarked block quote attributed by a Leidraad
 * citation, and a quotation in running text attributed by a link, checked against the official
 * text of 2023Z11786 (fetched from the fixture server). Waits on onDidChangeDiagnostics, never sleeps.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension/extension';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;

let count = 0;

async function openNote(content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'notes', `aq-${process.pid}-${++count}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Our diagnostics of `uri` once `ready` accepts them. */
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

/** The note with a last line that references the Kamervraag, so that a settled state shows as a diagnostic. */
const SETTLED = '\n\nOnbekend: 2019Z12345.\n';
const settled = (ds: vscode.Diagnostic[]): boolean => ds.some((d) => d.code === 'unknown-id');

describe('attributed quotes (no marker)', function () {
  this.timeout(60_000);
  let server: FixtureServer;

  before(async () => {
    await extension().activate();
    server = await startSources();
    await vscode.commands.executeCommand('kamervragen.open', '2023Z11786');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    // Leave the library as the suites after this one expect it: without 2023Z11786.
    await (await extension().exports.services.library()).store.remove('2023Z11786');
    await stopSources(server);
  });

  afterEach(async () => {
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('checks an unmarked block quote attributed by a Leidraad citation in the next paragraph', async () => {
    const quote = '> Douanebreed wordt op dit moment gewerkt met ca. 100 scan-\n> ners. Daarvan zijn er ruim 70 van leverancier Nuctech.\n\nAanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 2.';
    const editor = await openNote(`# Scanners\n\n${quote}${SETTLED}`);
    const faithful = await diagnosticsOf(editor.document.uri, settled);
    assert.deepEqual(faithful.map((d) => d.code), ['unknown-id'], 'a faithful copy (with a PDF line-end hyphen) holds');

    const changed = editor.document.getText().indexOf('ruim 70');
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(changed + 5), editor.document.positionAt(changed + 7)), '80'));
    const [diagnostic] = await diagnosticsOf(editor.document.uri, (ds) => ds.some((d) => d.code === 'quote-differs'));
    const d = vscode.languages.getDiagnostics(editor.document.uri).find((x) => x.code === 'quote-differs') ?? diagnostic!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(d.range), '80');
    assert.match(d.message, /answer to question 2 of 2023Z11786.*ruim 80.*ruim 70/);
  });

  it('checks a quotation in running text attributed by a link, and names the nearest passage when it is in none', async () => {
    const link = '[het antwoord](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html)';
    const editor = await openNote(`# Scanners\n\nIn ${link} staat: „Daarvan zijn er ruim 70 van leverancier Nuctech.” En de krant „schreef er iets heel anders over” (NRC, 2023).${SETTLED}`);
    const faithful = await diagnosticsOf(editor.document.uri, settled);
    assert.deepEqual(faithful.map((d) => d.code), ['unknown-id'], 'the quotation holds; the newspaper quote stays silent');

    const at = editor.document.getText().indexOf('Daarvan zijn er');
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'Daarvan zijn er ruim 70 van leverancier Nuctech.'.length)), 'De minister heeft alle scanners van deze leverancier vervangen.'));
    const ds = await diagnosticsOf(editor.document.uri, (x) => x.some((d) => d.code === 'quote-matches-none'));
    const none = ds.find((d) => d.code === 'quote-matches-none')!;
    assert.match(none.message, /none of the answers and questions of 2023Z11786/);
    assert.equal(editor.document.getText(none.range), 'De minister heeft alle scanners van deze leverancier vervangen.');
  });
});
