/**
 * Checking the quotes of a note against the official text (pure; the language server and the CLI
 * localise what it finds).
 *
 * A finding carries a code and its arguments, never a sentence: `differs` with the problem
 * (`empty`, `stops-early`, `goes-on`, `differs`) and excerpts of the quoted and the official text,
 * the range to mark (relative to the quote's block) and, where marking an omission makes the
 * quote match, where to insert "[…]".
 *
 * Checks are kept by the quote's text, Kamervraag and questions (`QuoteChecks`), so after an edit
 * only the quote that changed is compared again.
 */
import { QUESTION_LABEL } from '../quote';
import { entryFor } from '../kamervraag';
import type { Entry, Kamervraag } from '../model';
import { compareQuote, excerpt, normalise, type Normalised } from './quoteCheck';
import type { Quote } from './scan';

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
  | { code: 'differs'; quoted: string; official: string };

/** The result of checking one quote, offsets relative to the block the quote stands in. */
export type QuoteFinding =
  | { kind: 'ok' }
  | { kind: 'no-question' | 'unanswered'; question: number }
  | { kind: 'differs'; from: number; to: number; problem: QuoteProblem; insert?: { at: number; text: string } };

/**
 * Quote checks by the quote's text (the same string object while its block is unchanged, so the
 * lookup does not even hash it again), then by Kamervraag, part and questions. `sweep()` after a
 * whole document forgets the quotes that are gone; `forget(keys)` when those Kamervragen changed.
 */
export class QuoteChecks {
  private current = new Map<string, Map<string, QuoteFinding>>();
  private previous = new Map<string, Map<string, QuoteFinding>>();
  private readonly officialTexts = new WeakMap<Entry, { answer: Normalised; question: Normalised }>();
  hits = 0;
  misses = 0;

  check(quote: Quote, found: KnownKamervraag): QuoteFinding {
    const text = quote.body.text;
    let byKey = this.current.get(text);
    if (!byKey) {
      byKey = this.previous.get(text) ?? new Map<string, QuoteFinding>();
      this.current.set(text, byKey);
    }
    const key = `${found.key}\u0000${quote.part}\u0000${quote.questions.join(',')}`;
    let finding = byKey.get(key);
    if (finding) this.hits++;
    else {
      this.misses++;
      finding = this.compute(quote, found);
      byKey.set(key, finding);
    }
    return finding;
  }

  /** Call after a whole document was checked: forgets quotes that are no longer anywhere. */
  sweep(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** Every check is stale (all of the library changed). */
  clear(): void {
    this.current.clear();
    this.previous.clear();
  }

  /** The checks against these Kamervragen (by key) are stale. */
  forget(keys: Iterable<string>): void {
    const prefixes = [...keys].map((k) => `${k}\u0000`);
    if (prefixes.length === 0) return;
    for (const map of [this.current, this.previous]) {
      for (const byKey of map.values()) {
        for (const key of byKey.keys()) if (prefixes.some((p) => key.startsWith(p))) byKey.delete(key);
      }
    }
  }

  private official(entry: Entry, part: 'answer' | 'question'): Normalised {
    const texts = this.officialTexts;
    let n = texts.get(entry);
    if (!n) {
      n = { answer: normalise(entry.answer ?? ''), question: normalise(entry.question) };
      texts.set(entry, n);
    }
    return n[part];
  }

  private compute(quote: Quote, found: KnownKamervraag): QuoteFinding {
    const question = quote.questions[0]!;
    const entry = entryFor(found.kamervraag, question);
    if (!entry) return { kind: 'no-question', question };
    if (quote.part === 'answer' && !entry.answer) return { kind: 'unanswered', question };
    const official = this.official(entry, quote.part);
    const whole = normalise(quote.body.text);
    // A quoted question starts with its label, "**Vraag 5**", which the official text does not have.
    const skip = quote.part === 'question' ? (QUESTION_LABEL.exec(whole.text)?.[0].length ?? 0) : 0;
    const quoted = { text: whole.text.slice(skip), from: whole.from.subarray(skip) };
    const verdict = compareQuote(quoted.text, official.text);
    if (verdict.ok) return { kind: 'ok' };
    const { offsets } = quote.body;
    const rel = (i: number): number => offsets[quoted.from[i]!]!;
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
      ? { code: 'stops-early', official: excerpt(official.text, verdict.officialAt) }
      : verdict.officialAt >= official.text.length
        ? { code: 'goes-on', quoted: excerpt(quoted.text, verdict.at) }
        : { code: 'differs', quoted: excerpt(quoted.text, verdict.at), official: excerpt(official.text, verdict.officialAt) };
    const finding: QuoteFinding = { kind: 'differs', from, to, problem };
    if (verdict.shortenAt !== undefined) {
      finding.insert = verdict.shortenAt >= n ? { at: rel(n - 1) + 1, text: ' […]' } : { at: rel(verdict.shortenAt), text: '[…] ' };
    }
    return finding;
  }
}
