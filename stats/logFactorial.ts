// log(n!) via a cumulative table of logs. Fisher's test multiplies and divides
// factorials of counts up to N; N! overflows a double at N = 171, so every
// probability is handled as a sum of log-factorials instead.
//
// A cumulative sum (rather than lgamma) is exact enough here (relative error
// ~1e-14 for N in the thousands) and guarantees that two tables made of the
// same cell counts in a different order get *bit-identical-enough* scores,
// which matters when deciding "no more probable than observed".

const table: number[] = [0];

/** log(n!) for a non-negative integer n. */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs an integer >= 0 (got ${n})`);
  while (table.length <= n) {
    const k = table.length;
    table.push(table[k - 1] + Math.log(k));
  }
  return table[n];
}

/** Float64Array t with t[k] = log(k!) for k = 0..n (fast indexed access). */
export function logFactorialTable(n: number): Float64Array {
  logFactorial(n);
  return Float64Array.from(table.slice(0, n + 1));
}
