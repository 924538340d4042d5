import type { Queryable } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { can, rolesFor } from '../../platform/access/policy';
import { badRequest, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { publishChange } from '../messaging/live';
import { notifyStaff } from '../messaging/notify';
import { presentThread } from '../messaging/presenters';
import { findCategory, findPool, findThread, insertEvent, insertMessage, isUuid, routeToPool, type ThreadRow } from '../messaging/repository';
import { checkBody, type Ctx } from '../messaging/service';

// Care-team actions on a conversation. Each is one transaction with its event and audit entry, then a live update.

async function onThread(ctx: Ctx, threadId: string, action: string, fn: (t: ThreadRow, q: Queryable) => Promise<void>) {
  const { db, actor, ip } = ctx;
  const t = await db.tx(async (q) => {
    const t = await findThread(q, actor, threadId, true);
    if (!t) throw notFound('This conversation');
    await fn(t, q);
    await audit(q, { actor, patientId: t.patient_id, action, resourceType: 'MessageThread', resourceId: t.id, ip });
    return t;
  });
  publishChange({ orgId: t.org_id, patientId: t.patient_id, threadId: t.id, poolId: t.pool_id, kind: action });
}

async function staffMember(q: Queryable, orgId: string, userId: string, roles?: string[]) {
  if (!isUuid(userId)) return null;
  const [u] = await q.query<{ id: string; display_name: string; role: string }>(
    `select id, display_name, role from app_user where id = $1 and org_id = $2 and role not in ('patient', 'researcher') and not disabled`, [userId, orgId]);
  return u && (!roles || roles.includes(u.role)) ? u : null;
}

/**
 * A pool may take a conversation when it has members and every member's role may handle its category (policy
 * 'conversation.reply'): a clinical message never moves to the front desk's or billing's pool.
 */
export async function poolHandles(q: Queryable, poolId: string, category: string): Promise<boolean> {
  const [r] = await q.query<{ ok: boolean }>(
    `select exists (select 1 from msg_pool_member pm where pm.pool_id = $1)
        and not exists (select 1 from msg_pool_member pm join app_user u on u.id = pm.user_id
                         where pm.pool_id = $1 and not u.disabled and not (u.role = any($2::text[]))) as ok`,
    [poolId, rolesFor('conversation.reply', { category })]);
  return r?.ok === true;
}

/** Claim (no userId) or assign to a colleague in the same organization. */
export function assignThread(ctx: Ctx, threadId: string, userId?: string) {
  return onThread(ctx, threadId, 'assign', async (t, q) => {
    // Only people whose role may handle this kind of conversation (policy 'conversation.reply' for its category).
    const u = await staffMember(q, ctx.actor.orgId, userId ?? ctx.actor.userId, rolesFor('conversation.reply', { category: t.category_code }));
    if (!u) throw badRequest('Choose a person from your organization who handles this kind of message.', 'userId');
    await q.query('update msg_thread set assignee_id = $2 where id = $1', [t.id, u.id]);
    await insertEvent(q, { threadId: t.id, kind: 'assigned', actorId: ctx.actor.userId, detail: { toUserId: u.id, toName: u.display_name } });
  });
}

/** Move to another pool, or to the physician when a nurse needs a provider's decision. The due time keeps running. */
export function reassignThread(ctx: Ctx, threadId: string, input: { poolId?: string; needsProvider?: boolean; providerId?: string }) {
  return onThread(ctx, threadId, 'reassign', async (t, q) => {
    if (input.needsProvider) {
      const fallback = (await q.query<{ primary_provider_id: string | null }>('select primary_provider_id from patient where id = $1', [t.patient_id]))[0];
      const target = input.providerId ?? t.provider_id ?? fallback?.primary_provider_id;
      const u = target ? await staffMember(q, ctx.actor.orgId, target, ['physician']) : null;
      if (!u) throw badRequest('Choose the physician who should decide.', 'providerId');
      await q.query('update msg_thread set assignee_id = $2, provider_id = $2 where id = $1', [t.id, u.id]);
      await insertEvent(q, { threadId: t.id, kind: 'needs_provider', actorId: ctx.actor.userId, detail: { toUserId: u.id, toName: u.display_name } });
      const [{ n }] = await q.query<{ n: number }>("select count(*)::int as n from msg_event where thread_id = $1 and kind = 'needs_provider'", [t.id]);
      await notifyStaff(q, ctx.config.publicUrl, u.id, t.id, `needs-provider:${t.id}:${n}`);
      return;
    }
    const pool = input.poolId ? await findPool(q, ctx.actor.orgId, input.poolId) : null;
    if (!pool) throw badRequest('Choose a team to send this to.', 'poolId');
    if (pool.id === t.pool_id) throw badRequest('This conversation is already with that team.', 'poolId');
    if (!(await poolHandles(q, pool.id, t.category_code))) throw badRequest('That team does not handle this kind of message.', 'poolId');
    await q.query('update msg_thread set pool_id = $2, assignee_id = null where id = $1', [t.id, pool.id]);
    await insertEvent(q, { threadId: t.id, kind: 'reassigned', actorId: ctx.actor.userId, poolId: pool.id, detail: { fromPoolId: t.pool_id } });
  });
}

/** An internal note: part of the chart, never shown to the patient, and it does not answer the patient. */
export async function addNote(ctx: Ctx, threadId: string, input: { body: string; idempotencyKey: string }) {
  const { db, actor, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let t: ThreadRow | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/threads/${threadId}/notes`, request,
    recheck: async (q) => { if (!(await findThread(q, actor, threadId))) throw notFound('This conversation'); } }, async (q) => {
    t = await findThread(q, actor, threadId, true);
    if (!t) throw notFound('This conversation');
    const body = await checkBody(q, actor, input.body);
    const m = await insertMessage(q, { threadId: t.id, patientId: t.patient_id, authorId: actor.userId, kind: 'internal_note', body });
    await insertEvent(q, { threadId: t.id, kind: 'note', actorId: actor.userId, messageId: m.id });
    await audit(q, { actor, patientId: t.patient_id, action: 'create', resourceType: 'MessageNote', resourceId: m.id, ip });
    return { status: 201, body: { note: { id: m.id, createdAt: new Date(m.created_at).toISOString() } } };
  });
  const th = t as ThreadRow | null;
  if (th) publishChange({ orgId: th.org_id, patientId: th.patient_id, threadId: th.id, poolId: th.pool_id, kind: 'note' });
  return res;
}

/** A phone call logged in the patient's messages, so the answer can follow in writing and the call is in the chart. */
export async function logPhoneEncounter(ctx: Ctx, patientId: string, input: { category: string; subject: string; body: string; clinicId?: string; idempotencyKey: string }) {
  const { db, actor, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  const res = await runIdempotent(db, { userId: actor.userId, actor, patientId, key: idempotencyKey, route: `POST /api/patients/${patientId}/phone-encounters`, request }, async (q) => {
    const body = await checkBody(q, actor, input.body);
    if (!input.subject.trim()) throw badRequest('Add a short subject.', 'subject');
    const category = await findCategory(q, actor.orgId, input.category);
    if (!category) throw badRequest('Choose a category from the list.', 'category');
    // Front desk and billing log calls only about what they handle (policy 'phone-encounter.create' by category).
    if (!can(actor, 'create', { kind: 'phone-encounter', orgId: actor.orgId, category: category.code }))
      throw badRequest('Choose a category your role handles.', 'category');
    const [p] = await q.query<{ primary_clinic_id: string | null }>('select primary_clinic_id from patient where id = $1', [patientId]);
    const clinicId = input.clinicId && isUuid(input.clinicId) && actor.clinicIds.includes(input.clinicId) ? input.clinicId : (p?.primary_clinic_id ?? actor.clinicIds[0]);
    const pool = clinicId ? await routeToPool(q, clinicId, category.code) : null;
    if (!pool) throw badRequest('This clinic has no team for this kind of message.', 'category');
    const [t] = await q.query<{ id: string }>(
      `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, status, pool_id, assignee_id, created_by, first_response_at,
         last_staff_message_at) values ($1,$2,$3,$4,$5,'answered',$6,$7,$7, now(), now()) returning id`,
      [actor.orgId, patientId, clinicId, category.code, input.subject.trim().slice(0, 200), pool.id, actor.userId]);
    const m = await insertMessage(q, { threadId: t.id, patientId, authorId: actor.userId, kind: 'phone_encounter', body });
    await insertEvent(q, { threadId: t.id, kind: 'phone_encounter', actorId: actor.userId, messageId: m.id, poolId: pool.id });
    await audit(q, { actor, patientId, action: 'create', resourceType: 'PhoneEncounter', resourceId: t.id, ip });
    return { status: 201, body: { thread: presentThread((await findThread(q, actor, t.id))!, actor) } };
  });
  if (!res.replayed) publishChange({ orgId: actor.orgId, patientId, threadId: res.body.thread.id, poolId: res.body.thread.pool.id, kind: 'created' });
  return res;
}

/** Clinician time on a patient's messages, for workload and (for qualifying clinical threads) online digital visits. */
export function logTime(ctx: Ctx, threadId: string, input: { minutes: number; activity: string }) {
  return onThread(ctx, threadId, 'log-time', async (t, q) => {
    await q.query('insert into msg_time_entry (thread_id, patient_id, user_id, minutes, activity) values ($1,$2,$3,$4,$5)',
      [t.id, t.patient_id, ctx.actor.userId, input.minutes, input.activity]);
  });
}
