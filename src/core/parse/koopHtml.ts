/**
 * KOOP HTML of a Kamervragen publication, in two shapes:
 * - the repository.overheid.nl "html" manifestation (XHTML): the metadata as `<meta>` tags in the
 *   head (DC.identifier, OVERHEIDop.vraagnummer, indiener, ontvanger, datumOntvangst, …) and
 *   div#broodtekst with h1.kamervraagomschrijving_kop headings and div.vraag / div.antwoord
 *   blocks, each an h2 label ("Vraag 1") and paragraphs;
 * - the zoek.officielebekendmakingen.nl page, whose document body uses the same blocks, with
 *   footnote marks (a.nootnum) in the text and the footnotes in div#noten (div.voet.noot).
 * Fixtures: test/fixtures/koop/ah-tk-20202021-3235.repository.html and the 2016 page fragments
 * in test/fixtures/openkamer-2016/.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { Document } from 'domhandler';
import type { KamervraagDraft } from '../model';
import { ParseError } from '../model';
import { numbersIn, squash } from '../text';
import { isAnswerHeading, isQuestionHeading, parseAnswerHeading, parseQuestionHeading } from './headings';
import {
  type Block, type DomNode, append, assembleEntries, attr, containsMatching, childElements, descendants, hasClass, isElement,
  localName, nonEmpty, parseHtml, rawText, textOf, } from './domText';
import { draftFromMetaFields, fieldKey } from './metadata';
import { publicationUrl } from '../ids';

export function parseKoopHtml(html: string): KamervraagDraft {
  // Parsed once, refusing a page that was cut off (parseHtml, htmlparser2's DOM), and queried with cheerio.
  const $ = load(parseHtml(html) as unknown as Document);
  const doc = $.root()[0] as unknown as DomNode;
  const blocksSelector = 'div.vraag, div.antwoord';
  const blockEls = $(blocksSelector).filter((_, el) => $(el).parents(blocksSelector).length === 0).toArray() as unknown as DomNode[];
  if (!blockEls.some((el) => hasClass(el, 'vraag'))) {
    const title = $('title').toArray().map((el) => squash($(el).text())).find((t) => t.length > 0);
    throw new ParseError(`Not a Kamervragen page: the HTML has no question blocks (div.vraag)${title ? ` — its title is "${title}"` : ''}.`);
  }

  const meta = metaDraft($);
  const headings = descendants(doc, (el) => classes(el).some((c) => c.startsWith('kamervraagomschrijving')))
    .map((el) => textOf(el, isMark));
  const questionText = headings.find(isQuestionHeading);
  const answerText = headings.find(isAnswerHeading);
  const asked = questionText ? parseQuestionHeading(questionText) : undefined;
  const answered = answerText ? parseAnswerHeading(answerText) : undefined;
  const remarks = descendants(doc, (el) => classes(el).some((c) => c.startsWith('kamervraagopmerking')))
    .map((el) => textOf(el, isMark))
    .filter((t) => t.length > 0);

  const notes = new NoteIndex(collectNotes(doc));
  const used = new Set<Note>();
  const blocks: Block[] = blockEls.map((el) => {
    const kind: Block['kind'] = hasClass(el, 'vraag') ? 'question' : 'answer';
    const label = childElements(el).find(isLabel);
    const body = readBody(el, (child) => child === label);
    const footnotes = body.marks.flatMap((mark) => {
      const note = mark.inline ?? notes.find(mark, used);
      if (note === undefined) return [];
      used.add(note);
      return [{ number: note.number ?? mark.number ?? used.size, text: note.text, url: note.url, document: note.document, in: kind }];
    });
    return { kind, numbers: label ? numbersIn(textOf(label)) : [], paragraphs: body.paragraphs, footnotes };
  });

  const pick = <T>(list: T[] | undefined, fallback: T[] | undefined): T[] | undefined =>
    nonEmpty(list) ?? fallback;
  return {
    ...meta,
    title: meta.title ?? asked?.subject,
    submitted: asked?.submitted ?? meta.submitted,
    answered: answered?.answered ?? meta.answered,
    submitters: pick(asked?.submitters, meta.submitters),
    addressees: pick(asked?.addressees, meta.addressees),
    answeredBy: pick(answered?.answeredBy, meta.answeredBy),
    remarks: nonEmpty(remarks),
    entries: assembleEntries(blocks),
  };
}

function classes(el: DomNode): string[] {
  return (attr(el, 'class') ?? '').split(/\s+/).filter((c) => c.length > 0);
}

/** The `<meta name content>` tags of the head, read as a metadata record. */
function metaDraft($: CheerioAPI): KamervraagDraft {
  const fields = new Map<string, string[]>();
  for (const el of $('meta[name]').toArray()) {
    const name = $(el).attr('name')!;
    if (!/^(?:DC|DCTERMS|OVERHEID|OVERHEIDop)\./i.test(name)) continue;
    const key = fieldKey(name);
    fields.set(key, [...(fields.get(key) ?? []), $(el).attr('content') ?? '']);
  }
  return fields.size > 0 ? draftFromMetaFields(fields) : {};
}

/** "Vraag 1" / "Antwoord 5, 6": the heading that labels a block. */
function isLabel(el: DomNode): boolean {
  return /^h[1-6]$/.test(localName(el)) || hasClass(el, 'stuktitel');
}

// ---------------------------------------------------------------------------------------------
// Footnotes

interface Note {
  /** Ids a mark can point to: the note's own and those of anchors inside it. */
  ids: string[];
  number: number | undefined;
  text: string;
  url: string | null;
  document: string | null;
}

interface Mark {
  target: string | undefined;
  number: number | undefined;
  /** A footnote printed in place (an element of class noot inside the text). */
  inline: Note | undefined;
}

/**
 * A footnote mark in the running text: a.nootnum, an element of class noot holding only a
 * number, or a sup holding a mark or a link to a note.
 */
function isMark(el: DomNode): boolean {
  const cls = classes(el);
  if (cls.some((c) => c === 'nootnum' || c === 'noot-ref' || c === 'nootref')) return true;
  if (cls.includes('noot') && /^\d*$/.test(textOf(el))) return true;
  if (localName(el) !== 'sup') return false;
  return descendants(el, (d) => hasClass(d, 'nootnum') || (localName(d) === 'a' && (attr(d, 'href') ?? '').startsWith('#'))).length > 0;
}

/** A footnote printed in place: an element of class noot that is not a mark. */
function isInlineNote(el: DomNode): boolean {
  return hasClass(el, 'noot') && !isMark(el);
}

/** Every footnote printed apart from the text: div.noot (in div#noten), or the children of #noten. */
function collectNotes(doc: DomNode): Note[] {
  const inBlocks = (el: DomNode): boolean => localName(el) === 'div' && (hasClass(el, 'vraag') || hasClass(el, 'antwoord'));
  const outside: DomNode[] = [];
  const visit = (node: DomNode): void => {
    for (const child of childElements(node)) {
      if (inBlocks(child)) continue;
      if (isInlineNote(child)) outside.push(child);
      else visit(child);
    }
  };
  visit(doc);
  if (outside.length === 0) {
    const noten = descendants(doc, (el) => attr(el, 'id') === 'noten')[0];
    if (noten) append(outside, childElements(noten).filter((el) => !['hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(localName(el))));
  }
  return outside.map(readNote);
}

function readNote(el: DomNode): Note {
  const ids = [el, ...descendants(el, () => true)]
    .flatMap((n) => [attr(n, 'id'), localName(n) === 'a' ? attr(n, 'name') : undefined])
    .filter((id): id is string => id !== undefined && id.length > 0);
  const numberEl = descendants(el, (d) => hasClass(d, 'nootnum') || localName(d) === 'sup')[0];
  const skip = (d: DomNode): boolean => d === numberEl || hasClass(d, 'note-close') || localName(d) === 'script';
  let text = textOf(el, skip);
  let number = numberEl ? Number.parseInt(textOf(numberEl), 10) : Number.NaN;
  if (numberEl === undefined) {
    // "1 Zie …" or "1) Zie …" with the number printed as text.
    const m = /^(\d+)\)?\s+(.*)$/s.exec(text);
    if (m) {
      number = Number(m[1]);
      text = m[2]!;
    }
  }
  let url: string | null = null;
  let document: string | null = null;
  for (const a of descendants(el, (d) => localName(d) === 'a')) {
    const href = (attr(a, 'href') ?? '').trim();
    if (href.length === 0 || href.startsWith('#') || hasClass(a, 'note-close')) continue;
    const publication = /^(?:https?:\/\/zoek\.officielebekendmakingen\.nl\/)?([a-z]+(?:-[a-z0-9]+)+)\.html(?:[?#].*)?$/i.exec(href);
    if (publication) {
      document = publication[1]!;
      url = /^https?:/i.test(href) ? href : publicationUrl(document);
    } else if (/^(?:https?:)?\/\//i.test(href)) {
      url = href.startsWith('//') ? `https:${href}` : href;
    } else {
      continue;
    }
    break;
  }
  return { ids, number: Number.isNaN(number) ? undefined : number, text: squash(text), url, document };
}

/** The notes by id and by number, so that finding each mark's note does not scan them all. */
class NoteIndex {
  private readonly byId = new Map<string, Note>();
  private readonly byNumber = new Map<number, { notes: Note[]; unused: number }>();

  constructor(notes: readonly Note[]) {
    for (const note of notes) {
      for (const id of note.ids) if (!this.byId.has(id)) this.byId.set(id, note);
      if (note.number === undefined) continue;
      const same = this.byNumber.get(note.number);
      if (same) same.notes.push(note);
      else this.byNumber.set(note.number, { notes: [note], unused: 0 });
    }
  }

  /** The note a mark points to: by its href, or else by its number among the notes not yet used. */
  find(mark: Mark, used: ReadonlySet<Note>): Note | undefined {
    const byId = mark.target !== undefined ? this.byId.get(mark.target) : undefined;
    if (byId) return byId;
    const same = mark.number === undefined ? undefined : this.byNumber.get(mark.number);
    if (!same) return undefined;
    // Notes only ever become used, so the first unused one never moves back.
    while (same.unused < same.notes.length && used.has(same.notes[same.unused]!)) same.unused++;
    return same.notes[same.unused] ?? same.notes[0];
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const BLOCK_TAGS = new Set(['p', 'div', 'blockquote', 'ul', 'ol', 'li', 'table', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dl', 'dt', 'dd']);

const containsBlocks = containsMatching((d) => BLOCK_TAGS.has(localName(d)));

/** Paragraphs of a block (marks and inline footnotes taken out), and the marks in order. */
function readBody(el: DomNode, skip: (el: DomNode) => boolean): { paragraphs: string[]; marks: Mark[] } {
  const paragraphs: string[] = [];
  const marks: Mark[] = [];
  let run: DomNode[] = [];
  const flush = (): void => {
    for (const node of run) collectMarks(node, marks);
    const text = squash(run.map((n) => rawText(n, (d) => isMark(d) || isInlineNote(d))).join(''));
    if (text.length > 0) paragraphs.push(text);
    run = [];
  };
  const readInto = (node: DomNode): void => {
    const inner = readBody(node, () => false);
    append(paragraphs, inner.paragraphs);
    append(marks, inner.marks);
  };
  for (const child of el.children ?? []) {
    if (!isElement(child)) {
      run.push(child);
      continue;
    }
    if (skip(child) || ['script', 'style'].includes(localName(child))) continue;
    const name = localName(child);
    if (name === 'ul' || name === 'ol') {
      flush();
      childElements(child).filter((li) => localName(li) === 'li').forEach((li, i) => {
        const item = readBody(li, () => false);
        append(marks, item.marks);
        const [firstPara, ...rest] = item.paragraphs;
        if (firstPara === undefined) return;
        paragraphs.push(withListMark(firstPara, name === 'ol' ? `${Number(attr(child, 'start') ?? 1) + i}.` : '-'));
        append(paragraphs, rest);
      });
    } else if (name === 'table') {
      flush();
      for (const row of descendants(child, (d) => localName(d) === 'tr')) {
        const cells = childElements(row).filter((c) => localName(c) === 'td' || localName(c) === 'th').map((cell) => {
          const body = readBody(cell, () => false);
          append(marks, body.marks);
          return body.paragraphs.join(' ');
        });
        if (cells.some((c) => c.length > 0)) paragraphs.push(cells.join(' | '));
      }
    } else if (BLOCK_TAGS.has(name)) {
      flush();
      if (containsBlocks(child)) readInto(child);
      else {
        run = [child];
        flush();
      }
    } else {
      run.push(child);
    }
  }
  flush();
  return { paragraphs, marks };
}

/** Keep a printed mark ("–", "1.", "a)") normalised; add `fallback` when the item has none. */
function withListMark(text: string, fallback: string): string {
  const printed = /^([-–—•·▪◦*]|\d+[.)]|[a-z][.)])\s+/i.exec(text);
  if (!printed) return `${fallback} ${text}`;
  return /^[-–—•·▪◦*]$/.test(printed[1]!) ? `- ${text.slice(printed[0].length)}` : text;
}

function collectMarks(node: DomNode, marks: Mark[]): void {
  if (!isElement(node)) return;
  if (isMark(node)) {
    const link = localName(node) === 'a' ? node : descendants(node, (d) => localName(d) === 'a')[0];
    const href = link ? attr(link, 'href') : undefined;
    const number = Number.parseInt(textOf(node), 10);
    marks.push({
      target: href?.startsWith('#') ? fragmentId(href.slice(1)) : undefined,
      number: Number.isNaN(number) ? undefined : number,
      inline: undefined,
    });
    return;
  }
  if (isInlineNote(node)) {
    const note = readNote(node);
    marks.push({ target: undefined, number: note.number, inline: note });
    return;
  }
  for (const child of node.children ?? []) collectMarks(child, marks);
}

/** "#n%C3%AB1" → "në1"; a malformed escape stays as it is written (decodeURIComponent would throw). */
function fragmentId(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
