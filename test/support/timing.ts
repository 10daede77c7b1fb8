/**
 * Catching super-linear blow-ups without timing anything absolutely: run the same work on an input
 * of size n and of size 16n and compare. Linear work takes about 16× as long, quadratic work 256×
 * (and more: its larger input also leaves the caches). The bound (110×) leaves room for noise on
 * a shared machine and for what a larger input costs beyond its length: a 1 MB two-byte string no
 * longer fits in the processor's caches, and a garbage collector works harder on larger heaps;
 * linear parsers took up to 130× for 16× the input on a busy 2-core machine (60× for 8×).
 * Times are the lesser of this process's CPU time and wall-clock time (see cpuMs): wall-clock
 * time alone, on a machine shared with other work, measures the other work.
 */
import * as assert from 'node:assert/strict';

export const GROWTH = 16;
export const MAX_RATIO = 110;
/**
 * Beyond FAR × MAX_RATIO a run is not measured again: quadratic work (about 250×) fails at once,
 * rather than after more runs of seconds each that could outlast the test's timeout.
 */
const FAR = 1.5;

/** Node's `gc()`, there when node runs with --expose-gc (.mocharc.json asks for it). */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * The time of one run of `fn`, in milliseconds, after a full garbage collection (otherwise a run
 * pays for collecting what the runs before it left, more of it after larger inputs): the lesser of
 * the process's CPU time and the wall-clock time. Each only ever gains from noise — CPU time from
 * the collector's helper threads still sweeping after `gc()` (several ms, enough to halve the
 * ratio of quadratic work at 10 ms runs), wall-clock time from other work on the machine.
 */
function cpuMs(fn: () => void): number {
  collect?.();
  const start = process.cpuUsage();
  const wallStart = performance.now();
  fn();
  const wall = performance.now() - wallStart;
  const used = process.cpuUsage(start);
  return Math.min(wall, (used.user + used.system) / 1000);
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
 * The time of `run(make(16n))` over that of `run(make(n))`. `n` starts at `start` and doubles
 * (at most six times) until the small run takes MIN_MS: below that the clock and the JIT decide,
 * not the input. Both sizes are run once before they are timed, so that neither is measured cold
 * (a first run of the large input pays for the JIT and for growing the heap, which made linear
 * code look 60× slower on a busy machine). The large input is then timed at most three times and
 * stops at the first run within the bound (noise only ever adds time) or far beyond it (quadratic
 * code need not finish three times to fail).
 */
export function growthRatio<T>(make: (n: number) => T, run: (input: T) => unknown, start: number, allowed: (err: unknown) => boolean = () => false): { ratio: number; small: number; large: number; n: number } {
  let n = start;
  let smallMs = 0;
  for (let round = 0; ; round++) {
    const input = make(n);
    const timed = quietly(() => run(input), allowed);
    timed();
    smallMs = bestOf3(timed);
    if (smallMs >= MIN_MS || round === 6) break;
    n *= 2;
  }
  const largeInput = make(GROWTH * n);
  const large = quietly(() => run(largeInput), allowed);
  const ratioOf = (ms: number): number => ms / Math.max(smallMs, MIN_MS);
  let largeMs = cpuMs(large); // the warm-up run: quadratic code already fails on it
  if (ratioOf(largeMs) <= FAR * MAX_RATIO) {
    largeMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      largeMs = Math.min(largeMs, cpuMs(large));
      if (ratioOf(largeMs) < MAX_RATIO || ratioOf(largeMs) > FAR * MAX_RATIO) break;
    }
  }
  // Still under MIN_MS at the largest n: the work is too fast to time, and the large run is
  // measured against MIN_MS instead (quadratic work on such an input would take seconds).
  return { ratio: ratioOf(largeMs), small: smallMs, large: largeMs, n };
}

const MIN_MS = 10;

export function assertLinear<T>(what: string, make: (n: number) => T, run: (input: T) => unknown, n: number, allowed?: (err: unknown) => boolean): void {
  // A second measurement when the first is just over the bound: a burst of other work can spoil
  // one, but quadratic growth fails both.
  let result = growthRatio(make, run, n, allowed);
  if (result.ratio >= MAX_RATIO && result.ratio <= FAR * MAX_RATIO) result = growthRatio(make, run, result.n, allowed);
  const { ratio, small, large, n: size } = result;
  assert.ok(ratio < MAX_RATIO,
    `${what}: ${GROWTH}× the input (n = ${size}) took ${ratio.toFixed(1)}× the time (${small.toFixed(1)} ms → ${large.toFixed(1)} ms); linear is about ${GROWTH}×, quadratic ${GROWTH * GROWTH}×`);
}
