/** The language server's features as pure functions on in-memory documents (no VS Code, no connection). */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, type Diagnostic, type MarkupContent, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quoteAnswer } from '../../src/core/quote';
import { canonicalId, tryParseId } from '../../src/core/ids';
import type { Kamervraag } from '../../src/core/model';
import { NoteScanner, scanNote } from '../../src/core/notes/scan';
import { parseKamervraag } from '../../src/core/parse';
import { DEFAULT_NOTES_SETTINGS, type FoundKamervraag, type KamervraagSummary } from '../../src/shared/lspProtocol';
import { codeActions } from '../../src/server/features/codeActions';
import { completionSituation, kamervraagItems, questionItems } from '../../src/server/features/completion';
import { noteData, idsNaming, type NoteData } from '../../src/server/features/data';
import { definition } from '../../src/server/features/definition';
import { QuoteChecks } from '../../src/core/notes/quotes';
import { diagnose } from '../../src/server/features/diagnostics';
import { hover } from '../../src/server/features/hover';
import { documentLinks } from '../../src/server/features/links';
import { citingLocations } from '../../src/server/features/references';
import { readSettings } from '../../src/server/server';

const kv = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const found: FoundKamervraag = { key: '2023Z11786', kamervraag: kv };

/** The library the features see: 2023Z11786 under each of its names. */
function library(...items: FoundKamervraag[]): NoteData {
  const map = new Map<string, FoundKamervraag | null>();
  for (const item of items) for (const id of idsNaming(item.key, item.kamervraag)) map.set(id, item);
  return { lookup: (id) => map.get(canonicalId(id)) ?? undefined, today: '2026-11-27' };
}
const data = library(found);

function doc(text: string, uri = 'file:///notes/a.md'): TextDocument {
  return TextDocument.create(uri, 'markdown', 1, text);
}

/** Position of the n-th occurrence of `needle` (plus `delta` characters). */
function at(document: TextDocument, needle: string, delta = 0, n = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= n; k++) i = document.getText().indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in the note`);
  return document.positionAt(i + delta);
}

function check(document: TextDocument, d: NoteData = data, checks = new QuoteChecks()): Diagnostic[] {
  return diagnose(document, scanNote(document.getText()), d, DEFAULT_NOTES_SETTINGS, checks);
}

function apply(document: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(document, edits);
}

describe('server features: hover', () => {
  it('shows the card: title, indieners and parties, ministers, dates, status, days', () => {
    const d = doc('Zie 2023Z11786 voor de scanners.');
    const h = hover(d, at(d, '2023Z11786', 3), scanNote(d.getText()), data)!;
    const value = (h.contents as MarkupContent).value;
    assert.match(value, /België verbiedt aankoop/);
    assert.match(value, /Rajkowski \(VVD\).*Gündoğan \(Volt\)/);
    assert.match(value, /Ministers: Wopke Hoekstra \(viceminister-president, minister buitenlandse zaken\), Aukje de Vries/);
    assert.match(value, /submitted 2023-06-23 · answered 2023-09-28 · 97 days to answer · answered late/);
    assert.match(value, /command:kamervragen\.openPanel\?/);
    assert.deepEqual(h.range, { start: at(d, '2023Z11786'), end: at(d, '2023Z11786', 10) });
  });

  it('adds the question and the start of its answer for a question-specific reference', () => {
    const d = doc('Het antwoord in 2023Z11786 vraag 2 telt de scanners.');
    const value = (hover(d, at(d, 'vraag 2', 2), scanNote(d.getText()), data)!.contents as MarkupContent).value;
    assert.match(value, /\*\*Question 2\*\*: Hoeveel Nuctech/);
    assert.match(value, /\*\*Answer\*\*: Douanebreed wordt op dit moment gewerkt met ca\. 100 scanners/);
    assert.match(value, /%5B%222023Z11786%22%2C2%5D/, 'the panel opens at question 2');
  });

  it('says so for an id that is not in the library, and nothing outside references', () => {
    const d = doc('Zie 2021Z09739.');
    assert.match((hover(d, at(d, '2021Z', 1), scanNote(d.getText()), data)!.contents as MarkupContent).value, /not in your library/);
    assert.equal(hover(d, { line: 0, character: 1 }, scanNote(d.getText()), data), null);
  });
});

describe('server features: document links', () => {
  it('links bare ids and the quote marker to the reading panel, not URLs', () => {
    const d = doc(`Zie ah-tk-20232024-99 en https://www.openkamer.org/kamervraag/2023Z11786/.\n\n${quoteAnswer(kv, 4, { style: 'leidraad' })}`);
    const links = documentLinks(d, scanNote(d.getText()), data);
    assert.equal(links.length, 2);
    assert.equal(d.getText(links[0]!.range), 'ah-tk-20232024-99');
    assert.equal(links[0]!.target, `command:kamervragen.openPanel?${encodeURIComponent('["2023Z11786"]')}`);
    assert.equal(d.getText(links[1]!.range), '2023Z11786');
    assert.equal(links[1]!.target, `command:kamervragen.openPanel?${encodeURIComponent('["2023Z11786",4]')}`);
  });
});

describe('server features: completion', () => {
  const summary: KamervraagSummary = {
    key: '2023Z11786', citationKey: 'kamervraag2023Z11786', zaak: '2023Z11786', title: kv.title, submitted: kv.submitted, answered: kv.answered, status: kv.status,
    documents: kv.documents.map((x) => x.id), submitters: ['Rajkowski (VVD)'],
  };

  it('completes a zaaknummer or document id prefix', () => {
    const d = doc('Zie 2023Z117');
    const s = completionSituation(d, { line: 0, character: 12 }, scanNote(d.getText()));
    assert.deepEqual(s && { kind: s.kind, prefix: 'prefix' in s ? s.prefix : '' }, { kind: 'prefix', prefix: '2023Z117' });
    const items = kamervraagItems(d, s as never, [summary]);
    assert.equal(items[0]!.label, '2023Z11786');
    assert.equal(apply(d, [items[0]!.textEdit as TextEdit]), 'Zie 2023Z11786');
    const d2 = doc('Antwoord ah-tk-2023');
    const s2 = completionSituation(d2, { line: 0, character: 19 }, scanNote(d2.getText()))!;
    assert.equal(kamervraagItems(d2, s2 as never, [summary])[0]!.label, 'ah-tk-20232024-99');
  });

  it('completes by words of the title', () => {
    const d = doc('Over de Chinese röntgen');
    const s = completionSituation(d, { line: 0, character: 23 }, scanNote(d.getText()))!;
    assert.equal(s.kind, 'words');
    assert.equal((s as { query: string }).query, 'de Chinese röntgen');
    const item = kamervraagItems(d, s as never, [summary])[0]!;
    assert.equal(item.filterText, 'röntgen');
    assert.equal(apply(d, [item.textEdit as TextEdit]), 'Over de Chinese 2023Z11786');
  });

  it('offers question numbers after a reference', () => {
    const d = doc('Kamervraag 2023Z11786 vraag ');
    const scan = scanNote(d.getText());
    const s = completionSituation(d, { line: 0, character: 28 }, scan)!;
    assert.equal(s.kind, 'questions');
    const items = questionItems(d, s as never, found, '2026-11-27');
    assert.deepEqual(items.map((i) => i.label), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13']);
    assert.equal(apply(d, [items[2]!.textEdit as TextEdit]), 'Kamervraag 2023Z11786 vraag 3');
  });
});

describe('server features: definition and references', () => {
  it('goes to the question in the reading view of the Kamervraag', () => {
    const d = doc('Zie 2023Z11786 vraag 5.');
    const loc = definition(d, at(d, '2023Z', 2), scanNote(d.getText()), data)!;
    assert.equal(loc.uri, 'kamervraag:/2023Z11786.md');
    assert.ok(loc.range.start.line > 10);
    const whole = definition(d, at(d, 'Zie'), scanNote(d.getText()), data);
    assert.equal(whole, null);
  });

  it('finds every note that cites the Kamervraag, under any of its names', () => {
    const a = doc('Zie 2023Z11786.', 'file:///a.md');
    const b = doc(`Ook ah-tk-20232024-99 en 2021Z09739.\n\n${quoteAnswer(kv, 1, { style: 'leidraad' })}`, 'file:///b.md');
    const notes = [a, b].map((document) => ({ document, scan: scanNote(document.getText()) }));
    const locations = citingLocations(tryParseId('2023Z11786')!, notes, data);
    // a: the zaak; b: the answer id, the link in the citation line and the marker.
    assert.deepEqual(locations.map((l) => l.uri), ['file:///a.md', 'file:///b.md', 'file:///b.md', 'file:///b.md']);
    assert.equal(b.getText(locations[1]!.range), 'ah-tk-20232024-99');
    // Unknown to the library: still found by its own forms.
    assert.equal(citingLocations(tryParseId('kv-tk-2021Z09739')!, notes, noteData(new Map())).length, 1);
  });
});

describe('server features: diagnostics', () => {
  it('reports malformed ids as errors and unknown ids as information, with our own source', () => {
    const d = doc('Fout 2023Z1178. Onbekend 2021Z09739. Bekend 2023Z11786.');
    const diags = check(d);
    assert.deepEqual(diags.map((x) => [x.severity, x.code, d.getText(x.range)]), [
      [DiagnosticSeverity.Error, 'malformed-id', '2023Z1178'],
      [DiagnosticSeverity.Information, 'unknown-id', '2021Z09739'],
    ]);
    assert.ok(diags.every((x) => x.source === 'kamervragen'));
  });

  it('ignores a reference inside a code block', () => {
    assert.deepEqual(check(doc('```\n2023Z1178 2021Z09739\n```\n\n    2021Z09739\n\nEn `2021Z09739`.\n')), []);
  });

  it('accepts a quote as inserted, and one with an elision', () => {
    const quote = quoteAnswer(kv, 2, { style: 'leidraad' });
    assert.deepEqual(check(doc(`# A\n\n${quote}`)), []);
    const shortened = quote.replace(/Daarvan zijn er ruim 70 van leverancier Nuctech\. /, '[…] ');
    assert.notEqual(shortened, quote);
    assert.deepEqual(check(doc(shortened)), []);
  });

  it('warns about a quote that differs, at the first difference', () => {
    const d = doc(quoteAnswer(kv, 2, { style: 'leidraad' }).replace('ca. 100 scanners', 'ca. 120 scanners'));
    const [diag] = check(d);
    assert.equal(diag!.code, 'quote-differs');
    assert.equal(diag!.severity, DiagnosticSeverity.Warning);
    assert.equal(d.getText(diag!.range), '120');
    assert.match(diag!.message, /differs from the official answer at “…met ca\. 120 scanners.*the official text reads “…met ca\. 100 scanners/);
    // Excerpts hold whole words (issue 10: "…Nucte…").
    for (const piece of diag!.message.match(/“[^”]*”/g)!) {
      const words = piece.slice(1, -1).replace(/^…|…$/g, '').split(' ');
      const official = kv.entries[1]!.answer!.split(/\s+/);
      assert.ok(official.includes(words[0]!) || words[0] === '120', `starts with a whole word: ${piece}`);
      assert.ok(official.includes(words[words.length - 1]!), `ends with a whole word: ${piece}`);
    }
  });

  it('checks a quote of a combined answer', () => {
    const combined: Kamervraag = { ...kv, entries: kv.entries.map((e) => (e.numbers[0] === 5 ? { ...e, numbers: [5, 6] } : e)).filter((e) => e.numbers[0] !== 6) };
    const d2 = library({ key: '2023Z11786', kamervraag: combined });
    const quote = quoteAnswer(combined, 6, { style: 'leidraad' });
    assert.match(quote, /vraag=5,6 -->/);
    assert.deepEqual(check(doc(quote), d2), []);
    assert.equal(check(doc(quote.replace('Voorzitter', 'voorzitter')), d2)[0]?.code, 'quote-differs');
  });

  it('handles Windows line endings', () => {
    const quote = quoteAnswer(kv, 6, { style: 'leidraad', eol: '\r\n' });
    assert.deepEqual(check(doc(`# A\r\n\r\n${quote}`)), []);
    const d = doc(`# A\r\n\r\n${quote.replace('Douane', 'douane')}`);
    const [diag] = check(d);
    assert.equal(d.getText(diag!.range), 'douane');
  });

  it('tells when a nader antwoord followed the cited answer, and when a question does not exist', () => {
    const later: Kamervraag = { ...kv, documents: [...kv.documents, { id: 'ah-tk-20232024-99-n1', kind: 'further-answer', date: '2023-11-01', url: null }] };
    const diags = check(doc(`Zie 2023Z11786 vraag 14.\n\n${quoteAnswer(later, 1, { style: 'leidraad' })}`), library({ key: '2023Z11786', kamervraag: later }));
    assert.deepEqual(diags.map((x) => x.code), ['unknown-question', 'superseded', 'superseded', 'superseded']);
    assert.match(diags[1]!.message, /ah-tk-20232024-99-n1, 2023-11-01/);
  });

  it('checks only the quote that changed, and follows the settings', () => {
    const quotes = Array.from({ length: 20 }, (_, i) => quoteAnswer(kv, (i % 13) + 1, { style: 'leidraad' })).join('\n');
    const checks = new QuoteChecks();
    const scanner = new NoteScanner();
    diagnose(doc(quotes), scanner.scan(quotes), data, DEFAULT_NOTES_SETTINGS, checks);
    const misses = checks.misses;
    const edited = quotes.replace('Ja.', 'Nee.');
    const diags = diagnose(doc(edited), scanner.scan(edited), data, DEFAULT_NOTES_SETTINGS, checks);
    assert.equal(checks.misses - misses, 1);
    assert.equal(diags.length, 1);
    assert.deepEqual(diagnose(doc(edited), scanNote(edited), data, { ...DEFAULT_NOTES_SETTINGS, checkQuotes: false }, checks), []);
    assert.deepEqual(readSettings({ notes: { checkQuotes: false }, citation: { style: 'apa' } }), { notes: { ...DEFAULT_NOTES_SETTINGS, checkQuotes: false }, style: 'apa' });
  });
});

describe('server features: attributed quotes (no marker)', () => {
  const link = '[het antwoord](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html)';

  it('checks a block quote attributed by a Leidraad citation, and names the answer where it differs', () => {
    const note = '> Douanebreed wordt op dit moment gewerkt met ca. 100 scan-\n> ners. Daarvan zijn er ruim 70 van leverancier Nuctech.\n\nAanhangsel Handelingen II 2023/24, nr. 99, antwoord op vraag 2.\n';
    assert.deepEqual(check(doc(note)), []);
    const d = doc(note.replace('ruim 70', 'ruim 80'));
    const [diag] = check(d);
    assert.equal(diag!.code, 'quote-differs');
    assert.equal(d.getText(diag!.range), '80');
    assert.match(diag!.message, /differs from the answer to question 2 of 2023Z11786/);
  });

  it('checks a quotation in running text attributed by a link; quotes of other sources stay silent', () => {
    const note = `In ${link} staat: „Daarvan zijn er ruim 70 van leverancier Nuctech.” En de krant „schreef er iets heel anders over” (NRC, 2023).\n`;
    assert.deepEqual(check(doc(note)), []);
    const d = doc(note.replace('Daarvan zijn er ruim 70 van leverancier Nuctech.', 'De minister heeft alle scanners van deze leverancier vervangen.'));
    const [diag] = check(d);
    assert.equal(diag!.code, 'quote-matches-none');
    assert.equal(d.getText(diag!.range), 'De minister heeft alle scanners van deze leverancier vervangen.');
    assert.match(diag!.message, /none of the answers and questions of 2023Z11786/);
  });

  it('flags a quote that starts in the middle of a sentence, and offers to mark it', () => {
    const d = doc('De minister: „wordt op dit moment gewerkt met ca. 100 scanners.” [@kamervraag2023Z11786]\n');
    const checks = new QuoteChecks();
    const scan = scanNote(d.getText());
    const [diag] = diagnose(d, scan, data, DEFAULT_NOTES_SETTINGS, checks);
    assert.match(diag!.message, /answer to question 2 of 2023Z11786 starts in the middle of a sentence/);
    const mark = codeActions(d, [diag!], scan, data, checks, 'leidraad').find((a) => a.title === 'Mark as shortened')!;
    assert.deepEqual(check(doc(apply(d, mark.edit!.changes![d.uri]!))), []);
  });
});

describe('server features: quick fixes', () => {
  function fixes(document: TextDocument, d: NoteData = data) {
    const checks = new QuoteChecks();
    const scan = scanNote(document.getText());
    const diags = diagnose(document, scan, d, DEFAULT_NOTES_SETTINGS, checks);
    return codeActions(document, diags, scan, d, checks, 'leidraad');
  }

  it('fetches an unknown id', () => {
    const [fetch] = fixes(doc('Zie 2021Z09739.'));
    assert.equal(fetch!.title, 'Fetch 2021Z09739');
    assert.deepEqual(fetch!.command, { title: 'Fetch 2021Z09739', command: 'kamervragen.open', arguments: ['2021Z09739'] });
  });

  it('replaces a quote with the official text', () => {
    const original = quoteAnswer(kv, 6, { style: 'leidraad', eol: '\r\n' });
    const d = doc(`# A\r\n\r\n${original.replace('Douane', 'douane').replace(/\r\n>\r\n(?=> Nationale)/, '\r\n')}Na.\r\n`);
    const replace = fixes(d).find((a) => a.title === 'Replace with the official text')!;
    const result = apply(d, replace.edit!.changes![d.uri]!);
    assert.equal(result, `# A\r\n\r\n${original}Na.\r\n`);
    assert.deepEqual(check(doc(result)), []);
  });

  it('marks a shortened quote, at the end and in the middle', () => {
    const full = quoteAnswer(kv, 2, { style: 'leidraad' });
    const cutEnd = full.replace(/ Daarvan zijn er ruim 70.*?(?=\n)/, '');
    const d = doc(cutEnd);
    const mark = fixes(d).find((a) => a.title === 'Mark as shortened')!;
    const marked = apply(d, mark.edit!.changes![d.uri]!);
    assert.match(marked, /ca\. 100 scanners\. \[…\]\n/);
    assert.deepEqual(check(doc(marked)), []);

    const cutMiddle = full.replace(/Daarvan zijn er ruim 70 van leverancier Nuctech\. /, '');
    const d2 = doc(cutMiddle);
    const marked2 = apply(d2, fixes(d2).find((a) => a.title === 'Mark as shortened')!.edit!.changes![d2.uri]!);
    assert.match(marked2, /100 scanners\. \[…\] Het gaat daarbij/);
    assert.deepEqual(check(doc(marked2)), []);
  });

  it('offers no "Mark as shortened" when the words differ', () => {
    const d = doc(quoteAnswer(kv, 2, { style: 'leidraad' }).replace('ca. 100 scanners', 'ca. 120 scanners'));
    assert.deepEqual(fixes(d).map((a) => a.title), ['Replace with the official text']);
  });
});
