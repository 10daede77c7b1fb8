/**
 * Document links: a bare identifier and the quote marker open the reading panel (at the question
 * when one is named). Links (URLs) get none: VS Code's Markdown features link them already, and a
 * second link on the same text would only show twice.
 */
import type { DocumentLink } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalId } from '../../core/ids';
import type { NoteScan } from '../../core/notes/scan';
import { l10n } from '../l10n';
import { openPanelUri } from './card';
import type { NoteData } from './data';

export function documentLinks(document: TextDocument, scan: NoteScan, data: NoteData): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const ref of scan.references) {
    if (ref.kind === 'link') continue;
    const key = data.lookup(ref.id)?.key ?? canonicalId(ref.id);
    const question = ref.questions[0];
    const tooltip = question === undefined
      ? l10n.t('Open {0} in the reading panel', key)
      : l10n.t('Open question {0} of {1} in the reading panel', question, key);
    links.push({
      range: { start: document.positionAt(ref.start), end: document.positionAt(ref.end) },
      target: openPanelUri(key, question),
      tooltip,
    });
  }
  return links;
}
