/**
 * The research UI in a real VS Code: the three trees, the library commands, exports, import, and
 * watch-list events (against the fixture server).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';
import type { TestApi } from '../../src/extension/extension';
import type { LibraryNode } from '../../src/extension/tree/libraryTree';
import type { Kamervraag } from '../../src/core/model';
import { parseKamervraag } from '../../src/core/parse';
import { withDerived } from '../../src/core/kamervraag';
import { formatMonth } from '../../src/core/dates';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;
const fixture = (path: string): vscode.Uri => vscode.Uri.joinPath(extension().extensionUri, 'test', 'fixtures', ...path.split('/'));

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

describe('views and library commands', function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: FixtureServer;
  let seed: Kamervraag;
  let tozo: Kamervraag;

  before(async () => {
    api = await extension().activate();
    assert.ok(api?.services, 'the test API is there (KAMERVRAGEN_TEST=1)');
    server = await startSources();
    seed = parseKamervraag([await read(fixture('seeds/kamervraag-2023Z11786.txt'))]);
    tozo = parseKamervraag([await read(fixture('koop/ah-tk-20202021-3235.xml')), await read(fixture('koop/ah-tk-20202021-3235.metadata.xml'))]);
    const { store } = await api.services.library();
    await store.save(seed, { fetchedAt: null });
    await store.save(tozo, { fetchedAt: null });
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kamervragen').update('library.groupBy', undefined, vscode.ConfigurationTarget.Global);
    for (const key of api.services.watchList.keys()) await api.services.watchList.remove(key);
    await stopSources(server);
  });

  async function labels(nodes: LibraryNode[]): Promise<string[]> {
    return Promise.all(nodes.map(async (n) => String((await api.trees.library.getTreeItem(n)).label)));
  }

  it('groups the library by month, newest first, each Kamervraag expanding to its questions', async () => {
    await vscode.commands.executeCommand('kamervragen.library.groupByMonth');
    const groups = await api.trees.library.getChildren();
    const names = await labels(groups);
    // Month names in the display language (issue 10: they were Dutch in an English UI).
    const [june2023Label, june2021Label] = [formatMonth('2023-06', vscode.env.language), formatMonth('2021-06', vscode.env.language)];
    assert.ok(names.indexOf(june2023Label) >= 0 && names.indexOf(june2023Label) < names.indexOf(june2021Label), names.join(', '));
    const june2023 = groups[names.indexOf(june2023Label)]!;
    const [kv] = await api.trees.library.getChildren(june2023);
    const item = await api.trees.library.getTreeItem(kv!);
    assert.match(String(item.description), /^2023Z11786 · answered late$/);
    assert.equal(item.contextValue, 'kamervraag');
    const questions = await api.trees.library.getChildren(kv);
    assert.equal(questions.length, 13);
    const q4 = await api.trees.library.getTreeItem(questions[3]!);
    assert.equal(q4.label, 'Question 4');
    assert.deepEqual(q4.command?.arguments, ['2023Z11786', 4]);
  });

  it('groups by ministry and by indiener from the view menu', async () => {
    await vscode.commands.executeCommand('kamervragen.library.groupByMinistry');
    const ministries = await labels(await api.trees.library.getChildren());
    for (const m of ['Buitenlandse Zaken', 'Financiën', 'Sociale Zaken en Werkgelegenheid']) assert.ok(ministries.includes(m), ministries.join(', '));
    await vscode.commands.executeCommand('kamervragen.library.groupBySubmitter');
    const people = await labels(await api.trees.library.getChildren());
    // Names as the stored copy has them: the text export's "Nilüfer Gündoğan" or OData's "N. Gündoğan".
    assert.ok(people.some((p) => /Gündoğan \(Volt\)$/.test(p)), people.join(', '));
    assert.ok(people.some((p) => /\bKat \(D66\)$/.test(p)), people.join(', '));
  });

  it('copies a citation of one answer', async () => {
    const text = await vscode.commands.executeCommand('kamervragen.copyCitation', '2023Z11786', 3);
    assert.equal(text, 'Aanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 3');
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  it('inserts question and answer from a tree node into the note', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, 'notes', `qa-${process.pid}.md`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(''));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('kamervragen.insertQuestionAndAnswer', { kind: 'question', key: '2021Z09739', numbers: [8] });
    assert.equal(editor.document.getText(), [
      '> **Vraag 8** Klopt het dat gemeenten verplicht zijn om 8% rente in rekening te brengen bij het verstrekken van BBZ-krediet?',
      '>',
      '> — [Aanhangsel Handelingen II 2020/21, nr. 3235](https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html), vraag 8 <!-- kamervraag:2021Z09739 vraag=8 tekst=vraag -->',
      '',
      '> Ja. De hoogte van de rente op rentedragende leningen op grond van het Bbz bedraagt in alle gevallen 8%.',
      '>',
      '> — [Aanhangsel Handelingen II 2020/21, nr. 3235](https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html), antwoord op vraag 8 <!-- kamervraag:2021Z09739 vraag=8 -->',
      '',
    ].join('\n'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('exports the library in four formats that parse', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const csv = await read((await vscode.commands.executeCommand<vscode.Uri>('kamervragen.exportLibrary', 'csv', vscode.Uri.joinPath(folder, 'export.csv')))!);
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(rows.length, 3, 'a header and two Kamervragen');
    assert.match(rows[0]!, /^zaak,/);
    const json = JSON.parse(await read((await vscode.commands.executeCommand<vscode.Uri>('kamervragen.exportLibrary', 'json', vscode.Uri.joinPath(folder, 'export.json')))!));
    assert.equal(json.items.length, 2);
    assert.ok(json.items.every((i: { format: string }) => i.format === 'kamervraag/1'));
    const csl = JSON.parse(await read((await vscode.commands.executeCommand<vscode.Uri>('kamervragen.exportLibrary', 'csl-json', vscode.Uri.joinPath(folder, 'export-csl.json')))!));
    assert.equal(csl.length, 2);
    assert.ok(csl.every((i: { id?: string; type?: string; title?: string }) => i.id && i.type && i.title));
    const bib = await read((await vscode.commands.executeCommand<vscode.Uri>('kamervragen.exportLibrary', 'bibtex', vscode.Uri.joinPath(folder, 'export.bib')))!);
    assert.equal(bib.match(/^@\w+\{/gm)?.length, 2);
    let depth = 0;
    for (const ch of bib.replace(/\\[{}]/g, '')) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      assert.ok(depth >= 0);
    }
    assert.equal(depth, 0, 'braces balance');
  });

  it('imports a text export into the library', async () => {
    const { store } = await api.services.library();
    await store.remove('2023Z11786');
    const imported = await vscode.commands.executeCommand<string[]>('kamervragen.importTextExport', fixture('seeds/kamervraag-2023Z11786.txt'));
    assert.deepEqual(imported, ['2023Z11786']);
    assert.equal((await store.read('2023Z11786'))?.kamervraag.entries.length, 13);
  });

  it('watches a Kamervraag, shows the days left, and raises an event when its answer arrives', async () => {
    const { store } = await api.services.library();
    // As it stood before the answer: questions only (the fixture server has the answer).
    const asked = withDerived({
      ...seed, answered: null, answeredBy: [], notices: [],
      documents: seed.documents.filter((d) => d.kind === 'questions'),
      entries: seed.entries.map((e) => ({ ...e, answer: null })),
    });
    await store.remove('2023Z11786');
    await store.save(asked, { fetchedAt: '2023-06-24T10:00:00Z' });
    await vscode.commands.executeCommand('kamervragen.watch', '2023Z11786');
    const [node] = await api.trees.watch.getChildren();
    const item = await api.trees.watch.getTreeItem(node!);
    assert.match(String(item.description), /^2023Z11786 · \d+ days overdue$/);
    const round = await api.watching.checkNow();
    assert.deepEqual(round.events.map((e) => e.kind).sort(), ['answered', 'notice'], 'the uitstel-Mededeling and the answer');
    assert.ok(round.events.some((e) => e.kind === 'answered' && e.document?.id === 'ah-tk-20232024-99'));
    assert.equal(store.get('2023Z11786')?.head.status, 'answered-late');
    const again = await api.watching.checkNow();
    assert.deepEqual(again.events, [], 'no repeated event');
    await vscode.commands.executeCommand('kamervragen.unwatch', '2023Z11786');
    assert.deepEqual(await api.trees.watch.getChildren(), []);
  });

  it('shows the last search in the Search Results view', async () => {
    api.services.searchResults.set({ label: 'scanners', items: [{ key: '2023Z11786', zaak: '2023Z11786', house: 'tk', title: seed.title, submitted: '2023-06-23', answered: '2023-09-28', vergaderjaar: null, postponed: true, withdrawn: false, closed: true, submitters: seed.submitters, addressees: [], documents: [] }], next: null, total: 1 });
    const nodes = api.trees.search.getChildren();
    assert.equal(nodes.length, 1);
    const item = api.trees.search.getTreeItem(nodes[0]!);
    assert.equal(item.label, seed.title);
    assert.equal(item.description, '2023Z11786 · answered late');
  });
});

describe('searching from the palette', function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: FixtureServer;

  before(async () => {
    api = await extension().activate();
    server = await startSources();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await stopSources(server);
  });

  it('shows live results from the portal and keeps them in the Search Results view', async () => {
    const arrived = new Promise<void>((resolve) => {
      const sub = api.services.searchResults.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });
    void vscode.commands.executeCommand('kamervragen.search', 'douane partij:VVD');
    await arrived;
    const last = api.services.searchResults.current!;
    assert.equal(last.label, 'douane partij:VVD');
    assert.ok(last.items.some((s) => s.key === '2023Z11786'), last.items.map((s) => s.key).join(', '));
    const asked = server.requests.filter((r) => r.path.startsWith('/OData/v4/2.0/Zaak')).pop()!;
    assert.match(asked.query['$filter']!, /contains\(tolower\(Onderwerp\),'douane'\).*a\/ActorFractie eq 'VVD'/);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('loads the next page into the view', async () => {
    const first = `${server.endpoints.odata}Zaak?$filter=${encodeURIComponent('Verwijderd eq false')}&$top=5&$skip=0`;
    api.services.searchResults.set({ label: 'alles', items: [], next: { source: 'odata', url: first, query: {} }, total: null });
    await vscode.commands.executeCommand('kamervragen.loadMoreResults');
    const last = api.services.searchResults.current!;
    assert.equal(last.items.length, 5);
    assert.ok(last.next, 'a further page');
    await vscode.commands.executeCommand('kamervragen.loadMoreResults');
    assert.equal(api.services.searchResults.current!.items.length, 10);
    const nodes = api.trees.search.getChildren();
    assert.equal(nodes.length, 11, 'ten results and "Load more results"');
    assert.equal(api.trees.search.getTreeItem(nodes[10]!).label, 'Load more results');
  });
});
