/**
 * Go to definition. The reading panel is a webview, and a definition can only point at a text
 * document, so the definition is the Kamervraag's Markdown reading view (`kamervraag:/KEY.md`, the
 * same document "Kamervragen: Open…" shows) at the heading of the question ("## Vraag 3"), or at
 * its title for the whole Kamervraag. Peek Definition then shows the question and its answer inline;
 * the panel itself opens from the document link (Ctrl+click) and from the hover.
 */
import type { Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toMarkdown } from '../../core/render';
import { referenceAt, type NoteScan } from '../../core/notes/scan';
import type { NoteData } from './data';
import { READING_SCHEME } from '../../shared/lspProtocol';

export function readingUri(key: string): string {
  return `${READING_SCHEME}:/${encodeURIComponent(key)}.md`;
}

export function definition(document: TextDocument, position: Position, scan: NoteScan, data: NoteData): Location | null {
  const ref = referenceAt(scan.references, document.offsetAt(position));
  if (!ref) return null;
  const found = data.lookup(ref.id);
  if (!found) return null;
  const lines = toMarkdown(found.kamervraag).split('\n');
  let line = 0;
  const question = ref.questions[0];
  if (question !== undefined) {
    const at = lines.findIndex((l) => {
      const m = /^## Vraag (.+)$/.exec(l);
      return m !== null && m[1]!.split(/,\s*/).map(Number).includes(question);
    });
    if (at >= 0) line = at;
  }
  return { uri: readingUri(found.key), range: { start: { line, character: 0 }, end: { line, character: lines[line]?.length ?? 0 } } };
}
