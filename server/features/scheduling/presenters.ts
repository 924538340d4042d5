import { z } from 'zod';
import type { AppointmentRow, ClinicianRow, RequestRow, VisitTypeRow } from './repository';
import type { SlotRow } from './slots';

export const DEFAULT_TZ = 'America/Chicago';
export const MODALITY_TEXT = { in_person: 'In person', video: 'Video visit', phone: 'Phone visit' } as const;
export const TIMES_TEXT: Record<string, string> = { morning: 'mornings', afternoon: 'afternoons', evening: 'evenings' };
export const DAY_TEXT = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const iso = (d: Date | string) => new Date(d).toISOString();

/** "Tuesday, December 2, 2026 at 9:00 AM" in the clinic's time zone: what patients read in messages and lists. */
const formats = new Map<string, [Intl.DateTimeFormat, Intl.DateTimeFormat]>();
export function whenText(d: Date | string, tz = DEFAULT_TZ): string {
  // Building a formatter is far slower than using one: a slot list formats hundreds of times, so they are kept per zone.
  let f = formats.get(tz);
  if (!f) {
    f = [new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
      new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit' })];
    formats.set(tz, f);
  }
  const t = new Date(d);
  return `${f[0].format(t)} at ${f[1].format(t)}`;
}

export const VisitTypeOut = z.object({
  id: z.string(), code: z.string(), name: z.string(), modality: z.enum(['in_person', 'video', 'phone']), modalityText: z.string(),
  durationMinutes: z.number(), prepare: z.string(),
});
export const presentVisitType = (v: VisitTypeRow): z.infer<typeof VisitTypeOut> => ({
  id: v.id, code: v.code, name: v.name, modality: v.modality, modalityText: MODALITY_TEXT[v.modality], durationMinutes: v.duration_minutes, prepare: v.prepare_text,
});

export const ClinicianOut = z.object({ id: z.string(), displayName: z.string(), clinicIds: z.array(z.string()) });
export const presentClinician = (c: ClinicianRow): z.infer<typeof ClinicianOut> => ({ id: c.id, displayName: c.display_name, clinicIds: c.clinic_ids });

export const LocationOut = z.object({
  id: z.string(), name: z.string(), address: z.string(), phone: z.string().nullable(), directionsUrl: z.string(),
  parking: z.string().nullable(), entrance: z.string().nullable(), accessibility: z.string().nullable(),
});

export const AppointmentOut = z.object({
  id: z.string(), patientId: z.string(), patientName: z.string().optional(), startAt: z.string(), endAt: z.string(), whenText: z.string(), timezone: z.string(),
  durationMinutes: z.number(), status: z.enum(['booked', 'cancelled', 'completed']), statusText: z.string(), upcoming: z.boolean(),
  clinician: z.object({ id: z.string(), displayName: z.string() }), clinic: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() }),
  location: LocationOut, visitType: z.object({ id: z.string(), name: z.string() }), modality: z.enum(['in_person', 'video', 'phone']), modalityText: z.string(),
  prepare: z.string(), checkin: z.string(), threadId: z.string().nullable(), labsThreadId: z.string().nullable(), requestId: z.string().nullable(),
  calendarUrl: z.string(),
});
export type AppointmentOutT = z.infer<typeof AppointmentOut>;

export function presentAppointment(a: AppointmentRow, opts: { staff: boolean; tz?: string; now?: number }): AppointmentOutT {
  const tz = opts.tz ?? DEFAULT_TZ;
  const address = `${a.address_line}, ${a.city}, ${a.state} ${a.postal_code}`;
  const dest = a.latitude !== null && a.longitude !== null ? `${a.latitude},${a.longitude}` : address;
  const upcoming = a.status === 'booked' && new Date(a.end_at).getTime() > (opts.now ?? Date.now());
  const statusText = a.status === 'cancelled' ? 'Cancelled' : a.status === 'completed' || !upcoming ? 'Past visit' : 'Booked';
  return {
    id: a.id, patientId: a.patient_id, ...(opts.staff ? { patientName: `${a.patient_name} (${a.patient_mrn})` } : {}),
    startAt: iso(a.start_at), endAt: iso(a.end_at), whenText: whenText(a.start_at, tz), timezone: tz,
    durationMinutes: Math.round((new Date(a.end_at).getTime() - new Date(a.start_at).getTime()) / 60_000),
    status: a.status, statusText, upcoming,
    clinician: { id: a.clinician_id, displayName: a.clinician_name }, clinic: { id: a.clinic_id, name: a.clinic_name, phone: a.clinic_phone },
    location: {
      id: a.location_id, name: a.location_name, address, phone: a.location_phone,
      directionsUrl: `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(dest)}`,
      parking: a.parking_notes, entrance: a.entrance_notes, accessibility: a.accessibility_notes,
    },
    visitType: { id: a.visit_type_id, name: a.visit_type_name }, modality: a.modality, modalityText: MODALITY_TEXT[a.modality],
    prepare: a.prepare_text, checkin: a.checkin_text, threadId: a.thread_id, labsThreadId: a.labs_thread_id, requestId: a.request_id,
    calendarUrl: `/api/appointments/${a.id}/calendar.ics`,
  };
}

export const REQUEST_STATUS_TEXT: Record<RequestRow['status'], string> = {
  pending: 'Waiting for the scheduling team',
  alternatives_offered: 'The team offered other times: see the conversation',
  booked: 'Booked',
  cancelled: 'Appointment cancelled',
  closed: 'Closed',
};
export const KIND_TEXT: Record<RequestRow['kind'], string> = { new: 'New appointment', cancel: 'Cancel an appointment', reschedule: 'Move an appointment' };

export const RequestOut = z.object({
  id: z.string(), kind: z.enum(['new', 'cancel', 'reschedule']), kindText: z.string(), patientId: z.string(), patientName: z.string().optional(),
  clinic: z.object({ id: z.string(), name: z.string() }), appointmentId: z.string().nullable(), reason: z.string(),
  preferredClinician: z.object({ id: z.string(), displayName: z.string() }).nullable(), preferredDays: z.array(z.number()),
  preferredTimes: z.array(z.string()), preferenceText: z.string(), modality: z.enum(['in_person', 'video', 'phone']), modalityText: z.string(),
  visitType: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.enum(['pending', 'alternatives_offered', 'booked', 'cancelled', 'closed']), statusText: z.string(), open: z.boolean(),
  threadId: z.string(), bookedAppointmentId: z.string().nullable(), createdAt: z.string(), resolvedAt: z.string().nullable(),
});
export type RequestOutT = z.infer<typeof RequestOut>;

export function preferenceText(days: number[], times: string[]): string {
  const d = days.length ? days.map((n) => DAY_TEXT[n]).join(', ') : 'any day';
  const t = times.length ? times.map((x) => TIMES_TEXT[x] ?? x).join(' or ') : 'any time';
  return `${d}; ${t}`;
}

export function presentRequest(r: RequestRow, staff: boolean): RequestOutT {
  return {
    id: r.id, kind: r.kind, kindText: KIND_TEXT[r.kind], patientId: r.patient_id,
    ...(staff ? { patientName: `${r.patient_name} (${r.patient_mrn})` } : {}),
    clinic: { id: r.clinic_id, name: r.clinic_name }, appointmentId: r.appointment_id, reason: r.reason,
    preferredClinician: r.preferred_clinician_id ? { id: r.preferred_clinician_id, displayName: r.preferred_clinician_name ?? '' } : null,
    preferredDays: r.preferred_days.map(Number), preferredTimes: r.preferred_times, preferenceText: preferenceText(r.preferred_days.map(Number), r.preferred_times),
    modality: r.modality, modalityText: MODALITY_TEXT[r.modality], visitType: r.visit_type_id ? { id: r.visit_type_id, name: r.visit_type_name ?? '' } : null,
    status: r.status, statusText: REQUEST_STATUS_TEXT[r.status], open: r.status === 'pending' || r.status === 'alternatives_offered',
    threadId: r.thread_id, bookedAppointmentId: r.booked_appointment_id, createdAt: iso(r.created_at), resolvedAt: r.resolved_at ? iso(r.resolved_at) : null,
  };
}

export const SlotOut = z.object({
  clinicianId: z.string(), clinicianName: z.string(), locationId: z.string(), locationName: z.string(), startAt: z.string(), endAt: z.string(), whenText: z.string(),
});
export const presentSlot = (s: SlotRow): z.infer<typeof SlotOut> => ({
  clinicianId: s.clinician_id, clinicianName: s.clinician_name, locationId: s.location_id, locationName: s.location_name,
  startAt: iso(s.start_at), endAt: iso(s.end_at), whenText: whenText(s.start_at, s.timezone),
});
