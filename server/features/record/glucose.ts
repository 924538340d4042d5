import type { Db } from '../../db/client';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import type { Who } from './service';
import { fromMgdl, glucoseGuidance, glucoseProblem, toMgdl, type GlucoseUnit } from './units';
import { checkMeasuredAt, removeReading, shareRecent } from './home-shared';

export const CONTEXTS = ['fasting', 'before-meal', 'after-meal', 'bedtime', 'other'] as const;
export const CONTEXT_WORDS: Record<(typeof CONTEXTS)[number], string> = {
  fasting: 'Fasting (before eating in the morning)', 'before-meal': 'Before a meal', 'after-meal': 'After a meal', bedtime: 'At bedtime', other: 'Other time',
};

type Row = { id: string; value_mgdl: number; entered_value: number; entered_unit: GlucoseUnit; context: (typeof CONTEXTS)[number]; measured_at: Date; note: string | null; shared: boolean };
export type Prefs = { unit: GlucoseUnit; low: number; high: number };

export async function prefs(db: Db, patientId: string): Promise<Prefs> {
  const [p] = await db.query<{ glucose_unit: GlucoseUnit; glucose_low: number; glucose_high: number }>(
    'select glucose_unit, glucose_low, glucose_high from record_preference where patient_id = $1', [patientId]);
  return { unit: p?.glucose_unit ?? 'mg/dL', low: p?.glucose_low ?? 70, high: p?.glucose_high ?? 180 };
}

const present = (r: Row, unit: GlucoseUnit) => ({
  id: r.id, value: fromMgdl(r.value_mgdl, unit), unit, valueMgdl: Math.round(r.value_mgdl * 10) / 10, enteredValue: r.entered_value, enteredUnit: r.entered_unit,
  context: r.context, contextText: CONTEXT_WORDS[r.context], measuredAt: new Date(r.measured_at).toISOString(), note: r.note, shared: r.shared,
});

/** Readings over the last `days` days in the patient's unit, with a summary. Staff see only what the patient shared. */
export async function list(w: Who, days: number, sharedOnly: boolean) {
  const p = await prefs(w.db, w.patientId);
  const rows = await w.db.query<Row>(
    `select id, value_mgdl, entered_value, entered_unit, context, measured_at, note, shared from home_glucose
      where patient_id = $1 and deleted_at is null and measured_at >= now() - make_interval(days => $2) ${sharedOnly ? 'and shared' : ''}
      order by measured_at desc, created_at desc`, [w.patientId, days]);
  await auditRead(w.db, { actor: w.actor, patientId: w.patientId, action: 'read', resourceType: 'HomeGlucose', ip: w.ip, detail: { view: 'glucose', days } });
  const values = rows.map((r) => r.value_mgdl);
  const avg = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return {
    unit: p.unit, target: { low: fromMgdl(p.low, p.unit), high: fromMgdl(p.high, p.unit) }, days,
    readings: rows.map((r) => present(r, p.unit)),
    summary: {
      count: rows.length, average: avg === null ? null : fromMgdl(avg, p.unit),
      inRangePercent: values.length ? Math.round((values.filter((v) => v >= p.low && v <= p.high).length / values.length) * 100) : null,
      lows: values.filter((v) => v < 70).length, highs: values.filter((v) => v > p.high).length,
    },
  };
}

export async function add(w: Who, input: { value: number; unit: GlucoseUnit; context: (typeof CONTEXTS)[number]; measuredAt?: string; note?: string }) {
  const problem = glucoseProblem(input.value, input.unit);
  if (problem) throw badRequest(problem, 'value');
  const at = checkMeasuredAt(input.measuredAt);
  const mgdl = toMgdl(input.value, input.unit);
  const p = await prefs(w.db, w.patientId);
  const row = await w.db.tx(async (q) => {
    const [r] = await q.query<Row>(
      `insert into home_glucose (patient_id, value_mgdl, entered_value, entered_unit, context, measured_at, note) values ($1,$2,$3,$4,$5,$6,$7)
       returning id, value_mgdl, entered_value, entered_unit, context, measured_at, note, shared`,
      [w.patientId, mgdl, input.value, input.unit, input.context, at.toISOString(), input.note?.trim() || null]);
    await audit(q, { actor: w.actor, patientId: w.patientId, action: 'create', resourceType: 'HomeGlucose', resourceId: r.id, ip: w.ip });
    return r;
  });
  return { reading: present(row, p.unit), guidance: glucoseGuidance(mgdl) };
}

export const remove = (w: Who, id: string) => removeReading(w, 'home_glucose', id);

/** "Share with my care team": marks the readings of the last `days` days as shared (staff can then see them). */
export const share = (w: Who, days: number) => shareRecent(w, 'home_glucose', days);

export async function setUnit(w: Who, unit: GlucoseUnit) {
  await w.db.query(
    `insert into record_preference (patient_id, glucose_unit) values ($1,$2) on conflict (patient_id) do update set glucose_unit = excluded.glucose_unit`, [w.patientId, unit]);
  return prefs(w.db, w.patientId);
}
