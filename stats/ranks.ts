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
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(n);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // positions i..j-1 (0-based) hold equal values: ranks i+1..j, mean (i+1+j)/2
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    if (j - i > 1) tieSizes.push(j - i);
    i = j;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups — the common numerator of tie corrections. */
export function tieSum(tieSizes: readonly number[]): number {
  let s = 0;
  for (const t of tieSizes) s += t * t * t - t;
  return s;
}
