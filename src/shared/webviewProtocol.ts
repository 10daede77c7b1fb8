/**
 * The messages between the extension host and its webviews (the reading panel and the statistics
 * panel), split by direction, with runtime guards for what arrives from a webview.
 *
 * Everything a webview shows arrives here as data: the host sends plain strings and numbers, and
 * the webview puts them into the page with textContent and createElement only. Every piece of
 * user-facing text is localised on the host (the webviews have no l10n of their own). URLs in
 * these messages are http(s) only; the host checks them before it sends them and again when a
 * webview asks to open one.
 *
 * No vscode import: the webview bundles import this file too.
 */
import type { Status } from '../core/model';
import type { DueStatus } from '../core/promiseList';

export const READER_VIEW_TYPE = 'kamervragen.reader';
export const STATISTICS_VIEW_TYPE = 'kamervragen.statistics';
export const REUSE_REPORT_VIEW_TYPE = 'kamervragen.reuseReport';

// ---------------------------------------------------------------------------------------------
// The reading panel: data

/** A labelled value of the header card ("Indieners": "Queeny Rajkowski (VVD), …"). */
export interface ReaderFact {
  label: string;
  value: string;
}

/** An official document of the Kamervraag; `url` null when it has no http(s) address. */
export interface ReaderDocument {
  label: string;
  id: string;
  date: string | null;
  url: string | null;
}

export type TimelineKind = 'submitted' | 'deadline' | 'notice' | 'answered' | 'further-answer' | 'today';

export interface TimelineEvent {
  kind: TimelineKind;
  /** Days after the questions were submitted. */
  day: number;
  /** The date, formatted for the UI language. */
  date: string;
  label: string;
  /** For a deadline: whether it is the one in force (the 6-week one only after an uitstel). */
  inForce: boolean;
}

export interface ReaderTimeline {
  /** Days the drawing spans (at least the last event). */
  span: number;
  events: TimelineEvent[];
}

/** A piece of a paragraph; `repeat` indexes the entry's `repeats` when the text recurs elsewhere. */
export interface TextRun {
  text: string;
  repeat: number | null;
}

export interface RepeatNote {
  /** True when the other occurrences are worded slightly differently. */
  variant: boolean;
  /** The start of the repeated sentence ("Het kabinet heeft…"), so the note says which one it is. */
  sentence: string;
  /** The label, e.g. "also in answer". */
  label: string;
  /** The other answers, by their first question number. */
  others: number[];
  /** The whole note as one sentence, for the tooltip ("Also in answer 5, 6, 8"). */
  title: string;
}

export interface ReaderFootnote {
  number: number;
  text: string;
  /** An http(s) address to link to; null when there is none or it is not http(s). */
  url: string | null;
  /** An address that is not http(s): shown as text, never as a link. */
  plainUrl: string | null;
}

/** "Zie antwoord vraag 3": a link to that answer and, inline, its text. */
export interface ReaderReference {
  question: number;
  /** "See the answer to question 3". */
  label: string;
  /** The referenced answer's paragraphs; null when it has none or the number does not exist. */
  answer: string[] | null;
}

export interface ReaderEntry {
  /** The numbers of the entry ("Vraag 5, 6" → [5, 6]); the first one names it. */
  numbers: number[];
  /** "Question 5, 6". */
  heading: string;
  question: string[];
  /** Paragraphs of runs; null while unanswered. */
  answer: TextRun[][] | null;
  repeats: RepeatNote[];
  references: ReaderReference[];
  questionNotes: ReaderFootnote[];
  answerNotes: ReaderFootnote[];
  /** The promises made in the answer (see "The reading panel: promises" below). */
  promises: PromiseMark[];
}

export interface ReaderView {
  key: string;
  title: string;
  /** "2023Z11786 · Tweede Kamer". */
  subtitle: string;
  status: Status;
  /** "Answered late: 97 days (deadline …)". */
  statusText: string;
  facts: ReaderFact[];
  documents: ReaderDocument[];
  remarks: string[];
  timeline: ReaderTimeline | null;
  entries: ReaderEntry[];
  /** Repeated sentences: whether they are marked (the setting and the panel's toggle), and how many there are. */
  repeats: { shown: boolean; count: number };
  /** Where the copy shown comes from and when ("Your library's copy, fetched on …"); null when unknown. */
  saved: string | null;
}

/** The fixed strings of the reading panel, localised by the host. */
export interface ReaderStrings {
  documents: string;
  timeline: string;
  timelineEmpty: string;
  questionsAndAnswers: string;
  question: string;
  answer: string;
  noAnswer: string;
  insertQuote: string;
  copyCitation: string;
  footnotes: string;
  showAnswerHere: string;
  repeatLegend: string;
  variantLegend: string;
  remarks: string;
  day: string;
  /** The toggle of the repeated-sentence marks. */
  markRepeats: string;
  /** The outline: its label and the name of the navigation landmark. */
  goToQuestion: string;
  contents: string;
  /** The button after a promise's label that looks up the registered Toezegging it may be. */
  lookUpToezegging: string;
}

// ---------------------------------------------------------------------------------------------
// The reading panel: reuse across the library and related Kamervragen

/** A link to another Kamervraag of the library. */
export interface KamervraagLink {
  key: string;
  /** "Also answered to Queeny Rajkowski on 3 May 2023, 2023Z00002". */
  text: string;
  /** The tooltip: its title, and how alike the paragraphs are. */
  title: string;
}

/** An answer paragraph that other Kamervragen' answers have too. */
export interface ParagraphReuseNote {
  /** The entry's first question number, and the paragraph's index in its answer. */
  question: number;
  paragraph: number;
  links: KamervraagLink[];
  /** "and 12 more" when not all are listed; null otherwise. */
  more: string | null;
}

export interface RelatedGroup {
  id: 'similar' | 'cites' | 'citedBy';
  heading: string;
  /** Shown when the group has no links. */
  empty: string;
  links: KamervraagLink[];
}

export interface ReaderReuse {
  paragraphs: ParagraphReuseNote[];
  /** The label of the reuse notes ("Also in other Kamervragen"), for screen readers. */
  noteLabel: string;
  related: { heading: string; groups: RelatedGroup[] };
  /** "Still indexing the library (1,234 to go)…" while the background index is not complete; null when done. */
  pending: string | null;
}

/** What the webview counted after it put the reuse notes and the related section in. */
export interface ReuseRenderSummary {
  notes: number;
  reuseLinks: number;
  relatedLinks: number;
  /** Paragraph notes whose paragraph was not found in the page. */
  misplaced: number;
  /** The keys the reuse notes and the related section link to, as the DOM has them. */
  reuseKeys: string[];
  relatedKeys: string[];
}

// ---------------------------------------------------------------------------------------------
// The reading panel: promises in answers (core/promises.ts), marked in the text with their due date

/** A promise sentence of an answer: its place in the answer's paragraphs and its label. */
export interface PromiseMark {
  /** Index into the entry's `answer` paragraphs; `start`/`end` are offsets in that paragraph's text. */
  paragraph: number;
  start: number;
  end: number;
  status: DueStatus;
  /** "Promise: due by 31 October 2023 (“voor de begrotingsbehandeling”)". */
  label: string;
}

/**
 * The registered Toezeggingen that may be a promise (extension/toezeggingen.ts), shown after its
 * label: each as a line of text, a link to the Tweede Kamer's page of it when `url` is not null;
 * `note` says why there is none.
 */
export interface ToezeggingView {
  links: Array<{ text: string; url: string | null; title: string }>;
  note: string | null;
}

/** What the webview shows of the promises after a render. */
export interface PromiseRenderSummary {
  /** Marked promise sentences (a sentence cut by another mark still counts once). */
  marks: number;
  /** The labels shown after them, in text order. */
  labels: string[];
}

function isPromiseRenderSummary(v: unknown): v is PromiseRenderSummary {
  return isRecord(v) && isCount(v['marks']) && Array.isArray(v['labels']) && v['labels'].length < 10_000
    && v['labels'].every((l) => typeof l === 'string' && l.length < 1000);
}

// ---------------------------------------------------------------------------------------------
// The reading panel: messages

export type HostToReader =
  /** The answer to `ready`: strings and data (`view` null with `error` when there is nothing to show). */
  | { type: 'init'; strings: ReaderStrings; view: ReaderView | null; error: string | null; reveal: number | null }
  /** The Kamervraag changed in the library. */
  | { type: 'update'; view: ReaderView }
  /** Scroll to the answer of question `question` (and focus its heading). */
  | { type: 'reveal'; question: number }
  /** Reuse across the library and related Kamervragen (after init/update, again when the library changes). */
  | { type: 'reuse'; reuse: ReaderReuse }
  /**
   * The answer to `lookUpToezegging` for promise `promise` (its index in the entry's `promises`) of the
   * answer to `question`; `result` null when the look-up was cancelled or failed (the host said why).
   */
  | { type: 'toezegging'; question: number; promise: number; result: ToezeggingView | null };

/** What the webview counted in its DOM after a render (tests and logs use it). */
export interface RenderSummary {
  entries: number;
  answers: number;
  repeatMarks: number;
  variantMarks: number;
  /** Links to outside addresses (documents and footnotes). */
  externalLinks: number;
  /** Footnotes shown, and those whose address is shown as text because it is not http(s). */
  footnotes: number;
  plainUrls: number;
  references: number;
  /** Elements that must never come from data: script and img elements, on* attributes, below the content root. */
  scripts: number;
  images: number;
  eventAttributes: number;
  /** Every href in the content that is neither `#…` nor http(s). */
  unsafeHrefs: number;
  /** The title as the DOM shows it (textContent of the heading). */
  title: string;
  /** Repeat notes under the answers, and those that do not name their sentence. */
  repeatNotes: number;
  unnamedRepeatNotes: number;
  /** Elements a Tab press stops at, headings (h2, h3), and questions in the outline. */
  tabStops: number;
  headings: number;
  outline: number;
  /** Labels of the timeline's deadlines. */
  deadlines: string[];
  /** Where the page is scrolled to after this render (restored after a hide, a reload or an update). */
  scrollY: number;
  promises: PromiseRenderSummary;
}

export type ReaderToHost =
  | { type: 'ready' }
  /** Open another Kamervraag of the library (a reuse or related link): only keys the host sent. */
  | { type: 'openKamervraag'; key: string }
  | { type: 'reuseRendered'; summary: ReuseRenderSummary }
  | { type: 'insertQuote'; question: number }
  | { type: 'copyCitation'; question: number }
  | { type: 'openExternal'; url: string }
  | { type: 'revealed'; question: number; scrollY?: number }
  | { type: 'markRepeats'; on: boolean }
  /** Look up the registered Toezegging that promise `promise` (an index into the entry's `promises`) may be. */
  | { type: 'lookUpToezegging'; question: number; promise: number }
  | { type: 'rendered'; summary: RenderSummary };

/** What the webview keeps with setState, and what the serializer receives after a reload. */
export interface ReaderState {
  key: string;
  /** The answer last scrolled to. */
  question?: number;
  /** The scroll position, restored when the panel is shown again. */
  scrollY?: number;
}

// ---------------------------------------------------------------------------------------------
// The statistics panel

export interface StatisticsRow {
  name: string;
  count: number;
  answered: number;
  medianDays: number | null;
  p75Days: number | null;
  p90Days: number | null;
  /** 0..1 of the answered ones; null when none is answered. */
  onTimeShare: number | null;
  open: number;
  overdue: number;
}

/** One year of a ministry or party: how many Kamervragen, and the median days to answer. */
export interface StatisticsYear {
  year: number;
  count: number;
  medianDays: number | null;
}

/** A ministry or party year by year, with the slope of its yearly medians (days a year; null: too few years). */
export interface StatisticsTrend {
  name: string;
  years: StatisticsYear[];
  trendDaysPerYear: number | null;
}

export interface StatisticsGroup {
  id: 'ministries' | 'parties';
  heading: string;
  rows: StatisticsRow[];
  /** The same ministries or parties per year, in the same order. */
  trends: StatisticsTrend[];
}

export interface StatisticsStrings {
  title: string;
  summary: string;
  empty: string;
  name: string;
  count: string;
  answered: string;
  median: string;
  p75: string;
  p90: string;
  onTime: string;
  open: string;
  overdue: string;
  days: string;
  /** "3-week deadline", "6-week deadline (after a Mededeling)". */
  deadline3: string;
  deadline6: string;
  /** Short labels under the deadline lines: "3 weeks", "6 weeks". */
  weeks3: string;
  weeks6: string;
  /** After the share at the end of a bar: "on time". */
  onTimeShort: string;
  chartCaption: string;
  tableCaption: string;
  /** The per-year table: its summary line, caption, trend column and the trend in words. */
  perYear: string;
  perYearCaption: string;
  trend: string;
  /** "{0} days a year" with the signed slope. */
  daysPerYear: string;
  faster: string;
  slower: string;
}

export type HostToStatistics = { type: 'init'; strings: StatisticsStrings; groups: StatisticsGroup[] };

export interface StatisticsSummary {
  charts: number;
  bars: number;
  tables: number;
  rows: number;
  scripts: number;
  /** Rows of the per-year tables, and the trend lines drawn in them. */
  yearRows: number;
  sparklines: number;
}

export type StatisticsToHost = { type: 'ready' } | { type: 'rendered'; summary: StatisticsSummary };

// ---------------------------------------------------------------------------------------------
// Guards for what arrives from a webview (never trust it: a webview is a web page).

const MAX_URL = 4096;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isQuestionNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 10_000;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000_000;
}

const SUMMARY_COUNTS = [
  'entries', 'answers', 'repeatMarks', 'variantMarks', 'externalLinks', 'footnotes', 'plainUrls', 'references', 'scripts', 'images',
  'eventAttributes', 'unsafeHrefs', 'repeatNotes', 'unnamedRepeatNotes', 'tabStops', 'headings', 'outline', 'scrollY',
] as const;

function isRenderSummary(v: unknown): v is RenderSummary {
  return isRecord(v) && SUMMARY_COUNTS.every((k) => isCount(v[k])) && typeof v['title'] === 'string' && v['title'].length < 100_000
    && Array.isArray(v['deadlines']) && v['deadlines'].length < 10 && v['deadlines'].every((d) => typeof d === 'string' && d.length < 200)
    && isPromiseRenderSummary(v['promises']);
}

/** The message if it is one the reading panel may send, else undefined. */
export function readerMessage(v: unknown): ReaderToHost | undefined {
  if (!isRecord(v)) return undefined;
  switch (v['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'insertQuote':
    case 'copyCitation':
      return isQuestionNumber(v['question']) ? { type: v['type'], question: v['question'] } : undefined;
    case 'revealed':
      if (!isQuestionNumber(v['question'])) return undefined;
      return isCount(v['scrollY']) ? { type: 'revealed', question: v['question'], scrollY: v['scrollY'] } : { type: 'revealed', question: v['question'] };
    case 'markRepeats':
      return typeof v['on'] === 'boolean' ? { type: 'markRepeats', on: v['on'] } : undefined;
    case 'lookUpToezegging':
      return isQuestionNumber(v['question']) && isCount(v['promise']) && v['promise'] < 1000
        ? { type: 'lookUpToezegging', question: v['question'], promise: v['promise'] }
        : undefined;
    case 'openExternal':
      return typeof v['url'] === 'string' && v['url'].length <= MAX_URL ? { type: 'openExternal', url: v['url'] } : undefined;
    case 'rendered':
      return isRenderSummary(v['summary']) ? { type: 'rendered', summary: v['summary'] } : undefined;
    case 'openKamervraag':
      return typeof v['key'] === 'string' && KEY.test(v['key']) ? { type: 'openKamervraag', key: v['key'] } : undefined;
    case 'reuseRendered':
      return isReuseSummary(v['summary']) ? { type: 'reuseRendered', summary: v['summary'] } : undefined;
    default:
      return undefined;
  }
}

function isKeyList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length <= 1000 && v.every((k) => typeof k === 'string' && KEY.test(k));
}

function isReuseSummary(v: unknown): v is ReuseRenderSummary {
  return isRecord(v) && ['notes', 'reuseLinks', 'relatedLinks', 'misplaced'].every((k) => isCount(v[k]))
    && isKeyList(v['reuseKeys']) && isKeyList(v['relatedKeys']);
}

/** The message if it is one the statistics panel may send, else undefined. */
export function statisticsMessage(v: unknown): StatisticsToHost | undefined {
  if (!isRecord(v)) return undefined;
  if (v['type'] === 'ready') return { type: 'ready' };
  const s = v['summary'];
  if (v['type'] === 'rendered' && isRecord(s) && ['charts', 'bars', 'tables', 'rows', 'scripts', 'yearRows', 'sparklines'].every((k) => isCount(s[k]))) {
    return { type: 'rendered', summary: s as unknown as StatisticsSummary };
  }
  return undefined;
}

/** Library keys: zaaknummers and document ids (letters, digits, - _ .). */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The reading panel's saved state if it is well formed, else undefined. */
export function readerState(v: unknown): ReaderState | undefined {
  if (!isRecord(v) || typeof v['key'] !== 'string' || !KEY.test(v['key'])) return undefined;
  const state: ReaderState = { key: v['key'] };
  if (isQuestionNumber(v['question'])) state.question = v['question'];
  if (isCount(v['scrollY'])) state.scrollY = v['scrollY'];
  return state;
}

// ---------------------------------------------------------------------------------------------
// The reuse report panel

export interface ReuseReportStrings {
  title: string;
  summary: string;
  exportCsv: string;
  ministries: string;
  ministry: string;
  answers: string;
  withReuse: string;
  share: string;
  paragraphs: string;
  kamervragen: string;
  period: string;
  text: string;
  empty: string;
  /** Caption of the paragraphs table. */
  occursIn: string;
}

export interface ReuseReportView {
  ministries: Array<{ ministry: string; answers: number; withReuse: number; share: number }>;
  paragraphs: Array<{ text: string; count: number; period: string; ministries: string; links: KamervraagLink[] }>;
}

export type HostToReuseReport = { type: 'init'; strings: ReuseReportStrings; view: ReuseReportView };

export interface ReuseReportSummary {
  rows: number;
  paragraphs: number;
  links: number;
  scripts: number;
}

export type ReuseReportToHost =
  | { type: 'ready' }
  | { type: 'exportCsv' }
  | { type: 'openKamervraag'; key: string }
  | { type: 'rendered'; summary: ReuseReportSummary };

/** The message if it is one the reuse report may send, else undefined. */
export function reuseReportMessage(v: unknown): ReuseReportToHost | undefined {
  if (!isRecord(v)) return undefined;
  switch (v['type']) {
    case 'ready':
    case 'exportCsv':
      return { type: v['type'] };
    case 'openKamervraag':
      return typeof v['key'] === 'string' && KEY.test(v['key']) ? { type: 'openKamervraag', key: v['key'] } : undefined;
    case 'rendered': {
      const s = v['summary'];
      return isRecord(s) && ['rows', 'paragraphs', 'links', 'scripts'].every((k) => isCount(s[k]))
        ? { type: 'rendered', summary: { rows: s['rows'] as number, paragraphs: s['paragraphs'] as number, links: s['links'] as number, scripts: s['scripts'] as number } }
        : undefined;
    }
    default:
      return undefined;
  }
}
