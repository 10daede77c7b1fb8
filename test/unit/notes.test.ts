import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { quoteAnswer, quoteQuestion } from '../../src/core/quote';
import { canonicalId } from '../../src/core/ids';
import { parseKamervraag } from '../../src/core/parse';
import { NoteScanner, referenceAt, scanNote } from '../../src/core/notes/scan';
import { compareQuote, normalise } from '../../src/core/notes/quoteCheck';

const kv = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const quote4 = quoteAnswer(kv, 4, { style: 'leidraad' });

const ids = (text: string): string[] => scanNote(text).references.map((r) => `${r.kind}:${canonicalId(r.id)}`);

describe('notes: finding references', () => {
  it('finds ids, document ids and our links, with offsets', () => {
    const text = 'Zie 2023Z11786 en ah-tk-20232024-99, ook https://www.openkamer.org/kamervraag/2021Z09739/ en kv-tk-2023Z11786.';
    const scan = scanNote(text);
    assert.deepEqual(scan.references.map((r) => `${r.kind}:${canonicalId(r.id)}`), ['id:2023Z11786', 'id:ah-tk-20232024-99', 'link:2021Z09739', 'id:kv-tk-2023Z11786']);
    const first = scan.references[0]!;
    assert.equal(text.slice(first.start, first.end), '2023Z11786');
  });

  it('reads the questions named after an id', () => {
    const scan = scanNote('Kamervraag 2023Z11786 vraag 3, en ah-tk-20232024-99, antwoord op de vragen 5 en 6.');
    assert.deepEqual(scan.references.map((r) => r.questions), [[3], [5, 6]]);
    const r = scan.references[0]!;
    assert.equal(referenceAt(scan.references, r.questionRange!.end - 1), r, 'the "vraag 3" belongs to the reference');
  });

  it('ignores fenced and indented code blocks and inline code', () => {
    const text = [
      'Echt: 2023Z11786.', '', '```', '2021Z09739 in code', '```', '', '~~~md', 'ah-tk-20202021-3235', '~~~', '',
      '    2020Z13248 ingesprongen code', '', 'Inline `2019Z00001` niet, wel 2018Z00002.', '',
      '- lijst', '', '    2017Z00003 hoort bij de lijst',
    ].join('\n');
    assert.deepEqual(ids(text), ['id:2023Z11786', 'id:2018Z00002', 'id:2017Z00003']);
  });

  it('reports malformed ids and leaves other links alone', () => {
    const scan = scanNote('Fout: 2023Z1178 en ah-tk-20232025-99 en kv-tk-2023Zabc; goed: https://example.com/2023Z1/x.');
    assert.deepEqual(scan.malformed.map((m) => `${m.kind}:${m.text}`), ['zaak:2023Z1178', 'document:ah-tk-20232025-99', 'document:kv-tk-2023Zabc']);
  });

  it('finds the quote block, its marker and its text, unescaped', () => {
    const note = `# Notities\n\n${quote4}\nMeer.\n`;
    const scan = scanNote(note);
    assert.equal(scan.quotes.length, 1);
    const q = scan.quotes[0]!;
    assert.equal(q.key, '2023Z11786');
    assert.deepEqual(q.questions, [4]);
    assert.equal(q.body.text, 'Zie antwoord vraag 3.');
    assert.equal(note[q.base + q.body.offsets[0]!], 'Z');
    assert.ok(scan.references.some((r) => r.kind === 'marker' && r.questions[0] === 4));
  });

  it('keeps paragraphs and maps every character back to the note, with Windows line endings', () => {
    const block = quoteAnswer(kv, 6, { style: 'leidraad', eol: '\r\n' });
    const note = `Intro\r\n\r\n${block}`;
    const q = scanNote(note).quotes[0]!;
    assert.equal(q.body.text, kv.entries[5]!.answer);
    for (let i = 0; i < q.body.text.length; i++) {
      const c = q.body.text[i]!;
      if (c !== '\n' && c !== ' ') assert.equal(note[q.base + q.body.offsets[i]!], c, `character ${i}`);
    }
    assert.ok(q.lines.every((l) => note[q.base + l.end] === '\r'));
  });

  it('reads a quoted question (tekst=vraag)', () => {
    const q = scanNote(quoteQuestion(kv, 2, { style: 'leidraad' })).quotes[0]!;
    assert.equal(q.part, 'question');
    assert.match(q.body.text, /^\*\*Vraag 2\*\* Hoeveel/);
  });

  it('rescans only the block that changed', () => {
    const scanner = new NoteScanner();
    const blocks = Array.from({ length: 50 }, (_, i) => `Alinea ${i} over 2023Z11786.`);
    const first = scanner.scan(blocks.join('\n\n'));
    assert.equal(first.reused, 0);
    blocks[10] = 'Alinea 10 over 2021Z09739.';
    const second = scanner.scan(blocks.join('\n\n'));
    assert.equal(second.blocks, 50);
    assert.equal(second.reused, 49);
    assert.equal(canonicalId(second.references[10]!.id), '2021Z09739');
  });
});

describe('notes: comparing quotes', () => {
  const official = normalise(kv.entries[1]!.answer!).text;

  it('ignores white space and typography', () => {
    const typed = kv.entries[1]!.answer!.replace(/–/g, '-').replace(/ /g, '  ').replace(/\n\n/g, '\n');
    assert.deepEqual(compareQuote(normalise(typed).text, official), { ok: true, elisions: 0 });
    assert.equal(normalise('“Ja” – zei ’t\u00a0kabinet…').text, '"Ja" - zei \'t kabinet...');
  });

  it('accepts elisions written as […], [...] and …', () => {
    const words = official.split(' ');
    const cut = (mark: string): string => `${words.slice(0, 5).join(' ')} ${mark} ${words.slice(12, 20).join(' ')} ${mark}`;
    for (const mark of ['[…]', '[...]', '…']) assert.equal(compareQuote(normalise(cut(mark)).text, official).ok, true, mark);
    assert.equal(compareQuote(normalise(`[…] ${words.slice(3).join(' ')}`).text, official).ok, true);
  });

  it('shows the first difference and where an elision would help', () => {
    const changed = official.replace('ca. 100 scanners', 'ca. 120 scanners');
    const v = compareQuote(changed, official);
    assert.equal(v.ok, false);
    if (v.ok) return;
    assert.equal(changed.slice(v.at, v.at + 3), '20 ');
    assert.equal(v.shortenAt, undefined);
    const shortened = compareQuote(official.slice(0, 60), official);
    assert.equal(shortened.ok, false);
    if (!shortened.ok) assert.equal(shortened.shortenAt, 60);
  });
});
