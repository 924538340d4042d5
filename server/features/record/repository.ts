import type { Queryable } from '../../db/client';

/**
 * SQL for one patient's record. Every function takes the patient id that the route has already scoped to the actor
 * (ownPatientId for patients; the central :patientId check for staff), and never reads another patient's rows.
 */

export type ObsRow = {
  id: string; code: string; display: string; category: string; value_num: number | null; value_text: string | null; unit: string | null;
  ref_low: number | null; ref_high: number | null; ref_text: string | null; interpretation: string | null; panel: string | null; effective_at: Date;
};
const OBS_COLS = 'id, code, display, category, value_num, value_text, unit, ref_low, ref_high, ref_text, interpretation, panel, effective_at';
export const RESULT_CATEGORIES = ['laboratory'];
export const VITAL_CODES = ['8480-6', '8462-4', '29463-7', '39156-5', '8302-2', '8867-4', '9279-1', '8310-5', '2708-6', '59408-5'];

type Range = { from?: string; to?: string };
const rangeSql = (col: string, r: Range, params: unknown[]) => {
  let s = '';
  if (r.from) { params.push(r.from); s += ` and ${col} >= $${params.length}::timestamptz`; }
  if (r.to) { params.push(r.to); s += ` and ${col} < ($${params.length}::date + 1)::timestamptz`; }
  return s;
};

export async function observations(q: Queryable, patientId: string, opts: { code?: string; categories?: string[]; limit?: number } & Range = {}) {
  const params: unknown[] = [patientId];
  let where = "patient_id = $1 and category <> 'home'";
  if (opts.code) { params.push(opts.code); where += ` and code = $${params.length}`; }
  if (opts.categories) { params.push(opts.categories); where += ` and category = any($${params.length}::text[])`; }
  where += rangeSql('effective_at', opts, params);
  params.push(opts.limit ?? 5000);
  return q.query<ObsRow>(`select ${OBS_COLS} from observation where ${where} order by effective_at desc, display limit $${params.length}`, params);
}

export const vitals = (q: Queryable, patientId: string) =>
  q.query<ObsRow>(`select ${OBS_COLS} from observation where patient_id = $1 and code = any($2::text[]) and value_num is not null order by effective_at`, [patientId, VITAL_CODES]);

/** Tests that have numbers, with how often they were done: the list a patient picks a trend from. */
export const testsWithNumbers = (q: Queryable, patientId: string) =>
  q.query<{ code: string; display: string; unit: string | null; count: number; latest_at: Date }>(
    `select code, max(display) as display, max(unit) as unit, count(*)::int as count, max(effective_at) as latest_at from observation
      where patient_id = $1 and value_num is not null and category = any($2::text[]) group by code order by max(display)`, [patientId, RESULT_CATEGORIES]);

export const conditions = (q: Queryable, patientId: string) =>
  q.query<{ id: string; code: string | null; display: string; clinical_status: string; onset_at: Date | null; abated_at: Date | null }>(
    'select id, code, display, clinical_status, onset_at, abated_at from condition where patient_id = $1 order by onset_at desc nulls last, display', [patientId]);

export const medications = (q: Queryable, patientId: string) =>
  q.query<{ id: string; code: string | null; display: string; dose: string | null; instructions: string | null; status: string; prescriber_name: string | null; authored_at: Date | null }>(
    'select id, code, display, dose, instructions, status, prescriber_name, authored_at from medication where patient_id = $1 order by authored_at desc nulls last, display', [patientId]);

export const allergies = (q: Queryable, patientId: string) =>
  q.query<{ id: string; code: string | null; display: string; reaction: string | null; severity: string | null; clinical_status: string; recorded_at: Date | null }>(
    'select id, code, display, reaction, severity, clinical_status, recorded_at from allergy where patient_id = $1 order by display', [patientId]);

export const immunizations = (q: Queryable, patientId: string) =>
  q.query<{ id: string; code: string | null; display: string; occurred_at: Date }>(
    'select id, code, display, occurred_at from immunization where patient_id = $1 order by occurred_at desc', [patientId]);

export const encounters = (q: Queryable, patientId: string, r: Range = {}) => {
  const params: unknown[] = [patientId];
  return q.query<{ id: string; type: string; reason: string | null; status: string; start_at: Date; end_at: Date | null; clinician_name: string | null; location_name: string | null }>(
    `select id, type, reason, status, start_at, end_at, clinician_name, location_name from encounter where patient_id = $1${rangeSql('start_at', r, params)} order by start_at desc`, params);
};

export const documents = (q: Queryable, patientId: string) =>
  q.query<{ id: string; type: string; title: string | null; description: string | null; doc_date: Date | null; author_name: string | null; content_type: string | null; has_content: boolean }>(
    `select id, type, title, description, doc_date, author_name, content_type, (data is not null) as has_content
       from document_reference where patient_id = $1 and coalesce(status, 'current') <> 'entered-in-error' order by doc_date desc nulls last`, [patientId]);

export const documentContent = (q: Queryable, patientId: string, id: string) =>
  q.query<{ content_type: string | null; data: string | null; title: string | null }>(
    'select content_type, data, title from document_reference where patient_id = $1 and id = $2', [patientId, id]);

export const procedures = (q: Queryable, patientId: string) =>
  q.query<{ id: string; display: string; status: string; performed_at: Date | null }>(
    'select id, display, status, performed_at from procedure where patient_id = $1 order by performed_at desc nulls last', [patientId]);

/** The A1c goal: one the care team set in Portico, else a Goal from the EHR such as "Hemoglobin A1c total in Blood < 7.0". */
export async function a1cTarget(q: Queryable, patientId: string): Promise<{ high: number; source: 'care-team' | 'ehr-goal' } | null> {
  const pref = await q.query<{ a1c_target: number | null }>('select a1c_target from record_preference where patient_id = $1', [patientId]);
  if (pref[0]?.a1c_target) return { high: pref[0].a1c_target, source: 'care-team' };
  const goals = await q.query<{ description: string }>(
    "select description from care_goal where patient_id = $1 and description ~* '(a1c|hba1c)' and coalesce(status, 'active') not in ('cancelled','entered-in-error','rejected')", [patientId]);
  for (const g of goals) {
    const m = /<\s*([\d.]+)/.exec(g.description);
    if (m) return { high: Number(m[1]), source: 'ehr-goal' };
  }
  return null;
}

export const patientRow = (q: Queryable, patientId: string) =>
  q.query<{ id: string; mrn: string; given_name: string; family_name: string; birth_date: string | null; sex: string | null; phone: string | null;
    email: string | null; address_line: string | null; city: string | null; state: string | null; postal_code: string | null; fhir: unknown }>(
    'select p.*, s.fhir from patient p left join patient_source s on s.patient_id = p.id where p.id = $1', [patientId]);
