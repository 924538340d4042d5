import { z } from 'zod';
import type { Queryable } from '../../db/client';

/**
 * The patient's activity log: who looked at, downloaded or sent their record, in plain words (about a 6th-grade reading
 * level), from the audit trail. Repeats in a row ("You looked at your test results" five times) become one line with a
 * count, and a record sent by secure link names the address it was sent to.
 */

export const ActivityOut = z.object({
  at: z.string().describe('When (the latest time, for repeats)'),
  firstAt: z.string().describe('The earliest time, for repeats (equal to at otherwise)'),
  count: z.number().int().describe('How many times in a row this happened'),
  who: z.string(),
  action: z.string(),
  text: z.string(),
});
export type ActivityOut = z.infer<typeof ActivityOut>;

/** What was looked at, as words that fit after "looked at" / "downloaded". */
const VIEW_WORDS: Record<string, string> = {
  results: 'your test results', 'results-by-date': 'your test results', tests: 'your list of tests', trend: 'a chart of one of your tests',
  problems: 'your health problems', medications: 'your medicines', allergies: 'your allergies', immunizations: 'your shots',
  visits: 'your visits', documents: 'your list of documents', vitals: 'your blood pressure and weight', 'document-content': 'a document in your record',
  procedures: 'your procedures', 'care-plans': 'your care plans', 'export-fhir': 'your record (as a FHIR file for apps)', 'export-ccda': 'your record (as a C-CDA document for doctors)', 'summary-html': 'your record summary', glucose: 'your blood sugar log',
};
const RESOURCE_WORDS: Record<string, string> = {
  Appointment: 'your appointments', AppointmentRequest: 'your appointment requests', Patient: 'your contact details',
  MessageThread: 'your messages', Message: 'your messages', MessageThreadList: 'your messages', Observation: 'your test results',
  MedicationStatement: 'your medicines', MedicationRequest: 'your medicines', HomeGlucose: 'your blood sugar log', Coverage: 'your insurance',
  RefillRequest: 'your refill requests', ReferralRequest: 'your referral requests', Statement: 'your bills', Payment: 'your payments',
};

/** FHIR resource types read through /fhir/R4, in plain words. */
const FHIR_READ_WORDS: Record<string, string> = {
  Patient: 'your personal details', Observation: 'your test results and measurements', Condition: 'your health problems', MedicationRequest: 'your medicines',
  AllergyIntolerance: 'your allergies', Immunization: 'your shots', Encounter: 'your visits', Procedure: 'your procedures', DiagnosticReport: 'your test reports',
  DocumentReference: 'your documents', Binary: 'a document in your record', CarePlan: 'your care plans', Goal: 'your health goals', Coverage: 'your insurance',
  Practitioner: 'the names of your clinicians', Organization: 'the names of your clinics', Location: 'the places you get care',
};

export const ACTIVITY_ACTIONS = ['read', 'download', 'transmit', 'import', 'share', 'break_glass', 'search_result', 'connect-app', 'disconnect-app', 'app-revoked'];

export type ActivityRow = {
  at: Date; user_id: string | null; role: string | null; action: string; resource_type: string; detail: Record<string, unknown> | null;
  display_name: string | null; sent_to: string | null;
};

export function describeActivity(r: ActivityRow, ownUserIds: Set<string>): Omit<ActivityOut, 'count' | 'firstAt'> {
  const you = r.user_id !== null && ownUserIds.has(r.user_id);
  const viaLink = r.user_id === null && r.detail?.via === 'link';
  const who = you ? 'You'
    : viaLink ? (r.sent_to ? `Someone with the link you sent to ${r.sent_to}` : 'Someone with your secure link')
      : r.user_id === null ? 'Portico' : r.display_name ?? 'A staff member';
  const view = typeof r.detail?.view === 'string' ? VIEW_WORDS[r.detail.view] : undefined;
  // Reads through the FHIR API (/fhir/R4): by a connected app, "App NAME read your WHAT"; by the patient, the usual wording.
  if (r.action === 'read' && r.detail?.view === 'fhir') {
    const fhirWhat = FHIR_READ_WORDS[r.resource_type] ?? 'your record';
    if (typeof r.detail.app === 'string') return { at: new Date(r.at).toISOString(), who: `App ${r.detail.app}`, action: r.action, text: `App ${r.detail.app} read ${fhirWhat}` };
    return { at: new Date(r.at).toISOString(), who, action: r.action, text: `${who} looked at ${fhirWhat} through the FHIR API` };
  }
  const what = view ?? RESOURCE_WORDS[r.resource_type] ?? 'your record';
  let text: string;
  if (r.action === 'transmit') text = r.sent_to ? `sent your record to ${r.sent_to} by secure link` : 'sent your record by secure link';
  else if (r.action === 'download') text = `downloaded ${view ?? 'your record'}`;
  else if (r.action === 'read') text = `looked at ${what}`;
  else if (r.action === 'import') text = 'added records from the clinic’s health record system';
  else if (r.action === 'share') text = 'shared your home readings with your care team';
  // Apps connected to the record (SMART, server/features/smart).
  else if (r.action === 'connect-app') text = `connected the app ${String(r.detail?.app ?? '')} to your record`;
  else if (r.action === 'disconnect-app') text = `disconnected the app ${String(r.detail?.app ?? '')}`;
  else if (r.action === 'app-revoked') text = `ended the access of the app ${String(r.detail?.app ?? '')}, as the app asked`;
  else if (r.action === 'search_result') text = 'saw your name in a patient search';
  else if (r.action === 'break_glass') text = 'opened your record in an emergency, outside their usual access, and wrote down why';
  else text = `${r.action === 'create' ? 'added to' : r.action === 'update' ? 'changed' : r.action} your record`;
  return { at: new Date(r.at).toISOString(), who, action: r.action, text: `${who} ${text}` };
}

/** Collapses repeats in a row (same sentence) into one line with a count; input and output newest first. */
export function collapseRepeats(items: Omit<ActivityOut, 'count' | 'firstAt'>[]): ActivityOut[] {
  const out: ActivityOut[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (last && last.text === item.text) {
      last.count++;
      last.firstAt = item.at;
    } else out.push({ ...item, firstAt: item.at, count: 1 });
  }
  return out;
}

/** The patient's activity, newest first, at most `limit` lines (after collapsing repeats). */
export async function activityFor(q: Queryable, patientId: string, limit: number): Promise<ActivityOut[]> {
  // Read enough events to fill `limit` lines even when many are repeats.
  const rows = await q.query<ActivityRow>(
    `select e.at, e.user_id, e.role, e.action, e.resource_type, e.detail, u.display_name, l.to_address as sent_to
       from audit_event e
       left join app_user u on u.id = e.user_id
       left join record_share_link l on e.resource_type = 'Bundle' and l.patient_id = e.patient_id and l.id::text = e.resource_id
      where e.patient_id = $1 and e.outcome = 'success' and e.action = any($2::text[])
        and e.resource_type <> 'AuditEvent'
      order by e.id desc limit $3`, [patientId, ACTIVITY_ACTIONS, Math.min(limit * 10, 5000)]);
  const own = new Set((await q.query<{ id: string }>('select id from app_user where patient_id = $1', [patientId])).map((u) => u.id));
  return collapseRepeats(rows.map((r) => describeActivity(r, own))).slice(0, limit);
}
