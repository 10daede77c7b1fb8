/// <reference lib="dom" />
/**
 * The statistics panel's script: answer times per ministry and per party as horizontal bar charts
 * in inline SVG (median days as the bar, a whisker to the 90th percentile with a tick at the 75th,
 * the 3- and 6-week deadlines as lines, the share answered on time at the end), each followed by
 * the same numbers as a table for screen readers, then a table of the median per year with the
 * trend (a small line of the yearly medians and the slope in words). Built with createElementNS and
 * textContent only.
 */
import type { HostToStatistics, StatisticsGroup, StatisticsRow, StatisticsStrings, StatisticsSummary, StatisticsTrend } from '../shared/webviewProtocol';
import { append, dangerCounts, el, replaceChildren, svg, vscodeApi } from './dom';

const vscode = vscodeApi<Record<string, never>>();
const app = document.getElementById('app')!;
let strings: StatisticsStrings | undefined;
let groups: StatisticsGroup[] = [];

/** Rows drawn per chart (the table lists them all). */
const MAX_BARS = 25;
const ROW = 24;
const TOP = 26;
/** Room under the bars for the deadline labels. */
const BOTTOM = 22;

function t(key: keyof StatisticsStrings): string {
  return strings?.[key] ?? '';
}

function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

function days(n: number | null): string {
  return n === null ? '–' : String(Math.round(n));
}

function render(): void {
  const width = Math.max(360, Math.min(app.clientWidth || 720, 1100));
  const nodes: Node[] = [el('h1', null, t('title')), el('p', 'muted', t('summary'))];
  for (const g of groups) nodes.push(groupSection(g, width));
  replaceChildren(app, ...nodes);
  app.setAttribute('aria-busy', 'false');
}

function groupSection(group: StatisticsGroup, width: number): HTMLElement {
  const section = el('section', 'group', el('h2', null, group.heading));
  section.id = group.id;
  if (group.rows.length === 0) {
    append(section, el('p', 'muted', t('empty')));
    return section;
  }
  append(section, chart(group, width), table(group), yearTable(group));
  return section;
}

function chart(group: StatisticsGroup, width: number): SVGSVGElement {
  const rows = group.rows.filter((r) => r.medianDays !== null).slice(0, MAX_BARS);
  const labelWidth = Math.min(260, Math.round(width * 0.3));
  const valueWidth = 190;
  const plotLeft = labelWidth + 8;
  const plotWidth = Math.max(80, width - plotLeft - valueWidth);
  const maxDays = Math.max(42, ...rows.map((r) => r.p90Days ?? r.medianDays ?? 0));
  const scaleMax = Math.ceil(maxDays / 10) * 10;
  const x = (d: number): number => plotLeft + (Math.min(d, scaleMax) / scaleMax) * plotWidth;
  const height = TOP + rows.length * ROW + BOTTOM;

  const titleId = `${group.id}-chart-title`;
  const root = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId });
  append(root, svg('title', { id: titleId }, `${group.heading}: ${t('chartCaption')}`));

  // Grid and deadlines.
  const step = scaleMax <= 60 ? 7 : scaleMax <= 150 ? 14 : 28;
  for (let d = 0; d <= scaleMax; d += step) {
    append(root,
      svg('line', { class: 'grid', x1: x(d), x2: x(d), y1: TOP - 4, y2: height - BOTTOM + 4 }),
      svg('text', { class: 'axis', x: x(d), y: TOP - 10, 'text-anchor': 'middle' }, String(d)));
  }
  for (const [d, label, short] of [[21, t('deadline3'), t('weeks3')], [42, t('deadline6'), t('weeks6')]] as const) {
    append(root,
      svg('line', { class: 'deadline', x1: x(d), x2: x(d), y1: TOP - 4, y2: height - BOTTOM + 4 }, svg('title', {}, label)),
      svg('text', { class: 'deadline-label', x: x(d), y: height - 4, 'text-anchor': 'middle' }, short));
  }

  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    const mid = y + ROW / 2;
    const g = svg('g', { class: 'row' });
    append(g,
      svg('title', {}, rowTitle(r)),
      svg('text', { class: 'label', x: labelWidth, y: mid + 4, 'text-anchor': 'end' }, clip(r.name, labelWidth)),
      svg('rect', { class: 'bar', x: plotLeft, y: y + 5, width: Math.max(1, x(r.medianDays ?? 0) - plotLeft), height: ROW - 10, rx: 2 }));
    if (r.p90Days !== null && r.medianDays !== null) {
      append(g, svg('line', { class: 'whisker', x1: x(r.medianDays), x2: x(r.p90Days), y1: mid, y2: mid }));
      if (r.p75Days !== null) append(g, svg('line', { class: 'whisker', x1: x(r.p75Days), x2: x(r.p75Days), y1: mid - 4, y2: mid + 4 }));
      append(g, svg('line', { class: 'whisker', x1: x(r.p90Days), x2: x(r.p90Days), y1: mid - 6, y2: mid + 6 }));
    }
    append(g, svg('text', { class: 'value', x: plotLeft + plotWidth + 10, y: mid + 4 }, `${days(r.medianDays)} ${t('days')} · ${percent(r.onTimeShare)} ${t('onTimeShort')}`));
    append(root, g);
  });
  return root;
}

function rowTitle(r: StatisticsRow): string {
  return `${r.name}: ${t('median')} ${days(r.medianDays)}, ${t('p75')} ${days(r.p75Days)}, ${t('p90')} ${days(r.p90Days)} ${t('days')}; ${t('onTime')} ${percent(r.onTimeShare)}`;
}

/** Cut a label to fit about `width` pixels (an estimate: SVG text does not wrap). */
function clip(text: string, width: number): string {
  const max = Math.max(8, Math.floor(width / 7));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(group: StatisticsGroup): HTMLElement {
  const head = el('tr', null, ...[t('name'), t('count'), t('answered'), t('median'), t('p75'), t('p90'), t('onTime'), t('open'), t('overdue')]
    .map((h, i) => {
      const th = el('th', i === 0 ? null : 'num', h);
      th.scope = 'col';
      return th;
    }));
  const body = el('tbody');
  for (const r of group.rows) {
    const name = el('th', null, r.name);
    name.scope = 'row';
    append(body, el('tr', null, name, ...[String(r.count), String(r.answered), days(r.medianDays), days(r.p75Days), days(r.p90Days), percent(r.onTimeShare), String(r.open), String(r.overdue)]
      .map((v) => el('td', 'num', v))));
  }
  const caption = el('caption', null, `${group.heading}: ${t('tableCaption')}`);
  return el('details', 'table', el('summary', null, t('tableCaption')), el('table', null, caption, el('thead', null, head), body));
}

/** The signed slope in words: "+2.5 days a year (slower)"; "–" without a trend. */
function trendText(slope: number | null): string {
  if (slope === null) return '–';
  const signed = `${slope > 0 ? '+' : slope < 0 ? '−' : '±'}${Math.abs(slope).toFixed(1)}`;
  const words = t('daysPerYear').replace('{0}', signed);
  return slope === 0 ? words : `${words} (${slope > 0 ? t('slower') : t('faster')})`;
}

const SPARK_WIDTH = 90;
const SPARK_HEIGHT = 18;

/** The yearly medians as a small line over the group's years (gaps where a year has none). */
function sparkline(trend: StatisticsTrend, years: readonly number[], scaleMax: number): SVGSVGElement | null {
  const points = trend.years.filter((y) => y.medianDays !== null);
  if (points.length < 2 || years.length < 2) return null;
  const x = (year: number): number => 1 + ((year - years[0]!) / (years[years.length - 1]! - years[0]!)) * (SPARK_WIDTH - 2);
  const y = (d: number): number => SPARK_HEIGHT - 1 - (Math.min(d, scaleMax) / scaleMax) * (SPARK_HEIGHT - 2);
  const slope = trend.trendDaysPerYear ?? 0;
  const root = svg('svg', { class: `spark ${slope > 0 ? 'up' : slope < 0 ? 'down' : 'flat'}`, width: SPARK_WIDTH, height: SPARK_HEIGHT, 'aria-hidden': 'true' });
  append(root, svg('polyline', { points: points.map((p) => `${x(p.year).toFixed(1)},${y(p.medianDays!).toFixed(1)}`).join(' ') }));
  return root;
}

function yearTable(group: StatisticsGroup): HTMLElement | null {
  if (group.trends.length === 0) return null;
  const years = [...new Set(group.trends.flatMap((g) => g.years.map((y) => y.year)))].sort((a, b) => a - b);
  const scaleMax = Math.max(42, ...group.trends.flatMap((g) => g.years.map((y) => y.medianDays ?? 0)));
  const head = el('tr', null, ...[t('name'), ...years.map(String), t('trend')].map((h, i) => {
    const th = el('th', i === 0 ? null : 'num', h);
    th.scope = 'col';
    return th;
  }));
  const body = el('tbody');
  for (const g of group.trends) {
    const name = el('th', null, g.name);
    name.scope = 'row';
    const byYear = new Map(g.years.map((y) => [y.year, y]));
    const cells = years.map((year) => {
      const y = byYear.get(year);
      const cell = el('td', 'num', y ? days(y.medianDays) : '');
      if (y) cell.title = `${g.name} ${year}: ${y.count} · ${t('median')} ${days(y.medianDays)} ${t('days')}`;
      return cell;
    });
    const trend = el('td', 'trend', sparkline(g, years, scaleMax), el('span', null, trendText(g.trendDaysPerYear)));
    append(body, el('tr', null, name, ...cells, trend));
  }
  const caption = el('caption', null, `${group.heading}: ${t('perYearCaption')}`);
  // Wide (a column a year): it scrolls sideways, and takes the focus so that the keyboard can scroll it.
  const scroller = el('div', 'scroll', el('table', 'years', caption, el('thead', null, head), body));
  scroller.tabIndex = 0;
  scroller.setAttribute('role', 'region');
  scroller.setAttribute('aria-label', `${group.heading}: ${t('perYear')}`);
  const details = el('details', 'years', el('summary', null, t('perYear')), scroller);
  details.open = true;
  return details;
}

function summary(): StatisticsSummary {
  return {
    charts: app.querySelectorAll('svg.chart').length,
    bars: app.querySelectorAll('svg.chart rect.bar').length,
    tables: app.querySelectorAll('details.table table').length,
    rows: app.querySelectorAll('details.table tbody tr').length,
    scripts: dangerCounts(app).scripts,
    yearRows: app.querySelectorAll('table.years tbody tr').length,
    sparklines: app.querySelectorAll('table.years svg.spark polyline').length,
  };
}

window.addEventListener('message', (event: MessageEvent<HostToStatistics>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null || message.type !== 'init') return;
  strings = message.strings;
  groups = message.groups;
  render();
  vscode.postMessage({ type: 'rendered', summary: summary() });
});

let resizePending = false;
window.addEventListener('resize', () => {
  if (resizePending || groups.length === 0) return;
  resizePending = true;
  requestAnimationFrame(() => {
    resizePending = false;
    render();
  });
});

append(app, el('p', 'muted', '…'));
vscode.postMessage({ type: 'ready' });
