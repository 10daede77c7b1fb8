/**
 * Checking the quotes of a note against the official text (pure; the language server and the CLI
 * localise what it finds).
 *
 * A finding carries a code and its arguments, never a sentence: `differs` with the problem
 * (`empty`, `stops-early`, `goes-on`, `differs`) and excerpts of the quoted and the official text,
 * the range to mark (relative to the quote's block) and, where marking an omission makes the
 * quote match, where to insert "[…]".
 *
 * Checks are kept by the quote, Kamervraag and questions (`QuoteChecks`), so after an edit only
 * the quote that changed is compared again.
 */
import { QUESTION_LABEL } from '../quote';
import { entryFor } from '../kamervraag';
import type { Entry, Kamervraag } from '../model';
import { compareQuote, excerpt, findPassage, joinHyphenated, longestStartIn, normalise, normaliseText, overlap, sentencesAround } from './quoteCheck';
import type { AttributedQuote } from './attributed';
import type { Quote, QuoteBody } from './scan';

/** A Kamervraag as the library has it, under the key it is stored by. */
export interface KnownKamervraag {
  key: string;
  kamervraag: Kamervraag;
}

/** What is wrong with a quote that differs; the texts are short excerpts for the message. */
export type QuoteProblem =
  | { code: 'empty' }
  /** The quote stops before the official text does, which goes on with `official`. */
  | { code: 'stops-early'; official: string }
  /** The quote goes on (with `quoted`) after the official text ends. */
  | { code: 'goes-on'; quoted: string }
  /** The quote reads `quoted` where the official text reads `official`. */
  | { code: 'differs'; quoted: string; official: string }
  /** A quote of whole sentences that starts or ends in the middle of one, without an elision mark. */
  | { code: 'starts-mid-sentence' | 'ends-mid-sentence' };

/** An answer or question of a Kamervraag. */
export interface Passage {
  part: 'answer' | 'question';
  numbers: number[];
}

/** The result of checking a quote attributed by a citation (offsets relative to its block). */
export type AttributedFinding =
  | { kind: 'ok'; match: Passage }
  /** Close to `match`, but not the same; `replacement` is the official text of the sentences it quotes. */
  | { kind: 'differs'; match: Passage; from: number; to: number; problem: QuoteProblem; insert?: { at: number; text: string }; replacement?: string }
  /** In none of the answers and questions; `nearest` the passage most like it, if any. */
  | { kind: 'none'; from: number; to: number; nearest?: { passage: Passage; text: string } };

/** The result of checking one quote, offsets relative to the block the quote stands in. */
export type QuoteFinding =
  | { kind: 'ok' }
  | { kind: 'no-question' | 'unanswered'; question: number }
  | { kind: 'differs'; from: number; to: number; problem: QuoteProblem; insert?: { at: number; text: string } };

/**
 * The normalised official texts of an entry, kept as long as the entry is (the library's copy of a
 * Kamervraag is shared by every note and check that names it).
 */
const officialTexts = new WeakMap<Entry, { answer?: string; question?: string }>();

export function officialText(entry: Entry, part: 'answer' | 'question'): string {
  let texts = officialTexts.get(entry);
  if (!texts) officialTexts.set(entry, (texts = {}));
  return (texts[part] ??= normaliseText((part === 'answer' ? entry.answer : entry.question) ?? ''));
}

/**
 * Quote checks by the quote's body (the same object while its block is unchanged, so an unchanged
 * quote is not even hashed again; it is forgotten with its block), then by Kamervraag, part and
 * questions. A check holds while the library's copy of the Kamervraag is the same object: a
 * refreshed copy is a new one, so checks against what changed are made again.
 */
export class QuoteChecks {
  private readonly byBody = new WeakMap<QuoteBody, Map<string, { kamervraag: Kamervraag; finding: QuoteFinding | AttributedFinding }>>();
  hits = 0;
  misses = 0;

  check(quote: Quote, found: KnownKamervraag): QuoteFinding {
    let byKey = this.byBody.get(quote.body);
    if (!byKey) {
      byKey = new Map();
      this.byBody.set(quote.body, byKey);
    }
    const key = `${found.key}\u0000${quote.part}\u0000${quote.questions.join(',')}`;
    const known = byKey.get(key);
    if (known && known.kamervraag === found.kamervraag) {
      this.hits++;
      return known.finding as QuoteFinding;
    }
    this.misses++;
    const finding = this.compute(quote, found);
    byKey.set(key, { kamervraag: found.kamervraag, finding });
    return finding;
  }

  /** Checks a quote attributed to `found` by a citation against all its answers and questions. */
  checkAttributed(quote: AttributedQuote, found: KnownKamervraag): AttributedFinding {
    let byKey = this.byBody.get(quote.body);
    if (!byKey) {
      byKey = new Map();
      this.byBody.set(quote.body, byKey);
    }
    const key = `${found.key}\u0000attributed`;
    const known = byKey.get(key);
    if (known && known.kamervraag === found.kamervraag) {
      this.hits++;
      return known.finding as AttributedFinding;
    }
    this.misses++;
    const finding = checkPassage(quote, found.kamervraag);
    byKey.set(key, { kamervraag: found.kamervraag, finding });
    return finding;
  }

  private compute(quote: Quote, found: KnownKamervraag): QuoteFinding {
    const question = quote.questions[0]!;
    const entry = entryFor(found.kamervraag, question);
    if (!entry) return { kind: 'no-question', question };
    if (quote.part === 'answer' && !entry.answer) return { kind: 'unanswered', question };
    const raw = quote.body.text;
    // A quote as the insert command wrote it is the official text itself: one memory compare.
    if (raw === (quote.part === 'answer' ? entry.answer : entry.question)) return { kind: 'ok' };
    const official = officialText(entry, quote.part);
    // A quoted question starts with its label, "**Vraag 5**", which the official text does not have.
    const skip = quote.part === 'question' ? (QUESTION_LABEL.exec(raw)?.[0].length ?? 0) : 0;
    const body = skip > 0 ? raw.slice(skip) : raw;
    // Most quotes hold: compare the texts, and map back to the note only when one does not.
    const text = normaliseText(body);
    if (compareQuote(text, official).ok || compareQuote(joinHyphenated(text, official), official).ok) return { kind: 'ok' };
    const quoted = joinHyphenated(normalise(body), official);
    const verdict = compareQuote(quoted.text, official);
    if (verdict.ok) return { kind: 'ok' };
    const { offsets } = quote.body;
    const rel = (i: number): number => offsets[quoted.from[i]! + skip]!;
    const n = quoted.text.length;
    if (n === 0) return { kind: 'differs', from: quote.markerStart, to: quote.markerEnd, problem: { code: 'empty' } };
    // The word that differs; the last word when the quote stops too early.
    const at = Math.min(verdict.at, n - 1);
    const wordStart = quoted.text.lastIndexOf(' ', verdict.at >= n ? n - 1 : at - 1) + 1;
    let wordEnd = quoted.text.indexOf(' ', at + 1);
    if (wordEnd < 0) wordEnd = n;
    const from = rel(wordStart);
    const to = rel(wordEnd - 1) + 1;
    const problem: QuoteProblem = verdict.at >= n
      ? { code: 'stops-early', official: excerpt(official, verdict.officialAt) }
      : verdict.officialAt >= official.length
        ? { code: 'goes-on', quoted: excerpt(quoted.text, verdict.at) }
        : { code: 'differs', quoted: excerpt(quoted.text, verdict.at), official: excerpt(official, verdict.officialAt) };
    const finding: QuoteFinding = { kind: 'differs', from, to, problem };
    if (verdict.shortenAt !== undefined) {
      finding.insert = verdict.shortenAt >= n ? { at: rel(n - 1) + 1, text: ' […]' } : { at: rel(verdict.shortenAt), text: '[…] ' };
    }
    return finding;
  }
}

/** Every answer and question of a Kamervraag, normalised. */
function passagesOf(kv: Kamervraag): Array<{ passage: Passage; text: string }> {
  const out: Array<{ passage: Passage; text: string }> = [];
  for (const entry of kv.entries) {
    if (entry.answer) out.push({ passage: { part: 'answer', numbers: entry.numbers }, text: officialText(entry, 'answer') });
    out.push({ passage: { part: 'question', numbers: entry.numbers }, text: officialText(entry, 'question') });
  }
  return out;
}

/** Share of word trigrams above which a quote that differs is taken as a quote of that passage. */
const CLOSE = 0.5;

function checkPassage(quote: AttributedQuote, kv: Kamervraag): AttributedFinding {
  const raw = quote.body.text;
  const text = normaliseText(raw);
  const passages = passagesOf(kv);
  const whole = { from: quote.start, to: quote.end };
  let partial: { passage: Passage; text: string; problem: 'starts-mid-sentence' | 'ends-mid-sentence' } | undefined;
  for (const p of passages) {
    const v = findPassage(text, p.text) ?? findPassage(joinHyphenated(text, p.text), p.text);
    if (v?.ok) return { kind: 'ok', match: p.passage };
    if (v && !partial) partial = { ...p, problem: v.problem };
  }
  const { offsets } = quote.body;
  if (partial) {
    const quoted = joinHyphenated(normalise(raw), partial.text);
    const rel = (i: number): number => offsets[quoted.from[Math.min(i, quoted.text.length - 1)]!]!;
    const n = quoted.text.length;
    const starts = partial.problem === 'starts-mid-sentence';
    const wordEnd = quoted.text.indexOf(' ');
    const lastWord = quoted.text.lastIndexOf(' ') + 1;
    return {
      kind: 'differs', match: partial.passage, problem: { code: partial.problem },
      from: starts ? rel(0) : rel(lastWord), to: starts ? rel(wordEnd < 0 ? n - 1 : wordEnd - 1) + 1 : rel(n - 1) + 1,
      insert: starts ? { at: rel(0), text: '[…] ' } : { at: rel(n - 1) + 1, text: ' […]' },
    };
  }
  let best: { passage: Passage; text: string; score: number } | undefined;
  for (const p of passages) {
    const score = overlap(text, p.text);
    if (!best || score > best.score) best = { ...p, score };
  }
  if (!best || best.score < CLOSE || text.length === 0) {
    if (!best || best.score === 0) return { kind: 'none', ...whole };
    const start = longestStartIn(text, best.text);
    const around = sentencesAround(best.text, Math.max(0, start.officialEnd - start.length), start.officialEnd);
    return { kind: 'none', ...whole, nearest: { passage: best.passage, text: excerpt(best.text, around.start, 80) } };
  }
  const quoted = joinHyphenated(normalise(raw), best.text);
  const n = quoted.text.length;
  const rel = (i: number): number => offsets[quoted.from[Math.min(i, n - 1)]!]!;
  const { length, officialEnd } = longestStartIn(quoted.text, best.text);
  const at = Math.min(length, n - 1);
  const wordStart = quoted.text.lastIndexOf(' ', at - 1) + 1;
  let wordEnd = quoted.text.indexOf(' ', at + 1);
  if (wordEnd < 0) wordEnd = n;
  const around = sentencesAround(best.text, Math.max(0, officialEnd - length), Math.max(0, officialEnd - length) + n);
  return {
    kind: 'differs', match: best.passage, from: rel(wordStart), to: rel(wordEnd - 1) + 1,
    problem: { code: 'differs', quoted: excerpt(quoted.text, at), official: excerpt(best.text, officialEnd) },
    replacement: best.text.slice(around.start, around.end),
  };
}
