// Turns raw rows (parsed CSV or records from the database) into typed
// columns, applying the default column roles and rejecting bad values with
// the row and column named. Nothing here computes statistics.
import type { ParsedTable } from './csv.js';
import { AnalysisInputError } from './errors.js';
import type { AnalysisOptions, ResolvedOptions } from './types.js';

export const DEFAULT_FEATURES = [
  'use_lab_results',
  'use_medical_record',
  'use_message_doctor',
  'use_request_appointment',
  'use_billing',
  'use_directory',
  'use_find_doctor',
  'use_pay_bills',
  'use_maps',
  'use_insurance',
];
// Income is collected in brackets, so it is categorical; education is in years.
export const DEFAULT_CATEGORICAL = ['gender', 'race', 'income', 'diabetes_medication'];
export const DEFAULT_CONTINUOUS = ['age', 'education_years', 'diabetes_years', 'portal_duration', 'bmi', 'a1c'];
export const DEFAULT_GROUP = 'group';
export const DEFAULT_OUTCOME = 'a1c';

export type RowRecord = Record<string, string | number | null | undefined>;
export type AnalysisInput = readonly RowRecord[] | ParsedTable;

export interface Dataset {
  n: number;
  options: ResolvedOptions;
  warnings: string[];
  /** Group label per row (null = missing or no grouping). */
  group: (string | null)[];
  /** Continuous, outcome and feature columns as numbers (null = missing). */
  numeric: Map<string, (number | null)[]>;
  /** Categorical columns as trimmed text (null = missing). */
  text: Map<string, (string | null)[]>;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function isParsedTable(input: AnalysisInput): input is ParsedTable {
  return !Array.isArray(input) && typeof input === 'object' && input !== null && 'columns' in input;
}

/** Normalise either input shape into a ParsedTable (records: union of keys). */
export function toTable(input: AnalysisInput): ParsedTable {
  if (isParsedTable(input)) return input;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const rec of input) {
    for (const k of Object.keys(rec)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  const cell = (v: RowRecord[string]) => (v === null || v === undefined ? '' : String(v));
  return { columns, rows: input.map((rec) => columns.map((c) => cell(rec[c]))), lines: [] };
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter((x) => x !== ''))];
}

export function resolveOptions(columns: readonly string[], opts: AnalysisOptions, warnings: string[]): ResolvedOptions {
  const have = new Set(columns);
  const explicit = (option: string, names: readonly string[]): string[] => {
    for (const name of names) {
      if (!have.has(name)) {
        throw new AnalysisInputError(
          'unknown_column',
          `unknown column named in option "${option}"; the data has: ${columns.join(', ')}`,
          { column: name, option },
        );
      }
    }
    return unique(names);
  };
  const byDefault = (kind: string, names: readonly string[]): string[] => {
    const missing = names.filter((n) => !have.has(n));
    if (missing.length) warnings.push(`default ${kind} column(s) not in the data, skipped: ${missing.join(', ')}`);
    return names.filter((n) => have.has(n));
  };
  const single = (option: string, value: string | null | undefined, fallback: string): string | null => {
    if (value === null) return null;
    if (value !== undefined) return explicit(option, [value])[0] ?? null;
    return byDefault(option, [fallback])[0] ?? null;
  };

  const group = single('group', opts.group, DEFAULT_GROUP);
  const outcome = single('outcome', opts.outcome, DEFAULT_OUTCOME);
  const features = opts.features ? explicit('features', opts.features) : byDefault('feature', DEFAULT_FEATURES);
  let categorical = opts.categorical ? explicit('categorical', opts.categorical) : byDefault('categorical', DEFAULT_CATEGORICAL);
  let continuous = opts.continuous ? explicit('continuous', opts.continuous) : byDefault('continuous', DEFAULT_CONTINUOUS);
  // A column named in one flag overrides its default role in the other.
  if (opts.categorical && !opts.continuous) continuous = continuous.filter((c) => !categorical.includes(c));
  if (opts.continuous && !opts.categorical) categorical = categorical.filter((c) => !continuous.includes(c));

  const both = categorical.filter((c) => continuous.includes(c));
  if (both.length) {
    throw new AnalysisInputError('conflicting_columns', 'a column cannot be both categorical and continuous', {
      column: both[0],
    });
  }
  if (group && (categorical.includes(group) || continuous.includes(group))) {
    warnings.push(`the group column "${group}" is not also described as a Table 1 variable`);
    categorical = categorical.filter((c) => c !== group);
    continuous = continuous.filter((c) => c !== group);
  }
  const ratingRange = opts.ratingRange ?? [1, 6];
  const [lo, hi] = ratingRange;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo >= hi) {
    throw new AnalysisInputError('bad_option', `ratingRange must be two integers min < max (got ${lo}, ${hi})`);
  }
  const frequentThreshold = opts.frequentThreshold ?? 4;
  if (!Number.isFinite(frequentThreshold)) throw new AnalysisInputError('bad_option', 'frequentThreshold must be a number');
  return { group, outcome, features, categorical, continuous, ratingRange: [lo, hi], frequentThreshold, inferred: [] };
}

/**
 * Columns whose type was not told (default continuous columns, when
 * --continuous is not given) are typed from the data: if the non-empty values
 * are not all numbers, the column is categorical — unless numbers are the
 * majority, which looks like a numeric column with a few bad cells (a typo, or
 * "NA" for missing): those still stop with "is not a number".
 */
export function inferTypes(options: ResolvedOptions, opts: AnalysisOptions, values: (column: string) => string[], warnings: string[]): ResolvedOptions {
  if (opts.continuous) return options;
  const inferred: string[] = [];
  for (const c of options.continuous) {
    if (c === options.outcome) continue;
    const present = values(c).filter((v) => v !== '');
    const numbers = present.filter((v) => NUMBER.test(v)).length;
    if (numbers === present.length || numbers > present.length / 2) continue;
    inferred.push(c);
    const example = present.find((v) => !NUMBER.test(v)) as string;
    warnings.push(`column "${c}" is described as categorical because its values are not all numbers (e.g. ${JSON.stringify(example)}); name it in --continuous to require numbers`);
  }
  if (!inferred.length) return options;
  return {
    ...options,
    continuous: options.continuous.filter((c) => !inferred.includes(c)),
    categorical: [...options.categorical, ...inferred],
    inferred,
  };
}

export function buildDataset(input: AnalysisInput, opts: AnalysisOptions = {}): Dataset {
  const table = toTable(input);
  const warnings: string[] = [];
  const index = new Map(table.columns.map((c, j) => [c, j]));
  const where = (k: number, column: string) => ({ row: k + 1, line: table.lines[k], column });
  const raw = (k: number, column: string) => (table.rows[k][index.get(column) as number] ?? '').trim();
  const options = inferTypes(resolveOptions(table.columns, opts, warnings), opts, (c) => table.rows.map((_, k) => raw(k, c)), warnings);

  const parseNumber = (k: number, column: string): number | null => {
    const s = raw(k, column);
    if (s === '') return null;
    if (!NUMBER.test(s)) {
      const hint = opts.continuous?.includes(column) || column === options.outcome ? '' : `, or name the column in --categorical`;
      throw new AnalysisInputError('not_a_number', `${JSON.stringify(s)} is not a number (leave the cell empty if missing${hint})`, where(k, column));
    }
    return Number(s);
  };
  const [lo, hi] = options.ratingRange;
  const parseRating = (k: number, column: string): number | null => {
    const s = raw(k, column);
    if (s === '') return null;
    const v = NUMBER.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new AnalysisInputError('bad_rating', `rating ${JSON.stringify(s)} must be a whole number from ${lo} to ${hi}`, where(k, column));
    }
    return v;
  };
  const text = (k: number, column: string): string | null => raw(k, column) || null;

  const n = table.rows.length;
  const rowsOf = <T>(f: (k: number) => T): T[] => Array.from({ length: n }, (_, k) => f(k));
  const numeric = new Map<string, (number | null)[]>();
  for (const c of options.features) numeric.set(c, rowsOf((k) => parseRating(k, c)));
  for (const c of [...options.continuous, ...(options.outcome ? [options.outcome] : [])]) {
    if (!numeric.has(c)) numeric.set(c, rowsOf((k) => parseNumber(k, c)));
  }
  const textCols = new Map<string, (string | null)[]>();
  for (const c of options.categorical) textCols.set(c, rowsOf((k) => text(k, c)));
  const group = options.group ? rowsOf((k) => text(k, options.group as string)) : rowsOf(() => null);
  return { n, options, warnings, group, numeric, text: textCols };
}
