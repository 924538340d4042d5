import type { Queryable } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { publishChange } from './live';
import { findThread, insertEvent, settingsFor, type PoolRow, type ThreadRow } from './repository';
import { dueFrom, type Ctx } from './service';

// Closing and reopening. Staff close with a resolution; a patient may mark their own conversation resolved, and may
// reopen it within the clinic's window (after that they start a new, linked conversation).

async function changeThread(ctx: Ctx, threadId: string, fn: (t: ThreadRow, q: Queryable) => Promise<string>) {
  const { db, actor, ip } = ctx;
  const t = await db.tx(async (q) => {
    const t = await findThread(q, actor, threadId, true);
    if (!t) throw notFound('This conversation');
    const action = await fn(t, q);
    await audit(q, { actor, patientId: t.patient_id, action, resourceType: 'MessageThread', resourceId: t.id, ip });
    return t;
  });
  publishChange({ orgId: t.org_id, patientId: t.patient_id, threadId: t.id, poolId: t.pool_id, kind: 'status' });
}

export function closeThread(ctx: Ctx, threadId: string, resolution: string) {
  return changeThread(ctx, threadId, async (t, q) => {
    if (t.status === 'closed') throw conflict('This conversation is already closed.', 'thread_closed');
    const text = resolution.trim();
    if (!text) throw badRequest('Say how this was resolved.', 'resolution');
    await q.query(`update msg_thread set status = 'closed', closed_at = now(), closed_by = $2, resolution = $3, awaiting_since = null where id = $1`,
      [t.id, ctx.actor.userId, text.slice(0, 500)]);
    await insertEvent(q, { threadId: t.id, kind: 'closed', actorId: ctx.actor.userId, detail: { resolution: text.slice(0, 500) } });
    return 'close';
  });
}

export function resolveByPatient(ctx: Ctx, threadId: string) {
  return changeThread(ctx, threadId, async (t, q) => {
    if (t.status === 'closed') throw conflict('This conversation is already closed.', 'thread_closed');
    await q.query(`update msg_thread set status = 'closed', closed_at = now(), closed_by = $2, resolution = 'Resolved by the patient', awaiting_since = null
      where id = $1`, [t.id, ctx.actor.userId]);
    await insertEvent(q, { threadId: t.id, kind: 'resolved_by_patient', actorId: ctx.actor.userId });
    return 'resolve';
  });
}

export function reopenThread(ctx: Ctx, threadId: string) {
  return changeThread(ctx, threadId, async (t, q) => {
    if (t.status !== 'closed') throw conflict('This conversation is not closed.', 'not_closed');
    if (ctx.actor.role === 'patient') {
      const s = await settingsFor(q, t.org_id);
      if (Date.now() - new Date(t.closed_at!).getTime() > s.reopen_window_days * 86_400_000)
        throw conflict(`This conversation was closed more than ${s.reopen_window_days} days ago. Start a new conversation; it will be linked to this one.`, 'reopen_window');
    }
    const [pool] = await q.query<PoolRow>('select * from msg_pool where id = $1', [t.pool_id]);
    await q.query(`update msg_thread set status = 'open', closed_at = null, closed_by = null, resolution = null, awaiting_since = now(), due_at = $2,
        overdue_at = null, escalated_at = null where id = $1`, [t.id, dueFrom(pool).toISOString()]);
    await insertEvent(q, { threadId: t.id, kind: 'reopened', actorId: ctx.actor.userId });
    return 'reopen';
  });
}
