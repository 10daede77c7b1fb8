/**
 * The notes language server's diagnostics on a large note: 10,000 lines with 500 quotes of real
 * answers (2023Z11786, a few changed so that there is something to report), prose with ids between
 * them. Measured in the same run against a baseline: a plain line scan of the same text (split into
 * lines, one regular expression per line), the least any checker must do.
 *
 * - full: a fresh scanner and quote cache, the whole note scanned and every quote compared;
 * - after an edit: one character typed into one quote (incremental document update), then the
 *   diagnostics of the whole note again with the caches of the previous run (only that block is
 *   scanned and only that quote compared);
 * - memory: heap (after GC) held by the server's state for the note: document, block cache, quote checks.
 *
 * Goals: full < 50 ms, after an edit < 10 ms.  `npm run bench`
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { quoteAnswer } from '../src/core/quote';
import { parseKamervraag } from '../src/core/parse';
import { NoteScanner } from '../src/core/notes/scan';
import { DEFAULT_NOTES_SETTINGS, type FoundKamervraag } from '../src/shared/lspProtocol';
import { idsNaming, type NoteData } from '../src/server/features/data';
import { QuoteChecks } from '../src/core/notes/quotes';
import { diagnose } from '../src/server/features/diagnostics';
import { canonicalId } from '../src/core/ids';

const LINES = 10_000;
const QUOTES = 500;

const kv = parseKamervraag([readFileSync('test/fixtures/seeds/kamervraag-2023Z11786.txt', 'utf8')], '2026-11-27');
const found: FoundKamervraag = { key: '2023Z11786', kamervraag: kv };
const map = new Map<string, FoundKamervraag>();
for (const id of idsNaming(found.key, kv)) map.set(id, found);
const data: NoteData = { lookup: (id) => map.get(canonicalId(id)), today: '2026-11-27' };

function buildNote(): string {
  const quotes = kv.entries.filter((e) => e.answer).map((e) => quoteAnswer(kv, e.numbers[0]!, { style: 'leidraad' }).trimEnd().split('\n'));
  const lines: string[] = [];
  for (let i = 0; i < QUOTES; i++) {
    lines.push(`## Notitie ${i}`, '', `Over Kamervraag 2023Z11786 vraag ${(i % 13) + 1} schreef ik eerder, zie ook ${i % 7 === 0 ? '2019Z12345' : 'ah-tk-20232024-99'}.`, '');
    let quote = quotes[i % quotes.length]!;
    if (i % 25 === 0) quote = quote.map((l, k) => (k === 0 ? l.replace(/\b(\w{5,})\b/, '$1x') : l));
    lines.push(...quote, '');
  }
  const prose = 'Een regel gewone tekst in de notitie, zonder verwijzingen, om het geheel realistisch te maken.';
  while (lines.length < LINES) lines.push(prose);
  if (lines.length > LINES) throw new Error(`the quotes alone take ${lines.length} lines; lower QUOTES`);
  return lines.join('\n');
}

function baseline(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (/(?:19|20)\d{2}Z\d{5}/.test(line)) n++;
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const text = buildNote();
const ROUNDS = 21;
const base: number[] = [];
const full: number[] = [];
let diagnostics = 0;
for (let r = 0; r < ROUNDS; r++) {
  gc();
  base.push(time(() => baseline(text)));
  gc();
  full.push(time(() => {
    const document = TextDocument.create('file:///bench.md', 'markdown', 1, text);
    const scanner = new NoteScanner();
    diagnostics = diagnose(document, scanner.scan(document.getText()), data, DEFAULT_NOTES_SETTINGS, new QuoteChecks()).length;
  }));
}

// Incremental: one warm state, then one character typed into a different quote each round.
const document = TextDocument.create('file:///bench.md', 'markdown', 1, text);
const scanner = new NoteScanner();
const checks = new QuoteChecks();
diagnose(document, scanner.scan(document.getText()), data, DEFAULT_NOTES_SETTINGS, checks);
checks.sweep();
const quoteStarts: number[] = [];
for (let i = text.indexOf('\n> '); i >= 0 && quoteStarts.length < ROUNDS * 2; i = text.indexOf('\n> ', i + 5000)) quoteStarts.push(i + 3);
const edit: number[] = [];
let version = 1;
let reused = 0;
for (let r = 0; r < ROUNDS; r++) {
  const offset = quoteStarts[r]!;
  gc();
  edit.push(time(() => {
    const at = document.positionAt(offset);
    TextDocument.update(document, [{ range: { start: at, end: at }, text: 'x' }], ++version);
    const scan = scanner.scan(document.getText());
    reused = scan.reused / scan.blocks;
    diagnose(document, scan, data, DEFAULT_NOTES_SETTINGS, checks);
    checks.sweep();
  }));
}

gc();
const heapBefore = process.memoryUsage().heapUsed;
const held = { document: TextDocument.create('file:///m.md', 'markdown', 1, `${text} `), scanner: new NoteScanner(), checks: new QuoteChecks() };
diagnose(held.document, held.scanner.scan(held.document.getText()), data, DEFAULT_NOTES_SETTINGS, held.checks);
held.checks.sweep();
gc();
const heapHeld = process.memoryUsage().heapUsed - heapBefore;

const b = median(base);
const f = median(full);
const e = median(edit);
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`note: ${LINES} lines, ${QUOTES} quotes, ${(text.length / 1024).toFixed(0)} KiB; ${diagnostics} diagnostics; medians of ${ROUNDS} rounds`);
console.log(`baseline (plain line scan)     ${b.toFixed(2)} ms`);
console.log(`full diagnostics               ${f.toFixed(2)} ms  (${(f / b).toFixed(1)}× baseline)  goal < 50 ms: ${f < 50 ? 'met' : 'MISSED'}`);
console.log(`after a one-character edit     ${e.toFixed(2)} ms  (${(e / b).toFixed(1)}× baseline; ${(reused * 100).toFixed(1)} % of blocks reused)  goal < 10 ms: ${e < 10 ? 'met' : 'MISSED'}`);
console.log(`server state for the note      ${mb(heapHeld)} heap (the text itself: ${mb(text.length * 2)} as UTF-16); process RSS ${mb(process.memoryUsage().rss)}`);
if (held.document.version < 0) console.log('unreachable'); // keeps `held` alive until measured
