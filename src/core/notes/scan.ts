/**
 * Finding Kamervraag references in a Markdown note (pure; the language server uses it).
 *
 * What counts as a reference:
 * - an identifier or one of our links (`findIds`: zaaknummer, kv-/ah- ids, links to the official
 *   sites, tweedekamer.nl and openkamer.org), with the questions it names when "vraag 3",
 *   "antwoord op vraag 4" or "de vragen 5 en 6" follows it;
 * - a Pandoc citation key of ours (citationKey.ts): `[@kamervraag2023Z11786, vraag 3]`,
 *   `@kamervraagahtk2023202499`, one of `[@a; @b]`, with the questions that follow it as after an id;
 *   keys of other bibliographies (`@jansen2020`) and `@` in e-mail addresses are not ours;
 * - the quote marker `<!-- kamervraag:KEY vraag=N[,N] -->` (cite.ts), and the block quote above it:
 *   its text with `> ` stripped and Markdown unescaped, each character mapped to its offset in the
 *   note, so that a difference can be shown where it is.
 * Text that only looks like an identifier ("2023Z1178", "ah-tk-20232025-99", a marker whose key is
 * not an id, a key "@kamervraag2023Z1178") is reported as malformed.
 *
 * Ignored: fenced code blocks (``` and ~~~), indented code blocks (four spaces or a tab after a
 * blank line, outside lists), inline code spans. Line endings may be \n or \r\n.
 *
 * Incremental: a note is cut into blocks (runs of non-blank lines; a fence is a block of its own)
 * by one pass over its lines; each block is scanned on its own with offsets relative to it, and a
 * `NoteScanner` keeps those results keyed by the block's text, so after an edit only the blocks
 * whose text changed are scanned again.
 */
import { CITATION_KEY, idOfCitationKey, LOOKS_LIKE_KEY } from '../citationKey';
import { findIds, tryParseId, type IdMatch, type KamervraagId } from '../ids';
import { attribute, attributionsIn, inlineQuotes, type Attribution, type AttributedQuote, type BlockQuotes, type Candidate } from './attributed';
import { numbersIn } from '../text';

export type ReferenceKind = 'id' | 'link' | 'key' | 'marker';

/** A piece of the note that names a Kamervraag. Offsets are into the note; `end` is exclusive. */
export interface Reference {
  kind: ReferenceKind;
  id: KamervraagId;
  start: number;
  end: number;
  /** As written: the id, the link, the key with its `@`, the marker's key. */
  text: string;
  /** The questions it names: "vraag 3" after it, or the marker's vraag=; empty for the whole Kamervraag. */
  questions: number[];
  /** The "vraag 3" after an id, when there is one. */
  questionRange?: { start: number; end: number };
}

export type MalformedKind = 'zaak' | 'document' | 'key' | 'marker';

/** Text that looks like an identifier but is not one. */
export interface Malformed {
  kind: MalformedKind;
  start: number;
  end: number;
  text: string;
}

/** A line of a quote's body: where it starts and ends, and where its text starts after `> `. */
export interface QuoteLine {
  start: number;
  end: number;
  contentStart: number;
}

/** What a quote says, relative to its block; shared between scans while the block is unchanged. */
export interface QuoteBody {
  /** The quoted text: `> ` stripped, Markdown unescaped, lines of a paragraph joined by a space, paragraphs by a blank line. */
  readonly text: string;
  /** For each character of `text`, its offset relative to the block. */
  readonly offsets: Int32Array;
  readonly lines: readonly QuoteLine[];
}

/**
 * A quote block written by the insert command (or by hand in its format). Its offsets are relative
 * to `base`, the start of the block it stands in, so that an unchanged block's quote is reused as
 * it is when text above it moves.
 */
export interface Quote {
  /** The marker's key as written, and the id it names (undefined when it is not an id). */
  key: string;
  /** What is quoted: the answer, or (marker `tekst=vraag`) the question. */
  part: 'answer' | 'question';
  id: KamervraagId | undefined;
  questions: number[];
  /** Absolute offset of the block; every other offset here is relative to it. */
  base: number;
  /** The whole quote: first body line to the end of the marker line. */
  start: number;
  end: number;
  /** The body lines; empty when the quote has no text. */
  lines: readonly QuoteLine[];
  /** The citation line, which carries the marker, and the marker itself. */
  citationStart: number;
  markerStart: number;
  markerEnd: number;
  body: QuoteBody;
}

export interface NoteScan {
  references: Reference[];
  malformed: Malformed[];
  quotes: Quote[];
  /** Quotes without our marker that a citation attributes to a Kamervraag. */
  attributed: AttributedQuote[];
  /** Number of blocks, and of blocks whose scan came from the cache. */
  blocks: number;
  reused: number;
}

/** The scan of one block, offsets relative to the block. */
interface BlockScan {
  references: Reference[];
  malformed: Malformed[];
  quotes: Quote[];
  /** Quotes without our marker (attributed.ts). */
  candidates: Candidate[];
  /**
   * What may attribute quotes: in a block with quotes of its own, all of it; in a block without, its
   * first attribution only (all a quote in the paragraph before can use), looked for when first asked.
   */
  attributions(): readonly Attribution[];
}

const NONE: readonly Attribution[] = [];
const EMPTY: BlockScan = { references: [], malformed: [], quotes: [], candidates: [], attributions: () => NONE };

// ---------------------------------------------------------------------------------------------
// Blocks

/** Calls `fn` for every run of non-blank lines outside code blocks: [start, end) of its text. */
export function forEachTextBlock(text: string, fn: (start: number, end: number) => void): void {
  let fence: { char: string; length: number } | undefined;
  let blockStart = -1;
  let blockEnd = -1;
  let inList = false;
  let afterBlank = true;
  let pos = 0;
  const length = text.length;
  while (pos <= length) {
    let next = text.indexOf('\n', pos);
    if (next < 0) next = length;
    let end = next;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const lineStart = pos;
    pos = next + 1;

    // Leading spaces and tabs: their width decides code and fences.
    let i = lineStart;
    let width = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32) width++;
      else if (c === 9) width += 4 - (width % 4);
      else break;
      i++;
    }
    const blank = i === end;

    if (fence) {
      if (width < 4 && isFenceClose(text, i, end, fence)) fence = undefined;
      afterBlank = false;
      continue;
    }
    if (blank) {
      if (blockStart >= 0) fn(blockStart, blockEnd);
      blockStart = -1;
      afterBlank = true;
      continue;
    }
    const first = text.charCodeAt(i);
    if (width < 4 && (first === 96 || first === 126)) {
      const open = fenceOpen(text, i, end);
      if (open) {
        if (blockStart >= 0) fn(blockStart, blockEnd);
        blockStart = -1;
        fence = open;
        afterBlank = false;
        continue;
      }
    }
    // An indented line after a blank line is code, except as the continuation of a list item.
    if (width >= 4 && blockStart < 0 && (!inList || width >= 8)) {
      afterBlank = false;
      continue;
    }
    if (width < 4 && isListMarker(text, i, end)) inList = true;
    else if (width === 0 && afterBlank) inList = false;
    if (blockStart < 0) blockStart = lineStart;
    blockEnd = end;
    afterBlank = false;
  }
  if (blockStart >= 0) fn(blockStart, blockEnd);
}

function fenceOpen(text: string, i: number, end: number): { char: string; length: number } | undefined {
  const c = text.charCodeAt(i);
  let j = i;
  while (j < end && text.charCodeAt(j) === c) j++;
  if (j - i < 3) return undefined;
  // A backtick fence's info string may not contain a backtick (else it is inline code).
  if (c === 96 && text.slice(j, end).includes('`')) return undefined;
  return { char: text[i]!, length: j - i };
}

function isFenceClose(text: string, i: number, end: number, fence: { char: string; length: number }): boolean {
  const c = fence.char.charCodeAt(0);
  let j = i;
  while (j < end && text.charCodeAt(j) === c) j++;
  if (j - i < fence.length) return false;
  while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j === end;
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

function isListMarker(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== 45 && c !== 43 && c !== 42 && (c < 48 || c > 57)) return false;
  return LIST_MARKER.test(text.slice(i, Math.min(end, i + 12)));
}

// ---------------------------------------------------------------------------------------------
// Scanning

/**
 * Scans notes, remembering each block's result by its text for the next scan. Blocks are matched
 * with the previous scan's in order first (an edit changes one block or two; comparing two strings
 * is a memory compare), by their text (hashed) only when that fails.
 */
export class NoteScanner {
  private blocks: Array<{ text: string; scan: BlockScan }> = [];

  /** Every reference, malformed identifier and quote in `text`, in order. */
  scan(text: string): NoteScan {
    text = flat(text);
    const previous = this.blocks;
    const blocks: Array<{ text: string; scan: BlockScan }> = [];
    let byText: Map<string, BlockScan> | undefined;
    let cursor = 0;
    let misses = 0;
    const out: NoteScan = { references: [], malformed: [], quotes: [], attributed: [], blocks: 0, reused: 0 };
    const quoting: BlockQuotes[] = [];
    forEachTextBlock(text, (start, end) => {
      const block = text.slice(start, end);
      out.blocks++;
      let scan: BlockScan | undefined;
      // In order: the block in the same place as last time, or next to it (a block was added or removed).
      for (let k = Math.max(0, cursor - 1); k < cursor + 2 && k < previous.length; k++) {
        if (previous[k]!.text === block) {
          scan = previous[k]!.scan;
          cursor = k + 1;
          break;
        }
      }
      // Blocks moved (a paste, a sort): look them up by text.
      if (!scan && misses >= 2) {
        byText ??= new Map(previous.map((b) => [b.text, b.scan]));
        scan = byText.get(block);
      }
      if (scan) {
        out.reused++;
        misses = 0;
      } else {
        scan = scanBlock(block);
        misses++;
        cursor++;
      }
      blocks.push({ text: block, scan });
      if (scan === EMPTY) return;
      // Blocks with quotes, and the block after each (which may attribute them).
      const index = out.blocks - 1;
      const before = quoting[quoting.length - 1];
      if (scan.candidates.length > 0 || (before?.index === index - 1 && before.candidates.length > 0 && scan.attributions().length > 0)) {
        quoting.push({ index, base: start, candidates: scan.candidates, attributions: scan.attributions() });
      }
      for (const r of scan.references) out.references.push(shiftReference(r, start));
      for (const m of scan.malformed) out.malformed.push({ ...m, start: m.start + start, end: m.end + start });
      for (const q of scan.quotes) out.quotes.push({ ...q, base: start });
    });
    this.blocks = blocks;
    if (quoting.length > 0) out.attributed = attribute(quoting);
    return out;
  }
}

/**
 * The text as one flat string. An edited document's text is a concatenation of pieces (V8 "cons"
 * string); every character read of it goes through that indirection, which made scanning a 1 MB note
 * ten times slower. A no-op replace returns a flat copy (one memory copy).
 */
function flat(text: string): string {
  return text.replace(/^/, '');
}

/** One-off scan without a cache. */
export function scanNote(text: string): NoteScan {
  return new NoteScanner().scan(text);
}

function shiftReference(r: Reference, by: number): Reference {
  const out: Reference = { ...r, start: r.start + by, end: r.end + by };
  if (r.questionRange) out.questionRange = { start: r.questionRange.start + by, end: r.questionRange.end + by };
  return out;
}

/** Quick reject: a block without a digit cannot hold an identifier or a marker. */
const HAS_DIGIT = /\d/;
/** The quote marker (cite.ts QUOTE_MARKER and QUESTION_QUOTE_MARKER): `<!-- kamervraag:KEY vraag=N[,N] [tekst=vraag] -->`. */
const MARKER = /<!--\s*kamervraag:([A-Za-z0-9-]+)\s+vraag=(\d+(?:,\d+)*)(?:\s+tekst=(vraag|antwoord))?\s*-->/y;
/** Anything that looks like it means to be an identifier. */
const LOOKS_LIKE_ID = /(?<![\p{L}\p{N}_\-/.])(?:(?:19|20)\d{2}[Zz]\d+|(?:kv|ah)-(?:tk|ek)-[\p{L}\p{N}-]*[\p{L}\p{N}])(?![\p{L}\p{N}_])/giu;
/** Other web addresses: identifiers inside them are not ours to judge. */
const ANY_URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"'`()[\]{}]+/gi;
/** "vraag 3", "antwoord op vraag 4", "de vragen 5 en 6" just after an identifier; "@key [vraag 3]" is Pandoc's locator of a key in running text. */
const QUESTION_SUFFIX = /[)\]]?[ \t]*,?[ \t]*[([]?[ \t]*(?:(?:het[ \t]+)?antwoord(?:en)?[ \t]+op[ \t]+)?(?:de[ \t]+)?(?:vraag|vragen|question|questions)[ \t]+(\d{1,3}(?![\p{L}\p{N}])(?:[ \t]*(?:,|en|and|&|t\/m|-|–)[ \t]*\d{1,3}(?![\p{L}\p{N}]))*)/iuy;
const QUOTE_LINE = /^ {0,3}> ?/;
const CITATION_LINE = /^ {0,3}>[ \t]*(?:—|–|--)/;

/** Quick reject: a block without a digit, quotation mark or block quote has nothing for us. */
const MAY_QUOTE = /[„“"‘'>]/;

function scanBlock(block: string): BlockScan {
  const hasDigit = HAS_DIGIT.test(block);
  if (!hasDigit && !MAY_QUOTE.test(block)) return EMPTY;
  const skip = codeSpans(block);
  const inSkip = (a: number, b: number): boolean => skip.some(([s, e]) => a < e && b > s);
  const references: Reference[] = [];
  const malformed: Malformed[] = [];
  const markers: MarkerMatch[] = [];

  if (hasDigit) {
    // Tried where a comment opens (found by `indexOf`, five times faster than the expression's own search).
    for (let at = block.indexOf('<!--'); at >= 0; at = block.indexOf('<!--', at + 1)) {
      MARKER.lastIndex = at;
      const m = MARKER.exec(block);
      if (!m) continue;
      const start = at;
      const end = start + m[0].length;
      if (inSkip(start, end)) continue;
      const key = m[1]!;
      const id = tryParseId(key);
      const questions = m[2]!.split(',').map(Number);
      markers.push({ start, end, key, id, questions, part: m[3] === 'vraag' ? 'question' : 'answer' });
      const keyStart = start + m[0].indexOf(key);
      if (id) references.push({ kind: 'marker', id, start: keyStart, end: keyStart + key.length, text: key, questions });
      else malformed.push({ kind: 'marker', start: keyStart, end: keyStart + key.length, text: key });
    }
  }
  const inMarker = (a: number, b: number): boolean => markers.some((m) => a < m.end && b > m.start);

  const found = hasDigit ? findIds(block) : [];
  let urls: Array<[number, number]> | undefined;
  const inUrl = (a: number, b: number): boolean => {
    urls ??= [...block.matchAll(ANY_URL)].map((u) => [u.index, u.index + u[0].length] as [number, number]);
    return urls.some(([s, e]) => a < e && b > s);
  };
  const keys = hasDigit && block.includes('@') ? keysIn(block, (a, b) => inSkip(a, b) || inMarker(a, b) || inUrl(a, b), malformed) : [];
  for (const f of keys.length > 0 ? [...found, ...keys] : found) {
    if (inSkip(f.start, f.end) || inMarker(f.start, f.end)) continue;
    const kind: ReferenceKind = keys.length > 0 && keys.includes(f) ? 'key' : /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|[a-z0-9-]+\.[a-z])/i.test(f.text) ? 'link' : 'id';
    const ref: Reference = { kind, id: f.id, start: f.start, end: f.end, text: f.text, questions: [] };
    QUESTION_SUFFIX.lastIndex = f.end;
    const q = QUESTION_SUFFIX.exec(block);
    if (q) {
      ref.questions = numbersIn(q[1]!);
      ref.questionRange = { start: f.end, end: q.index + q[0].length };
    }
    references.push(ref);
  }

  if (hasDigit) {
    for (const m of block.matchAll(LOOKS_LIKE_ID)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start) || inSkip(start, end) || inMarker(start, end) || inUrl(start, end)) continue;
      malformed.push({ kind: /^\d/.test(m[0]) ? 'zaak' : 'document', start, end, text: m[0] });
    }
  }

  const lines = markers.length > 0 || block.includes('>') ? linesOf(block) : undefined;
  const quotes = markers.length > 0 ? quotesOf(block, markers, lines!) : [];
  const skipAttribution = inSpanOrMarker(skip, markers);
  // Keys attribute quotes as ids do (attributed.ts reads other Pandoc keys itself).
  const ids = (keys.length > 0 ? [...found, ...keys].sort((a, b) => a.start - b.start) : found).filter((f) => !inMarker(f.start, f.end));
  let all: Attribution[] | undefined;
  const allAttributions = (): Attribution[] => (all ??= attributionsIn(block, ids, skipAttribution));
  const blockQuotes = lines ? blockQuoteCandidates(block, lines, quotes, allAttributions) : [];
  const inQuoteLine = (a: number, b: number): boolean => blockQuotes.some((q) => a < q.runEnd && b > q.runStart) || quotes.some((q) => a < q.end && b > q.start);
  const candidates: Candidate[] = [
    ...blockQuotes.map((q) => q.candidate),
    ...(lines && lines.every((l) => QUOTE_LINE.test(block.slice(l.start, l.end))) ? [] : inlineQuotes(block, (a, b) => inSkip(a, b) || inMarker(a, b) || inQuoteLine(a, b))),
  ].sort((a, b) => a.start - b.start);
  references.sort((a, b) => a.start - b.start);
  malformed.sort((a, b) => a.start - b.start);
  if (candidates.length > 0) {
    const attributions = allAttributions();
    return { references, malformed, quotes, candidates, attributions: () => attributions };
  }
  // A block without quotes of its own attributes at most the quote of the paragraph before: its first
  // attribution, looked for only when that paragraph has a quote (most blocks follow none).
  const firstAttribution = lazyFirstAttribution(block, ids, skipAttribution);
  if (references.length === 0 && malformed.length === 0 && quotes.length === 0 && firstAttribution().length === 0) return EMPTY;
  return { references, malformed, quotes, candidates, attributions: firstAttribution };
}

/** Whether [a, b) overlaps a code span or a marker (a closure over those only: a block's scan keeps it). */
function inSpanOrMarker(spans: ReadonlyArray<[number, number]>, markers: readonly MarkerMatch[]): (a: number, b: number) => boolean {
  return (a, b) => spans.some(([s, e]) => a < e && b > s) || markers.some((m) => a < m.end && b > m.start);
}

/** A block's first attribution, looked for once when first asked (a closure over what it needs only). */
function lazyFirstAttribution(block: string, ids: ReturnType<typeof findIds>, skip: (a: number, b: number) => boolean): () => readonly Attribution[] {
  let first: Attribution[] | undefined;
  return () => (first ??= attributionsIn(block, ids, skip, true));
}

/**
 * Our Pandoc citation keys in a block, as identifier matches (the whole `@key`); keys that mean to be
 * ours but name no identifier go to `malformed`. `skip`: code, markers and other web addresses.
 */
function keysIn(block: string, skip: (a: number, b: number) => boolean, malformed: Malformed[]): IdMatch[] {
  const keys: IdMatch[] = [];
  for (const m of block.matchAll(CITATION_KEY)) {
    const start = m.index;
    const end = start + m[0].length;
    if (skip(start, end)) continue;
    const id = tryParseId(idOfCitationKey(m));
    if (id) keys.push({ id, start, end, text: m[0] });
  }
  for (const m of block.matchAll(LOOKS_LIKE_KEY)) {
    const start = m.index;
    const end = start + m[0].length;
    if (keys.some((k) => k.start === start) || skip(start, end)) continue;
    malformed.push({ kind: 'key', start, end, text: m[0] });
  }
  return keys;
}

/**
 * Block quotes that are not ours: runs of `>` lines without a marker. A "> — …" line ends the quote
 * and is its citation.
 */
function blockQuoteCandidates(block: string, lines: readonly Line[], ours: readonly Quote[], attributionsOf: () => readonly Attribution[]): Array<{ candidate: Candidate; runStart: number; runEnd: number }> {
  const out: Array<{ candidate: Candidate; runStart: number; runEnd: number }> = [];
  const lineText = (n: number): string => block.slice(lines[n]!.start, lines[n]!.end);
  for (let n = 0; n < lines.length; n++) {
    if (!QUOTE_LINE.test(lineText(n))) continue;
    let last = n;
    while (last + 1 < lines.length && QUOTE_LINE.test(lineText(last + 1))) last++;
    const runStart = lines[n]!.start;
    const runEnd = lines[last]!.end;
    const first = n;
    n = last;
    if (ours.some((q) => q.start < runEnd && q.end > runStart)) continue;
    let citation = -1;
    for (let k = first; k <= last; k++) if (CITATION_LINE.test(lineText(k))) { citation = k; break; }
    const bodyEnd = citation >= 0 ? citation - 1 : last;
    const empty = (k: number): boolean => lineText(k).replace(QUOTE_LINE, '').trim() === '';
    let top = first;
    let bottom = bodyEnd;
    while (top <= bottom && empty(top)) top++;
    while (bottom >= top && empty(bottom)) bottom--;
    if (top > bottom) continue;
    const bodyLines: QuoteLine[] = [];
    for (let k = top; k <= bottom; k++) {
      const l = lines[k]!;
      bodyLines.push({ start: l.start, end: l.end, contentStart: l.start + QUOTE_LINE.exec(lineText(k))![0].length });
    }
    const candidate: Candidate = { kind: 'block', start: bodyLines[0]!.contentStart, end: bodyLines[bodyLines.length - 1]!.end, body: bodyOf(block, bodyLines) };
    if (citation >= 0) {
      const from = lines[citation]!.start;
      const own = attributionsOf().filter((a) => a.start >= from && a.end <= runEnd);
      const chosen = own.find((a) => a.id) ?? own[0];
      if (chosen) candidate.ownCitation = chosen;
    }
    out.push({ candidate, runStart, runEnd });
  }
  return out;
}

/** Inline code spans: a run of backticks up to the next run of the same length. */
function codeSpans(block: string): Array<[number, number]> {
  if (!block.includes('`')) return [];
  const runs: Array<[number, number]> = [];
  for (const m of block.matchAll(/(?<!\\)`+/g)) runs.push([m.index, m[0].length]);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < runs.length; i++) {
    const [start, length] = runs[i]!;
    const close = runs.findIndex(([, l], j) => j > i && l === length);
    if (close < 0) continue;
    spans.push([start, runs[close]![0] + length]);
    i = close;
  }
  return spans;
}

interface MarkerMatch {
  start: number;
  end: number;
  key: string;
  id: KamervraagId | undefined;
  questions: number[];
  part: 'answer' | 'question';
}

interface Line {
  start: number;
  end: number;
}

function linesOf(block: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (;;) {
    const next = block.indexOf('\n', pos);
    const stop = next < 0 ? block.length : next;
    lines.push({ start: pos, end: stop > pos && block.charCodeAt(stop - 1) === 13 ? stop - 1 : stop });
    if (next < 0) return lines;
    pos = next + 1;
  }
}

/** The quote above each marker that stands on a `>` line. */
function quotesOf(block: string, markers: readonly MarkerMatch[], lines: readonly Line[]): Quote[] {
  const lineAt = (offset: number): number => lines.findIndex((l) => offset >= l.start && offset <= l.end);
  const quotes: Quote[] = [];
  let floor = 0; // lines above this belong to an earlier quote
  for (const marker of markers) {
    const markerLine = lineAt(marker.start);
    const lineText = (n: number): string => block.slice(lines[n]!.start, lines[n]!.end);
    if (markerLine < 0 || !QUOTE_LINE.test(lineText(markerLine))) continue;
    // The citation may wrap: it starts at the nearest "> —" line above the marker, if close.
    let citation = markerLine;
    for (let n = markerLine; n >= Math.max(floor, markerLine - 3); n--) {
      if (CITATION_LINE.test(lineText(n))) { citation = n; break; }
    }
    let first = citation;
    while (first > floor && QUOTE_LINE.test(lineText(first - 1))) first--;
    let last = citation - 1;
    const empty = (n: number): boolean => lineText(n).replace(QUOTE_LINE, '').trim() === '';
    while (last >= first && empty(last)) last--;
    while (first <= last && empty(first)) first++;
    const bodyLines: QuoteLine[] = [];
    for (let n = first; n <= last; n++) {
      const l = lines[n]!;
      const prefix = QUOTE_LINE.exec(lineText(n))!;
      bodyLines.push({ start: l.start, end: l.end, contentStart: l.start + prefix[0].length });
    }
    quotes.push({
      key: marker.key, part: marker.part, id: marker.id, questions: marker.questions,
      start: bodyLines[0]?.start ?? lines[citation]!.start, end: lines[markerLine]!.end, base: 0,
      lines: bodyLines, citationStart: lines[citation]!.start, markerStart: marker.start, markerEnd: marker.end,
      body: bodyOf(block, bodyLines),
    });
    floor = markerLine + 1;
  }
  return quotes;
}

/** A backslash escape of ASCII punctuation (CommonMark). */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

/**
 * The text of a quote's body lines now, the offset of every character when first asked for: only a
 * quote that differs needs them (to mark where), and most quotes hold.
 */
function bodyOf(block: string, lines: readonly QuoteLine[]): QuoteBody {
  return new BlockQuoteBody(block, lines);
}

class BlockQuoteBody implements QuoteBody {
  readonly text: string;
  private at: Int32Array | undefined;

  constructor(private readonly block: string, readonly lines: readonly QuoteLine[]) {
    this.text = walkBody(block, lines, undefined);
  }

  get offsets(): Int32Array {
    if (!this.at) {
      this.at = new Int32Array(this.text.length);
      walkBody(this.block, this.lines, this.at);
    }
    return this.at;
  }
}

/** The text of the body lines; with `offsets`, each character's offset in the block written there. */
function walkBody(block: string, lines: readonly QuoteLine[], offsets: Int32Array | undefined): string {
  let n = 0;
  let text = '';
  let pendingBreak = false;
  let breakAt = 0;
  for (const line of lines) {
    const content = block.slice(line.contentStart, line.end);
    if (content.trim() === '') {
      if (text !== '') { pendingBreak = true; breakAt = line.start; }
      continue;
    }
    if (text !== '') {
      if (pendingBreak) {
        text += '\n\n';
        if (offsets) { offsets[n++] = breakAt; offsets[n++] = breakAt; }
      } else {
        text += ' ';
        if (offsets) offsets[n++] = line.start - 1;
      }
    }
    pendingBreak = false;
    // Runs without a backslash are copied as they are; an escape gives the character after it.
    let run = 0;
    for (let i = content.indexOf('\\'); i >= 0 && i + 1 < content.length; i = content.indexOf('\\', i + 1)) {
      if (!ESCAPABLE.test(content[i + 1]!)) continue;
      text += content.slice(run, i);
      if (offsets) for (let k = run; k < i; k++) offsets[n++] = line.contentStart + k;
      run = i + 1;
      i++;
    }
    text += content.slice(run);
    if (offsets) for (let k = run; k < content.length; k++) offsets[n++] = line.contentStart + k;
  }
  return text;
}

/** The reference at an offset (its id or its "vraag 3"), if any; `references` sorted by start. */
export function referenceAt(references: readonly Reference[], offset: number): Reference | undefined {
  let lo = 0;
  let hi = references.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (references[mid]!.start <= offset) lo = mid + 1; else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i >= lo - 2; i--) {
    const r = references[i]!;
    const end = r.questionRange?.end ?? r.end;
    if (offset >= r.start && offset <= end) return r;
  }
  return undefined;
}
