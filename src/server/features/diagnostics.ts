/**
 * Diagnostics (source "kamervragen"): malformed identifiers (error), identifiers the library does
 * not have (information, quick fix "Fetch"), questions a Kamervraag does not have (warning), quotes
 * that differ from the official answer (warning, with the first difference), and cited answers
 * that a nader antwoord followed (information).
 *
 * The quotes are checked in core (`core/notes/quotes.ts`, kept by `QuoteChecks` so that after an
 * edit only the quote that changed is compared again); this module only words what it finds.
 */
import type { CancellationToken, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalId } from '../../core/ids';
import { entryFor } from '../../core/kamervraag';
import type { AttributedFinding, Passage, QuoteChecks, QuoteProblem } from '../../core/notes/quotes';
import type { NoteScan } from '../../core/notes/scan';
import type { NotesSettings } from '../../shared/lspProtocol';
import { l10n } from '../l10n';
import type { NoteData } from './data';
import { malformedKeyMessage } from './keys';

export const SOURCE = 'kamervragen';

/**
 * LSP's diagnostic severities (the values of its DiagnosticSeverity). Written here so that this module
 * imports only types from the LSP libraries: `kamervragen check` runs it without bundling them.
 */
const Severity = { Error: 1, Warning: 2, Information: 3 } as const satisfies Record<string, DiagnosticSeverity>;

export type DiagnosticCode = 'malformed-id' | 'unknown-id' | 'unknown-question' | 'quote-differs' | 'quote-unanswered' | 'quote-matches-none' | 'superseded';

/** "the answer to question 3" / "question 3". */
function passageName(passage: Passage): string {
  const numbers = passage.numbers.join(', ');
  return passage.part === 'answer' ? l10n.t('the answer to question {0}', numbers) : l10n.t('question {0}', numbers);
}

/** The message for a quote attributed by a citation that does not hold. */
export function attributedMessage(finding: Exclude<AttributedFinding, { kind: 'ok' }>, key: string): string {
  if (finding.kind === 'none') {
    const none = l10n.t('The quote is in none of the answers and questions of {0}: misattributed, or not in the official text.', key);
    return finding.nearest ? `${none} ${l10n.t('The nearest passage, {0}: “{1}”.', passageName(finding.nearest.passage), finding.nearest.text)}` : none;
  }
  const where = passageName(finding.match);
  switch (finding.problem.code) {
    case 'starts-mid-sentence':
      return l10n.t('The quote of {0} of {1} starts in the middle of a sentence: mark the omission with […].', where, key);
    case 'ends-mid-sentence':
      return l10n.t('The quote of {0} of {1} ends in the middle of a sentence: mark the omission with […].', where, key);
    case 'differs':
      return l10n.t('The quote differs from {0} of {1} at “{2}”: the official text reads “{3}”.', where, key, finding.problem.quoted, finding.problem.official);
    default:
      return quoteProblemMessage(finding.problem);
  }
}

/** The message for a quote that differs. */
export function quoteProblemMessage(problem: QuoteProblem): string {
  switch (problem.code) {
    case 'starts-mid-sentence':
      return l10n.t('The quote starts in the middle of a sentence: mark the omission with […].');
    case 'ends-mid-sentence':
      return l10n.t('The quote ends in the middle of a sentence: mark the omission with […].');
    case 'empty':
      return l10n.t('The quote is empty.');
    case 'stops-early':
      return l10n.t('The quote stops before the official answer does, which goes on with “{0}”. Mark the omission with […] or quote the whole answer.', problem.official);
    case 'goes-on':
      return l10n.t('The quote goes on after the official answer ends: “{0}”.', problem.quoted);
    case 'differs':
      return l10n.t('The quote differs from the official answer at “{0}”: the official text reads “{1}”.', problem.quoted, problem.official);
  }
}

export function diagnose(document: TextDocument, scan: NoteScan, data: NoteData, settings: NotesSettings, checks: QuoteChecks, token?: CancellationToken): Diagnostic[] {
  if (!settings.diagnostics) return [];
  const out: Diagnostic[] = [];
  const range = (start: number, end: number): Diagnostic['range'] => ({ start: document.positionAt(start), end: document.positionAt(end) });
  /** Where unknown-id diagnostics start: one per place, whether a reference or an attributed quote's citation. */
  const unknownAt = new Set<number>();
  const add = (start: number, end: number, severity: DiagnosticSeverity, code: DiagnosticCode, message: string, data?: unknown): void => {
    const d: Diagnostic = { range: range(start, end), severity, source: SOURCE, code, message };
    if (data !== undefined) d.data = data;
    out.push(d);
  };

  for (const m of scan.malformed) {
    const message = m.kind === 'key' ? malformedKeyMessage(m.text) : m.kind === 'zaak'
      ? l10n.t('“{0}” is not a zaaknummer: that is a year, a Z and five digits, like 2023Z11786.', m.text)
      : m.kind === 'document'
        ? l10n.t('“{0}” is not a Kamervraag document id: questions look like kv-tk-2023Z11786, answers like ah-tk-20232024-99.', m.text)
        : l10n.t('The quote marker names “{0}”, which is not a Kamervraag identifier.', m.text);
    add(m.start, m.end, Severity.Error, 'malformed-id', message);
  }

  for (const ref of scan.references) {
    const found = data.lookup(ref.id);
    if (!found) {
      if (settings.reportUnknown) {
        const id = canonicalId(ref.id);
        unknownAt.add(ref.start);
        add(ref.start, ref.end, Severity.Information, 'unknown-id', l10n.t('{0} is not in your library, so it cannot be checked.', id), { id });
      }
      continue;
    }
    const kv = found.kamervraag;
    // Every reference of the note passes here at every edit: nothing is allocated for one that holds.
    const missing = ref.questions.length > 0 && kv.entries.length > 0 ? ref.questions.filter((n) => !entryFor(kv, n)) : [];
    if (missing.length > 0) {
      add(ref.start, ref.questionRange?.end ?? ref.end, Severity.Warning, 'unknown-question', l10n.t('{0} has no question {1}.', found.key, missing.join(', ')));
    }
    const citesAnswer = ref.kind === 'marker' || ref.questions.length > 0 || (ref.id.kind === 'answer' && ref.id.suffix === null);
    if (citesAnswer && kv.documents.some((d) => d.kind === 'further-answer')) {
      const further = kv.documents.filter((d) => d.kind === 'further-answer');
      const names = further.map((d) => (d.date ? `${d.id}, ${d.date}` : d.id)).join('; ');
      add(ref.start, ref.end, Severity.Information, 'superseded', l10n.t('A nader antwoord followed the answer of {0} ({1}): check whether it changes what you cite.', found.key, names));
    }
  }

  if (settings.checkQuotes) {
    for (const quote of scan.quotes) {
      if (token?.isCancellationRequested) return out;
      const found = quote.id && data.lookup(quote.id);
      if (!found) continue;
      const finding = checks.check(quote, found);
      if (finding.kind === 'differs') {
        add(finding.from + quote.base, finding.to + quote.base, Severity.Warning, 'quote-differs', quoteProblemMessage(finding.problem));
      } else if (finding.kind === 'unanswered') {
        add(quote.base + quote.markerStart, quote.base + quote.markerEnd, Severity.Warning, 'quote-unanswered', l10n.t('Question {0} has no answer yet, so there is nothing to quote.', finding.question));
      }
    }
  }
  if (settings.checkQuotes) {
    for (const quote of scan.attributed) {
      if (token?.isCancellationRequested) return out;
      const found = data.lookup(quote.id);
      if (!found) {
        // A Leidraad citation or Pandoc key is no reference of its own: say here that it cannot be checked.
        const reported = scan.references.some((r) => r.start <= quote.citation.start && r.end >= quote.citation.end);
        if (settings.reportUnknown && !reported && !unknownAt.has(quote.citation.start)) {
          unknownAt.add(quote.citation.start);
          const id = canonicalId(quote.id);
          add(quote.citation.start, quote.citation.end, Severity.Information, 'unknown-id', l10n.t('{0} is not in your library, so it cannot be checked.', id), { id });
        }
        continue;
      }
      const finding = checks.checkAttributed(quote, found);
      if (finding.kind === 'ok') continue;
      add(finding.from + quote.base, finding.to + quote.base, Severity.Warning, finding.kind === 'none' ? 'quote-matches-none' : 'quote-differs', attributedMessage(finding, found.key));
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
