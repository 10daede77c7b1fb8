/**
 * Open, Refresh and Insert Answer against the fixture server, in a real VS Code: the endpoints are
 * settings pointing at 127.0.0.1, the real HTTP client and parsers run.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';
import type { Fault } from '../server/fixtureServer';
import { fetchIntoLibrary } from '../../src/extension/fetching';
import type { TestApi } from '../../src/extension/extension';

async function readingView(key: string): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'kamervraag', path: `/${key}.md` }));
  return doc.getText();
}

describe('fetching Kamervragen from the (fixture) sources', function () {
  this.timeout(60_000);
  let server: FixtureServer;

  before(async () => {
    server = await startSources();
    await vscode.workspace.getConfiguration('kamervragen').update('network.timeoutSeconds', 5, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kamervragen').update('network.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await stopSources(server);
  });

  afterEach(async () => {
    server.clearFaults();
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens 2023Z11786 by zaaknummer into the library and shows it', async () => {
    await vscode.commands.executeCommand('kamervragen.open', '2023Z11786');
    const text = await readingView('2023Z11786');
    assert.match(text, /^# Het bericht ‘België verbiedt aankoop van Chinese röntgencamera’s/);
    assert.match(text, /Queeny Rajkowski \(VVD\)|Rajkowski \(VVD\)/);
    assert.match(text, /^## Vraag 13$/m);
    assert.ok(server.requests.some((r) => r.path.startsWith('/OData/v4/2.0/Zaak')));
  });

  it('finds the same Kamervraag by its answer document and a link, from the library', async () => {
    const before = server.requests.length;
    await vscode.commands.executeCommand('kamervragen.open', 'https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html');
    assert.equal(server.requests.length, before, 'already in the library: no request');
    assert.match(await readingView('2023Z11786'), /Aanhangsel Handelingen II 2023\/24, nr\. 99/);
  });

  it('keeps the stored copy when a refresh fails', async () => {
    const stored = await readingView('2023Z11786');
    server.inject('/', { status: 503, retryAfter: 0 });
    await vscode.commands.executeCommand('kamervragen.refresh', '2023Z11786');
    assert.equal(await readingView('2023Z11786'), stored);
  });

  describe('a refresh whose publications fail keeps the stored complete copy and says why', () => {
    const api = (): TestApi => vscode.extensions.getExtension('kamervragen.kamervragen')!.exports as TestApi;
    // What the user reads (plain words), and what the log keeps (the services' own answers).
    const cases: Array<[string, Fault, RegExp, RegExp]> = [
      ['a 500 from the repository (the portal answers)', { status: 500 }, /not answering for 2023Z11786/, /answered 500 Internal Server Error/],
      ['a 404 from the repository', { status: 404 }, /publications were not found/, /answered 404 Not Found/],
      ['cut-off bodies', { truncateAt: 300 }, /cut off on the way/, /was cut off after 300 bytes/],
      // Half of each body: refused as cut off by the parsers (or, if one ever read as whole, as less complete).
      ['half bodies, read without an error', { malformed: true }, /incomplete or damaged|less complete than the saved one/, /incomplete \(truncated\)|6 of the 13 questions/],
    ];
    for (const [what, fault, reason, details] of cases) {
      it(what, async () => {
        const library = await api().services.library();
        // Without validators, so the portal answers in full (not 304) and the publications are asked for.
        const kept = (await library.store.read('2023Z11786'))!;
        const before = await library.store.save(kept.kamervraag, { fetchedAt: kept.fetchedAt ?? new Date(), source: '2023Z11786' });
        const stored = await readingView('2023Z11786');
        assert.equal(before.kamervraag.entries.length, 13);
        server.inject('/frbr/', fault);
        const outcome = await fetchIntoLibrary(api().services, '2023Z11786', { refresh: true });
        assert.equal(outcome?.fresh, false);
        assert.match(outcome?.reason ?? '', reason);
        assert.match(outcome?.details ?? '', details);
        assert.equal((await library.store.read('2023Z11786'))!.kamervraag.entries.length, 13);
        assert.equal(library.store.get('2023Z11786')!.savedAt, before.savedAt, 'not written again');
        assert.equal(await readingView('2023Z11786'), stored);
      });
    }

    it('Open of a stored copy that was never fetched (imported) alike', async () => {
      const library = await api().services.library();
      const kept = (await library.store.read('2023Z11786'))!;
      // As an imported copy: never fetched (the store keeps a fetched copy over an unfetched one, so remove it first).
      await library.store.remove('2023Z11786');
      const before = await library.store.save(kept.kamervraag, { fetchedAt: null, source: 'import' });
      assert.equal(before.fetchedAt, null);
      const stored = await readingView('2023Z11786');
      server.inject('/frbr/', { status: 500 });
      const asked = server.requests.length;
      await vscode.commands.executeCommand('kamervragen.open', '2023Z11786');
      assert.ok(server.requests.slice(asked).some((r) => r.path.startsWith('/frbr/')), 'it did try to fetch');
      assert.equal(library.store.get('2023Z11786')!.savedAt, before.savedAt, 'not written again');
      assert.equal((await library.store.read('2023Z11786'))!.kamervraag.entries.length, 13);
      assert.equal(await readingView('2023Z11786'), stored);
      await library.store.save(kept.kamervraag, { fetchedAt: kept.fetchedAt ?? new Date(), source: '2023Z11786' });
    });

    it('the watch list alike: no silent downgrade, the reason in its state', async () => {
      const library = await api().services.library();
      const kept = (await library.store.read('2023Z11786'))!;
      const before = await library.store.save(kept.kamervraag, { fetchedAt: kept.fetchedAt ?? new Date(), source: '2023Z11786' });
      await vscode.commands.executeCommand('kamervragen.watch', '2023Z11786');
      try {
        server.inject('/frbr/', { malformed: true });
        const round = await api().watching.checkNow();
        assert.equal(round.failed, 1);
        assert.deepEqual(round.events, []);
        assert.match(api().watching.problem('2023Z11786') ?? '', /less complete than the saved one \(6 of the 13 questions|incomplete \(truncated\)/);
        assert.equal(library.store.get('2023Z11786')!.savedAt, before.savedAt, 'not written again');
        assert.equal((await library.store.read('2023Z11786'))!.kamervraag.entries.length, 13);
      } finally {
        await vscode.commands.executeCommand('kamervragen.unwatch', '2023Z11786');
      }
    });
  });

  it('refreshes conditionally', async () => {
    const before = server.requests.length;
    await vscode.commands.executeCommand('kamervragen.refresh', '2023Z11786');
    const asked = server.requests.slice(before);
    assert.equal(asked.length, 1);
    assert.ok(asked[0]!.headers['if-none-match']);
  });

  it('inserts a quoted answer named by its answer document id', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, 'notes', `fetch-${process.pid}.md`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Tozo\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('kamervragen.insertAnswer', 'ah-tk-20202021-3235', 8);
    assert.equal(editor.document.getText(), '# Tozo\n\n> Ja. De hoogte van de rente op rentedragende leningen op grond van het Bbz bedraagt in alle gevallen 8%.\n>\n> — [Aanhangsel Handelingen II 2020/21, nr. 3235](https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html), antwoord op vraag 8 <!-- kamervraag:2021Z09739 vraag=8 -->\n');
  });

  it('ends an unknown Kamervraag with a message, leaving no library entry', async () => {
    await vscode.commands.executeCommand('kamervragen.open', '2020Z99999');
    assert.match(await readingView('2020Z99999'), /is not in the library/);
  });
});
