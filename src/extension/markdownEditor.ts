import * as vscode from 'vscode';
import { blockInsertion, joinBlocks } from '../core/notes/insertion';
import { READING_SCHEME } from '../shared/commands';

/** The last Markdown editor that had focus (see trackMarkdownEditors). */
export type LastMarkdownEditor = () => vscode.TextEditor | undefined;

let lastMarkdown: LastMarkdownEditor = () => undefined;

/**
 * Remember the last Markdown editor that had focus, so that a panel or tree (which takes the focus)
 * can insert into the note the user was writing. Called at activation; the features bundle is handed
 * the result through `useLastMarkdownEditor` (the two bundles do not share module state).
 */
export function trackMarkdownEditors(): vscode.Disposable & { last: LastMarkdownEditor } {
  let last: vscode.TextEditor | undefined;
  const note = (e: vscode.TextEditor | undefined): void => {
    if (e?.document.languageId === 'markdown' && e.document.uri.scheme !== READING_SCHEME) last = e;
  };
  note(vscode.window.activeTextEditor);
  const subscription = vscode.window.onDidChangeActiveTextEditor(note);
  return { last: () => last, dispose: () => subscription.dispose() };
}

export function useLastMarkdownEditor(last: LastMarkdownEditor): void {
  lastMarkdown = last;
}

/**
 * The Markdown editor to insert into from a panel or tree: the active one, else the last one that
 * had focus and is still visible (re-shown when it is not). Offers a new note when there is none.
 */
export async function targetMarkdownEditor(): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (active && active.document.languageId === 'markdown' && active.document.uri.scheme !== READING_SCHEME) return active;
  const last = lastMarkdown();
  if (last && !last.document.isClosed) {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === last.document);
    if (visible) return visible;
    return vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
  }
  return markdownEditor();
}

/**
 * The active Markdown editor. Without one, say so and offer a new untitled Markdown note;
 * undefined when the user declines.
 */
export async function markdownEditor(): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (active && active.document.languageId === 'markdown') return active;
  const create = vscode.l10n.t('New Markdown Note');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Quotes go into a Markdown note, and no Markdown editor is active. Open a note first, or start a new one.'),
    create,
  );
  if (choice !== create) return undefined;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
  return vscode.window.showTextDocument(doc);
}

/** The drag data of quotes from the library tree: Markdown blocks, placed as paragraphs on drop. */
export const QUOTE_MIME = 'application/vnd.kamervragen.quote';

/**
 * Where `block` goes when it is dropped at `position`: as its own paragraph, with a blank line to
 * the text before and after it (the same rule as the commands).
 */
export function quoteDropText(document: vscode.TextDocument, position: vscode.Position, block: string): string {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const line = document.lineAt(position.line).text;
  return blockInsertion(joinBlocks([block], eol), {
    before: line.slice(0, position.character),
    after: line.slice(position.character),
    previousLine: position.line > 0 ? document.lineAt(position.line - 1).text : undefined,
    nextLine: position.line + 1 < document.lineCount ? document.lineAt(position.line + 1).text : undefined,
    eol,
  }).text;
}

/** Quotes dragged from the library into a Markdown note stand as paragraphs of their own. */
export class QuoteDropProvider implements vscode.DocumentDropEditProvider {
  static readonly kind = vscode.DocumentDropOrPasteEditKind.Empty.append('kamervragen', 'quote');

  async provideDocumentDropEdits(document: vscode.TextDocument, position: vscode.Position, data: vscode.DataTransfer): Promise<vscode.DocumentDropEdit[] | undefined> {
    const block = await data.get(QUOTE_MIME)?.asString();
    if (!block) return undefined;
    const edit = new vscode.DocumentDropEdit(quoteDropText(document, position, block), vscode.l10n.t('Insert as quote'), QuoteDropProvider.kind);
    return [edit];
  }
}

export function registerQuoteDrop(): vscode.Disposable {
  return vscode.languages.registerDocumentDropEditProvider({ language: 'markdown' }, new QuoteDropProvider(), {
    dropMimeTypes: [QUOTE_MIME],
    providedDropEditKinds: [QuoteDropProvider.kind],
  });
}

/**
 * Insert `block` as its own paragraph at every cursor, as one undoable edit, and put each cursor
 * just after its block.
 */
export async function insertBlockAtCursors(editor: vscode.TextEditor, block: string): Promise<boolean> {
  const doc = editor.document;
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const plans = editor.selections.map((sel) => {
    const line = doc.lineAt(sel.start.line);
    const endLine = doc.lineAt(sel.end.line);
    return {
      range: new vscode.Range(sel.start, sel.end),
      ...blockInsertion(block, {
        before: line.text.slice(0, sel.start.character),
        after: endLine.text.slice(sel.end.character),
        previousLine: sel.start.line > 0 ? doc.lineAt(sel.start.line - 1).text : undefined,
        nextLine: sel.end.line + 1 < doc.lineCount ? doc.lineAt(sel.end.line + 1).text : undefined,
        eol,
      }),
    };
  });
  const startOffsets = plans.map((p) => doc.offsetAt(p.range.start));
  const removed = plans.map((p) => doc.offsetAt(p.range.end) - doc.offsetAt(p.range.start));
  const ok = await editor.edit((builder) => {
    for (const p of plans) builder.replace(p.range, p.text);
  });
  if (!ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The note changed while the quote was being inserted; nothing was inserted. Try again.'));
    return false;
  }
  // Cursor after each block: shift by what the edits before it added.
  const order = plans.map((_, i) => i).sort((a, b) => startOffsets[a]! - startOffsets[b]!);
  let shift = 0;
  const cursors: vscode.Selection[] = [];
  for (const i of order) {
    const at = doc.positionAt(startOffsets[i]! + shift + plans[i]!.cursorOffset);
    cursors.push(new vscode.Selection(at, at));
    shift += plans[i]!.text.length - removed[i]!;
  }
  editor.selections = cursors;
  editor.revealRange(new vscode.Range(cursors[0]!.active, cursors[0]!.active));
  return true;
}
