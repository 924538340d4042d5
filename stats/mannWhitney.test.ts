import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from './mannWhitney.js';
import { normalTwoSidedP } from './distributions.js';
import { createRng } from './rng.js';

/** U by definition: #pairs with x > y plus half the ties (no ranks involved). */
function naiveU(x: number[], y: number[]): number {
  let u = 0;
  for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u;
}

describe('mannWhitneyU', () => {
  it('matches a hand-computed example with ties', () => {
    // x = 1 2 2 3, y = 2 3 4 5 5.  Pooled ranks: 1→1, 2s→3, 3s→5.5, 4→7, 5s→8.5
    // R1 = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 − 4·5/2 = 2.5, E[U] = 10
    // ties 3,2,2: Σ(t³−t) = 24+6+6 = 36; Var = (20/12)·(10 − 36/72) = 15.8333
    // z = (2.5 − 10 + 0.5)/√15.8333 = −1.75919; p = 2Φ(−1.75919) ≈ 0.0785
    // (R: wilcox.test(c(1,2,2,3), c(2,3,4,5,5)) → W = 2.5, p-value ≈ 0.0785)
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5, 5]);
    expect(r.u).toBe(2.5);
    expect(r.u2).toBe(17.5);
    expect(r.rankSum1).toBe(12.5);
    expect(r.z).toBeCloseTo(-7 / Math.sqrt(95 / 6), 10);
    expect(r.p).toBeCloseTo(0.0785, 4);
  });

  it('matches a hand-computed example without ties and without continuity', () => {
    // x = 1 2 3, y = 4 5 6 7: U = 0, E[U] = 6, Var = 3·4·8/12 = 8, z = −6/√8
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6, 7], { continuity: false });
    expect(r.u).toBe(0);
    expect(r.z).toBeCloseTo(-6 / Math.sqrt(8), 12);
    expect(r.p).toBeCloseTo(normalTwoSidedP(6 / Math.sqrt(8)), 12);
  });

  it('agrees with pair counting on random tied data and is symmetric', () => {
    const rng = createRng(7);
    for (let rep = 0; rep < 20; rep++) {
      const x = Array.from({ length: 5 + rng.int(30) }, () => rng.int(8));
      const y = Array.from({ length: 5 + rng.int(30) }, () => rng.int(8) + rng.int(2));
      const a = mannWhitneyU(x, y);
      const b = mannWhitneyU(y, x);
      expect(a.u).toBeCloseTo(naiveU(x, y), 9);
      expect(a.u2).toBeCloseTo(naiveU(y, x), 9);
      expect(b.p).toBeCloseTo(a.p as number, 12);
    }
  });

  it('returns null p when every value is tied, and throws on empty input', () => {
    expect(mannWhitneyU([3, 3], [3, 3, 3]).p).toBeNull();
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });
});
