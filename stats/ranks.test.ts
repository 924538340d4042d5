import { describe, expect, it } from 'vitest';
import { averageRanks, tieSum } from './ranks.js';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    // sorted: 10 (1), 20 20 (2,3 → 2.5), 30 (4)
    expect(averageRanks([30, 20, 10, 20])).toEqual({ ranks: [4, 2.5, 1, 2.5], tieSizes: [2] });
  });
  it('handles all-equal and single values', () => {
    expect(averageRanks([7, 7, 7])).toEqual({ ranks: [2, 2, 2], tieSizes: [3] });
    expect(averageRanks([1])).toEqual({ ranks: [1], tieSizes: [] });
    expect(averageRanks([])).toEqual({ ranks: [], tieSizes: [] });
  });
  it('ranks always sum to n(n+1)/2', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const sum = averageRanks(xs).ranks.reduce((a, b) => a + b, 0);
    expect(sum).toBe((11 * 12) / 2);
  });
  it('computes Σ(t³ − t)', () => {
    expect(tieSum([2, 3])).toBe(6 + 24);
  });
  it('rejects NaN', () => {
    expect(() => averageRanks([1, NaN])).toThrow(RangeError);
  });
});
