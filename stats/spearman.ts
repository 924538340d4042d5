// Spearman's rank correlation ρ with a t-approximation p-value.
//
// ρ is computed as Pearson's r on mid-ranks, which is the correct definition
// when there are ties (the shortcut 1 − 6Σd²/(n(n²−1)) is only valid without
// ties, and 1–6 ratings are almost all ties). The p-value uses
// t = ρ·√((n−2)/(1−ρ²)) with n−2 df, as the study (and R's cor.test with
// exact = FALSE) does.
import { studentTTwoSidedP } from './distributions.js';
import { averageRanks } from './ranks.js';

export interface CorrelationResult {
  /** Number of complete pairs used. */
  n: number;
  /** null when either variable is constant among the complete pairs or n < 2. */
  rho: number | null;
  /** t statistic; ±Infinity when |ρ| = 1; null when rho is null or n < 3. */
  t: number | null;
  /** Two-sided p; 0 when |ρ| = 1 (t → ∞); null when n < 3 or rho is null. */
  p: number | null;
}

/** Pearson's product-moment correlation; null if either variance is zero. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError('x and y differ in length');
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Clamp rounding overshoot so |r| ≤ 1 holds exactly.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** p-value for a correlation coefficient via t with n−2 df. */
export function correlationPValue(rho: number, n: number): { t: number | null; p: number | null } {
  if (n < 3) return { t: null, p: null };
  if (Math.abs(rho) >= 1) return { t: rho > 0 ? Infinity : -Infinity, p: 0 };
  const t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
  return { t, p: studentTTwoSidedP(t, n - 2) };
}

/** Spearman's ρ on complete data (no missing values). */
export function spearman(x: readonly number[], y: readonly number[]): CorrelationResult {
  if (x.length !== y.length) throw new RangeError('x and y differ in length');
  const n = x.length;
  const rho = pearson(averageRanks(x).ranks, averageRanks(y).ranks);
  if (rho === null) return { n, rho: null, t: null, p: null };
  return { n, rho, ...correlationPValue(rho, n) };
}

/**
 * Spearman's ρ with pairwise deletion: a pair is used only when both values
 * are present (non-null, finite). Ranks are computed on the complete pairs
 * only, so each pair of variables may have its own n.
 */
export function spearmanPairwise(
  x: readonly (number | null)[],
  y: readonly (number | null)[],
): CorrelationResult {
  if (x.length !== y.length) throw new RangeError('x and y differ in length');
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    xs.push(a);
    ys.push(b);
  }
  return spearman(xs, ys);
}
