/**
 * Pandoc citation keys in notes (`[@kamervraag2023Z11786, vraag 3]`): found by the scanner as
 * references, and served by the language server's features like ids; quotes written with a key.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, type Diagnostic, type MarkupContent, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { citationKey, findCitationKeys, idPrefixOfKey, pandocCitation } from '../../src/core/citationKey';
import { canonicalId } from '../../src/core/ids';
import type { Kamervraag } from '../../src/core/model';
import { QuoteChecks } from '../../src/core/notes/quotes';
import { scanNote } from '../../src/core/notes/scan';
import { parseKamervraag } from '../../src/core/parse';
import { quoteAnswer, quoteQuestion } from '../../src/core/quote';
import { DEFAULT_NOTES_SETTINGS, type FoundKamervraag, type KamervraagSummary } from '../../src/shared/lspProtocol';
import { codeActions } from '../../src/server/features/codeActions';
import { completionSituation, questionItems } from '../../src/server/features/completion';
import { idsNaming, type NoteData } from '../../src/server/features/data';
import { definition } from '../../src/server/features/definition';
import { diagnose } from '../../src/server/features/diagnostics';
import { hover } from '../../src/server/features/hover';
import { keyItems, keySearch, type KeySituation } from '../../src/server/features/keys';
import { citingLocations } from '../../src/server/features/references';

const kv = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const found: FoundKamervraag = { key: '2023Z11786', kamervraag: kv };

function library(...items: FoundKamervraag[]): NoteData {
  const map = new Map<string, FoundKamervraag>();
  for (const item of items) for (const id of idsNaming(item.key, item.kamervraag)) map.set(id, item);
  return { lookup: (id) => map.get(canonicalId(id)), today: '2026-11-27' };
}
const data = library(found);

function doc(text: string, uri = 'file:///notes/a.md'): TextDocument {
  return TextDocument.create(uri, 'markdown', 1, text);
}

function at(document: TextDocument, needle: string, delta = 0): { line: number; character: number } {
  const i = document.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in the note`);
  return document.positionAt(i + delta);
}

function check(document: TextDocument, d: NoteData = data): Diagnostic[] {
  return diagnose(document, scanNote(document.getText()), d, DEFAULT_NOTES_SETTINGS, new QuoteChecks());
}

const refs = (text: string): Array<[string, string, string, number[]]> =>
  scanNote(text).references.map((r) => [r.kind, r.text, canonicalId(r.id), r.questions]);

describe('citation keys: scanning', () => {
  it('finds our keys in Pandoc citations, with the questions after them', () => {
    assert.deepEqual(refs('Zie [@kamervraag2023Z11786, vraag 3; @kamervraagahtk2023202499] en @kamervraag2023Z11786.'), [
      ['key', '@kamervraag2023Z11786', '2023Z11786', [3]],
      ['key', '@kamervraagahtk2023202499', 'ah-tk-20232024-99', []],
      ['key', '@kamervraag2023Z11786', '2023Z11786', []],
    ]);
    assert.deepEqual(refs('[-@kamervraag2023Z11786, vragen 5 en 6]')[0], ['key', '@kamervraag2023Z11786', '2023Z11786', [5, 6]]);
    assert.deepEqual(refs('@kamervraag2023Z11786: zo schreef de minister.').map((r) => r[1]), ['@kamervraag2023Z11786']);
    assert.deepEqual(refs('@kamervraag2023Z11786 [vraag 2] schrijft')[0]!.slice(3), [[2]], 'the locator of a key in running text');
  });

  it('leaves e-mail addresses, other bibliographies\' keys, code and web addresses alone', () => {
    const text = [
      'Mail jan@kamervraag2023Z11786.nl of [@jansen2020, p. 3] en @smith2019.',
      'In code: `[@kamervraag2023Z11786]`; een andere sleutel @kamervraag2023Z11786-2 of @kamervraag2023Z11786.x.',
      'Een adres https://example.org/@kamervraag2023Z11786 en @kamervraagOverRoken.',
      '',
      '```',
      '[@kamervraag2023Z11786]',
      '```',
    ].join('\n');
    const scan = scanNote(text);
    assert.deepEqual(scan.references, []);
    assert.deepEqual(scan.malformed, []);
    assert.deepEqual(findCitationKeys('jan@kamervraag2023Z11786.nl en [@kamervraag2023Z11786-2]'), []);
  });

  it('reports keys of ours written wrong as malformed, not as zaaknummers', () => {
    const scan = scanNote('Zie [@kamervraag2023Z1178] en @Kamervraag2023Z11786 en @kamervraag2023z11786, vraag 2.');
    assert.deepEqual(scan.malformed.map((m) => [m.kind, m.text]), [
      ['key', '@kamervraag2023Z1178'], ['key', '@Kamervraag2023Z11786'], ['key', '@kamervraag2023z11786'],
    ]);
    assert.deepEqual(scan.references, []);
  });

  it('attributes a quote without our marker to the Kamervraag a key names, also an answer-document key', () => {
    const quote = '> Douanebreed wordt op dit moment gewerkt met ca. 100 scanners. Daarvan zijn er ruim 70 van leverancier Nuctech.\n>\n';
    for (const key of ['@kamervraag2023Z11786', '@kamervraagahtk2023202499']) {
      const note = `${quote}> — [${key}, vraag 2]\n`;
      const [attributed] = scanNote(note).attributed;
      assert.ok(attributed, key);
      assert.equal(note.slice(attributed.citation.start, attributed.citation.end), key);
      assert.deepEqual(check(doc(note)), [], key);
      const d = doc(note.replace('ruim 70', 'ruim 80'));
      const [diag] = check(d);
      assert.equal(diag?.code, 'quote-differs', key);
      assert.equal(d.getText(diag.range), '80');
    }
  });
});

describe('citation keys: hover, definition, references', () => {
  it('hovers a key with the card an id gets, the question included', () => {
    const d = doc('Zie [@kamervraag2023Z11786, vraag 2] en 2023Z11786 vraag 2.');
    const scan = scanNote(d.getText());
    const onKey = hover(d, at(d, '@kamer', 3), scan, data)!;
    const onId = hover(d, at(d, ' 2023Z', 3), scan, data)!;
    assert.equal((onKey.contents as MarkupContent).value, (onId.contents as MarkupContent).value);
    assert.match((onKey.contents as MarkupContent).value, /\*\*Answer\*\*: Douanebreed wordt/);
    assert.equal(d.getText(onKey.range!), '@kamervraag2023Z11786, vraag 2');
  });

  it('says so for a key of a Kamervraag that is not in the library', () => {
    const d = doc('[@kamervraag2019Z12345]');
    assert.match((hover(d, at(d, '2019', 1), scanNote(d.getText()), data)!.contents as MarkupContent).value, /2019Z12345 is not in your library/);
  });

  it('goes to the question in the reading view', () => {
    const d = doc('[@kamervraagahtk2023202499, vraag 5]');
    const loc = definition(d, at(d, 'ahtk', 1), scanNote(d.getText()), data)!;
    assert.equal(loc.uri, 'kamervraag:/2023Z11786.md');
    assert.ok(loc.range.start.line > 0);
  });

  it('finds keys and ids of the same Kamervraag across notes', () => {
    const a = doc('Zie [@kamervraag2023Z11786, vraag 3].', 'file:///notes/a.md');
    const b = doc('Citeert ah-tk-20232024-99 en @kamervraagahtk2023202499; niet @kamervraag2019Z12345.', 'file:///notes/b.md');
    const notes = [a, b].map((document) => ({ document, scan: scanNote(document.getText()) }));
    const [key] = scanNote(a.getText()).references;
    const locations = citingLocations(key!.id, notes, data);
    assert.deepEqual(locations.map((l) => [l.uri, (l.uri === a.uri ? a : b).getText(l.range)]), [
      ['file:///notes/a.md', '@kamervraag2023Z11786'],
      ['file:///notes/b.md', 'ah-tk-20232024-99'],
      ['file:///notes/b.md', '@kamervraagahtk2023202499'],
    ]);
  });
});

describe('citation keys: diagnostics', () => {
  it('reports an unknown key as information with the Fetch quick fix, a wrong one as an error', () => {
    const d = doc('Onbekend [@kamervraag2019Z12345, vraag 1]. Fout @kamervraag2023Z1178. Bekend @kamervraag2023Z11786. Mail jan@kamervraag2019Z12345.nl, [@jansen2020].');
    const diags = check(d);
    assert.deepEqual(diags.map((x) => [x.severity, x.code, d.getText(x.range)]), [
      [DiagnosticSeverity.Information, 'unknown-id', '@kamervraag2019Z12345'],
      [DiagnosticSeverity.Error, 'malformed-id', '@kamervraag2023Z1178'],
    ]);
    assert.match(diags[1]!.message, /not the citation key of a Kamervraag.*@kamervraag2023Z11786/);
    const actions = codeActions(d, [diags[0]!], scanNote(d.getText()), data, new QuoteChecks(), 'leidraad');
    assert.deepEqual(actions.map((a) => [a.title, a.command?.command, a.command?.arguments]), [['Fetch 2019Z12345', 'kamervragen.open', ['2019Z12345']]]);
  });

  it('warns about a question the Kamervraag does not have', () => {
    const d = doc('[@kamervraag2023Z11786, vraag 14]');
    const [diag] = check(d);
    assert.equal(diag?.code, 'unknown-question');
    assert.equal(d.getText(diag.range), '@kamervraag2023Z11786, vraag 14');
  });
});

describe('citation keys: completion', () => {
  const summary: KamervraagSummary = {
    key: '2023Z11786', citationKey: citationKey(kv), zaak: '2023Z11786', title: kv.title, submitted: kv.submitted, answered: kv.answered,
    status: kv.status, documents: kv.documents.map((x) => x.id), submitters: ['Rajkowski (VVD)'],
  };
  const situation = (text: string): ReturnType<typeof completionSituation> => {
    const d = doc(text);
    return completionSituation(d, d.positionAt(text.length), scanNote(text));
  };

  it('completes after [@ and @, not after other @ text', () => {
    assert.deepEqual(situation('Zie [@'), { kind: 'key', typed: '', start: 6, end: 6 });
    assert.deepEqual(situation('Zie [@a; @kamervraag2023'), { kind: 'key', typed: 'kamervraag2023', start: 10, end: 24 });
    assert.deepEqual(situation('Zie @Rajk'), { kind: 'key', typed: 'Rajk', start: 5, end: 9 });
    assert.equal(situation('mail jan@'), undefined);
    assert.notEqual(situation('mail jan@kamervraag')?.kind, 'key');
  });

  it('asks the library by key, zaaknummer, title words and people', () => {
    assert.deepEqual(keySearch(''), { mode: 'prefix', query: '' });
    assert.deepEqual(keySearch('kamer'), { mode: 'prefix', query: '' });
    assert.deepEqual(keySearch('kamervraag2023Z1'), { mode: 'prefix', query: '2023Z1' });
    assert.deepEqual(keySearch('kamervraagahtk2023202499'), { mode: 'prefix', query: 'ah-tk-20232024-99' });
    assert.deepEqual(keySearch('2023Z11'), { mode: 'prefix', query: '2023Z11' });
    assert.deepEqual(keySearch('Rajkowski'), { mode: 'words', query: 'Rajkowski' });
    assert.deepEqual(keySearch('röntgen'), { mode: 'words', query: 'röntgen' });
    assert.deepEqual(['kamervraagah', 'kamervraagaht', 'kamervraagahtk2023', 'kamervraagahek20192020', 'kamervraag2023z'].map(idPrefixOfKey),
      ['ah', 'ah-t', 'ah-tk-2023', 'ah-ek-20192020', '2023z']);
    assert.equal(idPrefixOfKey('kamervraagOver'), undefined);
  });

  it('writes the key in place of what was typed after the @', () => {
    const d = doc('Zie [@Rajk');
    const items = keyItems(d, situation('Zie [@Rajk') as KeySituation, [summary]);
    assert.equal(items[0]!.label, 'kamervraag2023Z11786');
    assert.equal(items[0]!.filterText, 'Rajk');
    assert.match((items[0]!.documentation as MarkupContent).value, /2023Z11786 · Rajkowski \(VVD\)/);
    assert.equal(TextDocument.applyEdits(d, [items[0]!.textEdit as TextEdit]), 'Zie [@kamervraag2023Z11786');
  });

  it('offers question numbers after a key', () => {
    assert.equal(situation('@kamervraag2023Z11786 [vraag ')?.kind, 'questions');
    const text = '[@kamervraag2023Z11786, vraag ';
    const s = situation(text)!;
    assert.equal(s.kind, 'questions');
    const items = questionItems(doc(text), s as never, found, '2026-11-27');
    assert.equal(items.length, 13);
  });
});

describe('citation keys: quotes written with a Pandoc key', () => {
  it('cites the answer as [@key, vraag N], keeps the marker, and the quote is checked', () => {
    const quote = quoteAnswer(kv, 4, { style: 'leidraad', citation: 'pandoc' });
    assert.equal(quote, '> Zie antwoord vraag 3.\n>\n> — [@kamervraag2023Z11786, vraag 4] <!-- kamervraag:2023Z11786 vraag=4 -->\n');
    const scan = scanNote(quote);
    assert.equal(scan.quotes.length, 1);
    assert.deepEqual(scan.references.map((r) => [r.kind, r.questions]), [['key', [4]], ['marker', [4]]]);
    assert.deepEqual(check(doc(quote)), []);
    const d = doc(quoteAnswer(kv, 2, { style: 'apa', citation: 'pandoc' }).replace('ca. 100', 'ca. 120'));
    const [diag] = check(d);
    assert.equal(diag?.code, 'quote-differs');
    assert.equal(d.getText(diag.range), '120');
  });

  it('cites a question, combined questions and the template\'s other placeholders alike', () => {
    assert.match(quoteQuestion(kv, 3, { style: 'leidraad', citation: 'pandoc' }), /\n> — \[@kamervraag2023Z11786, vraag 3\] <!-- kamervraag:2023Z11786 vraag=3 tekst=vraag -->\n$/);
    const combined: Kamervraag = { ...kv, entries: kv.entries.map((e) => (e.numbers[0] === 5 ? { ...e, numbers: [5, 6] } : e)).filter((e) => e.numbers[0] !== 6) };
    assert.equal(pandocCitation(combined, [5, 6]), '[@kamervraag2023Z11786, vragen 5 en 6]');
    const quote = quoteAnswer(combined, 6, { style: 'leidraad', citation: 'pandoc', template: '{citation} ({date})' });
    assert.match(quote, /\n> \[@kamervraag2023Z11786, vragen 5 en 6\] \(28 september 2023\) <!-- kamervraag:2023Z11786 vraag=5,6 -->\n$/);
    assert.deepEqual(check(doc(quote), library({ key: '2023Z11786', kamervraag: combined })), []);
    assert.equal(pandocCitation(kv, []), '[@kamervraag2023Z11786]');
    assert.match(quoteAnswer(kv, 4, { style: 'leidraad', citation: 'text' }), /— \[Aanhangsel Handelingen II 2023\/24, nr\. 99\]/);
  });
});
