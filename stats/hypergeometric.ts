// Exact sampling from the hypergeometric distribution, used to draw random
// contingency tables with fixed margins for the Monte Carlo Fisher test.
//
// X = number of "successes" in n draws without replacement from a population
// of M items of which K are successes. We sample by inversion, walking
// outwards from the mode and using the pmf ratio recurrences, so the
// expected cost is O(standard deviation) ≈ O(√n) steps instead of the O(n)
// of simulating every draw; this keeps Monte Carlo fast for N in the
// thousands (live portal data), where shuffling all N labels was not.
import { logFactorial } from './logFactorial.js';
import type { Rng } from './rng.js';

const lchoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/** log P(X = x) for X ~ Hypergeometric(M, K, n). */
export function hypergeometricLogPmf(x: number, M: number, K: number, n: number): number {
  if (x < Math.max(0, n - (M - K)) || x > Math.min(n, K)) return -Infinity;
  return lchoose(K, x) + lchoose(M - K, n - x) - lchoose(M, n);
}

export function sampleHypergeometric(M: number, K: number, n: number, rng: Rng): number {
  if (!(Number.isInteger(M) && Number.isInteger(K) && Number.isInteger(n)) || K < 0 || n < 0 || K > M || n > M) {
    throw new RangeError(`invalid hypergeometric parameters M=${M}, K=${K}, n=${n}`);
  }
  const lo = Math.max(0, n - (M - K));
  const hi = Math.min(n, K);
  if (lo === hi) return lo;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (K + 1)) / (M + 2))));
  const pMode = Math.exp(hypergeometricLogPmf(mode, M, K, n));
  let u = rng.next() - pMode;
  if (u < 0) return mode;
  // Alternate one step up and one step down from the mode, updating each
  // side's probability with its ratio recurrence, until u is used up.
  let up = mode;
  let down = mode;
  let pUp = pMode;
  let pDown = pMode;
  while (up < hi || down > lo) {
    if (up < hi) {
      // P(x+1)/P(x) = (K−x)(n−x) / ((x+1)(M−K−n+x+1))
      pUp *= ((K - up) * (n - up)) / ((up + 1) * (M - K - n + up + 1));
      up++;
      u -= pUp;
      if (u < 0) return up;
    }
    if (down > lo) {
      // P(x−1)/P(x) = x(M−K−n+x) / ((K−x+1)(n−x+1))
      pDown *= (down * (M - K - n + down)) / ((K - down + 1) * (n - down + 1));
      down--;
      u -= pDown;
      if (u < 0) return down;
    }
  }
  // Only reachable through rounding (Σ pmf slightly below 1): return the mode.
  return mode;
}

/**
 * A random r×c table with row totals R and column totals C under
 * independence (the null distribution of Fisher's test), filled column by
 * column: each column is a multivariate hypergeometric draw, itself a chain
 * of univariate draws row by row.
 */
export function sampleTable(R: readonly number[], C: readonly number[], rng: Rng, out: number[][]): void {
  const rem = R.slice();
  let population = rem.reduce((a, b) => a + b, 0);
  for (let j = 0; j < C.length; j++) {
    let need = C[j];
    let pop = population;
    for (let i = 0; i < rem.length; i++) {
      const x = i === rem.length - 1 || j === C.length - 1 ? Math.min(rem[i], need) : sampleHypergeometric(pop, rem[i], need, rng);
      out[i][j] = x;
      pop -= rem[i];
      rem[i] -= x;
      need -= x;
    }
    population -= C[j];
  }
}
