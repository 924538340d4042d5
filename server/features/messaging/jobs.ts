import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { publishChange } from './live';
import { enqueueEmail, notifyStaff } from './notify';

// Background work that must survive restarts: all state lives in the database, every step is idempotent
// (a second run finds nothing left to do), and rows are claimed with SKIP LOCKED so two processes never double up.

/** Marks open conversations past their due time as overdue and escalated: event, priority up, the pool lead notified. */
export async function escalateOverdue(db: Db, config: Pick<Config, 'publicUrl'>, batch = 200): Promise<number> {
  const rows = await db.tx(async (q) => {
    const due = await q.query<{ id: string; org_id: string; patient_id: string; pool_id: string; due_at: Date; lead_user_id: string | null }>(
      `update msg_thread t set escalated_at = now(), overdue_at = coalesce(t.overdue_at, now()), priority = greatest(t.priority, 1)
         from (select id from msg_thread where status = 'open' and escalated_at is null and due_at < now()
                order by due_at limit $1 for update skip locked) d,
              msg_pool pl
        where t.id = d.id and pl.id = t.pool_id
        returning t.id, t.org_id, t.patient_id, t.pool_id, t.due_at, pl.lead_user_id`, [batch]);
    for (const t of due) {
      await q.query(`insert into msg_event (thread_id, kind, pool_id) values ($1, 'overdue', $2), ($1, 'escalated', $2)`, [t.id, t.pool_id]);
      // One cycle of waiting = one escalation email: the due time is in the key, so a later cycle may notify again.
      if (t.lead_user_id) await notifyStaff(q, config.publicUrl, t.lead_user_id, t.id, `escalation:${t.id}:${new Date(t.due_at).getTime()}`);
      await audit(q, { patientId: t.patient_id, action: 'escalate', resourceType: 'MessageThread', resourceId: t.id, detail: { reason: 'past-due' } });
    }
    return due;
  });
  for (const t of rows) publishChange({ orgId: t.org_id, patientId: t.patient_id, threadId: t.id, poolId: t.pool_id, kind: 'escalated' });
  return rows.length;
}

/** Reminds patients of follow-up requests that are due, once each. */
export async function remindFollowUps(db: Db, config: Pick<Config, 'publicUrl'>): Promise<number> {
  return db.tx(async (q) => {
    const due = await q.query<{ id: string; patient_id: string }>(
      `update msg_followup f set reminded_at = now()
         from (select id from msg_followup where status = 'open' and reminded_at is null and due_date <= current_date for update skip locked) d
        where f.id = d.id returning f.id, f.patient_id`);
    for (const f of due) {
      const users = await q.query<{ id: string; email: string }>("select id, email from app_user where patient_id = $1 and role = 'patient'", [f.patient_id]);
      for (const u of users) await enqueueEmail(q, u.email, `${config.publicUrl}/messages`, `followup:${f.id}:reminder:${u.id}`);
    }
    return due.length;
  });
}

type Transport = { sendMail: (m: { from: string; to: string; subject: string; text: string }) => Promise<unknown> };

async function smtpTransport(url: string): Promise<Transport> {
  // nodemailer ships no types here; the name is a variable so the checker treats it as any.
  const name = 'nodemailer';
  const mod = (await import(name)) as { default?: { createTransport: (u: string) => Transport }; createTransport?: (u: string) => Transport };
  return (mod.default ?? (mod as { createTransport: (u: string) => Transport })).createTransport(url);
}

/** Sends unsent outbox rows. Each row is leased before sending, so a crash mid-send retries later instead of losing it. */
export async function sendOutbox(db: Db, transport: Transport, from = 'Portico <no-reply@portico.local>', batch = 20): Promise<number> {
  const rows = await db.query<{ id: number; to_address: string; subject: string; body: string; attempts: number }>(
    `update outbox_email o set attempts = o.attempts + 1, next_attempt_at = now() + interval '2 minutes'
       from (select id from outbox_email where sent_at is null and attempts < 8 and (next_attempt_at is null or next_attempt_at <= now())
              order by id limit $1 for update skip locked) c
      where o.id = c.id returning o.id, o.to_address, o.subject, o.body, o.attempts`, [batch]);
  let sent = 0;
  for (const r of rows) {
    try {
      await transport.sendMail({ from, to: r.to_address, subject: r.subject, text: r.body });
      await db.query('update outbox_email set sent_at = now(), last_error = null where id = $1', [r.id]);
      sent++;
    } catch (err) {
      const backoffMin = Math.min(60, 2 ** r.attempts);
      await db.query(`update outbox_email set last_error = $2, next_attempt_at = now() + $3 * interval '1 minute' where id = $1`,
        [r.id, String(err instanceof Error ? err.message : err).slice(0, 300), backoffMin]);
    }
  }
  return sent;
}

/** Starts the periodic jobs in the server process. Returns a stop function. Errors are logged, never fatal. */
export function startMessagingWorker(db: Db, config: Config, log: (msg: string, err?: unknown) => void, everyMs = 30_000): () => void {
  let transport: Promise<Transport> | null = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await escalateOverdue(db, config);
      await remindFollowUps(db, config);
      if (transport) await sendOutbox(db, await transport);
    } catch (err) {
      log('messaging worker tick failed', err);
      if (transport) transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 2_000);
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
