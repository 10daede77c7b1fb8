/**
 * Parse speed: the official XML to the full Kamervraag model, against htmlparser2 merely tokenizing
 * the same bytes (the floor any cheerio-based parser stands on), measured in the same run.
 * Rounds alternate between the two so that machine noise hits both alike; medians are reported.
 *
 *   npm run bench
 */
import { readFileSync } from 'node:fs';
import { Parser } from 'htmlparser2';
import { parseKamervraag } from '../src/core/parse';

interface Sample { name: string; content: string; xml: boolean }

const samples: Sample[] = [
  { name: 'ah-tk-20202021-3235.xml (9 questions, official XML)', content: readFileSync('test/fixtures/koop/ah-tk-20202021-3235.xml', 'utf8'), xml: true },
  { name: 'ah-tk-20202021-3235.repository.html (same, HTML)', content: readFileSync('test/fixtures/koop/ah-tk-20202021-3235.repository.html', 'utf8'), xml: false },
];

function tokenize(content: string, xml: boolean): number {
  let events = 0;
  const parser = new Parser({
    onopentag: () => { events++; },
    ontext: () => { events++; },
    onclosetag: () => { events++; },
  }, { xmlMode: xml });
  parser.end(content);
  return events;
}

function timeOnce(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const ROUNDS = 41;
const ITERATIONS = 100;
console.log(`parse benchmark: ${ROUNDS} alternating rounds × ${ITERATIONS} documents, node ${process.version}`);
for (const sample of samples) {
  // Warm-up, so both paths are compiled before measuring.
  timeOnce(() => tokenize(sample.content, sample.xml), 1000);
  timeOnce(() => parseKamervraag([sample.content]), 1000);
  const base: number[] = [];
  const ours: number[] = [];
  // Collect garbage before each round (bench/run.mjs runs with --expose-gc), so that one round
  // does not pay for the garbage of the other; each round still pays for its own.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    base.push(timeOnce(() => tokenize(sample.content, sample.xml), ITERATIONS));
    gc();
    ours.push(timeOnce(() => parseKamervraag([sample.content]), ITERATIONS));
  }
  const b = median(base);
  const o = median(ours);
  console.log(`\n${sample.name}, ${(sample.content.length / 1024).toFixed(1)} KiB`);
  console.log(`  htmlparser2 tokenize only : ${b.toFixed(3)} ms/doc`);
  console.log(`  full parse to the model   : ${o.toFixed(3)} ms/doc`);
  console.log(`  full parse speed = ${((b / o) * 100).toFixed(0)} % of raw tokenizing (${(o / b).toFixed(2)}× its time; goal: ≥ 33 %)`);
}
