// Public surface of the pure statistics package (no I/O, no DOM, no Node APIs).
export { summarize, mean, sampleSd, quantile, type Summary } from './descriptive.js';
export { averageRanks, tieSum, type RankResult } from './ranks.js';
export { mannWhitneyU, type MannWhitneyResult, type MannWhitneyOptions } from './mannWhitney.js';
export { kruskalWallis, type KruskalWallisResult } from './kruskalWallis.js';
export {
  spearman,
  spearmanPairwise,
  pearson,
  correlationPValue,
  type CorrelationResult,
} from './spearman.js';
export {
  fisherExact,
  normalizeTable,
  FisherTooLargeError,
  type FisherOptions,
  type FisherResult,
} from './fisher.js';
export { normalTwoSidedP, studentTTwoSidedP, chiSquareUpperP } from './distributions.js';
export { logFactorial } from './logFactorial.js';
export { createRng, shuffleInPlace, type Rng } from './rng.js';
export { sampleHypergeometric, sampleTable, hypergeometricLogPmf } from './hypergeometric.js';
