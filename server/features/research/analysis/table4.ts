// Table 4: portal-feature use. Per feature: n, mean (SD) of the 1–6 rating
// and the share reporting frequent use (rating ≥ threshold, of non-missing);
// Spearman's ρ for every pair of features and between each feature and the
// outcome (HbA1c), with mid-ranks for ties, pairwise deletion of missing
// values (each pair uses every participant who answered both), and the
// two-sided t-approximation p with n − 2 df, as in the study.
import { spearmanPairwise, summarize } from '../../../../stats/index.js';
import type { Dataset } from './dataset.js';
import { labelFor, significanceMark } from './format.js';
import type { Correlation, FeatureSummary, OutcomeCorrelation, Table4 } from './types.js';

function featureSummary(name: string, values: readonly (number | null)[], ds: Dataset): FeatureSummary {
  const present = values.filter((v): v is number => v !== null);
  const s = summarize(present);
  const [lo, hi] = ds.options.ratingRange;
  const counts = Array.from({ length: hi - lo + 1 }, (_, k) => present.filter((v) => v === lo + k).length);
  const frequentUseN = present.filter((v) => v >= ds.options.frequentThreshold).length;
  return {
    name,
    label: labelFor(name),
    n: s.n,
    missing: values.length - s.n,
    mean: s.mean,
    sd: s.sd,
    median: s.median,
    frequentUseN,
    frequentUsePct: s.n ? (100 * frequentUseN) / s.n : null,
    counts,
  };
}

export function buildTable4(ds: Dataset): Table4 {
  const { features, outcome } = ds.options;
  const col = (name: string) => ds.numeric.get(name) as (number | null)[];

  const correlations: Correlation[] = [];
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      const r = spearmanPairwise(col(features[i]), col(features[j]));
      correlations.push({ a: features[i], b: features[j], rho: r.rho, p: r.p, n: r.n, mark: significanceMark(r.p) });
    }
  }
  const outcomeRows: OutcomeCorrelation[] = outcome
    ? features.map((f) => {
        const r = spearmanPairwise(col(f), col(outcome));
        return { feature: f, rho: r.rho, p: r.p, n: r.n, mark: significanceMark(r.p) };
      })
    : [];

  return {
    outcomeColumn: outcome,
    frequentThreshold: ds.options.frequentThreshold,
    features: features.map((f) => featureSummary(f, col(f), ds)),
    correlations,
    outcome: outcomeRows,
  };
}
