/**
 * The labelled set (test/support/labelledQuotes.ts): every faithful copy holds, every alteration is
 * caught — through the language server's diagnostics, as a note would get them.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalId } from '../../src/core/ids';
import { QuoteChecks } from '../../src/core/notes/quotes';
import { scanNote } from '../../src/core/notes/scan';
import { DEFAULT_NOTES_SETTINGS, type FoundKamervraag } from '../../src/shared/lspProtocol';
import { idsNaming, type NoteData } from '../../src/server/features/data';
import { diagnose } from '../../src/server/features/diagnostics';
import { labelledQuotes } from '../support/labelledQuotes';

describe('quote check: the labelled set', () => {
  const { library, quotes } = labelledQuotes();
  const map = new Map<string, FoundKamervraag>();
  for (const kv of library) for (const id of idsNaming(kv.zaak!, kv)) map.set(id, { key: kv.zaak!, kamervraag: kv });
  const data: NoteData = { lookup: (id) => map.get(canonicalId(id)), today: '2026-11-27' };

  it('has at least 100 quotes of both labels', () => {
    assert.ok(quotes.length >= 100, `${quotes.length}`);
    assert.ok(quotes.filter((q) => q.label === 'holds').length >= 50);
    assert.ok(quotes.filter((q) => q.label === 'differs').length >= 50);
  });

  it('gives no false alarm and misses nothing', () => {
    const wrong: string[] = [];
    for (const q of quotes) {
      const document = TextDocument.create('file:///q.md', 'markdown', 1, q.note);
      const scan = scanNote(q.note);
      const found = diagnose(document, scan, data, DEFAULT_NOTES_SETTINGS, new QuoteChecks())
        .filter((d) => String(d.code).startsWith('quote-'));
      const checked = scan.quotes.length + scan.attributed.length;
      if (checked === 0 && !q.name.includes('another source')) wrong.push(`${q.name}: no quote found`);
      if (q.label === 'holds' && found.length > 0) wrong.push(`false alarm, ${q.name}: ${found.map((d) => d.message).join(' | ')}`);
      if (q.label === 'differs' && found.length === 0) wrong.push(`missed, ${q.name}`);
    }
    assert.deepEqual(wrong, []);
  });
});
