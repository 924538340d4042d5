import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { findCategory } from '../messaging/repository';
import { createThread, postMessage } from '../messaging/service';
import type { Who } from './service';

// What every home-readings log shares (blood sugar, blood pressure, weight): the time checks, the soft delete, "share
// with my care team", the plain-text table a message carries, and sending it as a conversation.

/** The messaging category for readings sent from home (seeded by messaging: server/features/messaging/demo.ts). */
export const HOME_READINGS_CATEGORY = 'home_readings';

/** A reading's time: not in the future (5 minutes of clock slack), not more than a year old. */
export function checkMeasuredAt(measuredAt: string | undefined): Date {
  const at = measuredAt ? new Date(measuredAt) : new Date();
  if (at.getTime() > Date.now() + 5 * 60_000) throw badRequest('The time of the reading is in the future. Please check the date and time.', 'measuredAt');
  if (at.getTime() < Date.now() - 366 * 86_400_000) throw badRequest('The reading is more than a year old. Please enter readings from the last year.', 'measuredAt');
  return at;
}

/** The tables of home readings, with the audit resource type of each (a fixed list: never a table name from a request). */
export const HOME_TABLES = {
  home_glucose: { resourceType: 'HomeGlucose', kind: null },
  'home_vital:blood-pressure': { resourceType: 'HomeBloodPressure', kind: 'blood-pressure' },
  'home_vital:weight': { resourceType: 'HomeWeight', kind: 'weight' },
} as const;
export type HomeTable = keyof typeof HOME_TABLES;
const sqlOf = (t: HomeTable) => {
  const k = HOME_TABLES[t].kind;
  return { table: k ? 'home_vital' : 'home_glucose', kindSql: k ? ` and kind = '${k}'` : '' };
};

/** Removes one of the patient's own readings (soft delete, audited); anything else is 404. */
export async function removeReading(w: Who, t: HomeTable, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('This reading');
  const { table, kindSql } = sqlOf(t);
  await w.db.tx(async (q) => {
    const r = await q.query(`update ${table} set deleted_at = now() where id = $1 and patient_id = $2 and deleted_at is null${kindSql} returning id`, [id, w.patientId]);
    if (!r.length) throw notFound('This reading');
    await audit(q, { actor: w.actor, patientId: w.patientId, action: 'delete', resourceType: HOME_TABLES[t].resourceType, resourceId: id, ip: w.ip });
  });
}

/** "Share with my care team": marks the readings of the last `days` days as shared (staff can then see them). */
export async function shareRecent(w: Who, t: HomeTable, days: number) {
  const { table, kindSql } = sqlOf(t);
  return w.db.tx(async (q) => {
    const r = await q.query(
      `update ${table} set shared = true, shared_at = now() where patient_id = $1 and deleted_at is null and not shared
         and measured_at >= now() - make_interval(days => $2)${kindSql} returning id`, [w.patientId, days]);
    await audit(q, { actor: w.actor, patientId: w.patientId, action: 'share', resourceType: HOME_TABLES[t].resourceType, ip: w.ip, detail: { days, readings: r.length } });
    return { shared: r.length };
  });
}

/** Marks the given readings shared; returns the ids that were not shared before. */
export async function markShared(q: Queryable, t: HomeTable, patientId: string, ids: string[]) {
  const { table } = sqlOf(t);
  return q.query<{ id: string }>(`update ${table} set shared = true, shared_at = now() where patient_id = $1 and id = any($2::uuid[]) and not shared returning id`, [patientId, ids]);
}

/**
 * The messaging service opens its own transaction; this hands it the caller's open transaction instead, so the
 * conversation, the "shared" marks and the idempotency record commit together or not at all.
 */
export function inTransaction(db: Db, q: Queryable): Db {
  return {
    kind: db.kind,
    query: <T>(sql: string, params?: unknown[]) => q.query<T>(sql, params),
    beforeCommit: q.beforeCommit,
    tx: <T>(fn: (inner: Queryable) => Promise<T>) => fn(q),
    exec: () => Promise.reject(new Error('exec is not available inside a transaction')),
    close: () => Promise.resolve(),
  };
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));

/**
 * A plain-text table under some heading lines that fits in `maxChars`: every column but the last padded to its widest cell
 * (or header); rows that do not fit are counted at the end.
 */
export function textTable(input: { head: string[]; columns: string[]; cells: string[][]; maxChars: number }): string {
  const { head, columns, cells } = input;
  const last = columns.length - 1;
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === last ? x : pad(x, widths[i]))).join(' | ').trimEnd();
  const rule = columns.map((c, i) => '-'.repeat(i === last ? c.length : widths[i])).join('-+-');
  const lines = [...head, line(columns), rule];
  const tail = (left: number) => `...and ${left} earlier reading${left === 1 ? '' : 's'}. All ${cells.length} readings are shared in my chart.`;
  let used = lines.join('\n').length;
  let shown = 0;
  for (const c of cells) {
    const l = line(c);
    const reserve = shown + 1 < cells.length ? tail(cells.length).length + 2 : 0;
    if (used + 1 + l.length + reserve > input.maxChars) break;
    lines.push(l);
    used += 1 + l.length;
    shown += 1;
  }
  if (shown < cells.length) lines.push('', tail(cells.length - shown));
  return lines.join('\n');
}

/**
 * Puts a readings message in front of the care team inside the caller's transaction `q`: a new conversation in the
 * home-readings category, or (threadId) a message in one of the patient's own conversations. Returns the thread id.
 */
export async function deliverToCareTeam(
  w: Who & { config: Config }, q: Queryable,
  input: { idempotencyKey: string; threadId?: string; subject: string; body: string; urgentAcknowledged?: boolean },
): Promise<string> {
  const { actor } = w;
  if (!input.threadId && !(await findCategory(q, actor.orgId, HOME_READINGS_CATEGORY)))
    throw conflict('Your clinic does not take home readings online yet. Please call the clinic.', 'no_category');
  const mctx = { db: inTransaction(w.db, q), actor, config: w.config, ip: w.ip };
  return input.threadId
    ? (await postMessage(mctx, input.threadId, { body: input.body, urgentAcknowledged: input.urgentAcknowledged, idempotencyKey: `${input.idempotencyKey}:message` })).body.thread.id
    : (await createThread(mctx, {
      category: HOME_READINGS_CATEGORY, subject: input.subject, body: input.body,
      urgentAcknowledged: input.urgentAcknowledged, idempotencyKey: `${input.idempotencyKey}:thread`,
    })).body.thread.id;
}
