/**
 * PDF files of Kamervragen (Aanhangsel ah-tk/ah-ek, kv-tk questions, the Tweede Kamer's own PDFs),
 * read with Mozilla's PDF.js (`pdfjs-dist`, its legacy build for Node) in-process, without a worker
 * thread. This module is big: callers load it with a dynamic `import()` only when a PDF is opened
 * (the extension and CLI bundles keep it in its own file, dist/pdf.js).
 *
 * The layout is used, not only the text: running headers and footers (page numbers, "Tweede Kamer,
 * vergaderjaar …, Aanhangsel N", the document id, ISSN and "’s-Gravenhage" lines) are dropped by
 * their place on the page; footnote bodies are the small-type lines at the page bottom, and the
 * marks they belong to are the raised small digits in the text, on any page; vertical space between
 * lines separates paragraphs. The result is page text in the shape parsePlainText reads.
 */
import type { KamervraagDraft } from '../model';
import { ParseError } from '../model';
import { isPageText, parsePlainText, PDF_MARK_CLOSE, PDF_MARK_OPEN } from './plainText';


interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  hasEOL: boolean;
}

interface Line {
  y: number;
  size: number;
  text: string;
  /** Smallest x, for indentation. */
  x: number;
  top: boolean;
  bottom: boolean;
}

/**
 * Built-ins the legacy build's polyfills replace in Node 20 (found by comparing every built-in
 * before and after loading); what they only add (Promise.withResolvers, Set methods…) stays.
 */
const BUILTINS: Array<[object, PropertyKey]> = [
  [Array.prototype, 'push'], [Array.prototype, 'unshift'], [Array.prototype, 'at'], [Array.prototype, 'toSorted'],
  [Uint8Array.prototype, 'set'], [JSON, 'parse'], [JSON, 'stringify'],
];

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let loaded: Promise<PdfJs> | undefined;

/**
 * PDF.js and its worker code, in this thread. PDF.js builds one DOMMatrix when it loads (for
 * rendering, which we never do): a bare stand-in is enough. Its start-up warnings about the
 * missing canvas package are about rendering too, and are kept off the console.
 */
function pdfjs(): Promise<PdfJs> {
  loaded ??= (async () => {
    const g = globalThis as { DOMMatrix?: unknown; pdfjsWorker?: unknown };
    g.DOMMatrix ??= class DOMMatrix {
      a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
    };
    // The legacy build brings core-js polyfills that replace built-ins such as Array.prototype.push
    // for every code in the process (here: the extension host); they fix edge cases PDF.js does not
    // need in Node 20 and slow everything down. The built-ins are put back after loading.
    const builtins = BUILTINS.map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)] as const);
    const warn = console.warn;
    console.warn = (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && args[0].startsWith('Warning: ')) return;
      warn(...args);
    };
    // PDF.js assigns globalThis.navigator when it has no language; VS Code 1.139's extension host has a
    // getter-only navigator there, and the assignment would throw. A plain stand-in while PDF.js loads.
    const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const standIn = navigator?.configurable === true && navigator.get !== undefined && navigator.set === undefined;
    if (standIn) {
      Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-US', platform: '', userAgent: '' }, configurable: true, writable: true });
    }
    try {
      g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } finally {
      if (standIn) Object.defineProperty(globalThis, 'navigator', navigator);
      console.warn = warn;
      for (const [owner, key, descriptor] of builtins) if (descriptor) Object.defineProperty(owner, key, descriptor);
    }
  })();
  return loaded;
}

/** The text of a PDF in the shape of page text (see the module comment). Throws ParseError for PDFs we cannot read. */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  const lib = await pdfjs();
  let doc;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, stopAtErrors: false, verbosity: lib.VerbosityLevel.ERRORS,
    }).promise;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'PasswordException') throw new ParseError('The PDF is encrypted (it asks for a password): save an unprotected copy, or use the XML or HTML of the publication.');
    if (name === 'InvalidPDFException') throw new ParseError('The file starts like a PDF but is damaged or incomplete: no PDF structure could be read.');
    throw new ParseError(`The PDF could not be read: ${(err as Error).message}`);
  }
  try {
    const pages: Item[][] = [];
    const heights: number[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const view = page.view;
      heights.push(view[3]! - view[1]!);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const [a, b, , d, e, f] = it.transform as number[];
        const size = Math.hypot(b!, d!) || Math.abs(a!);
        items.push({ str: it.str, x: e!, y: f! - view[1]!, width: it.width, size, hasEOL: it.hasEOL });
      }
      pages.push(items);
      page.cleanup();
    }
    const chars = pages.reduce((n, items) => n + items.reduce((m, it) => m + it.str.trim().length, 0), 0);
    if (chars < 40) {
      throw new ParseError(`The PDF has no text to read (${doc.numPages} page${doc.numPages === 1 ? '' : 's'} without a text layer: a scan?). Use the XML or HTML of the publication, or a PDF with text.`);
    }
    return layoutText(pages, heights);
  } finally {
    void doc.destroy();
  }
}

/** Parse a PDF of Kamervragen into a draft. */
export async function parsePdf(bytes: Uint8Array): Promise<KamervraagDraft> {
  const text = await pdfToText(bytes);
  if (!isPageText(text)) {
    throw new ParseError('Not a Kamervragen document: the PDF has text, but no "Vragen van …" heading and no "Vraag 1" / "Antwoord 1" labels.');
  }
  return parsePlainText(text);
}

// ---------------------------------------------------------------------------------------------

/** The most common font size by characters: the body text. */
function bodySize(pages: readonly Item[][]): number {
  const count = new Map<number, number>();
  for (const items of pages) for (const it of items) {
    const key = Math.round(it.size * 2) / 2;
    count.set(key, (count.get(key) ?? 0) + it.str.length);
  }
  return [...count].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 10;
}

/** Items into lines: a new line where the baseline drops; raised small digits become footnote marks. */
function linesOf(items: readonly Item[], body: number, height: number): Line[] {
  const sorted = [...items].filter((it) => it.str.length > 0).sort((p, q) => (Math.abs(p.y - q.y) > Math.max(p.size, q.size) * 0.6 ? q.y - p.y : p.x - q.x));
  const lines: Line[] = [];
  let current: { y: number; size: number; parts: Item[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    let text = '';
    let end = -Infinity;
    let x = Infinity;
    for (const it of current.parts) {
      const raised = it.size < current.size * 0.85 && it.y > current.y + current.size * 0.15;
      let s = it.str;
      if (raised && /^\s*\d{1,3}\s*$/.test(s)) s = `${PDF_MARK_OPEN}${s.trim()}${PDF_MARK_CLOSE}`;
      const gap = it.x - end;
      if (text.length > 0 && gap > it.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(s) && !s.startsWith(PDF_MARK_OPEN)) text += ' ';
      text += s;
      end = it.x + it.width;
      x = Math.min(x, it.x);
    }
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (trimmed.length > 0) {
      lines.push({ y: current.y, size: current.size, text: trimmed, x, top: current.y > height * 0.93, bottom: current.y < height * 0.07 });
    }
    current = undefined;
  };
  for (const it of sorted) {
    if (it.str.trim() === '' && !current) continue;
    const small = it.size < body * 0.85;
    // A raised small item (a superscript) belongs to the line whose baseline is just below it.
    const sameLine = current && (Math.abs(it.y - current.y) < current.size * 0.35
      || (small && it.y > current.y && it.y - current.y < current.size * 0.7 && it.size < current.size));
    // A line that so far holds only raised small items (a footnote number before its text) takes the baseline of the text.
    const onlyRaised = current && !sameLine && it.str.trim() !== '' && it.y < current.y && current.y - it.y < it.size * 0.7
      && current.parts.every((p) => p.size < it.size * 0.85);
    if (onlyRaised) {
      current!.y = it.y;
      current!.size = it.size;
    } else if (!sameLine) {
      flush();
      current = { y: it.y, size: it.size, parts: [] };
    } else if (it.size > current!.size && Math.abs(it.y - current!.y) < current!.size * 0.35) {
      current!.size = it.size;
    }
    current!.parts.push(it);
  }
  flush();
  return lines;
}

const FURNITURE = /^(?:\d{1,4}|(?:Tweede|Eerste) Kamer, vergaderjaar \d{4} ?[–-] ?\d{4}, Aanhangsel ?\d{0,4}|Aanhangsel Handelingen I{1,2} \d{4}\/\d{2}.*|(?:ah|kv)-(?:tk|ek)-\S+(?: ISSN.*)?|ISSN \d{4} ?- ?\d{3}[\dX].*|[’']s-Gravenhage \d{4}.*)$/;

/**
 * Pages of lines into page text: furniture out (kept where it names the document, so the text
 * parser learns the id), footnote bodies collected under "Noten" at the end, blank lines where
 * the vertical space between lines shows a new paragraph.
 */
function layoutText(pages: readonly Item[][], heights: readonly number[]): string {
  const body = bodySize(pages);
  const out: string[] = [];
  const notes: string[] = [];
  let idLine: string | undefined;
  pages.forEach((items, p) => {
    const lines = linesOf(items, body, heights[p]!);
    // Footnotes: the small-type block at the bottom of the page, above the footer.
    const furniture = (l: Line): boolean => (l.top || l.bottom) && FURNITURE.test(l.text);
    let firstNote = lines.length;
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i]!;
      if (furniture(l)) continue;
      if (l.size < body * 0.9) firstNote = i;
      else break;
    }
    // The block must start with a footnote number ("1 Kamerstuk …", or a raised mark before the text).
    while (firstNote < lines.length && !/^(?:\uE000?\d{1,3}\uE001?)\s*\S/.test(lines[firstNote]!.text.replace(PDF_MARK_OPEN, '\uE000').replace(PDF_MARK_CLOSE, '\uE001'))) firstNote++;
    let previous: Line | undefined;
    lines.forEach((l, i) => {
      if (furniture(l)) {
        const id = /^((?:ah|kv)-(?:tk|ek)-\d{8}-\d{1,5})\b/.exec(l.text);
        if (id) idLine = id[1];
        return;
      }
      if (i >= firstNote) {
        notes.push(l.text.split(PDF_MARK_OPEN).join('').split(PDF_MARK_CLOSE).join(' ').replace(/^(\d{1,3}) {0,2}/, '$1 '));
        return;
      }
      if (previous && previous.y - l.y > Math.max(previous.size, l.size) * 1.75) out.push('');
      out.push(l.text);
      previous = l;
    });
    out.push('\f');
  });
  if (idLine) out.unshift(idLine);
  if (notes.length > 0) out.push('Noten', ...notes);
  return out.join('\n');
}
