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
import type { Addressee, Answerer, DocumentRef, Entry, Footnote, House, KamervraagDraft, Notice } from '../model';
import { ParseError } from '../model';
import { findCrossReferences } from '../crossrefs';
import { publicationUrl } from '../ids';
import { dutchDate, joinParagraphs, numbersIn, paragraphsOf, squash } from '../text';
import { splitTopicLine } from '../topics';
import { parseAddressees, parseQuestionHeading, parseSubmitters } from './headings';

const EXPORT_FIRST_LINE = /^\s*Kamervraag\s+(\d{4}Z\d{5}|\d{9,10})\s*$/i;
const LABEL = /^\s*(?:[•*-]\s*)?(Vra(?:ag|gen)|Antwoord(?:en)?)\s+(\d+(?:\s*(?:,|en|t\/m|tot en met|-|–)\s*\d+)*)\s*[:.]?\s*$/i;
const NOTICE_LABEL = /^\s*(?:[•*-]\s*)?Mededeling\b\s*(?:[-–:]\s*(.*))?$/i;
const DOC_ID = /\b((?:kv|ah)-(?:tk|ek)-[\w-]+|kv-\d{10})\b/i;

/** True when the text looks like the plain-text export. */
export function isTextExport(text: string): boolean {
  return EXPORT_FIRST_LINE.test(firstLine(text));
}

/**
 * True when the text looks like Kamervragen copied from a page or extracted from a PDF: a
 * "Vragen van het lid …" heading, or a "Vraag 1" label with an "Antwoord 1" or on a line of its own.
 */
export function isPageText(text: string): boolean {
  if (/(?:^|[\s.])(?:Schriftelijke\s+)?[Vv]ragen\s+van\s+(?:het\s+lid|de\s+leden)\s/.test(text)) return true;
  if (/^\s*Vraag\s+1\s*[:.]?\s*$/im.test(text)) return true;
  return /(?<!\p{L})Vraag 1(?!\d)/u.test(text) && /(?<!\p{L})Antwoord 1(?!\d)/u.test(text);
}

export function parsePlainText(text: string): KamervraagDraft {
  return isTextExport(text) ? parseExport(text.replace(/^\uFEFF/, '').split(/\r?\n/)) : parsePage(text);
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
  if (!lines.some((l) => /^\s*Kamervraag\s+document\s+nummer:/i.test(l))) {
    const last = entries[entries.length - 1]!;
    throw new ParseError(`The text export is incomplete: it ends in ${last.answer ? 'answer' : 'question'} ${last.numbers.join(', ')}, before its closing "Kamervraag document nummer" line (the file was cut off).`);
  }
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
  // Bracket by bracket with indexOf: a regular expression here backtracks on a long line without "(".
  const groups: Array<{ before: string; inside: string }> = [];
  let pos = 0;
  for (;;) {
    const open = value.indexOf('(', pos);
    if (open < 0) break;
    const close = value.indexOf(')', open);
    if (close < 0) break;
    groups.push({ before: value.slice(pos, open), inside: value.slice(open + 1, close) });
    pos = close + 1;
  }
  const out: Answerer[] = [];
  for (let i = 0; i < groups.length; i++) {
    const name = squash(groups[i]!.before).replace(/^,\s*/, '');
    if (name.length === 0) continue;
    const role = squash(groups[i]!.inside.replace(/\s+,/g, ','));
    const next = groups[i + 1];
    const party = next && squash(next.before).length === 0 ? squash(next.inside) : null;
    if (party !== null) i++;
    out.push({ name, role: role.length > 0 ? role : null, party });
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
// Text copied from a page, exported from a PDF or converted by another tool
//
// Such text is line-wrapped, carries the page furniture of the PDF (running footers, the
// document id, ISSN lines, page numbers glued to the next label), has footnote bodies at the
// bottom of each page or under "Noten", and marks in many shapes ("»1?, 2", "?1", "[1 ]",
// superscripts, a number on a line of its own). Every step below is a single pass, and every
// regular expression is anchored or bounded, so time is linear in the length of the text.

/** Page break: a form feed in PDF text, "-----" in converted Markdown, or removed page furniture. */
const BREAK = '\f';
/** A footnote mark known to be one (a superscript, "[1 ]"): MARK_OPEN digits MARK_CLOSE. */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
/** How the PDF reader writes a raised small number (a footnote mark) into page text. */
export const PDF_MARK_OPEN = MARK_OPEN;
export const PDF_MARK_CLOSE = MARK_CLOSE;
/** The longest heading sentence we collect (characters); longer means it never closed. */
const HEADING_LIMIT = 3000;

interface PageFacts {
  id?: string | undefined;
  vergaderjaar?: string | undefined;
  house?: House | undefined;
}

const SPACING_MARKS: Record<string, string> = {
  '\u00b4': '\u0301', '\u02ca': '\u0301', '\u02cb': '\u0300', '\u00a8': '\u0308', '\u02dc': '\u0303', '\u02c6': '\u0302',
  '\u00b8': '\u0327', '\u02db': '\u0328', '\u02d8': '\u0306', '\u02c7': '\u030c', '\u02dd': '\u030b', '\u02da': '\u030a',
  '\u02d9': '\u0307', '\u00af': '\u0304',
};
const SPACING = '[\u00b4\u02ca\u02cb\u00a8\u02dc\u02c6\u00b8\u02db\u02d8\u02c7\u02dd\u02da\u02d9\u00af]';
/** Letter + mark ("Yes¸ilgöz"), letter + space + mark at a word end ("Kostic ´"), mark + letter ("´e"). */
const SPLIT_ACCENT = new RegExp(`(\\p{L})(${SPACING})|(\\p{L}) (${SPACING})(?=[\\s.,;:!?)]|$)|(?<![\\p{L}])(${SPACING})(\\p{L})`, 'gu');

/**
 * Letters that PDF text extraction split from their accents, joined again: "Kostic ´" → "Kostić",
 * "Yes¸ilgöz" → "Yeşilgöz"; then NFC. A mark that composes with nothing stays as it was.
 */
export function joinSplitAccents(text: string): string {
  if (!new RegExp(SPACING).test(text)) return text.normalize('NFC');
  return text.replace(SPLIT_ACCENT, (whole, l1?: string, m1?: string, l2?: string, m2?: string, m3?: string, l3?: string) => {
    const letter = l1 ?? l2 ?? l3!;
    const mark = SPACING_MARKS[(m1 ?? m2 ?? m3)!]!;
    const composed = (letter + mark).normalize('NFC');
    return composed.length === 1 ? composed : whole;
  }).normalize('NFC');
}

const SUPERSCRIPT_DIGITS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };

/** Line endings, accents, superscripts and the Markdown that converters add, made plain. */
function normalisePageText(text: string): string {
  let t = joinSplitAccents(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/[\t\u00a0\u202f\u2007]/g, ' '));
  t = t.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}/g, (s) => `${MARK_OPEN}${[...s].map((c) => SUPERSCRIPT_DIGITS[c]).join('')}${MARK_CLOSE}`).replace(/ᵉ/g, 'e');
  // pymupdf4llm and similar converters: "#" headings, "**bold**", "-----" page breaks, "[1 ]" superscripts.
  if (/^#{1,6} |^-{5,} *$/m.test(t)) {
    t = t.replace(/^#{1,6} +/gm, '').replace(/\*\*/g, '').replace(/^-{5,} *$/gm, BREAK);
  }
  t = t.replace(/\[(\d{1,3}) ?\](?!\()/g, (_, n: string) => `${MARK_OPEN}${n}${MARK_CLOSE}`).replace(/\[([a-z]{1,3}) \]/g, '$1');
  return t;
}

const FURNITURE_INLINE: Array<[RegExp, (m: RegExpExecArray, facts: PageFacts) => void]> = [
  [/((?:ah|kv)-(?:tk|ek)-\d{8}-\d{1,5}) +(?=ISSN)/g, (m, f) => { f.id ??= m[1]; }],
  [/ISSN ?\d{4} ?- ?\d{3}[\dX]/g, () => undefined],
  [/[’']s-Gravenhage \d{4}/g, () => undefined],
  [/(Tweede|Eerste) Kamer, vergaderjaar (\d{4}) ?[–-] ?(\d{4}), Aanhangsel ?\d{0,4}/g, (m, f) => {
    f.vergaderjaar ??= `${m[2]}-${m[3]}`;
    f.house ??= m[1] === 'Eerste' ? 'ek' : 'tk';
  }],
];

const FURNITURE_LINES: Array<[RegExp, (m: RegExpExecArray, facts: PageFacts) => void]> = [
  [/^ *((?:ah|kv)-(?:tk|ek)-\d{8}-\d{1,5}) *$/gm, (m, f) => { f.id ??= m[1]; }],
  // The footer id as some converters mangle it: "h tk 20232024 387".
  [/^ *a?h[ -](tk|ek)[ -](\d{8})[ -](\d{1,5}) *$/gm, (m, f) => { f.id ??= `ah-${m[1]}-${m[2]}-${m[3]}`; }],
  [/^ *(Tweede|Eerste) Kamer der Staten-Generaal *\d? *$/gm, (m, f) => { f.house ??= m[1] === 'Eerste' ? 'ek' : 'tk'; }],
  [/^ *Vergaderjaar (\d{4}) ?[–-] ?(\d{4}) +Aanhangsel van de Handelingen *$/gm, (m, f) => { f.vergaderjaar ??= `${m[1]}-${m[2]}`; }],
  [/^ *Vragen gesteld door de leden der Kamer, met de daarop door de *(?:regering gegeven antwoorden *)?$/gm, () => undefined],
  [/^ *regering gegeven antwoorden *$/gm, () => undefined],
  [/^ *Aanhangsel Handelingen I{1,2} (\d{4})\/(\d{2})(?: +((?:ah|kv)-(?:tk|ek)-\d{8}-\d{1,5}))?(?: +\d{1,4})? *$/gm, (m, f) => {
    f.vergaderjaar ??= `${m[1]}-${Number(m[1]) + 1}`;
    if (m[3]) f.id ??= m[3];
  }],
];

/** Running headers and footers out, remembering what they tell; each becomes a page break. */
function removeFurniture(text: string, facts: PageFacts): string {
  let t = text;
  for (const [re, note] of [...FURNITURE_LINES, ...FURNITURE_INLINE]) {
    t = t.replace(re, (...args: unknown[]) => {
      const groups = args.slice(0, -2) as string[];
      const m = Object.assign(groups.slice(), { index: 0, input: '' }) as unknown as RegExpExecArray;
      note(m, facts);
      return `\n${BREAK}\n`;
    });
  }
  return t;
}

const QUESTION_HEADING_AT = /^ *(?:Schriftelijke )?[Vv]ragen van (?:het lid|de leden) |(?<=\s)(?:Schriftelijke )?Vragen van (?:het lid|de leden) /;
const ANSWER_HEADING_AT = /(?:^|(?<=\s))Antwoord van (?:de )?(?:Minister|Staatssecretaris|Viceminister|Minister-president)/;
const QUESTION_CLOSE = /\((?:ingezonden|ingediend)\b[^()]{0,80}\)\.?|\bmedegedeeld aan\b/;
const ANSWER_CLOSE = /\(\s*ontvangen\b[^()]{0,80}\)\.?/;
const ZIE_OOK = /^ *Zie ook Aanhangsel Handelingen(?: I{1,2})?,? vergaderjaar (\d{4}) ?[–-] ?(\d{4}),? nr\. ?(\d{1,5})\.?/;
const ZIE_OOK_START = /^ *Zie ook\b/;
/** "Vraag 3", "Vragen 4 en 5", "Antwoord 4, 5": capitalised, not inside a word. */
const LABEL_AT = /(?<!\p{L})(Vra(?:ag|gen)|Antwoord(?:en)?|VRAAG|ANTWOORD) (\d{1,3}(?: ?(?:,|en|t\/m|tot en met|-|–) ?\d{1,3}){0,6})(?!\d)/gu;
/** "Noten" before the footnotes; a printed KOOP page has "X Noot" before each one. */
const NOTES_HEADER = /^ *(?:Noten|Voetnoten|(?:X )?Noot) *:? *$/i;
const LIST_ITEM = /^(?:[-–•·▪*] |\d{1,2}[.)] |[a-z][.)] )/;
const BULLET = /^[–•·▪*] /;
/** The end of a text that was not cut off. */
const SENTENCE_END = /[.?!:;»”’")\]]$|https?:\/\/\S+$/;
/** A line that may end a paragraph: a sentence end, maybe inside quotes or brackets. */
const PARAGRAPH_END = /[.?!:;][»”’")\]]{0,3}$/;

interface PageBlock {
  kind: 'question' | 'answer';
  numbers: number[];
  /** Text lines, BREAK for a page break or a removed footnote body, '' for a blank line. */
  lines: string[];
  footnotes: Footnote[];
}

interface PageState {
  draft: KamervraagDraft;
  facts: PageFacts;
  warnings: string[];
  blocks: PageBlock[];
  questions: Map<number, PageBlock>;
  /** Answer blocks by each of their numbers: pairing by number in a map, not by search. */
  answers: Map<number, PageBlock>;
  current: PageBlock | undefined;
  maxQuestion: number;
  /** Numbers of bare numeric lines before the first heading: the Aanhangsel number is the last. */
  frontNumbers: string[];
  related: DocumentRef[];
  // footnotes
  nextMark: number;
  marks: Map<number, Footnote>;
  bodies: Map<number, string[]>;
  openBody: number | undefined;
  notesMode: boolean;
  lineStartCounts: Map<number, number>;
}

function parsePage(text: string): KamervraagDraft {
  const facts: PageFacts = {};
  const clean = removeFurniture(normalisePageText(text), facts);
  const lines = clean.split('\n');
  const state: PageState = {
    draft: { house: 'tk' }, facts, warnings: [], blocks: [], questions: new Map(), answers: new Map(), current: undefined, maxQuestion: 0,
    frontNumbers: [], related: [], nextMark: 1, marks: new Map(), bodies: new Map(), openBody: undefined, notesMode: false,
    lineStartCounts: countLineStartNumbers(lines),
  };
  let haveQuestionHeading = false;
  let haveAnswerHeading = false;

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    // Where the headings stand in `line`, searched once per line (not once per label in it).
    let headingSearch: string | undefined;
    let q: RegExpExecArray | null = null;
    let a: RegExpExecArray | null = null;
    let consumed = 0;
    // A line may hold a heading, labels and text after one another: take them from the front.
    for (;;) {
      if (line === BREAK) { pushBreak(state); break; }
      if (line.trim() === '') { pushBlank(state); break; }
      if (state.notesMode && !NOTES_HEADER.test(line)) { noteLine(state, line); break; }
      if (NOTES_HEADER.test(line)) { state.notesMode = true; state.openBody = undefined; break; }

      if (headingSearch === undefined) {
        headingSearch = line;
        consumed = 0;
        q = haveQuestionHeading ? null : QUESTION_HEADING_AT.exec(line);
        a = haveAnswerHeading ? null : ANSWER_HEADING_AT.exec(line);
      }
      const label = findLabel(state, line);
      const qAt = q && !haveQuestionHeading && q.index >= consumed ? q.index - consumed : -1;
      const aAt = a && !haveAnswerHeading && a.index >= consumed ? a.index - consumed : -1;
      const heading = [qAt >= 0 ? { at: qAt, kind: 'question' as const } : null, aAt >= 0 ? { at: aAt, kind: 'answer' as const } : null]
        .filter((h): h is { at: number; kind: 'question' | 'answer' } => h !== null)
        .sort((x, y) => x.at - y.at)[0];
      if (heading && (!label || heading.at < label.at)) {
        if (heading.at > 0) textLine(state, line.slice(0, heading.at));
        const taken = takeHeading(lines, i, line.slice(heading.at), heading.kind);
        i = taken.lastLine;
        if (heading.kind === 'question') { haveQuestionHeading = true; questionHeading(state, taken.text); }
        else { haveAnswerHeading = true; answerHeading(state, taken.text); }
        line = taken.rest;
        headingSearch = undefined;
        if (line.trim() === '') break;
        continue;
      }
      if (label) {
        if (label.at > 0) textLine(state, line.slice(0, label.at));
        startBlock(state, label);
        const rest = line.slice(label.end);
        const skip = /^ *[:.]? */.exec(rest)![0].length;
        consumed += label.end + skip;
        line = rest.slice(skip);
        if (line === '') break;
        continue;
      }
      textLine(state, line);
      break;
    }
  }
  return finishPage(state);
}

/** How often each number 1–99 starts a line: a mark printed on its own line has its body later. */
function countLineStartNumbers(lines: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const m = /^ *(\d{1,2})(?![\d.,%)/:-])/.exec(line);
    if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  return counts;
}

interface FoundLabel {
  at: number;
  end: number;
  kind: 'question' | 'answer';
  numbers: number[];
}

/**
 * The first label in `line` that is one. At the start of a line a label is always one; inside a
 * line ("… nr. 403 Vraag 1 Kent u …") only when it continues the numbering: the next question,
 * or the answer to a question still without one.
 */
function findLabel(state: PageState, line: string): FoundLabel | undefined {
  if (state.notesMode) return undefined;
  const lead = /^ *(?:[•*-] *)?/.exec(line)![0].length;
  LABEL_AT.lastIndex = 0;
  for (let m = LABEL_AT.exec(line); m; m = LABEL_AT.exec(line)) {
    const kind = /^v/i.test(m[1]!) ? 'question' : 'answer';
    const numbers = plausibleNumbers(m[2]!);
    const end = m.index + m[1]!.length + 1 + numbers.text.length;
    const after = line.slice(end, end + 3);
    const alone = /^ *[:.]? *$/.test(line.slice(end));
    const atStart = m.index === lead;
    // A plural "Vragen 4 en 5" only labels a combined entry.
    if (/^vragen|^antwoorden/i.test(m[1]!) && numbers.list.length < 2) continue;
    if (/^(?:VRAAG|ANTWOORD)$/.test(m[1]!) && !atStart) continue;
    const first = numbers.list[0]!;
    const fits = kind === 'question'
      ? first > state.maxQuestion && first <= state.maxQuestion + 3
      : (state.questions.get(first)?.lines !== undefined && !answeredAlready(state, first)) || (!state.questions.has(first) && first > 0);
    const followedByText = /^ *[:.]? *(?:[\p{Lu}«“‘"'(\d]|$)/u.test(after) || alone;
    if (atStart && (alone || fits)) return { at: m.index, end, kind, numbers: numbers.list };
    if (!atStart && fits && followedByText && (kind === 'question' || state.current?.kind === 'question' || state.current === undefined)) {
      return { at: m.index, end, kind, numbers: numbers.list };
    }
  }
  return undefined;
}

function answeredAlready(state: PageState, n: number): boolean {
  return state.answers.has(n);
}

/** "4 en 5" → [4, 5]; "1 en 200" is not a combined label: only the 1 is. */
function plausibleNumbers(text: string): { list: number[]; text: string } {
  const list = numbersIn(text);
  const ok = list.length > 0 && list.every((n, i) => i === 0 || (n > list[i - 1]! && n - list[0]! <= 20));
  if (ok) return { list, text };
  const first = /^\d+/.exec(text)![0];
  return { list: [Number(first)], text: first };
}

function startBlock(state: PageState, label: FoundLabel): void {
  state.openBody = undefined;
  const key = label.numbers.join(', ');
  if (label.kind === 'question') {
    const seen = label.numbers.find((n) => state.questions.has(n));
    if (seen !== undefined) {
      state.warnings.push(`Question ${seen} occurs twice ("Vraag ${key}"); the second text is added to the first.`);
      const block = state.questions.get(seen)!;
      block.lines.push('');
      state.current = block;
      return;
    }
    const missing = [];
    for (let n = state.maxQuestion + 1; n < label.numbers[0]!; n++) missing.push(n);
    if (missing.length > 0) state.warnings.push(`No "Vraag ${missing.join(', ')}" label found before "Vraag ${key}": a label may have been lost.`);
    const block: PageBlock = { kind: 'question', numbers: label.numbers, lines: [], footnotes: [] };
    state.blocks.push(block);
    for (const n of label.numbers) state.questions.set(n, block);
    state.maxQuestion = Math.max(state.maxQuestion, ...label.numbers);
    state.current = block;
    return;
  }
  const question = state.questions.get(label.numbers[0]!);
  const earlier = label.numbers.map((n) => state.answers.get(n)).find((b) => b !== undefined);
  if (earlier) {
    state.warnings.push(`Answer ${key} occurs twice; the second text is added to the first.`);
    earlier.lines.push('');
    state.current = earlier;
    return;
  }
  if (!question) state.warnings.push(`"Antwoord ${key}" has no question: its "Vraag ${key}" label may have been lost.`);
  const block: PageBlock = { kind: 'answer', numbers: question?.numbers ?? label.numbers, lines: [], footnotes: [] };
  if (!question) {
    state.maxQuestion = Math.max(state.maxQuestion, ...label.numbers);
  }
  state.blocks.push(block);
  for (const n of label.numbers) state.answers.set(n, block);
  state.current = block;
}

/** A heading sentence from `first` on, over as many lines as it takes to its closing "(… datum)". */
function takeHeading(lines: readonly string[], at: number, first: string, kind: 'question' | 'answer'): { text: string; rest: string; lastLine: number } {
  const close = kind === 'question' ? QUESTION_CLOSE : ANSWER_CLOSE;
  let text = first;
  let last = at;
  let m = close.exec(text.slice(0, HEADING_LIMIT));
  while (!m && last + 1 < lines.length && text.length < HEADING_LIMIT) {
    const next = lines[last + 1]!;
    if (next.trim() === '' || next === BREAK || /^ *(?:Vraag|Antwoord) \d/.test(next)) break;
    last++;
    text = `${text} ${next}`;
    m = close.exec(text.slice(0, HEADING_LIMIT));
  }
  // Never closed: a heading is at most HEADING_LIMIT long; what follows is text again.
  if (!m) return { text: text.slice(0, HEADING_LIMIT), rest: text.slice(HEADING_LIMIT), lastLine: last };
  let end = m.index + m[0].length;
  if (kind === 'answer') {
    // "… (ontvangen 14 juli 2022). Zie ook Aanhangsel Handelingen, vergaderjaar 2021–2022, nr. 3173."
    let rest = text.slice(end);
    if (rest.trim() === '' && last + 1 < lines.length && ZIE_OOK_START.test(lines[last + 1]!)) {
      last++;
      text = `${text} ${lines[last]!}`;
      rest = text.slice(end);
    }
    if (ZIE_OOK_START.test(rest)) {
      for (let extra = 0; !ZIE_OOK.test(rest) && extra < 3 && last + 1 < lines.length && lines[last + 1]!.trim() !== ''; extra++) {
        last++;
        text = `${text} ${lines[last]!}`;
        rest = text.slice(end);
      }
      const zie = ZIE_OOK.exec(rest);
      if (zie) end += zie[0].length;
    }
  }
  return { text: text.slice(0, end), rest: text.slice(end).trim(), lastLine: last };
}

function questionHeading(state: PageState, raw: string): void {
  const text = squash(raw);
  if (!QUESTION_CLOSE.test(text)) state.warnings.push('The question heading ("Vragen van …") has no "(ingezonden …)" date.');
  const h = parseQuestionHeading(text);
  state.draft.submitters = h.submitters;
  state.draft.addressees = h.addressees.flatMap((a) => splitOffices(a.role)).map((role) => ({ name: null, role }));
  state.draft.submitted = h.submitted;
  if (h.subject) state.draft.title = h.subject;
}

function answerHeading(state: PageState, raw: string): void {
  const text = squash(raw);
  const received = /\(\s*ontvangen\s+([^()]{0,80})\)/.exec(text);
  if (received) state.draft.answered = dutchDate(received[1]!);
  const zie = /Zie ook Aanhangsel Handelingen(?: I{1,2})?,? vergaderjaar (\d{4}) ?[–-] ?(\d{4}),? nr\. ?(\d{1,5})/.exec(text);
  if (zie) {
    const house = state.facts.house ?? 'tk';
    const id = `ah-${house}-${zie[1]}${zie[2]}-${zie[3]}`;
    state.related.push({ id, kind: 'related', date: null, url: publicationUrl(id) });
  }
  const people = text.slice(0, received ? received.index : text.length).replace(/^Antwoord van (?:de )?/, '');
  const known = [...(state.draft.addressees ?? []).map((a) => a.role)];
  state.draft.answeredBy = parseAnswerPeople(people, known);
}

const OFFICE_WORD = /^(Minister-president|Viceminister-president|Minister|Staatssecretaris)\b *(.*)$/i;
const PLURAL_OFFICE = /^(Ministers|Staatssecretarissen)\s+(.*)$/i;

/**
 * "Ministers van X, van Y en voor Z" → ["Minister van X", "Minister van Y", "Minister voor Z"];
 * a single office stays as printed. Ministry names hold commas and "en" ("Landbouw, Natuur en
 * Voedselkwaliteit"), so a new office starts only where "van" or "voor" follows a comma or "en".
 */
export function splitOffices(role: string): string[] {
  const text = squash(role).replace(/^(?:de|het) /i, '');
  const plural = PLURAL_OFFICE.exec(text);
  if (!plural) return text.length > 0 ? [capitalise(text)] : [];
  const singular = /^ministers$/i.test(plural[1]!) ? 'Minister' : 'Staatssecretaris';
  return plural[2]!.split(/(?:,| en) (?=(?:van|voor) )/).map((part) => departmentRole(`${singular} ${part.trim()}`));
}

/**
 * The ministries (departments): their minister is always "Minister van …", so a printed "voor"
 * before one of these names is a slip of the source. Ministers without portfolio ("Minister voor
 * Natuur en Stikstof", "voor Volkshuisvesting en Ruimtelijke Ordening" before 2024) keep "voor".
 */
const DEPARTMENTS = new Set([
  'algemene zaken', 'binnenlandse zaken en koninkrijksrelaties', 'buitenlandse zaken', 'defensie',
  'economische zaken', 'economische zaken en klimaat', 'financiën', 'infrastructuur en waterstaat',
  'justitie en veiligheid', 'landbouw, natuur en voedselkwaliteit', 'landbouw, visserij, voedselzekerheid en natuur',
  'onderwijs, cultuur en wetenschap', 'sociale zaken en werkgelegenheid', 'volksgezondheid, welzijn en sport',
  'asiel en migratie', 'klimaat en groene groei',
]);

function departmentRole(role: string): string {
  const m = /^(Minister) voor (.+)$/.exec(role);
  return m && DEPARTMENTS.has(m[2]!.toLowerCase()) ? `${m[1]} van ${m[2]}` : role;
}

/** Offices listed after "mede namens": "de Ministers voor X, van Y en de Staatssecretaris van Z". */
function onBehalfOfList(text: string): string[] {
  return squash(text).replace(/[.,;]$/, '')
    .split(/,? en (?=de |het )|, (?=de |het )/)
    .flatMap(splitOffices)
    .filter((r) => r.length > 0);
}

/**
 * "Minister Van der Wal-Zeggelink (Natuur en Stikstof)" → name and role. The role is the office
 * as the questions addressed it when one fits ("Minister voor Natuur en Stikstof"), otherwise
 * "<office> van <ministry>". Read with indexOf, not a regular expression, to stay linear.
 */
export function parseAnswerPeople(text: string, knownRoles: readonly string[]): Answerer[] {
  const namens = /,? mede namens /i.exec(text);
  const who = namens ? text.slice(0, namens.index) : text;
  const onBehalfOf = namens ? onBehalfOfList(text.slice(namens.index + namens[0].length)) : [];
  const roles = [...knownRoles, ...onBehalfOf];
  const out: Answerer[] = [];
  let pos = 0;
  for (;;) {
    const open = who.indexOf('(', pos);
    if (open < 0) break;
    const close = who.indexOf(')', open);
    if (close < 0) break;
    const before = squash(who.slice(pos, open)).replace(/^(?:,|en)\s+/i, '');
    const ministry = squash(who.slice(open + 1, close));
    pos = close + 1;
    const office = OFFICE_WORD.exec(before);
    if (!office) continue;
    const name = squash(office[2]!);
    const officeName = capitalise(office[1]!.toLowerCase() === 'minister-president' ? 'Minister-president' : office[1]!);
    const printed = roles.find((r) => {
      const lower = r.toLowerCase();
      return lower.startsWith(officeName.toLowerCase()) && lower.endsWith(` ${ministry.toLowerCase()}`) && /^\S+ (?:van|voor) /i.test(r);
    });
    out.push({ name, role: departmentRole(printed ?? `${officeName} van ${ministry}`), party: null });
  }
  if (onBehalfOf.length > 0 && out.length > 0) out[out.length - 1]!.onBehalfOf = onBehalfOf;
  return out;
}

function pushBreak(state: PageState): void {
  if (state.notesMode && state.openBody !== undefined && state.bodies.get(state.openBody)!.length === 0) return;
  state.openBody = undefined;
  state.current?.lines.push(BREAK);
}

function pushBlank(state: PageState): void {
  // Under "Noten" a number may stand on a line of its own, its text after a blank line.
  if (state.notesMode && state.openBody !== undefined && state.bodies.get(state.openBody)!.length === 0) return;
  state.openBody = undefined;
  if (state.notesMode) return;
  state.current?.lines.push('');
}

/** A line under "Noten": "1 text", "1. text", or the continuation of the one before. */
function noteLine(state: PageState, line: string): void {
  const alone = /^ *(\d{1,2}) *$/.exec(line);
  if (alone) {
    const n = Number(alone[1]);
    if (!state.marks.has(n)) state.warnings.push(`Footnote ${n}: its text is there, its mark in the questions or answers is not.`);
    state.bodies.set(n, []);
    state.openBody = n;
    return;
  }
  const m = /^ *(\d{1,2})(?:[.)] *| +|(?=[^\d\s.,%)]))(\S.*)$/.exec(line);
  if (m) {
    const n = Number(m[1]);
    if (!state.marks.has(n)) state.warnings.push(`Footnote ${n}: its text is there, its mark in the questions or answers is not.`);
    state.bodies.set(n, [m[2]!]);
    state.openBody = n;
    return;
  }
  if (state.openBody !== undefined) state.bodies.get(state.openBody)!.push(line);
}

const INLINE_MARK = new RegExp(
  `${MARK_OPEN}(\\d{1,3})${MARK_CLOSE}` +
  // "…niet»?1", "leefomgeving»1?", "gesproken.2" — but not "5.4" or "2012.3".
  String.raw`|(?<=[?!»”’")\]]|(?<!\d)[.:;])(\d{1,2})(?=[\s?!.,;:]|$)` +
  // "…»1?, 2": a second mark after a first.
  String.raw`|(?<=[?!»”’")\].])(, ?)(\d{1,2})(?= |$)`,
  'g',
);

/** Text of the current block: footnote bodies, marks on their own line, inline marks. */
function textLine(state: PageState, raw: string): void {
  const block = state.current;
  if (!block) {
    const n = /^ *(\d{1,5}) *$/.exec(raw);
    if (n) state.frontNumbers.push(n[1]!);
    return;
  }
  const start = /^ *(\d{1,2})(?:( *)$| +(\S.*)$|(?=[^\d\s.,%)/:-])(.*)$)/.exec(raw);
  if (start) {
    const n = Number(start[1]);
    const bare = start[2] !== undefined;
    const rest = (start[3] ?? start[4] ?? '').trim();
    if (state.marks.has(n) && !state.bodies.has(n) && rest.length > 0) {
      state.bodies.set(n, [rest]);
      state.openBody = n;
      block.lines.push(BREAK);
      return;
    }
    if (n === state.nextMark) {
      const laterBody = (state.lineStartCounts.get(n) ?? 0) >= 2;
      if (bare || /^\p{Ll}/u.test(rest) || laterBody) {
        addMark(state, block, n);
        if (rest.length > 0) block.lines.push(inlineMarks(state, block, rest));
        return;
      }
      // "1Brabants Dagblad, …" with no mark before it: a body whose mark the text lost.
      state.warnings.push(`Footnote ${n}: its text is there, its mark in the questions or answers is not.`);
      state.nextMark = n + 1;
      state.bodies.set(n, [rest]);
      state.openBody = n;
      block.lines.push(BREAK);
      return;
    }
  }
  if (state.openBody !== undefined) {
    state.bodies.get(state.openBody)!.push(raw);
    return;
  }
  block.lines.push(inlineMarks(state, block, raw));
}

function addMark(state: PageState, block: PageBlock, n: number): void {
  const note: Footnote = { number: n, text: '', url: null, document: null, in: block.kind };
  if (state.marks.has(n)) state.warnings.push(`Footnote mark ${n} occurs twice.`);
  state.marks.set(n, note);
  block.footnotes.push(note);
  state.nextMark = Math.max(state.nextMark, n + 1);
}

function inlineMarks(state: PageState, block: PageBlock, line: string): string {
  if (!/\d/.test(line)) return line;
  return line.replace(INLINE_MARK, (whole, sure?: string, glued?: string, comma?: string, second?: string) => {
    if (sure !== undefined) {
      addMark(state, block, Number(sure));
      return '';
    }
    const n = Number(glued ?? second);
    if (n !== state.nextMark) return whole;
    addMark(state, block, n);
    return comma !== undefined ? '' : '';
  });
}

function finishPage(state: PageState): KamervraagDraft {
  const { draft, facts, warnings } = state;
  if (state.blocks.length === 0) {
    throw new ParseError('No questions found: the text has no "Vraag 1" labels. Paste the whole page text, including the "Vraag N" and "Antwoord N" headings.');
  }
  for (const [n, lines] of state.bodies) {
    const note = state.marks.get(n);
    const text = paragraphsOf(joinWrapped(lines, Infinity).join(' ')).join(' ');
    if (note) {
      note.text = text;
      note.url = firstUrl(text);
    }
  }
  const width = wrapWidth(state.blocks.flatMap((b) => b.lines));
  const entries: Entry[] = [];
  const answers = new Map<PageBlock, PageBlock>();
  for (const b of state.blocks) {
    if (b.kind !== 'answer') continue;
    const q = state.questions.get(b.numbers[0]!);
    if (q) answers.set(q, b);
  }
  for (const b of state.blocks) {
    if (b.kind === 'answer' && state.questions.has(b.numbers[0]!)) continue;
    const q = b.kind === 'question' ? b : undefined;
    const a = q ? answers.get(q) : b;
    const question = joinParagraphs(q ? joinWrapped(q.lines, width) : []);
    const answer = a ? joinParagraphs(joinWrapped(a.lines, width)) : '';
    entries.push({
      numbers: b.numbers,
      question,
      answer: answer.length > 0 ? answer : null,
      refersTo: findCrossReferences(answer, b.numbers),
      footnotes: [...(q?.footnotes ?? []), ...(a?.footnotes ?? [])],
    });
  }
  const last = entries[entries.length - 1];
  const lastText = last ? (last.answer ?? last.question) : '';
  if (lastText.length > 0 && !SENTENCE_END.test(lastText)) {
    warnings.push(`The text ends mid-sentence in ${last!.answer ? 'answer' : 'question'} ${last!.numbers.join(', ')}: it may have been cut off.`);
  }

  const number = state.frontNumbers[state.frontNumbers.length - 1];
  const house = facts.house ?? (facts.id?.includes('-ek-') ? 'ek' : 'tk');
  if (!facts.id && number && facts.vergaderjaar) facts.id = `ah-${house}-${facts.vergaderjaar.replace('-', '')}-${number}`;
  const vj = facts.id ? /-(\d{4})(\d{4})-/.exec(facts.id) : null;
  draft.vergaderjaar = facts.vergaderjaar ?? (vj ? `${vj[1]}-${vj[2]}` : undefined);
  draft.house = house;
  const documents: DocumentRef[] = [];
  if (facts.id) {
    const isAnswer = facts.id.startsWith('ah-');
    documents.push({ id: facts.id, kind: isAnswer ? 'answer' : 'questions', date: (isAnswer ? draft.answered : draft.submitted) ?? null, url: publicationUrl(facts.id) });
  }
  documents.push(...state.related.filter((r) => r.id !== facts.id));
  if (documents.length > 0) draft.documents = documents;
  draft.entries = entries;
  draft.warnings = warnings;
  return draft;
}

/** The width lines were wrapped at (characters), or Infinity when lines are whole paragraphs. */
function wrapWidth(lines: readonly string[]): number {
  const lengths = lines.filter((l) => l !== BREAK && l.trim().length >= 30).map((l) => l.trim().length).sort((a, b) => a - b);
  if (lengths.length < 4) return Infinity;
  const median = lengths[Math.floor(lengths.length / 2)]!;
  if (median > 110) return Infinity;
  return lengths[Math.floor(lengths.length * 0.9)]!;
}

/**
 * Wrapped lines back into paragraphs. A line ends a paragraph when it ends a sentence and the
 * next line's first word would have fitted on it (so the break was not the wrapping); a blank
 * line ends one too, except next to a page break, where a sentence may run on to the next page.
 * List items start a paragraph; a hyphen at the end of a line before a lower-case letter is undone,
 * unless the word before it has a capital or a digit.
 */
function joinWrapped(lines: readonly string[], width: number): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let previous = '';
  let blank = false;
  let pageBreak = false;
  for (const raw of lines) {
    if (raw === BREAK) { pageBreak = true; continue; }
    const line = raw.trim();
    if (line === '') { blank = true; continue; }
    if (current === '') {
      current = line;
    } else {
      const listItem = LIST_ITEM.test(line) && (BULLET.test(line) || /[:;.]$/.test(previous) || LIST_ITEM.test(current));
      const sentenceEnd = PARAGRAPH_END.test(previous);
      const nextWord = /^\S+/.exec(line)![0].length;
      const brokenEarly = width === Infinity || previous.length + 1 + nextWord <= width * 0.9;
      const newParagraph = listItem || (blank && !pageBreak) || (sentenceEnd && brokenEarly) || (blank && pageBreak && sentenceEnd);
      if (newParagraph) {
        paragraphs.push(current);
        current = line;
      } else if (/\p{L}-$/u.test(current) && /^\p{Ll}/u.test(line)) {
        // "emissiefacto-" + "ren" was hyphenated by the line break; "Douane-" + "organisaties" and
        // "EU-" + "lidstaten" keep their hyphen (a word with a capital keeps it in Dutch compounds).
        const word = /[\p{L}\d]+-$/u.exec(current)?.[0] ?? '';
        current = /^\p{Lu}|\d/u.test(word) ? current + line : current.slice(0, -1) + line;
      } else {
        current = `${current} ${line}`;
      }
    }
    previous = line;
    blank = false;
    pageBreak = false;
  }
  if (current !== '') paragraphs.push(current);
  return paragraphs.map((p) => (BULLET.test(p) ? `- ${p.slice(2)}` : p));
}

function firstUrl(text: string): string | null {
  return /https?:\/\/[^\s<>"»)]+/.exec(text)?.[0] ?? null;
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
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
