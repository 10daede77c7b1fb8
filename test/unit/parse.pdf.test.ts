/**
 * PDFs (test/fixtures/pdf, made from the official documents by test/support/makeTestPdfs.mjs), and
 * one Kamervraag read from every format we have for it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../src/core/parse';
import { parsePdf, pdfToText } from '../../src/core/parse/pdf';
import { isPdf } from '../../src/core/parse/pdfFile';
import { merge } from '../../src/core/kamervraag';
import { ParseError, type Kamervraag } from '../../src/core/model';

const TODAY = '2026-11-27';
const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const fromText = (path: string): Kamervraag => merge([parseDocument(readFileSync(path, 'utf8'))], TODAY);
const fromPdf = async (path: string): Promise<Kamervraag> => merge([await parsePdf(bytes(path))], TODAY);
const squashed = (s: string | null): string | null => (s === null ? null : s.replace(/\s+/g, ' ').trim());

/** Entries with white space normalised; footnote bodies only where the format carries them. */
function entries(kv: Kamervraag, bodies = true): unknown {
  return kv.entries.map((e) => ({
    numbers: e.numbers,
    question: squashed(e.question),
    answer: squashed(e.answer),
    refersTo: e.refersTo,
    footnotes: e.footnotes.map((f) => ({ number: f.number, in: f.in, ...(bodies ? { text: squashed(f.text), url: f.url } : {}) })),
  }));
}

/**
 * The metadata every full-text format carries. The title is left out for the repository HTML: its
 * parser takes the document title of the page's head ("Antwoord op vragen van de leden …"), not
 * the subject of the questions (reported; not the text formats' concern).
 */
function metadata(kv: Kamervraag, withTitle = true): unknown {
  return {
    ...(withTitle ? { title: kv.title } : {}), submitted: kv.submitted, answered: kv.answered, status: kv.status, house: kv.house,
    submitters: kv.submitters, addressees: kv.addressees, answeredBy: kv.answeredBy,
  };
}

describe('PDF', () => {
  it('recognises a PDF by its first bytes', () => {
    assert.equal(isPdf(bytes('test/fixtures/pdf/encrypted.pdf')), true);
    assert.equal(isPdf(new TextEncoder().encode('<?xml version="1.0"?>')), false);
  });

  it('the official layout gives exactly what the XML of the same document gives', async () => {
    const xml = fromText('test/fixtures/koop/ah-tk-20232024-99.xml');
    const pdf = await fromPdf('test/fixtures/pdf/ah-tk-20232024-99.official.pdf');
    assert.deepEqual(pdf, xml);
  });

  it('drops the running headers and footers and collects the footnotes from the page bottoms', async () => {
    const text = await pdfToText(bytes('test/fixtures/pdf/ah-tk-20232024-99.official.pdf'));
    assert.doesNotMatch(text, /Aanhangsel Handelingen II 2023\/24|Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel \d|ISSN|Gravenhage/);
    const notes = text.slice(text.indexOf('\nNoten\n'));
    assert.match(notes, /^\nNoten\n1 Placeholder [^\n]*\n2 Placeholder /);
    // Footnote 2's mark stands on page 4, with its body at the bottom of that page.
    assert.equal(text.split('\f').findIndex((page) => page.includes('\uE0002\uE001')), 3);
  });

  for (const id of ['ah-tk-20202021-3235', 'ah-tk-20232024-99']) {
    it(`${id}: the printed KOOP HTML gives the entries, footnotes and metadata of the XML`, async () => {
      const xml = fromText(`test/fixtures/koop/${id}.xml`);
      const pdf = await fromPdf(`test/fixtures/pdf/${id}.chromium.pdf`);
      assert.deepEqual(entries(pdf), entries(xml));
      assert.deepEqual(metadata(pdf), metadata(xml));
      assert.deepEqual(pdf.warnings, xml.warnings);
    });
  }

  const refused: Array<[string, RegExp]> = [
    ['encrypted.pdf', /^The PDF is encrypted/],
    ['scan-without-text.chromium.pdf', /^The PDF has no text to read .*a scan\?/],
    ['not-kamervragen.chromium.pdf', /^Not a Kamervragen document: the PDF has text/],
  ];
  for (const [file, message] of refused) {
    it(`refuses ${file} with one line that says why`, async () => {
      await assert.rejects(parsePdf(bytes(`test/fixtures/pdf/${file}`)), (err: Error) => err instanceof ParseError && message.test(err.message) && !err.message.includes('\n'));
    });
  }

  it('refuses a PDF cut short', async () => {
    const cut = bytes('test/fixtures/pdf/ah-tk-20232024-99.official.pdf').slice(0, 3000);
    await assert.rejects(parsePdf(cut), (err: Error) => err instanceof ParseError && /damaged or incomplete/.test(err.message));
  });
});

describe('one Kamervraag, one result, whatever the format', () => {
  it('ah-tk-20202021-3235: XML, repository HTML, printed PDF and copied page text agree', async () => {
    const xml = fromText('test/fixtures/koop/ah-tk-20202021-3235.xml');
    const formats: Array<[string, Kamervraag]> = [
      ['repository HTML', fromText('test/fixtures/koop/ah-tk-20202021-3235.repository.html')],
      ['PDF', await fromPdf('test/fixtures/pdf/ah-tk-20202021-3235.chromium.pdf')],
      ['page text', fromText('test/fixtures/pagetext/ah-tk-20202021-3235.innerText.txt')],
    ];
    for (const [name, kv] of formats) {
      assert.deepEqual(entries(kv), entries(xml), name);
      const title = name !== 'repository HTML';
      assert.deepEqual(metadata(kv, title), metadata(xml, title), name);
    }
  });

  it('ah-tk-20232024-99 (2023Z11786): XML, repository HTML, two PDFs, copied page text and the text export agree', async () => {
    const xml = fromText('test/fixtures/koop/ah-tk-20232024-99.xml');
    const formats: Array<[string, Kamervraag]> = [
      ['repository HTML', fromText('test/fixtures/koop/ah-tk-20232024-99.repository.html')],
      ['official PDF', await fromPdf('test/fixtures/pdf/ah-tk-20232024-99.official.pdf')],
      ['printed PDF', await fromPdf('test/fixtures/pdf/ah-tk-20232024-99.chromium.pdf')],
      ['page text', fromText('test/fixtures/pagetext/ah-tk-20232024-99.innerText.txt')],
    ];
    for (const [name, kv] of formats) {
      assert.deepEqual(entries(kv), entries(xml), name);
      const title = name !== 'repository HTML';
      assert.deepEqual(metadata(kv, title), metadata(xml, title), name);
    }
    // The text export carries no footnote bodies and names people in full ("Queeny Rajkowski"):
    // the same entries and marks, the same dates.
    const exported = fromText('test/fixtures/seeds/kamervraag-2023Z11786.txt');
    assert.deepEqual(entries(exported, false), entries(xml, false));
    assert.deepEqual([exported.submitted, exported.answered], [xml.submitted, xml.answered]);
    assert.deepEqual(exported.submitters.map((s) => s.name.split(' ').pop()).sort(), xml.submitters.map((s) => s.name).sort());
  });
});

describe('kamervragen parse FILE.pdf (the built CLI)', () => {
  const cli = (file: string): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, ['dist/cli.js', 'parse', file], { encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('reads a PDF to the same JSON as the XML', () => {
    const pdf = cli('test/fixtures/pdf/ah-tk-20232024-99.official.pdf');
    const xml = cli('test/fixtures/koop/ah-tk-20232024-99.xml');
    assert.equal(pdf.code, 0, pdf.stderr);
    assert.equal(pdf.stderr, '');
    assert.deepEqual(JSON.parse(pdf.stdout), JSON.parse(xml.stdout));
  });

  for (const file of ['encrypted.pdf', 'scan-without-text.chromium.pdf', 'not-kamervragen.chromium.pdf']) {
    it(`refuses ${file}: one line naming the file, exit code 2`, () => {
      const r = cli(`test/fixtures/pdf/${file}`);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^kamervragen: test/fixtures/pdf/${file.replace(/\./g, '\\.')}: [^\\n]+\\n$`));
    });
  }
});
