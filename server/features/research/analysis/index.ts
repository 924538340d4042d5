// Analysis engine for the portal-use study: Table 1 (characteristics by
// group, with tests) and Table 4 (feature use and Spearman correlations).
// Pure: no file, network or database access, so the CLI, the server (on live
// data) and tests all call the same functions.
import { buildDataset, type AnalysisInput } from './dataset.js';
import { buildTable1 } from './table1.js';
import { buildTable4 } from './table4.js';
import type { AnalysisOptions, AnalysisResult } from './types.js';

export { parseCsv, parseCsvRecords, toCsv, csvField, type ParsedTable, type CsvOptions } from './csv.js';
export { renderCsv } from './renderCsv.js';
export { renderHtml, escapeHtml } from './renderHtml.js';
export type { RenderOptions } from './report.js';
export { AnalysisInputError, CsvParseError, type AnalysisErrorCode } from './errors.js';
export { significanceMark } from './format.js';
export { syntheticStudyCsv } from './synthetic.js';
export {
  DEFAULT_CATEGORICAL,
  DEFAULT_CONTINUOUS,
  DEFAULT_FEATURES,
  DEFAULT_GROUP,
  DEFAULT_OUTCOME,
  type AnalysisInput,
  type RowRecord,
} from './dataset.js';
export type * from './types.js';

const METHODS = [
  'Continuous characteristics: n, mean, sample SD (n-1), median and quartiles (R type 7); missing cells are excluded.',
  'Categorical characteristics: count and percentage of non-missing values per level.',
  'Two groups: Mann-Whitney U, two-sided, normal approximation with tie correction and continuity correction (as R wilcox.test(exact = FALSE)); U is reported for the first group.',
  'Three or more groups: Kruskal-Wallis H, tie-corrected, chi-square with k-1 df.',
  "Categorical by group: Fisher's exact test, two-sided; p sums all tables with the same margins no more probable than the observed one (relative tolerance 1e-7); r x c tables by network enumeration, with a seeded Monte Carlo estimate only when enumeration exceeds its budget.",
  "Feature use: ratings 1-6; frequent use = rating >= 4, as a percentage of non-missing answers.",
  "Spearman's rho between every pair of features and between each feature and the outcome: Pearson correlation of mid-ranks, pairwise deletion, two-sided p from t = rho*sqrt((n-2)/(1-rho^2)) with n-2 df.",
  'Marks: # p < 0.08, * p < 0.05, ** p < 0.01.',
];

/**
 * Run the full analysis on parsed CSV or on records (e.g. rows from the
 * database). Throws AnalysisInputError for unknown columns or bad values.
 */
export function analyze(input: AnalysisInput, options: AnalysisOptions = {}): AnalysisResult {
  const ds = buildDataset(input, options);
  const methods = METHODS.map((m) =>
    m.replace('ratings 1-6', `ratings ${ds.options.ratingRange[0]}-${ds.options.ratingRange[1]}`)
      .replace('rating >= 4', `rating >= ${ds.options.frequentThreshold}`),
  );
  return {
    n: ds.n,
    options: ds.options,
    warnings: ds.warnings,
    table1: buildTable1(ds, options.fisher, options.levelOrder),
    table4: buildTable4(ds),
    methods,
  };
}
