// Mann–Whitney U (Wilcoxon rank-sum) test, two-sided, normal approximation.
//
// Why the normal approximation (not the exact distribution): Table 1 compares
// groups of ~15 vs ~39 with many ties (integer ages, years), where the exact
// null distribution is no longer the textbook one. The tie-corrected normal
// approximation with continuity correction is what the study's software (and
// R's wilcox.test(correct = TRUE, exact = FALSE)) reports; we match R exactly,
// including its continuity correction sign(U − n1n2/2)·0.5.
import { normalTwoSidedP } from './distributions.js';
import { averageRanks, tieSum } from './ranks.js';

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U for the first sample = R1 − n1(n1+1)/2 (R's "W"). */
  u: number;
  /** U for the second sample; u + u2 = n1·n2. */
  u2: number;
  /** Rank sum of the first sample. */
  rankSum1: number;
  /** Standardized statistic after tie and continuity correction; null if undefined. */
  z: number | null;
  /** Two-sided p; null when every observation is tied (variance 0). */
  p: number | null;
}

export interface MannWhitneyOptions {
  /** Apply the ±0.5 continuity correction (default true). */
  continuity?: boolean;
}

export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) {
    throw new RangeError(`Mann–Whitney needs two non-empty samples (got ${n1} and ${n2})`);
  }
  const pooled = [...x, ...y];
  const { ranks, tieSizes } = averageRanks(pooled);
  let rankSum1 = 0;
  for (let i = 0; i < n1; i++) rankSum1 += ranks[i];
  const u = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u;

  const N = n1 + n2;
  // Var(U) under H0 with ties: n1n2/12 · [(N+1) − Σ(t³−t) / (N(N−1))]
  const variance = ((n1 * n2) / 12) * (N + 1 - tieSum(tieSizes) / (N * (N - 1)));
  if (!(variance > 0)) return { n1, n2, u, u2, rankSum1, z: null, p: null };

  const diff = u - (n1 * n2) / 2;
  const correction = options.continuity === false ? 0 : Math.sign(diff) * 0.5;
  const z = (diff - correction) / Math.sqrt(variance);
  return { n1, n2, u, u2, rankSum1, z, p: normalTwoSidedP(z) };
}
