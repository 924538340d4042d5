import { randomUUID } from 'node:crypto';
import type { Observation } from '@medplum/fhirtypes';
import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { settingsFor } from '../messaging/repository';
import { checkMeasuredAt, deliverToCareTeam, markShared, removeReading, shareRecent, textTable, type HomeTable } from './home-shared';
import type { Who } from './service';

// Home blood pressure and weight (issue 14): logged by the patient, kept as FHIR vital-signs Observations, charted with
// plain-words advice when a reading is out of range, shared or sent to the care team like the blood sugar log.

export type VitalKind = 'blood-pressure' | 'weight';
export type WeightUnit = 'kg' | 'lb';
export const LB_PER_KG = 2.20462;
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const VITAL_SIGNS = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }], text: 'Vital Signs' };
export const CODES = {
  panel: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure' },
  pulse: { code: '8867-4', display: 'Heart rate' },
  weight: { code: '29463-7', display: 'Body weight' },
} as const;
/** Blood pressure target for most adults with diabetes (ADA): under 130/80. */
export const BP_TARGET = { systolic: 130, diastolic: 80 } as const;
const table = (k: VitalKind): HomeTable => `home_vital:${k}`;

type Row = {
  id: string; kind: VitalKind; systolic: number | null; diastolic: number | null; pulse: number | null; weight_kg: number | null;
  entered_value: number | null; entered_unit: string; measured_at: Date; note: string | null; shared: boolean; fhir: Observation;
};
const COLS = 'id, kind, systolic, diastolic, pulse, weight_kg, entered_value, entered_unit, measured_at, note, shared, fhir';

export const kgTo = (kg: number, unit: WeightUnit) => Math.round((unit === 'kg' ? kg : kg * LB_PER_KG) * 10) / 10;
const toKg = (v: number, unit: WeightUnit) => (unit === 'kg' ? v : v / LB_PER_KG);

// ---- validation and advice (plain words; the level is also said in words, never only a colour) ----

export function bpProblem(s: number, d: number, pulse?: number): { message: string; field: string } | null {
  if (s < 60 || s > 260) return { field: 'systolic', message: `${s} is not a top number a home monitor shows (60 to 260). Please check the number.` };
  if (d < 30 || d > 160) return { field: 'diastolic', message: `${d} is not a bottom number a home monitor shows (30 to 160). Please check the number.` };
  if (d >= s) return { field: 'diastolic', message: 'The bottom number must be smaller than the top number. Please check the two numbers.' };
  if (pulse !== undefined && (pulse < 30 || pulse > 220)) return { field: 'pulse', message: `${pulse} is not a pulse a home monitor shows (30 to 220). Please check the number.` };
  return null;
}

export type Guidance = { level: 'very-high' | 'high' | 'low' | 'gain'; text: string; amount?: number; unit?: string };

export function bpGuidance(s: number, d: number): Guidance | null {
  if (s > 180 || d > 120) return { level: 'very-high', text: 'This is very high. Sit quietly for 5 minutes and check again. If it is still over 180 on top or over 120 on the bottom, call the nurse line now. If you also have chest pain, trouble breathing, back pain, numbness or weakness, or trouble seeing or speaking, call 911.' };
  if (s < 90 || d < 60) return { level: 'low', text: 'This is low. If you feel dizzy, light-headed or faint, sit or lie down, drink some water, and call the nurse line.' };
  if (s >= 140 || d >= 90) return { level: 'high', text: `This is higher than your target (under ${BP_TARGET.systolic}/${BP_TARGET.diastolic}). Check again on another day. If most of your readings are this high, send them to your care team.` };
  return null;
}

/** Fast gain can mean the body is holding water: 2 kg (about 5 lb) or more above the lowest weight of the week before. */
export function weightGuidance(kg: number, weekLowKg: number | null, unit: WeightUnit): Guidance | null {
  if (weekLowKg === null || kg - weekLowKg < 2) return null;
  const gain = kgTo(kg - weekLowKg, unit);
  return { level: 'gain', amount: gain, unit, text: `Your weight went up ${gain} ${unit} in a week. Fast weight gain can mean your body is holding water. If you also have swelling in your legs or trouble breathing, call the nurse line today.` };
}

// ---- FHIR ----

const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });
const qty = (value: number, unit: string, code: string) => ({ value, unit, system: UCUM, code });

export function toFhir(id: string, patientId: string, v: { kind: VitalKind; systolic?: number; diastolic?: number; pulse?: number; weightKg?: number; at: Date; note: string | null }): Observation {
  const base: Observation = {
    resourceType: 'Observation', id, status: 'final', meta: { source: 'urn:portico' }, category: [VITAL_SIGNS],
    code: { coding: [{ system: LOINC, ...CODES.weight }], text: 'Body weight' },
    subject: patientRef(patientId), performer: [patientRef(patientId)], effectiveDateTime: v.at.toISOString(),
    ...(v.note ? { note: [{ text: v.note }] } : {}),
  };
  if (v.kind === 'weight') return { ...base, valueQuantity: qty(Math.round((v.weightKg as number) * 100) / 100, 'kg', 'kg') };
  const component: NonNullable<Observation['component']> = [
    { code: { coding: [{ system: LOINC, ...CODES.systolic }], text: 'Systolic blood pressure' }, valueQuantity: qty(v.systolic as number, 'mmHg', 'mm[Hg]') },
    { code: { coding: [{ system: LOINC, ...CODES.diastolic }], text: 'Diastolic blood pressure' }, valueQuantity: qty(v.diastolic as number, 'mmHg', 'mm[Hg]') },
  ];
  if (v.pulse !== undefined) component.push({ code: { coding: [{ system: LOINC, ...CODES.pulse }], text: 'Heart rate' }, valueQuantity: qty(v.pulse, 'beats/minute', '/min') });
  return { ...base, code: { coding: [{ system: LOINC, ...CODES.panel }], text: 'Blood pressure' }, component };
}

/** The patient's home blood pressure and weight as FHIR Observations (not removed), for the record download. */
export async function homeVitalResources(q: Queryable, patientId: string, range: { from?: string; to?: string } = {}): Promise<Observation[]> {
  const rows = await q.query<{ fhir: Observation }>(
    `select fhir from home_vital where patient_id = $1 and deleted_at is null
        and ($2::timestamptz is null or measured_at >= $2::timestamptz) and ($3::date is null or measured_at < ($3::date + 1)::timestamptz)
      order by measured_at, id`, [patientId, range.from ?? null, range.to ?? null]);
  return rows.map((r) => r.fhir);
}

// ---- preferences ----

export async function weightUnit(db: Pick<Db, 'query'>, patientId: string): Promise<WeightUnit> {
  const [p] = await db.query<{ weight_unit: WeightUnit | null }>('select weight_unit from record_preference where patient_id = $1', [patientId]);
  return p?.weight_unit ?? 'lb';
}

export async function setWeightUnit(w: Who, unit: WeightUnit) {
  await w.db.query(
    `insert into record_preference (patient_id, weight_unit) values ($1,$2) on conflict (patient_id) do update set weight_unit = excluded.weight_unit`, [w.patientId, unit]);
  return { unit };
}

// ---- reads and writes ----

function present(r: Row, unit: WeightUnit) {
  const common = { id: r.id, kind: r.kind, measuredAt: new Date(r.measured_at).toISOString(), note: r.note, shared: r.shared };
  if (r.kind === 'weight') return { ...common, value: kgTo(r.weight_kg as number, unit), unit, weightKg: Math.round((r.weight_kg as number) * 100) / 100, systolic: null, diastolic: null, pulse: null, flag: null };
  const g = bpGuidance(r.systolic as number, r.diastolic as number);
  return { ...common, value: null, unit: 'mmHg', weightKg: null, systolic: r.systolic, diastolic: r.diastolic, pulse: r.pulse, flag: g ? g.level : null };
}
export type VitalOut = ReturnType<typeof present>;

const rowsSince = (q: Pick<Db, 'query'>, patientId: string, kind: VitalKind, days: number, sharedOnly: boolean) =>
  q.query<Row>(
    `select ${COLS} from home_vital where patient_id = $1 and kind = $2 and deleted_at is null and measured_at >= now() - make_interval(days => $3)
        ${sharedOnly ? 'and shared' : ''} order by measured_at desc, created_at desc`, [patientId, kind, days]);

const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Readings over the last `days` days with a summary. Staff see only what the patient shared. */
export async function list(w: Who, kind: VitalKind, days: number, sharedOnly: boolean) {
  const rows = await rowsSince(w.db, w.patientId, kind, days, sharedOnly);
  await auditRead(w.db, { actor: w.actor, patientId: w.patientId, action: 'read', resourceType: kind === 'weight' ? 'HomeWeight' : 'HomeBloodPressure', ip: w.ip, detail: { view: kind, days } });
  if (kind === 'weight') {
    const unit = await weightUnit(w.db, w.patientId);
    const kgs = rows.map((r) => r.weight_kg as number);
    const a = avg(kgs);
    const change = rows.length > 1 ? kgTo(kgs[0] - kgs[kgs.length - 1], unit) : null;
    return {
      kind, days, unit, target: null, readings: rows.map((r) => present(r, unit)),
      summary: { count: rows.length, average: a === null ? null : kgTo(a, unit), change, inTargetPercent: null, highs: 0, lows: 0 },
    };
  }
  const sys = rows.map((r) => r.systolic as number);
  const dia = rows.map((r) => r.diastolic as number);
  const a = avg(sys);
  const inTarget = rows.filter((r) => (r.systolic as number) < BP_TARGET.systolic && (r.diastolic as number) < BP_TARGET.diastolic).length;
  return {
    kind, days, unit: 'mmHg', target: BP_TARGET, readings: rows.map((r) => present(r, 'kg')),
    summary: {
      count: rows.length, average: a === null ? null : `${Math.round(a)}/${Math.round(avg(dia) as number)}`, change: null,
      inTargetPercent: rows.length ? Math.round((inTarget / rows.length) * 100) : null,
      highs: rows.filter((r) => (r.systolic as number) >= 140 || (r.diastolic as number) >= 90).length,
      lows: rows.filter((r) => (r.systolic as number) < 90 || (r.diastolic as number) < 60).length,
    },
  };
}

async function insert(w: Who, v: { kind: VitalKind; systolic?: number; diastolic?: number; pulse?: number; weightKg?: number; enteredValue: number | null; enteredUnit: string; at: Date; note: string | null }) {
  const id = randomUUID();
  const fhir = toFhir(id, w.patientId, v);
  return w.db.tx(async (q) => {
    const [r] = await q.query<Row>(
      `insert into home_vital (id, patient_id, kind, systolic, diastolic, pulse, weight_kg, entered_value, entered_unit, measured_at, note, fhir)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) returning ${COLS}`,
      [id, w.patientId, v.kind, v.systolic ?? null, v.diastolic ?? null, v.pulse ?? null, v.weightKg ?? null, v.enteredValue, v.enteredUnit, v.at.toISOString(), v.note, JSON.stringify(fhir)]);
    await audit(q, { actor: w.actor, patientId: w.patientId, action: 'create', resourceType: v.kind === 'weight' ? 'HomeWeight' : 'HomeBloodPressure', resourceId: id, ip: w.ip });
    return r;
  });
}

export async function addBloodPressure(w: Who, input: { systolic: number; diastolic: number; pulse?: number; measuredAt?: string; note?: string }) {
  const problem = bpProblem(input.systolic, input.diastolic, input.pulse);
  if (problem) throw badRequest(problem.message, problem.field);
  const at = checkMeasuredAt(input.measuredAt);
  const row = await insert(w, { kind: 'blood-pressure', systolic: input.systolic, diastolic: input.diastolic, pulse: input.pulse, enteredValue: null, enteredUnit: 'mmHg', at, note: input.note?.trim() || null });
  return { reading: present(row, 'kg'), guidance: bpGuidance(input.systolic, input.diastolic) };
}

export async function addWeight(w: Who, input: { value: number; unit: WeightUnit; measuredAt?: string; note?: string }) {
  const kg = toKg(input.value, input.unit);
  if (kg < 20 || kg > 300) {
    const hint = input.unit === 'kg' && input.value > 300 ? ' Did you mean lb?' : '';
    throw badRequest(`${input.value} ${input.unit} is outside what a home scale reads (${kgTo(20, input.unit)} to ${kgTo(300, input.unit)} ${input.unit}). Please check the number.${hint}`, 'value');
  }
  const at = checkMeasuredAt(input.measuredAt);
  const [low] = await w.db.query<{ kg: number | null }>(
    `select min(weight_kg) as kg from home_vital where patient_id = $1 and kind = 'weight' and deleted_at is null
        and measured_at >= $2::timestamptz - interval '7 days' and measured_at < $2::timestamptz`, [w.patientId, at.toISOString()]);
  const row = await insert(w, { kind: 'weight', weightKg: kg, enteredValue: input.value, enteredUnit: input.unit, at, note: input.note?.trim() || null });
  return { reading: present(row, input.unit), guidance: weightGuidance(kg, low?.kg ?? null, input.unit) };
}

export const remove = (w: Who, kind: VitalKind, id: string) => removeReading(w, table(kind), id);
export const share = (w: Who, kind: VitalKind, days: number) => shareRecent(w, table(kind), days);

const WHAT: Record<VitalKind, { title: string; column: string }> = {
  'blood-pressure': { title: 'blood pressure', column: 'Blood pressure' },
  weight: { title: 'weight', column: 'Weight' },
};

/** The message a "send my readings" carries: a summary line and a table, newest first. */
export function vitalsText(input: { kind: VitalKind; rows: Row[]; unit: WeightUnit; days: number; tz: string; note: string; maxChars: number }): string {
  const { kind, rows, unit, days, tz, note } = input;
  const when = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  const n = `${rows.length} reading${rows.length === 1 ? '' : 's'}`;
  let summary: string;
  let cells: string[][];
  if (kind === 'weight') {
    const kgs = rows.map((r) => r.weight_kg as number);
    summary = `${n}, latest ${kgTo(kgs[0], unit)} ${unit}${rows.length > 1 ? `, change ${kgTo(kgs[0] - kgs[kgs.length - 1], unit)} ${unit} over the period` : ''}.`;
    cells = rows.map((r) => [when.format(new Date(r.measured_at)), `${kgTo(r.weight_kg as number, unit)} ${unit}`, r.note ?? '']);
  } else {
    const a = (k: 'systolic' | 'diastolic') => Math.round(avg(rows.map((r) => r[k] as number)) as number);
    const inT = rows.filter((r) => (r.systolic as number) < BP_TARGET.systolic && (r.diastolic as number) < BP_TARGET.diastolic).length;
    summary = `${n}, average ${a('systolic')}/${a('diastolic')} mmHg, ${Math.round((inT / rows.length) * 100)}% under my target of ${BP_TARGET.systolic}/${BP_TARGET.diastolic}.`;
    cells = rows.map((r) => {
      const g = bpGuidance(r.systolic as number, r.diastolic as number);
      const flag = g ? ` (${g.level.replace('-', ' ')})` : '';
      return [when.format(new Date(r.measured_at)), `${r.systolic}/${r.diastolic} mmHg${flag}`, r.pulse ? `pulse ${r.pulse}` : ''];
    });
  }
  const head = [`My home ${WHAT[kind].title} readings, last ${days} day${days === 1 ? '' : 's'}`, summary, ...(note ? [`My note: ${note}`] : []), ''];
  return textTable({ head, columns: ['When', WHAT[kind].column, kind === 'weight' ? 'Note' : 'Pulse'], cells, maxChars: input.maxChars });
}

export type SendVitalsInput = { days: number; note?: string; tz: string; urgentAcknowledged?: boolean; idempotencyKey: string; threadId?: string };

/** "Send my readings to my care team" for blood pressure or weight: as for blood sugar (idempotent, one transaction). */
export async function send(w: Who & { config: Config }, kind: VitalKind, input: SendVitalsInput) {
  const { idempotencyKey, ...request } = input;
  const { actor } = w;
  const res = await runIdempotent(w.db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/record/${kind}/send`, request }, async (q) => {
    const rows = await rowsSince(q, w.patientId, kind, input.days, false);
    if (!rows.length) throw badRequest(`You have no readings from the last ${input.days} days to send. Add a reading first.`, 'days');
    const settings = await settingsFor(q, actor.orgId);
    const unit = await weightUnit(q, w.patientId);
    const body = vitalsText({ kind, rows, unit, days: input.days, tz: input.tz, note: (input.note ?? '').trim(), maxChars: settings.max_body_chars });
    const threadId = await deliverToCareTeam(w, q, {
      idempotencyKey, threadId: input.threadId, subject: `My ${WHAT[kind].title} readings, last ${input.days} days`, body, urgentAcknowledged: input.urgentAcknowledged,
    });
    const newly = await markShared(q, table(kind), w.patientId, rows.map((r) => r.id));
    await audit(q, {
      actor, patientId: w.patientId, action: 'share', resourceType: kind === 'weight' ? 'HomeWeight' : 'HomeBloodPressure', ip: w.ip,
      detail: { days: input.days, readings: rows.length, newlyShared: newly.length, threadId },
    });
    return { status: 201, body: { threadId, sent: rows.length, shared: newly.length } };
  });
  return res.body;
}
