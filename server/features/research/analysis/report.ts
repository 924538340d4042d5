// A format-neutral model of the printed tables (header + rows of strings),
// built once from an AnalysisResult and serialized by renderCsv / renderHtml,
// so the two outputs can never disagree about what a cell says.
import { fmt, fmtP, fmtPct, fmtRho, labelFor, DASH } from './format.js';
import type { AnalysisResult, GroupTest, Table1Variable } from './types.js';

export interface RenderOptions {
  /** Show "NS" instead of ρ for correlations without a significance mark. */
  ns?: boolean;
}

export interface ModelRow {
  /** variable = first row of a characteristic; level / detail = indented sub-rows. */
  kind: 'variable' | 'level' | 'detail';
  label: string;
  cells: string[];
}

export interface TableModel {
  caption: string;
  header: string[];
  /** Position of the row label among the header columns (cells fill the rest, in order). */
  labelColumn: number;
  rows: ModelRow[];
  notes: string[];
}

export interface ReportModel {
  title: string;
  summary: string;
  tables: TableModel[];
  warnings: string[];
  methods: string[];
}

function testCells(v: Table1Variable): string[] {
  const t: GroupTest | null = v.test;
  if (!t) return ['', v.note ? `not tested (${v.note})` : 'not tested', DASH];
  let stat = '';
  if (t.name === 'Mann-Whitney U') stat = `U = ${fmt(t.statistic, 1)}${t.z !== undefined && t.z !== null ? `, z = ${fmt(t.z, 2)}` : ''}`;
  else if (t.name === 'Kruskal-Wallis H') stat = `H = ${fmt(t.statistic, 2)}, df = ${t.df}`;
  else if (t.method === 'monte-carlo') stat = `Monte Carlo, ${t.samples} samples`;
  return [t.name, stat, fmtP(t.p)];
}

function table1Model(r: AnalysisResult): TableModel {
  const t = r.table1;
  const grouped = t.groups.length > 0;
  const header = [
    'Characteristic',
    `Overall (n=${r.n})`,
    ...t.groups.map((g) => `${g} (n=${t.groupN[g]})`),
    ...(grouped ? ['Test', 'Statistic', 'p'] : []),
  ];
  const rows: ModelRow[] = [];
  const blanks = grouped ? ['', '', ''] : [];
  for (const v of t.variables) {
    const all = [v.overall, ...t.groups.map((g) => v.byGroup[g])];
    const test = grouped ? testCells(v) : [];
    if (v.type === 'continuous') {
      const cs = all as (typeof v.overall)[];
      rows.push({ kind: 'variable', label: `${v.label}, mean (SD)`, cells: [...cs.map((s) => `${fmt(s.mean)} (${fmt(s.sd)})`), ...test] });
      rows.push({
        kind: 'detail',
        label: 'median [Q1, Q3]',
        cells: [...cs.map((s) => (s.n ? `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]` : DASH)), ...blanks],
      });
    } else {
      const cs = all as (typeof v.overall)[];
      rows.push({ kind: 'variable', label: `${v.label}, n (%)`, cells: [...cs.map(() => ''), ...test] });
      v.overall.levels.forEach((lv, i) => {
        rows.push({
          kind: 'level',
          label: lv.level,
          cells: [...cs.map((s) => `${s.levels[i].count} (${fmtPct(s.levels[i].pct)})`), ...blanks],
        });
      });
    }
    if (v.overall.missing > 0) {
      rows.push({ kind: 'detail', label: 'missing, n', cells: [...all.map((s) => String(s.missing)), ...blanks] });
    }
  }
  const notes = [
    'Continuous: mean (SD, n-1 denominator) and median [Q1, Q3]; categorical: n (% of non-missing).',
  ];
  if (grouped) {
    notes.push(
      t.groups.length === 2
        ? 'Mann-Whitney U (two-sided, normal approximation with tie and continuity correction; U for the first group) and Fisher\'s exact test (two-sided).'
        : 'Kruskal-Wallis H (tie-corrected, chi-square with k-1 df) and Fisher\'s exact test (two-sided, r x c).',
    );
  }
  if (t.missingGroup > 0) notes.push(`${t.missingGroup} participant(s) with no group are included in Overall only.`);
  return { caption: 'Table 1. Participant characteristics' + (grouped ? ` by ${t.groupColumn}` : ''), header, labelColumn: 0, rows, notes };
}

function table4Model(r: AnalysisResult, ns: boolean): TableModel {
  const t = r.table4;
  const k = t.features.length;
  const rhoOf = new Map(t.correlations.map((c) => [`${c.a}\u0000${c.b}`, c]));
  const outcome = new Map(t.outcome.map((o) => [o.feature, o]));
  const header = [
    '#',
    'Portal feature',
    'n',
    'Mean (SD)',
    `Frequent use (rating >= ${t.frequentThreshold}), n (%)`,
    ...Array.from({ length: Math.max(0, k - 1) }, (_, j) => String(j + 1)),
    ...(t.outcomeColumn ? [`rho with ${labelFor(t.outcomeColumn)}`] : []),
  ];
  const rows: ModelRow[] = t.features.map((f, i) => {
    const tri = Array.from({ length: Math.max(0, k - 1) }, (_, j) => {
      if (j >= i) return '';
      const c = rhoOf.get(`${t.features[j].name}\u0000${f.name}`);
      return c ? fmtRho(c.rho, c.p, ns) : '';
    });
    const o = outcome.get(f.name);
    return {
      kind: 'variable',
      label: f.label,
      cells: [
        String(i + 1),
        String(f.n),
        `${fmt(f.mean, 2)} (${fmt(f.sd, 2)})`,
        `${f.frequentUseN} (${fmtPct(f.frequentUsePct)})`,
        ...tri,
        ...(t.outcomeColumn ? [o ? fmtRho(o.rho, o.p, ns) : DASH] : []),
      ],
    };
  });
  const notes = [
    "Spearman's rho (mid-ranks for ties, pairwise deletion); two-sided p from t with n-2 df. # p < 0.08, * p < 0.05, ** p < 0.01.",
  ];
  if (ns) notes.push('NS: not significant (p >= 0.08).');
  return { caption: 'Table 4. Portal feature use and correlations', header, labelColumn: 1, rows, notes };
}

export function buildReportModel(r: AnalysisResult, options: RenderOptions = {}): ReportModel {
  const groups = r.table1.groups;
  const groupText = groups.length ? `; groups: ${groups.map((g) => `${g} (n=${r.table1.groupN[g]})`).join(', ')}` : '';
  return {
    title: 'Portal use and glycemic control: analysis report',
    summary: `${r.n} participants${groupText}.`,
    tables: [table1Model(r), table4Model(r, options.ns ?? false)],
    warnings: r.warnings,
    methods: r.methods,
  };
}

/** Row cells with the label inserted at the table's label column. */
export function rowInHeaderOrder(t: TableModel, row: ModelRow, label: string): string[] {
  return [...row.cells.slice(0, t.labelColumn), label, ...row.cells.slice(t.labelColumn)];
}
