import { describe, expect, it } from 'vitest';
import { fisherExact, FisherTooLargeError } from './fisher.js';
import { evenFill, greedyFill } from './fisherBounds.js';
import { logFactorialTable } from './logFactorial.js';

/**
 * Independent brute force: loop over every value of the (r−1)(c−1) free
 * cells with an odometer, derive the last row/column from the margins, and
 * compute each probability directly with factorial products (no logs, no
 * pruning, no merging). Only feasible for small n.
 */
function bruteForceP(t: number[][]): number {
  const r = t.length;
  const c = t[0].length;
  const R = t.map((row) => row.reduce((a, b) => a + b, 0));
  const C = t[0].map((_, j) => t.reduce((s, row) => s + row[j], 0));
  const N = R.reduce((a, b) => a + b, 0);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const prob = (m: number[][]) => {
    let num = 1;
    for (const x of R) num *= fact(x);
    for (const x of C) num *= fact(x);
    let den = fact(N);
    for (const row of m) for (const v of row) den *= fact(v);
    return num / den;
  };
  const pObs = prob(t);
  const free = (r - 1) * (c - 1);
  const digits = new Array<number>(free).fill(0);
  let p = 0;
  for (;;) {
    const m = Array.from({ length: r }, () => new Array<number>(c).fill(0));
    let ok = true;
    for (let i = 0; i < r - 1; i++) {
      for (let j = 0; j < c - 1; j++) m[i][j] = digits[i * (c - 1) + j];
      m[i][c - 1] = R[i] - m[i].slice(0, c - 1).reduce((a, b) => a + b, 0);
    }
    for (let j = 0; j < c; j++) m[r - 1][j] = C[j] - m.slice(0, r - 1).reduce((s, row) => s + row[j], 0);
    for (const row of m) for (const v of row) if (v < 0) ok = false;
    if (ok && m[r - 1].reduce((a, b) => a + b, 0) !== R[r - 1]) ok = false;
    if (ok) {
      const q = prob(m);
      if (q <= pObs * (1 + 1e-7)) p += q;
    }
    let k = 0;
    while (k < free && ++digits[k] > N) digits[k++] = 0;
    if (k === free) break;
  }
  return p;
}

describe('fisherExact', () => {
  it('reproduces R for the tea-tasting table', () => {
    // R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857 (= 34/70)
    expect(fisherExact([[3, 1], [1, 3]]).p).toBeCloseTo(34 / 70, 12);
  });

  it('reproduces R for matrix(c(1,9,11,3),2)', () => {
    // R: p-value = 0.002759
    expect(fisherExact([[1, 11], [9, 3]]).p).toBeCloseTo(0.002759, 6);
  });

  it("reproduces R's 4×4 Job satisfaction example (p = 0.7827)", () => {
    // ?fisher.test: Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4)
    const job = [
      [1, 3, 10, 6],
      [2, 3, 10, 7],
      [1, 6, 14, 12],
      [0, 1, 9, 11],
    ];
    const r = fisherExact(job);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(0.7827, 4);
  });

  it.each([
    ['2×3', [[3, 0, 4], [1, 5, 2]]],
    ['3×2', [[6, 1], [2, 2], [0, 5]]],
    ['3×3', [[3, 1, 0], [1, 3, 2], [0, 2, 4]]],
    ['2×4', [[2, 0, 3, 1], [1, 4, 0, 3]]],
    ['3×3 skewed', [[5, 0, 0], [0, 3, 1], [1, 1, 4]]],
  ])('agrees with brute-force enumeration for a %s table', (_name, t) => {
    expect(fisherExact(t).p).toBeCloseTo(bruteForceP(t), 10);
  });

  it('is invariant to transposition and to row/column order; ignores empty rows', () => {
    const t = [[4, 1, 2], [0, 5, 1], [2, 2, 6], [1, 0, 3]];
    const p = fisherExact(t).p;
    expect(fisherExact(t[0].map((_, j) => t.map((row) => row[j]))).p).toBeCloseTo(p, 12);
    expect(fisherExact([...t].reverse().map((row) => [...row].reverse())).p).toBeCloseTo(p, 12);
    expect(fisherExact([...t, [0, 0, 0]]).p).toBeCloseTo(p, 12);
    expect(fisherExact([[3, 4, 0]]).p).toBe(1);
  });

  it('handles a 5×3 table with n = 60 quickly', () => {
    const t = [[8, 2, 2], [2, 8, 2], [2, 2, 8], [3, 3, 6], [5, 5, 2]];
    const start = performance.now();
    const r = fisherExact(t);
    expect(r.method).toBe('exact');
    expect(r.n).toBe(60);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.05);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('falls back to a seeded, reproducible Monte Carlo estimate when over budget', () => {
    const t = [[3, 1, 0], [1, 3, 2], [0, 2, 4]];
    const exact = bruteForceP(t);
    const a = fisherExact(t, { maxWork: 1, samples: 20000, seed: 5 });
    const b = fisherExact(t, { maxWork: 1, samples: 20000, seed: 5 });
    expect(a.method).toBe('monte-carlo');
    expect(a.p).toBe(b.p);
    // binomial SE at p ≈ 0.1 with 20 000 draws is ≈ 0.002
    expect(Math.abs(a.p - exact)).toBeLessThan(0.01);
    expect(() => fisherExact(t, { maxWork: 1, fallback: 'error' })).toThrow(FisherTooLargeError);
  });

  it('rejects invalid tables', () => {
    expect(() => fisherExact([[1, -1], [2, 3]])).toThrow(RangeError);
    expect(() => fisherExact([[1.5, 1], [2, 3]])).toThrow(RangeError);
    expect(() => fisherExact([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('Fisher bounds', () => {
  // exhaustive min/max of Σ log x_i! over splits of `total` within caps
  function exhaustive(total: number, caps: number[], lf: Float64Array): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    const rec = (i: number, left: number, s: number) => {
      if (i === caps.length) {
        if (left === 0) {
          lo = Math.min(lo, s);
          hi = Math.max(hi, s);
        }
        return;
      }
      for (let x = 0; x <= Math.min(caps[i], left); x++) rec(i + 1, left - x, s + lf[x]);
    };
    rec(0, total, 0);
    return [lo, hi];
  }

  it('evenFill / greedyFill give the exact minimum / maximum of one line', () => {
    const lf = logFactorialTable(40);
    for (const caps of [[1, 2, 7], [3, 3, 3, 9], [0, 5, 6], [2, 2, 10, 12]]) {
      const sum = caps.reduce((a, b) => a + b, 0);
      for (let total = 0; total <= sum; total++) {
        const [lo, hi] = exhaustive(total, caps, lf);
        const asc = [...caps].sort((a, b) => a - b);
        expect(evenFill(total, asc, lf)).toBeCloseTo(lo, 10);
        expect(greedyFill(total, [...asc].reverse(), lf)).toBeCloseTo(hi, 10);
      }
    }
  });
});
