/**
 * What a new user hit in the first hour (issue 10), each defect in a real VS Code: the library
 * grouped by ministry, quotes dropped into a note, Search…, the reading panel (quiet repeats, the
 * keyboard, its scroll position), the status item, fetch failures, the watch list and dates.
 * Waits on events and messages, never on time.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FixtureServer } from '../server/fixtureServer';
import { isolatedServices, startSources, stopSources } from './support';
import type { TestApi } from '../../src/extension/extension';
import type { LibraryNode } from '../../src/extension/tree/libraryTree';
import type { Kamervraag } from '../../src/core/model';
import { merge } from '../../src/core/kamervraag';
import { parseDocument, parseKamervraag } from '../../src/core/parse';
import { quoteAnswer } from '../../src/core/quote';
import { formatDate, formatMonth } from '../../src/core/dates';
import { QUOTE_MIME, QuoteDropProvider, trackMarkdownEditors } from '../../src/extension/markdownEditor';
import { goToQuestion, readerTesting, showReadingPanel } from '../../src/extension/panel/readingPanel';
import type { ReaderToHost, RenderSummary } from '../../src/shared/webviewProtocol';
import type { ResultItem } from '../../src/extension/commands/search';
import type { ReportedFailure } from '../../src/extension/services';
import { validateIdentifier } from '../../src/extension/commands/open';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;
const fixture = (p: string): vscode.Uri => vscode.Uri.joinPath(extension().extensionUri, 'test', 'fixtures', ...p.split('/'));

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

let noteCount = 0;
async function openNote(content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'notes', `first-${process.pid}-${++noteCount}.md`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
}

/** The next message of `type` from the reading panel of `key` that the host handled. */
function next<T extends ReaderToHost['type']>(key: string, type: T, accept: (m: Extract<ReaderToHost, { type: T }>) => boolean = () => true): Promise<Extract<ReaderToHost, { type: T }>> {
  return new Promise((resolve) => {
    const sub = readerTesting.onDidHandle(({ key: k, message }) => {
      if (k === key && message.type === type && accept(message as Extract<ReaderToHost, { type: T }>)) {
        sub.dispose();
        resolve(message as Extract<ReaderToHost, { type: T }>);
      }
    });
  });
}

function rendered(key: string, accept?: (s: RenderSummary) => boolean): Promise<RenderSummary> {
  return next(key, 'rendered', (m) => !accept || accept(m.summary)).then((m) => m.summary);
}

const SEED = '2023Z11786';
const TOZO = '2021Z09739';

describe('the first hour of a new user (issue 10)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: FixtureServer;
  let seed: Kamervraag;
  let tozo: Kamervraag;

  before(async () => {
    api = await extension().activate();
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
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    while (vscode.window.activeTextEditor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await stopSources(server);
  });

  it('1: shows a Kamervraag under each of its ministries, each place with its own id that VS Code registers', async () => {
    await vscode.commands.executeCommand('kamervragen.library.groupByMinistry');
    await vscode.commands.executeCommand('kamervragen.library.focus');
    const view = api.views.get('kamervragen.library')!;
    const tree = api.trees.library;
    const ids = new Set<string>();
    const placesOfSeed: string[] = [];
    for (const group of await tree.getChildren()) {
      const groupItem = await tree.getTreeItem(group);
      const children = await tree.getChildren(group);
      assert.ok(children.length > 0, `group ${String(groupItem.label)} is empty`);
      for (const child of children) {
        const item = await tree.getTreeItem(child);
        assert.ok(item.id && !ids.has(item.id), `id ${item.id} twice`);
        ids.add(item.id);
        if ((child as Extract<LibraryNode, { kind: 'kamervraag' }>).key === SEED) placesOfSeed.push(String(groupItem.label));
        // Through VS Code's own registration of the tree's elements (which refused a second kv:2023Z11786).
        await view.reveal(child, { expand: true, select: false, focus: false });
        const questions = await tree.getChildren(child);
        assert.ok(questions.length > 0);
        for (const q of questions) {
          const qid = (await tree.getTreeItem(q)).id!;
          assert.ok(!ids.has(qid), `id ${qid} twice`);
          ids.add(qid);
        }
      }
    }
    assert.ok(placesOfSeed.length >= 2, `2023Z11786 stands under ${placesOfSeed.join(', ')}`);
  });

  it('2: a question dragged into a note stands as its own paragraph after the quote above', async () => {
    const editor = await openNote(quoteAnswer(seed, 2, { style: 'leidraad' }));
    const data = new vscode.DataTransfer();
    const nodes: LibraryNode[] = [{ kind: 'question', key: SEED, numbers: [3] }, { kind: 'question', key: SEED, numbers: [4] }];
    await api.trees.library.handleDrag(nodes, data);
    assert.ok(data.get(QUOTE_MIME), 'the drag carries the quotes');
    const doc = editor.document;
    for (const at of [doc.lineAt(doc.lineCount - 1).range.end, doc.lineAt(doc.lineCount - 2).range.end]) {
      const edits = await new QuoteDropProvider().provideDocumentDropEdits(doc, at, data);
      const inserted = String(edits![0]!.insertText);
      const text = doc.getText();
      const after = text.slice(0, doc.offsetAt(at)) + inserted + text.slice(doc.offsetAt(at));
      const blocks = after.trim().split(/\n\s*\n/).filter((b) => b.startsWith('>') && !/^>\s*$/.test(b));
      // Three quotes, each closed by its own marker line: not one blockquote glued together.
      const markers = after.split('\n').filter((l) => l.includes('<!-- kamervraag:'));
      assert.equal(markers.length, 3);
      for (const marker of markers.slice(0, 2)) {
        const i = after.indexOf(marker) + marker.length;
        assert.equal(after.slice(i, i + 2), '\n\n', `a blank line after ${marker.slice(-40)}`);
      }
      assert.ok(blocks.length >= 3);
    }
  });

  it('3: keeps the library matches on top of Search… under their own separator', async () => {
    const arrived = new Promise<void>((resolve) => {
      const sub = api.services.searchResults.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });
    const picker = await vscode.commands.executeCommand<vscode.QuickPick<ResultItem>>('kamervragen.search', 'zorg');
    await arrived;
    const items = picker.items;
    assert.equal(items[0]?.kind, vscode.QuickPickItemKind.Separator);
    assert.equal(items[0]?.label, 'In your library');
    assert.equal(items[1]?.key, SEED);
    assert.equal(items.filter((i) => i.key === SEED).length, 1, 'not listed again among the remote results');
    const remote = items.findIndex((i, n) => n > 0 && i.kind === vscode.QuickPickItemKind.Separator);
    assert.ok(remote > 1, 'the remote results come after their own separator');
    assert.equal((picker as { sortByLabel?: boolean }).sortByLabel, false, 'VS Code keeps our order while typing');
    assert.match(items[1]!.detail ?? '', new RegExp(formatDate('2023-06-23', vscode.env.language)));
    picker.hide();
  });

  describe('the reading panel', () => {
    let env: ReturnType<typeof isolatedServices>;
    let tracking: vscode.Disposable;
    let kv: Kamervraag;

    before(async () => {
      env = isolatedServices('first');
      tracking = trackMarkdownEditors();
      kv = merge([parseDocument(fs.readFileSync(path.join(extension().extensionPath, 'test', 'fixtures', 'seeds', 'kamervraag-2023Z11786.txt'), 'utf8'))]);
      const library = await env.services.library();
      await library.store.save(kv);
      await library.store.save(tozo);
    });

    after(async () => {
      await vscode.workspace.getConfiguration('kamervragen').update('reader.markRepeats', undefined, vscode.ConfigurationTarget.Global);
      for (const key of readerTesting.openKeys()) readerTesting.panel(key)?.dispose();
      tracking.dispose();
      env.dispose();
    });

    it('4: marks repeated sentences only when asked (the toggle), naming the sentence where it recurs', async () => {
      const first = rendered(SEED);
      await showReadingPanel(env.services, SEED);
      const quiet = await first;
      assert.deepEqual([quiet.repeatMarks, quiet.variantMarks, quiet.repeatNotes], [0, 0, 0], 'quiet by default');
      const marked = rendered(SEED, (s) => s.repeatMarks > 0);
      assert.equal(await readerTesting.receive(SEED, { type: 'markRepeats', on: true }), 'done');
      const loud = await marked;
      assert.equal(vscode.workspace.getConfiguration('kamervragen').get('reader.markRepeats'), true, 'the toggle is the setting');
      assert.ok(loud.repeatNotes > 0);
      assert.equal(loud.unnamedRepeatNotes, 0, 'every note names its sentence');
      const off = rendered(SEED, (s) => s.repeatMarks === 0);
      await readerTesting.receive(SEED, { type: 'markRepeats', on: false });
      assert.equal((await off).repeatNotes, 0);
    });

    it('5: is navigable by keyboard: an outline, headings, few Tab stops, and Go to Question', async () => {
      readerTesting.panel(SEED)?.dispose();
      const done = rendered(SEED);
      await showReadingPanel(env.services, SEED);
      const summary = await done;
      assert.equal(summary.outline, kv.entries.length, 'every question in the outline');
      assert.ok(summary.headings >= kv.entries.length + 2, `${summary.headings} headings`);
      assert.ok(summary.tabStops <= 50, `${summary.tabStops} Tab stops (162 before)`);
      const revealed = next(SEED, 'revealed', (m) => m.question === 11);
      assert.equal(await goToQuestion(11), true);
      await revealed;
    });

    it('6: keeps its scroll position when hidden behind another tab and shown again', async () => {
      const panel = readerTesting.panel(SEED)!;
      const revealed = await (async () => {
        const r = next(SEED, 'revealed', (m) => m.question === 9);
        await showReadingPanel(env.services, SEED, 9);
        return r;
      })();
      assert.ok((revealed.scrollY ?? 0) > 0, 'scrolled down to answer 9');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'another tab', language: 'plaintext' }), { viewColumn: panel.viewColumn! });
      assert.equal(panel.visible, false);
      const back = rendered(SEED);
      panel.reveal();
      assert.equal((await back).scrollY, revealed.scrollY);
    });

    it('10: shows only the deadlines that apply, dates in the display language', async () => {
      const done = rendered(TOZO);
      await showReadingPanel(env.services, TOZO);
      assert.deepEqual((await done).deadlines, ['Deadline: 3 weeks'], 'no Mededeling, so no six-week deadline');
      readerTesting.panel(SEED)?.dispose();
      const seedDone = rendered(SEED);
      await showReadingPanel(env.services, SEED);
      assert.deepEqual((await seedDone).deadlines, ['Deadline: 3 weeks', 'Deadline after a Mededeling: 6 weeks']);
    });
  });

  it('7: the status item shows the note\'s references; restarting stays in the palette', async () => {
    await openNote(`Zie ${SEED} vraag 2 en ${TOZO}.\n`);
    const command = api.notes.statusItem.command;
    const id = typeof command === 'string' ? command : command?.command;
    assert.equal(id, 'kamervragen.showNoteReferences');
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(id);
    assert.equal(locations.length, 2);
    assert.ok((await vscode.commands.getCommands(true)).includes('kamervragen.restartLanguageServer'));
    await vscode.commands.executeCommand('closeReferenceSearch');
  });

  it('8: says "No Kamervraag … found" for a number that does not exist, details in the log', async () => {
    const reported: ReportedFailure[] = [];
    const sub = api.services.onDidReportFailure((f) => reported.push(f));
    try {
      await vscode.commands.executeCommand('kamervragen.open', '2023Z99999');
    } finally {
      sub.dispose();
    }
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.failure.message, 'No Kamervraag 2023Z99999 found.');
    assert.deepEqual(reported[0]!.actions, ['Show Details']);
    assert.match(reported[0]!.failure.details, /2023Z99999/, 'the details say what was asked');
    assert.equal((await api.services.library()).store.get('2023Z99999'), undefined);
  });

  it('9: watching promises only what can come; an unfetchable item shows its id once, a clear icon, and sorts before answered ones', async () => {
    const told = await vscode.commands.executeCommand<string>('kamervragen.watch', TOZO);
    assert.doesNotMatch(told, /hear of its answer/);
    assert.match(told, /nader antwoord/);
    const failures: ReportedFailure[] = [];
    const sub = api.services.onDidReportFailure((f) => failures.push(f));
    try {
      await vscode.commands.executeCommand('kamervragen.watch', { kind: 'result', summary: { key: '2024Z04113' } });
    } finally {
      sub.dispose();
    }
    assert.equal(failures.length, 1, 'the failed fetch was told');
    const nodes = await api.trees.watch.getChildren();
    assert.deepEqual(nodes.map((n) => n.key), ['2024Z04113', TOZO]);
    const item = await api.trees.watch.getTreeItem(nodes[0]!);
    assert.equal(item.label, '2024Z04113');
    assert.doesNotMatch(String(item.description), /2024Z04113/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'cloud-download');
  });

  it('10: one date format in the display language: month groups, tree tooltips, hovers', async () => {
    await vscode.commands.executeCommand('kamervragen.library.groupByMonth');
    const groups = await api.trees.library.getChildren();
    const labels = await Promise.all(groups.map(async (g) => String((await api.trees.library.getTreeItem(g)).label)));
    assert.ok(labels.includes(formatMonth('2023-06', vscode.env.language)), labels.join(', '));
    if (vscode.env.language.startsWith('en')) assert.ok(!labels.includes('juni 2023'));
    const june = groups[labels.indexOf(formatMonth('2023-06', vscode.env.language))]!;
    const [node] = await api.trees.library.getChildren(june);
    const tooltip = (await api.trees.library.getTreeItem(node!)).tooltip as vscode.MarkdownString;
    const submitted = formatDate('2023-06-23', vscode.env.language);
    assert.ok(tooltip.value.replace(/&nbsp;/g, ' ').includes(submitted), tooltip.value);
    const editor = await openNote(`Zie ${SEED}.\n`);
    const hoverText = async (): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 6));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    assert.ok((await hoverText()).includes(`submitted ${submitted}`), await hoverText());
  });
});

describe('the smaller ones of issue 10', () => {
  it('Open…: a half-typed identifier is no error; words that cannot become one are pointed out', async () => {
    for (const typing of ['2', '2023', '2023Z', '2023Z117', 'kv-tk-2023Z1', 'ah-tk-2023', 'https://zoek.off', '18190']) {
      assert.equal(validateIdentifier(typing), undefined, typing);
    }
    assert.match(validateIdentifier('scanners douane') ?? '', /^Not an identifier/);
    assert.match(validateIdentifier('2023Z117866') ?? '', /^Not an identifier/);
  });
});
