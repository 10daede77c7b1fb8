/// <reference lib="dom" />
/**
 * The reading panel's reuse notes and "Related Kamervragen" section (the host sends them apart from
 * the view, as a `reuse` message). Under every answer paragraph that other Kamervragen have too, a
 * note with links "Also answered to … on …, 2023Z…"; after the answers, the related section. Links
 * are <a href="#kamervraag-…"> (keyboard reachable); a click asks the host to open that Kamervraag,
 * which it does only for keys it sent. Built with createElement and textContent only; the last
 * data is kept and put in again after every render of the view.
 */
import type { KamervraagLink, ReaderReuse, ReuseRenderSummary } from '../shared/webviewProtocol';
import { append, el } from './dom';
import type { VsCodeApi } from './dom';

let latest: ReaderReuse | null = null;

function kamervraagLink(link: KamervraagLink): HTMLAnchorElement {
  const a = el('a', 'kamervraag-link', link.text);
  a.href = `#kamervraag-${link.key}`;
  a.dataset['kamervraag'] = link.key;
  a.title = link.title;
  return a;
}

/** The paragraph elements of one answer, in order. */
function answerParagraphs(root: HTMLElement, question: number): HTMLElement[] {
  const article = Array.from(root.querySelectorAll<HTMLElement>('article.entry'))
    .find((a) => (a.dataset['numbers'] ?? '').split(',')[0] === String(question));
  return article ? Array.from(article.querySelectorAll<HTMLElement>('.answer-text > p')) : [];
}

/** Puts the notes and the related section into the rendered page (replacing earlier ones) and reports what it did. */
export function applyReuse(root: HTMLElement, api: VsCodeApi<unknown>, reuse: ReaderReuse | null = latest): void {
  latest = reuse;
  for (const old of Array.from(root.querySelectorAll('.reuse-note, section.related'))) old.remove();
  if (!reuse || !root.querySelector('article.entry')) return;
  let misplaced = 0;
  let reuseLinks = 0;
  let notes = 0;
  for (const note of reuse.paragraphs) {
    const paragraph = answerParagraphs(root, note.question)[note.paragraph];
    if (!paragraph) {
      misplaced++;
      continue;
    }
    const list = el('ul', 'reuse-links');
    for (const link of note.links) append(list, el('li', null, kamervraagLink(link)));
    if (note.more) append(list, el('li', 'muted', note.more));
    const aside = el('aside', 'reuse-note', list);
    aside.setAttribute('aria-label', reuse.noteLabel);
    paragraph.classList.add('reused');
    paragraph.after(aside);
    notes++;
    reuseLinks += note.links.length;
  }
  const section = el('section', 'related', el('h2', null, reuse.related.heading));
  if (reuse.pending) append(section, el('p', 'muted pending', reuse.pending));
  let relatedLinks = 0;
  for (const group of reuse.related.groups) {
    const block = el('div', `related-group related-${group.id}`, el('h3', null, group.heading));
    if (group.links.length === 0) {
      append(block, el('p', 'muted', group.empty));
    } else {
      const list = el('ul', 'related-links');
      for (const link of group.links) append(list, el('li', null, kamervraagLink(link)));
      append(block, list);
      relatedLinks += group.links.length;
    }
    append(section, block);
  }
  append(root, section);
  const keysIn = (selector: string): string[] => [...new Set(Array.from(root.querySelectorAll<HTMLElement>(`${selector} a[data-kamervraag]`)).map((a) => a.dataset['kamervraag'] ?? ''))];
  const summary: ReuseRenderSummary = { notes, reuseLinks, relatedLinks, misplaced, reuseKeys: keysIn('.reuse-note'), relatedKeys: keysIn('section.related') };
  api.postMessage({ type: 'reuseRendered', summary });
}

/** A click (or Enter) on one of our links: ask the host to open that Kamervraag. */
export function onKamervraagLink(event: MouseEvent, api: VsCodeApi<unknown>): void {
  const a = (event.target as Element | null)?.closest?.('a[data-kamervraag]');
  if (!(a instanceof HTMLAnchorElement)) return;
  event.preventDefault();
  if (event.type === 'auxclick' && event.button !== 1) return;
  api.postMessage({ type: 'openKamervraag', key: a.dataset['kamervraag'] ?? '' });
}
