/**
 * The official XML of a Kamervragen publication, as KOOP publishes it (repository.overheid.nl,
 * the "xml" manifestation): `officiele-publicatie > kamervragen` with the kamervraagkop
 * (vergaderjaar, Kamer), kamervraagnummer (the Aanhangsel number), the two
 * kamervraagomschrijving sentences (who asked whom, who answered, with dates),
 * kamervraagopmerking remarks and numbered vraag / antwoord blocks of `al` paragraphs, lists
 * (`lijst`), tables and footnotes (`noot`). Fixture: test/fixtures/koop/ah-tk-20202021-3235.xml.
 */
import type { Addressee, Answerer, DocumentRef, Footnote, KamervraagDraft, Submitter } from '../model';
import { ParseError } from '../model';
import { isoDate, joinParagraphs, numbersIn, squash } from '../text';
import { parseAnswerHeading, parseQuestionHeading } from './headings';
import {
  type Block, type DomNode, append, assembleEntries, attr, containsMatching, parseXml, childElements, descendants, houseIn, isElement,
  localName, nonEmpty, outermost, rawText, textOf, vergaderjaarIn, zaakOfQuestionsId, } from './domText';
import { publicationUrl } from '../ids';

export function parseKoopXml(xml: string): KamervraagDraft {
  const { doc, root } = parseXml(xml);
  const kamervragen = root === 'kamervragen' ? childElements(doc)[0] : outermost(doc, named('kamervragen'))[0];
  if (root !== 'officiele-publicatie' && root !== 'kamervragen' && kamervragen !== undefined) {
    throw new ParseError(`Not a Kamervragen publication: the root element is <${root}>, not <officiele-publicatie>.`);
  }
  if (kamervragen === undefined) {
    const holds = childElements(childElements(doc)[0] ?? doc).map((el) => `<${el.name}>`).filter((n) => n !== '<metadata>');
    const inside = holds.length > 0 ? `, holding ${holds.slice(0, 3).join(', ')}` : '';
    throw new ParseError(`Not a Kamervragen publication: the XML has no <kamervragen> element (root is <${root}>${inside}).`);
  }

  const kop = outermost(kamervragen, named('kamervraagkop'))[0];
  const kopLine = (inhoud: string): string | undefined => {
    const line = kop ? descendants(kop, (el) => localName(el) === 'tekstregel' && attr(el, 'inhoud') === inhoud)[0] : undefined;
    return line ? textOf(line) : undefined;
  };
  const vergaderjaar = vergaderjaarIn(kopLine('vergaderjaar'));
  const nummerEl = outermost(kamervragen, named('kamervraagnummer'))[0];
  const nummer = nummerEl ? textOf(nummerEl) : undefined;
  const recordId = metadataRecordId(doc);
  const house = houseIn(kopLine('kameraanduiding')) ?? houseIn(recordId);

  const omschrijvingen = outermost(kamervragen, named('kamervraagomschrijving'));
  const questionHeading = omschrijvingen.find((el) => attr(el, 'type') === 'vraag');
  const answerHeading = omschrijvingen.find((el) => attr(el, 'type') === 'antwoord');
  const asked = questionHeading ? readQuestionHeading(questionHeading) : undefined;
  const answered = answerHeading ? readAnswerHeading(answerHeading) : undefined;

  const counter = { footnotes: 0 };
  const blockEls = outermost(kamervragen, (el) => localName(el) === 'vraag' || localName(el) === 'antwoord');
  const blocks = blockEls.map((el) => readBlock(el, localName(el) === 'vraag' ? 'question' : 'answer', counter));
  const remarks = outermost(kamervragen, named('kamervraagopmerking'))
    .map((el) => joinParagraphs(readBody(el, 'question', counter).paragraphs))
    .filter((r) => r.length > 0);

  const hasAnswers = blocks.some((b) => b.kind === 'answer');
  const compactYear = vergaderjaar?.replace('-', '');
  const id = nummer && house && compactYear ? `ah-${house}-${compactYear}-${nummer}` : recordId;
  const kind = id?.startsWith('kv-') || (!id?.startsWith('ah-') && !hasAnswers && !nummer) ? 'questions' : 'answer';
  const documents: DocumentRef[] = id
    ? [{ id, kind, date: (kind === 'answer' ? answered?.date : asked?.submitted) ?? null, url: publicationUrl(id) }]
    : [];

  return {
    zaak: zaakOfQuestionsId(recordId),
    house,
    title: asked?.subject,
    submitted: asked?.submitted,
    answered: answered?.date,
    vergaderjaar,
    submitters: nonEmpty(asked?.submitters),
    addressees: nonEmpty(asked?.addressees),
    answeredBy: nonEmpty(answered?.answeredBy),
    documents: nonEmpty(documents),
    remarks: nonEmpty(remarks),
    entries: assembleEntries(blocks),
  };
}

const named = (name: string) => (el: DomNode): boolean => localName(el) === name;

/** The id in `<meta name="OVERHEIDop.externMetadataRecord" content=".../ah-tk-20202021-3235/metadata.xml">`. */
function metadataRecordId(doc: DomNode): string | undefined {
  const meta = descendants(doc, (el) => localName(el) === 'meta' && attr(el, 'name') === 'OVERHEIDop.externMetadataRecord')[0];
  const content = meta ? attr(meta, 'content') : undefined;
  return /\/((?:ah|kv)-[^/]+)\/metadata[^/]*$/.exec(content ?? '')?.[1];
}

// ---------------------------------------------------------------------------------------------
// The two opening sentences

/** Text of `el` with the [start, end) offsets of the elements `track` selects. */
function trackedText(el: DomNode, track: (el: DomNode) => boolean): { text: string; spans: { el: DomNode; start: number; end: number }[] } {
  let text = '';
  const spans: { el: DomNode; start: number; end: number }[] = [];
  const visit = (node: DomNode): void => {
    if (!isElement(node)) {
      text += rawText(node);
      return;
    }
    if (isNoteMark(node)) return;
    const start = text.length;
    for (const child of node.children ?? []) visit(child);
    if (track(node)) spans.push({ el: node, start, end: text.length });
  };
  for (const child of el.children ?? []) visit(child);
  return { text, spans };
}

const ADDRESS = /\s(?:op\s+\d{1,2}\s+\S+\s+\d{4}\s+medegedeeld\s+)?aan\s+(?:de|het)\s/i;
const GROUP_WORD = /^\s*(?:allen|alle|beiden|beide)\s+/i;

function readQuestionHeading(el: DomNode): { submitters: Submitter[]; addressees: Addressee[]; subject: string | undefined; submitted: string | undefined } {
  const { text, spans } = trackedText(el, named('naam'));
  const heading = parseQuestionHeading(text);
  const names = spans;
  let submitters = heading.submitters;
  if (names.length > 0) {
    // The party stands in the first bracket after a name, before "aan de Minister …":
    // "Van Weyenberg, Romke de Jong en Kat (allen D66)", "Rajkowski (VVD) en Gündoğan (Volt)".
    const lastEnd = names[names.length - 1]!.end;
    const address = ADDRESS.exec(text.slice(lastEnd));
    const limit = address ? lastEnd + address.index : text.length;
    // The next "(" and its ")", found once for a run of names (a search per name is quadratic).
    let open: number | undefined;
    let close = -1;
    submitters = names.map((s) => {
      if (open === undefined || (open !== -1 && open < s.end)) open = text.indexOf('(', s.end);
      if (open >= 0 && close <= open) close = text.indexOf(')', open + 1);
      const inside = open >= 0 && close > open && close < limit ? text.slice(open + 1, close) : undefined;
      const party = inside?.replace(GROUP_WORD, '');
      return { name: textOf(s.el), party: party && squash(party).length > 0 ? squash(party) : null };
    });
  }
  const onderwerp = descendants(el, named('kamervraagonderwerp'))[0];
  const subject = onderwerp ? textOf(onderwerp) : heading.subject;
  return {
    submitters,
    addressees: heading.addressees,
    subject: subject && subject.length > 0 ? subject : undefined,
    submitted: isoDateOf(el) ?? heading.submitted,
  };
}

const OFFICE = /(Minister-president|Viceminister-president|Minister|Staatssecretaris)/gi;

function readAnswerHeading(el: DomNode): { answeredBy: Answerer[]; date: string | undefined } {
  const { text, spans } = trackedText(el, (n) => localName(n) === 'naam' || localName(n) === 'organisatie');
  const heading = parseAnswerHeading(text);
  const names = spans.filter((s) => localName(s.el) === 'naam');
  const organisations = spans.filter((s) => localName(s.el) === 'organisatie');
  let answeredBy = heading.answeredBy;
  if (names.length > 0) {
    // "Antwoord van Minister <naam/> (<organisatie/>) en Staatssecretaris <naam/> (<organisatie/>)"
    let org = 0;
    answeredBy = names.map((s, i) => {
      const from = i > 0 ? names[i - 1]!.end : 0;
      const offices = [...text.slice(from, s.start).matchAll(OFFICE)];
      const office = offices[offices.length - 1]?.[1];
      const until = names[i + 1]?.start ?? text.length;
      while (org < organisations.length && organisations[org]!.start < s.end) org++;
      const organisation = organisations[org] !== undefined && organisations[org]!.start < until ? organisations[org] : undefined;
      const orgName = organisation ? textOf(organisation.el) : undefined;
      const role = office ? (orgName ? `${office} van ${orgName}` : office) : null;
      return { name: textOf(s.el), role, party: null };
    });
  }
  return { answeredBy, date: isoDateOf(el) ?? heading.answered };
}

function isoDateOf(el: DomNode): string | undefined {
  const datum = descendants(el, named('datum'))[0];
  return datum ? isoDate(attr(datum, 'isodatum')) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Question and answer blocks

interface Counter {
  footnotes: number;
}

function readBlock(el: DomNode, kind: 'question' | 'answer', counter: Counter): Block {
  const nr = childElements(el).find(named('nr'));
  const { paragraphs, footnotes } = readBody(el, kind, counter);
  return { kind, numbers: nr ? numbersIn(textOf(nr)) : [], paragraphs, footnotes };
}

const NOTE_MARKS = new Set(['noot', 'noot.ref', 'nootref', 'noot-ref']);
const BLOCKS = new Set(['al', 'lijst', 'tabel', 'tussenkop', 'kop', 'titel']);

function isNoteMark(el: DomNode): boolean {
  return NOTE_MARKS.has(localName(el));
}

const containsBlocks = containsMatching((d) => BLOCKS.has(localName(d)));

/**
 * Paragraphs and footnotes of a vraag, antwoord (or any container of `al`, `lijst`, `tabel`).
 * Loose text and inline elements between blocks form paragraphs of their own.
 */
function readBody(el: DomNode, kind: 'question' | 'answer', counter: Counter, skip: (el: DomNode) => boolean = named('nr')): { paragraphs: string[]; footnotes: Footnote[] } {
  const paragraphs: string[] = [];
  const footnotes: Footnote[] = [];
  let run: DomNode[] = [];
  const inline = (nodes: readonly DomNode[]): string => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      const notes = localName(node) === 'noot' ? [node] : outermost(node, named('noot'));
      for (const note of notes) footnotes.push(readNote(note, kind, counter));
    }
    return squash(nodes.map((n) => rawText(n, isNoteMark)).join(''));
  };
  const flush = (): void => {
    const text = inline(run);
    if (text.length > 0) paragraphs.push(text);
    run = [];
  };
  for (const child of el.children ?? []) {
    if (!isElement(child)) {
      run.push(child);
      continue;
    }
    if (skip(child)) continue;
    const name = localName(child);
    if (name === 'lijst') {
      flush();
      const list = readList(child, kind, counter);
      append(paragraphs, list.paragraphs);
      append(footnotes, list.footnotes);
    } else if (name === 'tabel') {
      flush();
      const table = readTable(child, kind, counter);
      append(paragraphs, table.paragraphs);
      append(footnotes, table.footnotes);
    } else if (name !== 'al' && containsBlocks(child)) {
      flush();
      const inner = readBody(child, kind, counter);
      append(paragraphs, inner.paragraphs);
      append(footnotes, inner.footnotes);
    } else if (BLOCKS.has(name)) {
      flush();
      run = [child];
      flush();
    } else {
      run.push(child);
    }
  }
  flush();
  return { paragraphs, footnotes };
}

/** `lijst > li > li.nr + al…` → "- text", "1. text", "a. text"; nested lists follow their item. */
function readList(lijst: DomNode, kind: 'question' | 'answer', counter: Counter): { paragraphs: string[]; footnotes: Footnote[] } {
  const paragraphs: string[] = [];
  const footnotes: Footnote[] = [];
  const closing = attr(lijst, 'nr-sluiting') ?? '';
  for (const li of childElements(lijst).filter(named('li'))) {
    const nr = childElements(li).find(named('li.nr'));
    const item = readBody(li, kind, counter, named('li.nr'));
    append(footnotes, item.footnotes);
    const mark = listMark(nr ? textOf(nr) : undefined, attr(lijst, 'type'), closing);
    const [first, ...rest] = item.paragraphs;
    if (first === undefined) continue;
    paragraphs.push(mark ? `${mark} ${first}` : first);
    append(paragraphs, rest);
  }
  return { paragraphs, footnotes };
}

function listMark(printed: string | undefined, type: string | undefined, closing: string): string {
  if (printed === undefined || printed.length === 0) return type === 'ongemarkeerd' ? '' : '-';
  if (/^[-–—•·▪◦*]$/.test(printed)) return '-';
  if (/^[0-9a-z]+$/i.test(printed)) return `${printed}${closing}`;
  return printed;
}

/** CALS (`row` / `entry`) or HTML-like (`tr` / `td`) rows → one paragraph per row, cells joined by " | ". */
function readTable(tabel: DomNode, kind: 'question' | 'answer', counter: Counter): { paragraphs: string[]; footnotes: Footnote[] } {
  const paragraphs: string[] = [];
  const footnotes: Footnote[] = [];
  const title = childElements(tabel).find(named('titel'));
  if (title) {
    const caption = readBody(title, kind, counter);
    paragraphs.push(caption.paragraphs.join(' '));
    append(footnotes, caption.footnotes);
  }
  for (const row of descendants(tabel, (el) => localName(el) === 'row' || localName(el) === 'tr')) {
    const cells = childElements(row).filter((c) => ['entry', 'td', 'th'].includes(localName(c)));
    const texts = cells.map((cell) => {
      const body = readBody(cell, kind, counter);
      append(footnotes, body.footnotes);
      return body.paragraphs.join(' ');
    });
    if (texts.some((t) => t.length > 0)) paragraphs.push(texts.join(' | '));
  }
  return { paragraphs, footnotes };
}

function noteText(noot: DomNode): string {
  const als = childElements(noot).filter(named('noot.al'));
  if (als.length > 0) return joinParagraphs(als.map((al) => textOf(al)));
  return textOf(noot, named('noot.nr'));
}

/** `noot > noot.nr + noot.al` with an optional `extref` (soort URL: a web address; soort document: an official publication). */
function readNote(noot: DomNode, kind: 'question' | 'answer', counter: Counter): Footnote {
  counter.footnotes++;
  const nr = childElements(noot).find(named('noot.nr'));
  const number = Number.parseInt(nr ? textOf(nr) : '', 10);
  let url: string | null = null;
  let document: string | null = null;
  for (const ref of descendants(noot, named('extref'))) {
    const doc = (attr(ref, 'doc') ?? '').trim();
    const soort = (attr(ref, 'soort') ?? '').toLowerCase();
    if (doc.length === 0) continue;
    if (soort === 'document' && !/^https?:/i.test(doc)) {
      document = doc;
      url = publicationUrl(doc);
    } else if (/^(?:https?:\/\/|www\.)/i.test(doc)) {
      url = doc;
    } else {
      continue;
    }
    break;
  }
  return { number: Number.isNaN(number) ? counter.footnotes : number, text: noteText(noot), url, document, in: kind };
}
