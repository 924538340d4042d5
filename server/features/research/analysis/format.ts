// Number formatting and significance marks shared by the CSV and HTML
// renderers (and by Table 4, which stores the marks in the JSON).
import type { SignificanceMark } from './types.js';

/** The study's marks: # p < 0.08, * p < 0.05, ** p < 0.01. */
export function significanceMark(p: number | null): SignificanceMark {
  if (p === null) return '';
  if (p < 0.01) return '**';
  if (p < 0.05) return '*';
  if (p < 0.08) return '#';
  return '';
}

export const DASH = '—';

export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s; // no "-0.0"
}

/** p-values: 3 decimals, "<0.001" below that. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined) return DASH;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function fmtPct(p: number | null): string {
  return p === null ? DASH : `${p.toFixed(1)}%`;
}

/** Correlation cell: ρ to 2 decimals plus mark, or "NS" when asked and unmarked. */
export function fmtRho(rho: number | null, p: number | null, ns: boolean): string {
  if (rho === null) return DASH;
  const mark = significanceMark(p);
  if (ns && mark === '') return 'NS';
  return `${fmt(rho, 2)}${mark}`;
}

const LABELS: Record<string, string> = {
  use_lab_results: 'View lab results',
  use_medical_record: 'View medical record',
  use_message_doctor: 'Message the doctor',
  use_request_appointment: 'Request appointments',
  use_billing: 'View billing',
  use_directory: 'Clinic directory',
  use_find_doctor: 'Find a doctor',
  use_pay_bills: 'Pay bills',
  use_maps: 'Maps and directions',
  use_insurance: 'Insurance information',
  a1c: 'HbA1c (%)',
  bmi: 'BMI (kg/m2)',
  age: 'Age (years)',
  education_years: 'Education (years)',
  diabetes_years: 'Diabetes duration (years)',
  portal_duration: 'Portal use duration',
  diabetes_medication: 'Diabetes medication',
};

/** Human label for a column: known study names, else "snake_case" → "Snake case". */
export function labelFor(column: string): string {
  if (Object.hasOwn(LABELS, column)) return LABELS[column];
  const words = column.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : column;
}

/** Locale-independent, numeric-aware ordering for levels and group names. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
export function compareLabels(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Sort key for bracket-like levels ("<$20,000", "$20,000-$49,999",
 * ">=$100,000", "65+"): the first number, nudged down for "<"/"under" and up
 * for ">"/"≥"/"+"/"or more". null when the label has no number.
 */
function bracketKey(label: string): number | null {
  if (/^\s*(never|none|no time|not yet)\s*$/i.test(label)) return -Infinity;
  const m = /\d[\d,]*(?:\.\d+)?/.exec(label);
  if (!m) return null;
  const v = Number(m[0].replace(/,/g, ''));
  const before = label.slice(0, m.index);
  const after = label.slice(m.index + m[0].length);
  // Durations: "<3 months", "1-3 years", ">3 years" compare in one unit (the
  // first unit word after the number, so "1-3 years" is 1 year).
  const unit = /\b(day|week|month|year|yr|mo|wk)s?\b/i.exec(after)?.[1].toLowerCase();
  const scale = unit ? UNIT_DAYS[unit] : 1;
  const nudge = 0.5 * scale * (unit ? 0.01 : 1);
  if (/(<|≤|less than|under|below|up to)\s*=?\s*\$?\s*$/i.test(before)) return v * scale - nudge;
  if (/(>|≥|more than|over|above|at least)\s*=?\s*\$?\s*$/i.test(before) || /^\s*(\+|or more|and (over|above))/i.test(after.replace(/^\s*[a-z]+/i, (w) => (unit ? '' : w)))) {
    return v * scale + nudge;
  }
  return v * scale;
}

const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, wk: 7, month: 30.4375, mo: 30.4375, year: 365.25, yr: 365.25 };

/** Word scales whose order is recognisable (lower case, lowest first). */
const ORDINAL_SCALES: readonly (readonly string[])[] = [
  ['never', 'rarely', 'sometimes', 'often', 'very often', 'always'],
  ['never', 'less than monthly', 'monthly', 'weekly', 'daily'],
  ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'],
  ['strongly disagree', 'disagree', 'neither agree nor disagree', 'agree', 'strongly agree'],
  ['poor', 'fair', 'good', 'very good', 'excellent'],
  ['none', 'low', 'medium', 'high'],
  ['none', 'low', 'moderate', 'high'],
  ['none', 'mild', 'moderate', 'severe'],
  ['very low', 'low', 'medium', 'high', 'very high'],
  ['not at all', 'a little', 'somewhat', 'quite a bit', 'very much'],
  ['less than high school', 'high school', 'some college', 'college', 'graduate'],
];

function ordinalOrder(levels: readonly string[]): string[] | null {
  const lower = levels.map((l) => l.trim().toLowerCase());
  const scale = ORDINAL_SCALES.find((s) => lower.every((l) => s.includes(l)));
  if (!scale) return null;
  return [...levels].sort((a, b) => scale.indexOf(a.trim().toLowerCase()) - scale.indexOf(b.trim().toLowerCase()));
}

/**
 * Report order for the levels of a categorical variable: an explicit order
 * first (if given), then — when every level contains a number — numeric
 * bracket order, otherwise numeric-aware alphabetical order.
 */
export function sortLevels(levels: readonly string[], explicit: readonly string[] = []): string[] {
  const listed = explicit.filter((l) => levels.includes(l));
  const rest = levels.filter((l) => !listed.includes(l));
  const ordinal = rest.length > 1 ? ordinalOrder(rest) : null;
  if (ordinal) return [...listed, ...ordinal];
  const keys = new Map(rest.map((l) => [l, bracketKey(l)]));
  const numeric = rest.every((l) => keys.get(l) !== null) && rest.some((l) => Number.isFinite(keys.get(l)));
  rest.sort((a, b) => (numeric ? Math.sign((keys.get(a) as number) - (keys.get(b) as number)) || 0 : 0) || compareLabels(a, b));
  return [...listed, ...rest];
}
