/**
 * Promises in a real VS Code: the Promises view lists the seed's promise (answer 12: the Minister
 * of Foreign Affairs will send an elaboration of the Motie Brekelmans before the BZ budget debate
 * of autumn 2023) once the seed is in the library, by due status and by ministry; selecting it
 * opens the reading panel; the panel marks the sentence with its due date; the watch list shows it
 * under the watched Kamervraag; "Look Up Registered Toezegging" finds the registered Toezegging it may be
 * (from the view and from the panel's button). No network: the seed comes from the fixture text export,
 * the Toezeggingen from the fixture server (test/fixtures/odata/Toezegging.corpus.json, constructed).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDate } from '../../src/core/dates';
import { merge } from '../../src/core/kamervraag';
import type { Kamervraag } from '../../src/core/model';
import { parseDocument } from '../../src/core/parse';
import { readerTesting, showReadingPanel } from '../../src/extension/panel/readingPanel';
import type { TestApi } from '../../src/extension/extension';
import type { PromiseNode } from '../../src/extension/tree/promisesTree';
import type { WatchNode } from '../../src/extension/tree/watchTree';
import type { ReaderToHost } from '../../src/shared/webviewProtocol';
import { READER_VIEW_TYPE } from '../../src/shared/webviewProtocol';
import type { LookupOutcome } from '../../src/extension/toezeggingen';
import { isolatedServices, startSources, stopSources } from './support';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;
const KEY = '2023Z11786';
/** The promise's first twelve words, as the trees show it. */
const LABEL = 'De Minister van Buitenlandse Zaken heeft in het Commissiedebat China toegezegd om…';

function seed(): Kamervraag {
  const text = fs.readFileSync(path.join(extension().extensionPath, 'test', 'fixtures', 'seeds', `kamervraag-${KEY}.txt`), 'utf8');
  return merge([parseDocument(text)]);
}

/** The next message of `type` from the reading panel of `key` (the test bundle's panels). */
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

function readerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(READER_VIEW_TYPE));
}

describe('promises', function () {
  this.timeout(60_000);
  let api: TestApi;
  let addedSeed = false;
  const due = (): string => formatDate('2023-10-31', vscode.env.language);

  before(async () => {
    api = await extension().activate();
    assert.ok(api?.services, 'the test API is there (KAMERVRAGEN_TEST=1)');
    const { store } = await api.services.library();
    if (!store.get(KEY)) {
      await store.save(seed(), { fetchedAt: null });
      addedSeed = true;
    }
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kamervragen').update('promises.groupBy', undefined, vscode.ConfigurationTarget.Global);
    if (api.services.watchList.has(KEY)) await vscode.commands.executeCommand('kamervragen.unwatch', KEY);
    if (addedSeed) await (await api.services.library()).store.remove(KEY);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function promiseNodes(group: PromiseNode | undefined): Promise<PromiseNode[]> {
    return group ? api.trees.promises.getChildren(group) : [];
  }

  async function groupNamed(label: string): Promise<PromiseNode | undefined> {
    const groups = await api.trees.promises.getChildren();
    for (const g of groups) if ((await api.trees.promises.getTreeItem(g)).label === label) return g;
    return undefined;
  }

  it("shows the seed's promise as past due in the Promises view, with its date and Kamervraag", async () => {
    await vscode.commands.executeCommand('kamervragen.promises.groupByDue');
    // The view as VS Code shows it: opening it makes VS Code ask the provider.
    const view = api.views.get('kamervragen.promises')!;
    const shown = view.visible ? Promise.resolve() : new Promise<void>((resolve) => {
      const sub = view.onDidChangeVisibility((e) => {
        if (!e.visible) return;
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('kamervragen.promises.focus');
    await shown;
    assert.ok(view.visible, 'the Promises view is shown');
    const past = await groupNamed('Past due');
    assert.ok(past, 'a "Past due" group');
    const nodes = (await promiseNodes(past)).filter((n) => n.kind === 'promise' && n.promise.key === KEY);
    assert.equal(nodes.length, 1, 'one promise in the seed');
    const item = await api.trees.promises.getTreeItem(nodes[0]!);
    assert.equal(item.label, LABEL);
    assert.equal(item.description, `was due by ${due()} · ${KEY} · Question 12`);
    assert.deepEqual(item.command?.arguments, [KEY, 12]);
    // appendText keeps the text's spaces as &nbsp; and escapes Markdown: read it back as text.
    const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.ok(tooltip.includes(`Promise: to send the Kamer something, was due by ${due()} (“voor de begrotingsbehandeling”)`), tooltip);
    assert.match(tooltip, /Ministry: Buitenlandse Zaken/);
    // The other groups do not hold it.
    for (const label of ['Due soon', 'Open, due later', 'No date']) {
      assert.ok(!(await promiseNodes(await groupNamed(label))).some((n) => n.kind === 'promise' && n.promise.key === KEY), label);
    }
  });

  it('groups by the ministry that made the promise: Buitenlandse Zaken, not Financiën (also addressed)', async () => {
    await vscode.commands.executeCommand('kamervragen.promises.groupByMinistry');
    const bz = await promiseNodes(await groupNamed('Buitenlandse Zaken'));
    assert.ok(bz.some((n) => n.kind === 'promise' && n.promise.key === KEY));
    const financien = await promiseNodes(await groupNamed('Financiën'));
    assert.ok(!financien.some((n) => n.kind === 'promise' && n.promise.key === KEY));
    await vscode.commands.executeCommand('kamervragen.promises.groupByDue');
  });

  it('opens the reading panel when a promise is selected', async () => {
    const [node] = (await promiseNodes(await groupNamed('Past due'))).filter((n) => n.kind === 'promise' && n.promise.key === KEY);
    const item = await api.trees.promises.getTreeItem(node!);
    const opened = new Promise<void>((resolve) => {
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (readerTabs().some((t) => t.label.startsWith(`${KEY} · `))) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    await opened;
    assert.ok(readerTabs().some((t) => t.label.startsWith(`${KEY} · `)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks the promise in the reading panel with its due date, at answer 12', async () => {
    const env = isolatedServices('promises');
    try {
      await (await env.services.library()).store.save(seed());
      const rendered = next(KEY, 'rendered');
      const revealed = next(KEY, 'revealed', (m) => m.question === 12);
      await showReadingPanel(env.services, KEY, 12);
      const summary = (await rendered).summary;
      await revealed;
      assert.equal(summary.promises.marks, 1);
      assert.deepEqual(summary.promises.labels, [`Promise: was due by ${due()} (“voor de begrotingsbehandeling”)`]);
      assert.deepEqual([summary.scripts, summary.images, summary.eventAttributes, summary.unsafeHrefs], [0, 0, 0, 0]);
    } finally {
      for (const key of readerTesting.openKeys()) readerTesting.panel(key)?.dispose();
      env.dispose();
    }
  });

  it('looks up the registered Toezegging the promise may be, once per Kamervraag, from the view and the panel', async () => {
    const server = await startSources();
    const env = isolatedServices('toezegging');
    try {
      const [node] = (await promiseNodes(await groupNamed('Past due'))).filter((n) => n.kind === 'promise' && n.promise.key === KEY);
      const asked = (): number => server.requests.filter((r) => r.path.endsWith('/Toezegging')).length;
      const outcome = await vscode.commands.executeCommand<LookupOutcome | undefined>('kamervragen.lookUpToezegging', node);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(outcome?.kind, 'done');
      assert.equal(outcome.kind === 'done' ? outcome.matches[0]?.toezegging.nummer : null, 'TZ202307-031');
      assert.equal(asked(), 2, 'the window in two pages');
      const again = await vscode.commands.executeCommand<LookupOutcome | undefined>('kamervragen.lookUpToezegging', KEY, 0);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(again?.kind, 'done');
      assert.equal(asked(), 2, 'the second look-up comes from memory');
      // The panel's button (this bundle's panel and cache, so it asks the portal once more).
      await (await env.services.library()).store.save(seed());
      const rendered = next(KEY, 'rendered');
      await showReadingPanel(env.services, KEY, 12);
      await rendered;
      assert.equal(await readerTesting.receive(KEY, { type: 'lookUpToezegging', question: 12, promise: 0 }), 'done');
      assert.equal(await readerTesting.receive(KEY, { type: 'lookUpToezegging', question: 12, promise: 1 }), 'refused', 'answer 12 has one promise');
    } finally {
      for (const key of readerTesting.openKeys()) readerTesting.panel(key)?.dispose();
      env.dispose();
      await stopSources(server);
    }
  });

  it('shows the promise under the watched Kamervraag in the watch list', async () => {
    await vscode.commands.executeCommand('kamervragen.watch', KEY);
    const watched = (await api.trees.watch.getChildren()).find((n) => n.key === KEY);
    assert.ok(watched);
    const item = await api.trees.watch.getTreeItem(watched);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.match(String(item.description), /· 1 promise$/);
    const children: WatchNode[] = await api.trees.watch.getChildren(watched);
    assert.equal(children.length, 1);
    const promise = await api.trees.watch.getTreeItem(children[0]!);
    assert.equal(promise.label, LABEL);
    assert.equal(promise.description, `was due by ${due()} · Question 12`);
    assert.deepEqual(promise.command?.arguments, [KEY, 12]);
    await vscode.commands.executeCommand('kamervragen.unwatch', KEY);
  });
});
