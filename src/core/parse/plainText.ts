/**
 * Plain text, in two shapes:
 *
 * 1. The text export (../shared/seeds/kamervraag-2023Z11786.txt): a "Kamervraag 2023Z11786" first
 *    line, the title, labelled metadata lines (Ingediend, Beantwoord, Indieners, Beantwoord door,
 *    Onderwerpen, Bron vraag, Bron antwoord), "• Vraag N" blocks (question, blank line, answer),
 *    "• Mededeling - 3 juli 2023" blocks and a trailer with the document numbers.
 * 2. Text as copied from an official page: the "Vragen van het lid … (ingezonden …)" and
 *    "Antwoord van Minister … (ontvangen …)" sentences, "Vraag 1" / "Antwoord 1" labels, and
 *    footnotes under a "Noten" line or as numbered lines after the last answer.
 *
 * In both, a footnote mark glued to the end of a sentence ("…niet»?1") becomes a footnote reference.
 */
import type { Addressee, Answerer, DocumentRef, Entry, Footnote, KamervraagDraft, Notice } from '../model';
import { ParseError } from '../model';
import { findCrossReferences } from '../crossrefs';
import { publicationUrl } from '../ids';
import { dutchDate, joinParagraphs, numbersIn, squash } from '../text';
import { splitTopicLine } from '../topics';
import { isAnswerHeading, isQuestionHeading, parseAnswerHeading, parseAddressees, parseQuestionHeading, parseSubmitters } from './headings';

const EXPORT_FIRST_LINE = /^\s*Kamervraag\s+(\d{4}Z\d{5}|\d{9,10})\s*$/i;
const LABEL = /^\s*(?:[•*-]\s*)?(Vra(?:ag|gen)|Antwoord(?:en)?)\s+(\d+(?:\s*(?:,|en|t\/m|tot en met|-|–)\s*\d+)*)\s*[:.]?\s*$/i;
const NOTICE_LABEL = /^\s*(?:[•*-]\s*)?Mededeling\b\s*(?:[-–:]\s*(.*))?$/i;
const DOC_ID = /\b((?:kv|ah)-(?:tk|ek)-[\w-]+|kv-\d{10})\b/i;

/** True when the text looks like the plain-text export. */
export function isTextExport(text: string): boolean {
  return EXPORT_FIRST_LINE.test(firstLine(text));
}

/** True when the text looks like Kamervragen copied from a page (a heading or "Vraag 1" label). */
export function isPageText(text: string): boolean {
  const lines = text.split(/\r?\n/);
  return lines.some((l) => isQuestionHeading(l)) || lines.some((l) => /^\s*Vraag\s+1\s*[:.]?\s*$/i.test(l));
}

export function parsePlainText(text: string): KamervraagDraft {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return isTextExport(text) ? parseExport(lines) : parsePage(lines);
}

// ---------------------------------------------------------------------------------------------
// The export

function parseExport(lines: string[]): KamervraagDraft {
  const zaak = EXPORT_FIRST_LINE.exec(lines[0] ?? '')?.[1];
  const draft: KamervraagDraft = { zaak, house: 'tk' };
  const documents: DocumentRef[] = [];
  const bodyStart = lines.findIndex((l) => LABEL.test(l) || NOTICE_LABEL.test(l));
  const header = lines.slice(1, bodyStart < 0 ? lines.length : bodyStart);
  let answeredDate: string | undefined;
  let questionsUrl: string | undefined;
  let answerUrl: string | undefined;

  for (const line of header) {
    const [key, value] = splitField(line);
    switch (key) {
      case 'ingediend': draft.submitted = dutchDate(value); break;
      case 'beantwoord': answeredDate = dutchDate(value); break;
      case 'indieners': case 'indiener': draft.submitters = parseSubmitters(value); break;
      case 'beantwoord door': draft.answeredBy = parseAnswerers(value); break;
      case 'onderwerpen': case 'onderwerp': draft.topics = splitTopicLine(value); break;
      case 'bron vraag': questionsUrl = value.trim(); break;
      case 'bron antwoord': answerUrl = value.trim(); break;
      default:
        if (!draft.title && squash(line).length > 0 && key === undefined) draft.title = stripQuotes(squash(line));
    }
  }
  draft.answered = answeredDate;

  const blocks = splitBlocks(lines.slice(bodyStart < 0 ? lines.length : bodyStart));
  const entries: Entry[] = [];
  const notices: Notice[] = [];
  let footnoteCounter = 0;
  for (const block of blocks) {
    if (block.kind === 'notice') {
      notices.push(noticeOf(block.heading, block.lines));
      continue;
    }
    if (block.kind !== 'entry') continue;
    const [questionLines, answerLines] = splitAtFirstBlank(block.lines);
    const footnotes: Footnote[] = [];
    const question = joinParagraphs(questionLines.map((l) => {
      const { text: clean, marks } = takeGluedMarks(l, footnoteCounter);
      for (const n of marks) footnotes.push({ number: n, text: '', url: null, document: null, in: 'question' });
      footnoteCounter = Math.max(footnoteCounter, ...marks);
      return clean;
    }));
    const answerParas = answerLines.map((l) => {
      const { text: clean, marks } = takeGluedMarks(l, footnoteCounter);
      for (const n of marks) footnotes.push({ number: n, text: '', url: null, document: null, in: 'answer' });
      footnoteCounter = Math.max(footnoteCounter, ...marks);
      return clean;
    });
    const answer = joinParagraphs(answerParas);
    entries.push({
      numbers: block.numbers,
      question,
      answer: answer.length > 0 ? answer : null,
      refersTo: findCrossReferences(answer, block.numbers),
      footnotes,
    });
  }

  // The trailer: "Kamervraag document nummer: kv-tk-…", "Kamerantwoord document nummer: ah-tk-…".
  for (const line of lines) {
    const m = /^\s*(Kamervraag|Kamerantwoord)\s+document\s+nummer:\s*(\S+)/i.exec(line);
    if (!m) continue;
    const id = m[2]!;
    const isAnswer = m[1]!.toLowerCase() === 'kamerantwoord';
    documents.push({
      id,
      kind: isAnswer ? 'answer' : 'questions',
      date: (isAnswer ? answeredDate : draft.submitted) ?? null,
      url: (isAnswer ? answerUrl : questionsUrl) ?? publicationUrl(id),
    });
  }
  for (const [url, kind] of [[questionsUrl, 'questions'], [answerUrl, 'answer']] as const) {
    const id = url ? DOC_ID.exec(url)?.[1] : undefined;
    if (id && url && !documents.some((d) => d.id === id)) {
      documents.push({ id, kind, date: (kind === 'answer' ? answeredDate : draft.submitted) ?? null, url });
    }
  }
  const answerDoc = documents.find((d) => d.kind === 'answer');
  const vj = answerDoc ? /-(\d{4})(\d{4})-/.exec(answerDoc.id) : null;
  if (vj) draft.vergaderjaar = `${vj[1]}-${vj[2]}`;
  if (zaak) draft.addressees = addresseesFromNotices(notices, zaak);
  if (entries.length === 0) throw new ParseError('The text export has no "• Vraag N" blocks: no questions found.');
  draft.entries = entries;
  draft.notices = notices;
  draft.documents = documents;
  return draft;
}

/** "Indieners Queeny Rajkowski (VVD), …" → ['indieners', 'Queeny Rajkowski (VVD), …']. */
function splitField(line: string): [string | undefined, string] {
  const m = /^\s*(Ingediend|Beantwoord door|Beantwoord|Indieners|Indiener|Onderwerpen|Onderwerp|Bron vraag|Bron antwoord)\b:?\s*(.*)$/i.exec(line);
  return m ? [m[1]!.toLowerCase(), m[2]!] : [undefined, line];
}

/**
 * "Wopke Hoekstra (viceminister-president , minister buitenlandse zaken) (CDA), Aukje de Vries
 * (staatssecretaris financiën) (VVD)" → name, role, party.
 */
function parseAnswerers(value: string): Answerer[] {
  const out: Answerer[] = [];
  const one = /\s*,?\s*([^(),][^()]*?)\s*\(([^)]*)\)(?:\s*\(([^)]*)\))?/g;
  for (const m of value.matchAll(one)) {
    const role = squash(m[2]!.replace(/\s+,/g, ','));
    out.push({ name: squash(m[1]!), role: role.length > 0 ? role : null, party: m[3] ? squash(m[3]) : null });
  }
  return out;
}

/** Strip quotes that enclose the whole title, and only those. */
/**
 * The export has no addressee line, but an uitstel-Mededeling repeats the questions it covers:
 * "… de schriftelijke vragen van de leden … aan de Staatssecretaris van Financiën en de Minister van
 * Buitenlandse Zaken over … (ingezonden op 23 juni 2023, met kenmerk 2023Z11786)".
 */
function addresseesFromNotices(notices: readonly Notice[], zaak: string): Addressee[] {
  for (const notice of notices) {
    for (const part of notice.text.split(/\s+en\s+(?=de\s+schriftelijke\s+vragen)/i)) {
      if (!part.includes(zaak)) continue;
      const m = /\baan\s+(?:de|het)\s+(.+?)\s+(?:over|inzake)\s/i.exec(part);
      if (m) return parseAddressees(m[1]!);
    }
  }
  return [];
}

function stripQuotes(s: string): string {
  const m = /^[‘'"“](.*)[’'"”]$/.exec(s);
  return m && !/[‘“]/.test(m[1]!) ? m[1]! : s;
}

// ---------------------------------------------------------------------------------------------
// Text copied from a page

function parsePage(lines: string[]): KamervraagDraft {
  const draft: KamervraagDraft = { house: 'tk' };
  const questions = new Map<string, { numbers: number[]; lines: string[] }>();
  const answers = new Map<string, { numbers: number[]; lines: string[] }>();
  const order: string[] = [];
  let current: string[] | undefined;
  let noteLines: string[] | undefined;

  for (const line of lines) {
    if (noteLines) {
      noteLines.push(line);
      continue;
    }
    if (isQuestionHeading(line)) {
      const h = parseQuestionHeading(line);
      draft.submitters = h.submitters;
      draft.addressees = h.addressees;
      draft.submitted = h.submitted;
      if (h.subject) draft.title = h.subject;
      current = undefined;
      continue;
    }
    if (isAnswerHeading(line)) {
      const h = parseAnswerHeading(line);
      draft.answeredBy = h.answeredBy;
      draft.answered = h.answered;
      current = undefined;
      continue;
    }
    if (/^\s*(?:Noten|Voetnoten)\s*:?\s*$/i.test(line)) {
      noteLines = [];
      continue;
    }
    const label = LABEL.exec(line);
    if (label) {
      const numbers = numbersIn(label[2]!);
      const key = numbers.join(',');
      const target = /^vra/i.test(label[1]!) ? questions : answers;
      if (!questions.has(key) && !answers.has(key)) order.push(key);
      const block = { numbers, lines: [] as string[] };
      target.set(key, block);
      current = block.lines;
      continue;
    }
    if (DOC_ID.test(line) && /^\s*(?:kv|ah)-/i.test(line) && !current) continue;
    current?.push(line);
  }
  if (order.length === 0) {
    throw new ParseError('No questions found: the text has no "Vraag 1" labels. Paste the whole page text, including the "Vraag N" and "Antwoord N" headings.');
  }

  // Numbered lines after the last answer are footnotes when no "Noten" header was given.
  const lastKey = order[order.length - 1]!;
  const last = answers.get(lastKey) ?? questions.get(lastKey)!;
  if (!noteLines) noteLines = takeTrailingNotes(last.lines);
  const noteTexts = parseNoteLines(noteLines);

  let counter = 0;
  const entries: Entry[] = order.map((key) => {
    const q = questions.get(key);
    const a = answers.get(key);
    const numbers = (q ?? a)!.numbers;
    const footnotes: Footnote[] = [];
    const clean = (ls: string[], where: 'question' | 'answer'): string[] =>
      ls.map((l) => {
        const { text, marks } = takeGluedMarks(l, counter);
        for (const n of marks) {
          const body = noteTexts.get(n) ?? '';
          footnotes.push({ number: n, text: body, url: firstUrl(body), document: null, in: where });
        }
        counter = Math.max(counter, ...marks);
        return text;
      });
    const question = joinParagraphs(clean(q?.lines ?? [], 'question'));
    const answerText = a ? joinParagraphs(clean(a.lines, 'answer')) : '';
    return {
      numbers,
      question,
      answer: answerText.length > 0 ? answerText : null,
      refersTo: findCrossReferences(answerText, numbers),
      footnotes,
    };
  });
  draft.entries = entries;
  return draft;
}

function takeTrailingNotes(lines: string[]): string[] {
  let i = lines.length;
  while (i > 0 && (squash(lines[i - 1]!) === '' || /^\s*\d{1,2}\s+\S/.test(lines[i - 1]!))) i--;
  const tail = lines.slice(i).filter((l) => squash(l) !== '');
  if (tail.length === 0 || !/^\s*1\s/.test(tail[0]!)) return [];
  lines.splice(i);
  return tail;
}

function parseNoteLines(lines: string[]): Map<number, string> {
  const notes = new Map<number, string>();
  let current: number | undefined;
  for (const line of lines) {
    const m = /^\s*(\d{1,2})[.)]?\s+(.*)$/.exec(line);
    if (m) {
      current = Number(m[1]);
      notes.set(current, squash(m[2]!));
    } else if (current !== undefined && squash(line) !== '') {
      notes.set(current, squash(`${notes.get(current) ?? ''} ${line}`));
    }
  }
  return notes;
}

function firstUrl(text: string): string | null {
  return /https?:\/\/[^\s<>"»)]+/.exec(text)?.[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

type Block =
  | { kind: 'entry'; numbers: number[]; lines: string[] }
  | { kind: 'notice'; heading: string; lines: string[] }
  | { kind: 'trailer'; lines: string[] };

function splitBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const line of lines) {
    const label = LABEL.exec(line);
    const notice = NOTICE_LABEL.exec(line);
    if (label && /^vra/i.test(label[1]!)) {
      current = { kind: 'entry', numbers: numbersIn(label[2]!), lines: [] };
      blocks.push(current);
    } else if (notice) {
      current = { kind: 'notice', heading: notice[1] ?? '', lines: [] };
      blocks.push(current);
    } else if (/^\s*(Kamervraag|Kamerantwoord)\s+document\s+nummer:/i.test(line)) {
      current = { kind: 'trailer', lines: [] };
      blocks.push(current);
    } else {
      current?.lines.push(line);
    }
  }
  return blocks;
}

/** Lines up to the first blank line after some text, and the rest (blank lines dropped). */
function splitAtFirstBlank(lines: string[]): [string[], string[]] {
  const content = (l: string): boolean => squash(l).length > 0;
  const first = lines.findIndex(content);
  if (first < 0) return [[], []];
  let end = first;
  while (end < lines.length && content(lines[end]!)) end++;
  return [lines.slice(first, end), lines.slice(end).filter(content)];
}

function noticeOf(heading: string, lines: string[]): Notice {
  const text = joinParagraphs(lines);
  const date = dutchDate(heading) ?? null;
  const lower = text.toLowerCase();
  const kind = /ingetrokken|trek .* in\b|intrekking/.test(lower)
    ? 'withdrawn'
    : /niet mogelijk .*termijn|uitstel|later beantwoord|zo spoedig mogelijk/.test(lower) ? 'uitstel' : 'other';
  return { kind, date, text };
}

const GLUED_MARK = /(?<!\d)([?.!»”’")\]:;])(\d{1,2})(?=\s|$)/g;

/**
 * Take footnote marks glued to sentence ends ("…niet»?1"). Only marks that continue the document's
 * footnote numbering (after `lastSeen`) count, so "(2012)." or "art. 3.4" stay text.
 */
export function takeGluedMarks(line: string, lastSeen: number): { text: string; marks: number[] } {
  const marks: number[] = [];
  let expected = lastSeen + 1;
  const text = line.replace(GLUED_MARK, (whole, punct: string, digits: string) => {
    const n = Number(digits);
    if (n !== expected) return whole;
    marks.push(n);
    expected++;
    return punct;
  });
  return { text, marks };
}

function firstLine(text: string): string {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
}
