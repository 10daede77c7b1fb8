/// <reference lib="dom" />
/**
 * DOM helpers of the webview scripts. Text goes in with textContent only: nothing here parses
 * markup, so a "<script>" in a document title stays the eight characters it is.
 */

export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export function vscodeApi<S>(): VsCodeApi<S> {
  return acquireVsCodeApi<S>();
}

type Child = Node | string | null | undefined | false;

/** An element with a class (optional) and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  append(e, ...children);
  return e;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (numbers and strings only: no markup). */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: Child[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, String(value));
  append(e, ...children);
  return e;
}

/** Replace the content of `root` with `children`. */
export function replaceChildren(root: Element, ...children: Child[]): void {
  while (root.firstChild) root.removeChild(root.firstChild);
  append(root, ...children);
}

/** Counts of what must never come out of data, below `root`. */
export function dangerCounts(root: Element): { scripts: number; images: number; eventAttributes: number } {
  let eventAttributes = 0;
  for (const e of Array.from(root.querySelectorAll('*'))) {
    for (const a of Array.from(e.attributes)) if (a.name.toLowerCase().startsWith('on')) eventAttributes++;
  }
  return { scripts: root.querySelectorAll('script').length, images: root.querySelectorAll('img, image').length, eventAttributes };
}
