// Exact enumeration for Fisher's r×c test, organised as a network
// (after Mehta & Patel, 1983), which is what keeps 5×4 tables with n ≈ 60
// in the millisecond-to-second range where naive enumeration of every table
// would visit hundreds of millions of tables.
//
// Stage j fills column j. A node is the multiset of remaining row totals
// before stage j: row order does not matter for the future (permuting rows
// maps completions one-to-one with the same probabilities), so rows are
// kept sorted and many partial tables collapse into one node. Each node
// carries the distinct "past" scores (Σ log n_ij! of filled cells) that
// reach it, with multiplicities, so shared futures are enumerated once.
//
// At a node, bounds on the future score (fisherBounds.ts) settle most pasts
// at once: either no completion is as improbable as observed, or all are
// (their total mass is known in closed form). At the last free column the
// future is a plain list of scores, sorted once per node so each past needs
// only a binary search.
import { subtableBounds } from './fisherBounds.js';

export class BudgetExceeded extends Error {}

interface Node {
  rem: number[];
  /** rounded past score → [past score, multiplicity] */
  pasts: Map<number, [number, number]>;
}

const pastKey = (s: number): number => Math.round(s * 1e9);

function addPast(node: Node, s: number, w: number): void {
  const k = pastKey(s);
  const e = node.pasts.get(k);
  if (e) e[1] += w;
  else node.pasts.set(k, [s, w]);
}

/** Calls visit(x, Σ lf x_i) for every vector x with Σx = total, 0 ≤ x_i ≤ caps_i. */
function forEachSplit(
  total: number,
  caps: readonly number[],
  lf: Float64Array,
  visit: (x: number[], s: number) => void,
): void {
  const r = caps.length;
  const capAfter = new Array<number>(r + 1).fill(0);
  for (let i = r - 1; i >= 0; i--) capAfter[i] = capAfter[i + 1] + caps[i];
  const x = new Array<number>(r).fill(0);
  const rec = (i: number, left: number, s: number): void => {
    if (i === r - 1) {
      x[i] = left;
      visit(x, s + lf[left]);
      return;
    }
    const hi = Math.min(caps[i], left);
    for (let v = Math.max(0, left - capAfter[i + 1]); v <= hi; v++) {
      x[i] = v;
      rec(i + 1, left - v, s + lf[v]);
    }
  };
  if (total <= capAfter[0]) rec(0, total, 0);
}

/**
 * Σ P(table) over tables with row totals R, column totals C and score
 * S = Σ log n_ij! ≥ threshold, where P = exp(K − S). Needs ≥ 2 columns.
 */
export function networkEnumerate(
  R: readonly number[],
  C: readonly number[],
  lf: Float64Array,
  K: number,
  threshold: number,
  maxWork: number,
): { p: number; work: number } {
  const c = C.length;
  const colSuffixLf = new Float64Array(c + 1);
  for (let j = c - 1; j >= 0; j--) colSuffixLf[j] = colSuffixLf[j + 1] + lf[C[j]];
  let p = 0;
  let work = 0;
  const spend = (units: number): void => {
    work += units;
    if (work > maxWork) throw new BudgetExceeded();
  };

  const start: Node = { rem: [...R].sort((a, b) => a - b), pasts: new Map() };
  addPast(start, 0, 1);
  let level = new Map<string | number, Node>([[start.rem.join(','), start]]);

  for (let j = 0; j <= c - 2; j++) {
    const next = new Map<string | number, Node>();
    const bounds = stageBounds(level, C.slice(j), lf);
    // Budget look-ahead: the work this stage will spend is known before any
    // split is made (1 per node, plus splits × live pasts, or splits + live
    // pasts at the last free column). When even a lower bound of it exceeds
    // what is left, the enumeration below would throw BudgetExceeded part-way
    // through the stage; throw now instead. Same outcome, far less time for
    // tables with N in the thousands (live portal data).
    if (work + stageWorkLowerBound(level, bounds, C[j], threshold, j === c - 2) > maxWork) throw new BudgetExceeded();
    let nodeIndex = 0;
    for (const node of level.values()) {
      spend(1);
      const { rem } = node;
      const [minS, maxS] = bounds[nodeIndex++];
      let m = 0;
      let remLf = 0;
      for (const v of rem) {
        m += v;
        remLf += lf[v];
      }
      // log of Σ over all completions of Π 1/n! (multivariate hypergeometric identity)
      const logAll = lf[m] - remLf - colSuffixLf[j];
      const live: [number, number][] = [];
      for (const [s, w] of node.pasts.values()) {
        if (s + maxS < threshold) continue; // every completion more probable
        if (s + minS >= threshold) p += w * Math.exp(K - s + logAll); // all count
        else live.push([s, w]);
      }
      if (live.length === 0) continue;

      if (j === c - 2) {
        // Column j decides the table: the score of the future is
        // Σ lf(x_i) + Σ lf(rem_i − x_i), independent of the past.
        const scores: number[] = [];
        forEachSplit(C[j], rem, lf, (x, sx) => {
          let s = sx;
          for (let i = 0; i < x.length; i++) s += lf[rem[i] - x[i]];
          scores.push(s);
        });
        spend(scores.length + live.length);
        scores.sort((a, b) => a - b);
        const sMin = scores[0];
        // tail[k] = Σ_{k' ≥ k} exp(−(scores[k'] − sMin)), scaled to avoid underflow
        const tail = new Float64Array(scores.length + 1);
        for (let k = scores.length - 1; k >= 0; k--) tail[k] = tail[k + 1] + Math.exp(sMin - scores[k]);
        for (const [s, w] of live) {
          const need = threshold - s;
          let lo = 0;
          let hi = scores.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (scores[mid] >= need) hi = mid;
            else lo = mid + 1;
          }
          p += w * Math.exp(K - s - sMin) * tail[lo];
        }
        continue;
      }

      // Hot loop (tables with N in the thousands): the child's sorted
      // remaining totals go into a reused buffer and, while they fit, are
      // keyed by one number instead of a joined string; the node array is
      // only allocated for a new node. Same nodes, same order, same sums.
      const r = rem.length;
      const buf = new Array<number>(r);
      const numericKey = Math.pow(m + 1, r) < Number.MAX_SAFE_INTEGER;
      forEachSplit(C[j], rem, lf, (x, sx) => {
        spend(live.length);
        for (let i = 0; i < r; i++) {
          // insertion sort into buf (r is small)
          const v = rem[i] - x[i];
          let k = i;
          while (k > 0 && buf[k - 1] > v) {
            buf[k] = buf[k - 1];
            k--;
          }
          buf[k] = v;
        }
        let key: string | number;
        if (numericKey) {
          key = 0;
          for (let i = 0; i < r; i++) key = key * (m + 1) + buf[i];
        } else key = buf.join(',');
        let child = next.get(key);
        if (!child) {
          child = { rem: buf.slice(), pasts: new Map() };
          next.set(key, child);
        }
        for (let k = 0; k < live.length; k++) addPast(child, live[k][0] + sx, live[k][1]);
      });
    }
    level = next;
  }
  return { p, work };
}

function stageBounds(level: Map<string | number, Node>, cols: readonly number[], lf: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (const node of level.values()) out.push(subtableBounds(node.rem, cols, lf));
  return out;
}

/**
 * A lower bound on the work units networkEnumerate spends in one stage: per
 * node 1, plus (when some past is still undecided) splits × live pasts, or
 * splits + live pasts at the last free column. The number of splits of
 * `total` over the rows is exact for two rows and bounded below by 1 (a
 * split always exists: Σ rem ≥ total) for more.
 */
function stageWorkLowerBound(
  level: Map<string | number, Node>,
  bounds: readonly [number, number][],
  total: number,
  threshold: number,
  last: boolean,
): number {
  let units = 0;
  let k = 0;
  for (const node of level.values()) {
    const [minS, maxS] = bounds[k++];
    units += 1;
    let live = 0;
    for (const [s] of node.pasts.values()) if (!(s + maxS < threshold) && !(s + minS >= threshold)) live++;
    if (live === 0) continue;
    const { rem } = node;
    const splits = rem.length === 2 ? Math.min(rem[0], total) - Math.max(0, total - rem[1]) + 1 : 1;
    units += last ? splits + live : splits * live;
  }
  return units;
}
