import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, notFound } from '../../platform/errors';
import { sniffImageType } from './magic';
import { isUuid } from './repository';

export const MAX_CARD_BYTES = 5 * 1024 * 1024;

type CoverageRow = {
  id: string; payer: string; plan_name: string | null; member_id: string | null; group_id: string | null; subscriber_name: string | null;
  relationship: string | null; start_date: string | null; end_date: string | null; copay_text: string | null; status: string; source_id: string | null;
};
type CardRow = { id: string; side: string; content_type: string; size_bytes: number; created_at: Date };
type RequestRow = {
  id: string; patient_id: string; payer: string; plan_name: string | null; member_id: string; group_id: string | null; subscriber_name: string | null;
  relationship: string | null; start_date: string | null; note: string | null; status: string; created_at: Date; handled_at: Date | null; patient_name?: string;
};

let coverageTable: boolean | undefined;
/** The coverage table belongs to the FHIR import (migration 004); read it only when it is there. */
async function hasCoverage(q: Queryable) {
  if (coverageTable) return true;
  const [r] = await q.query<{ t: string | null }>("select to_regclass('public.coverage')::text as t");
  coverageTable = !!r?.t;
  return coverageTable;
}

export const presentCoverage = (c: CoverageRow) => ({
  id: c.id, payer: c.payer, planName: c.plan_name, memberId: c.member_id, groupId: c.group_id, subscriberName: c.subscriber_name,
  relationship: c.relationship, startDate: c.start_date, endDate: c.end_date, copays: c.copay_text, status: c.status,
  source: c.source_id ? 'Imported from your health record' : 'On file',
});
export const presentCard = (c: CardRow) => ({
  id: c.id, side: c.side as 'front' | 'back', contentType: c.content_type, sizeBytes: c.size_bytes, uploadedAt: new Date(c.created_at).toISOString(),
  url: `/api/insurance/cards/${c.id}`,
});
export const presentRequest = (r: RequestRow) => ({
  id: r.id, payer: r.payer, planName: r.plan_name, memberId: r.member_id, groupId: r.group_id, subscriberName: r.subscriber_name,
  relationship: r.relationship, startDate: r.start_date, note: r.note, status: r.status as 'submitted' | 'done',
  statusText: r.status === 'done' ? 'Updated by the front desk' : 'Sent to the front desk',
  submittedAt: new Date(r.created_at).toISOString(), handledAt: r.handled_at ? new Date(r.handled_at).toISOString() : null,
  ...(r.patient_name ? { patientName: r.patient_name, patientId: r.patient_id } : {}),
});

/** Coverage, card images and update requests of one patient. The caller has checked access to patientId. */
export async function insuranceOf(db: Db, actor: Actor, patientId: string, ip: string) {
  const coverages = (await hasCoverage(db))
    ? await db.query<CoverageRow>(
      `select * from coverage where patient_id = $1 order by (status = 'active') desc, start_date desc nulls last`, [patientId])
    : [];
  const cards = await db.query<CardRow>(
    `select distinct on (side) id, side, content_type, size_bytes, created_at from insurance_card_image where patient_id = $1
     order by side, created_at desc`, [patientId]);
  const requests = await db.query<RequestRow>(
    'select * from insurance_update_request where patient_id = $1 order by created_at desc limit 10', [patientId]);
  await auditRead(db, { actor, patientId, action: 'read', resourceType: 'Coverage', ip });
  return { coverages: coverages.map(presentCoverage), cards: cards.map(presentCard), requests: requests.map(presentRequest) };
}

export async function uploadCard(db: Db, actor: Actor, patientId: string, side: 'front' | 'back', dataBase64: string, ip: string) {
  const clean = dataBase64.replace(/^data:[^;]+;base64,/, '');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(clean)) throw badRequest('The picture could not be read. Please choose the file again.', 'dataBase64');
  const data = Buffer.from(clean, 'base64');
  if (data.length === 0) throw badRequest('The picture is empty. Please choose the file again.', 'dataBase64');
  if (data.length > MAX_CARD_BYTES) throw badRequest('The picture is too large. Please use one smaller than 5 MB.', 'dataBase64');
  const type = sniffImageType(data);
  if (!type) throw badRequest('Please upload a photo (JPEG, PNG or WebP) or a PDF of your card.', 'dataBase64');
  return db.tx(async (q) => {
    const [row] = await q.query<CardRow>(
      `insert into insurance_card_image (patient_id, side, content_type, size_bytes, sha256, data, uploaded_by) values ($1,$2,$3,$4,$5,$6,$7)
       returning id, side, content_type, size_bytes, created_at`,
      [patientId, side, type, data.length, createHash('sha256').update(data).digest('hex'), data, actor.userId]);
    await audit(q, { actor, patientId, action: 'create', resourceType: 'InsuranceCardImage', resourceId: row.id, ip, detail: { side } });
    return { card: presentCard(row) };
  });
}

export async function downloadCard(db: Db, actor: Actor, id: string, ip: string) {
  if (!isUuid(id)) throw notFound('This card image');
  const params: unknown[] = [id];
  const scope = actor.role === 'patient' ? (params.push(actor.patientId), `i.patient_id = $2`) : (params.push(actor.orgId), `p.org_id = $2`);
  const [row] = await db.query<{ id: string; patient_id: string; content_type: string; data: Uint8Array; side: string }>(
    `select i.id, i.patient_id, i.content_type, i.data, i.side from insurance_card_image i join patient p on p.id = i.patient_id where i.id = $1 and ${scope}`,
    params);
  if (!row) throw notFound('This card image');
  await auditRead(db, { actor, patientId: row.patient_id, action: 'read', resourceType: 'InsuranceCardImage', resourceId: row.id, ip });
  return { contentType: row.content_type, data: Buffer.from(row.data), fileName: `insurance-card-${row.side}` };
}

export type UpdateRequestInput = {
  payer: string; planName?: string; memberId: string; groupId?: string; subscriberName?: string; relationship?: string; startDate?: string; note?: string;
};

export async function requestUpdate(db: Db, actor: Actor, patientId: string, input: UpdateRequestInput, ip: string) {
  return db.tx(async (q) => {
    const [row] = await q.query<RequestRow>(
      `insert into insurance_update_request (org_id, patient_id, payer, plan_name, member_id, group_id, subscriber_name, relationship, start_date, note, submitted_by)
       select p.org_id, p.id, $2, $3, $4, $5, $6, $7, $8, $9, $10 from patient p where p.id = $1 returning *`,
      [patientId, input.payer, input.planName ?? null, input.memberId, input.groupId ?? null, input.subscriberName ?? null, input.relationship ?? null,
        input.startDate ?? null, input.note ?? null, actor.userId]);
    await audit(q, { actor, patientId, action: 'create', resourceType: 'InsuranceUpdateRequest', resourceId: row.id, ip });
    return { request: presentRequest(row) };
  });
}

export async function openRequests(db: Db, actor: Actor, ip: string) {
  const rows = await db.query<RequestRow>(
    `select r.*, p.given_name || ' ' || p.family_name as patient_name from insurance_update_request r join patient p on p.id = r.patient_id
     where r.org_id = $1 and r.status = 'submitted' order by r.created_at`, [actor.orgId]);
  await auditRead(db, { actor, action: 'search', resourceType: 'InsuranceUpdateRequest', ip, detail: { results: rows.length } });
  return { requests: rows.map(presentRequest) };
}

export async function markDone(db: Db, actor: Actor, id: string, ip: string) {
  if (!isUuid(id)) throw notFound('This request');
  return db.tx(async (q) => {
    const [row] = await q.query<RequestRow>(
      `update insurance_update_request set status = 'done', handled_by = $3, handled_at = now() where id = $1 and org_id = $2 returning *`,
      [id, actor.orgId, actor.userId]);
    if (!row) throw notFound('This request');
    await audit(q, { actor, patientId: row.patient_id, action: 'update', resourceType: 'InsuranceUpdateRequest', resourceId: row.id, ip });
    return { request: presentRequest(row) };
  });
}

export async function countOpenRequests(db: Queryable, orgId: string): Promise<number> {
  const [r] = await db.query<{ n: number }>("select count(*)::int as n from insurance_update_request where org_id = $1 and status = 'submitted'", [orgId]);
  return r.n;
}
