/**
 * What the Promises view costs on a large library: finding every promise in N realistic
 * Kamervragen (test/support/generate.ts realisticKamervragen: the fixtures' sentences with
 * Zipf-sampled Dutch words, ~2,600 words each), against a baseline measured in the same run: only
 * cutting every answer paragraph into sentences (splitSentences), the least any sentence-level
 * reading of the answers costs. The view does this once per stored copy, in slices, and keeps the
 * result while VS Code runs.
 *
 *   node --expose-gc out/bench/promiseList.bench.js [--documents N]   (default 2,000)
 */
import { promisesOf } from '../src/core/promiseList';
import { splitSentences } from '../src/core/repeats';
import { paragraphsOf } from '../src/core/text';
import { realisticKamervragen } from '../test/support/generate';

const argAt = process.argv.indexOf('--documents');
const DOCUMENTS = argAt >= 0 ? Number(process.argv[argAt + 1]) : 2_000;
const items = [...realisticKamervragen(DOCUMENTS, 20_231_786)];

function best(run: () => number, rounds = 3): { ms: number; result: number } {
  let ms = Infinity;
  let result = 0;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    result = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result };
}

const baseline = best(() => {
  let sentences = 0;
  for (const kv of items) for (const e of kv.entries) if (e.answer) for (const p of paragraphsOf(e.answer)) sentences += splitSentences(p).length;
  return sentences;
});
const promises = best(() => {
  let found = 0;
  for (const kv of items) found += promisesOf(kv.zaak ?? '', kv, '2026-12-01').length;
  return found;
});

console.log(`finding the promises of ${DOCUMENTS.toLocaleString('en')} realistic Kamervragen (best of 3)`);
console.log(`  baseline, cutting the answers into ${baseline.result.toLocaleString('en')} sentences: ${baseline.ms.toFixed(0)} ms (${(baseline.ms / DOCUMENTS).toFixed(2)} ms per Kamervraag)`);
console.log(`  promises (${promises.result.toLocaleString('en')} found): ${promises.ms.toFixed(0)} ms (${(promises.ms / DOCUMENTS).toFixed(2)} ms per Kamervraag)`);
console.log(`  ratio promises / baseline: ${(promises.ms / baseline.ms).toFixed(2)}`);
console.log(`  at 60,000 Kamervragen: about ${((promises.ms / DOCUMENTS) * 60).toFixed(0)} s for a first look (then cached per copy)`);
