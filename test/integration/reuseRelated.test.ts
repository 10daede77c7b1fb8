/**
 * Reuse across the library and related Kamervragen in a real VS Code: two library items that share
 * an answer paragraph (the later one with a small edit) and where the later one cites the earlier
 * one. The reading panel's webview reports what its DOM holds (`reuseRendered`); the tests wait on
 * those messages, never on time. Driven with Services of their own and a library in a temporary
 * folder, filled from the seed's text export without any network.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { merge } from '../../src/core/kamervraag';
import type { Kamervraag } from '../../src/core/model';
import { parseDocument } from '../../src/core/parse';
import { paragraphsOf } from '../../src/core/text';
import { readerTesting, showReadingPanel } from '../../src/extension/panel/readingPanel';
import { exportCsv, reuseReportTesting, showReuseReport } from '../../src/extension/panel/reuseReport';
import { showRelatedCommand } from '../../src/extension/commands/related';
import { isolatedServices } from './support';
import type { ReuseRenderSummary } from '../../src/shared/webviewProtocol';

const extension = (): vscode.Extension<unknown> => vscode.extensions.getExtension('kamervragen.kamervragen')!;
const EARLIER = '2022Z01001';
const LATER = '2023Z02002';

/** The next reuse summary from the webview of `key` that satisfies `accept`. */
function reuseRendered(key: string, accept: (s: ReuseRenderSummary) => boolean): Promise<ReuseRenderSummary> {
  return new Promise((resolve) => {
    const sub = readerTesting.onDidHandle(({ key: k, message }) => {
      if (k === key && message.type === 'reuseRendered' && accept(message.summary)) {
        sub.dispose();
        resolve(message.summary);
      }
    });
  });
}

function opened(key: string): Promise<void> {
  return new Promise((resolve) => {
    const sub = readerTesting.onDidHandle(({ key: k, message }) => {
      if (k === key && message.type === 'ready') {
        sub.dispose();
        resolve();
      }
    });
  });
}

describe('reuse across the library and related Kamervragen', function () {
  this.timeout(60_000);
  let env: ReturnType<typeof isolatedServices>;
  let shared: string;

  before(async () => {
    env = isolatedServices('reuse');
    const seed = merge([parseDocument(fs.readFileSync(path.join(extension().extensionPath, 'test', 'fixtures', 'seeds', 'kamervraag-2023Z11786.txt'), 'utf8'))]);
    shared = paragraphsOf(seed.entries[1]!.answer!)[0]!;
    const earlier: Kamervraag = {
      ...seed, zaak: EARLIER, submitted: '2022-05-02', answered: '2022-06-01', remarks: [], notices: [],
      submitters: [{ name: 'Nilüfer Gündoğan', party: 'Volt' }],
      documents: [{ id: `kv-tk-${EARLIER}`, kind: 'questions', date: '2022-05-02', url: null }, { id: 'ah-tk-20212022-4321', kind: 'answer', date: '2022-06-01', url: null }],
      entries: seed.entries.slice(0, 4),
    };
    // The later one: the same questions, the shared paragraph with one word changed, and a "Zie ook".
    const edited = shared.replace(/\bverschillende\b/, 'diverse');
    assert.notEqual(edited, shared);
    const later: Kamervraag = {
      ...seed, zaak: LATER, submitted: '2023-05-02', answered: '2023-06-01', notices: [],
      remarks: ['Zie ook Aanhangsel Handelingen II 2021/22, nr. 4321.'],
      documents: [{ id: `kv-tk-${LATER}`, kind: 'questions', date: '2023-05-02', url: null }],
      entries: seed.entries.slice(0, 4).map((e, i) => (i === 1 ? { ...e, answer: `Een eigen inleiding bij dit antwoord.\n\n${edited}` } : { ...e, answer: `Antwoord ${i + 1}.` })),
    };
    const library = await env.services.library();
    await library.store.save(earlier);
    await library.store.save(later);
  });

  after(() => {
    for (const key of readerTesting.openKeys()) readerTesting.panel(key)?.dispose();
    reuseReportTesting.panel()?.dispose();
    env.dispose();
  });

  it('marks the paragraph the earlier Kamervraag answered too, with a link that opens it', async () => {
    const done = reuseRendered(LATER, (s) => s.reuseLinks > 0 && s.relatedLinks > 0);
    await showReadingPanel(env.services, LATER);
    const summary = await done;
    assert.equal(summary.notes, 1);
    assert.deepEqual(summary.reuseKeys, [EARLIER]);
    assert.equal(summary.misplaced, 0);
    const open = opened(EARLIER);
    assert.equal(await readerTesting.receive(LATER, { type: 'openKamervraag', key: EARLIER }), 'done');
    await open;
    assert.ok(readerTesting.openKeys().includes(EARLIER));
    assert.equal(await readerTesting.receive(LATER, { type: 'openKamervraag', key: '2099Z99999' }), 'refused', 'only keys the panel links to');
    assert.equal(await readerTesting.receive(LATER, { type: 'openKamervraag', key: '../../etc' }), 'refused');
  });

  it('lists the earlier one under Related Kamervragen (similar and cited), and the later one as citing it', async () => {
    const later = reuseRendered(LATER, (s) => s.relatedKeys.length > 0);
    readerTesting.panel(LATER)?.dispose();
    await showReadingPanel(env.services, LATER);
    assert.deepEqual((await later).relatedKeys, [EARLIER]);
    // The earlier panel is open from the test before: it lists the later one as citing it, not as similar (it is later).
    readerTesting.panel(EARLIER)?.dispose();
    const earlier = reuseRendered(EARLIER, (s) => s.reuseKeys.length > 0);
    await showReadingPanel(env.services, EARLIER);
    const summary = await earlier;
    assert.deepEqual(summary.reuseKeys, [LATER]);
    assert.deepEqual(summary.relatedKeys, [LATER]);
  });

  it('Show Related Kamervragen offers the earlier one and opens it', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('kamervragen.showRelated'));
    readerTesting.panel(EARLIER)?.dispose();
    const picker = await showRelatedCommand(env.services)(LATER);
    assert.ok(picker, 'a quick pick');
    const items = picker.items.filter((i) => i.key === EARLIER);
    assert.equal(items.length, 2, 'under Similar and under This one cites');
    assert.equal(picker.items[0]?.kind, vscode.QuickPickItemKind.Separator);
    const open = opened(EARLIER);
    picker.activeItems = [items[0]!];
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await open;
    assert.ok(readerTesting.openKeys().includes(EARLIER));
  });

  it('Reuse Report… shows the ministry and the paragraph, and exports quoted CSV', async () => {
    const done = new Promise<{ rows: number; paragraphs: number; links: number; scripts: number }>((resolve) => {
      const sub = reuseReportTesting.onDidRender((s) => {
        sub.dispose();
        resolve(s);
      });
    });
    const report = await showReuseReport(env.services);
    assert.ok(report);
    const summary = await done;
    assert.ok(summary.rows >= 1);
    assert.equal(summary.paragraphs, 1);
    assert.equal(summary.links, 2);
    assert.equal(summary.scripts, 0);
    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kamervragen-reuse-csv-')), 'reuse.csv'));
    await exportCsv(report, target);
    const csv = fs.readFileSync(target.fsPath, 'utf8');
    assert.ok(csv.startsWith('\ufefftable,ministry,answers,answers_with_reuse,share,'));
    assert.ok(csv.includes(`${EARLIER} ${LATER}`));
    assert.ok(csv.split('\r\n').some((line) => line.startsWith('paragraph,') && line.endsWith('"')), 'the paragraph text is quoted');
  });
});
