/**
 * The statistics panel: answer times of the library per ministry and per party (src/core/stats.ts),
 * drawn by the webview as SVG bar charts with a table under each. One panel; it follows changes of
 * the library. Same rules as the reading panel: strict CSP with a nonce, data by postMessage after
 * `ready`, every message from the webview checked.
 */
import * as vscode from 'vscode';
import { todayIso } from '../../core/kamervraag';
import { answerStats, type AnswerTimes } from '../../core/stats';
import type { Services } from '../services';
import {
  STATISTICS_VIEW_TYPE, statisticsMessage, type HostToStatistics, type StatisticsGroup, type StatisticsRow, type StatisticsStrings,
  type StatisticsSummary,
} from '../../shared/webviewProtocol';
import { webviewOptions } from './webviewHtml';
import { WebviewPanelBase } from './webviewPanel';

let open: StatisticsPanel | undefined;
const rendered = new vscode.EventEmitter<StatisticsSummary>();

function strings(summary: string): StatisticsStrings {
  return {
    title: vscode.l10n.t('Answer times'),
    summary,
    empty: vscode.l10n.t('Nothing to show: no Kamervraag in the library names one.'),
    name: vscode.l10n.t('Name'),
    count: vscode.l10n.t('Kamervragen'),
    answered: vscode.l10n.t('Answered'),
    median: vscode.l10n.t('Median days'),
    p75: vscode.l10n.t('75th percentile'),
    p90: vscode.l10n.t('90th percentile'),
    onTime: vscode.l10n.t('On time'),
    open: vscode.l10n.t('Open'),
    overdue: vscode.l10n.t('Overdue'),
    days: vscode.l10n.t('days'),
    deadline3: vscode.l10n.t('Deadline: 3 weeks'),
    deadline6: vscode.l10n.t('Deadline after a Mededeling: 6 weeks'),
    weeks3: vscode.l10n.t('3 weeks'),
    weeks6: vscode.l10n.t('6 weeks'),
    onTimeShort: vscode.l10n.t('on time'),
    chartCaption: vscode.l10n.t('median days to answer (bar), 75th and 90th percentile (whisker), share answered on time'),
    tableCaption: vscode.l10n.t('Table'),
  };
}

function row(a: AnswerTimes): StatisticsRow {
  return {
    name: a.name, count: a.count, answered: a.answered, medianDays: a.medianDays, p75Days: a.p75Days, p90Days: a.p90Days,
    onTimeShare: a.onTimeShare, open: a.open, overdue: a.overdue,
  };
}

async function message(services: Services): Promise<HostToStatistics> {
  const library = await services.library();
  const stats = answerStats(library.store.list().map((i) => i.kamervraag), todayIso());
  const total = stats.total;
  const summary = total.answered > 0
    ? vscode.l10n.t('{0} Kamervragen in your library, {1} answered: median {2} days, {3} % on time, {4} overdue. The bars show the median; the whiskers reach to the 75th and 90th percentile; the lines mark the deadlines of 3 and 6 weeks.',
      total.count, total.answered, total.medianDays ?? '–', Math.round((total.onTimeShare ?? 0) * 100), total.overdue)
    : vscode.l10n.t('{0} Kamervragen in your library, none answered yet.', total.count);
  const groups: StatisticsGroup[] = [
    { id: 'ministries', heading: vscode.l10n.t('Per ministry'), rows: stats.byMinistry.map(row) },
    { id: 'parties', heading: vscode.l10n.t('Per party of the indieners'), rows: stats.byParty.map(row) },
  ];
  return { type: 'init', strings: strings(summary), groups };
}

class StatisticsPanel extends WebviewPanelBase<HostToStatistics> {
  constructor(private readonly services: Services, panel: vscode.WebviewPanel) {
    super(panel, services.context.extensionUri);
    this.disposables.push(services.onDidChangeLibrary(() => this.send()));
    this.show('statistics', 'statistics.css');
  }

  protected onMessage(raw: unknown): void {
    const msg = statisticsMessage(raw);
    if (!msg) {
      this.services.log.warn('Statistics panel: ignored a malformed message from the webview.');
      return;
    }
    if (msg.type === 'ready') {
      this.ready = true;
      this.send();
    } else {
      rendered.fire(msg.summary);
    }
  }

  private send(): void {
    if (!this.ready) return;
    message(this.services).then((m) => this.post(m), (err: unknown) => {
      this.services.log.error(`Statistics panel: ${String(err)}`);
    });
  }

  protected override onDispose(): void {
    if (open === this) open = undefined;
  }
}

/** Show the answer-time statistics of the library (one panel, brought to the front when open). */
export async function showStatistics(services: Services): Promise<void> {
  if (open) {
    open.panel.reveal();
    return;
  }
  await services.library(); // opens (and may report problems) before the panel appears
  const panel = vscode.window.createWebviewPanel(STATISTICS_VIEW_TYPE, vscode.l10n.t('Kamervragen: Answer Times'), vscode.ViewColumn.Active, {
    ...webviewOptions(services.context.extensionUri),
    enableFindWidget: true,
  });
  open = new StatisticsPanel(services, panel);
}

/** Brings the statistics panel back after a window reload (it has no state: it is computed again). */
export function deserializeStatistics(services: Services, panel: vscode.WebviewPanel): void {
  if (open) panel.dispose();
  else open = new StatisticsPanel(services, panel);
}

/** For the integration tests only: what the statistics webview reports after it rendered. */
export const statisticsTesting = {
  /** A getter, so that the production bundle (which never imports this) leaves it out. */
  get onDidRender(): vscode.Event<StatisticsSummary> {
    return rendered.event;
  },
  panel: (): vscode.WebviewPanel | undefined => open?.panel,
};
