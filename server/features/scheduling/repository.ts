import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import type { Permission } from '../../platform/access/policy';
import { scopeSql as policyScopeSql } from '../../platform/access/scope';

// SQL for visit types, appointments and appointment requests. Reads that start from a client-supplied id carry the
// actor's scope: a patient reaches only their own rows, staff only their organization's.

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The access policy's scope SQL (platform/access/scope.ts) for a row with patient_id and org_id. */
export function scopeSql(actor: Actor, alias: string, params: unknown[], permission: Permission = 'appointment.read'): string {
  return policyScopeSql(actor, permission, { patient: `${alias}.patient_id`, org: `${alias}.org_id` }, params);
}

export type VisitTypeRow = {
  id: string; org_id: string; code: string; name: string; modality: 'in_person' | 'video' | 'phone'; duration_minutes: number;
  prepare_text: string; checkin_text: string;
};

export const listVisitTypes = (q: Queryable, orgId: string) =>
  q.query<VisitTypeRow>('select * from visit_type where org_id = $1 and active order by sort_order, name', [orgId]);

export async function findVisitType(q: Queryable, orgId: string, id: string): Promise<VisitTypeRow | null> {
  if (!isUuid(id)) return null;
  return (await q.query<VisitTypeRow>('select * from visit_type where id = $1 and org_id = $2 and active', [id, orgId]))[0] ?? null;
}

export type ClinicianRow = { id: string; display_name: string; credentials: string | null; role: string; clinic_ids: string[] };

/** Clinicians a patient may ask for: physicians of the organization, with their clinics. */
export const listClinicians = (q: Queryable, orgId: string) =>
  q.query<ClinicianRow>(
    `select u.id, u.display_name, u.credentials, u.role, coalesce(array_agg(sc.clinic_id) filter (where sc.clinic_id is not null), '{}') as clinic_ids
       from app_user u left join staff_clinic sc on sc.user_id = u.id
      where u.org_id = $1 and u.role = 'physician' and not u.disabled
      group by u.id order by u.display_name`, [orgId]);

export async function findClinician(q: Queryable, orgId: string, id: string): Promise<ClinicianRow | null> {
  if (!isUuid(id)) return null;
  const rows = await q.query<ClinicianRow>(
    `select u.id, u.display_name, u.credentials, u.role, coalesce(array_agg(sc.clinic_id) filter (where sc.clinic_id is not null), '{}') as clinic_ids
       from app_user u left join staff_clinic sc on sc.user_id = u.id
      where u.id = $1 and u.org_id = $2 and u.role in ('physician', 'nurse') and not u.disabled group by u.id`, [id, orgId]);
  return rows[0] ?? null;
}

export type AppointmentRow = {
  id: string; org_id: string; patient_id: string; clinician_id: string; clinic_id: string; location_id: string; visit_type_id: string;
  modality: 'in_person' | 'video' | 'phone'; start_at: Date; end_at: Date; status: 'booked' | 'cancelled' | 'completed';
  prepare_text: string; checkin_text: string; request_id: string | null; thread_id: string | null; labs_thread_id: string | null;
  created_at: Date; cancelled_at: Date | null;
  clinician_name: string; clinician_credentials: string | null; clinic_name: string; clinic_phone: string | null;
  location_name: string; address_line: string; city: string; state: string; postal_code: string; latitude: number | null; longitude: number | null;
  location_phone: string | null; parking_notes: string | null; entrance_notes: string | null; accessibility_notes: string | null;
  visit_type_name: string; duration_minutes: number; patient_name: string; patient_mrn: string;
};

const APPT_SELECT = `
  select a.*, u.display_name as clinician_name, u.credentials as clinician_credentials, c.name as clinic_name, c.phone_main as clinic_phone,
         l.name as location_name, l.address_line, l.city, l.state, l.postal_code, l.latitude, l.longitude, l.phone as location_phone,
         l.parking_notes, l.entrance_notes, l.accessibility_notes, vt.name as visit_type_name, vt.duration_minutes,
         p.given_name || ' ' || p.family_name as patient_name, p.mrn as patient_mrn
    from appointment a
    join app_user u on u.id = a.clinician_id
    join clinic c on c.id = a.clinic_id
    join location l on l.id = a.location_id
    join visit_type vt on vt.id = a.visit_type_id
    join patient p on p.id = a.patient_id`;

export async function findAppointment(q: Queryable, actor: Actor, id: string, lock = false): Promise<AppointmentRow | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const scope = scopeSql(actor, 'a', params);
  if (lock) {
    if ((await q.query(`select 1 from appointment a where a.id = $1 and ${scope} for update`, params)).length === 0) return null;
  }
  return (await q.query<AppointmentRow>(`${APPT_SELECT} where a.id = $1 and ${scope}`, params))[0] ?? null;
}

export async function listAppointmentsForPatient(q: Queryable, actor: Actor, patientId: string): Promise<AppointmentRow[]> {
  const params: unknown[] = [patientId];
  const scope = scopeSql(actor, 'a', params);
  return q.query<AppointmentRow>(`${APPT_SELECT} where a.patient_id = $1 and ${scope} order by a.start_at desc limit 200`, params);
}

/** A clinician's booked day(s), for the scheduler's view. */
export async function listClinicianAppointments(q: Queryable, orgId: string, clinicianId: string, from: Date, to: Date): Promise<AppointmentRow[]> {
  return q.query<AppointmentRow>(
    `${APPT_SELECT} where a.org_id = $1 and a.clinician_id = $2 and a.status = 'booked' and a.start_at >= $3 and a.start_at < $4 order by a.start_at`,
    [orgId, clinicianId, from.toISOString(), to.toISOString()]);
}

export type RequestRow = {
  id: string; org_id: string; patient_id: string; clinic_id: string; kind: 'new' | 'cancel' | 'reschedule'; appointment_id: string | null;
  reason: string; preferred_clinician_id: string | null; preferred_days: number[]; preferred_times: string[];
  modality: 'in_person' | 'video' | 'phone'; visit_type_id: string | null;
  status: 'pending' | 'alternatives_offered' | 'booked' | 'cancelled' | 'closed'; thread_id: string; booked_appointment_id: string | null;
  created_at: Date; resolved_at: Date | null;
  preferred_clinician_name: string | null; patient_name: string; patient_mrn: string; clinic_name: string; visit_type_name: string | null;
  thread_status: string | null;
};

const REQ_SELECT = `
  select r.*, u.display_name as preferred_clinician_name, p.given_name || ' ' || p.family_name as patient_name, p.mrn as patient_mrn,
         c.name as clinic_name, vt.name as visit_type_name, t.status as thread_status
    from appointment_request r
    join patient p on p.id = r.patient_id
    join clinic c on c.id = r.clinic_id
    join msg_thread t on t.id = r.thread_id
    left join app_user u on u.id = r.preferred_clinician_id
    left join visit_type vt on vt.id = r.visit_type_id`;

export async function findRequest(q: Queryable, actor: Actor, id: string, lock = false): Promise<RequestRow | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const scope = scopeSql(actor, 'r', params);
  if (lock) {
    if ((await q.query(`select 1 from appointment_request r where r.id = $1 and ${scope} for update`, params)).length === 0) return null;
  }
  return (await q.query<RequestRow>(`${REQ_SELECT} where r.id = $1 and ${scope}`, params))[0] ?? null;
}

/** A patient's own requests, or (staff) the organization's requests, open ones first. */
export async function listRequests(q: Queryable, actor: Actor, opts: { status?: 'open' | 'all'; patientId?: string; limit?: number }): Promise<RequestRow[]> {
  const params: unknown[] = [];
  const where = [scopeSql(actor, 'r', params)];
  if (opts.patientId) {
    params.push(opts.patientId);
    where.push(`r.patient_id = $${params.length}`);
  }
  if (opts.status === 'open') where.push("r.status in ('pending', 'alternatives_offered')");
  params.push(opts.limit ?? 200);
  return q.query<RequestRow>(
    `${REQ_SELECT} where ${where.join(' and ')}
      order by (r.status in ('pending', 'alternatives_offered')) desc, r.created_at ${opts.status === 'open' ? 'asc' : 'desc'} limit $${params.length}`, params);
}

export async function insertRequest(q: Queryable, r: {
  orgId: string; patientId: string; clinicId: string; kind: RequestRow['kind']; appointmentId: string | null; reason: string;
  preferredClinicianId: string | null; preferredDays: number[]; preferredTimes: string[]; modality: RequestRow['modality'];
  visitTypeId: string | null; threadId: string; createdBy: string;
}): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `insert into appointment_request (org_id, patient_id, clinic_id, kind, appointment_id, reason, preferred_clinician_id, preferred_days,
       preferred_times, modality, visit_type_id, thread_id, created_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) returning id`,
    [r.orgId, r.patientId, r.clinicId, r.kind, r.appointmentId, r.reason, r.preferredClinicianId, r.preferredDays, r.preferredTimes,
      r.modality, r.visitTypeId, r.threadId, r.createdBy]);
  return row.id;
}

export async function resolveRequest(q: Queryable, id: string, status: RequestRow['status'], userId: string, bookedAppointmentId: string | null = null) {
  const final = status === 'booked' || status === 'cancelled' || status === 'closed';
  await q.query(
    `update appointment_request set status = $2, booked_appointment_id = coalesce($4, booked_appointment_id),
       resolved_at = case when $5 then now() else resolved_at end, resolved_by = case when $5 then $3::uuid else resolved_by end
     where id = $1`, [id, status, userId, bookedAppointmentId, final]);
}

export async function insertAppointment(q: Queryable, a: {
  orgId: string; patientId: string; clinicianId: string; clinicId: string; locationId: string; visitType: VisitTypeRow;
  modality: AppointmentRow['modality']; start: Date; end: Date; requestId: string | null; threadId: string | null; bookedBy: string | null;
  status?: AppointmentRow['status'];
}): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `insert into appointment (org_id, patient_id, clinician_id, clinic_id, location_id, visit_type_id, modality, start_at, end_at, status,
       prepare_text, checkin_text, request_id, thread_id, booked_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) returning id`,
    [a.orgId, a.patientId, a.clinicianId, a.clinicId, a.locationId, a.visitType.id, a.modality, a.start.toISOString(), a.end.toISOString(),
      a.status ?? 'booked', a.visitType.prepare_text, a.visitType.checkin_text, a.requestId, a.threadId, a.bookedBy]);
  return row.id;
}

export async function cancelAppointmentRow(q: Queryable, id: string, userId: string) {
  await q.query("update appointment set status = 'cancelled', cancelled_at = now(), cancelled_by = $2 where id = $1 and status = 'booked'", [id, userId]);
}
