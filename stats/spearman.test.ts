import { describe, expect, it } from 'vitest';
import { correlationPValue, pearson, spearman, spearmanPairwise } from './spearman.js';
import { createRng } from './rng.js';

/** Mid-rank of v among xs by counting (O(n²), independent of ranks.ts). */
function naiveRank(xs: number[], v: number): number {
  const less = xs.filter((x) => x < v).length;
  const equal = xs.filter((x) => x === v).length;
  return less + (equal + 1) / 2;
}

function naivePearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

// t with 3 df, closed form: F(t) = 1/2 + [(t/√3)/(1+t²/3) + atan(t/√3)]/π
const pT3 = (t: number) =>
  2 * (1 - (0.5 + ((t / Math.sqrt(3)) / (1 + (t * t) / 3) + Math.atan(t / Math.sqrt(3))) / Math.PI));

describe('spearman', () => {
  it('matches the no-ties formula and the t p-value on a hand example', () => {
    // d = −1 1 −1 1 0, Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8
    // t = 0.8·√(3/0.36) = 2.309401 with 3 df
    const r = spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    expect(r.rho).toBeCloseTo(0.8, 12);
    expect(r.t).toBeCloseTo(0.8 * Math.sqrt(3 / 0.36), 12);
    expect(r.p).toBeCloseTo(pT3(0.8 * Math.sqrt(3 / 0.36)), 7); // ≈ 0.1041
  });

  it('equals Pearson on mid-ranks when there are ties (1–6 ratings)', () => {
    const rng = createRng(3);
    for (let rep = 0; rep < 10; rep++) {
      const n = 10 + rng.int(50);
      const x = Array.from({ length: n }, () => 1 + rng.int(6));
      const y = x.map((v) => v + rng.int(4));
      const expected = naivePearson(
        x.map((v) => naiveRank(x, v)),
        y.map((v) => naiveRank(y, v)),
      );
      expect(spearman(x, y).rho).toBeCloseTo(expected, 12);
    }
  });

  it('gives p = 0 for perfect correlation, null for n < 3 or constant input', () => {
    expect(spearman([1, 2, 3, 4], [8, 6, 4, 2])).toMatchObject({ rho: -1, p: 0 });
    expect(spearman([1, 2], [1, 2])).toMatchObject({ rho: 1, p: null, n: 2 });
    expect(spearman([1, 2, 3], [5, 5, 5])).toMatchObject({ rho: null, p: null });
    expect(pearson([1], [1])).toBeNull();
  });

  it('uses t = ρ√((n−2)/(1−ρ²)) with n−2 df', () => {
    // the study: ρ = −0.29 with n = 50 → p ≈ 0.041; ρ = −0.26, n = 50 → p ≈ 0.068
    const { t, p } = correlationPValue(-0.29, 50);
    expect(t).toBeCloseTo(-0.29 * Math.sqrt(48 / (1 - 0.29 ** 2)), 12);
    expect(p).toBeGreaterThan(0.035);
    expect(p).toBeLessThan(0.05);
    const q = correlationPValue(-0.26, 50).p!;
    expect(q).toBeGreaterThan(0.05);
    expect(q).toBeLessThan(0.08);
  });

  it('applies pairwise deletion before ranking', () => {
    const x = [1, 2, null, 4, 5, 6];
    const y = [2, 1, 9, null, 5, 6];
    const r = spearmanPairwise(x, y);
    expect(r.n).toBe(4);
    expect(r.rho).toBeCloseTo(spearman([1, 2, 5, 6], [2, 1, 5, 6]).rho!, 12);
    expect(() => spearmanPairwise([1], [1, 2])).toThrow(RangeError);
  });
});
