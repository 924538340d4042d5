// Research rules: campaigns (researcher/admin, own organization), survey answers (one response per patient per
// campaign, saved partially until submitted), the study analysis on live data, and de-identified export.
// Every read of patient data writes an audit event; exports write action 'export'.
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { analyze, AnalysisInputError, renderCsv, renderHtml } from './analysis/index';
import { checkAnswers, toQuestionnaireResponse, type AnswerValue } from './answers';
import { cohortMembers, type Cohort } from './cohort';
import { deidentifiedCsv } from './deidentify';
import { buildDataset, type DatasetParams } from './participants';
import { presentAnalysis, presentCampaign, presentPatientSurvey, presentQuestionnaire, presentResponse } from './presenters';
import { QUESTIONNAIRE_URL } from './questionnaire';
import * as repo from './repository';

type Who = { db: Db; actor: Actor; ip: string };

// ---- campaigns (staff) ----

export async function createCampaign({ db, actor, ip }: Who, input: { title: string; cohort: Cohort; opensAt?: string | null; closesAt?: string | null }) {
  const opensAt = input.opensAt ? new Date(input.opensAt) : null;
  const closesAt = input.closesAt ? new Date(input.closesAt) : null;
  if (closesAt && closesAt.getTime() <= Math.max(Date.now(), opensAt?.getTime() ?? 0)) throw badRequest('closesAt: the closing date must be in the future and after the opening date.', 'closesAt');
  const id = await db.tx(async (q) => {
    const members = await cohortMembers(q, actor, input.cohort);
    const cid = await repo.insertCampaign(q, actor, { title: input.title, questionnaire: QUESTIONNAIRE_URL, cohort: input.cohort, opensAt, closesAt });
    await repo.inviteAll(q, cid, members.map((m) => m.id));
    await audit(q, { actor, action: 'create', resourceType: 'SurveyCampaign', resourceId: cid, ip, detail: { invited: members.length } });
    return cid;
  });
  return presentCampaign((await repo.findCampaign(db, actor, id))!);
}

export async function listCampaigns({ db, actor }: Who) {
  return (await repo.listCampaigns(db, actor)).map(presentCampaign);
}

export async function closeCampaign({ db, actor, ip }: Who, id: string) {
  const c = await repo.findCampaign(db, actor, id);
  if (!c) throw notFound('This survey campaign');
  if (c.status === 'closed') throw conflict('This survey is already closed.', 'already_closed');
  await db.tx(async (q) => {
    await repo.closeCampaign(q, actor, id);
    await audit(q, { actor, action: 'update', resourceType: 'SurveyCampaign', resourceId: id, ip, detail: { status: 'closed' } });
  });
  return presentCampaign((await repo.findCampaign(db, actor, id))!);
}

// ---- surveys (patients) ----

export async function mySurveys({ db, actor }: Who, patientId: string) {
  return (await repo.patientSurveys(db, patientId, true)).map(presentPatientSurvey);
}

async function invitedCampaign(db: Db, patientId: string, campaignId: string) {
  const c = await repo.patientCampaign(db, patientId, campaignId);
  if (!c) throw notFound('This survey');
  return c;
}

export async function getSurvey({ db, actor, ip }: Who, patientId: string, campaignId: string) {
  const c = await invitedCampaign(db, patientId, campaignId);
  const r = await repo.findResponse(db, patientId, campaignId);
  await db.tx((q) => audit(q, { actor, patientId, action: 'read', resourceType: 'QuestionnaireResponse', resourceId: r?.id ?? null, ip, detail: { campaignId } }));
  return {
    survey: { id: c.id, title: c.title, closesAt: c.closes_at ? c.closes_at.toISOString() : null, open: c.is_open },
    questionnaire: presentQuestionnaire(), response: presentResponse(r),
  };
}

/** Saves answers; `submit` requires every answer and completes the response (then it can no longer change). */
export async function saveAnswers({ db, actor, ip }: Who, patientId: string, campaignId: string, answers: Record<string, AnswerValue | null>, submit: boolean) {
  const c = await invitedCampaign(db, patientId, campaignId);
  if (!c.is_open) throw conflict('This survey is closed. Thank you for your interest.', 'survey_closed');
  const clean = checkAnswers(answers, submit);
  const status = submit ? 'completed' : 'in-progress';
  await db.tx(async (q) => {
    const existing = await repo.findResponse(q, patientId, campaignId, true);
    if (existing?.status === 'completed') throw conflict('You already sent this survey. Thank you!', 'already_submitted');
    const resource = toQuestionnaireResponse(clean, { patientId, status, authored: new Date(), campaignId });
    const id = await repo.upsertResponse(q, { campaignId, patientId, status, resource });
    if (!id) throw conflict('You already sent this survey. Thank you!', 'already_submitted');
    await audit(q, { actor, patientId, action: existing ? 'update' : 'create', resourceType: 'QuestionnaireResponse', resourceId: id, ip, detail: { campaignId, status } });
  });
  return presentResponse(await repo.findResponse(db, patientId, campaignId));
}

// ---- analysis, reports, export (staff) ----

async function dataset(w: Who, p: DatasetParams) {
  if (p.source === 'survey') {
    if (!p.campaignId) throw badRequest('campaignId: choose the survey campaign whose answers to analyse.', 'campaignId');
    if (!(await repo.findCampaign(w.db, w.actor, p.campaignId))) throw notFound('This survey campaign');
  }
  return buildDataset(w.db, w.actor, p);
}

function run(ds: Awaited<ReturnType<typeof buildDataset>>) {
  if (ds.participants.length < 3) return { result: null, message: `Only ${ds.participants.length} participant${ds.participants.length === 1 ? '' : 's'} match: at least 3 are needed for the analysis.` };
  try {
    return { result: analyze(ds.participants.map((x) => x.row), ds.options), message: null };
  } catch (e) {
    if (e instanceof AnalysisInputError) throw badRequest(`The data could not be analysed: ${e.message}`);
    throw e;
  }
}

export async function analysis(w: Who, p: DatasetParams) {
  const ds = await dataset(w, p);
  const { result, message } = run(ds);
  await w.db.tx((q) => audit(q, { actor: w.actor, action: 'read', resourceType: 'ResearchDataset', ip: w.ip,
    detail: { source: p.source, participants: ds.participants.length, campaignId: p.campaignId, windowDays: p.windowDays, outcome: p.outcome } }));
  return presentAnalysis(ds, p, result, message);
}

export async function report(w: Who, p: DatasetParams, format: 'html' | 'csv', ns: boolean) {
  const ds = await dataset(w, p);
  const { result, message } = run(ds);
  if (!result) throw badRequest(message ?? 'Not enough participants.');
  const body = format === 'html' ? renderHtml(result, { ns }) : renderCsv(result, { ns });
  await exported(w, `report-${format}`, p, ds.participants.length);
  return body;
}

export async function exportCohort(w: Who, p: DatasetParams) {
  const ds = await dataset(w, p);
  const csv = deidentifiedCsv(ds, p.source);
  await exported(w, 'cohort-csv', p, ds.participants.length);
  return csv;
}

async function exported(w: Who, kind: string, p: DatasetParams, rows: number) {
  await w.db.tx(async (q) => {
    const id = await repo.logExport(q, w.actor, kind, p, rows);
    await audit(q, { actor: w.actor, action: 'export', resourceType: 'ResearchExport', resourceId: id, ip: w.ip, detail: { kind, source: p.source, rows } });
  });
}
