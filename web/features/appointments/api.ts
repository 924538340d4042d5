import { ApiError } from '../../api/client';

/** Shapes mirror server/features/scheduling/presenters.ts. */
export type Modality = 'in_person' | 'video' | 'phone';
export type Appointment = {
  id: string; patientId: string; patientName?: string; startAt: string; endAt: string; whenText: string; timezone: string; durationMinutes: number;
  status: 'booked' | 'cancelled' | 'completed'; statusText: string; upcoming: boolean;
  clinician: { id: string; displayName: string }; clinic: { id: string; name: string; phone: string | null };
  location: { id: string; name: string; address: string; phone: string | null; directionsUrl: string; parking: string | null; entrance: string | null; accessibility: string | null };
  visitType: { id: string; name: string }; modality: Modality; modalityText: string; prepare: string; checkin: string;
  threadId: string | null; labsThreadId: string | null; requestId: string | null; calendarUrl: string;
};
export type AppointmentRequest = {
  id: string; kind: 'new' | 'cancel' | 'reschedule'; kindText: string; patientId: string; patientName?: string; clinic: { id: string; name: string };
  appointmentId: string | null; reason: string; preferredClinician: { id: string; displayName: string } | null; preferredDays: number[];
  preferredTimes: string[]; preferenceText: string; modality: Modality; modalityText: string; visitType: { id: string; name: string } | null;
  status: 'pending' | 'alternatives_offered' | 'booked' | 'cancelled' | 'closed'; statusText: string; open: boolean; threadId: string;
  bookedAppointmentId: string | null; createdAt: string; resolvedAt: string | null;
};
export type VisitType = { id: string; code: string; name: string; modality: Modality; modalityText: string; durationMinutes: number; prepare: string };
export type Options = { visitTypes: VisitType[]; clinicians: { id: string; displayName: string; clinicIds: string[] }[]; clinics: { id: string; name: string }[] };
export type Slot = { clinicianId: string; clinicianName: string; locationId: string; locationName: string; startAt: string; endAt: string; whenText: string };

export const DAYS = [[1, 'Monday'], [2, 'Tuesday'], [3, 'Wednesday'], [4, 'Thursday'], [5, 'Friday'], [6, 'Saturday'], [7, 'Sunday']] as const;
export const TIMES = [['morning', 'Morning (before noon)'], ['afternoon', 'Afternoon (noon to 5 PM)'], ['evening', 'Evening (after 5 PM)']] as const;
export const MODALITIES = [['in_person', 'In person at the clinic'], ['video', 'Video visit'], ['phone', 'Phone visit']] as const;

/** A message a person can act on, whatever went wrong. */
export const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');
/** Conversation link: patients read it in Messages, staff in the in-basket. */
export const threadHref = (threadId: string, staff: boolean) => (staff ? `/inbasket/${threadId}` : `/messages/${threadId}`);
export const localDay = (d = new Date()) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
