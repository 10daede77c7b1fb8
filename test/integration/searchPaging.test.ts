/**
 * "Load more results" in a real VS Code against the fixture server, which pages as the Open Data
 * Portal does (no nextLink next to $top): a search of more than 50 results is paged to its end.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FixtureServer } from '../server/fixtureServer';
import { startSources, stopSources } from './support';
import type { TestApi } from '../../src/extension/extension';

const extension = (): vscode.Extension<TestApi> => vscode.extensions.getExtension<TestApi>('kamervragen.kamervragen')!;

describe('paging search results with Load more', function () {
  this.timeout(120_000);
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

  it('pages a search of more than 50 results to its end, newest first, every zaak once', async () => {
    const arrived = new Promise<void>((resolve) => {
      const sub = api.services.searchResults.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });
    const started = server.requests.length;
    void vscode.commands.executeCommand('kamervragen.search', 'zorg');
    await arrived;
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const first = api.services.searchResults.current!;
    assert.equal(first.label, 'zorg');
    assert.equal(first.items.length, 50);
    assert.ok(first.total !== null && first.total > 250, `total ${String(first.total)}`);
    const total = first.total;

    let nodes = api.trees.search.getChildren();
    assert.equal(nodes.length, 51, 'fifty results and "Load more results"');
    assert.equal(api.trees.search.getTreeItem(nodes[50]!).label, 'Load more results');

    let clicks = 0;
    while (api.services.searchResults.current!.next) {
      const before = api.services.searchResults.current!.items.length;
      await vscode.commands.executeCommand('kamervragen.loadMoreResults');
      assert.ok(api.services.searchResults.current!.items.length > before, 'each click brings more');
      assert.ok(++clicks < 20, 'ends');
    }
    const last = api.services.searchResults.current!;
    assert.equal(clicks, Math.ceil(total / 50) - 1);
    assert.equal(last.items.length, total);
    assert.equal(new Set(last.items.map((s) => s.key)).size, total, 'every zaak once');
    const days = last.items.map((s) => s.submitted ?? '');
    assert.ok(days.every((d, i) => i === 0 || days[i - 1]! >= d), 'newest first across pages');
    nodes = api.trees.search.getChildren();
    assert.equal(nodes.length, total, 'no "Load more results" after the last page');

    const asked = server.requests.slice(started).filter((r) => r.path === '/OData/v4/2.0/Zaak');
    assert.deepEqual(asked.map((r) => Number(r.query['$skip'] ?? 0)), Array.from({ length: clicks + 1 }, (_, i) => i * 50));
  });
});
