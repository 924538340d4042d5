// API shapes for research: campaigns (staff), surveys (patients) and the dashboard's analysis.
import { z } from 'zod';
import type { AnalysisResult } from './analysis/index';
import { fromQuestionnaireResponse } from './answers';
import { Cohort, describeCohort } from './cohort';
import { RATING_BINS, USE_RULES } from './measured-use';
import type { Dataset, DatasetParams } from './participants';
import { ALL_ITEMS, FEATURE_IDS, FREQUENCY, PORTAL_USE_QUESTIONNAIRE } from './questionnaire';
import type { CampaignRow, PatientSurveyRow, ResponseRow } from './repository';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const CampaignOut = z.object({
  id: z.string(), title: z.string(), cohort: Cohort, cohortText: z.string(), status: z.enum(['open', 'closed']),
  openedBy: z.string(), opensAt: z.string(), closesAt: z.string().nullable(), closedAt: z.string().nullable(),
  invited: z.number(), inProgress: z.number(), completed: z.number(),
});
export function presentCampaign(r: CampaignRow): z.infer<typeof CampaignOut> {
  return {
    id: r.id, title: r.title, cohort: r.cohort, cohortText: describeCohort(r.cohort), status: r.status, openedBy: r.opened_by_name,
    opensAt: iso(r.opens_at)!, closesAt: iso(r.closes_at), closedAt: iso(r.closed_at),
    invited: r.invited, inProgress: r.in_progress, completed: r.completed,
  };
}

export const PatientSurveyOut = z.object({
  id: z.string(), title: z.string(), closesAt: z.string().nullable(), status: z.enum(['not-started', 'in-progress', 'completed']),
});
export function presentPatientSurvey(r: PatientSurveyRow): z.infer<typeof PatientSurveyOut> {
  return { id: r.id, title: r.title, closesAt: iso(r.closes_at), status: r.response_status ?? 'not-started' };
}

const Question = z.object({
  linkId: z.string(), text: z.string(), kind: z.enum(['rating', 'choice', 'integer', 'decimal']),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(), min: z.number().optional(), max: z.number().optional(), unit: z.string().optional(),
});
/** The questionnaire in the simple form the web form renders (the FHIR resource is included for reference). */
export const QuestionnaireOut = z.object({ title: z.string(), featureQuestions: z.array(Question), aboutYou: z.array(Question), fhir: z.unknown() });
export function presentQuestionnaire(): z.infer<typeof QuestionnaireOut> {
  const q = ALL_ITEMS.map((i) => (i.kind === 'rating'
    ? { linkId: i.linkId, text: i.text, kind: i.kind, options: FREQUENCY.map(([v, label]) => ({ value: v, label })) }
    : i.kind === 'choice'
      ? { linkId: i.linkId, text: i.text, kind: i.kind, options: i.options.map((o) => ({ value: o, label: o })) }
      : { linkId: i.linkId, text: i.text, kind: i.kind, min: i.min, max: i.max, unit: i.unit }));
  return { title: PORTAL_USE_QUESTIONNAIRE.title!, featureQuestions: q.filter((x) => x.kind === 'rating'), aboutYou: q.filter((x) => x.kind !== 'rating'), fhir: PORTAL_USE_QUESTIONNAIRE };
}

export const ResponseOut = z.object({
  status: z.enum(['not-started', 'in-progress', 'completed']), answers: z.record(z.string(), z.union([z.number(), z.string()])),
  updatedAt: z.string().nullable(), submittedAt: z.string().nullable(), questionnaireResponse: z.unknown().nullable(),
});
export function presentResponse(r: ResponseRow | undefined): z.infer<typeof ResponseOut> {
  if (!r) return { status: 'not-started', answers: {}, updatedAt: null, submittedAt: null, questionnaireResponse: null };
  return { status: r.status, answers: fromQuestionnaireResponse(r.resource), updatedAt: iso(r.updated_at), submittedAt: iso(r.submitted_at), questionnaireResponse: r.resource };
}

export const AnalysisOut = z.object({
  params: z.unknown(), cohortText: z.string(), cohortSize: z.number(), participants: z.number(),
  outcome: z.object({ code: z.string(), column: z.string(), display: z.string().nullable(), unit: z.string().nullable() }),
  result: z.unknown().nullable(), message: z.string().nullable(),
  points: z.array(z.object({ outcome: z.number(), use: z.array(z.number().nullable()), counts: z.array(z.number()).nullable() })),
  features: z.array(z.string()),
  mapping: z.array(z.object({ feature: z.string(), events: z.string() })),
  bins: z.array(z.object({ rating: z.number(), label: z.string() })),
});

/** Scatter points carry no identifiers and are sorted by outcome, so their order says nothing about who is who. */
export function presentAnalysis(ds: Dataset, p: DatasetParams, result: AnalysisResult | null, message: string | null): z.infer<typeof AnalysisOut> {
  const points = ds.participants
    .filter((x) => typeof x.row[ds.outcomeColumn] === 'number')
    .map((x) => ({
      outcome: x.row[ds.outcomeColumn] as number,
      use: FEATURE_IDS.map((f) => (typeof x.row[f] === 'number' ? (x.row[f] as number) : null)),
      counts: x.counts ? FEATURE_IDS.map((f) => x.counts![f]) : null,
    }))
    .sort((a, b) => a.outcome - b.outcome || a.use.join().localeCompare(b.use.join()));
  return {
    params: p, cohortText: describeCohort(p.cohort), cohortSize: ds.cohortSize, participants: ds.participants.length,
    outcome: { ...ds.outcome, column: ds.outcomeColumn }, result, message, points, features: FEATURE_IDS,
    mapping: USE_RULES.map((r) => ({ feature: r.feature, events: r.events })), bins: RATING_BINS,
  };
}
