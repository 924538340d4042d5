import { z } from 'zod';
import type { ClinicRow, ClinicianRow, EntryRow, LocationRow, ProfileRow } from './repository';

export const Phone = z.object({ label: z.string(), number: z.string(), kind: z.string() });
export const ClinicOut = z.object({
  id: z.string(), name: z.string(), specialty: z.string(), hours: z.string().nullable(), phones: z.array(Phone),
  departments: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().nullable(), hours: z.string().nullable(), phone: Phone })),
});
export const LocationOut = z.object({
  id: z.string(), name: z.string(), clinicId: z.string().nullable(), clinicName: z.string().nullable(),
  address: z.object({ line: z.string(), city: z.string(), state: z.string(), postalCode: z.string(), oneLine: z.string() }),
  latitude: z.number().nullable(), longitude: z.number().nullable(), phone: z.string().nullable(), hours: z.string().nullable(),
  parkingNotes: z.string().nullable(), entranceNotes: z.string().nullable(), accessibilityNotes: z.string().nullable(),
  directionsUrl: z.string().nullable(), geoUri: z.string().nullable(),
});
export const ClinicianOut = z.object({
  id: z.string(), name: z.string(), displayName: z.string(), credentials: z.string().nullable(), specialties: z.array(z.string()),
  languages: z.array(z.string()), gender: z.string().nullable(), acceptingNewPatients: z.boolean(), photoUrl: z.string().nullable(),
  initials: z.string(), clinics: z.array(z.string()),
});
export const ProfileOut = ClinicianOut.extend({
  bio: z.string().nullable(), messagingInstructions: z.string().nullable(), locations: z.array(LocationOut),
  canMessage: z.boolean(), messageUrl: z.string().nullable(), appointmentUrl: z.string(),
});

const KIND_LABEL: Record<string, string> = {
  main: 'Main number', nurse_line: 'Nurse line', after_hours: 'After hours', billing: 'Billing questions', fax: 'Fax', department: 'Phone', other: 'Phone',
};

export function presentClinic(c: ClinicRow, entries: EntryRow[]): z.infer<typeof ClinicOut> {
  const phones: z.infer<typeof Phone>[] = [];
  const push = (kind: string, n: string | null) => { if (n) phones.push({ label: KIND_LABEL[kind], number: n, kind }); };
  push('main', c.phone_main);
  push('nurse_line', c.phone_nurse_line);
  push('after_hours', c.phone_after_hours);
  push('billing', c.phone_billing);
  return {
    id: c.id, name: c.name, specialty: c.specialty, hours: c.hours, phones,
    departments: entries.filter((e) => e.clinic_id === c.id).map(presentEntry),
  };
}

export const presentEntry = (e: EntryRow) => ({
  id: e.id, name: e.name, description: e.description, hours: e.hours, phone: { label: KIND_LABEL[e.kind] ?? 'Phone', number: e.phone, kind: e.kind },
});

export function presentLocation(l: LocationRow): z.infer<typeof LocationOut> {
  const oneLine = `${l.address_line}, ${l.city}, ${l.state} ${l.postal_code}`;
  const has = l.latitude !== null && l.longitude !== null;
  return {
    id: l.id, name: l.name, clinicId: l.clinic_id, clinicName: l.clinic_name,
    address: { line: l.address_line, city: l.city, state: l.state, postalCode: l.postal_code, oneLine },
    latitude: l.latitude, longitude: l.longitude, phone: l.phone, hours: l.hours,
    parkingNotes: l.parking_notes, entranceNotes: l.entrance_notes, accessibilityNotes: l.accessibility_notes,
    // The address goes in the link too, so the map app shows a name rather than bare coordinates when it can.
    directionsUrl: has ? `https://www.google.com/maps/dir/?api=1&destination=${l.latitude},${l.longitude}`
      : `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(oneLine)}`,
    geoUri: has ? `geo:${l.latitude},${l.longitude}?q=${l.latitude},${l.longitude}(${encodeURIComponent(l.name)})` : null,
  };
}

export function initials(name: string): string {
  const words = name.split(',')[0].trim().split(/\s+/);
  return (words[0][0] + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
}

export function presentClinician(r: ClinicianRow): z.infer<typeof ClinicianOut> {
  return {
    id: r.id, name: r.display_name.split(',')[0].trim(), displayName: r.display_name, credentials: r.credentials,
    specialties: r.specialties, languages: r.languages, gender: r.gender, acceptingNewPatients: r.accepting_new_patients,
    photoUrl: r.photo_url, initials: initials(r.display_name), clinics: r.clinic_names,
  };
}

export function presentProfile(r: ProfileRow, extra: { instructions: string | null; locations: LocationRow[]; canMessage: boolean }): z.infer<typeof ProfileOut> {
  return {
    ...presentClinician(r), bio: r.bio, messagingInstructions: extra.instructions, locations: extra.locations.map(presentLocation),
    canMessage: extra.canMessage, messageUrl: extra.canMessage ? `/messages/new?providerId=${r.id}` : null,
    appointmentUrl: `/appointments/request?clinicianId=${r.id}`,
  };
}
