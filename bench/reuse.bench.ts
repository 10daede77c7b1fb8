/**
 * Reuse across the library (src/core/reuse.ts) and related Kamervragen (src/core/related.ts) on a
 * realistic archive.
 *
 * Corpus: test/support/generate.ts realisticKamervragen (the fixtures' sentences with Zipf-sampled
 * words of the Debian wdutch list, ~2,600 words a Kamervraag, real names, ministries, dates), with
 * each answer cut into paragraphs of 30–120 words at sentence ends (the real answers of the
 * fixtures have a median of 58 words a paragraph; the generator writes one long paragraph per
 * answer, which would make the index look smaller than it is). Then reuse is injected: 400 stock
 * paragraphs (generated the same way, 40–120 words), of which a popular few are used often
 * (index ∝ u²), are put into the answers of 6 % of the Kamervragen, one or two each, with small
 * edits: 0–3 words replaced by other words, and sometimes the case of the first word or the
 * punctuation (", " → " – ") changed. Every injected pair of Kamervragen with the same stock
 * paragraph is a true pair.
 *
 * Measured, in one run (`node --expose-gc out/bench/reuse.bench.js [--documents N] [--memory-only]`):
 *   memory  — heap + array buffers held by the ReuseIndex after adding every Kamervraag
 *             (measured around the build, after garbage collection) and the index's own count;
 *   build   — time to index every Kamervraag (what the background feeder spreads over slices);
 *   lookup  — the panel's lookup (ReuseIndex.reuseOf for one Kamervraag, all its paragraphs):
 *             p50/p95/max over 600 Kamervragen (all with injected paragraphs, and random others),
 *             the candidates read from a library's item files (LibraryStore.read), as the extension
 *             reads them; the quality run reads them from memory;
 *   quality — recall and precision on the injected pairs (a match that is no injected pair counts
 *             against precision, even where the texts are in fact alike);
 *   baseline — naive pairwise comparison (every paragraph against every paragraph, exact Jaccard
 *             of the shingle sets) on a subset of 150 Kamervragen: its time per Kamervraag against
 *             the index's on the whole corpus, and how many of its pairs the index finds too;
 *   related — similarEarlier over the library's search index: p50/p95 per Kamervraag.
 * --memory-only generates the Kamervragen one at a time and does not keep them (for 60,000).
 */
import type { Entry, Kamervraag } from '../src/core/model';
import { THRESHOLD, ReuseIndex, indexedParagraphs, jaccard, shingles } from '../src/core/reuse';
import { LibraryIndex } from '../src/core/library/search';
import { similarEarlier } from '../src/core/related';
import { paragraphsOf } from '../src/core/text';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore, fileNameOf } from '../src/core/library/store';
import { SCHEMA } from '../src/core/library/schema';
import { dutchWords, pools, prng, realisticKamervragen } from '../test/support/generate';

const argAt = process.argv.indexOf('--documents');
const DOCUMENTS = argAt >= 0 ? Number(process.argv[argAt + 1]) : 20_000;
const MEMORY_ONLY = process.argv.includes('--memory-only');
const SEED = 20_240_101;
const GOALS = { memoryMbAt60k: 100, p95Ms: 20 };
const STOCK = 400;
const INJECT_SHARE = 0.06;

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
function memory(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

// ── corpus ───────────────────────────────────────────────────────────────────────────────────

const random = prng(SEED);
const dictionary = dutchWords();
const from = pools();

/** Sentences of a long generated paragraph, regrouped into paragraphs of 30–120 words. */
function cut(text: string): string[] {
  const sentences = text.split(/(?<=[.?!])\s+/);
  const out: string[] = [];
  let current: string[] = [];
  let words = 0;
  let want = 30 + Math.floor(random() * 90);
  for (const s of sentences) {
    current.push(s);
    words += s.split(/\s+/).length;
    if (words >= want) {
      out.push(current.join(' '));
      current = [];
      words = 0;
      want = 30 + Math.floor(random() * 90);
    }
  }
  // A short rest joins the paragraph before it.
  if (current.length > 0) {
    if (words < 30 && out.length > 0) out[out.length - 1] += ` ${current.join(' ')}`;
    else out.push(current.join(' '));
  }
  return out;
}

function edited(paragraph: string): string {
  const edits = [0, 0, 1, 1, 1, 2, 2, 3][Math.floor(random() * 8)]!;
  const words = paragraph.split(' ');
  for (let k = 0; k < edits; k++) {
    const i = Math.floor(random() * words.length);
    if (/^\p{L}{4,}$/u.test(words[i]!)) words[i] = dictionary[Math.floor(random() * dictionary.length)]!;
  }
  let out = words.join(' ');
  if (random() < 0.3) out = out.replace(/, /, ' – ');
  if (random() < 0.2) out = out[0]!.toLowerCase() + out.slice(1);
  return out;
}

interface Occurrence { key: string; numbers: number[]; paragraph: number }

/** Stock paragraphs: from Kamervragen generated with another seed. */
const stock: string[] = [];
for (const kv of realisticKamervragen(200, SEED + 1, from)) {
  for (const e of kv.entries) for (const p of cut(e.answer ?? '')) {
    const n = p.split(/\s+/).length;
    if (n >= 40 && n <= 120 && stock.length < STOCK) stock.push(p);
  }
}
const truth = new Map<number, Occurrence[]>();
const injected = new Set<string>();

/** The corpus, one Kamervraag at a time, with answers cut into paragraphs and reuse injected. */
function* corpus(count: number): Generator<[string, Kamervraag]> {
  for (const kv of realisticKamervragen(count, SEED, from)) {
    const key = kv.zaak!;
    const entries: Entry[] = kv.entries.map((e) => ({ ...e, answer: e.answer === null ? null : cut(e.answer).join('\n\n') }));
    const answered = entries.filter((e) => e.answer !== null);
    if (answered.length > 0 && random() < INJECT_SHARE) {
      const chosen = new Set<number>();
      const n = random() < 0.7 ? 1 : 2;
      while (chosen.size < n) chosen.add(Math.floor(STOCK * random() ** 2));
      for (const s of chosen) {
        const entry = answered[Math.floor(random() * answered.length)]!;
        const paragraphs = paragraphsOf(entry.answer!);
        const at = Math.floor(random() * (paragraphs.length + 1));
        paragraphs.splice(at, 0, edited(stock[s]!));
        entry.answer = paragraphs.join('\n\n');
        // Positions after this insertion: earlier occurrences in this entry move down.
        for (const list of truth.values()) for (const o of list) if (o.key === key && o.numbers === entry.numbers && o.paragraph >= at) o.paragraph++;
        const list = truth.get(s) ?? [];
        list.push({ key, numbers: entry.numbers, paragraph: at });
        truth.set(s, list);
        injected.add(key);
      }
    }
    yield [key, { ...kv, entries }];
  }
}

// ── measurements ─────────────────────────────────────────────────────────────────────────────

console.log(`reuse index on ${DOCUMENTS.toLocaleString('en')} realistic Kamervragen (~2,600 words each, answers in paragraphs of 30–120 words), `
  + `${INJECT_SHARE * 100} % with injected stock paragraphs${MEMORY_ONLY ? ', memory only (Kamervragen not kept)' : ''}`);

// Matches are named by heads the library keeps anyway (the extension passes the store's), not counted here.
const docs = new Map<string, Kamervraag>();
const index = new ReuseIndex((key) => docs.get(key));
let buildMs = 0;
let before: number;
let after: number;
if (MEMORY_ONLY) {
  before = memory();
  for (const [key, kv] of corpus(DOCUMENTS)) {
    const t0 = now();
    index.add(key, kv);
    buildMs += now() - t0;
  }
  after = memory();
} else {
  for (const [key, kv] of corpus(DOCUMENTS)) docs.set(key, kv);
  before = memory();
  const t0 = now();
  for (const [key, kv] of docs) index.add(key, kv);
  buildMs = now() - t0;
  after = memory();
}
const heldMb = (after - before) / 2 ** 20;
console.log(`\nmemory: ${mb(after - before)} MB held by the index (heap + array buffers after GC), ${mb(index.bytes)} MB in its typed arrays; `
  + `${index.paragraphs.toLocaleString('en')} paragraphs indexed (${((after - before) / index.paragraphs).toFixed(1)} bytes each)`);
if (DOCUMENTS < 60_000) {
  console.log(`  linear extrapolation to 60,000 Kamervragen: ${(heldMb * 60_000 / DOCUMENTS).toFixed(1)} MB (goal < ${GOALS.memoryMbAt60k} MB; an estimate, not measured)`);
} else {
  console.log(`  at 60,000 Kamervragen: goal < ${GOALS.memoryMbAt60k} MB ${heldMb * 60_000 / DOCUMENTS < GOALS.memoryMbAt60k ? 'met' : 'NOT met'}`);
}
console.log(`build: ${(buildMs / 1000).toFixed(1)} s, ${(buildMs / DOCUMENTS).toFixed(2)} ms per Kamervraag (the background feeder spreads this over slices of ≤ 20 ms)`);

if (!MEMORY_ONLY) void (async () => {
  // From memory, for the quality run and the baseline; the panel's lookup below reads item files.
  const lookup = (key: string): Promise<Kamervraag | undefined> => Promise.resolve(docs.get(key));
  const keys = [...docs.keys()];

  // Quality on the injected pairs.
  const found = new Map<string, Set<string>>();
  const queried = new Set<string>(injected);
  const pick = prng(7);
  while (queried.size < injected.size + 300) queried.add(keys[Math.floor(pick() * keys.length)]!);
  const t0 = now();
  for (const key of queried) {
    for (const r of await index.reuseOf(key, docs.get(key)!, lookup, { limit: Infinity })) {
      found.set(`${key}|${r.numbers.join(',')}|${r.paragraph}`, new Set(r.matches.map((m) => m.key)));
    }
  }
  const reportMs = now() - t0;
  let tp = 0;
  let fn = 0;
  let pairs = 0;
  const expected = new Map<string, Set<string>>();
  for (const list of truth.values()) {
    for (const o of list) {
      const at = `${o.key}|${o.numbers.join(',')}|${o.paragraph}`;
      const set = expected.get(at) ?? new Set<string>();
      for (const other of list) if (other.key !== o.key) set.add(other.key);
      expected.set(at, set);
    }
  }
  // A missed pair is checked naively: below the threshold (edited too much for the definition), or missed by the index.
  let belowThreshold = 0;
  const occurrences = new Map<string, Occurrence>();
  for (const list of truth.values()) for (const o of list) occurrences.set(`${o.key}|${o.numbers.join(',')}|${o.paragraph}`, o);
  for (const [at, want] of expected) {
    const got = found.get(at) ?? new Set<string>();
    for (const k of want) {
      pairs++;
      if (got.has(k)) { tp++; continue; }
      fn++;
      const o = occurrences.get(at)!;
      const mine = shingles(paragraphsOf(docs.get(o.key)!.entries.find((e) => e.numbers === o.numbers)!.answer!)[o.paragraph] ?? '');
      const best = Math.max(0, ...indexedParagraphs(docs.get(k)!).map((p) => jaccard(mine, shingles(p.text))));
      if (best < THRESHOLD) belowThreshold++;
    }
  }
  // A match outside the injected pairs is checked again, naively (exact Jaccard of the two paragraphs'
  // shingle sets): the generator repeats some paragraphs by itself, and those are real reuse.
  let fp = 0;
  let genuine = 0;
  const examples: string[] = [];
  const paragraphAt = (key: string, numbers: string, paragraph: number): string | undefined =>
    paragraphsOf(docs.get(key)!.entries.find((e) => e.numbers.join(',') === numbers)?.answer ?? '')[paragraph];
  for (const [at, got] of found) {
    const want = expected.get(at) ?? new Set<string>();
    const [key, numbers, paragraph] = at.split('|') as [string, string, string];
    const mine = shingles(paragraphAt(key, numbers, Number(paragraph)) ?? '');
    for (const k of got) {
      if (want.has(k)) continue;
      fp++;
      const best = Math.max(0, ...indexedParagraphs(docs.get(k)!).map((p) => jaccard(mine, shingles(p.text))));
      if (best >= THRESHOLD) genuine++;
      else if (examples.length < 3) examples.push(`${at} ~ ${k} (best Jaccard ${best.toFixed(2)})`);
    }
  }
  const recall = tp / Math.max(1, tp + fn);
  const precision = tp / Math.max(1, tp + fp);
  console.log(`\nquality: ${injected.size} Kamervragen with injected paragraphs, ${pairs} directed true pairs; ${queried.size} Kamervragen queried`);
  console.log(`  of the ${fn} missed, ${belowThreshold} are below the threshold on their text (edited too much to count as nearly the same); `
    + `recall of the index on the pairs at or above it: ${(tp / Math.max(1, tp + fn - belowThreshold)).toFixed(3)}`);
  console.log(`  recall ${recall.toFixed(3)} (${tp}/${tp + fn}), precision against the injected pairs ${precision.toFixed(3)} (${fp} matches that are no injected pair; threshold ${THRESHOLD})`);
  console.log(`  of those ${fp}, ${genuine} are paragraphs the generator itself repeated (a naive check finds Jaccard ≥ ${THRESHOLD}): `
    + `precision against the texts ${((tp + genuine) / Math.max(1, tp + fp)).toFixed(3)}`);
  for (const e of examples) console.log(`  wrong: ${e}`);

  // The panel's lookup, reading candidates from item files as the extension does.
  const libraryDir = mkdtempSync(join(tmpdir(), 'kamervragen-reuse-bench-'));
  mkdirSync(join(libraryDir, 'items'));
  writeFileSync(join(libraryDir, 'library.json'), `${JSON.stringify({ schema: SCHEMA, kind: 'kamervragen-library' })}\n`);
  for (const [key, kv] of docs) {
    writeFileSync(join(libraryDir, 'items', fileNameOf(key)), `${JSON.stringify({ schema: SCHEMA, savedAt: '2026-12-01T00:00:00.000Z', fetchedAt: null, kamervraag: kv }, null, 1)}\n`);
  }
  const store = await LibraryStore.open(libraryDir);
  const fromFiles = async (key: string): Promise<Kamervraag | undefined> => (await store.read(key))?.kamervraag;
  const sample = [...injected].slice(0, 300);
  while (sample.length < 600) sample.push(keys[Math.floor(pick() * keys.length)]!);
  for (const key of sample.slice(0, 50)) await index.reuseOf(key, docs.get(key)!, fromFiles);
  const work = { ...index.work };
  const times: number[] = [];
  for (const key of sample) {
    const t = now();
    await index.reuseOf(key, docs.get(key)!, fromFiles);
    times.push(now() - t);
  }
  const asked = index.work.paragraphs - work.paragraphs;
  console.log(`\nper paragraph asked about: ${((index.work.candidates - work.candidates) / asked).toFixed(2)} candidates, `
    + `${((index.work.checked - work.checked) / asked).toFixed(2)} checked on their text (not cached)`);
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 0.95);
  console.log(`\npanel lookup (all paragraphs of one Kamervraag, candidates read from item files): p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms `
    + `(goal p95 < ${GOALS.p95Ms} ms: ${p95 < GOALS.p95Ms ? 'met' : 'NOT met'}); ${queried.size} Kamervragen in ${(reportMs / 1000).toFixed(1)} s for the quality run`);

  // Baseline: naive pairwise comparison on a subset.
  const subset = keys.slice(0, 150);
  const sets = subset.map((key) => indexedParagraphs(docs.get(key)!).map((p) => ({ key, numbers: p.numbers, paragraph: p.paragraph, set: shingles(p.text) })));
  const flat = sets.flat();
  const t1 = now();
  const naivePairs = new Set<string>();
  for (let i = 0; i < flat.length; i++) {
    for (let j = i + 1; j < flat.length; j++) {
      if (flat[i]!.key === flat[j]!.key) continue;
      if (jaccard(flat[i]!.set, flat[j]!.set) >= THRESHOLD) naivePairs.add(`${flat[i]!.key}|${flat[i]!.numbers.join(',')}|${flat[i]!.paragraph}|${flat[j]!.key}`);
    }
  }
  const naiveMs = now() - t1;
  const naivePerItem = (naiveMs * 2) / subset.length;
  let agreed = 0;
  for (const p of naivePairs) {
    const [key, numbers, paragraph, other] = p.split('|') as [string, string, string, string];
    const r = (await index.reuseOf(key, docs.get(key)!, lookup)).find((x) => x.numbers.join(',') === numbers && String(x.paragraph) === paragraph);
    if (r?.matches.some((m) => m.key === other)) agreed++;
  }
  const indexPerItem = percentile(times, 0.5);
  console.log(`\nbaseline: naive pairwise Jaccard over ${subset.length} Kamervragen (${flat.length.toLocaleString('en')} paragraphs) took ${(naiveMs / 1000).toFixed(2)} s, `
    + `${naivePerItem.toFixed(1)} ms per Kamervraag against ${subset.length - 1} others; the index answers for one against all ${DOCUMENTS.toLocaleString('en')} in `
    + `${indexPerItem.toFixed(2)} ms (p50): ${(naivePerItem / indexPerItem).toFixed(0)}× faster on a library ${(DOCUMENTS / subset.length).toFixed(0)}× larger `
    + `(naive grows linearly: ~${((naivePerItem * DOCUMENTS) / subset.length / 1000).toFixed(1)} s per Kamervraag at ${DOCUMENTS.toLocaleString('en')}, extrapolated)`);
  console.log(`  the index finds ${agreed} of the ${naivePairs.size} pairs the naive comparison finds in the subset`);

  // Related: similar earlier Kamervragen over the search index.
  const search = new LibraryIndex();
  const t2 = now();
  for (const [key, kv] of docs) search.add(key, kv);
  const searchMs = now() - t2;
  const rel: number[] = [];
  for (const key of sample.slice(0, 200)) {
    const t = now();
    await similarEarlier(key, docs.get(key)!, search, fromFiles);
    rel.push(now() - t);
  }
  rel.sort((a, b) => a - b);
  store.dispose();
  rmSync(libraryDir, { recursive: true, force: true });
  console.log(`\nrelated (similar earlier by their questions, candidates read from item files, over the search index built in ${(searchMs / 1000).toFixed(1)} s): `
    + `p50 ${percentile(rel, 0.5).toFixed(1)} ms, p95 ${percentile(rel, 0.95).toFixed(1)} ms, max ${rel[rel.length - 1]!.toFixed(1)} ms`);
})();
