// Tail probabilities for the reference distributions used by the tests in
// this folder. jstat supplies the special functions; this module only decides
// *which tail* to ask for, because naive `1 - cdf(x)` loses all precision for
// small p-values (catastrophic cancellation near 1).
import jStat from 'jstat';

/** Two-sided p for a standard-normal statistic: 2·Φ(−|z|). */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('z is NaN');
  return Math.min(1, 2 * jStat.normal.cdf(-Math.abs(z), 0, 1));
}

/**
 * Two-sided p for Student's t with `df` degrees of freedom.
 *
 * Uses the identity P(|T| ≥ t) = I_{df/(df+t²)}(df/2, 1/2) instead of
 * jStat.studentt.cdf, whose argument (x + √(x²+df)) / (2√(x²+df)) cancels
 * badly for large negative x. Infinite |t| (e.g. Spearman ρ = ±1) gives 0.
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) throw new RangeError('t is NaN');
  if (!(df > 0)) throw new RangeError(`df must be > 0 (got ${df})`);
  if (!Number.isFinite(t)) return 0;
  if (t === 0) return 1;
  const p = jStat.ibeta(df / (df + t * t), df / 2, 0.5);
  return Math.min(1, Math.max(0, p));
}

/** Upper-tail p for a chi-square statistic: P(X ≥ x), X ~ χ²(df). */
export function chiSquareUpperP(x: number, df: number): number {
  if (Number.isNaN(x)) throw new RangeError('x is NaN');
  if (!(df > 0)) throw new RangeError(`df must be > 0 (got ${df})`);
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  // lowRegGamma is accurate to ~1e-15 absolute, so p below ~1e-12 is only
  // approximate; that is far beyond what a Table 1 reports.
  return Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(x, df)));
}
