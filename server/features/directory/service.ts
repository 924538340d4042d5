import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { notFound } from '../../platform/errors';
import * as repo from './repository';
import { presentClinic, presentClinician, presentEntry, presentLocation, presentProfile } from './presenters';
import { expandWords, queryWords } from './search';

export type ClinicianQuery = {
  q: string; specialty?: string; clinicId?: string; locationId?: string; language?: string; gender?: string; accepting?: boolean; limit: number;
};

export async function phoneDirectory(db: Db, actor: Actor) {
  const [clinics, entries] = await Promise.all([repo.listClinics(db, actor), repo.listEntries(db, actor)]);
  return {
    clinics: clinics.map((c) => presentClinic(c, entries)),
    // Organization-wide numbers (records, pharmacy, billing office) that belong to no single clinic.
    general: entries.filter((e) => e.clinic_id === null).map(presentEntry),
  };
}

export async function findClinicians(db: Db, actor: Actor, query: ClinicianQuery) {
  const words = queryWords(query.q);
  const { rows, fuzzy } = await repo.searchClinicians(db, {
    orgId: actor.orgId, words, groups: expandWords(words), specialty: query.specialty, clinicId: query.clinicId, locationId: query.locationId,
    language: query.language, gender: query.gender, accepting: query.accepting, limit: query.limit,
  });
  // fuzzy: the words were not found as typed, so these are the closest spellings ("Did you mean…").
  return { query: { words, fuzzy }, clinicians: rows.map(presentClinician) };
}

export async function clinicianProfile(db: Db, actor: Actor, id: string) {
  const row = await repo.findProfile(db, actor, id);
  if (!row) throw notFound('This clinician');
  const [instructions, locations, canMessage] = await Promise.all([
    repo.messagingInstructions(db, id),
    repo.clinicianLocations(db, actor, id),
    actor.patientId ? repo.isOnCareTeam(db, actor.patientId, id) : Promise.resolve(false),
  ]);
  return presentProfile(row, { instructions, locations, canMessage });
}

export async function filters(db: Db, actor: Actor) {
  const [f, clinics, locations] = await Promise.all([repo.facets(db, actor), repo.listClinics(db, actor), repo.listLocations(db, actor)]);
  return {
    specialties: f.specialties, languages: f.languages,
    clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    genders: [{ value: 'female', label: 'Woman' }, { value: 'male', label: 'Man' }, { value: 'nonbinary', label: 'Nonbinary' }],
  };
}

export async function locations(db: Db, actor: Actor) {
  return { locations: (await repo.listLocations(db, actor)).map(presentLocation) };
}

export async function locationDetail(db: Db, actor: Actor, id: string) {
  const row = await repo.findLocation(db, actor, id);
  if (!row) throw notFound('This location');
  const [clinic, all, clinicians] = await Promise.all([
    repo.findClinic(db, actor, row.clinic_id), repo.listLocations(db, actor), repo.cliniciansAtLocation(db, actor, id),
  ]);
  return {
    location: presentLocation(row),
    clinic: clinic ? presentClinic(clinic, []) : null,
    // For the offline locator: where this place sits among the others.
    others: all.filter((l) => l.id !== id && l.latitude !== null && l.longitude !== null)
      .map((l) => ({ id: l.id, name: l.name, latitude: l.latitude as number, longitude: l.longitude as number })),
    clinicians: clinicians.map((c) => ({ id: c.id, displayName: c.display_name, specialties: c.specialties })),
  };
}

/**
 * What every page shows in its urgent-help strip: 911 for emergencies and the nurse line of the person's own clinic
 * (from the organization's directory, never a number built into the web app), with the after-hours line when there is one.
 */
export async function urgentHelp(db: Db, actor: Actor | null) {
  const c = actor ? await repo.urgentClinic(db, actor) : await repo.soleOrgUrgentClinic(db);
  const phones = c ? presentClinic(c, []).phones : [];
  return {
    emergencyNumber: '911',
    clinicName: c?.name ?? null,
    nurseLine: phones.find((p) => p.kind === 'nurse_line') ?? null,
    afterHours: phones.find((p) => p.kind === 'after_hours') ?? null,
  };
}

/** Map tiles are optional: with no tile server configured (or offline) the web shows a static locator instead. */
export function mapConfig() {
  const url = process.env.PORTICO_MAP_TILE_URL?.trim();
  return {
    tileUrl: url && /^https:\/\/.+\{z\}.+\{x\}.+\{y\}/.test(url) ? url : null,
    attribution: process.env.PORTICO_MAP_ATTRIBUTION?.trim() || (url ? 'Map tiles © their provider' : null),
  };
}
