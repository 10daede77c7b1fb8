/**
 * Catching super-linear blow-ups without timing anything absolutely: run the same work on an input
 * of size n and of size 8n and compare. Linear work takes about 8× as long, quadratic work 64×;
 * the bound (30×) leaves room for noise on a shared machine (and for the garbage collector, which
 * works harder on larger heaps) and still catches quadratic growth.
 * Each size is timed as the best of three runs, after one warm-up run, in CPU time of this process
 * (wall-clock time on a machine shared with other work measures the other work).
 */
import * as assert from 'node:assert/strict';

export const GROWTH = 8;
export const MAX_RATIO = 30;

function bestOf3(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Runs `run` without letting an expected refusal (any error `allowed` accepts) stop the timing. */
function quietly(run: () => unknown, allowed: (err: unknown) => boolean): () => void {
  return () => {
    try {
      run();
    } catch (err) {
      if (!allowed(err)) throw err;
    }
  };
}

/**
 * The time of `run(make(8n))` over that of `run(make(n))`. `n` starts at `start` and doubles
 * (at most three times) until the small run takes a millisecond: below that the clock and the JIT decide, not the input.
 */
export function growthRatio<T>(make: (n: number) => T, run: (input: T) => unknown, start: number, allowed: (err: unknown) => boolean = () => false): { ratio: number; small: number; large: number; n: number } {
  let n = start;
  let smallMs = 0;
  for (let round = 0; ; round++) {
    const small = quietly(() => run(make(n)), allowed);
    const input = make(n);
    const timed = quietly(() => run(input), allowed);
    small();
    smallMs = bestOf3(timed);
    if (smallMs >= MIN_MS || round === 3) break;
    n *= 2;
  }
  const largeInput = make(GROWTH * n);
  const largeMs = bestOf3(quietly(() => run(largeInput), allowed));
  return { ratio: largeMs / smallMs, small: smallMs, large: largeMs, n };
}

const MIN_MS = 1;

export function assertLinear<T>(what: string, make: (n: number) => T, run: (input: T) => unknown, n: number, allowed?: (err: unknown) => boolean): void {
  // A second measurement when the first is over the bound: a burst of other work can spoil one, but
  // quadratic growth fails both.
  let result = growthRatio(make, run, n, allowed);
  if (result.ratio >= MAX_RATIO) result = growthRatio(make, run, result.n, allowed);
  const { ratio, small, large, n: size } = result;
  assert.ok(ratio < MAX_RATIO,
    `${what}: ${GROWTH}× the input (n = ${size}) took ${ratio.toFixed(1)}× the time (${small.toFixed(1)} ms → ${large.toFixed(1)} ms); linear is about ${GROWTH}×, quadratic ${GROWTH * GROWTH}×`);
}
