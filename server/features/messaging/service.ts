import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/policy';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, conflict, HttpError, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { looksUrgent } from '../../../shared/messaging/emergency';
import { addBusinessHours } from './business-hours';
import { publishChange } from './live';
import { notifyPatientOfMessage, notifyStaff } from './notify';
import { EventOut, MessageOut, presentEvent, presentMessages, presentThread, type ThreadSummaryOut } from './presenters';
import {
  attachmentsForThread, deleteDraft, draftStoreKey, findCategory, findThread, insertEvent, insertMessage, isUuid, listEvents, listMessages, markReadByStaff,
  poolCalendar, routeToPool, settingsFor, type PoolRow, type ThreadRow,
} from './repository';
import type { z } from 'zod';

export type Ctx = { db: Db; actor: Actor; config: Config; ip: string };

/** Body rules shared by every kind of message: not empty, not over the clinic's limit, urgent words acknowledged. */
export async function checkBody(q: Queryable, actor: Actor, body: string, opts: { urgentAcknowledged?: boolean; subject?: string } = {}) {
  const text = body.trim();
  if (!text) throw badRequest('Please write your message before sending.', 'body');
  const s = await settingsFor(q, actor.orgId);
  if (text.length > s.max_body_chars) throw badRequest(`Your message is too long: ${text.length} characters; the limit is ${s.max_body_chars}.`, 'body');
  // The composer shows the emergency warning first; the server refuses to take such a message until the patient has seen it.
  if (actor.role === 'patient' && !opts.urgentAcknowledged && looksUrgent(`${opts.subject ?? ''} ${text}`))
    throw new HttpError(400, 'urgent_warning', 'This sounds like it may be an emergency. Call 911 or the nurse line now. Messages are not read right away.', 'body');
  return text;
}

export const dueFrom = (pool: PoolRow, from = new Date()) => addBusinessHours(from, pool.target_business_hours, poolCalendar(pool));

/** A patient wrote in a conversation: it waits for the team again. A new question after an answer starts a new clock;
 *  more words while the team is still due to answer do not reset it. */
export async function reopenForPatient(q: Queryable, t: Pick<ThreadRow, 'id' | 'status' | 'due_at' | 'pool_id'>) {
  const newCycle = t.status !== 'open' || !t.due_at;
  const [pool] = await q.query<PoolRow>('select * from msg_pool where id = $1', [t.pool_id]);
  await q.query(
    `update msg_thread set status = 'open', last_message_at = now(),
        awaiting_since = case when $2 then now() else awaiting_since end,
        due_at = case when $2 then $3::timestamptz else due_at end,
        first_due_at = coalesce(first_due_at, $3::timestamptz),
        overdue_at = case when $2 then null else overdue_at end, escalated_at = case when $2 then null else escalated_at end
      where id = $1`, [t.id, newCycle, dueFrom(pool).toISOString()]);
}

/** Links uploads of this person to a message. Only their own, not yet sent files: anything else is refused, so nothing moves. */
export async function attachUploads(q: Queryable, actor: Actor, ids: string[], thread: { id: string; patient_id: string }, messageId: string) {
  if (ids.length === 0) return;
  if (!ids.every(isUuid)) throw badRequest('One of the attached files was not found. Attach it again.', 'attachmentIds');
  const rows = await q.query(
    `update msg_attachment set message_id = $1, thread_id = $2, patient_id = $3
      where id = any($4) and uploaded_by = $5 and message_id is null and org_id = $6 returning id`,
    [messageId, thread.id, thread.patient_id, ids, actor.userId, actor.orgId]);
  if (rows.length !== new Set(ids).size) throw badRequest('One of the attached files was not found. Attach it again.', 'attachmentIds');
}

type CreateInput = {
  category: string; subject: string; body: string; clinicId?: string; providerId?: string; idempotencyKey: string;
  attachmentIds?: string[]; linkedThreadId?: string; followUpId?: string; urgentAcknowledged?: boolean;
};

async function resolveClinic(q: Queryable, actor: Actor, input: CreateInput, patientId: string): Promise<{ clinicId: string; providerId: string | null }> {
  let providerId: string | null = null;
  let providerClinic: string | null = null;
  if (input.providerId) {
    const rows = isUuid(input.providerId) ? await q.query<{ id: string; clinic_id: string | null }>(
      `select u.id, (select sc.clinic_id from staff_clinic sc where sc.user_id = u.id order by sc.clinic_id limit 1) as clinic_id
         from app_user u where u.id = $1 and u.org_id = $2 and u.role = 'physician' and not u.disabled`, [input.providerId, actor.orgId]) : [];
    if (!rows[0]) throw badRequest('Choose a provider from the list.', 'providerId');
    providerId = rows[0].id;
    providerClinic = rows[0].clinic_id;
  }
  if (input.clinicId) {
    const c = isUuid(input.clinicId) ? await q.query('select 1 from clinic where id = $1 and org_id = $2', [input.clinicId, actor.orgId]) : [];
    if (!c.length) throw badRequest('Choose a clinic from the list.', 'clinicId');
    return { clinicId: input.clinicId, providerId };
  }
  if (providerClinic) return { clinicId: providerClinic, providerId };
  const [p] = await q.query<{ clinic_id: string | null }>(
    `select coalesce(p.primary_clinic_id, (select c.id from clinic c where c.org_id = p.org_id order by c.created_at limit 1)) as clinic_id
       from patient p where p.id = $1`, [patientId]);
  if (!p?.clinic_id) throw badRequest('Choose a clinic for your message.', 'clinicId');
  return { clinicId: p.clinic_id, providerId };
}

/** A patient starts a conversation. One transaction: thread, first message, routing, events, attachments, audit, draft removal. */
export async function createThread(ctx: Ctx, input: CreateInput) {
  const { db, actor, ip } = ctx;
  const patientId = actor.patientId!;
  const { idempotencyKey, ...rest } = input;
  // The record written to is part of the request: a proxy reusing a key after switching records gets 409, never the other chart's thread.
  const request = { ...rest, patientId };
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: 'POST /api/threads', request }, async (q) => {
    const subject = input.subject.trim();
    if (!subject) throw badRequest('Please add a short subject.', 'subject');
    const body = await checkBody(q, actor, input.body, { urgentAcknowledged: input.urgentAcknowledged, subject });
    const category = await findCategory(q, actor.orgId, input.category);
    if (!category) throw badRequest('Choose what your message is about from the list.', 'category');
    const { clinicId, providerId } = await resolveClinic(q, actor, input, patientId);
    const pool = await routeToPool(q, clinicId, category.code);
    if (!pool) throw badRequest('This clinic does not take messages about this yet. Please call the clinic.', 'category');
    if (input.linkedThreadId && !(await findThread(q, actor, input.linkedThreadId))) throw notFound('The earlier conversation');
    const due = dueFrom(pool);
    const [t] = await q.query<{ id: string }>(
      `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, pool_id, provider_id, created_by, awaiting_since,
         due_at, first_due_at, linked_thread_id, followup_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8, now(), $9, $9, $10, $11) returning id`,
      [actor.orgId, patientId, clinicId, category.code, subject.slice(0, 200), pool.id, providerId, actor.userId, due.toISOString(),
        input.linkedThreadId ?? null, null]);
    const m = await insertMessage(q, { threadId: t.id, patientId, authorId: actor.userId, kind: 'patient', body });
    await attachUploads(q, actor, input.attachmentIds ?? [], { id: t.id, patient_id: patientId }, m.id);
    await insertEvent(q, { threadId: t.id, kind: 'sent', actorId: actor.userId, messageId: m.id });
    await insertEvent(q, { threadId: t.id, kind: 'routed', poolId: pool.id });
    if (input.followUpId && isUuid(input.followUpId)) {
      const done = await q.query(
        `update msg_followup set status = 'done', done_thread_id = $1, completed_at = now() where id = $2 and patient_id = $3 and status = 'open' returning id`,
        [t.id, input.followUpId, patientId]);
      if (done.length) await q.query('update msg_thread set followup_id = $1 where id = $2', [input.followUpId, t.id]);
    }
    await deleteDraft(q, actor.userId, draftStoreKey(actor, 'new'));
    await audit(q, { actor, patientId, action: 'create', resourceType: 'MessageThread', resourceId: t.id, ip, detail: { category: category.code } });
    const row = (await findThread(q, actor, t.id))!;
    return { status: 201, body: { thread: presentThread(row, actor) } };
  });
  const th = res.body.thread;
  if (!res.replayed) publishChange({ orgId: actor.orgId, patientId, threadId: th.id, poolId: th.pool.id, kind: 'created' });
  return res;
}

/** A reply in a conversation: from the patient (the clock on the team starts) or from staff (answers it). */
export async function postMessage(ctx: Ctx, threadId: string, input: { body: string; idempotencyKey: string; attachmentIds?: string[]; urgentAcknowledged?: boolean }) {
  const { db, actor, config, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let changed: ThreadRow | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/threads/${threadId}/messages`, request,
    recheck: async (q) => { if (!(await findThread(q, actor, threadId))) throw notFound('This conversation'); } }, async (q) => {
    const t = await findThread(q, actor, threadId, true);
    if (!t) throw notFound('This conversation');
    if (t.status === 'closed')
      throw conflict('This conversation is closed and cannot take new messages. Start a new conversation; it will be linked to this one.', 'thread_closed');
    const body = await checkBody(q, actor, input.body, { urgentAcknowledged: input.urgentAcknowledged });
    const patient = actor.role === 'patient';
    const m = await insertMessage(q, { threadId: t.id, patientId: t.patient_id, authorId: actor.userId, kind: patient ? 'patient' : 'staff_reply', body });
    await attachUploads(q, actor, input.attachmentIds ?? [], t, m.id);
    if (patient) {
      await reopenForPatient(q, t);
      await insertEvent(q, { threadId: t.id, kind: 'sent', actorId: actor.userId, messageId: m.id });
      if (t.assignee_id) await notifyStaff(q, config.publicUrl, t.assignee_id, t.id, `message:${m.id}`);
    } else {
      await q.query(
        `update msg_thread set status = 'answered', last_message_at = now(), last_staff_message_at = now(), awaiting_since = null,
            first_response_at = coalesce(first_response_at, now()), assignee_id = coalesce(assignee_id, $2) where id = $1`, [t.id, actor.userId]);
      await markReadByStaff(q, t.id, actor.userId);
      await insertEvent(q, { threadId: t.id, kind: 'answered', actorId: actor.userId, messageId: m.id });
      await notifyPatientOfMessage(q, config.publicUrl, t.patient_id, t.id, m.id);
    }
    await deleteDraft(q, actor.userId, t.id);
    await audit(q, { actor, patientId: t.patient_id, action: 'create', resourceType: 'Message', resourceId: m.id, ip, detail: { threadId: t.id } });
    changed = t;
    const messages = await listMessages(q, t.id, can(actor, 'note', 'conversation'));
    const events = await listEvents(q, t.id, patient);
    const out = presentMessages(messages, events, await attachmentsForThread(q, t.id), t.pool_name).find((x) => x.id === m.id)!;
    return { status: 201, body: { message: out, thread: { id: t.id } } };
  });
  const t = changed as ThreadRow | null;
  if (t) publishChange({ orgId: t.org_id, patientId: t.patient_id, threadId: t.id, poolId: t.pool_id, kind: 'message' });
  return res;
}

export type ThreadDetail = {
  thread: ThreadSummaryOut; status: string; statusText: string; messages: z.infer<typeof MessageOut>[]; events: z.infer<typeof EventOut>[];
  canReply: boolean; canReopen: boolean;
};

/** Opening a conversation. Staff opening it marks the patient's messages read by them; the patient opening it marks replies seen. */
export async function getThread(ctx: Ctx, threadId: string): Promise<ThreadDetail> {
  const { db, actor, ip } = ctx;
  const patient = actor.role === 'patient';
  let t = await findThread(db, actor, threadId);
  if (!t) throw notFound('This conversation');
  const readEvent = { actor, patientId: t.patient_id, action: 'read', resourceType: 'MessageThread', resourceId: t.id, ip };
  // Read receipts change something only when there is something new to see; re-opening a read conversation writes nothing
  // but its audit event (group-committed with other reads), which keeps busy in-baskets and patients' re-visits cheap.
  // A patient re-opening a conversation whose read receipt is already past its last message changes nothing: no
  // transaction at all (saves BEGIN, UPDATE, COMMIT and a pooled connection per re-visit; see docs/benchmarks.md).
  const nothingNewForPatient = patient && t.patient_read_at !== null && new Date(t.patient_read_at).getTime() >= new Date(t.last_message_at).getTime();
  const { newlyRead, patientSeen } = nothingNewForPatient ? { newlyRead: 0, patientSeen: 0 } : await db.tx(async (q) => {
    const n = patient ? 0 : await markReadByStaff(q, t!.id, actor.userId);
    const seen = patient ? (await q.query(
      'update msg_thread set patient_read_at = now() where id = $1 and (patient_read_at is null or patient_read_at < last_message_at) returning id',
      [t!.id])).length : 0;
    if (n + seen > 0) await audit(q, readEvent);
    return { newlyRead: n, patientSeen: seen };
  });
  if (newlyRead + patientSeen === 0) await auditRead(db, readEvent);
  if (newlyRead > 0) publishChange({ orgId: t.org_id, patientId: t.patient_id, threadId: t.id, poolId: t.pool_id, kind: 'read' });
  if (newlyRead + patientSeen > 0) t = (await findThread(db, actor, threadId))!;
  const [messages, events, attachments, settings] = await Promise.all([
    listMessages(db, t.id, can(actor, 'note', 'conversation')), listEvents(db, t.id, patient), attachmentsForThread(db, t.id), settingsFor(db, t.org_id)]);
  // Attachments are clinical (policy 'conversation.attachment'); everyone sees only those on messages they can see.
  const visible = can(actor, 'attachment', 'conversation') ? attachments.filter((a) => messages.some((m) => m.id === a.message_id)) : [];
  const summary = presentThread(t, actor);
  const windowOk = t.closed_at !== null && Date.now() - new Date(t.closed_at).getTime() < settings.reopen_window_days * 86_400_000;
  return {
    thread: summary, status: t.status, statusText: summary.statusText,
    messages: presentMessages(messages, events, visible, t.pool_name), events: events.map(presentEvent),
    canReply: t.status !== 'closed', canReopen: t.status === 'closed' && (!patient || windowOk),
  };
}
