/**
 * PDF parsing: the 10-page official-layout PDF (test/fixtures/pdf/ah-tk-20232024-99.official.pdf)
 * through the production bundle dist/pdf.js (PDF.js and our layout reading) to the full model,
 * against parsing the official XML of the same document in the same run. Goal: < 300 ms per PDF
 * once PDF.js is loaded; loading PDF.js is reported apart.
 *
 * And that PDF.js is loaded only for a PDF: `kamervragen parse` is run on the XML and on the PDF
 * in fresh processes that record every module they load.
 *
 *   npm run bench
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseKamervraag } from '../src/core/parse';
import { merge } from '../src/core/kamervraag';
import type { KamervraagDraft } from '../src/core/model';

const PDF = 'test/fixtures/pdf/ah-tk-20232024-99.official.pdf';
const XML = 'test/fixtures/koop/ah-tk-20232024-99.xml';
const ROUNDS = 15;

/** A child process that records the files it loads and prints them at exit. */
const PROBE = `
const Module = require('module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, parent, ...rest) {
  try { seen.add(Module._resolveFilename(request, parent)); } catch { /* built-ins */ }
  return load.call(this, request, parent, ...rest);
};
process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify([...seen]) + '\\n'));
`;

function loadsPdfJs(file: string): boolean {
  const r = spawnSync(process.execPath, ['-r', resolve('out/bench/pdfProbe.js'), resolve('dist/cli.js'), 'parse', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kamervragen parse ${file} failed: ${r.stderr}`);
  const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
  return loaded.some((f) => f.endsWith('/dist/pdf.js'));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync('out/bench', { recursive: true });
  writeFileSync('out/bench/pdfProbe.js', PROBE);
  const xmlLoads = loadsPdfJs(XML);
  const pdfLoads = loadsPdfJs(PDF);
  console.log('pdf benchmark');
  console.log(`  PDF.js loaded by "kamervragen parse" of the XML: ${xmlLoads ? 'yes (MISSED)' : 'no (holds)'}; of the PDF: ${pdfLoads ? 'yes' : 'no (MISSED)'}`);

  const bytes = new Uint8Array(readFileSync(PDF));
  const xml = readFileSync(XML, 'utf8');
  const t0 = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the production bundle, loaded as the CLI loads it
  const pdf = require(resolve('dist/pdf.js')) as { parsePdf(bytes: Uint8Array): Promise<KamervraagDraft> };
  const t1 = process.hrtime.bigint();
  const first = merge([await pdf.parsePdf(bytes)]);
  const t2 = process.hrtime.bigint();
  const pdfTimes: number[] = [];
  const xmlTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const a = process.hrtime.bigint();
    merge([await pdf.parsePdf(bytes)]);
    const b = process.hrtime.bigint();
    parseKamervraag([xml]);
    const c = process.hrtime.bigint();
    pdfTimes.push(Number(b - a) / 1e6);
    xmlTimes.push(Number(c - b) / 1e6);
  }
  const pdfMs = median(pdfTimes);
  const xmlMs = median(xmlTimes);
  console.log(`  ${PDF} (10 pages, ${(bytes.length / 1024).toFixed(0)} KB, ${first.entries.length} entries)`);
  console.log(`  loading dist/pdf.js (PDF.js): ${(Number(t1 - t0) / 1e6).toFixed(1)} ms; first PDF: ${(Number(t2 - t1) / 1e6).toFixed(1)} ms`);
  console.log(`  PDF, median of ${ROUNDS}: ${pdfMs.toFixed(1)} ms; goal < 300 ms: ${pdfMs < 300 ? 'holds' : 'MISSED'}`);
  console.log(`  the XML of the same document: ${xmlMs.toFixed(2)} ms; the PDF takes ${(pdfMs / xmlMs).toFixed(0)}× the XML`);
}

void main();
