/**
 * Quick fixes: "Fetch" an identifier the library does not have; for a quote that differs, "Replace
 * with the official text" (the body lines become what the insert command writes) and, where
 * marking an omission makes it match, "Mark as shortened" (inserts […] there).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { escapeMarkdown, type CitationStyle } from '../../core/cite';
import { quoteAnswer, quoteQuestion } from '../../core/quote';
import type { NoteScan } from '../../core/notes/scan';
import { FETCH_COMMAND } from '../../shared/lspProtocol';
import { l10n } from '../l10n';
import type { NoteData } from './data';
import type { QuoteChecks } from '../../core/notes/quotes';
import { SOURCE } from './diagnostics';

export function codeActions(document: TextDocument, diagnostics: readonly Diagnostic[], scan: NoteScan, data: NoteData, checks: QuoteChecks, style: CitationStyle): CodeAction[] {
  const actions: CodeAction[] = [];
  const edit = (title: string, diagnostic: Diagnostic, edits: TextEdit[], preferred = false): CodeAction => ({
    title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred,
    edit: { changes: { [document.uri]: edits } },
  });
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    if (d.code === 'unknown-id') {
      const id = (d.data as { id?: string } | undefined)?.id ?? document.getText(d.range);
      const title = l10n.t('Fetch {0}', id);
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, command: { title, command: FETCH_COMMAND, arguments: [id] } });
      continue;
    }
    if (d.code !== 'quote-differs') continue;
    const at = document.offsetAt(d.range.start);
    const attributed = scan.attributed.find((q) => at >= q.base + q.start && at <= q.base + q.end);
    const foundAttributed = attributed && data.lookup(attributed.id);
    if (attributed && foundAttributed) {
      const finding = checks.checkAttributed(attributed, foundAttributed);
      if (finding.kind !== 'differs') continue;
      if (finding.replacement !== undefined) {
        const range = { start: document.positionAt(attributed.base + attributed.start), end: document.positionAt(attributed.base + attributed.end) };
        actions.push(edit(l10n.t('Replace with the official text'), d, [{ range, newText: escapeMarkdown(finding.replacement) }]));
      }
      if (finding.insert) {
        const position = document.positionAt(finding.insert.at + attributed.base);
        actions.push(edit(l10n.t('Mark as shortened'), d, [{ range: { start: position, end: position }, newText: finding.insert.text }], true));
      }
      continue;
    }
    const quote = scan.quotes.find((q) => at >= q.base + q.start && at <= q.base + q.end);
    const found = quote?.id && data.lookup(quote.id);
    if (!quote || !found) continue;
    const eol = document.getText().includes('\r\n') ? '\r\n' : '\n';
    let block: string;
    try {
      const write = quote.part === 'question' ? quoteQuestion : quoteAnswer;
      block = write(found.kamervraag, quote.questions[0]!, { style, eol });
    } catch {
      continue; // no such question or no answer: nothing to put in
    }
    const body = block.slice(0, block.lastIndexOf(`${eol}>${eol}> `));
    const first = quote.lines[0];
    const last = quote.lines[quote.lines.length - 1];
    const replace: TextEdit = first && last
      ? { range: { start: document.positionAt(quote.base + first.start), end: document.positionAt(quote.base + last.end) }, newText: body }
      : { range: { start: document.positionAt(quote.base + quote.citationStart), end: document.positionAt(quote.base + quote.citationStart) }, newText: `${body}${eol}>${eol}` };
    actions.push(edit(l10n.t('Replace with the official text'), d, [replace]));
    const finding = checks.check(quote, found);
    if (finding.kind === 'differs' && finding.insert) {
      const position = document.positionAt(finding.insert.at + quote.base);
      actions.push(edit(l10n.t('Mark as shortened'), d, [{ range: { start: position, end: position }, newText: finding.insert.text }], true));
    }
  }
  return actions;
}
