/** Hover: the card of the Kamervraag under the cursor, with the question when one is named. */
import type { CancellationToken, Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalId } from '../../core/ids';
import { referenceAt, type NoteScan } from '../../core/notes/scan';
import { l10n } from '../l10n';
import { card } from './card';
import type { NoteData } from './data';

export function hover(document: TextDocument, position: Position, scan: NoteScan, data: NoteData, token?: CancellationToken): Hover | null {
  const ref = referenceAt(scan.references, document.offsetAt(position));
  if (!ref || token?.isCancellationRequested) return null;
  const range = { start: document.positionAt(ref.start), end: document.positionAt(ref.questionRange?.end ?? ref.end) };
  const found = data.lookup(ref.id);
  const value = found
    ? card(found, ref.questions, data.today)
    : l10n.t('{0} is not in your library. Fetch it with "Kamervragen: Open…" (or the quick fix) to see its details here.', canonicalId(ref.id));
  return { contents: { kind: 'markdown', value }, range };
}
