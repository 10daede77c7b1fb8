/**
 * The statistics panel in a real VS Code: the webview draws the charts and tables and reports what
 * its DOM holds; the test waits on that report.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { todayIso, withDerived } from '../../src/core/kamervraag';
import type { Kamervraag } from '../../src/core/model';
import { answerStats, answerTrends } from '../../src/core/stats';
import { showStatistics, statisticsTesting } from '../../src/extension/panel/statistics';
import { isolatedServices } from './support';
import { STATISTICS_VIEW_TYPE, type StatisticsSummary } from '../../src/shared/webviewProtocol';

function kamervraag(zaak: string, role: string, party: string, submitted: string, answered: string | null): Kamervraag {
  return withDerived({
    format: 'kamervraag/1', zaak, house: 'tk', title: `Vragen ${zaak}`, submitted, answered, daysToAnswer: null, deadline: null,
    status: 'open', vergaderjaar: null, submitters: [{ name: `Lid ${zaak}`, party }], addressees: [{ name: null, role }], answeredBy: [],
    topics: [], documents: [], notices: [], remarks: [], entries: [{ numbers: [1], question: 'Vraag?', answer: answered ? 'Ja.' : null, refersTo: [], footnotes: [] }],
  });
}

const LIBRARY = [
  kamervraag('2023Z00001', 'Minister van Financiën', 'VVD', '2023-01-02', '2023-01-20'),
  kamervraag('2023Z00002', 'Staatssecretaris van Financiën', 'SP', '2023-02-01', '2023-04-01'),
  kamervraag('2023Z00003', 'Minister van Defensie', 'VVD', '2023-03-01', '2023-03-15'),
  kamervraag('2023Z00004', 'Minister van Defensie', 'D66', '2023-05-01', null),
  // A year earlier: Financiën and VVD have a trend.
  kamervraag('2022Z00001', 'Minister van Financiën', 'VVD', '2022-01-03', '2022-02-20'),
];

function nextRender(accept: (s: StatisticsSummary) => boolean = () => true): Promise<StatisticsSummary> {
  return new Promise((resolve) => {
    const sub = statisticsTesting.onDidRender((s) => {
      if (!accept(s)) return;
      sub.dispose();
      resolve(s);
    });
  });
}

function statisticsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(STATISTICS_VIEW_TYPE));
}

describe('the statistics panel', function () {
  this.timeout(60_000);
  let env: ReturnType<typeof isolatedServices>;

  before(async () => {
    env = isolatedServices('statistics');
    const library = await env.services.library();
    for (const kv of LIBRARY) await library.store.save(kv);
  });

  after(() => {
    statisticsTesting.panel()?.dispose();
    env.dispose();
  });

  it('draws a chart and a table per ministry and per party', async () => {
    const stats = answerStats(LIBRARY, todayIso());
    const done = nextRender();
    await showStatistics(env.services);
    const summary = await done;
    assert.equal(summary.charts, 2);
    assert.equal(summary.tables, 2);
    assert.equal(summary.rows, stats.byMinistry.length + stats.byParty.length);
    assert.equal(summary.bars, [...stats.byMinistry, ...stats.byParty].filter((r) => r.medianDays !== null).length);
    assert.equal(summary.scripts, 0);
    // Per year with the trend: a row per ministry and party that has a year; a line where it has two years with a median.
    const trends = answerTrends(LIBRARY, todayIso());
    assert.equal(summary.yearRows, trends.byMinistry.length + trends.byParty.length);
    assert.equal(summary.sparklines, [...trends.byMinistry, ...trends.byParty].filter((g) => g.years.filter((y) => y.medianDays !== null).length >= 2).length);
    assert.equal(summary.sparklines, 2);
    const csp = /content="(default-src 'none'[^"]+)"/.exec(statisticsTesting.panel()!.webview.html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; style-src [^;]+; script-src 'nonce-[A-Za-z0-9+/=]{22,}'; img-src [^;]+; font-src [^;]+$/);
  });

  it('keeps one panel and follows the library', async () => {
    await showStatistics(env.services);
    assert.equal(statisticsTabs().length, 1);
    // Ministries Financiën, Defensie and now Justitie en Veiligheid; parties VVD, SP, D66 and now GL.
    const done = nextRender((s) => s.rows === 7);
    const library = await env.services.library();
    await library.store.save(kamervraag('2023Z00005', 'Minister van Justitie en Veiligheid', 'GL', '2023-06-01', '2023-06-10'));
    assert.equal((await done).charts, 2);
  });
});
