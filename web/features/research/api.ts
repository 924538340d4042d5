import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Shapes mirror server/features/research/presenters.ts. */
export type Cohort = { condition: string | null; ageMin: number | null; ageMax: number | null };
export type Campaign = {
  id: string; title: string; cohort: Cohort; cohortText: string; status: 'open' | 'closed'; openedBy: string;
  opensAt: string; closesAt: string | null; closedAt: string | null; invited: number; inProgress: number; completed: number;
};
export type PatientSurvey = { id: string; title: string; closesAt: string | null; status: 'not-started' | 'in-progress' | 'completed' };
export type Question = {
  linkId: string; text: string; kind: 'rating' | 'choice' | 'integer' | 'decimal';
  options?: { value: string; label: string }[]; min?: number; max?: number; unit?: string;
};
export type Answers = Record<string, number | string>;
export type SurveyResponse = { status: 'not-started' | 'in-progress' | 'completed'; answers: Answers; updatedAt: string | null; submittedAt: string | null };
export type SurveyDetail = {
  survey: { id: string; title: string; closesAt: string | null; open: boolean };
  questionnaire: { title: string; featureQuestions: Question[]; aboutYou: Question[] };
  response: SurveyResponse;
};

type Mark = '' | '#' | '*' | '**';
export type FeatureSummary = { name: string; label: string; n: number; mean: number | null; sd: number | null; frequentUseN: number; frequentUsePct: number | null };
export type Correlation = { a: string; b: string; rho: number | null; p: number | null; n: number; mark: Mark };
export type OutcomeCorrelation = { feature: string; rho: number | null; p: number | null; n: number; mark: Mark };
type ContSummary = { n: number; mean: number | null; sd: number | null };
type CatSummary = { n: number; levels: { level: string; count: number; pct: number | null }[] };
export type Table1Variable =
  | { name: string; label: string; type: 'continuous'; overall: ContSummary; byGroup: Record<string, ContSummary>; test: { name: string; p: number | null } | null; note?: string }
  | { name: string; label: string; type: 'categorical'; overall: CatSummary; byGroup: Record<string, CatSummary>; test: { name: string; p: number | null } | null; note?: string };
export type AnalysisResult = {
  n: number; warnings: string[]; methods: string[];
  table1: { groups: string[]; groupN: Record<string, number>; variables: Table1Variable[] };
  table4: { frequentThreshold: number; features: FeatureSummary[]; correlations: Correlation[]; outcome: OutcomeCorrelation[] };
};
export type Analysis = {
  cohortText: string; cohortSize: number; participants: number;
  outcome: { code: string; column: string; display: string | null; unit: string | null };
  result: AnalysisResult | null; message: string | null;
  points: { outcome: number; use: (number | null)[]; counts: number[] | null }[];
  features: string[]; mapping: { feature: string; events: string }[]; bins: { rating: number; label: string }[];
};

export const useCampaigns = () => useQuery({ queryKey: ['research', 'campaigns'], queryFn: () => api<{ campaigns: Campaign[] }>('/api/research/campaigns') });

export const LABELS: Record<string, string> = {
  use_lab_results: 'Lab results', use_medical_record: 'Medical record', use_message_doctor: 'Message the doctor',
  use_request_appointment: 'Request appointment', use_billing: 'Billing', use_directory: 'Phone directory', use_find_doctor: 'Find a doctor',
  use_pay_bills: 'Pay bills', use_maps: 'Maps', use_insurance: 'Insurance',
};

export const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d).replace(/^-0(\.0+)?$/, '0$1'));
export const fmtP = (p: number | null) => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3));
