import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { findCategory, settingsFor } from '../messaging/repository';
import { createThread, postMessage } from '../messaging/service';
import { prefs } from './glucose';
import type { Who } from './service';
import { fromMgdl, type GlucoseUnit } from './units';

/** The messaging category for readings sent from home (seeded by messaging: server/features/messaging/demo.ts). */
export const HOME_READINGS_CATEGORY = 'home_readings';

const SHORT_CONTEXT: Record<string, string> = { fasting: 'Fasting', 'before-meal': 'Before meal', 'after-meal': 'After meal', bedtime: 'Bedtime', other: 'Other' };

type Row = { id: string; value_mgdl: number; context: string; measured_at: Date; shared: boolean };

/**
 * The messaging service opens its own transaction; this hands it the caller's open transaction instead, so the
 * conversation, the "shared" marks and the idempotency record commit together or not at all.
 */
function inTransaction(db: Db, q: Queryable): Db {
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

/** A plain-text table of readings (newest first) that fits in `maxChars`; readings that do not fit are counted at the end. */
export function readingsText(input: {
  rows: Row[]; unit: GlucoseUnit; days: number; tz: string; low: number; high: number; note: string; maxChars: number;
}): string {
  const { rows, unit, days, tz, low, high, note } = input;
  const when = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  const values = rows.map((r) => r.value_mgdl);
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  const inRange = Math.round((values.filter((v) => v >= low && v <= high).length / values.length) * 100);
  const lows = values.filter((v) => v < 70).length;
  const head = [
    `My home blood sugar readings, last ${days} day${days === 1 ? '' : 's'} (${unit})`,
    `${rows.length} reading${rows.length === 1 ? '' : 's'}, average ${fromMgdl(avg, unit)} ${unit}, ${inRange}% in my target range (${fromMgdl(low, unit)}-${fromMgdl(high, unit)}), ${lows} low (under ${fromMgdl(70, unit)}).`,
    note ? `My note: ${note}` : null,
    '',
  ].filter((l): l is string => l !== null);
  const cells = rows.map((r) => {
    const v = fromMgdl(r.value_mgdl, unit);
    const flag = r.value_mgdl < 70 ? ' (low)' : r.value_mgdl > high ? ' (high)' : '';
    return [when.format(new Date(r.measured_at)), `${v} ${unit}${flag}`, SHORT_CONTEXT[r.context] ?? r.context];
  });
  const w0 = Math.max(4, ...cells.map((c) => c[0].length));
  const w1 = Math.max(11, ...cells.map((c) => c[1].length));
  const line = (c: string[]) => `${pad(c[0], w0)} | ${pad(c[1], w1)} | ${c[2]}`.trimEnd();
  const lines = [...head, line(['When', 'Blood sugar', 'Time of check']), `${'-'.repeat(w0)}-+-${'-'.repeat(w1)}-+-${'-'.repeat(13)}`];
  const tail = (left: number) => `...and ${left} earlier reading${left === 1 ? '' : 's'}. All ${rows.length} readings are shared in my chart.`;
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

export type SendInput = { days: number; note?: string; tz: string; urgentAcknowledged?: boolean; idempotencyKey: string; threadId?: string };

/**
 * "Send my readings to my care team": one new conversation in the home-readings category whose first message holds a
 * table of the readings of the last `days` days (so it stays in the chart with the thread), and those readings marked shared.
 * Idempotent per key; one transaction (nothing is written when anything fails).
 */
export async function sendReadings(w: Who & { config: Config }, input: SendInput) {
  const { idempotencyKey, ...request } = input;
  const { actor } = w;
  const res = await runIdempotent(w.db, { userId: actor.userId, key: idempotencyKey, route: 'POST /api/record/glucose/send', request }, async (q) => {
    const rows = await q.query<Row>(
      `select id, value_mgdl, context, measured_at, shared from home_glucose
        where patient_id = $1 and deleted_at is null and measured_at >= now() - make_interval(days => $2)
        order by measured_at desc, created_at desc`, [w.patientId, input.days]);
    if (!rows.length) throw badRequest(`You have no readings from the last ${input.days} days to send. Add a reading first.`, 'days');
    if (!input.threadId && !(await findCategory(q, actor.orgId, HOME_READINGS_CATEGORY)))
      throw conflict('Your clinic does not take home readings online yet. Please call the clinic.', 'no_category');
    const p = await prefs(inTransaction(w.db, q), w.patientId);
    const settings = await settingsFor(q, actor.orgId);
    const note = (input.note ?? '').trim();
    const body = readingsText({ rows, unit: p.unit, days: input.days, tz: input.tz, low: p.low, high: p.high, note, maxChars: settings.max_body_chars });
    const mctx = { db: inTransaction(w.db, q), actor, config: w.config, ip: w.ip };
    // Into a conversation the patient already has (their own only: another's is 404 from messaging), or a new one.
    const threadId = input.threadId
      ? (await postMessage(mctx, input.threadId, { body, urgentAcknowledged: input.urgentAcknowledged, idempotencyKey: `${idempotencyKey}:message` })).body.thread.id
      : (await createThread(mctx, {
        category: HOME_READINGS_CATEGORY, subject: `My blood sugar readings, last ${input.days} days`, body,
        urgentAcknowledged: input.urgentAcknowledged, idempotencyKey: `${idempotencyKey}:thread`,
      })).body.thread.id;
    const newly = await q.query<{ id: string }>(
      'update home_glucose set shared = true, shared_at = now() where patient_id = $1 and id = any($2::uuid[]) and not shared returning id',
      [w.patientId, rows.map((r) => r.id)]);
    await audit(q, {
      actor, patientId: w.patientId, action: 'share', resourceType: 'HomeGlucose', ip: w.ip,
      detail: { days: input.days, readings: rows.length, newlyShared: newly.length, threadId },
    });
    return { status: 201, body: { threadId, sent: rows.length, shared: newly.length } };
  });
  return res.body;
}
