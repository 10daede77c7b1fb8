/**
 * Quotes without our marker, attributed to a Kamervraag by a citation (pure; scan.ts finds them
 * block by block, `attribute` links them to their citations across blocks).
 *
 * A candidate quote is
 * - a block quote (`>` lines) that is not one of ours (no marker), up to a citation line ("> — …");
 * - a quotation in running text between „…”, “…”, "…", ‘…’ or '…' of at least four words (shorter
 *   quotations are words or names, not passages).
 * An attribution is
 * - a Kamervraag citation: an identifier or one of our links (`findIds`), a Leidraad citation
 *   "Aanhangsel Handelingen II 2023/24, nr. 99", a Pandoc key `[@kamervraag2023Z11786]`
 *   (the BibTeX export's keys) or `[@ah-tk-20232024-99]`;
 * - another source: a Pandoc key or footnote reference of something else, a link elsewhere, or a
 *   parenthesis that ends in a year ("(NRC, 3 mei 2023)").
 * A quotation in running text is attributed by the first attribution after it in its paragraph (unless
 * another quotation stands between, whose it is), else the nearest before it, else the first of the
 * next paragraph; a block quote by a citation line inside
 * it, else the first attribution of the next paragraph, else one in the paragraph it is part of. Only
 * a quote attributed to a Kamervraag is checked: quotes of other sources stay silent.
 */
import { findIds, tryParseId, type KamervraagId } from '../ids';
import type { QuoteBody, QuoteLine } from './scan';

/** A quote found in a block, offsets relative to the block. */
export interface Candidate {
  kind: 'block' | 'inline';
  /** The quote, without its quotation marks. */
  start: number;
  end: number;
  body: QuoteBody;
  /** A citation inside the block quote (its "> — …" line), when it has one. */
  ownCitation?: Attribution;
}

/** Something that names where a quote comes from, offsets relative to the block. */
export interface Attribution {
  start: number;
  end: number;
  /** The Kamervraag it names; undefined for another source. */
  id: KamervraagId | undefined;
}

/** A quote attributed to a Kamervraag, as the scan reports it (offsets relative to `base`). */
export interface AttributedQuote {
  kind: 'block' | 'inline';
  id: KamervraagId;
  base: number;
  start: number;
  end: number;
  body: QuoteBody;
  /** The citation that attributes it, absolute offsets. */
  citation: { start: number; end: number };
}

/** "Aanhangsel Handelingen II 2023/24, nr. 99" (also 2023–2024, 1999/2000, Eerste Kamer "I"). */
const LEIDRAAD = /Aanhangsel\s+(?:van\s+de\s+)?Handelingen\s+(I{1,2})[,\s]+(?:vergaderjaar\s+)?((?:19|20)\d{2})\s*[/–-]\s*(\d{2}|\d{4})\s*,\s*(?:nr\.|nummer)\s*(\d+)/giu;
/** A Pandoc citation key of ours ([@kamervraag2023Z11786], @ah-tk-20232024-99), or any other key. */
const PANDOC = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])/gu;
/** A footnote reference, a Markdown link or a parenthesis ending in a year: attributions of other sources. */
const OTHER = /\[\^[^\]\s]+\]|\[[^\]]*\]\([^)\s]+\)|\((?:[^()]*[\s,])?(?:19|20)\d{2}[a-z]?\)/g;
/** Quotations in running text: opening mark, text, closing mark. */
const INLINE = /„([^„”“"\n]+)[”“"]|“([^“”\n]+)”|(?<![\p{L}\p{N}])"([^"\n]+)"(?![\p{L}\p{N}])|‘([^‘’\n]+)’(?![\p{L}])|(?<![\p{L}\p{N}])'([^'\n]+)'(?![\p{L}\p{N}])/gu;
const WORDS_NEEDED = 4;

/**
 * Every attribution in a block (sorted), given the identifiers `findIds` found there; with
 * `firstOnly` (a block without quotes of its own, whose first attribution is all a quote in the
 * paragraph before can use) only the first.
 */
export function attributionsIn(block: string, ids: ReturnType<typeof findIds>, skip: (a: number, b: number) => boolean, firstOnly = false): Attribution[] {
  const out: Attribution[] = [];
  const taken = (a: number, b: number): boolean => out.some((x) => a < x.end && b > x.start);
  // Only the first is wanted: nothing after the first identifier can come first.
  const firstId = firstOnly ? ids.find((f) => !skip(f.start, f.end)) : undefined;
  if (firstId) block = block.slice(0, firstId.end);
  for (const f of ids) {
    if (skip(f.start, f.end)) continue;
    out.push({ start: f.start, end: f.end, id: f.id });
    if (firstOnly) break;
  }
  if (block.includes('Aanhangsel')) for (const m of block.matchAll(LEIDRAAD)) {
    const [, chamber, from, to, nr] = m as unknown as [string, string, string, string, string];
    const second = to.length === 4 ? to : `${from.slice(0, 2)}${to}`;
    if (Number(second) !== Number(from) + 1 || skip(m.index, m.index + m[0].length)) continue;
    const id = tryParseId(`ah-${chamber === 'I' ? 'ek' : 'tk'}-${from}${second}-${nr}`);
    if (id && !taken(m.index, m.index + m[0].length)) out.push({ start: m.index, end: m.index + m[0].length, id });
    if (firstOnly) break;
  }
  if (block.includes('@')) for (const m of block.matchAll(PANDOC)) {
    const key = m[1]!;
    const start = m.index;
    const end = start + m[0].length;
    if (skip(start, end) || taken(start, end)) continue;
    const ours = /^kamervraag[-_:]?(.+?)(?:-\d)?$/i.exec(key);
    out.push({ start, end, id: tryParseId(ours ? ours[1]! : key) });
    if (firstOnly) break;
  }
  if (block.includes('[') || block.includes('(')) for (const m of block.matchAll(OTHER)) {
    const start = m.index;
    const end = start + m[0].length;
    if (skip(start, end) || taken(start, end)) continue;
    out.push({ start, end, id: undefined });
    if (firstOnly) break;
  }
  out.sort((a, b) => a.start - b.start);
  return firstOnly ? out.slice(0, 1) : out;
}

/** The quotations in running text of a block (not in block-quote lines, code or markers). */
export function inlineQuotes(block: string, skip: (a: number, b: number) => boolean): Candidate[] {
  if (!/[„“"‘']/.test(block)) return [];
  const out: Candidate[] = [];
  for (const m of block.matchAll(INLINE)) {
    const inner = m.slice(1).find((g) => g !== undefined)!;
    const start = m.index + 1;
    const end = start + inner.length;
    if (skip(m.index, m.index + m[0].length)) continue;
    if (inner.trim().split(/\s+/).length < WORDS_NEEDED) continue;
    out.push({ kind: 'inline', start, end, body: inlineBody(block, start, end) });
  }
  return out;
}

/** The text of a quotation in running text: line breaks as spaces, Markdown escapes undone. */
function inlineBody(block: string, start: number, end: number): QuoteBody {
  let text = '';
  const offsets: number[] = [];
  for (let i = start; i < end; i++) {
    let c = block[i]!;
    if (c === '\\' && i + 1 < end && /[!-/:-@[-`{-~]/.test(block[i + 1]!)) c = block[++i]!;
    else if (c === '\r') continue;
    else if (c === '\n') c = ' ';
    text += c;
    offsets.push(i);
  }
  const lines: QuoteLine[] = [{ start, end, contentStart: start }];
  return { text, offsets: Int32Array.from(offsets), lines };
}

/** A block's candidates and attributions, offsets relative to the block at `base`. */
export interface BlockQuotes {
  /** The block's number in the note: consecutive numbers are consecutive paragraphs. */
  index: number;
  base: number;
  candidates: readonly Candidate[];
  attributions: readonly Attribution[];
}

/**
 * Links the candidates of each block to their attribution (see the module comment) and keeps those
 * attributed to a Kamervraag. `blocks` in document order; consecutive entries are consecutive
 * paragraphs.
 */
export function attribute(blocks: readonly BlockQuotes[]): AttributedQuote[] {
  const out: AttributedQuote[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (block.candidates.length === 0) continue;
    const following = blocks[b + 1];
    const next = following?.index === block.index + 1 ? following : undefined;
    const nextFirst = next?.attributions[0] ? { base: next.base, a: next.attributions[0] } : undefined;
    for (const c of block.candidates) {
      let chosen: { base: number; a: Attribution } | undefined;
      if (c.kind === 'block') {
        if (c.ownCitation) chosen = { base: block.base, a: c.ownCitation };
        else if (nextFirst) chosen = nextFirst;
        else {
          const inBlock = block.attributions.find((a) => a.start >= c.end) ?? [...block.attributions].reverse().find((a) => a.end <= c.start);
          if (inBlock) chosen = { base: block.base, a: inBlock };
        }
      } else {
        const after = block.attributions.find((a) => a.start >= c.end);
        const before = [...block.attributions].reverse().find((a) => a.end <= c.start);
        // An attribution after another quotation is that one's, unless nothing before names a source
        // and it names a Kamervraag ("„…” en „…” (Aanhangsel …)").
        const shared = after && block.candidates.some((o) => o.start > c.end && o.end <= after.start);
        const a = after && !shared ? after : (before ?? (after?.id ? after : undefined));
        chosen = a ? { base: block.base, a } : nextFirst;
      }
      if (!chosen?.a.id) continue;
      out.push({
        kind: c.kind, id: chosen.a.id, base: block.base, start: c.start, end: c.end, body: c.body,
        citation: { start: chosen.base + chosen.a.start, end: chosen.base + chosen.a.end },
      });
    }
  }
  return out;
}
