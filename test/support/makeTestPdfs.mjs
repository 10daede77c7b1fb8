// Makes the test PDFs in test/fixtures/pdf/ from the official documents in test/fixtures/koop/,
// with the headless chromium the integration tests use. Run after `npm run build`:
//
//   node test/support/makeTestPdfs.mjs
//
// 1. *.chromium.pdf: the KOOP HTML manifestation printed as it is (A4, no browser header/footer);
//    test/fixtures/pagetext/*.innerText.txt: its text as a user copies it from the browser.
// 2. ah-tk-20232024-99.official.pdf: the same Kamervraag set in the layout of the official
//    Aanhangsel PDF: A4, the front-page header and footer (document id, ISSN, ’s-Gravenhage), a
//    running header and footer on later pages ("Aanhangsel Handelingen II 2023/24",
//    "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel N"), footnote marks as superscripts and the
//    footnote bodies in small type at the bottom of the page that has the mark (footnote 2 on page 2).
//    Its text is the official XML's, as `kamervragen parse` reads it (entries, footnotes) and the
//    two heading sentences (kamervraagomschrijving) as printed in the XML.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const root = resolve(import.meta.dirname, '../..');
const koop = join(root, 'test/fixtures/koop');
const out = join(root, 'test/fixtures/pdf');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(out, { recursive: true });
mkdirSync(join(root, 'test/fixtures/pagetext'), { recursive: true });

function print(htmlFile, pdfFile) {
  execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${pdfFile}`, `file://${htmlFile}`], { stdio: 'ignore' });
  console.log(`wrote ${pdfFile}`);
}

for (const id of ['ah-tk-20202021-3235', 'ah-tk-20232024-99']) {
  print(join(koop, `${id}.repository.html`), join(out, `${id}.chromium.pdf`));
}

// Page text as a user copies it: the page's innerText in the same chromium (select all, copy).
{
  const { chromium: browserType } = await import('playwright-core');
  const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  for (const id of ['ah-tk-20202021-3235', 'ah-tk-20232024-99']) {
    await page.goto(`file://${join(koop, `${id}.repository.html`)}`);
    // eslint-disable-next-line no-undef -- runs in the page
    const text = await page.evaluate(() => document.body.innerText);
    writeFileSync(join(root, 'test/fixtures/pagetext', `${id}.innerText.txt`), text);
    console.log(`wrote test/fixtures/pagetext/${id}.innerText.txt`);
  }
  await browser.close();
}

// --- PDFs that are not Kamervragen, or cannot be read ----------------------------------------

const scratch = join(tmpdir(), `kamervragen-pdf-${process.pid}`);
mkdirSync(scratch, { recursive: true });
// Text, but no Kamervragen: a page about something else.
writeFileSync(join(scratch, 'other.html'), '<!DOCTYPE html><html lang="nl"><meta charset="utf-8"><body><h1>Boodschappenlijst</h1><p>Melk, brood, kaas en appels voor het weekend. Niet vergeten: de vuilniszakken.</p></body></html>');
print(join(scratch, 'other.html'), join(out, 'not-kamervragen.chromium.pdf'));
// No text layer, as a scan: only drawn shapes.
writeFileSync(join(scratch, 'scan.html'), '<!DOCTYPE html><html><body><svg width="500" height="700"><rect x="20" y="20" width="460" height="12" fill="#333"/><rect x="20" y="44" width="400" height="12" fill="#333"/><rect x="20" y="68" width="430" height="12" fill="#333"/></svg></body></html>');
print(join(scratch, 'scan.html'), join(out, 'scan-without-text.chromium.pdf'));
rmSync(scratch, { recursive: true, force: true });

// Encrypted (standard security handler, revision 2, a user password that is not empty): written
// object by object, so that every byte offset in the cross-reference table is right.
{
  const hex = (n) => Array.from({ length: 32 }, (_, i) => ((i * 37 + n) % 256).toString(16).padStart(2, '0')).join('');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    '<< /Length 0 >>\nstream\n\nendstream',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(1)}> /U <${hex(2)}> /P -44 >>`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${hex(3).slice(0, 32)}> <${hex(3).slice(0, 32)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(join(out, 'encrypted.pdf'), pdf, 'latin1');
  console.log(`wrote ${join(out, 'encrypted.pdf')}`);
}

// --- the official layout ----------------------------------------------------------------------

const id = 'ah-tk-20232024-99';
const xml = readFileSync(join(koop, `${id}.xml`), 'utf8');
const kv = JSON.parse(execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'parse', join(koop, `${id}.xml`)], { encoding: 'utf8' }));
const headings = [...xml.matchAll(/<kamervraagomschrijving[^>]*>([\s\S]*?)<\/kamervraagomschrijving>/g)].map((m) => m[1].replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim());

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sup = (n) => `<sup>${n}</sup>`;

// Blocks in reading order; a footnote mark goes at the end of the first paragraph of its side.
const blocks = [];
for (const e of kv.entries) {
  const label = e.numbers.join(', ');
  for (const [side, text, word] of [['question', e.question, 'Vraag'], ['answer', e.answer ?? '', 'Antwoord']]) {
    blocks.push({ html: `<p class="label">${word} ${label}</p>`, chars: 40, notes: [] });
    const notes = e.footnotes.filter((f) => f.in === side);
    text.split('\n\n').forEach((para, i) => {
      const marks = i === 0 ? notes.map((f) => sup(f.number)).join('') : '';
      blocks.push({ html: `<p>${esc(para)}${marks}</p>`, chars: para.length + 95, notes: i === 0 ? notes : [] });
    });
  }
}

// Pages: about 3,300 characters of 10pt text fit above the footnotes; whole paragraphs only.
const pages = [[]];
let used = 1400; // the front-page header and the two heading sentences
for (const b of blocks) {
  if (used + b.chars > 3300 && pages[pages.length - 1].length > 0) {
    pages.push([]);
    used = 0;
  }
  pages[pages.length - 1].push(b);
  used += b.chars;
}

const pageHtml = pages.map((blocksOnPage, i) => {
  const notes = blocksOnPage.flatMap((b) => b.notes);
  const head = i === 0
    ? `<div class="front"><div class="house">Tweede Kamer der Staten-Generaal <span class="big">2</span></div>
       <div>Vergaderjaar 2023–2024 Aanhangsel van de Handelingen</div>
       <div>Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden</div>
       <div class="nr">99</div></div>
       ${headings.map((h) => `<p class="heading">${esc(h)}</p>`).join('\n')}`
    : '<div class="runhead">Aanhangsel Handelingen II 2023/24</div>';
  const foot = i === 0
    ? `<div class="foot">${id} ISSN 0921 - 7398 ’s-Gravenhage 2023</div>`
    : `<div class="foot">Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel ${i + 1}</div>`;
  const noteHtml = notes.length > 0
    ? `<div class="notes">${notes.map((f) => `<div class="note">${sup(f.number)} ${esc(f.text)}</div>`).join('')}</div>`
    : '';
  return `<section class="page">${head}<div class="body">${blocksOnPage.map((b) => b.html).join('\n')}</div>${noteHtml}${foot}</section>`;
}).join('\n');

const html = `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 0; }
body { margin: 0; font-family: 'DejaVu Serif', serif; font-size: 10pt; line-height: 1.35; }
.page { position: relative; width: 210mm; height: 297mm; padding: 22mm 28mm 0 28mm; box-sizing: border-box; page-break-after: always; overflow: hidden; }
.front { font-family: 'DejaVu Sans', sans-serif; margin-bottom: 8mm; }
.front .big { font-size: 20pt; } .front .nr { font-size: 16pt; font-weight: bold; margin-top: 4mm; }
.runhead { position: absolute; top: 10mm; left: 28mm; font-size: 8pt; }
p { margin: 0 0 3mm 0; } p.label { font-weight: bold; margin: 4mm 0 1mm 0; } p.heading { margin-bottom: 4mm; }
sup { font-size: 6.5pt; vertical-align: 3.5pt; line-height: 0; }
.notes { position: absolute; left: 28mm; right: 28mm; bottom: 20mm; font-size: 7.5pt; border-top: 0.3pt solid black; padding-top: 1.5mm; }
.notes sup { font-size: 5.5pt; }
.foot { position: absolute; left: 28mm; bottom: 10mm; font-size: 8pt; }
</style></head><body>${pageHtml}</body></html>`;

const dir = join(tmpdir(), `kamervragen-pdf-${process.pid}`);
mkdirSync(dir, { recursive: true });
const htmlFile = join(dir, `${id}.official.html`);
writeFileSync(htmlFile, html);
print(htmlFile, join(out, `${id}.official.pdf`));
rmSync(dir, { recursive: true, force: true });
console.log(`${pages.length} pages; footnotes on pages ${pages.map((p, i) => (p.some((b) => b.notes.length > 0) ? i + 1 : null)).filter(Boolean).join(', ')}`);
