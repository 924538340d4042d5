import { describe, expect, it } from 'vitest';
import { kruskalWallis } from './kruskalWallis.js';
import { mannWhitneyU } from './mannWhitney.js';
import { createRng } from './rng.js';

describe('kruskalWallis', () => {
  it('matches a hand-computed example without ties', () => {
    // ranks = values; R = 6, 15, 24; H = 12/90·(36+225+576)/3 − 30 = 7.2
    // χ² with 2 df: p = exp(−7.2/2) = 0.0273237
    const r = kruskalWallis([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(r.h).toBeCloseTo(7.2, 12);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(Math.exp(-3.6), 10);
  });

  it('matches a hand-computed example with ties', () => {
    // A = 1 1 2, B = 2 3 3, C = 3 4 5. Mid-ranks: 1s→1.5, 2s→3.5, 3s→6, 4→8, 5→9
    // R = 6.5, 15.5, 23; Σ R²/n = 811.5/3 = 270.5; H0 = 12/90·270.5 − 30 = 6.06667
    // ties 2,2,3: Σ(t³−t) = 36; correction 1 − 36/720 = 0.95; H = 6.38596
    const r = kruskalWallis([[1, 1, 2], [2, 3, 3], [3, 4, 5]]);
    expect(r.rankSums).toEqual([6.5, 15.5, 23]);
    expect(r.h).toBeCloseTo(((12 / 90) * 270.5 - 30) / 0.95, 10);
    expect(r.h).toBeCloseTo(6.385965, 5);
    expect(r.p).toBeCloseTo(Math.exp(-r.h! / 2), 10);
  });

  it('with two groups equals the squared Mann–Whitney z (no continuity)', () => {
    const rng = createRng(11);
    for (let rep = 0; rep < 10; rep++) {
      const x = Array.from({ length: 4 + rng.int(20) }, () => rng.int(6));
      const y = Array.from({ length: 4 + rng.int(20) }, () => rng.int(7));
      const kw = kruskalWallis([x, y]);
      const mw = mannWhitneyU(x, y, { continuity: false });
      expect(kw.h).toBeCloseTo(mw.z! * mw.z!, 9);
      expect(kw.p).toBeCloseTo(mw.p!, 9);
    }
  });

  it('drops empty groups, and rejects fewer than two groups', () => {
    const r = kruskalWallis([[1, 2, 3], [], [4, 5, 6], [7, 8, 9]]);
    expect(r.df).toBe(2);
    expect(r.h).toBeCloseTo(7.2, 12);
    expect(() => kruskalWallis([[1, 2], []])).toThrow(RangeError);
    expect(kruskalWallis([[2, 2], [2]]).p).toBeNull();
  });
});
