/** Find all references: every place in the workspace's notes that cites the same Kamervraag. */
import type { Location } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalId, type KamervraagId } from '../../core/ids';
import type { NoteScan } from '../../core/notes/scan';
import { idsNaming, type NoteData } from './data';

export interface ScannedNote {
  document: TextDocument;
  scan: NoteScan;
}

/** The locations in `notes` whose references name what `target` names. */
export function citingLocations(target: KamervraagId, notes: readonly ScannedNote[], data: NoteData): Location[] {
  const found = data.lookup(target);
  const ids = idsNaming(found?.key ?? canonicalId(target), found?.kamervraag);
  const out: Location[] = [];
  for (const { document, scan } of notes) {
    for (const ref of scan.references) {
      const same = ids.has(canonicalId(ref.id)) || (found !== undefined && data.lookup(ref.id)?.key === found.key);
      if (!same) continue;
      out.push({ uri: document.uri, range: { start: document.positionAt(ref.start), end: document.positionAt(ref.end) } });
    }
  }
  return out;
}
