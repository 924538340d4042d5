import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { auditRead } from '../../platform/audit/audit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { ClinicOut, ClinicianOut, LocationOut, Phone, ProfileOut, presentEntry } from './presenters';
import * as svc from './service';

const Entry = z.custom<ReturnType<typeof presentEntry>>();
const uuid = z.string().uuid();
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(emptyToUndefined, s.optional());

// The directory is the organization's public face inside the portal: any signed-in person of the organization may read it.
// It holds no patient data; a patient's visits are still recorded as use events (see logUse) for the portal-use research.
/** Patients' use of these pages is recorded (no health data), so a clinic can measure portal use as the study asked it. */
async function logUse(db: Db, actor: Actor, ip: string, action: string, resourceType: string, resourceId?: string) {
  if (actor.role === 'patient') await auditRead(db, { actor, patientId: actor.patientId, action, resourceType, resourceId: resourceId ?? null, ip });
}

export function directoryRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/directory/phones', summary: 'Phone directory: every clinic and department with its numbers and hours', tags: ['directory'], policy: 'directory.read',
    response: z.object({ clinics: z.array(ClinicOut), general: z.array(Entry) }),
    handler: async ({ db, actor, ip }) => { await logUse(db, actor, ip, 'read', 'PhoneDirectory'); return svc.phoneDirectory(db, actor); },
  });

  route(app, {
    method: 'GET', url: '/api/directory/clinicians', summary: 'Find a doctor: search by name, specialty, clinic, location, language, gender, accepting', tags: ['directory'], policy: 'directory.read',
    query: z.object({
      q: z.string().trim().max(100).default(''),
      specialty: opt(z.string().max(80)), clinicId: opt(uuid), locationId: opt(uuid), language: opt(z.string().max(40)),
      gender: opt(z.enum(['female', 'male', 'nonbinary'])),
      accepting: opt(z.enum(['true', 'false']).transform((v) => v === 'true')),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    response: z.object({ query: z.object({ words: z.array(z.string()), fuzzy: z.boolean() }), clinicians: z.array(ClinicianOut) }),
    handler: async ({ db, actor, query, ip }) => { await logUse(db, actor, ip, 'search', 'Practitioner'); return svc.findClinicians(db, actor, query); },
  });

  route(app, {
    method: 'GET', url: '/api/directory/filters', summary: 'Choices for the find-a-doctor filters', tags: ['directory'], policy: 'directory.read',
    response: z.object({
      specialties: z.array(z.string()), languages: z.array(z.string()),
      clinics: z.array(z.object({ id: z.string(), name: z.string() })), locations: z.array(z.object({ id: z.string(), name: z.string() })),
      genders: z.array(z.object({ value: z.string(), label: z.string() })),
    }),
    handler: ({ db, actor }) => svc.filters(db, actor),
  });

  route(app, {
    method: 'GET', url: '/api/directory/clinicians/:clinicianId', summary: "A clinician's profile (message link only for the patient's own care team)", tags: ['directory'], policy: 'directory.read',
    params: z.object({ clinicianId: z.string() }), response: z.object({ clinician: ProfileOut }),
    handler: async ({ db, actor, params }) => ({ clinician: await svc.clinicianProfile(db, actor, params.clinicianId) }),
  });

  route(app, {
    method: 'GET', url: '/api/locations', summary: 'Clinic locations with address, coordinates and directions links', tags: ['directory'], policy: 'directory.read',
    response: z.object({ locations: z.array(LocationOut) }),
    handler: async ({ db, actor, ip }) => { await logUse(db, actor, ip, 'read', 'Location'); return svc.locations(db, actor); },
  });

  route(app, {
    method: 'GET', url: '/api/locations/:locationId', summary: 'One location: address, map data, parking, entrance, accessibility, hours, phone', tags: ['directory'], policy: 'directory.read',
    params: z.object({ locationId: z.string() }),
    response: z.object({
      location: LocationOut, clinic: ClinicOut.nullable(),
      others: z.array(z.object({ id: z.string(), name: z.string(), latitude: z.number(), longitude: z.number() })),
      clinicians: z.array(z.object({ id: z.string(), displayName: z.string(), specialties: z.array(z.string()) })),
    }),
    handler: async ({ db, actor, params, ip }) => { await logUse(db, actor, ip, 'read', 'Location', params.locationId); return svc.locationDetail(db, actor, params.locationId); },
  });

  route(app, {
    method: 'GET', url: '/api/directory/urgent-help',
    summary: "Urgent help on every page, the sign-in page too: 911 and my clinic's nurse line (signed out: the clinic's, when there is only one organization)",
    tags: ['directory'], access: 'public',
    response: z.object({ emergencyNumber: z.string(), clinicName: z.string().nullable(), nurseLine: Phone.nullable(), afterHours: Phone.nullable() }),
    handler: ({ db, actor }) => svc.urgentHelp(db, actor ?? null),
  });

  route(app, {
    method: 'GET', url: '/api/directory/map-config', summary: 'Map tile server (PORTICO_MAP_TILE_URL), or null: use the static locator', tags: ['directory'], policy: 'directory.read',
    response: z.object({ tileUrl: z.string().nullable(), attribution: z.string().nullable() }),
    handler: async () => svc.mapConfig(),
  });
}
