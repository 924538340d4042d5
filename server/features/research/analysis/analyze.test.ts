import { describe, expect, it } from 'vitest';
import { analyze, AnalysisInputError, parseCsv, type RowRecord } from './index.js';
import { sortLevels } from './format.js';

function errorOf(f: () => unknown): AnalysisInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof AnalysisInputError) return e;
    throw e;
  }
  throw new Error('expected an AnalysisInputError');
}

// 8 participants, hand-checkable. Ratings for two features, outcome a1c.
const rows: RowRecord[] = [
  { group: 'A', age: 50, sex: 'F', f1: 1, f2: 2, a1c: 9.0 },
  { group: 'A', age: 60, sex: 'F', f1: 2, f2: 1, a1c: 8.0 },
  { group: 'A', age: 70, sex: 'M', f1: 4, f2: 4, a1c: 7.0 },
  { group: 'A', age: 40, sex: 'F', f1: 5, f2: '', a1c: 6.5 },
  { group: 'B', age: 30, sex: 'M', f1: 6, f2: 6, a1c: 6.0 },
  { group: 'B', age: 35, sex: 'M', f1: 3, f2: 5, a1c: null },
  { group: 'B', age: '', sex: 'M', f1: 4, f2: 3, a1c: 7.5 },
  { group: '', age: 45, sex: '', f1: 2, f2: 2, a1c: 8.5 },
];
const opts = { features: ['f1', 'f2'], categorical: ['sex'], continuous: ['age'] };

describe('analyze: Table 1', () => {
  const r = analyze(rows, opts);

  it('describes groups, counting rows without a group in Overall only', () => {
    expect(r.n).toBe(8);
    expect(r.table1.groups).toEqual(['A', 'B']);
    expect(r.table1.groupN).toEqual({ A: 4, B: 3 });
    expect(r.table1.missingGroup).toBe(1);
  });

  it('summarises a continuous variable with missing values', () => {
    const age = r.table1.variables.find((v) => v.name === 'age')!;
    expect(age.type).toBe('continuous');
    // overall: 50 60 70 40 30 35 45 → mean 330/7
    expect(age.overall).toMatchObject({ n: 7, missing: 1 });
    expect((age.overall as { mean: number }).mean).toBeCloseTo(330 / 7, 12);
    // group A: 50 60 70 40 → mean 55, SD √(500/3)
    const a = age.byGroup.A as { mean: number; sd: number; median: number };
    expect(a.mean).toBe(55);
    expect(a.sd).toBeCloseTo(Math.sqrt(500 / 3), 12);
    expect(a.median).toBe(55);
    // A = 40 50 60 70 vs B = 30 35: every A value is larger → U = 4·2 = 8
    expect(age.test).toMatchObject({ name: 'Mann-Whitney U', statistic: 8 });
  });

  it('counts categorical levels as % of non-missing, with Fisher across groups', () => {
    const sex = r.table1.variables.find((v) => v.name === 'sex')!;
    expect(sex.type).toBe('categorical');
    const overall = sex.overall as { n: number; missing: number; levels: { level: string; count: number; pct: number }[] };
    expect(overall.n).toBe(7);
    expect(overall.missing).toBe(1);
    expect(overall.levels.map((l) => [l.level, l.count])).toEqual([['F', 3], ['M', 4]]);
    expect(overall.levels[0].pct).toBeCloseTo((300 / 7), 10);
    // A: F 3, M 1; B: F 0, M 3. Tables with margins (F 3, M 4; A 4, B 3):
    // F in A = 0..3 with probabilities C(4,x)C(3,3−x)/C(7,3) = 1,12,18,4 /35.
    // Observed x = 3 (p = 4/35); no more probable: x = 0 (1/35) and x = 3 → p = 5/35.
    expect(sex.test?.p).toBeCloseTo(5 / 35, 12);
  });
});

describe('analyze: Table 4', () => {
  const r = analyze(rows, opts);

  it('summarises ratings and frequent use (>= 4) among non-missing answers', () => {
    const [f1, f2] = r.table4.features;
    expect(f1).toMatchObject({ name: 'f1', n: 8, missing: 0, frequentUseN: 4 });
    expect(f1.frequentUsePct).toBe(50);
    expect(f1.counts).toEqual([1, 2, 1, 2, 1, 1]);
    expect(f2).toMatchObject({ n: 7, missing: 1, frequentUseN: 3 });
    expect(f2.frequentUsePct).toBeCloseTo(300 / 7, 10);
  });

  it('correlates with pairwise deletion and marks significance', () => {
    expect(r.table4.correlations).toHaveLength(1);
    expect(r.table4.correlations[0]).toMatchObject({ a: 'f1', b: 'f2', n: 7 });
    const out = r.table4.outcome.find((o) => o.feature === 'f1')!;
    expect(out.n).toBe(7); // a1c missing for one row
    expect(out.rho!).toBeLessThan(-0.8);
    expect(out.mark).toBe(out.p! < 0.01 ? '**' : out.p! < 0.05 ? '*' : out.p! < 0.08 ? '#' : '');
  });
});

describe('analyze: groups and options', () => {
  it('uses Kruskal–Wallis for three groups and no test for one', () => {
    const three = rows.map((row, i) => ({ ...row, group: ['x', 'y', 'z'][i % 3] }));
    const r3 = analyze(three, opts);
    expect(r3.table1.variables[0].test).toMatchObject({ name: 'Kruskal-Wallis H', df: 2 });
    const r1 = analyze(rows.map((row) => ({ ...row, group: 'only' })), opts);
    expect(r1.table1.variables.every((v) => v.test === null)).toBe(true);
    const none = analyze(rows, { ...opts, group: null });
    expect(none.table1.groups).toEqual([]);
  });

  it('names the option and column for unknown columns', () => {
    const e = errorOf(() => analyze(rows, { ...opts, features: ['f1', 'nope'] }));
    expect(e.code).toBe('unknown_column');
    expect(e.column).toBe('nope');
    expect(e.option).toBe('features');
    expect(errorOf(() => analyze(rows, { ...opts, categorical: ['age'] })).code).toBe('conflicting_columns');
  });

  it('warns about default columns missing from the data', () => {
    const r = analyze(parseCsv('group,use_maps,a1c\nA,3,7\nB,5,8\n'));
    expect(r.options.features).toEqual(['use_maps']);
    expect(r.warnings.join(' ')).toMatch(/use_lab_results/);
  });

  it('rejects bad values with row and column', () => {
    const bad = (patch: RowRecord) => errorOf(() => analyze([...rows.slice(0, 2), { ...rows[2], ...patch }], opts));
    expect(bad({ age: 'seventy' }).message).toMatch(/row 3, column "age": "seventy" is not a number/);
    expect(bad({ f2: 7 })).toMatchObject({ code: 'bad_rating', row: 3, column: 'f2' });
    expect(bad({ f1: 2.5 })).toMatchObject({ code: 'bad_rating', row: 3, column: 'f1' });
    expect(bad({ a1c: 'NaN' }).code).toBe('not_a_number');
  });

  it('orders bracket levels numerically unless told otherwise', () => {
    expect(sortLevels(['>=$100,000', '$20,000-$49,999', '<$20,000', '$50,000-$99,999'])).toEqual([
      '<$20,000',
      '$20,000-$49,999',
      '$50,000-$99,999',
      '>=$100,000',
    ]);
    expect(sortLevels(['White', 'Black', 'Asian'])).toEqual(['Asian', 'Black', 'White']);
    expect(sortLevels(['b', 'a', 'c'], ['c'])).toEqual(['c', 'a', 'b']);
    const r = analyze(rows, { ...opts, levelOrder: { sex: ['M'] } });
    const sex = r.table1.variables.find((v) => v.name === 'sex')!.overall as { levels: { level: string }[] };
    expect(sex.levels.map((l) => l.level)).toEqual(['M', 'F']);
  });
});

describe('significanceMark', () => {
  it('uses the study thresholds # < 0.08, * < 0.05, ** < 0.01', async () => {
    const { significanceMark } = await import('./format.js');
    expect([0.2, 0.08, 0.0799, 0.05, 0.0499, 0.01, 0.0099, null].map(significanceMark)).toEqual([
      '', '', '#', '#', '*', '*', '**', '',
    ]);
  });
});
