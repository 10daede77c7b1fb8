/// <reference lib="dom" />
/**
 * The reading panel's promise marks: after an answer is built, the sentences in which the
 * government commits itself are wrapped in a quiet mark (theme colours, see panel.css) with their
 * label as tooltip, and the label follows the sentence as text ("Promise: due by 31 October 2023").
 *
 * The marks are laid over the paragraphs already built (which may hold other marks): each piece of
 * text inside a promise gets a mark of its own, so no element is cut in two. Only text nodes are
 * split and elements created; no markup is parsed.
 */
import type { PromiseMark, PromiseRenderSummary } from '../shared/webviewProtocol';
import { el } from './dom';

/** Mark the promises of one answer; `paragraphs` holds one element per answer paragraph, in order. */
export function markPromises(paragraphs: HTMLElement, marks: readonly PromiseMark[], entry: number): void {
  const items = Array.from(paragraphs.children) as HTMLElement[];
  // Last first: a label inserted after a sentence moves only what follows it.
  [...marks].sort((a, b) => b.paragraph - a.paragraph || b.start - a.start).forEach((mark) => {
    const p = items[mark.paragraph];
    if (p) markOne(p, mark, `promise-${entry}-${mark.paragraph}-${mark.start}`);
  });
}

function markOne(p: HTMLElement, mark: PromiseMark, id: string): void {
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
  if (pieces.length === 0) return;
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
}

/** What the page shows of the promises (the `rendered` message). */
export function promiseSummary(root: Element): PromiseRenderSummary {
  const labels = Array.from(root.querySelectorAll('.promise-label')).map((e) => e.textContent ?? '');
  return { marks: root.querySelectorAll('mark.promise.promise-first').length, labels };
}
