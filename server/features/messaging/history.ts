import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { enqueueEmail } from './notify';
import { findCategory, isUuid, seesInternalNotes } from './repository';

// The patient's complete message history, searchable (the chart keeps every message; a clinician once found an old
// drug reaction this way), and the clinician's "please message me" follow-up requests.

export const SearchHit = z.object({
  id: z.string(), threadId: z.string(), subject: z.string(), kind: z.string(), body: z.string(), createdAt: z.string(),
  author: z.object({ displayName: z.string(), credentials: z.string().nullable(), role: z.string() }),
});

/** Caller has already passed the central patient check; the org and kind filters are kept here as a second fence. */
export async function searchHistory(db: Db, actor: Actor, patientId: string, text: string, limit: number): Promise<z.infer<typeof SearchHit>[]> {
  const params: unknown[] = [patientId, actor.orgId];
  let where = 'm.patient_id = $1 and t.org_id = $2';
  if (!seesInternalNotes(actor)) where += " and m.kind <> 'internal_note'";
  if (text) {
    params.push(text);
    where += ` and m.search @@ websearch_to_tsquery('english', $${params.length})`;
  }
  params.push(limit);
  const rows = await db.query<{ id: string; thread_id: string; subject: string; kind: string; body: string; created_at: Date;
    display_name: string; credentials: string | null; role: string }>(
    `select m.id, m.thread_id, t.subject, m.kind, m.body, m.created_at, u.display_name, u.credentials, u.role
       from msg_message m join msg_thread t on t.id = m.thread_id join app_user u on u.id = m.author_id
      where ${where} order by m.created_at desc limit $${params.length}`, params);
  return rows.map((r) => ({
    id: r.id, threadId: r.thread_id, subject: r.subject, kind: r.kind, body: r.body, createdAt: new Date(r.created_at).toISOString(),
    author: { displayName: r.display_name, credentials: r.credentials, role: r.role },
  }));
}

export const FollowUpIn = z.object({
  instructions: z.string().trim().min(1).max(1000),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
  category: z.string().max(60).default('home_readings'),
  clinicId: z.string().optional(),
});
export const FollowUpOut = z.object({
  id: z.string(), instructions: z.string(), dueDate: z.string(), status: z.enum(['open', 'done', 'cancelled']), category: z.string(),
  requestedBy: z.string(), doneThreadId: z.string().nullable(), createdAt: z.string(), completedAt: z.string().nullable(), overdue: z.boolean(),
});
type FollowUpRow = { id: string; instructions: string; due_date: string; status: 'open' | 'done' | 'cancelled'; category_code: string;
  requested_by_name: string; done_thread_id: string | null; created_at: Date; completed_at: Date | null };

const present = (f: FollowUpRow): z.infer<typeof FollowUpOut> => ({
  id: f.id, instructions: f.instructions, dueDate: f.due_date, status: f.status, category: f.category_code, requestedBy: f.requested_by_name,
  doneThreadId: f.done_thread_id, createdAt: new Date(f.created_at).toISOString(), completedAt: f.completed_at ? new Date(f.completed_at).toISOString() : null,
  overdue: f.status === 'open' && f.due_date < new Date().toISOString().slice(0, 10),
});

const SELECT = `select f.*, u.display_name as requested_by_name from msg_followup f join app_user u on u.id = f.requested_by`;

export async function listFollowUps(db: Db, actor: Actor, patientId: string) {
  const rows = await db.query<FollowUpRow>(`${SELECT} where f.patient_id = $1 and f.org_id = $2 order by f.status = 'open' desc, f.due_date`, [patientId, actor.orgId]);
  return rows.map(present);
}

export async function createFollowUp(db: Db, actor: Actor, ip: string, publicUrl: string, patientId: string, input: z.infer<typeof FollowUpIn>) {
  if (!(await findCategory(db, actor.orgId, input.category))) throw badRequest('Choose a category from the list.', 'category');
  if (Number.isNaN(Date.parse(input.dueDate))) throw badRequest('dueDate: not a real date', 'dueDate');
  const row = await db.tx(async (q) => {
    const [p] = await q.query<{ primary_clinic_id: string | null }>('select primary_clinic_id from patient where id = $1', [patientId]);
    const clinicId = input.clinicId && isUuid(input.clinicId) && actor.clinicIds.includes(input.clinicId) ? input.clinicId
      : p?.primary_clinic_id ?? actor.clinicIds[0];
    if (!clinicId) throw badRequest('Choose a clinic.', 'clinicId');
    const [f] = await q.query<{ id: string }>(
      `insert into msg_followup (org_id, patient_id, clinic_id, requested_by, category_code, instructions, due_date) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
      [actor.orgId, patientId, clinicId, actor.userId, input.category, input.instructions, input.dueDate]);
    // Tell the patient there is something to read; the request's words stay inside the portal.
    const users = await q.query<{ id: string; email: string }>("select id, email from app_user where patient_id = $1 and role = 'patient'", [patientId]);
    for (const u of users) await enqueueEmail(q, u.email, `${publicUrl}/messages`, `followup:${f.id}:created:${u.id}`);
    await audit(q, { actor, patientId, action: 'create', resourceType: 'MessageFollowUp', resourceId: f.id, ip });
    return (await q.query<FollowUpRow>(`${SELECT} where f.id = $1`, [f.id]))[0];
  });
  return present(row);
}

export async function cancelFollowUp(db: Db, actor: Actor, ip: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return db.tx(async (q) => {
    const rows = await q.query<{ patient_id: string }>(
      `update msg_followup set status = 'cancelled', completed_at = now() where id = $1 and org_id = $2 and status = 'open' returning patient_id`, [id, actor.orgId]);
    if (!rows.length) return false;
    await audit(q, { actor, patientId: rows[0].patient_id, action: 'cancel', resourceType: 'MessageFollowUp', resourceId: id, ip });
    return true;
  });
}
