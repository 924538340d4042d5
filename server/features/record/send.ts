import type { Config } from '../../config';
import { audit } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { settingsFor } from '../messaging/repository';
import { prefs } from './glucose';
import { deliverToCareTeam, HOME_READINGS_CATEGORY, inTransaction, markShared, textTable } from './home-shared';
import type { Who } from './service';
import { fromMgdl, type GlucoseUnit } from './units';

export { HOME_READINGS_CATEGORY };

const SHORT_CONTEXT: Record<string, string> = { fasting: 'Fasting', 'before-meal': 'Before meal', 'after-meal': 'After meal', bedtime: 'Bedtime', other: 'Other' };

type Row = { id: string; value_mgdl: number; context: string; measured_at: Date; shared: boolean };

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
  return textTable({ head, columns: ['When', 'Blood sugar', 'Time of check'], cells, maxChars: input.maxChars });
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
  const res = await runIdempotent(w.db, { userId: actor.userId, actor, key: idempotencyKey, route: 'POST /api/record/glucose/send', request }, async (q) => {
    const rows = await q.query<Row>(
      `select id, value_mgdl, context, measured_at, shared from home_glucose
        where patient_id = $1 and deleted_at is null and measured_at >= now() - make_interval(days => $2)
        order by measured_at desc, created_at desc`, [w.patientId, input.days]);
    if (!rows.length) throw badRequest(`You have no readings from the last ${input.days} days to send. Add a reading first.`, 'days');
    const p = await prefs(inTransaction(w.db, q), w.patientId);
    const settings = await settingsFor(q, actor.orgId);
    const note = (input.note ?? '').trim();
    const body = readingsText({ rows, unit: p.unit, days: input.days, tz: input.tz, low: p.low, high: p.high, note, maxChars: settings.max_body_chars });
    // Into a conversation the patient already has (their own only: another's is 404 from messaging), or a new one.
    const threadId = await deliverToCareTeam(w, q, {
      idempotencyKey, threadId: input.threadId, subject: `My blood sugar readings, last ${input.days} days`, body, urgentAcknowledged: input.urgentAcknowledged,
    });
    const newly = await markShared(q, 'home_glucose', w.patientId, rows.map((r) => r.id));
    await audit(q, {
      actor, patientId: w.patientId, action: 'share', resourceType: 'HomeGlucose', ip: w.ip,
      detail: { days: input.days, readings: rows.length, newlyShared: newly.length, threadId },
    });
    return { status: 201, body: { threadId, sent: rows.length, shared: newly.length } };
  });
  return res.body;
}
