// Kruskal–Wallis H test for k ≥ 2 independent samples (the k-group analogue
// of Mann–Whitney), used by Table 1 when the grouping column has 3+ levels.
//
// H = [12 / (N(N+1)) · Σ R_i²/n_i − 3(N+1)] / [1 − Σ(t³−t)/(N³−N)]
// referred to χ² with k−1 df. The denominator is the tie correction; without
// it H is biased low when many values are tied (e.g. integer ratings).
// Empty groups are dropped before counting k, as R's kruskal.test does.
import { chiSquareUpperP } from './distributions.js';
import { averageRanks, tieSum } from './ranks.js';

export interface KruskalWallisResult {
  /** Tie-corrected H; null when all observations are tied. */
  h: number | null;
  /** Degrees of freedom: (number of non-empty groups) − 1. */
  df: number;
  p: number | null;
  n: number;
  groupSizes: number[];
  rankSums: number[];
}

export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalWallisResult {
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length < 2) {
    throw new RangeError(`Kruskal–Wallis needs at least 2 non-empty groups (got ${nonEmpty.length})`);
  }
  const pooled: number[] = [];
  const groupSizes = nonEmpty.map((g) => g.length);
  for (const g of nonEmpty) pooled.push(...g);
  const N = pooled.length;
  const { ranks, tieSizes } = averageRanks(pooled);

  const rankSums: number[] = [];
  let offset = 0;
  for (const size of groupSizes) {
    let s = 0;
    for (let i = offset; i < offset + size; i++) s += ranks[i];
    rankSums.push(s);
    offset += size;
  }

  const df = nonEmpty.length - 1;
  const correction = 1 - tieSum(tieSizes) / (N * N * N - N);
  if (!(correction > 0)) return { h: null, df, p: null, n: N, groupSizes, rankSums };

  let sum = 0;
  for (let i = 0; i < rankSums.length; i++) sum += (rankSums[i] * rankSums[i]) / groupSizes[i];
  const h0 = (12 / (N * (N + 1))) * sum - 3 * (N + 1);
  // Clamp tiny negative rounding residue (H is a sum of squares, so ≥ 0).
  const h = Math.max(0, h0 / correction);
  return { h, df, p: chiSquareUpperP(h, df), n: N, groupSizes, rankSums };
}
