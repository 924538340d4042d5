import type { Queryable } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { announce, postStaffReply, type OpenedThread } from './conversation';
import { MODALITY_TEXT, presentAppointment, presentRequest, presentSlot, whenText } from './presenters';
import {
  cancelAppointmentRow, findAppointment, findClinician, findRequest, findVisitType, insertAppointment, listVisitTypes, resolveRequest,
  type RequestRow, type VisitTypeRow,
} from './repository';
import { orgTimezone, type Ctx } from './service';
import { claimCells, findOpenSlots, isUniqueViolation, releaseCells, type SlotRow } from './slots';

// The scheduling team's side: open slots, booking a slot that answers a request, offering other times, confirming a cancellation.

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const dayBefore = (d: Date) => ymd(new Date(d.getTime() - 86_400_000));
const dayAfter = (d: Date) => ymd(new Date(d.getTime() + 86_400_000));

export async function searchSlots(ctx: Ctx, input: { clinicianId: string; from?: string; to?: string; visitTypeId?: string; limit?: number }) {
  const { db, actor } = ctx;
  const clinician = await findClinician(db, actor.orgId, input.clinicianId);
  if (!clinician) throw notFound('This clinician');
  let vt: VisitTypeRow | null = null;
  if (input.visitTypeId) {
    vt = await findVisitType(db, actor.orgId, input.visitTypeId);
    if (!vt) throw badRequest('Choose a visit type from the list.', 'visitTypeId');
  }
  const from = input.from ?? ymd(new Date());
  const to = input.to ?? ymd(new Date(Date.parse(from) + 13 * 86_400_000));
  if (Date.parse(to) < Date.parse(from)) throw badRequest('The end date must be on or after the start date.', 'to');
  if (Date.parse(to) - Date.parse(from) > 62 * 86_400_000) throw badRequest('Search at most 62 days at a time.', 'to');
  const rows = await findOpenSlots(db, {
    orgId: actor.orgId, clinicianIds: [clinician.id], from, to, durationMinutes: vt?.duration_minutes ?? null, visitTypeId: vt?.id ?? null,
    notBefore: new Date(), limit: input.limit ?? 300,
  });
  return { clinician: { id: clinician.id, displayName: clinician.display_name }, slots: rows.map(presentSlot) };
}

/** The exact open slot, re-checked inside the booking transaction; null when it is not (or no longer) open. */
async function exactSlot(q: Queryable, orgId: string, clinicianId: string, start: Date, minutes: number, visitTypeId: string | null = null): Promise<SlotRow | null> {
  const rows = await findOpenSlots(q, {
    orgId, clinicianIds: [clinicianId], from: dayBefore(start), to: dayAfter(start), durationMinutes: minutes, visitTypeId, notBefore: new Date(), exactStart: start, limit: 1,
  });
  return rows[0] ?? null;
}

async function lockOpenRequest(q: Queryable, ctx: Ctx, id: string): Promise<RequestRow> {
  const r = await findRequest(q, ctx.actor, id, true);
  if (!r) throw notFound('This request');
  if (r.status !== 'pending' && r.status !== 'alternatives_offered') throw conflict('This request was already answered.', 'request_closed');
  return r;
}

export type BookInput = { clinicianId: string; startAt: string; visitTypeId?: string | null; note?: string; idempotencyKey: string };

/** Books a slot for the request's patient. Two schedulers booking the same time: exactly one wins, the other gets 409. */
export async function bookRequest(ctx: Ctx, requestId: string, input: BookInput) {
  const { db, actor, config, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let replied: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/appointment-requests/${requestId}/book`, request }, async (q) => {
    const r = await lockOpenRequest(q, ctx, requestId);
    if (r.kind === 'cancel') throw conflict('This is a request to cancel. Confirm the cancellation instead of booking.', 'wrong_kind');
    const clinician = await findClinician(q, actor.orgId, input.clinicianId);
    if (!clinician) throw badRequest('Choose a clinician from the list.', 'clinicianId');
    const visitTypeId = input.visitTypeId ?? r.visit_type_id;
    let vt = visitTypeId ? await findVisitType(q, actor.orgId, visitTypeId) : null;
    if (visitTypeId && !vt) throw badRequest('Choose a visit type from the list.', 'visitTypeId');
    vt ??= (await listVisitTypes(q, actor.orgId)).find((v) => v.modality === r.modality) ?? null;
    if (!vt) throw badRequest('Choose a visit type.', 'visitTypeId');
    const start = new Date(input.startAt);
    if (Number.isNaN(start.getTime())) throw badRequest('Choose a time from the list of open slots.', 'startAt');
    // Moving a visit frees its old time first, so the patient may move within the same morning.
    let old = null;
    if (r.kind === 'reschedule' && r.appointment_id) {
      old = await findAppointment(q, actor, r.appointment_id, true);
      if (old?.status === 'booked') {
        await cancelAppointmentRow(q, old.id, actor.userId);
        await releaseCells(q, old.id);
      }
    }
    const slot = await exactSlot(q, actor.orgId, clinician.id, start, vt.duration_minutes, vt.id);
    if (!slot) throw conflict('That time is not open any more. Choose another slot.', 'slot_taken');
    const end = new Date(start.getTime() + vt.duration_minutes * 60_000);
    const [loc] = await q.query<{ clinic_id: string | null }>('select clinic_id from location where id = $1', [slot.location_id]);
    let appointmentId: string;
    try {
      appointmentId = await insertAppointment(q, {
        orgId: actor.orgId, patientId: r.patient_id, clinicianId: clinician.id, clinicId: loc?.clinic_id ?? r.clinic_id, locationId: slot.location_id,
        visitType: vt, modality: vt.modality, start, end, requestId: r.id, threadId: r.thread_id, bookedBy: actor.userId,
      });
      await claimCells(q, clinician.id, appointmentId, start, end);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('That time was just booked by someone else. Choose another slot.', 'slot_taken');
      throw e;
    }
    await resolveRequest(q, r.id, 'booked', actor.userId, appointmentId);
    const appt = (await findAppointment(q, actor, appointmentId))!;
    const tz = await orgTimezone(q, actor.orgId);
    const out = presentAppointment(appt, { staff: true, tz });
    const lines = [
      `Your appointment is booked${old ? ' (your earlier time is cancelled)' : ''}:`,
      `${whenText(start, tz)} with ${appt.clinician_name}`,
      `${appt.visit_type_name} (${MODALITY_TEXT[appt.modality]}), ${vt.duration_minutes} minutes`,
      appt.modality === 'in_person' ? `Where: ${appt.location_name}, ${out.location.address}` : null,
      appt.prepare_text ? `How to prepare: ${appt.prepare_text}` : null,
      'You can see it, get directions and add it to your calendar under Appointments.',
      input.note?.trim() ? `\n${input.note.trim()}` : null,
    ].filter(Boolean);
    replied = await postStaffReply(q, actor, config.publicUrl, r.thread_id, lines.join('\n'));
    await audit(q, { actor, patientId: r.patient_id, action: 'create', resourceType: 'Appointment', resourceId: appointmentId, ip, detail: { requestId: r.id } });
    return { status: 201, body: { appointment: out, request: presentRequest((await findRequest(q, actor, r.id))!, true) } };
  });
  if (!res.replayed) announce(replied, 'message');
  return res;
}

/** Replies with other open times; the request stays open for the patient's answer. */
export async function offerAlternatives(ctx: Ctx, requestId: string, input: { slots: { clinicianId: string; startAt: string }[]; message?: string; idempotencyKey: string }) {
  const { db, actor, config, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let replied: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/appointment-requests/${requestId}/alternatives`, request }, async (q) => {
    const r = await lockOpenRequest(q, ctx, requestId);
    const tz = await orgTimezone(q, actor.orgId);
    const vt = r.visit_type_id ? await findVisitType(q, actor.orgId, r.visit_type_id) : null;
    const offered: string[] = [];
    for (const [i, s] of input.slots.entries()) {
      const start = new Date(s.startAt);
      const clinician = await findClinician(q, actor.orgId, s.clinicianId);
      if (!clinician || Number.isNaN(start.getTime())) throw badRequest('Choose times from the list of open slots.', `slots.${i}`);
      const slot = await exactSlot(q, actor.orgId, clinician.id, start, vt?.duration_minutes ?? 15, vt?.id ?? null);
      if (!slot) throw conflict(`${whenText(start, tz)} is not open any more. Choose another slot.`, 'slot_taken');
      offered.push(`- ${whenText(start, tz)} with ${clinician.display_name} at ${slot.location_name}`);
    }
    const message = input.message?.trim();
    if (!offered.length && !message) throw badRequest('Offer at least one time or write a message.', 'slots');
    const body = [message || 'We could not book the time you asked for.', offered.length ? 'These times are open:' : null, ...offered,
      offered.length ? 'Reply in this conversation with the time that suits you.' : null].filter(Boolean).join('\n');
    replied = await postStaffReply(q, actor, config.publicUrl, r.thread_id, body);
    await resolveRequest(q, r.id, 'alternatives_offered', actor.userId);
    await audit(q, { actor, patientId: r.patient_id, action: 'update', resourceType: 'AppointmentRequest', resourceId: r.id, ip, detail: { alternatives: offered.length } });
    return { status: 200, body: { request: presentRequest((await findRequest(q, actor, r.id))!, true) } };
  });
  if (!res.replayed) announce(replied, 'message');
  return res;
}

/** Answers a cancellation request: the appointment is cancelled, its time is free again, the patient is told in the thread. */
export async function confirmCancel(ctx: Ctx, requestId: string, input: { note?: string; idempotencyKey: string }) {
  const { db, actor, config, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let replied: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/appointment-requests/${requestId}/cancel-appointment`, request }, async (q) => {
    const r = await lockOpenRequest(q, ctx, requestId);
    if (r.kind !== 'cancel' || !r.appointment_id) throw conflict('This is not a request to cancel.', 'wrong_kind');
    const appt = await findAppointment(q, actor, r.appointment_id, true);
    if (!appt) throw notFound('This appointment');
    await cancelAppointmentRow(q, appt.id, actor.userId);
    await releaseCells(q, appt.id);
    await resolveRequest(q, r.id, 'cancelled', actor.userId);
    const tz = await orgTimezone(q, actor.orgId);
    const body = `Your appointment on ${whenText(appt.start_at, tz)} with ${appt.clinician_name} is cancelled.${input.note?.trim() ? `\n${input.note.trim()}` : ''}`;
    replied = await postStaffReply(q, actor, config.publicUrl, r.thread_id, body);
    await audit(q, { actor, patientId: r.patient_id, action: 'update', resourceType: 'Appointment', resourceId: appt.id, ip, detail: { status: 'cancelled' } });
    return { status: 200, body: { request: presentRequest((await findRequest(q, actor, r.id))!, true) } };
  });
  if (!res.replayed) announce(replied, 'message');
  return res;
}
