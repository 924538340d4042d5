// Bounds on Σ log(n_ij!) over all completions of a partially filled table,
// used by Fisher's exact test (fisher.ts) to prune whole subtrees.
//
// The probability of a table with fixed margins is K · Π 1/n_ij!, so a table
// is "no more probable" exactly when S = Σ log n_ij! is *large*. For the cells
// still to be filled we need
//   minS ≤ min S_future   (if past + minS ≥ threshold, every completion counts)
//   maxS ≥ max S_future   (if past + maxS < threshold, no completion counts)
// Both come from relaxations: drop the row constraints and optimise each
// column alone (or drop the column constraints and optimise each row alone);
// a relaxed minimum can only be lower and a relaxed maximum only higher, so
// the bounds are valid, and we keep the tighter of the two relaxations.
//
// Per line the problem is: split `total` into cells 0 ≤ x_i ≤ cap_i,
// optimising Σ lf(x_i) where lf = log-factorial is convex:
//   - minimum: spread as evenly as the caps allow (water-filling);
//   - maximum: fill the largest caps first (exchange argument: moving mass
//     from a smaller to a larger cell never decreases a convex sum).

/** min Σ lf(x_i) s.t. Σx_i = total, 0 ≤ x_i ≤ caps[i] (caps sorted ascending). */
export function evenFill(total: number, capsAsc: ArrayLike<number>, lf: Float64Array): number {
  let left = total;
  let k = capsAsc.length;
  let s = 0;
  for (let i = 0; i < capsAsc.length; i++) {
    // Remaining k cells would each get left/k; if this cap is below that
    // share it is saturated, otherwise all remaining cells get an even share.
    const share = left / k;
    if (capsAsc[i] <= share) {
      s += lf[capsAsc[i]];
      left -= capsAsc[i];
      k--;
    } else {
      const base = Math.floor(share);
      const extra = left - base * k; // this many cells get base + 1
      return s + extra * lf[base + 1] + (k - extra) * lf[base];
    }
  }
  return s; // only reached when total = Σ caps
}

/** max Σ lf(x_i) s.t. Σx_i = total, 0 ≤ x_i ≤ caps[i] (caps sorted descending). */
export function greedyFill(total: number, capsDesc: ArrayLike<number>, lf: Float64Array): number {
  let left = total;
  let s = 0;
  for (let i = 0; i < capsDesc.length && left > 0; i++) {
    const x = Math.min(capsDesc[i], left);
    s += lf[x];
    left -= x;
  }
  return s;
}

/**
 * Bounds for the sub-table with row totals `rows` and column totals `cols`
 * (Σrows = Σcols). Returns [minS, maxS].
 */
export function subtableBounds(
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  lf: Float64Array,
): [number, number] {
  const rAsc = Array.from(rows).sort((a, b) => a - b);
  const cAsc = Array.from(cols).sort((a, b) => a - b);
  const rDesc = [...rAsc].reverse();
  const cDesc = [...cAsc].reverse();
  let minByCol = 0;
  let maxByCol = 0;
  for (const c of cAsc) {
    minByCol += evenFill(c, rAsc, lf);
    maxByCol += greedyFill(c, rDesc, lf);
  }
  let minByRow = 0;
  let maxByRow = 0;
  for (const r of rAsc) {
    minByRow += evenFill(r, cAsc, lf);
    maxByRow += greedyFill(r, cDesc, lf);
  }
  return [Math.max(minByCol, minByRow), Math.min(maxByCol, maxByRow)];
}
