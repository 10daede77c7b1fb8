/**
 * The statistics panel: answer times of the library per ministry and per party (src/core/stats.ts),
 * drawn by the webview as SVG bar charts with a table under each, then the same per year with the
 * trend. One panel; it follows changes of the library (at most once every half second: a download
 * of the archive saves hundreds a second, and the figures of the whole archive take a few tenths). Same rules as the reading panel: strict CSP with a nonce, data by postMessage after
 * `ready`, every message from the webview checked.
 */
import * as vscode from 'vscode';
import { todayIso } from '../../core/kamervraag';
import { answerFigures, type AnswerTimes, type GroupTrend } from '../../core/stats';
import type { Services } from '../services';
import {
  STATISTICS_VIEW_TYPE, statisticsMessage, type HostToStatistics, type StatisticsGroup, type StatisticsRow, type StatisticsStrings,
  type StatisticsSummary, type StatisticsTrend,
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
    perYear: vscode.l10n.t('Per year, with the trend'),
    perYearCaption: vscode.l10n.t('median days to answer per year of submission; the trend is the straight line through the yearly medians, in days a year'),
    trend: vscode.l10n.t('Trend'),
    daysPerYear: vscode.l10n.t('{0} days a year'),
    faster: vscode.l10n.t('faster'),
    slower: vscode.l10n.t('slower'),
  };
}

function row(a: AnswerTimes): StatisticsRow {
  return {
    name: a.name, count: a.count, answered: a.answered, medianDays: a.medianDays, p75Days: a.p75Days, p90Days: a.p90Days,
    onTimeShare: a.onTimeShare, open: a.open, overdue: a.overdue,
  };
}

function trend(g: GroupTrend): StatisticsTrend {
  return { name: g.name, years: g.years.map((y) => ({ year: y.year, count: y.count, medianDays: y.medianDays })), trendDaysPerYear: g.trendDaysPerYear };
}

/** The trends in the order of the all-years rows (both are ordered by count, but a year-less Kamervraag counts in one only). */
function inOrderOf(rows: readonly AnswerTimes[], trends: readonly GroupTrend[]): StatisticsTrend[] {
  const byName = new Map(trends.map((g) => [g.name, g]));
  return rows.flatMap((r) => {
    const g = byName.get(r.name);
    return g ? [trend(g)] : [];
  });
}

async function message(services: Services): Promise<HostToStatistics> {
  const library = await services.library();
  const { stats, trends } = answerFigures((await library.store.listDecoded()).map((i) => i.head), todayIso());
  const total = stats.total;
  const summary = total.answered > 0
    ? vscode.l10n.t('{0} Kamervragen in your library, {1} answered: median {2} days, {3} % on time, {4} overdue. The bars show the median; the whiskers reach to the 75th and 90th percentile; the lines mark the deadlines of 3 and 6 weeks.',
      total.count, total.answered, total.medianDays ?? '–', Math.round((total.onTimeShare ?? 0) * 100), total.overdue)
    : vscode.l10n.t('{0} Kamervragen in your library, none answered yet.', total.count);
  const groups: StatisticsGroup[] = [
    { id: 'ministries', heading: vscode.l10n.t('Per ministry'), rows: stats.byMinistry.map(row), trends: inOrderOf(stats.byMinistry, trends.byMinistry) },
    { id: 'parties', heading: vscode.l10n.t('Per party of the indieners'), rows: stats.byParty.map(row), trends: inOrderOf(stats.byParty, trends.byParty) },
  ];
  return { type: 'init', strings: strings(summary), groups };
}

/** Library changes coming faster than this are drawn together. */
const FOLLOW_MS = 500;

class StatisticsPanel extends WebviewPanelBase<HostToStatistics> {
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly services: Services, panel: vscode.WebviewPanel) {
    super(panel, services.context.extensionUri);
    this.disposables.push(services.onDidChangeLibrary(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.send();
      }, FOLLOW_MS);
    }));
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
    clearTimeout(this.pending);
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
