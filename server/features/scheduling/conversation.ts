import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { conflict } from '../../platform/errors';
import { publishChange } from '../messaging/live';
import { notifyPatientOfMessage } from '../messaging/notify';
import { findThread, insertEvent, insertMessage, markReadByStaff, routeToPool, type PoolRow } from '../messaging/repository';
import { dueFrom, reopenForPatient } from '../messaging/service';

// Adapter to messaging: appointment, refill and referral requests ARE messaging conversations. Messaging's own
// createThread/postMessage each open their own idempotent transaction; these do the same steps (thread, first message,
// routing, events, notification, due time from the pool's calendar) inside the caller's transaction, so a request and its
// conversation are written together or not at all. Only messaging's exported repository/notify/live functions are used.

export type RequestKind = 'appointment' | 'refill' | 'referral';

// The category codes messaging seeds; the first that exists for the organization wins.
const CATEGORY_CANDIDATES: Record<RequestKind, string[]> = {
  appointment: ['appointment', 'appointments', 'scheduling'],
  refill: ['refill', 'prescription_refill', 'prescription-refill', 'refills'],
  referral: ['referral', 'referrals'],
};

export async function categoryFor(q: Queryable, orgId: string, kind: RequestKind): Promise<string> {
  const codes = CATEGORY_CANDIDATES[kind];
  const rows = await q.query<{ code: string }>('select code from msg_category where org_id = $1 and code = any($2)', [orgId, codes]);
  return codes.find((c) => rows.some((r) => r.code === c)) ?? codes[0];
}

export type OpenedThread = { threadId: string; poolId: string; orgId: string; patientId: string };

/** A patient's structured request becomes a new conversation routed to the clinic's pool for this kind of request. */
export async function openRequestThread(q: Queryable, actor: Actor, input: {
  patientId: string; clinicId: string; kind: RequestKind; subject: string; body: string; providerId?: string | null;
}): Promise<OpenedThread> {
  const category = await categoryFor(q, actor.orgId, input.kind);
  const pool: PoolRow | null = await routeToPool(q, input.clinicId, category);
  if (!pool) throw conflict('This clinic cannot take this request online yet. Please call the clinic.', 'no_pool');
  const due = dueFrom(pool);
  const [t] = await q.query<{ id: string }>(
    `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, pool_id, provider_id, created_by, awaiting_since, due_at, first_due_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8, now(), $9, $9) returning id`,
    [actor.orgId, input.patientId, input.clinicId, category, input.subject.slice(0, 200), pool.id, input.providerId ?? null, actor.userId, due.toISOString()]);
  const m = await insertMessage(q, { threadId: t.id, patientId: input.patientId, authorId: actor.userId, kind: 'patient', body: input.body });
  await insertEvent(q, { threadId: t.id, kind: 'sent', actorId: actor.userId, messageId: m.id });
  await insertEvent(q, { threadId: t.id, kind: 'routed', poolId: pool.id });
  return { threadId: t.id, poolId: pool.id, orgId: actor.orgId, patientId: input.patientId };
}

/** A patient adds to an existing conversation (e.g. "labs before my visit?"): the clock on the team starts again if it was answered. */
export async function postPatientMessage(q: Queryable, actor: Actor, threadId: string, body: string): Promise<OpenedThread> {
  const t = await findThread(q, actor, threadId, true);
  if (!t) throw conflict('This conversation is no longer available.', 'thread_missing');
  if (t.status === 'closed') throw conflict('This conversation is closed.', 'thread_closed');
  const m = await insertMessage(q, { threadId: t.id, patientId: t.patient_id, authorId: actor.userId, kind: 'patient', body });
  await reopenForPatient(q, t);
  await insertEvent(q, { threadId: t.id, kind: 'sent', actorId: actor.userId, messageId: m.id });
  return { threadId: t.id, poolId: t.pool_id, orgId: t.org_id, patientId: t.patient_id };
}

/** Staff answer in the conversation (booking, alternatives, refill decisions): patient-visible, answers the thread, notifies. */
export async function postStaffReply(q: Queryable, actor: Actor, publicUrl: string, threadId: string, body: string): Promise<OpenedThread> {
  const t = await findThread(q, actor, threadId, true);
  if (!t) throw conflict('This conversation is no longer available.', 'thread_missing');
  const m = await insertMessage(q, { threadId: t.id, patientId: t.patient_id, authorId: actor.userId, kind: 'staff_reply', body });
  // A structured answer may come after the conversation was closed by hand; it reopens as answered so the patient sees it.
  if (t.status === 'closed') await insertEvent(q, { threadId: t.id, kind: 'reopened', actorId: actor.userId });
  await q.query(
    `update msg_thread set status = 'answered', last_message_at = now(), last_staff_message_at = now(), awaiting_since = null,
        closed_at = null, closed_by = null,
        first_response_at = coalesce(first_response_at, now()), assignee_id = coalesce(assignee_id, $2) where id = $1`, [t.id, actor.userId]);
  await markReadByStaff(q, t.id, actor.userId);
  await insertEvent(q, { threadId: t.id, kind: 'answered', actorId: actor.userId, messageId: m.id });
  await notifyPatientOfMessage(q, publicUrl, t.patient_id, t.id, m.id);
  return { threadId: t.id, poolId: t.pool_id, orgId: t.org_id, patientId: t.patient_id };
}

/** After commit: tell live listeners (in-basket, patient's view) that a conversation changed. Ids only. */
export function announce(t: OpenedThread | null | undefined, kind: 'created' | 'message') {
  if (t) publishChange({ orgId: t.orgId, patientId: t.patientId, threadId: t.threadId, poolId: t.poolId, kind });
}
