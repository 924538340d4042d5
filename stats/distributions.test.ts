import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { chiSquareUpperP, normalTwoSidedP, studentTTwoSidedP } from './distributions.js';

// Closed-form Student t CDFs (independent of jstat):
//   df=1 (Cauchy): F(t) = 1/2 + atan(t)/π
//   df=2:          F(t) = 1/2 + t / (2√(2+t²))
//   df=3:          F(t) = 1/2 + [ (t/√3)/(1+t²/3) + atan(t/√3) ] / π
const tCdf: Record<number, (t: number) => number> = {
  1: (t) => 0.5 + Math.atan(t) / Math.PI,
  2: (t) => 0.5 + t / (2 * Math.sqrt(2 + t * t)),
  3: (t) => 0.5 + ((t / Math.sqrt(3)) / (1 + (t * t) / 3) + Math.atan(t / Math.sqrt(3))) / Math.PI,
};

describe('normalTwoSidedP', () => {
  it('gives the familiar 5% and 1% critical values', () => {
    expect(normalTwoSidedP(1.959963985)).toBeCloseTo(0.05, 8);
    expect(normalTwoSidedP(-2.575829304)).toBeCloseTo(0.01, 8);
    expect(normalTwoSidedP(0)).toBe(1);
  });
  it('keeps precision far in the tail', () => {
    // 2·Φ(−5) = 5.733031e-7 and 2·Φ(−6) = 1.973175e-9 (tables); computing
    // 2·(1 − Φ(z)) instead would keep only ~9 and ~7 significant digits.
    expect(normalTwoSidedP(5) / 5.733031437583878e-7).toBeCloseTo(1, 8);
    expect(normalTwoSidedP(6) / 1.973175290075e-9).toBeCloseTo(1, 6);
  });
});

describe('studentTTwoSidedP', () => {
  it.each([1, 2, 3])('matches the closed-form CDF for df=%i', (df) => {
    for (const t of [0.1, 0.7, 1.5, 2.3094, 4, 12.7]) {
      const expected = 2 * (1 - tCdf[df](t));
      // jstat's incomplete beta is accurate to ~1e-8 absolute
      expect(studentTTwoSidedP(t, df)).toBeCloseTo(expected, 7);
      expect(studentTTwoSidedP(-t, df)).toBe(studentTTwoSidedP(t, df));
    }
  });
  it('agrees with jStat.studentt.cdf for moderate t and larger df', () => {
    for (const df of [5, 20, 52]) {
      for (const t of [0.5, 1.96, 2.1]) {
        expect(studentTTwoSidedP(t, df)).toBeCloseTo(2 * jStat.studentt.cdf(-t, df), 7);
      }
    }
  });
  it('handles t = 0 and infinite t', () => {
    expect(studentTTwoSidedP(0, 10)).toBe(1);
    expect(studentTTwoSidedP(Infinity, 10)).toBe(0);
    expect(studentTTwoSidedP(-Infinity, 10)).toBe(0);
    expect(() => studentTTwoSidedP(1, 0)).toThrow(RangeError);
  });
});

describe('chiSquareUpperP', () => {
  it('matches exp(−x/2) for 2 df', () => {
    for (const x of [0.5, 3, 7.2, 13.8]) expect(chiSquareUpperP(x, 2)).toBeCloseTo(Math.exp(-x / 2), 10);
  });
  it('matches the two-sided normal p for 1 df (χ²₁ = Z²)', () => {
    for (const z of [0.3, 1.2, 2.5]) expect(chiSquareUpperP(z * z, 1)).toBeCloseTo(normalTwoSidedP(z), 9);
  });
  it('gives 1 at x ≤ 0', () => {
    expect(chiSquareUpperP(0, 3)).toBe(1);
  });
  it('uses jstat gammaln consistently (sanity: Γ(5) = 24)', () => {
    expect(Math.exp(jStat.gammaln(5))).toBeCloseTo(24, 9);
  });
});
