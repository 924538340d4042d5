// Ranking with ties. Mann–Whitney, Kruskal–Wallis and Spearman all rank the
// pooled data and give tied values the average of the ranks they span
// ("mid-ranks"); the tie sizes feed the variance corrections.

export interface RankResult {
  /** ranks[i] is the 1-based mid-rank of values[i]. */
  ranks: number[];
  /** Size of every tie group with more than one member. */
  tieSizes: number[];
}

export function averageRanks(values: readonly number[]): RankResult {
  const n = values.length;
  for (const v of values) {
    if (Number.isNaN(v)) throw new RangeError('cannot rank NaN');
  }
  const small = smallIntegerRanks(values);
  if (small) return small;
  // Sort a typed copy (numeric, no comparator: much faster than sorting
  // indices with a callback), then give each run of equal values its
  // mid-rank and look every value up by binary search. The ranks are the
  // same numbers as an index sort gives: positions i..j-1 (0-based) of
  // equal values get (i+1+j)/2.
  const sorted = Float64Array.from(values).sort();
  const keys: number[] = [];
  const mids: number[] = [];
  const tieSizes: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    keys.push(sorted[i]);
    mids.push((i + 1 + j) / 2);
    if (j - i > 1) tieSizes.push(j - i);
    i = j;
  }
  const ranks = new Array<number>(n);
  const m = keys.length;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[k] = mids[lo];
  }
  return { ranks, tieSizes };
}

/**
 * Counting-sort ranks when every value is an integer in a narrow range (the
 * 1–6 ratings): O(n) instead of a sort. Equal values form one bucket whose
 * positions start..end-1 get (start+1+end)/2, so the ranks and tie sizes
 * are exactly those of the sorting path. Returns null otherwise.
 */
function smallIntegerRanks(values: readonly number[]): RankResult | null {
  const n = values.length;
  if (n === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    if (max - min > 4096) return null;
  }
  const counts = new Float64Array(max - min + 1);
  for (let k = 0; k < n; k++) counts[values[k] - min]++;
  const mid = new Float64Array(counts.length);
  const tieSizes: number[] = [];
  let start = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b];
    if (c === 0) continue;
    mid[b] = (start + 1 + start + c) / 2;
    if (c > 1) tieSizes.push(c);
    start += c;
  }
  const ranks = new Array<number>(n);
  for (let k = 0; k < n; k++) ranks[k] = mid[values[k] - min];
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups — the common numerator of tie corrections. */
export function tieSum(tieSizes: readonly number[]): number {
  let s = 0;
  for (const t of tieSizes) s += t * t * t - t;
  return s;
}
