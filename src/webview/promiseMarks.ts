/// <reference lib="dom" />
/**
 * The reading panel's promise marks: after an answer is built, the sentences in which the
 * government commits itself are wrapped in a quiet mark (theme colours, see panel.css) with their
 * label as tooltip, and the label follows the sentence as text ("Promise: due by 31 October 2023").
 *
 * After each label a button asks the host for the registered Toezegging the promise may be
 * (extension/toezeggingen.ts); the answer takes the button's place, as text and links to the
 * Tweede Kamer's pages, which the host checks again before it opens one.
 *
 * The marks are laid over the paragraphs already built (which may hold other marks): each piece of
 * text inside a promise gets a mark of its own, so no element is cut in two. Only text nodes are
 * split and elements created; no markup is parsed.
 */
import type { PromiseMark, PromiseRenderSummary, ToezeggingView } from '../shared/webviewProtocol';
import { append, el } from './dom';

/** The button after each label that asks the host for the registered Toezegging (its label, and what it posts). */
export interface ToezeggingButton {
  label: string;
  ask(entry: number, promise: number): void;
}

/** Mark the promises of one answer; `paragraphs` holds one element per answer paragraph, in order. */
export function markPromises(paragraphs: HTMLElement, marks: readonly PromiseMark[], entry: number, button?: ToezeggingButton): void {
  const items = Array.from(paragraphs.children) as HTMLElement[];
  // Last first: a label inserted after a sentence moves only what follows it.
  marks.map((mark, index) => ({ mark, index })).sort((a, b) => b.mark.paragraph - a.mark.paragraph || b.mark.start - a.mark.start).forEach(({ mark, index }) => {
    const p = items[mark.paragraph];
    if (!p) return;
    const label = markOne(p, mark, `promise-${entry}-${mark.paragraph}-${mark.start}`);
    if (label && button) {
      const b = el('button', 'promise-toezegging', button.label);
      b.type = 'button';
      b.id = toezeggingId(entry, index);
      b.addEventListener('click', () => {
        b.disabled = true;
        b.setAttribute('aria-busy', 'true');
        button.ask(entry, index);
      });
      p.insertBefore(b, label.nextSibling);
      p.insertBefore(document.createTextNode(' '), b);
    }
  });
}

function toezeggingId(entry: number, promise: number): string {
  return `toezegging-${entry}-${promise}`;
}

/**
 * The host's answer for one promise, in place of its button: each possible Toezegging as a link to
 * its page (text only, `link` makes the element) or as text, or the note why there is none. With
 * `result` null (cancelled, failed) the button can be pressed again.
 */
export function showToezegging(root: ParentNode, entry: number, promise: number, result: ToezeggingView | null, link: (url: string, text: string) => HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>(`#${toezeggingId(entry, promise)}`);
  if (!button) return;
  if (!result) {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    return;
  }
  const out = el('span', 'promise-toezegging-result');
  out.id = button.id;
  out.setAttribute('role', 'status');
  result.links.forEach((l, i) => {
    const item = l.url ? link(l.url, l.text) : el('span', null, l.text);
    item.title = l.title;
    append(out, i > 0 ? '; ' : null, item);
  });
  if (result.note) append(out, el('span', 'muted', result.note));
  button.replaceWith(out);
}

function markOne(p: HTMLElement, mark: PromiseMark, id: string): HTMLElement | null {
  // The text nodes with their offsets, taken before any is split.
  const nodes: Array<{ node: Text; from: number }> = [];
  let at = 0;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node: node as Text, from: at });
    at += (node as Text).data.length;
  }
  const pieces: Text[] = [];
  for (const { node, from } of nodes) {
    const to = from + node.data.length;
    if (to <= mark.start || from >= mark.end) continue;
    const piece = mark.start > from ? node.splitText(mark.start - from) : node;
    const length = Math.min(to, mark.end) - Math.max(from, mark.start);
    if (length < piece.data.length) piece.splitText(length);
    pieces.push(piece);
  }
  if (pieces.length === 0) return null;
  for (const [i, piece] of pieces.entries()) {
    const wrap = el('mark', `promise promise-${mark.status}${i === 0 ? ' promise-first' : ''}`);
    wrap.title = mark.label;
    wrap.setAttribute('aria-describedby', id);
    piece.parentNode!.replaceChild(wrap, piece);
    wrap.appendChild(piece);
  }
  // The label after the sentence, outside any other mark the sentence ends in.
  let after: Node = pieces[pieces.length - 1]!.parentNode!;
  while (after.parentNode && after.parentNode !== p) after = after.parentNode;
  const label = el('span', `promise-label promise-${mark.status}`, mark.label);
  label.id = id;
  p.insertBefore(label, after.nextSibling);
  p.insertBefore(document.createTextNode(' '), label);
  return label;
}

/** What the page shows of the promises (the `rendered` message). */
export function promiseSummary(root: Element): PromiseRenderSummary {
  const labels = Array.from(root.querySelectorAll('.promise-label')).map((e) => e.textContent ?? '');
  return { marks: root.querySelectorAll('mark.promise.promise-first').length, labels };
}
