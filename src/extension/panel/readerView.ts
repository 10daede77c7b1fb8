/**
 * The reading panel's data: a Kamervraag turned into what the webview shows, with every label
 * localised here (the webview has no l10n of its own) and every address checked: only http(s)
 * addresses become links, anything else is sent as text.
 */
import * as vscode from 'vscode';
import type { Entry, Kamervraag, KamervraagHead, Notice } from '../../core/model';
import { ANSWER_DAYS, ANSWER_DAYS_AFTER_UITSTEL, entryFor } from '../../core/kamervraag';
import { findRepeatedSentences, type RepeatedSentence } from '../../core/repeats';
import { addDays, daysBetween, paragraphsOf } from '../../core/text';
import type {
  ReaderDocument, ReaderEntry, ReaderFact, ReaderFootnote, ReaderReference, ReaderStrings, ReaderTimeline, ReaderView, RepeatNote,
  TextRun, TimelineEvent,
} from '../../shared/webviewProtocol';
import { externalUrl } from './webviewHtml';
import { peopleLabel } from '../../core/people';
import { displayDate } from '../dates';
import { promiseMarks } from './promiseMarks';

export function readerStrings(): ReaderStrings {
  return {
    documents: vscode.l10n.t('Official documents'),
    timeline: vscode.l10n.t('Timeline'),
    timelineEmpty: vscode.l10n.t('No submission date is known, so there is no timeline.'),
    questionsAndAnswers: vscode.l10n.t('Questions and answers'),
    question: vscode.l10n.t('Question'),
    answer: vscode.l10n.t('Answer'),
    noAnswer: vscode.l10n.t('(no answer yet)'),
    insertQuote: vscode.l10n.t('Insert as Quote'),
    copyCitation: vscode.l10n.t('Copy Citation'),
    footnotes: vscode.l10n.t('Notes'),
    showAnswerHere: vscode.l10n.t('Show that answer here'),
    repeatLegend: vscode.l10n.t('Sentences marked like this appear word for word in another answer too.'),
    variantLegend: vscode.l10n.t('Sentences marked like this appear in nearly the same words in another answer.'),
    remarks: vscode.l10n.t('Remarks'),
    day: vscode.l10n.t('day'),
    markRepeats: vscode.l10n.t('Mark repeated sentences'),
    goToQuestion: vscode.l10n.t('Go to question'),
    contents: vscode.l10n.t('Contents'),
    lookUpToezegging: vscode.l10n.t('Registered Toezegging?'),
  };
}

/** "2023Z11786 · Het bericht ‘België verbiedt…’", short enough for a tab. */
export function panelTitle(kv: KamervraagHead, key: string): string {
  const title = kv.title.trim();
  const short = title.length > 40 ? `${title.slice(0, 39).trimEnd()}…` : title;
  return short ? `${kv.zaak ?? key} · ${short}` : (kv.zaak ?? key);
}

const formatDate = displayDate;

export interface ReaderOptions {
  /** Mark sentences repeated across answers (setting `kamervragen.reader.markRepeats`). */
  markRepeats: boolean;
  /** When the library's copy was fetched (ISO time; null: read from a file), for the "saved copy" line. */
  fetchedAt?: string | null;
  savedAt?: string;
}

export function buildReaderView(kv: Kamervraag, key: string, today: string, options: ReaderOptions = { markRepeats: false }): ReaderView {
  let repeated: RepeatedSentence[] = [];
  try {
    repeated = findRepeatedSentences(kv);
  } catch {
    // Marking repeats is an extra; the text shows without it.
  }
  const shown = options.markRepeats ? repeated : [];
  return {
    key,
    title: kv.title || kv.zaak || key,
    subtitle: [kv.zaak ?? key, kv.house === 'ek' ? vscode.l10n.t('Eerste Kamer') : vscode.l10n.t('Tweede Kamer'), kv.vergaderjaar].filter(Boolean).join(' · '),
    status: kv.status,
    statusText: statusText(kv, today),
    facts: facts(kv),
    documents: documents(kv),
    remarks: kv.remarks,
    timeline: timeline(kv, today),
    entries: kv.entries.map((e) => ({ ...entryView(kv, e, shown), promises: promiseMarks(kv, e, today) })),
    repeats: { shown: options.markRepeats, count: repeated.length },
    saved: savedLine(options),
  };
}

/** "Saved in your library on 24 June 2023": the copy shown may have changed at the source since. */
function savedLine(options: ReaderOptions): string | null {
  if (options.fetchedAt) return vscode.l10n.t('Your library\'s copy, fetched on {0}. Run Refresh to check for changes.', formatDate(options.fetchedAt.slice(0, 10)));
  if (options.savedAt) return vscode.l10n.t('Your library\'s copy, read from a file on {0}.', formatDate(options.savedAt.slice(0, 10)));
  return null;
}

function statusText(kv: Kamervraag, today: string): string {
  const deadline = kv.deadline ? formatDate(kv.deadline) : '?';
  switch (kv.status) {
    case 'withdrawn':
      return vscode.l10n.t('Withdrawn');
    case 'answered-on-time':
      return kv.daysToAnswer !== null
        ? vscode.l10n.t('Answered on time, after {0} days (deadline {1})', kv.daysToAnswer, deadline)
        : vscode.l10n.t('Answered on time');
    case 'answered-late': {
      const late = kv.answered && kv.deadline ? daysBetween(kv.deadline, kv.answered) : null;
      return kv.daysToAnswer !== null && late !== null
        ? vscode.l10n.t('Answered late, after {0} days: {1} days after the deadline ({2})', kv.daysToAnswer, late, deadline)
        : vscode.l10n.t('Answered late');
    }
    case 'answered-date-unknown':
      return vscode.l10n.t('Answered, but the source gives no date of the answer');
    case 'overdue': {
      const over = kv.deadline ? daysBetween(kv.deadline, today) : null;
      return over !== null ? vscode.l10n.t('Not answered: {0} days past the deadline ({1})', over, deadline) : vscode.l10n.t('Not answered, past the deadline');
    }
    case 'open': {
      const left = kv.deadline ? daysBetween(today, kv.deadline) : null;
      return left !== null ? vscode.l10n.t('Not answered yet: due {0} ({1} days left)', deadline, left) : vscode.l10n.t('Not answered yet');
    }
  }
}

function facts(kv: Kamervraag): ReaderFact[] {
  const list: Array<[string, string]> = [
    [vscode.l10n.t('Submitted by'), peopleLabel(kv.submitters)],
    [vscode.l10n.t('Addressed to'), kv.addressees.map((a) => (a.name ? `${a.name} (${a.role})` : a.role)).join(', ')],
    [vscode.l10n.t('Answered by'), kv.answeredBy.map((a) => {
      const detail = [a.role, a.party].filter(Boolean).join(', ');
      const who = detail ? `${a.name} (${detail})` : a.name;
      return a.onBehalfOf && a.onBehalfOf.length > 0 ? vscode.l10n.t('{0}, on behalf of {1}', who, a.onBehalfOf.join(', ')) : who;
    }).join(', ')],
    [vscode.l10n.t('Submitted'), kv.submitted ? formatDate(kv.submitted) : ''],
    [vscode.l10n.t('Answered'), kv.answered ? formatDate(kv.answered) : ''],
    [vscode.l10n.t('Topics'), kv.topics.join(', ')],
  ];
  return list.filter(([, value]) => value.length > 0).map(([label, value]) => ({ label, value }));
}

function documents(kv: Kamervraag): ReaderDocument[] {
  const label = (kind: Kamervraag['documents'][number]['kind']): string => {
    switch (kind) {
      case 'questions': return vscode.l10n.t('Questions');
      case 'answer': return vscode.l10n.t('Answer');
      case 'further-answer': return vscode.l10n.t('Further answer');
      case 'notice': return vscode.l10n.t('Mededeling');
      case 'related': return vscode.l10n.t('Earlier publication');
    }
  };
  return kv.documents.map((d) => ({ label: label(d.kind), id: d.id, date: d.date ? formatDate(d.date) : null, url: externalUrl(d.url) }));
}

function noticeLabel(n: Notice): string {
  switch (n.kind) {
    case 'uitstel': return vscode.l10n.t('Mededeling: the answer will be late');
    case 'withdrawn': return vscode.l10n.t('Withdrawn');
    case 'other': return vscode.l10n.t('Mededeling');
  }
}

/** The events of the Kamervraag against the 3- and 6-week deadlines, in days after submission. */
function timeline(kv: Kamervraag, today: string): ReaderTimeline | null {
  const start = kv.submitted;
  if (!start) return null;
  const uitstel = kv.notices.some((n) => n.kind === 'uitstel');
  const event = (kind: TimelineEvent['kind'], date: string, label: string, inForce = false): TimelineEvent =>
    ({ kind, day: daysBetween(start, date), date: formatDate(date), label, inForce });
  // Only the deadlines that apply: the six weeks only after an uitstel-Mededeling.
  const events: TimelineEvent[] = [
    event('submitted', start, vscode.l10n.t('Submitted')),
    event('deadline', addDays(start, ANSWER_DAYS), vscode.l10n.t('Deadline: 3 weeks'), !uitstel),
  ];
  if (uitstel) events.push(event('deadline', addDays(start, ANSWER_DAYS_AFTER_UITSTEL), vscode.l10n.t('Deadline after a Mededeling: 6 weeks'), true));
  for (const n of kv.notices) if (n.date) events.push(event('notice', n.date, noticeLabel(n)));
  if (kv.answered) events.push(event('answered', kv.answered, kv.daysToAnswer !== null ? vscode.l10n.t('Answered after {0} days', kv.daysToAnswer) : vscode.l10n.t('Answered')));
  for (const d of kv.documents) if (d.kind === 'further-answer' && d.date) events.push(event('further-answer', d.date, vscode.l10n.t('Further answer')));
  if (!kv.answered && kv.status !== 'withdrawn' && today >= start) events.push(event('today', today, vscode.l10n.t('Today, day {0}', daysBetween(start, today))));
  events.sort((a, b) => a.day - b.day);
  const span = Math.max(uitstel ? ANSWER_DAYS_AFTER_UITSTEL : ANSWER_DAYS, ...events.map((e) => e.day));
  return { span, events };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function footnoteView(f: Entry['footnotes'][number]): ReaderFootnote {
  const url = externalUrl(f.url);
  return { number: f.number, text: f.text || (f.document ?? ''), url, plainUrl: url === null && f.url ? f.url : null };
}

function entryView(kv: Kamervraag, entry: Entry, repeated: readonly RepeatedSentence[]): Omit<ReaderEntry, 'promises'> {
  const heading = entry.numbers.length > 1 ? vscode.l10n.t('Questions {0}', entry.numbers.join(', ')) : vscode.l10n.t('Question {0}', entry.numbers[0] ?? '');
  const repeats: RepeatNote[] = [];
  // Spans of repeated sentences in this entry's answer, by paragraph.
  const spans = new Map<number, Array<{ start: number; end: number; note: number }>>();
  for (const sentence of repeated) {
    const mine = sentence.occurrences.filter((o) => sameNumbers(o.numbers, entry.numbers));
    if (mine.length === 0) continue;
    const others = [...new Set(sentence.occurrences.filter((o) => !sameNumbers(o.numbers, entry.numbers)).map((o) => o.numbers[0]!))].sort((a, b) => a - b);
    if (others.length === 0) continue;
    const list = others.join(', ');
    const quoted = sentenceStart(sentence.text);
    const note: RepeatNote = sentence.variant
      ? { variant: true, sentence: quoted, label: vscode.l10n.t('similar in answer'), others, title: vscode.l10n.t('Similar wording in answer {0}', list) }
      : { variant: false, sentence: quoted, label: vscode.l10n.t('also in answer'), others, title: vscode.l10n.t('Also in answer {0}', list) };
    const index = repeats.push(note) - 1;
    for (const o of mine) {
      const at = spans.get(o.paragraph) ?? [];
      at.push({ start: o.start, end: o.end, note: index });
      spans.set(o.paragraph, at);
    }
  }
  const answer = entry.answer === null ? null : paragraphsOf(entry.answer).map((p, i) => runsOf(p, spans.get(i) ?? []));
  const references: ReaderReference[] = entry.refersTo.filter((n) => !entry.numbers.includes(n)).map((n) => {
    const target = entryFor(kv, n);
    return { question: n, label: vscode.l10n.t('See the answer to question {0}', n), answer: target?.answer ? paragraphsOf(target.answer) : null };
  });
  return {
    numbers: entry.numbers,
    heading,
    question: paragraphsOf(entry.question),
    answer,
    repeats,
    references,
    questionNotes: entry.footnotes.filter((f) => f.in === 'question' && (f.text || f.url || f.document)).map(footnoteView),
    answerNotes: entry.footnotes.filter((f) => f.in === 'answer' && (f.text || f.url || f.document)).map(footnoteView),
  };
}

/** The first words of a sentence, whole words only: enough to recognise it in the answer. */
export function sentenceStart(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return `${flat.slice(0, cut > max / 2 ? cut : max).replace(/[\s,;:]+$/, '')}…`;
}

/** A paragraph cut into plain and marked runs; overlapping or out-of-range spans are skipped. */
function runsOf(paragraph: string, spans: Array<{ start: number; end: number; note: number }>): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.end <= s.start || s.end > paragraph.length) continue;
    if (s.start > at) runs.push({ text: paragraph.slice(at, s.start), repeat: null });
    runs.push({ text: paragraph.slice(s.start, s.end), repeat: s.note });
    at = s.end;
  }
  if (at < paragraph.length || runs.length === 0) runs.push({ text: paragraph.slice(at), repeat: null });
  return runs;
}
