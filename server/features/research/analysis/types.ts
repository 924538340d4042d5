// Shapes of the analysis options and of the result (the JSON the CLI prints
// and the server can return). Numbers are raw (unrounded); rendering rounds.
import type { FisherOptions } from '../../../../stats/index.js';

export interface AnalysisOptions {
  /** Grouping column (default "group"); null = one group, no tests. */
  group?: string | null;
  /** Outcome correlated with each feature in Table 4 (default "a1c"); null = none. */
  outcome?: string | null;
  /** Portal-feature rating columns (default: the ten use_* columns). */
  features?: string[];
  categorical?: string[];
  continuous?: string[];
  /** Ratings must be integers in [min, max] (default 1–6). */
  ratingRange?: [number, number];
  /** "Frequent use" = rating ≥ this (default 4). */
  frequentThreshold?: number;
  /** Report order of categorical levels per column (unlisted levels follow). */
  levelOrder?: Record<string, string[]>;
  /** Passed to Fisher's exact test (budget, Monte Carlo fallback seed). */
  fisher?: FisherOptions;
}

/** The options after defaults are applied and checked against the data. */
export interface ResolvedOptions {
  group: string | null;
  outcome: string | null;
  features: string[];
  categorical: string[];
  continuous: string[];
  ratingRange: [number, number];
  frequentThreshold: number;
  /** Default continuous columns found to be categorical from their values. */
  inferred: string[];
}

export interface ContinuousSummary {
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

export interface LevelCount {
  level: string;
  count: number;
  /** Percentage of non-missing values in this column (0–100); null if n = 0. */
  pct: number | null;
}

export interface CategoricalSummary {
  n: number;
  missing: number;
  levels: LevelCount[];
}

export type TestName = 'Mann-Whitney U' | 'Kruskal-Wallis H' | "Fisher's exact";

export interface GroupTest {
  name: TestName;
  /** U (first group), H, or null for Fisher (no statistic). */
  statistic: number | null;
  p: number | null;
  /** Mann–Whitney: tie- and continuity-corrected z. */
  z?: number | null;
  /** Kruskal–Wallis: degrees of freedom. */
  df?: number;
  /** Fisher: exact enumeration or seeded Monte Carlo estimate. */
  method?: 'exact' | 'monte-carlo';
  /** Monte Carlo replicates, when method = 'monte-carlo'. */
  samples?: number;
}

interface VariableBase {
  name: string;
  label: string;
  /** Why there is no test, when test is null. */
  note?: string;
}

export interface ContinuousVariable extends VariableBase {
  type: 'continuous';
  overall: ContinuousSummary;
  byGroup: Record<string, ContinuousSummary>;
  test: GroupTest | null;
}

export interface CategoricalVariable extends VariableBase {
  type: 'categorical';
  overall: CategoricalSummary;
  byGroup: Record<string, CategoricalSummary>;
  test: GroupTest | null;
}

export type Table1Variable = ContinuousVariable | CategoricalVariable;

export interface Table1 {
  groupColumn: string | null;
  /** Group labels in report order (sorted). */
  groups: string[];
  groupN: Record<string, number>;
  /** Rows whose group cell is empty: counted in "overall" only. */
  missingGroup: number;
  variables: Table1Variable[];
}

/** '' | '#' (p < 0.08) | '*' (p < 0.05) | '**' (p < 0.01) */
export type SignificanceMark = '' | '#' | '*' | '**';

export interface FeatureSummary {
  name: string;
  label: string;
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  frequentUseN: number;
  frequentUsePct: number | null;
  /** counts[k] = number of participants answering ratingRange[0] + k. */
  counts: number[];
}

export interface Correlation {
  a: string;
  b: string;
  rho: number | null;
  p: number | null;
  n: number;
  mark: SignificanceMark;
}

export interface OutcomeCorrelation {
  feature: string;
  rho: number | null;
  p: number | null;
  n: number;
  mark: SignificanceMark;
}

export interface Table4 {
  /** Outcome column (e.g. "a1c"), or null when no outcome is analysed. */
  outcomeColumn: string | null;
  frequentThreshold: number;
  features: FeatureSummary[];
  /** Every unordered pair of features, in feature order (a before b). */
  correlations: Correlation[];
  /** Each feature against the outcome column. */
  outcome: OutcomeCorrelation[];
}

export interface AnalysisResult {
  /** Participants (data rows) analysed. */
  n: number;
  options: ResolvedOptions;
  /** Non-fatal notes, e.g. a default column absent from the data. */
  warnings: string[];
  table1: Table1;
  table4: Table4;
  methods: string[];
}
