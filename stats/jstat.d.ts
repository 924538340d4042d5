// Minimal type declarations for the parts of jstat (1.9, CommonJS, no bundled
// types) that Portico uses. Keep this list short: every function declared here
// must be exercised by a test in stats/distributions.test.ts.
declare module 'jstat' {
  interface JStatStatic {
    normal: { cdf(x: number, mean: number, std: number): number };
    studentt: { cdf(x: number, dof: number): number };
    chisquare: { cdf(x: number, dof: number): number };
    /** Regularized incomplete beta I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** log Γ(x). */
    gammaln(x: number): number;
  }
  const jStat: JStatStatic;
  export { jStat };
  export default jStat;
}
