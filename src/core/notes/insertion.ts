/**
 * Where a block (a quote) goes into a note: it must stand as its own paragraph, so a blank line
 * separates it from text before and after the cursor. Pure: takes the line texts, returns the text
 * to insert and where the cursor should end up inside it.
 */
export interface BlockContext {
  /** Text on the cursor's line before the cursor. */
  before: string;
  /** Text on the cursor's line after the cursor. */
  after: string;
  /** The line above the cursor's line, or undefined at the top of the document. */
  previousLine: string | undefined;
  /** The line below the cursor's line, or undefined at the end of the document. */
  nextLine: string | undefined;
  eol: '\n' | '\r\n';
}

export interface BlockInsertion {
  text: string;
  /** Offset in `text` where the cursor goes: just after the block. */
  cursorOffset: number;
}

/** `block` must end with one end-of-line. */
export function blockInsertion(block: string, ctx: BlockContext): BlockInsertion {
  const { eol } = ctx;
  const body = block.endsWith(eol) ? block.slice(0, -eol.length) : block.replace(/\r?\n$/, '');
  const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';
  let prefix = '';
  if (!blank(ctx.before)) prefix = eol + eol;
  else if (!blank(ctx.previousLine)) prefix = eol;
  // After the cursor, the line's own end-of-line still follows the inserted text.
  let suffix: string;
  if (!blank(ctx.after)) suffix = eol + eol;
  else if (ctx.nextLine === undefined) suffix = eol;
  else suffix = blank(ctx.nextLine) ? '' : eol;
  const text = prefix + body + suffix;
  return { text, cursorOffset: text.length };
}

/**
 * Several blocks (quotes) as one: each its own paragraph, one blank line between them, ending with
 * one end-of-line. Every insert path (commands, the panel, drag and drop) joins blocks with this.
 */
export function joinBlocks(blocks: readonly string[], eol: '\n' | '\r\n'): string {
  const bodies = blocks.map((b) => b.replace(/\r\n|\n/g, eol).replace(/(?:\r?\n)+$/, '')).filter((b) => b.trim() !== '');
  return bodies.length === 0 ? '' : bodies.join(eol + eol) + eol;
}
