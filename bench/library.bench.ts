/**
 * Library search: our inverted index (src/core/library/search.ts) against MiniSearch 7.2.0 on the
 * same generated Kamervragen (test/support/generate.ts: real texts, names and titles from the
 * fixtures, varied numbers, dates and combinations) and the same 570 queries.
 *
 * MiniSearch needs minutes for 60,000 documents (build and queries), so that the whole bench stays
 * near two minutes the default run compares the two head to head on 20,000 documents and checks
 * the goals with ours alone on 60,000; `--full` compares both on 60,000 (about six minutes).
 *
 * Each candidate runs in a child process of its own (node --expose-gc) so that neither's garbage
 * or heap growth is counted against the other: it generates the library, forces GC, builds the
 * index (timed), forces GC again and measures the growth of heap + ArrayBuffers (typed arrays live
 * outside the JS heap) and the RSS, then runs every query once to warm up and twice measured.
 * The parent prints one table, the ratios, and whether the goals hold (p95 < 20 ms, memory < 150 MB).
 *
 *   npm run bench        (or: node esbuild.mjs --bench && node --expose-gc out/bench/library.bench.js)
 */
import { fork } from 'node:child_process';
import MiniSearch from 'minisearch';
import type { Kamervraag } from '../src/core/model';
import { fold, foldWord, forEachRawWord, stem } from '../src/core/library/dutch';
import { LibraryIndex, fieldsOf } from '../src/core/library/search';
import type { SearchFilters, SearchHit, SearchIndex, SearchOptions } from '../src/core/library/search';
import { generateKamervragen, pools, prng } from '../test/support/generate';
import type { Pools } from '../test/support/generate';

const DOCUMENTS = 60_000;
const HEAD_TO_HEAD = process.argv.includes('--full') ? DOCUMENTS : 20_000;
const SEED = 20_231_786;
const GOAL_P95_MS = 20;
const GOAL_MEMORY_MB = 150;

/** The losing candidate lives only here: MiniSearch behind the same interface, same analysis. */
class MiniSearchIndex implements SearchIndex {
  private readonly dates = new Map<string, string>();
  /** The same analysis as ours, with the same cache of words as written → term. */
  private readonly terms = new Map<string, string>();
  private readonly ms = new MiniSearch<{ id: string } & Record<string, unknown>>({
    fields: ['title', 'ids', 'people', 'topics', 'text'],
    storeFields: ['status', 'date', 'parties'],
    tokenize: (text) => {
      const out: string[] = [];
      forEachRawWord(text, (raw) => out.push(raw));
      return out;
    },
    processTerm: (raw) => {
      let term = this.terms.get(raw);
      if (term === undefined) this.terms.set(raw, term = stem(foldWord(raw)));
      return term === '' ? null : term;
    },
  });

  get size(): number {
    return this.ms.documentCount;
  }

  add(key: string, kv: Kamervraag): void {
    this.remove(key);
    const date = kv.submitted ?? kv.answered ?? '';
    this.dates.set(key, date);
    this.ms.add({
      id: key, ...fieldsOf(kv), status: kv.status, date,
      parties: kv.submitters.map((s) => fold(s.party ?? '')),
    });
  }

  remove(key: string): boolean {
    if (!this.ms.has(key)) return false;
    this.ms.discard(key);
    this.dates.delete(key);
    return true;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const f = options.filters;
    const typing = !/\s$/.test(query);
    const results = this.ms.search(query, {
      boost: { title: 5, ids: 5, people: 3, topics: 3 },
      combineWith: 'AND',
      prefix: (_term, i, terms) => typing && i === terms.length - 1,
      ...(f ? { filter: (r: { [k: string]: unknown }) => passes(r as never, f) } : {}),
    });
    results.sort((a, b) => b.score - a.score || (this.dates.get(b.id as string) ?? '').localeCompare(this.dates.get(a.id as string) ?? ''));
    return results.slice(0, options.limit ?? 50).map((r) => ({ key: r.id as string, score: r.score }));
  }
}

function passes(r: { status: string; date: string; parties: string[] }, f: SearchFilters): boolean {
  if (f.status && !f.status.includes(r.status as never)) return false;
  if (f.party && !r.parties.includes(fold(f.party))) return false;
  if (f.from && r.date < f.from) return false;
  if (f.to && (r.date === '' || r.date > f.to)) return false;
  return true;
}

interface Query { text: string; kind: string; options: SearchOptions }

/** ≥ 500 realistic queries, the same in every process (seeded). */
function queries(p: Pools): Query[] {
  const random = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const vocabulary = p.vocabulary;
  const sentences = [...p.questions, ...p.answerParagraphs].map((t) => t.split(/\s+/).filter((w) => /^\p{L}{4,}$/u.test(w)));
  const twoWords = (): string => {
    const s = pick(sentences.filter((x) => x.length >= 2));
    const i = Math.floor(random() * (s.length - 1));
    return `${s[i]} ${s[i + 1]}`;
  };
  const names = p.submitters.map((s) => s.name);
  const parties = [...new Set(p.submitters.map((s) => s.party).filter((x): x is string => x !== null))];
  const out: Query[] = [];
  for (let i = 0; i < 150; i++) out.push({ text: `${pick(vocabulary)} `, kind: 'one word', options: {} });
  for (let i = 0; i < 100; i++) out.push({ text: `${twoWords()} `, kind: 'two words', options: {} });
  for (let i = 0; i < 60; i++) {
    const name = i % 3 === 0 ? 'Nilüfer Gündoğan' : pick(names);
    out.push({ text: `${name} `, kind: 'name', options: {} });
    out.push({ text: `${fold(name)} `, kind: 'name folded', options: {} });
  }
  for (let i = 0; i < 100; i++) {
    const word = pick(vocabulary);
    const prefix = word.slice(0, Math.min(word.length, 3 + Math.floor(random() * 4)));
    out.push({ text: i % 2 === 0 ? prefix : `${pick(vocabulary)} ${prefix}`, kind: 'prefix (typing)', options: {} });
  }
  for (let i = 0; i < 100; i++) {
    const filters: SearchFilters = {};
    const which = i % 4;
    if (which === 0) filters.status = ['answered-late', 'overdue'];
    if (which === 1) filters.party = pick(parties);
    if (which === 2 || which === 3) {
      const year = 2010 + Math.floor(random() * 16);
      filters.from = `${year}-01-01`;
      filters.to = `${year + 1}-06-30`;
    }
    if (which === 3) filters.status = ['answered-on-time'];
    out.push({ text: i % 2 === 0 ? `${pick(vocabulary)} ` : `${twoWords()} `, kind: 'with filters', options: { filters } });
  }
  return out;
}

interface Result {
  name: string;
  documents: number;
  buildMs: number;
  heapMb: number;
  rssMb: number;
  p50: number;
  p95: number;
  max: number;
  byKind: Record<string, number>;
  hits: number;
  tops: string[][];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function memory(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

function runCandidate(name: string, documents: number): Result {
  const p = pools();
  let docs: Kamervraag[] | undefined = generateKamervragen(documents, SEED, p);
  const qs = queries(p);
  const before = memory();
  const start = process.hrtime.bigint();
  const index: SearchIndex = name === 'ours' ? new LibraryIndex() : new MiniSearchIndex();
  for (const kv of docs) index.add(kv.zaak!, kv);
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  const after = memory();
  const timings: number[] = [];
  const kindTimes = new Map<string, number[]>();
  let hits = 0;
  const tops: string[][] = [];
  for (const q of qs) index.search(q.text, q.options); // warm-up
  for (let round = 0; round < 2; round++) {
    for (const q of qs) {
      const t0 = process.hrtime.bigint();
      const result = index.search(q.text, q.options);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      timings.push(ms);
      if (!kindTimes.has(q.kind)) kindTimes.set(q.kind, []);
      kindTimes.get(q.kind)!.push(ms);
      if (round === 0) {
        hits += result.length;
        tops.push(result.slice(0, 10).map((h) => h.key));
      }
    }
  }
  timings.sort((a, b) => a - b);
  const byKind: Record<string, number> = {};
  for (const [kind, ts] of kindTimes) byKind[kind] = percentile(ts.sort((a, b) => a - b), 0.95);
  if (index.size !== docs.length) throw new Error(`${name} holds ${index.size} documents, expected ${docs.length}`);
  docs = undefined;
  return {
    name, documents, buildMs, heapMb: (after.heap - before.heap) / 2 ** 20, rssMb: after.rss / 2 ** 20,
    p50: percentile(timings, 0.5), p95: percentile(timings, 0.95), max: timings[timings.length - 1]!,
    byKind, hits, tops,
  };
}

function runChild(name: string, documents: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--candidate', name, String(documents)], { execArgv: ['--expose-gc'] });
    child.on('message', (m) => resolve(m as Result));
    child.on('error', reject);
    child.on('exit', (code) => { if (code !== 0) reject(new Error(`${name} exited with ${code}`)); });
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--candidate');
  if (at >= 0) {
    process.send!(runCandidate(process.argv[at + 1]!, Number(process.argv[at + 2])));
    return;
  }
  const count = queries(pools()).length;
  console.log(`library search benchmark: ${count} queries × 2 measured rounds after a warm-up, each candidate in its own process, node ${process.version}`);
  const ours = await runChild('ours', HEAD_TO_HEAD);
  const mini = await runChild('minisearch', HEAD_TO_HEAD);
  console.log(`\nhead to head on ${HEAD_TO_HEAD.toLocaleString('en')} generated Kamervragen`);
  const rows: [string, (r: Result) => string][] = [
    ['build (ms)', (r) => r.buildMs.toFixed(0)],
    ['index memory: heap + ArrayBuffers after GC (MB)', (r) => r.heapMb.toFixed(1)],
    ['process RSS after build (MB)', (r) => r.rssMb.toFixed(0)],
    ['query p50 (ms)', (r) => r.p50.toFixed(3)],
    ['query p95 (ms)', (r) => r.p95.toFixed(3)],
    ['query max (ms)', (r) => r.max.toFixed(3)],
    ...Object.keys(ours.byKind).map((k): [string, (r: Result) => string] => [`  p95 ${k} (ms)`, (r) => r.byKind[k]!.toFixed(3)]),
    ['hits returned (limit 50 per query)', (r) => String(r.hits)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${''.padEnd(width)}  ${'ours'.padStart(12)}  ${'minisearch'.padStart(12)}  ${'ours/mini'.padStart(10)}`);
  for (const [label, value] of rows) {
    const a = Number(value(ours));
    const b = Number(value(mini));
    const ratio = b > 0 ? `${(a / b).toFixed(2)}×` : '';
    console.log(`${label.padEnd(width)}  ${value(ours).padStart(12)}  ${value(mini).padStart(12)}  ${ratio.padStart(10)}`);
  }
  // How alike the answers are: overlap of the top 10 keys per query (same analysis, different scoring).
  let overlap = 0;
  let both = 0;
  ours.tops.forEach((top, i) => {
    const other = new Set(mini.tops[i]);
    if (top.length === 0 && other.size === 0) return;
    both++;
    overlap += top.filter((k) => other.has(k)).length / Math.max(top.length, other.size);
  });
  console.log(`\ntop-10 overlap between the two: ${((overlap / Math.max(1, both)) * 100).toFixed(0)} % on average over ${both} queries with hits`);
  const full = HEAD_TO_HEAD === DOCUMENTS ? ours : await runChild('ours', DOCUMENTS);
  const ok = (b: boolean): string => (b ? 'holds' : 'MISSED');
  const goals = (r: Result): string =>
    `p95 ${r.p95.toFixed(2)} ms < ${GOAL_P95_MS} ms ${ok(r.p95 < GOAL_P95_MS)}; index memory ${r.heapMb.toFixed(0)} MB < ${GOAL_MEMORY_MB} MB ${ok(r.heapMb < GOAL_MEMORY_MB)}`;
  console.log(`\nours on ${DOCUMENTS.toLocaleString('en')}: build ${(full.buildMs / 1000).toFixed(1)} s, index memory ${full.heapMb.toFixed(1)} MB, RSS ${full.rssMb.toFixed(0)} MB, query p50 ${full.p50.toFixed(3)} / p95 ${full.p95.toFixed(3)} / max ${full.max.toFixed(3)} ms`);
  console.log(`goals on ${DOCUMENTS.toLocaleString('en')}, ours: ${goals(full)}`);
  if (HEAD_TO_HEAD === DOCUMENTS) console.log(`goals on ${DOCUMENTS.toLocaleString('en')}, minisearch: ${goals(mini)}`);
  if (full.p95 >= GOAL_P95_MS || full.heapMb >= GOAL_MEMORY_MB) process.exitCode = 1;
}

void main();
