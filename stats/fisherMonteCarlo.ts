// Monte Carlo fallback for Fisher's exact test when exact enumeration would
// take too long (many rows and columns, or N in the thousands).
//
// Random tables with the observed margins are drawn exactly from the null
// (multivariate hypergeometric) distribution by hypergeometric.ts, at a cost
// of roughly r·c·√N per table. As in R's fisher.test(simulate.p.value =
// TRUE), p = (1 + #{draws no more probable than observed}) / (B + 1), which
// never reports p = 0. The seeded RNG makes the result reproducible.
import { sampleTable } from './hypergeometric.js';
import { createRng } from './rng.js';

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
  const table = R.map(() => new Array<number>(C.length).fill(0));
  let hits = 0;
  for (let b = 0; b < samples; b++) {
    sampleTable(R, C, rng, table);
    let s = 0;
    for (const row of table) for (const v of row) s += lf[v];
    if (s >= threshold) hits++;
  }
  return (1 + hits) / (samples + 1);
}
