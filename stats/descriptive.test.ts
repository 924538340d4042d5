import { describe, expect, it } from 'vitest';
import { mean, quantile, sampleSd, summarize } from './descriptive.js';

describe('descriptive statistics', () => {
  it('computes mean and sample SD (n − 1)', () => {
    // Σ = 40, mean 5; Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32; SD = √(32/7)
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(sampleSd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
  it('returns null where undefined', () => {
    expect(mean([])).toBeNull();
    expect(sampleSd([3])).toBeNull();
    expect(summarize([]).median).toBeNull();
  });
  it('uses R type-7 quantiles', () => {
    // R: quantile(1:10, c(.25, .5, .75)) → 3.25 5.50 7.75
    const s = summarize([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect([s.q1, s.median, s.q3]).toEqual([3.25, 5.5, 7.75]);
    expect(quantile([1, 2, 3], 0.5)).toBe(2);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
  });
  it('rejects non-finite input', () => {
    expect(() => summarize([1, NaN])).toThrow(RangeError);
    expect(() => quantile([1], 2)).toThrow(RangeError);
  });
});
