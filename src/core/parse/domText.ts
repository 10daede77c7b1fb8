/**
 * Helpers shared by the KOOP parsers (XML, HTML, metadata): walking the node tree that cheerio's
 * htmlparser2 build produces, a well-formedness check for XML (htmlparser2 itself accepts
 * anything), and turning a document's question and answer blocks into `Entry`s.
 */
import type { Entry, Footnote, House } from '../model';
import { ParseError } from '../model';
import { findCrossReferences } from '../crossrefs';
import { joinSquashed, squash } from '../text';
import { DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';

/** The shape of a parsed node as htmlparser2 (domhandler) builds it; cheerio's nodes satisfy it. */
export interface DomNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly attribs?: Record<string, string>;
  readonly children?: readonly DomNode[];
}

export function isElement(node: DomNode): boolean {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Element name without namespace prefix, lower-cased: `dcterms:identifier` → `identifier`. */
export function localName(node: DomNode): string {
  const name = node.name ?? '';
  let local = LOCAL_NAMES.get(name);
  if (local === undefined) {
    const lower = name.toLowerCase();
    local = lower.slice(lower.lastIndexOf(':') + 1);
    LOCAL_NAMES.set(name, local);
  }
  return local;
}

/** Element names repeat endlessly; compute each local name once. */
const LOCAL_NAMES = new Map<string, string>();

export function attr(node: DomNode, name: string): string | undefined {
  return node.attribs?.[name];
}

/** Whether the element carries the CSS class `cls`. */
export function hasClass(node: DomNode, cls: string): boolean {
  return (attr(node, 'class') ?? '').split(/\s+/).includes(cls);
}

export function childElements(node: DomNode): DomNode[] {
  return (node.children ?? []).filter(isElement);
}

/** Every element below `node` (not `node` itself) in document order for which `test` holds. */
export function descendants(node: DomNode, test: (el: DomNode) => boolean): DomNode[] {
  const out: DomNode[] = [];
  const visit = (n: DomNode): void => {
    for (const child of n.children ?? []) {
      if (!isElement(child)) continue;
      if (test(child)) out.push(child);
      visit(child);
    }
  };
  visit(node);
  return out;
}

/** Like `descendants`, but does not look inside a match. */
export function outermost(node: DomNode, test: (el: DomNode) => boolean): DomNode[] {
  const out: DomNode[] = [];
  const visit = (n: DomNode): void => {
    for (const child of n.children ?? []) {
      if (!isElement(child)) continue;
      if (test(child)) out.push(child);
      else visit(child);
    }
  };
  visit(node);
  return out;
}

/**
 * A test "does some element below this node satisfy `test`", remembered per node: parsers ask it
 * of every ancestor on the way down, which without the memory is quadratic in the nesting depth.
 */
export function containsMatching(test: (el: DomNode) => boolean): (node: DomNode) => boolean {
  const memo = new WeakMap<DomNode, boolean>();
  const contains = (node: DomNode): boolean => {
    let found = memo.get(node);
    if (found === undefined) {
      found = (node.children ?? []).some((child) => isElement(child) && (test(child) || contains(child)));
      memo.set(node, found);
    }
    return found;
  };
  return contains;
}

/**
 * The text below `node`, unsquashed. Elements for which `skip` returns true are left out
 * (with everything inside them); `<br>` counts as a space.
 */
export function rawText(node: DomNode, skip?: (el: DomNode) => boolean): string {
  if (node.type === 'text' || node.type === 'cdata') return node.data ?? childrenText(node, skip);
  if (!isElement(node) && node.type !== 'root') return '';
  if (isElement(node)) {
    if (skip?.(node)) return '';
    if (localName(node) === 'br') return ' ';
  }
  return childrenText(node, skip);
}

function childrenText(node: DomNode, skip?: (el: DomNode) => boolean): string {
  let out = '';
  for (const child of node.children ?? []) out += rawText(child, skip);
  return out;
}

/** Squashed text of `node`. */
export function textOf(node: DomNode, skip?: (el: DomNode) => boolean): string {
  return squash(rawText(node, skip));
}

/** The list, or undefined when it is empty (the source does not say). */
export function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}


/** "Vergaderjaar 2020-2021", "2020–2021", "20202021" → "2020-2021". */
export function vergaderjaarIn(text: string | undefined): string | undefined {
  const m = /(\d{4})\s*[-–]?\s*(\d{4})/.exec(text ?? '');
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** The Kamer named by a kameraanduiding ("Tweede Kamer der Staten-Generaal") or a document id (ah-ek-…). */
export function houseIn(text: string | undefined): House | undefined {
  if (text === undefined) return undefined;
  if (/eerste\s+kamer|^(?:ah|kv)-ek-/i.test(text)) return 'ek';
  if (/tweede\s+kamer|^(?:ah|kv)-tk-/i.test(text)) return 'tk';
  return undefined;
}

/** The zaak a questions document is named after: kv-tk-2020Z13248 → 2020Z13248; kv-ek-215160000 → 215160000. */
export function zaakOfQuestionsId(id: string | undefined): string | undefined {
  return /^kv-(?:tk-(\d{4}Z\d+)|ek-(\d{9}))$/.exec(id ?? '')?.slice(1).find((g) => g !== undefined);
}

// ---------------------------------------------------------------------------------------------
// XML well-formedness

/** Line number (1-based) of an offset; only computed for error messages. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Deeper than any official document nests (the KOOP XML about 15 levels, the pages about 30). The
 * tree walkers here recurse per level; htmlparser2 keeps its open elements in an array it shifts
 * per tag, so without a limit deep nesting costs quadratic time and overflows the stack.
 */
export const MAX_DEPTH = 400;

/** A DomHandler that stops at MAX_DEPTH with a ParseError (thrown out of the parser's write). */
class LimitedHandler extends DomHandler {
  protected source: Parser | undefined;
  ending = false;
  depth = 0;

  constructor(protected readonly text: string, protected readonly what: string, xmlMode: boolean) {
    super(undefined, { xmlMode });
  }

  override onparserinit(parser: Parser): void {
    this.source = parser;
    super.onparserinit(parser);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (++this.depth > MAX_DEPTH) {
      const at = lineAt(this.text, this.source?.startIndex ?? 0);
      throw new ParseError(`${this.what} is nested too deeply: more than ${MAX_DEPTH} levels at line ${at}; official documents nest far less.`);
    }
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    this.depth--;
    super.onclosetag();
  }
}

/**
 * A DomHandler that notices what htmlparser2 repairs silently: elements it closes because a
 * different end tag came (malformed) or because the text ended (truncated), and a second root.
 */
class CheckingHandler extends LimitedHandler {
  rootName: string | undefined;
  rootClosed = false;
  problem: { kind: 'mismatch' | 'unclosed' | 'second-root'; name: string; at: number } | undefined;

  constructor(xml: string, what: string) {
    super(xml, what, true);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.rootClosed && this.depth === 0) this.problem ??= { kind: 'second-root', name, at: this.source?.startIndex ?? 0 };
    this.rootName ??= name;
    super.onopentag(name, attribs);
  }

  override onclosetag(name?: string, isImplied?: boolean): void {
    // htmlparser2 reports a self-closing tag's end as implied too; its token does not start with "</".
    const at = this.source?.startIndex ?? 0;
    const selfClosing = !this.ending && !this.text.startsWith('</', at);
    if (isImplied && !selfClosing) {
      this.problem ??= { kind: this.ending ? 'unclosed' : 'mismatch', name: name ?? '', at };
    }
    super.onclosetag();
    if (this.depth === 0) this.rootClosed = true;
  }
}

/** A download cut off inside a tag leaves a '<' that no '>' follows. */
function checkEndsOutsideTag(text: string, what: string): void {
  const lastOpen = text.lastIndexOf('<');
  if (lastOpen > text.lastIndexOf('>')) {
    throw new ParseError(`${what} is incomplete (truncated): it ends inside a tag at line ${lineAt(text, lastOpen)}.`);
  }
}

/**
 * Parse `xml` (htmlparser2 in XML mode, the engine of cheerio/slim) into a node tree, refusing what
 * is not one well-formed element: htmlparser2 repairs broken markup silently, so a truncated
 * download would otherwise read as a shorter document. One pass: the check costs nothing extra.
 */
export function parseXml(xml: string, what = 'The XML'): { doc: DomNode; root: string } {
  const handler = new CheckingHandler(xml, what);
  const parser = new Parser(handler, { xmlMode: true });
  parser.write(xml);
  checkEndsOutsideTag(xml, what);
  handler.ending = true;
  parser.end();
  const root = handler.rootName;
  if (root === undefined) throw new ParseError(`${what} is not XML: it holds no element.`);
  const problem = handler.problem;
  if (problem?.kind === 'unclosed') {
    const inside = problem.name !== root ? `it ends inside <${problem.name}>, and ` : '';
    throw new ParseError(`${what} is incomplete (truncated): ${inside}</${root}> is missing.`);
  }
  if (problem?.kind === 'mismatch') {
    const tag = /^<\/?[^\s>]{1,100}/.exec(xml.slice(problem.at, problem.at + 120))?.[0] ?? '';
    throw new ParseError(`${what} is malformed: ${tag}> at line ${lineAt(xml, problem.at)} does not close <${problem.name}>.`);
  }
  if (problem?.kind === 'second-root') {
    throw new ParseError(`${what} is malformed: a second root element <${problem.name}> at line ${lineAt(xml, problem.at)}.`);
  }
  return { doc: handler.root, root };
}

/**
 * Elements whose end tag a complete page always has: HTML may leave out `</p>` or `</li>`, but a
 * page that ends with a `<div>`, `<body>` or `<html>` still open was cut off.
 */
const STRUCTURE = new Set(['html', 'body', 'div', 'table']);

/** Notes the structural elements that are still open when the text ends. */
class HtmlHandler extends LimitedHandler {
  unclosed: string[] = [];

  constructor(html: string, what: string) {
    super(html, what, false);
  }

  override onclosetag(name?: string): void {
    if (this.ending && name !== undefined && STRUCTURE.has(name)) this.unclosed.push(name);
    super.onclosetag();
  }
}

/**
 * Parse HTML as cheerio/slim does (htmlparser2, entities decoded), refusing a page that was cut
 * off: one that ends inside a tag or before the end tags of its structure (`</div>`, `</body>`,
 * `</html>`), as parseXml refuses truncated XML.
 */
export function parseHtml(html: string, what = 'The HTML'): DomNode {
  const handler = new HtmlHandler(html, what);
  const parser = new Parser(handler, {});
  parser.write(html);
  checkEndsOutsideTag(html, what);
  handler.ending = true;
  parser.end();
  const [innermost] = handler.unclosed;
  if (innermost !== undefined) {
    const outer = handler.unclosed[handler.unclosed.length - 1]!;
    const missing = outer === innermost ? '' : `, and </${outer}> is missing`;
    throw new ParseError(`${what} is incomplete (truncated): it ends inside <${innermost}>${missing}.`);
  }
  return handler.root;
}

// ---------------------------------------------------------------------------------------------
// Entries

/** One question or answer block as a parser reads it, before pairing. */
export interface Block {
  kind: 'question' | 'answer';
  /** From the block's label ("Vraag 5, 6" → [5, 6]); empty when it has none. */
  numbers: number[];
  paragraphs: string[];
  footnotes: Footnote[];
}

interface Pending {
  numbers: number[];
  question: string[];
  answer: string[] | null;
  footnotes: Footnote[];
  /** Position in the document. */
  seq: number;
  /** Merged into an earlier entry. */
  removed: boolean;
}

/** `target.push(...items)` without passing every item as an argument (which overflows the stack for long lists). */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/**
 * Pair question and answer blocks into entries. An answer goes to the question(s) with the same
 * numbers; one answer to several questions ("Antwoord 5 en 6" after "Vraag 5" and "Vraag 6")
 * joins them into one entry [5, 6]. An answer without a number, or whose numbers match no
 * question, goes to the nearest earlier unanswered question. Unnumbered questions count on from
 * the previous number. Linear: entries are found by number in a map, and the nearest unanswered
 * one on a stack.
 */
export function assembleEntries(blocks: readonly Block[]): Entry[] {
  const pending: Pending[] = [];
  const byNumber = new Map<number, Pending[]>();
  const unanswered: Pending[] = [];
  let last = 0;
  const add = (block: Block, answer: string[] | null): void => {
    const numbers = block.numbers.length > 0 ? block.numbers : [last + 1];
    for (const n of numbers) last = Math.max(last, n);
    const entry: Pending = { numbers, question: answer === null ? [...block.paragraphs] : [], answer, footnotes: [...block.footnotes], seq: pending.length, removed: false };
    pending.push(entry);
    for (const n of numbers) {
      const list = byNumber.get(n);
      if (list) list.push(entry);
      else byNumber.set(n, [entry]);
    }
    if (answer === null) unanswered.push(entry);
  };
  for (const block of blocks) {
    if (block.kind === 'question') {
      add(block, null);
      continue;
    }
    const target = answerTarget(byNumber, unanswered, block.numbers);
    if (target === undefined) {
      add(block, [...block.paragraphs]);
      continue;
    }
    target.answer ??= [];
    append(target.answer, block.paragraphs);
    append(target.footnotes, block.footnotes);
  }
  return pending.filter((p) => !p.removed).map((p) => {
    const answer = p.answer === null ? null : joinSquashed(p.answer);
    return {
      numbers: p.numbers,
      question: joinSquashed(p.question),
      answer,
      refersTo: answer === null ? [] : findCrossReferences(answer, p.numbers),
      footnotes: p.footnotes,
    };
  });
}

/** The entry an answer with `numbers` belongs to; merges questions when it answers several. */
function answerTarget(byNumber: Map<number, Pending[]>, unanswered: Pending[], numbers: readonly number[]): Pending | undefined {
  // Every live entry holding one of the numbers, in document order (entries are created in order,
  // and a merge keeps the earliest).
  const matching = new Set<Pending>();
  for (const n of numbers) for (const p of byNumber.get(n) ?? []) if (!p.removed) matching.add(p);
  if (matching.size === 0) {
    let top = unanswered[unanswered.length - 1];
    while (top !== undefined && (top.answer !== null || top.removed)) {
      unanswered.pop();
      top = unanswered[unanswered.length - 1];
    }
    return top;
  }
  const [first, ...others] = [...matching].sort((a, b) => a.seq - b.seq);
  for (const other of others) {
    first!.numbers = [...new Set([...first!.numbers, ...other.numbers])].sort((a, b) => a - b);
    append(first!.question, other.question);
    if (other.answer !== null) {
      first!.answer ??= [];
      append(first!.answer, other.answer);
    }
    append(first!.footnotes, other.footnotes);
    other.removed = true;
    for (const n of other.numbers) if (!numbers.includes(n)) byNumber.get(n)!.push(first!);
  }
  // All live entries with these numbers are now `first`: keep the lists short.
  for (const n of numbers) if (byNumber.has(n)) byNumber.set(n, [first!]);
  return first;
}
