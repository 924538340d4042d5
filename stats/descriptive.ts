// Descriptive statistics for Table 1 / Table 4. All functions take finite
// numbers only (missing values are removed by the caller, so that "n" always
// means "non-missing n").

export interface Summary {
  n: number;
  mean: number | null;
  /** Sample standard deviation (denominator n − 1); null when n < 2. */
  sd: number | null;
  median: number | null;
  /** 25th / 75th percentiles, R's default quantile type 7. */
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

function assertFinite(values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`non-finite value ${v}`);
  }
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // Two-pass (mean of deviations) keeps error small for values like 7.1, 7.2 …
  let s = 0;
  for (const v of values) s += v;
  const m0 = s / values.length;
  let c = 0;
  for (const v of values) c += v - m0;
  return m0 + c / values.length;
}

export function sampleSd(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values) as number;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

/** Quantile by linear interpolation between order statistics (R type 7). */
export function quantile(sorted: readonly number[], prob: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (prob < 0 || prob > 1) throw new RangeError(`prob must be in [0,1] (got ${prob})`);
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarize(values: readonly number[]): Summary {
  assertFinite(values);
  // A typed numeric sort (no comparator) is several times faster on 100k values; same order.
  const sorted = Array.from(Float64Array.from(values).sort());
  const n = sorted.length;
  return {
    n,
    mean: mean(sorted),
    sd: sampleSd(sorted),
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: n ? sorted[0] : null,
    max: n ? sorted[n - 1] : null,
  };
}
