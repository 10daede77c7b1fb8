import * as assert from 'node:assert/strict';
import { assertLinear } from '../support/timing';

// The growth check itself: it must tell quadratic work from linear work, or the linear-time tests
// of the parsers (parse.limits.test.ts, fuzz.test.ts) could not fail.
describe('the growth check of the linear-time tests', function () {
  this.timeout(60_000);

  it('passes linear work and fails quadratic work', () => {
    const linear = (xs: Int32Array): number => {
      let sum = 0;
      for (let i = 0; i < xs.length; i++) sum += xs[i]!;
      return sum;
    };
    // For each element, a scan of everything before it: n²/2 steps.
    const quadratic = (xs: Int32Array): number => {
      let count = 0;
      for (let i = 0; i < xs.length; i++) for (let j = 0; j < i; j++) if (xs[j] === xs[i]) count++;
      return count;
    };
    const make = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
    assertLinear('a sum', make, linear, 100_000);
    assert.throws(() => assertLinear('a scan per element', make, quadratic, 500), /a scan per element: 16× the input .* took \d+\.\d× the time/);
  });
});
