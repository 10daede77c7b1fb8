/// <reference lib="dom" />
/**
 * The reading panel's script. It says `ready`, receives the Kamervraag as data and builds the page
 * with createElement and textContent only. Links are real <a href> elements (keyboard reachable);
 * their clicks are handled here: "#entry-N" scrolls to an answer, outside addresses are handed to
 * the host, which checks them again before it opens anything.
 */
import type {
  HostToReader, ReaderEntry, ReaderFootnote, ReaderState, ReaderStrings, ReaderTimeline, ReaderView, RenderSummary, RepeatNote,
} from '../shared/webviewProtocol';
import { append, dangerCounts, el, replaceChildren, vscodeApi } from './dom';
import { applyReuse, onKamervraagLink } from './panelReuse';
import { markPromises, promiseSummary, showToezegging } from './promiseMarks';

const vscode = vscodeApi<ReaderState>();
const app = document.getElementById('app')!;
let strings: ReaderStrings | undefined;
let current: ReaderView | null = null;

function t(key: keyof ReaderStrings): string {
  return strings?.[key] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Rendering

function render(view: ReaderView): void {
  replaceChildren(app, header(view), timelineSection(view.timeline), entriesSection(view));
  applyReuse(app, vscode);
  app.setAttribute('aria-busy', 'false');
}

function renderError(message: string): void {
  replaceChildren(app, el('p', 'error', message));
  app.setAttribute('aria-busy', 'false');
}

function header(view: ReaderView): HTMLElement {
  const facts = el('dl', 'facts');
  for (const f of view.facts) append(facts, el('dt', null, f.label), el('dd', null, f.value));
  const docs = el('ul', 'documents');
  for (const d of view.documents) {
    const label = `${d.label}: ${d.id}`;
    append(docs, el('li', null, d.url ? externalLink(d.url, label) : el('span', null, label), d.date ? el('span', 'muted', ` · ${d.date}`) : null));
  }
  const remarks = view.remarks.length > 0 ? el('section', 'remarks', el('h2', null, t('remarks')), ...view.remarks.map((r) => el('p', null, r))) : null;
  return el('header', 'card',
    el('h1', 'title', view.title),
    el('p', 'subtitle muted', view.subtitle),
    el('p', `status status-${view.status}`, el('span', 'badge', view.statusText)),
    view.saved ? el('p', 'saved muted', view.saved) : null,
    facts,
    view.documents.length > 0 ? el('section', 'docs', el('h2', null, t('documents')), docs) : null,
    remarks,
  );
}

function externalLink(url: string, text: string): HTMLAnchorElement {
  const a = el('a', 'external', text);
  a.href = url;
  a.dataset['external'] = 'true';
  a.title = url;
  return a;
}

function timelineSection(timeline: ReaderTimeline | null): HTMLElement {
  const section = el('section', 'timeline', el('h2', null, t('timeline')));
  if (!timeline) {
    append(section, el('p', 'muted', t('timelineEmpty')));
    return section;
  }
  const span = timeline.span * 1.04;
  // Inset by 8px on both sides, so the marks at the ends show whole.
  const at = (day: number): string => `calc(8px + (100% - 16px) * ${Math.max(0, Math.min(1, day / span)).toFixed(4)})`;
  const track = el('div', 'track');
  track.setAttribute('aria-hidden', 'true');
  const inForce = timeline.events.find((e) => e.kind === 'deadline' && e.inForce);
  if (inForce) {
    const ok = el('div', 'zone zone-ok');
    ok.style.width = at(inForce.day);
    const late = el('div', 'zone zone-late');
    late.style.left = at(inForce.day);
    append(track, ok, late);
  }
  const end = timeline.events.find((e) => e.kind === 'answered') ?? timeline.events.find((e) => e.kind === 'today');
  if (end) {
    const progress = el('div', `progress progress-${end.kind}`);
    progress.style.width = at(end.day);
    append(track, progress);
  }
  for (const e of timeline.events) {
    const mark = el('div', `mark mark-${e.kind}${e.inForce ? ' in-force' : ''}`);
    mark.style.left = at(e.day);
    mark.title = `${e.date} · ${e.label}`;
    append(track, mark);
  }
  const list = el('ol', 'events');
  for (const e of timeline.events) {
    append(list, el('li', `event event-${e.kind}${e.inForce ? ' in-force' : ''}`,
      el('span', 'event-date', e.date),
      el('span', 'event-label', e.label),
      el('span', 'event-day muted', `${t('day')} ${e.day}`)));
  }
  append(section, track, list);
  return section;
}

function entriesSection(view: ReaderView): HTMLElement {
  const section = el('section', 'entries', el('h2', null, t('questionsAndAnswers')), toolbar(view));
  const notes = view.entries.flatMap((e) => e.repeats);
  if (notes.length > 0) {
    // The legend is written in the marking it explains.
    append(section, el('p', 'legend',
      notes.some((n) => !n.variant) ? el('mark', 'repeat sample', t('repeatLegend')) : null,
      notes.some((n) => n.variant) ? el('mark', 'repeat variant sample', t('variantLegend')) : null));
  }
  for (const entry of view.entries) append(section, entryArticle(entry));
  return section;
}

/**
 * The outline (one Tab stop: a list of the questions, Enter or a click goes there) and the toggle
 * of the repeated-sentence marks (only when the answers repeat themselves).
 */
function toolbar(view: ReaderView): HTMLElement {
  const bar = el('nav', 'toolbar');
  bar.setAttribute('aria-label', t('contents'));
  if (view.entries.length > 1) {
    const select = el('select', 'outline');
    select.id = 'outline';
    append(select, el('option', null, `${t('goToQuestion')}…`));
    (select.firstChild as HTMLOptionElement).value = '';
    for (const e of view.entries) {
      const option = el('option', null, `${e.heading} — ${firstWords(e.question[0] ?? '', 10)}`);
      option.value = String(e.numbers[0]);
      append(select, option);
    }
    // Jump when the choice is made (change fires on Enter or a click, and on arrow keys in a closed list).
    select.addEventListener('change', () => {
      const n = Number(select.value);
      select.value = '';
      if (n > 0) reveal(n, true);
    });
    const label = el('label', 'visually-hidden', t('goToQuestion'));
    label.htmlFor = select.id;
    append(bar, label, select);
  }
  if (view.repeats.count > 0) {
    const toggle = el('button', 'toggle', `${t('markRepeats')} (${view.repeats.count})`);
    toggle.type = 'button';
    toggle.setAttribute('aria-pressed', String(view.repeats.shown));
    toggle.addEventListener('click', () => vscode.postMessage({ type: 'markRepeats', on: !view.repeats.shown }));
    append(bar, toggle);
  }
  return bar;
}

function firstWords(text: string, n: number): string {
  const words = text.split(/\s+/);
  return words.length > n ? `${words.slice(0, n).join(' ')}…` : text;
}

function entryId(n: number): string {
  return `entry-${n}`;
}

function answerLink(n: number, text: string): HTMLAnchorElement {
  const a = el('a', 'internal', text);
  a.href = `#${entryId(n)}`;
  a.dataset['question'] = String(n);
  return a;
}

function entryArticle(entry: ReaderEntry): HTMLElement {
  const first = entry.numbers[0]!;
  const heading = el('h3', null, entry.heading);
  heading.tabIndex = -1;
  const article = el('article', 'entry', heading);
  article.id = entryId(first);
  article.dataset['numbers'] = entry.numbers.join(',');

  const question = el('div', 'question', el('h4', 'visually-hidden', t('question')), ...entry.question.map((p) => el('p', null, p)));
  append(question, footnotes(entry.questionNotes));
  append(article, question);

  const answer = el('div', 'answer', el('h4', 'part-label', t('answer')));
  if (entry.answer === null) {
    append(answer, el('p', 'muted no-answer', t('noAnswer')));
  } else {
    const text = el('div', 'answer-text');
    for (const paragraph of entry.answer) {
      const p = el('p');
      for (const run of paragraph) {
        const note = run.repeat === null ? undefined : entry.repeats[run.repeat];
        if (!note) {
          append(p, run.text);
          continue;
        }
        const mark = el('mark', note.variant ? 'repeat variant' : 'repeat', run.text);
        mark.title = note.title;
        mark.setAttribute('aria-describedby', repeatNoteId(first, run.repeat!));
        append(p, mark);
      }
      append(text, p);
    }
    markPromises(text, entry.promises, first, {
      label: t('lookUpToezegging'),
      ask: (question, promise) => vscode.postMessage({ type: 'lookUpToezegging', question, promise }),
    });
    append(answer, text, repeatNotes(first, entry.repeats), references(entry), footnotes(entry.answerNotes));
    const insert = el('button', 'primary', t('insertQuote'));
    insert.type = 'button';
    insert.addEventListener('click', () => vscode.postMessage({ type: 'insertQuote', question: first }));
    const copy = el('button', 'secondary', t('copyCitation'));
    copy.type = 'button';
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copyCitation', question: first }));
    append(answer, el('div', 'actions', insert, copy));
  }
  append(article, answer);
  return article;
}

function repeatNoteId(entry: number, index: number): string {
  return `repeat-${entry}-${index}`;
}

function repeatNotes(entry: number, notes: readonly RepeatNote[]): HTMLElement | null {
  if (notes.length === 0) return null;
  const list = el('ul', 'repeat-notes');
  notes.forEach((note, i) => {
    // Which sentence, then where else: "“Het kabinet heeft…” also in answer 8, 11".
    const item = el('li', note.variant ? 'repeat-note variant' : 'repeat-note', el('q', 'repeat-sentence', note.sentence), ` ${note.label} `);
    item.id = repeatNoteId(entry, i);
    note.others.forEach((n, j) => append(item, j > 0 ? ', ' : null, answerLink(n, String(n))));
    append(list, item);
  });
  return el('aside', 'repeats', list);
}

function references(entry: ReaderEntry): HTMLElement | null {
  if (entry.references.length === 0) return null;
  const box = el('div', 'references');
  for (const ref of entry.references) {
    const details = el('details', 'reference-inline', el('summary', null, t('showAnswerHere')));
    if (ref.answer) append(details, el('blockquote', null, ...ref.answer.map((p) => el('p', null, p))));
    else append(details, el('p', 'muted', t('noAnswer')));
    append(box, el('div', 'reference', answerLink(ref.question, ref.label), details));
  }
  return box;
}

function footnotes(notes: readonly ReaderFootnote[]): HTMLElement | null {
  if (notes.length === 0) return null;
  const list = el('ol', 'footnotes');
  for (const f of notes) {
    const item = el('li', 'footnote', el('span', 'footnote-number', `${f.number}`), ' ', f.text);
    item.value = f.number;
    if (f.url) append(item, ' ', externalLink(f.url, f.url));
    else if (f.plainUrl) append(item, ' ', el('span', 'plain-url', f.plainUrl));
    append(list, item);
  }
  return el('div', 'notes', el('h5', 'part-label', t('footnotes')), list);
}

// ---------------------------------------------------------------------------------------------
// Navigation and state

/** Scroll to the entry that holds question `n`; focus its heading when asked (keyboard users). */
function reveal(n: number, focus: boolean): boolean {
  const target = Array.from(document.querySelectorAll<HTMLElement>('article.entry'))
    .find((a) => (a.dataset['numbers'] ?? '').split(',').includes(String(n)));
  if (!target) return false;
  target.scrollIntoView({ block: 'start' });
  if (focus) target.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
  target.classList.add('flash');
  setTimeout(() => target.classList.remove('flash'), 1200);
  saveState(n);
  vscode.postMessage({ type: 'revealed', question: n, scrollY: Math.round(window.scrollY) });
  return true;
}

function saveState(question?: number): void {
  if (!current) return;
  const state: ReaderState = { key: current.key, scrollY: Math.round(window.scrollY) };
  if (question !== undefined) state.question = question;
  vscode.setState(state);
}

/** The first entry whose top is in view: what a reload scrolls back to. */
function visibleQuestion(): number | undefined {
  for (const a of Array.from(document.querySelectorAll<HTMLElement>('article.entry'))) {
    if (a.getBoundingClientRect().bottom > 0) return Number((a.dataset['numbers'] ?? '').split(',')[0]) || undefined;
  }
  return undefined;
}

let scrollPending = false;
window.addEventListener('scroll', () => {
  if (scrollPending) return;
  scrollPending = true;
  requestAnimationFrame(() => {
    scrollPending = false;
    saveState(visibleQuestion());
  });
}, { passive: true });

/** Every link click (mouse, Enter) is ours: nothing navigates the webview or reaches VS Code's own handler. */
function onLink(event: MouseEvent): void {
  const a = (event.target as Element | null)?.closest?.('a');
  if (!a) return;
  event.preventDefault();
  event.stopPropagation();
  if (event.type === 'auxclick' && event.button !== 1) return;
  const question = a.dataset['question'];
  if (question) {
    reveal(Number(question), true);
    return;
  }
  if (a.dataset['external'] === 'true') vscode.postMessage({ type: 'openExternal', url: a.getAttribute('href') ?? '' });
}
document.addEventListener('click', onLink);
document.addEventListener('auxclick', onLink);
document.addEventListener('click', (e) => onKamervraagLink(e, vscode));
document.addEventListener('auxclick', (e) => onKamervraagLink(e, vscode));

// ---------------------------------------------------------------------------------------------
// Messages

function summary(): RenderSummary {
  const count = (selector: string): number => app.querySelectorAll(selector).length;
  const unsafeHrefs = Array.from(app.querySelectorAll('a')).filter((a) => {
    const href = a.getAttribute('href') ?? '';
    return !href.startsWith('#') && !/^https?:\/\//i.test(href);
  }).length;
  const notes = Array.from(app.querySelectorAll('.repeat-note'));
  const focusable = Array.from(app.querySelectorAll<HTMLElement>('a[href], button, select, input, textarea, summary, [tabindex]'))
    .filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled);
  return {
    repeatNotes: notes.length,
    unnamedRepeatNotes: notes.filter((n) => !n.querySelector('q.repeat-sentence')?.textContent?.trim()).length,
    tabStops: focusable.length,
    headings: count('h2, h3'),
    outline: count('select.outline option[value]:not([value=""])'),
    deadlines: Array.from(app.querySelectorAll('.event-deadline .event-label')).map((e) => e.textContent ?? ''),
    scrollY: Math.max(0, Math.round(window.scrollY)),
    entries: count('article.entry'),
    answers: count('.answer-text'),
    repeatMarks: count('mark.repeat:not(.variant):not(.sample)'),
    variantMarks: count('mark.repeat.variant:not(.sample)'),
    externalLinks: count('a[data-external]'),
    footnotes: count('li.footnote'),
    plainUrls: count('.plain-url'),
    references: count('.reference'),
    ...dangerCounts(app),
    unsafeHrefs,
    title: app.querySelector('h1')?.textContent ?? '',
    promises: promiseSummary(app),
  };
}

window.addEventListener('message', (event: MessageEvent<HostToReader>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'init': {
      strings = message.strings;
      current = message.view;
      if (message.view) render(message.view);
      else renderError(message.error ?? '');
      // Where the reader was: the question asked for, else the exact scroll position kept in the state
      // (after a hide, another tab, a reload), else the answer last read.
      const saved = vscode.getState();
      if (message.view) {
        if (message.reveal !== null) reveal(message.reveal, true);
        else if (saved?.scrollY !== undefined) window.scrollTo(0, saved.scrollY);
        else if (saved?.question !== undefined) document.getElementById(entryId(saved.question))?.scrollIntoView({ block: 'start' });
        saveState(message.reveal ?? saved?.question);
      }
      vscode.postMessage({ type: 'rendered', summary: summary() });
      break;
    }
    case 'update': {
      const keep = window.scrollY;
      current = message.view;
      render(message.view);
      window.scrollTo(0, keep);
      vscode.postMessage({ type: 'rendered', summary: summary() });
      break;
    }
    case 'reveal':
      reveal(message.question, true);
      break;
    case 'reuse':
      applyReuse(app, vscode, message.reuse);
      break;
    case 'toezegging':
      showToezegging(app, message.question, message.promise, message.result, externalLink);
      break;
  }
});

append(app, el('p', 'muted', '…'));
vscode.postMessage({ type: 'ready' });
