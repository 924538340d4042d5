// Table 1: participant characteristics overall and by group, with one
// between-group test per variable:
//   continuous, 2 groups  → Mann–Whitney U (normal approx., ties, continuity)
//   continuous, 3+ groups → Kruskal–Wallis H (tie-corrected, χ² with k−1 df)
//   categorical, 2+ groups → Fisher's exact test on the level × group table
// Rank-based tests because ages, durations and BMI in a sample of ~54 are
// rarely normal; Fisher because expected counts are small for race/income.
// Rows with an empty group cell count in "Overall" but in no group or test.
import {
  fisherExact,
  kruskalWallis,
  mannWhitneyU,
  summarize,
  type FisherOptions,
} from '../../../../stats/index.js';
import type { Dataset } from './dataset.js';
import { compareLabels, labelFor, sortLevels } from './format.js';
import type {
  CategoricalSummary,
  CategoricalVariable,
  ContinuousSummary,
  ContinuousVariable,
  GroupTest,
  Table1,
} from './types.js';

function continuousSummary(values: readonly (number | null)[]): ContinuousSummary {
  const present = values.filter((v): v is number => v !== null);
  return { ...summarize(present), missing: values.length - present.length };
}

function categoricalSummary(values: readonly (string | null)[], levels: readonly string[]): CategoricalSummary {
  const present = values.filter((v): v is string => v !== null);
  const n = present.length;
  return {
    n,
    missing: values.length - n,
    levels: levels.map((level) => {
      const count = present.filter((v) => v === level).length;
      return { level, count, pct: n ? (100 * count) / n : null };
    }),
  };
}

/** Row indices per group label. */
function groupIndex(ds: Dataset, groups: readonly string[]): Map<string, number[]> {
  const idx = new Map(groups.map((g) => [g, [] as number[]]));
  ds.group.forEach((g, k) => {
    if (g !== null) idx.get(g)?.push(k);
  });
  return idx;
}

type TestOutcome = { test: GroupTest | null; note?: string };

function continuousTest(samples: number[][]): TestOutcome {
  if (samples.length < 2) return { test: null, note: 'only one group' };
  if (samples.filter((s) => s.length > 0).length < 2) return { test: null, note: 'fewer than two groups have data' };
  if (samples.length === 2) {
    const r = mannWhitneyU(samples[0], samples[1]);
    return {
      test: { name: 'Mann-Whitney U', statistic: r.u, z: r.z, p: r.p },
      note: r.p === null ? 'all values are equal' : undefined,
    };
  }
  const r = kruskalWallis(samples);
  return {
    test: { name: 'Kruskal-Wallis H', statistic: r.h, df: r.df, p: r.p },
    note: r.p === null ? 'all values are equal' : undefined,
  };
}

function categoricalTest(
  values: readonly (string | null)[],
  groupRows: number[][],
  levels: readonly string[],
  fisher: FisherOptions | undefined,
): TestOutcome {
  if (groupRows.length < 2) return { test: null, note: 'only one group' };
  // levels × groups contingency table over rows with both cells present
  const table = levels.map((level) => groupRows.map((rows) => rows.filter((k) => values[k] === level).length));
  const r = fisherExact(table, fisher);
  if (r.rows < 2 || r.cols < 2) {
    return { test: null, note: 'fewer than two levels or groups observed' };
  }
  const test: GroupTest = { name: "Fisher's exact", statistic: null, p: r.p, method: r.method };
  if (r.method === 'monte-carlo') test.samples = r.work;
  return { test };
}

export function buildTable1(ds: Dataset, fisher?: FisherOptions, levelOrder: Record<string, string[]> = {}): Table1 {
  const groups = [...new Set(ds.group.filter((g): g is string => g !== null))].sort(compareLabels);
  const idx = groupIndex(ds, groups);
  const groupRows = groups.map((g) => idx.get(g) as number[]);
  const byGroup = <T>(f: (rows: number[]) => T): Record<string, T> =>
    Object.fromEntries(groups.map((g, i) => [g, f(groupRows[i])]));

  const variables: Table1['variables'] = [];
  for (const name of ds.options.continuous) {
    const values = ds.numeric.get(name) as (number | null)[];
    const samples = groupRows.map((rows) => rows.map((k) => values[k]).filter((v): v is number => v !== null));
    const { test, note } = continuousTest(samples);
    const v: ContinuousVariable = {
      name,
      label: labelFor(name),
      type: 'continuous',
      overall: continuousSummary(values),
      byGroup: byGroup((rows) => continuousSummary(rows.map((k) => values[k]))),
      test,
    };
    if (note) v.note = note;
    variables.push(v);
  }
  for (const name of ds.options.categorical) {
    const values = ds.text.get(name) as (string | null)[];
    const observed = [...new Set(values.filter((v): v is string => v !== null))];
    const levels = sortLevels(observed, Object.hasOwn(levelOrder, name) ? levelOrder[name] : []);
    const { test, note } = categoricalTest(values, groupRows, levels, fisher);
    const v: CategoricalVariable = {
      name,
      label: labelFor(name),
      type: 'categorical',
      overall: categoricalSummary(values, levels),
      byGroup: byGroup((rows) => categoricalSummary(rows.map((k) => values[k]), levels)),
      test,
    };
    if (note) v.note = note;
    variables.push(v);
  }
  return {
    groupColumn: ds.options.group,
    groups,
    groupN: byGroup((rows) => rows.length),
    missingGroup: ds.options.group ? ds.group.filter((g) => g === null).length : 0,
    variables,
  };
}
