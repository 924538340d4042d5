import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { announce, openRequestThread, postPatientMessage, type OpenedThread } from './conversation';
import { DAY_TEXT, KIND_TEXT, MODALITY_TEXT, TIMES_TEXT, presentAppointment, presentRequest, whenText } from './presenters';
import {
  findAppointment, findClinician, findRequest, findVisitType, insertRequest, isUuid, listAppointmentsForPatient, listClinicians, listVisitTypes,
  type AppointmentRow,
} from './repository';

export type Ctx = { db: Db; actor: Actor; config: Config; ip: string };

export type RequestInput = {
  kind: 'new' | 'cancel' | 'reschedule'; appointmentId?: string; reason: string; preferredClinicianId?: string | null; clinicId?: string | null;
  preferredDays: number[]; preferredTimes: ('morning' | 'afternoon' | 'evening')[]; modality: 'in_person' | 'video' | 'phone';
  visitTypeId?: string | null; idempotencyKey: string;
};

export async function orgTimezone(q: Queryable, orgId: string): Promise<string> {
  const [s] = await q.query<{ timezone: string }>('select timezone from sched_settings where org_id = $1', [orgId]);
  return s?.timezone ?? 'America/Chicago';
}

/** The clinic a request goes to: the appointment's, else the preferred clinician's, else the one asked for, else the patient's own. */
async function requestClinic(q: Queryable, actor: Actor, patientId: string, appt: AppointmentRow | null, clinicianClinics: string[], clinicId?: string | null) {
  if (appt) return appt.clinic_id;
  if (clinicId) {
    const ok = isUuid(clinicId) && (await q.query('select 1 from clinic where id = $1 and org_id = $2', [clinicId, actor.orgId])).length > 0;
    if (!ok) throw badRequest('Choose a clinic from the list.', 'clinicId');
    return clinicId;
  }
  if (clinicianClinics.length) return clinicianClinics[0];
  const [p] = await q.query<{ clinic_id: string | null }>(
    `select coalesce(p.primary_clinic_id, (select c.id from clinic c where c.org_id = p.org_id order by c.created_at limit 1)) as clinic_id
       from patient p where p.id = $1`, [patientId]);
  if (!p?.clinic_id) throw badRequest('Choose a clinic for your request.', 'clinicId');
  return p.clinic_id;
}

/** A patient asks for a new appointment, or to cancel or move one. It becomes a conversation with the scheduling pool. */
export async function createRequest(ctx: Ctx, input: RequestInput) {
  const { db, actor, ip } = ctx;
  const patientId = actor.patientId!;
  const { idempotencyKey, ...request } = input;
  let opened: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: 'POST /api/appointment-requests', request }, async (q) => {
    const reason = input.reason.trim();
    if (!reason) throw badRequest('Please tell us what the visit is for.', 'reason');
    let appt: AppointmentRow | null = null;
    if (input.kind !== 'new') {
      if (!input.appointmentId) throw badRequest('Choose the appointment to change.', 'appointmentId');
      appt = await findAppointment(q, actor, input.appointmentId, true);
      if (!appt) throw notFound('This appointment');
      if (appt.status !== 'booked' || new Date(appt.start_at).getTime() <= Date.now())
        throw conflict('This appointment can no longer be changed online. Please call the clinic.', 'appointment_not_changeable');
      const open = await q.query("select 1 from appointment_request where appointment_id = $1 and status in ('pending', 'alternatives_offered')", [appt.id]);
      if (open.length) throw conflict('You already asked to change this appointment. The team will answer in that conversation.', 'request_exists');
    }
    let clinician = null;
    if (input.preferredClinicianId) {
      clinician = await findClinician(q, actor.orgId, input.preferredClinicianId);
      if (!clinician || clinician.role !== 'physician') throw badRequest('Choose a clinician from the list.', 'preferredClinicianId');
    }
    let visitTypeName: string | null = null;
    if (input.visitTypeId) {
      const vt = await findVisitType(q, actor.orgId, input.visitTypeId);
      if (!vt) throw badRequest('Choose a visit type from the list.', 'visitTypeId');
      visitTypeName = vt.name;
    }
    const clinicId = await requestClinic(q, actor, patientId, appt, clinician?.clinic_ids ?? [], input.clinicId);
    const tz = await orgTimezone(q, actor.orgId);
    const days = [...new Set(input.preferredDays)].sort();
    const times = [...new Set(input.preferredTimes)];
    const lines = [
      `${KIND_TEXT[input.kind]} request`,
      appt ? `Appointment: ${whenText(appt.start_at, tz)} with ${appt.clinician_name}` : null,
      `Reason: ${reason}`,
      `Visit type: ${MODALITY_TEXT[input.modality]}${visitTypeName ? ` (${visitTypeName})` : ''}`,
      clinician ? `Preferred clinician: ${clinician.display_name}` : null,
      input.kind !== 'cancel' ? `Preferred days: ${days.length ? days.map((d) => DAY_TEXT[d]).join(', ') : 'any day'}` : null,
      input.kind !== 'cancel' ? `Preferred times: ${times.length ? times.map((t) => TIMES_TEXT[t]).join(', ') : 'any time'}` : null,
    ].filter(Boolean);
    const subject = input.kind === 'new' ? `Appointment request: ${reason.slice(0, 80)}` : `${KIND_TEXT[input.kind]}: ${appt ? whenText(appt.start_at, tz) : ''}`;
    opened = await openRequestThread(q, actor, {
      patientId, clinicId, kind: 'appointment', subject, body: lines.join('\n'), providerId: clinician?.id ?? appt?.clinician_id ?? null,
    });
    const id = await insertRequest(q, {
      orgId: actor.orgId, patientId, clinicId, kind: input.kind, appointmentId: appt?.id ?? null, reason, preferredClinicianId: clinician?.id ?? null,
      preferredDays: days, preferredTimes: times, modality: input.modality, visitTypeId: input.visitTypeId ?? null, threadId: opened.threadId,
      createdBy: actor.userId,
    });
    await audit(q, { actor, patientId, action: 'create', resourceType: 'AppointmentRequest', resourceId: id, ip, detail: { kind: input.kind, threadId: opened.threadId } });
    const row = (await findRequest(q, actor, id))!;
    return { status: 201, body: { request: presentRequest(row, false) } };
  });
  if (!res.replayed) announce(opened, 'created');
  return res;
}

/** "Do you want me to get labs before my visit?" — asked from the appointment, once; later clicks open the same conversation. */
export async function askAboutLabs(ctx: Ctx, appointmentId: string, input: { note?: string; idempotencyKey: string }) {
  const { db, actor, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let opened: OpenedThread | null = null;
  let created = false;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/appointments/${appointmentId}/labs-question`, request }, async (q) => {
    const appt = await findAppointment(q, actor, appointmentId, true);
    if (!appt) throw notFound('This appointment');
    if (appt.labs_thread_id) return { status: 200, body: { threadId: appt.labs_thread_id, alreadyAsked: true } };
    if (appt.status !== 'booked' || new Date(appt.start_at).getTime() <= Date.now())
      throw conflict('You can ask about labs only before an upcoming visit.', 'appointment_not_upcoming');
    const tz = await orgTimezone(q, actor.orgId);
    const note = (input.note ?? '').trim();
    const body = `Do you want me to get labs before my visit on ${whenText(appt.start_at, tz)} with ${appt.clinician_name}?${note ? `\n\n${note}` : ''}`;
    const thread = appt.thread_id
      ? (await q.query<{ status: string }>('select status from msg_thread where id = $1', [appt.thread_id]))[0] : undefined;
    opened = thread && thread.status !== 'closed'
      ? await postPatientMessage(q, actor, appt.thread_id!, body)
      : await openRequestThread(q, actor, {
        patientId: appt.patient_id, clinicId: appt.clinic_id, kind: 'appointment', subject: `Labs before my visit on ${whenText(appt.start_at, tz)}`,
        body, providerId: appt.clinician_id,
      });
    created = !thread || thread.status === 'closed';
    await q.query('update appointment set labs_thread_id = $2 where id = $1', [appt.id, opened.threadId]);
    await audit(q, { actor, patientId: appt.patient_id, action: 'create', resourceType: 'PreVisitQuestion', resourceId: appt.id, ip, detail: { threadId: opened.threadId } });
    return { status: 201, body: { threadId: opened.threadId, alreadyAsked: false } };
  });
  if (!res.replayed) announce(opened, created ? 'created' : 'message');
  return res;
}

export async function listForPatient(ctx: Ctx, patientId: string) {
  const { db, actor, ip } = ctx;
  const rows = await listAppointmentsForPatient(db, actor, patientId);
  const tz = await orgTimezone(db, actor.orgId);
  await auditRead(db, { actor, patientId, action: 'read', resourceType: 'Appointment', ip, detail: { count: rows.length } });
  const all = rows.map((r) => presentAppointment(r, { staff: actor.role !== 'patient', tz }));
  return {
    upcoming: all.filter((a) => a.upcoming).sort((a, b) => a.startAt.localeCompare(b.startAt)),
    past: all.filter((a) => !a.upcoming),
  };
}

export async function getOne(ctx: Ctx, id: string) {
  const { db, actor, ip } = ctx;
  const row = await findAppointment(db, actor, id);
  if (!row) throw notFound('This appointment');
  await auditRead(db, { actor, patientId: row.patient_id, action: 'read', resourceType: 'Appointment', resourceId: row.id, ip });
  return { row, appointment: presentAppointment(row, { staff: actor.role !== 'patient', tz: await orgTimezone(db, actor.orgId) }) };
}

export const requestOptions = async (db: Db, actor: Actor) => {
  const [visitTypes, clinicians, clinics] = await Promise.all([
    listVisitTypes(db, actor.orgId), listClinicians(db, actor.orgId),
    db.query<{ id: string; name: string }>('select id, name from clinic where org_id = $1 order by name', [actor.orgId])]);
  return { visitTypes, clinicians, clinics };
};
