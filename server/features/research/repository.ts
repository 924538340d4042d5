// SQL for survey campaigns and responses. Staff queries carry the actor's organization; patient queries the
// actor's own patient id (an invitation is what makes a campaign visible to a patient).
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import type { Cohort } from './cohort';

export type CampaignRow = {
  id: string; org_id: string; title: string; questionnaire: string; cohort: Cohort; opened_by: string; opened_by_name: string;
  opens_at: Date; closes_at: Date | null; status: 'open' | 'closed'; closed_at: Date | null; created_at: Date;
  invited: number; in_progress: number; completed: number;
};

export type ResponseRow = {
  id: string; campaign_id: string; patient_id: string; status: 'in-progress' | 'completed'; resource: QuestionnaireResponse;
  updated_at: Date; submitted_at: Date | null;
};

export type PatientSurveyRow = {
  id: string; title: string; opens_at: Date; closes_at: Date | null; response_status: 'in-progress' | 'completed' | null;
};

const CAMPAIGN_SELECT = `
  select c.*, u.display_name as opened_by_name,
         (select count(*)::int from survey_invitation i where i.campaign_id = c.id) as invited,
         (select count(*)::int from survey_response r where r.campaign_id = c.id and r.status = 'in-progress') as in_progress,
         (select count(*)::int from survey_response r where r.campaign_id = c.id and r.status = 'completed') as completed
    from survey_campaign c join app_user u on u.id = c.opened_by`;

/** "Open" for patients: status open, started, not past its closing time. */
const OPEN_NOW = `c.status = 'open' and c.opens_at <= now() and (c.closes_at is null or c.closes_at > now())`;

export async function insertCampaign(q: Queryable, actor: Actor, c: { title: string; questionnaire: string; cohort: Cohort; opensAt: Date | null; closesAt: Date | null }) {
  const [row] = await q.query<{ id: string }>(
    `insert into survey_campaign (org_id, title, questionnaire, cohort, opened_by, opens_at, closes_at)
     values ($1,$2,$3,$4,$5, coalesce($6::timestamptz, now()), $7) returning id`,
    [actor.orgId, c.title, c.questionnaire, JSON.stringify(c.cohort), actor.userId, c.opensAt?.toISOString() ?? null, c.closesAt?.toISOString() ?? null]);
  return row.id;
}

export async function inviteAll(q: Queryable, campaignId: string, patientIds: string[]) {
  if (patientIds.length === 0) return;
  await q.query(
    'insert into survey_invitation (campaign_id, patient_id) select $1, unnest($2::uuid[]) on conflict do nothing', [campaignId, patientIds]);
}

export async function listCampaigns(q: Queryable, actor: Actor): Promise<CampaignRow[]> {
  return q.query<CampaignRow>(`${CAMPAIGN_SELECT} where c.org_id = $1 order by c.created_at desc`, [actor.orgId]);
}

export async function findCampaign(q: Queryable, actor: Actor, id: string): Promise<CampaignRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await q.query<CampaignRow>(`${CAMPAIGN_SELECT} where c.org_id = $1 and c.id = $2`, [actor.orgId, id]);
  return row;
}

export async function closeCampaign(q: Queryable, actor: Actor, id: string) {
  await q.query(
    `update survey_campaign set status = 'closed', closed_by = $3, closed_at = now() where org_id = $1 and id = $2 and status = 'open'`,
    [actor.orgId, id, actor.userId]);
}

export async function patientSurveys(q: Queryable, patientId: string, openOnly: boolean): Promise<PatientSurveyRow[]> {
  return q.query<PatientSurveyRow>(
    `select c.id, c.title, c.opens_at, c.closes_at, r.status as response_status
       from survey_invitation i join survey_campaign c on c.id = i.campaign_id
       left join survey_response r on r.campaign_id = c.id and r.patient_id = i.patient_id
      where i.patient_id = $1 and ${openOnly ? OPEN_NOW : 'true'}
      order by c.opens_at desc`, [patientId]);
}

/** The campaign as one invited patient sees it (undefined when not invited: the caller answers 404). */
export async function patientCampaign(q: Queryable, patientId: string, campaignId: string) {
  if (!isUuid(campaignId)) return undefined;
  const [row] = await q.query<{ id: string; title: string; closes_at: Date | null; is_open: boolean }>(
    `select c.id, c.title, c.closes_at, (${OPEN_NOW}) as is_open
       from survey_invitation i join survey_campaign c on c.id = i.campaign_id
      where i.patient_id = $1 and c.id = $2`, [patientId, campaignId]);
  return row;
}

export async function findResponse(q: Queryable, patientId: string, campaignId: string, lock = false): Promise<ResponseRow | undefined> {
  const [row] = await q.query<ResponseRow>(
    `select * from survey_response where patient_id = $1 and campaign_id = $2${lock ? ' for update' : ''}`, [patientId, campaignId]);
  return row;
}

/** Insert or update the one response of this patient to this campaign. */
export async function upsertResponse(q: Queryable, r: { campaignId: string; patientId: string; status: 'in-progress' | 'completed'; resource: QuestionnaireResponse }) {
  const [row] = await q.query<{ id: string }>(
    `insert into survey_response (campaign_id, patient_id, status, resource, submitted_at)
     values ($1,$2,$3,$4, case when $3 = 'completed' then now() end)
     on conflict (campaign_id, patient_id) do update
       set status = excluded.status, resource = excluded.resource, updated_at = now(), submitted_at = excluded.submitted_at
       where survey_response.status = 'in-progress'
     returning id`,
    [r.campaignId, r.patientId, r.status, JSON.stringify(r.resource)]);
  return row?.id;
}

/** Completed responses of a campaign (staff, own organization). */
export async function completedResponses(q: Queryable, actor: Actor, campaignId: string) {
  return q.query<{ patient_id: string; resource: QuestionnaireResponse; submitted_at: Date }>(
    `select r.patient_id, r.resource, r.submitted_at from survey_response r join survey_campaign c on c.id = r.campaign_id
      where c.org_id = $1 and c.id = $2 and r.status = 'completed' order by r.patient_id`, [actor.orgId, campaignId]);
}

/** Each patient's most recent completed response in the organization (demographics for measured use). */
export async function latestCompletedResponses(q: Queryable, actor: Actor, patientIds: string[]) {
  if (patientIds.length === 0) return [];
  return q.query<{ patient_id: string; resource: QuestionnaireResponse; submitted_at: Date }>(
    `select distinct on (r.patient_id) r.patient_id, r.resource, r.submitted_at
       from survey_response r join survey_campaign c on c.id = r.campaign_id
      where c.org_id = $1 and r.patient_id = any($2::uuid[]) and r.status = 'completed'
      order by r.patient_id, r.submitted_at desc`, [actor.orgId, patientIds]);
}

/** Most recent numeric result with this LOINC code per patient. */
export async function latestObservations(q: Queryable, patientIds: string[], code: string) {
  if (patientIds.length === 0) return [];
  return q.query<{ patient_id: string; value_num: number; effective_at: Date; unit: string | null; display: string }>(
    `select distinct on (patient_id) patient_id, value_num, effective_at, unit, display from observation
      where patient_id = any($1::uuid[]) and code = $2 and value_num is not null
      order by patient_id, effective_at desc`, [patientIds, code]);
}

export async function logExport(q: Queryable, actor: Actor, kind: string, params: unknown, rowCount: number) {
  const [row] = await q.query<{ id: string }>(
    'insert into research_export (org_id, exported_by, kind, params, row_count) values ($1,$2,$3,$4,$5) returning id',
    [actor.orgId, actor.userId, kind, JSON.stringify(params), rowCount]);
  return row.id;
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
