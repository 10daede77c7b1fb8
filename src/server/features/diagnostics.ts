/**
 * Diagnostics (source "kamervragen"): malformed identifiers (error), identifiers the library does
 * not have (information, quick fix "Fetch"), questions a Kamervraag does not have (warning), quotes
 * that differ from the official answer (warning, with the first difference), and cited answers
 * that a nader antwoord followed (information).
 *
 * Quote checks are kept by the quote's text, Kamervraag and questions (`QuoteChecks`), so after an
 * edit only the quote that changed is compared again.
 */
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalId } from '../../core/ids';
import { entryFor } from '../../core/kamervraag';
import type { Entry } from '../../core/model';
import { compareQuote, excerpt, normalise, type Normalised } from '../../core/notes/quoteCheck';
import type { NoteScan, Quote } from '../../core/notes/scan';
import type { FoundKamervraag, NotesSettings } from '../../shared/lspProtocol';
import { l10n } from '../l10n';
import type { NoteData } from './data';

export const SOURCE = 'kamervragen';

export type DiagnosticCode = 'malformed-id' | 'unknown-id' | 'unknown-question' | 'quote-differs' | 'quote-unanswered' | 'superseded';

/** The result of checking one quote, offsets relative to the block the quote stands in. */
export type QuoteFinding =
  | { kind: 'ok' }
  | { kind: 'no-question' | 'unanswered'; question: number }
  | { kind: 'differs'; from: number; to: number; message: string; insert?: { at: number; text: string } };

/**
 * Quote checks by the quote's text (the same string object while its block is unchanged, so the
 * lookup does not even hash it again), then by Kamervraag, part and questions. `sweep()` after a
 * whole document forgets the quotes that are gone; `clear()` when the library changes.
 */
export class QuoteChecks {
  private current = new Map<string, Map<string, QuoteFinding>>();
  private previous = new Map<string, Map<string, QuoteFinding>>();
  private readonly officialTexts = new WeakMap<Entry, { answer: Normalised; question: Normalised }>();
  hits = 0;
  misses = 0;

  check(quote: Quote, found: FoundKamervraag): QuoteFinding {
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

  /** The library changed: every check is stale. */
  clear(): void {
    this.current.clear();
    this.previous.clear();
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

  private compute(quote: Quote, found: FoundKamervraag): QuoteFinding {
    const question = quote.questions[0]!;
    const entry = entryFor(found.kamervraag, question);
    if (!entry) return { kind: 'no-question', question };
    if (quote.part === 'answer' && !entry.answer) return { kind: 'unanswered', question };
    const official = this.official(entry, quote.part);
    const whole = normalise(quote.body.text);
    // A quoted question starts with its label, "**Vraag 5**", which the official text does not have.
    const skip = quote.part === 'question' ? (/^\*\*Vrag(?:en|\w*) [^*]*\*\* ?/.exec(whole.text)?.[0].length ?? 0) : 0;
    const quoted = { text: whole.text.slice(skip), from: whole.from.subarray(skip) };
    const verdict = compareQuote(quoted.text, official.text);
    if (verdict.ok) return { kind: 'ok' };
    const { offsets } = quote.body;
    const rel = (i: number): number => offsets[quoted.from[i]!]!;
    const n = quoted.text.length;
    if (n === 0) {
      return { kind: 'differs', from: quote.markerStart, to: quote.markerEnd, message: l10n.t('The quote is empty.') };
    }
    // The word that differs; the last word when the quote stops too early.
    const at = Math.min(verdict.at, n - 1);
    const wordStart = quoted.text.lastIndexOf(' ', verdict.at >= n ? n - 1 : at - 1) + 1;
    let wordEnd = quoted.text.indexOf(' ', at + 1);
    if (wordEnd < 0) wordEnd = n;
    const from = rel(wordStart);
    const to = rel(wordEnd - 1) + 1;
    let message: string;
    if (verdict.at >= n) {
      message = l10n.t('The quote stops before the official answer does, which goes on with “{0}”. Mark the omission with […] or quote the whole answer.', excerpt(official.text, verdict.officialAt));
    } else if (verdict.officialAt >= official.text.length) {
      message = l10n.t('The quote goes on after the official answer ends: “{0}”.', excerpt(quoted.text, verdict.at));
    } else {
      message = l10n.t('The quote differs from the official answer at “{0}”: the official text reads “{1}”.', excerpt(quoted.text, verdict.at), excerpt(official.text, verdict.officialAt));
    }
    const finding: QuoteFinding = { kind: 'differs', from, to, message };
    if (verdict.shortenAt !== undefined) {
      finding.insert = verdict.shortenAt >= n ? { at: rel(n - 1) + 1, text: ' […]' } : { at: rel(verdict.shortenAt), text: '[…] ' };
    }
    return finding;
  }
}

export function diagnose(document: TextDocument, scan: NoteScan, data: NoteData, settings: NotesSettings, checks: QuoteChecks, token?: CancellationToken): Diagnostic[] {
  if (!settings.diagnostics) return [];
  const out: Diagnostic[] = [];
  const range = (start: number, end: number): Diagnostic['range'] => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const add = (start: number, end: number, severity: DiagnosticSeverity, code: DiagnosticCode, message: string, data?: unknown): void => {
    const d: Diagnostic = { range: range(start, end), severity, source: SOURCE, code, message };
    if (data !== undefined) d.data = data;
    out.push(d);
  };

  for (const m of scan.malformed) {
    const message = m.kind === 'zaak'
      ? l10n.t('“{0}” is not a zaaknummer: that is a year, a Z and five digits, like 2023Z11786.', m.text)
      : m.kind === 'document'
        ? l10n.t('“{0}” is not a Kamervraag document id: questions look like kv-tk-2023Z11786, answers like ah-tk-20232024-99.', m.text)
        : l10n.t('The quote marker names “{0}”, which is not a Kamervraag identifier.', m.text);
    add(m.start, m.end, DiagnosticSeverity.Error, 'malformed-id', message);
  }

  for (const ref of scan.references) {
    const found = data.lookup(ref.id);
    if (!found) {
      if (settings.reportUnknown) {
        const id = canonicalId(ref.id);
        add(ref.start, ref.end, DiagnosticSeverity.Information, 'unknown-id', l10n.t('{0} is not in your library, so it cannot be checked.', id), { id });
      }
      continue;
    }
    const kv = found.kamervraag;
    const missing = ref.questions.filter((n) => !entryFor(kv, n));
    if (missing.length > 0 && kv.entries.length > 0) {
      add(ref.start, ref.questionRange?.end ?? ref.end, DiagnosticSeverity.Warning, 'unknown-question', l10n.t('{0} has no question {1}.', found.key, missing.join(', ')));
    }
    const further = kv.documents.filter((d) => d.kind === 'further-answer');
    const citesAnswer = ref.kind === 'marker' || ref.questions.length > 0 || (ref.id.kind === 'answer' && ref.id.suffix === null);
    if (further.length > 0 && citesAnswer) {
      const names = further.map((d) => (d.date ? `${d.id}, ${d.date}` : d.id)).join('; ');
      add(ref.start, ref.end, DiagnosticSeverity.Information, 'superseded', l10n.t('A nader antwoord followed the answer of {0} ({1}): check whether it changes what you cite.', found.key, names));
    }
  }

  if (settings.checkQuotes) {
    for (const quote of scan.quotes) {
      if (token?.isCancellationRequested) return out;
      const found = quote.id && data.lookup(quote.id);
      if (!found) continue;
      const finding = checks.check(quote, found);
      if (finding.kind === 'differs') {
        add(finding.from + quote.base, finding.to + quote.base, DiagnosticSeverity.Warning, 'quote-differs', finding.message);
      } else if (finding.kind === 'unanswered') {
        add(quote.base + quote.markerStart, quote.base + quote.markerEnd, DiagnosticSeverity.Warning, 'quote-unanswered', l10n.t('Question {0} has no answer yet, so there is nothing to quote.', finding.question));
      }
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
