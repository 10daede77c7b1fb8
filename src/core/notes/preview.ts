/**
 * A markdown-it plugin for VS Code's Markdown preview (pure; markdown-it is the preview's own, so
 * only the few shapes used here are typed):
 * - zaaknummers, kv-/ah- ids and Pandoc citation keys (`@kamervraag2023Z11786`) in running text
 *   become links to the official publication (zoek.officielebekendmakingen.nl);
 * - a block quote written by the insert commands (its last paragraph carries the
 *   `<!-- kamervraag:… -->` marker) gets the class `kamervragen-quote`, and that paragraph, the
 *   citation line, the class `kamervragen-source`, which media/preview.css shows as a caption.
 * Text inside links, code and HTML is left alone; a document that cites nothing renders as before.
 */
import { QUOTE_MARKER } from '../cite';
import { findCitationKeys } from '../citationKey';
import { findIds, publicationUrl, type KamervraagId } from '../ids';
import { linkUrl } from '../urls';

/** The parts of markdown-it's Token that the plugin reads and writes. */
export interface MdToken {
  type: string;
  tag: string;
  nesting: number;
  content: string;
  children: MdToken[] | null;
  attrGet(name: string): string | null;
  attrSet(name: string, value: string): void;
}

interface MdState {
  tokens: MdToken[];
  Token: new (type: string, tag: string, nesting: number) => MdToken;
}

export interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: MdState) => void): void } };
}

export function kamervragenPreview(md: MarkdownIt): MarkdownIt {
  md.core.ruler.push('kamervragen', (state) => {
    markQuotes(state.tokens);
    for (const token of state.tokens) {
      if (token.type === 'inline' && token.children) token.children = linkify(token.children, state.Token);
    }
  });
  return md;
}

/** The publication an id stands for: a zaak by its questions document, a document by itself. */
function urlOf(id: KamervraagId): string {
  return publicationUrl(id.kind === 'zaak' ? `kv-${id.house}-${id.zaak}` : id.document);
}

function markQuotes(tokens: MdToken[]): void {
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'blockquote_open') open.push(i);
    else if (token.type === 'blockquote_close') open.pop();
    else if (token.type === 'inline' && open.length > 0 && QUOTE_MARKER.test(token.content)) {
      addClass(tokens[open[open.length - 1]!]!, 'kamervragen-quote');
      const paragraph = tokens[i - 1];
      if (paragraph?.type === 'paragraph_open') addClass(paragraph, 'kamervragen-source');
    }
  }
}

function addClass(token: MdToken, name: string): void {
  const classes = token.attrGet('class');
  token.attrSet('class', classes ? `${classes} ${name}` : name);
}

/** Splits text tokens outside links into text and links for every id and citation key. */
function linkify(children: MdToken[], Token: MdState['Token']): MdToken[] {
  const out: MdToken[] = [];
  let inLink = 0;
  for (const child of children) {
    if (child.type === 'link_open') inLink++;
    if (child.type === 'link_close') inLink--;
    if (child.type !== 'text' || inLink > 0) {
      out.push(child);
      continue;
    }
    const found = matchesIn(child.content);
    if (found.length === 0) {
      out.push(child);
      continue;
    }
    let at = 0;
    for (const { start, end, url } of found) {
      if (start > at) out.push(text(Token, child.content.slice(at, start)));
      const open = new Token('link_open', 'a', 1);
      open.attrSet('href', url);
      open.attrSet('class', 'kamervragen-link');
      out.push(open, text(Token, child.content.slice(start, end)), new Token('link_close', 'a', -1));
      at = end;
    }
    if (at < child.content.length) out.push(text(Token, child.content.slice(at)));
  }
  return out;
}

function text(Token: MdState['Token'], content: string): MdToken {
  const token = new Token('text', '', 0);
  token.content = content;
  return token;
}

interface Match { start: number; end: number; url: string }

function matchesIn(content: string): Match[] {
  const found: Match[] = [];
  for (const key of findCitationKeys(content)) {
    const id = findIds(key.id)[0]?.id;
    const url = id && linkUrl(urlOf(id));
    if (url) found.push({ start: key.start, end: key.end, url });
  }
  for (const m of findIds(content)) {
    if (found.some((f) => m.start < f.end && m.end > f.start)) continue;
    if (/^https?:/i.test(m.text)) continue; // a written URL is linked by the preview itself
    const url = linkUrl(urlOf(m.id));
    if (url) found.push({ start: m.start, end: m.end, url });
  }
  return found.sort((a, b) => a.start - b.start);
}
