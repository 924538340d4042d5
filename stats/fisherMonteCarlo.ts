// Monte Carlo fallback for Fisher's exact test when exact enumeration would
// take too long (very large N or many rows and columns).
//
// A random table with the observed margins is drawn by randomly permuting
// the column labels of the N individuals and cutting the permuted sequence
// into consecutive blocks of sizes R_1..R_r; this samples exactly from the
// null (multivariate hypergeometric) distribution. Cost is O(N) per draw.
// p = (1 + #{draws no more probable than observed}) / (B + 1), as in R's
// fisher.test(simulate.p.value = TRUE), which never reports p = 0. The seeded
// RNG makes the result reproducible run to run.
import { createRng, shuffleInPlace } from './rng.js';

export function fisherMonteCarlo(
  R: readonly number[],
  C: readonly number[],
  lf: Float64Array,
  threshold: number,
  samples: number,
  seed: number,
): number {
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`samples must be a positive integer`);
  const rng = createRng(seed);
  const labels: number[] = [];
  C.forEach((count, j) => {
    for (let k = 0; k < count; k++) labels.push(j);
  });
  const c = C.length;
  const counts = new Int32Array(c);
  let hits = 0;
  for (let b = 0; b < samples; b++) {
    shuffleInPlace(labels, rng);
    let s = 0;
    let pos = 0;
    for (const rowTotal of R) {
      counts.fill(0);
      for (let k = 0; k < rowTotal; k++) counts[labels[pos++]]++;
      for (let j = 0; j < c; j++) s += lf[counts[j]];
    }
    if (s >= threshold) hits++;
  }
  return (1 + hits) / (samples + 1);
}
