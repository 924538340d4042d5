// Turns a cohort into the analysis engine's participant rows: demographics (age from the record, the rest
// from the survey), portal-feature use (survey ratings, or measured use from the audit trail binned to 1–6)
// and the outcome (most recent result of a LOINC code, HbA1c by default). Rows carry no identifiers;
// patient ids stay on the server side of this module's result.
import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import type { AnalysisOptions, RowRecord } from './analysis/index';
import { fromQuestionnaireResponse, type Answers } from './answers';
import { cohortMembers, type Cohort } from './cohort';
import { countToRating, measuredUseCounts } from './measured-use';
import { FEATURE_IDS, type FeatureId } from './questionnaire';
import * as repo from './repository';

export const A1C = '4548-4';
export const BMI = '39156-5';
export const GROUPS = ['none', 'gender', 'age_group', 'diabetes_medication'] as const;
export type GroupChoice = (typeof GROUPS)[number];

export type DatasetParams = {
  cohort: Cohort; source: 'survey' | 'measured'; campaignId: string | null; windowDays: number; outcome: string; group: GroupChoice;
};

export type Participant = {
  patientId: string;
  row: RowRecord;
  /** Raw event counts per feature (measured use only). */
  counts: Record<FeatureId, number> | null;
  outcomeYear: number | null;
  surveyYear: number | null;
};

export type Dataset = {
  cohortSize: number;
  participants: Participant[];
  outcomeColumn: string;
  outcome: { code: string; display: string | null; unit: string | null };
  options: AnalysisOptions;
};

const CATEGORICAL = ['gender', 'race', 'income', 'diabetes_medication'];
const capitalize = (s: string | null) => (s ? s[0].toUpperCase() + s.slice(1) : null);

function groupOf(choice: GroupChoice, row: RowRecord): string | null {
  if (choice === 'age_group') return typeof row.age === 'number' ? (row.age < 65 ? 'Under 65' : '65 and older') : null;
  if (choice === 'none') return null;
  const v = row[choice];
  return v === null || v === undefined ? null : String(v);
}

export async function buildDataset(q: Queryable, actor: Actor, p: DatasetParams): Promise<Dataset> {
  const members = await cohortMembers(q, actor, p.cohort);
  const outcomeColumn = p.outcome === A1C ? 'a1c' : 'outcome';
  let answers = new Map<string, { a: Answers; at: Date }>();
  let chosen = members;
  let counts: Awaited<ReturnType<typeof measuredUseCounts>> | null = null;

  if (p.source === 'survey') {
    const rows = p.campaignId ? await repo.completedResponses(q, actor, p.campaignId) : [];
    answers = new Map(rows.map((r) => [r.patient_id, { a: fromQuestionnaireResponse(r.resource), at: r.submitted_at }]));
    chosen = members.filter((m) => answers.has(m.id));
  } else {
    const ids = members.map((m) => m.id);
    const rows = await repo.latestCompletedResponses(q, actor, ids);
    answers = new Map(rows.map((r) => [r.patient_id, { a: fromQuestionnaireResponse(r.resource), at: r.submitted_at }]));
    counts = await measuredUseCounts(q, ids, p.windowDays);
  }

  const ids = chosen.map((m) => m.id);
  const [outcomes, bmis] = await Promise.all([repo.latestObservations(q, ids, p.outcome), repo.latestObservations(q, ids, BMI)]);
  const outcomeBy = new Map(outcomes.map((o) => [o.patient_id, o]));
  const bmiBy = new Map(bmis.map((o) => [o.patient_id, o.value_num]));

  const participants: Participant[] = chosen.map((m) => {
    const s = answers.get(m.id);
    const a = s?.a ?? {};
    const o = outcomeBy.get(m.id);
    const row: RowRecord = {
      age: m.age,
      gender: (a.gender as string | undefined) ?? capitalize(m.sex),
      race: a.race ?? null, education_years: a.education_years ?? null, income: a.income ?? null,
      diabetes_years: a.diabetes_years ?? null, portal_duration: a.portal_duration ?? null,
      diabetes_medication: a.diabetes_medication ?? null,
      bmi: bmiBy.has(m.id) ? Math.round(bmiBy.get(m.id)! * 10) / 10 : null,
      [outcomeColumn]: o ? o.value_num : null,
    };
    const c = counts?.get(m.id) ?? null;
    for (const f of FEATURE_IDS) row[f] = c ? countToRating(c[f], p.windowDays) : ((a[f] as number | undefined) ?? null);
    if (p.group !== 'none') row.group = groupOf(p.group, row);
    return { patientId: m.id, row, counts: c, outcomeYear: o ? o.effective_at.getUTCFullYear() : null, surveyYear: s ? s.at.getUTCFullYear() : null };
  });

  const options: AnalysisOptions = {
    group: p.group === 'none' ? null : 'group',
    outcome: outcomeColumn,
    features: FEATURE_IDS,
    categorical: CATEGORICAL.filter((c) => c !== p.group),
    continuous: ['age', 'education_years', 'diabetes_years', 'portal_duration', 'bmi', outcomeColumn],
    // Small cohorts: keep Fisher's r×c exact enumeration quick on the request path.
    fisher: { maxWork: 2e5, samples: 20_000 },
  };
  const first = outcomes[0];
  return {
    cohortSize: members.length, participants, outcomeColumn, options,
    outcome: { code: p.outcome, display: first?.display ?? null, unit: first?.unit ?? null },
  };
}
