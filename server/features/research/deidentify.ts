// De-identified cohort export (CSV): no names, MRNs, record ids or full dates. Each export gets fresh random
// study ids (so two exports cannot be joined on them), rows in random order, dates reduced to the year,
// and ages over 89 grouped as "90+" (HIPAA Safe Harbor). Survey answers are coded values from fixed lists.
import { randomBytes, randomInt } from 'node:crypto';
import { toCsv } from './analysis/index';
import type { Dataset } from './participants';
import { FEATURE_IDS } from './questionnaire';

export const AGE_TOP = 90;

export function deidentifiedAge(age: number | null | undefined): string {
  if (age === null || age === undefined) return '';
  return age >= AGE_TOP ? `${AGE_TOP}+` : String(age);
}

function studyIds(n: number): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(`S-${randomBytes(5).toString('hex').toUpperCase()}`);
  return [...seen];
}

function shuffled<T>(xs: readonly T[]): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The CSV text. `source` says whether use_* columns are survey ratings or measured use (then counts are added). */
export function deidentifiedCsv(ds: Dataset, source: 'survey' | 'measured'): string {
  const counts = source === 'measured';
  const header = [
    'study_id', 'age', 'gender', 'race', 'education_years', 'income', 'diabetes_years', 'portal_duration', 'diabetes_medication',
    'bmi', ds.outcomeColumn, `${ds.outcomeColumn}_year`, 'survey_year', ...FEATURE_IDS,
    ...(counts ? FEATURE_IDS.map((f) => `${f}_events`) : []),
  ];
  const people = shuffled(ds.participants);
  const ids = studyIds(people.length);
  const rows = people.map((p, k) => {
    const r = p.row;
    return [
      ids[k], deidentifiedAge(r.age as number | null), cell(r.gender), cell(r.race), cell(r.education_years), cell(r.income),
      cell(r.diabetes_years), cell(r.portal_duration), cell(r.diabetes_medication), cell(r.bmi), cell(r[ds.outcomeColumn]),
      cell(p.outcomeYear), cell(p.surveyYear), ...FEATURE_IDS.map((f) => cell(r[f])),
      ...(counts ? FEATURE_IDS.map((f) => cell(p.counts?.[f])) : []),
    ];
  });
  return toCsv([header, ...rows]);
}
