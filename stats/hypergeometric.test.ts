import { describe, expect, it } from 'vitest';
import { hypergeometricLogPmf, sampleHypergeometric, sampleTable } from './hypergeometric.js';
import { createRng } from './rng.js';

describe('hypergeometric', () => {
  it('has a pmf that sums to 1 and matches a hand value', () => {
    // P(X = 2) for 3 draws from 7 with 4 successes = C(4,2)C(3,1)/C(7,3) = 18/35
    expect(Math.exp(hypergeometricLogPmf(2, 7, 4, 3))).toBeCloseTo(18 / 35, 12);
    let s = 0;
    for (let x = 0; x <= 40; x++) s += Math.exp(hypergeometricLogPmf(x, 100, 40, 30));
    expect(s).toBeCloseTo(1, 12);
    expect(hypergeometricLogPmf(5, 7, 4, 3)).toBe(-Infinity);
  });

  it('samples with the right mean and variance', () => {
    // E[X] = nK/M = 12, Var = n(K/M)(1−K/M)(M−n)/(M−1) = 30·0.4·0.6·70/99 ≈ 5.0909
    const rng = createRng(17);
    const draws = Array.from({ length: 40000 }, () => sampleHypergeometric(100, 40, 30, rng));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, x) => a + (x - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean - 12)).toBeLessThan(0.05);
    expect(Math.abs(variance - (30 * 0.4 * 0.6 * 70) / 99)).toBeLessThan(0.15);
  });

  it('matches exact probabilities in a small case', () => {
    const rng = createRng(5);
    const counts = [0, 0, 0, 0];
    const B = 35000;
    for (let b = 0; b < B; b++) counts[sampleHypergeometric(7, 4, 3, rng)]++;
    [1, 12, 18, 4].forEach((w, x) => expect(Math.abs(counts[x] / B - w / 35)).toBeLessThan(0.01));
    expect(() => sampleHypergeometric(5, 6, 1, rng)).toThrow(RangeError);
    expect(sampleHypergeometric(10, 10, 4, rng)).toBe(4);
  });

  it('draws tables that keep both margins', () => {
    const rng = createRng(8);
    const R = [5, 9, 3, 12];
    const C = [10, 4, 15];
    const t = R.map(() => [0, 0, 0]);
    for (let rep = 0; rep < 200; rep++) {
      sampleTable(R, C, rng, t);
      expect(t.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(R);
      expect(C.map((_, j) => t.reduce((s, row) => s + row[j], 0))).toEqual(C);
      expect(t.flat().every((v) => v >= 0)).toBe(true);
    }
  });
});
