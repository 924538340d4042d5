// Measured portal use: the study asked patients how often they used ten features; Portico can count it
// from its own audit trail. Each rule maps audit events *written by the patient themself* (role 'patient',
// outcome 'success', about that patient) to one feature. The rules follow what the features actually write
// (grep "resourceType:" in server/features/*). docs/analysis.md documents the same table.
import type { Queryable } from '../../db/client';
import type { FeatureId } from './questionnaire';
import { FEATURE_IDS } from './questionnaire';

export type UseRule = { feature: FeatureId; events: string; sql: string };

const APPOINTMENT_CATEGORIES = `('appointment','appointments','scheduling')`;

export const USE_RULES: UseRule[] = [
  { feature: 'use_lab_results', events: 'read Observation (results, by date, tests, trend; not vitals), read DiagnosticReport',
    sql: `(e.action = 'read' and (e.resource_type = 'DiagnosticReport' or (e.resource_type = 'Observation' and coalesce(e.detail->>'view', '') <> 'vitals')))` },
  { feature: 'use_medical_record', events: 'read Condition, MedicationRequest, AllergyIntolerance, Immunization, Encounter, DocumentReference, Observation (vitals); download Bundle or DocumentReference',
    sql: `((e.action = 'read' and (e.resource_type in ('Condition','MedicationRequest','AllergyIntolerance','Immunization','Encounter','DocumentReference')
            or (e.resource_type = 'Observation' and e.detail->>'view' = 'vitals')))
          or (e.action = 'download' and e.resource_type in ('Bundle','DocumentReference')))` },
  { feature: 'use_message_doctor', events: 'create MessageThread (any category except appointments), create Message (a reply)',
    sql: `(e.action = 'create' and (e.resource_type = 'Message'
            or (e.resource_type = 'MessageThread' and coalesce(e.detail->>'category', '') not in ${APPOINTMENT_CATEGORIES})))` },
  { feature: 'use_request_appointment', events: 'create AppointmentRequest, create MessageThread in an appointment category',
    sql: `(e.action = 'create' and (e.resource_type = 'AppointmentRequest'
            or (e.resource_type = 'MessageThread' and e.detail->>'category' in ${APPOINTMENT_CATEGORIES})))` },
  { feature: 'use_billing', events: 'read Account, Statement, Payment (receipt)',
    sql: `(e.action = 'read' and e.resource_type in ('Account','Statement','Payment'))` },
  { feature: 'use_directory', events: 'read PhoneDirectory',
    sql: `(e.action = 'read' and e.resource_type = 'PhoneDirectory')` },
  { feature: 'use_find_doctor', events: 'search or read Practitioner',
    sql: `(e.action in ('search','read') and e.resource_type = 'Practitioner')` },
  { feature: 'use_pay_bills', events: 'create Payment (successful), create PaymentPlan',
    sql: `(e.action = 'create' and e.resource_type in ('Payment','PaymentPlan'))` },
  { feature: 'use_maps', events: 'read Location',
    sql: `(e.action = 'read' and e.resource_type = 'Location')` },
  { feature: 'use_insurance', events: 'read Coverage (not the referral form), read or create InsuranceCardImage, create InsuranceUpdateRequest',
    sql: `((e.action = 'read' and ((e.resource_type = 'Coverage' and e.detail->>'purpose' is null) or e.resource_type = 'InsuranceCardImage'))
          or (e.action = 'create' and e.resource_type in ('InsuranceCardImage','InsuranceUpdateRequest')))` },
];

const FEATURE_CASE = `case ${USE_RULES.map((r) => `when ${r.sql} then '${r.feature}'`).join('\n ')} end`;

export type UseCounts = Map<string, Record<FeatureId, number>>;

/** Events per patient and feature in the last `windowDays` days. Every patient asked for gets a row (zeros). */
export async function measuredUseCounts(q: Queryable, patientIds: string[], windowDays: number): Promise<UseCounts> {
  const out: UseCounts = new Map();
  for (const id of patientIds) out.set(id, Object.fromEntries(FEATURE_IDS.map((f) => [f, 0])) as Record<FeatureId, number>);
  if (patientIds.length === 0) return out;
  const rows = await q.query<{ patient_id: string; feature: FeatureId; n: number }>(
    `select patient_id, feature, count(*)::int as n from (
       select e.patient_id, ${FEATURE_CASE} as feature from audit_event e
        where e.patient_id = any($1::uuid[]) and e.role = 'patient' and e.outcome = 'success'
          and e.at >= now() - make_interval(days => $2::int)) x
      where feature is not null group by patient_id, feature`,
    [patientIds, windowDays]);
  for (const r of rows) out.get(r.patient_id)![r.feature] = r.n;
  return out;
}

/**
 * Counts become the survey's 1–6 scale by events per 30 days (rate = count × 30 / window):
 * 0 → 1 never · < 0.5 → 2 · < 1 → 3 · < 2 → 4 (about monthly: "frequent use") · < 4 → 5 · ≥ 4 → 6 (about weekly or more).
 */
export const RATING_BINS = [
  { rating: 1, label: 'never (0 events)' },
  { rating: 2, label: 'less than once every 2 months' },
  { rating: 3, label: 'once every 1–2 months' },
  { rating: 4, label: '1–2 times a month' },
  { rating: 5, label: '2–4 times a month' },
  { rating: 6, label: '4 or more times a month' },
];

export function countToRating(count: number, windowDays: number): number {
  if (count <= 0) return 1;
  const perMonth = (count * 30) / windowDays;
  if (perMonth < 0.5) return 2;
  if (perMonth < 1) return 3;
  if (perMonth < 2) return 4;
  if (perMonth < 4) return 5;
  return 6;
}
