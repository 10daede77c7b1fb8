/**
 * Catching super-linear blow-ups without timing anything absolutely: run the same work on an input
 * of size n and of size 8n and compare. Linear work takes about 8× as long, quadratic work 64×;
 * the bound (30×) leaves room for noise on a shared machine (and for the garbage collector, which
 * works harder on larger heaps) and still catches quadratic growth.
 * Times are CPU time of this process
 * (wall-clock time on a machine shared with other work measures the other work).
 */
import * as assert from 'node:assert/strict';

export const GROWTH = 8;
export const MAX_RATIO = 30;

/** CPU time of one run of `fn`, in milliseconds. */
function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function bestOf3(fn: () => void): number {
  return Math.min(cpuMs(fn), cpuMs(fn), cpuMs(fn));
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
 * (at most three times) until the small run takes a millisecond: below that the clock and the JIT
 * decide, not the input. The large input runs at most three times and stops at the first run
 * within the bound (noise only ever adds time) or far beyond it (quadratic code need not finish
 * three times to fail).
 */
export function growthRatio<T>(make: (n: number) => T, run: (input: T) => unknown, start: number, allowed: (err: unknown) => boolean = () => false): { ratio: number; small: number; large: number; n: number } {
  let n = start;
  let smallMs = 0;
  for (let round = 0; ; round++) {
    const input = make(n);
    const timed = quietly(() => run(input), allowed);
    timed();
    smallMs = bestOf3(timed);
    if (smallMs >= MIN_MS || round === 3) break;
    n *= 2;
  }
  const largeInput = make(GROWTH * n);
  const large = quietly(() => run(largeInput), allowed);
  let largeMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    largeMs = Math.min(largeMs, cpuMs(large));
    if (largeMs / smallMs < MAX_RATIO || largeMs / smallMs > 2 * MAX_RATIO) break;
  }
  return { ratio: largeMs / smallMs, small: smallMs, large: largeMs, n };
}

const MIN_MS = 1;

export function assertLinear<T>(what: string, make: (n: number) => T, run: (input: T) => unknown, n: number, allowed?: (err: unknown) => boolean): void {
  // A second measurement when the first is just over the bound: a burst of other work can spoil
  // one, but quadratic growth fails both.
  let result = growthRatio(make, run, n, allowed);
  if (result.ratio >= MAX_RATIO && result.ratio <= 2 * MAX_RATIO) result = growthRatio(make, run, result.n, allowed);
  const { ratio, small, large, n: size } = result;
  assert.ok(ratio < MAX_RATIO,
    `${what}: ${GROWTH}× the input (n = ${size}) took ${ratio.toFixed(1)}× the time (${small.toFixed(1)} ms → ${large.toFixed(1)} ms); linear is about ${GROWTH}×, quadratic ${GROWTH * GROWTH}×`);
}
