import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { buildSearchSql, rankFuzzy, type SearchFilters } from './search';

// Every query is scoped by the actor's organization: the directory is the organization's own, never another's.

export type ClinicRow = {
  id: string; name: string; specialty: string; phone_main: string | null; phone_nurse_line: string | null;
  phone_after_hours: string | null; phone_billing: string | null; hours: string | null;
};
export type EntryRow = { id: string; clinic_id: string | null; name: string; description: string | null; phone: string; kind: string; hours: string | null };
export type LocationRow = {
  id: string; clinic_id: string | null; clinic_name: string | null; name: string; address_line: string; city: string; state: string;
  postal_code: string; latitude: number | null; longitude: number | null; phone: string | null; hours: string | null;
  parking_notes: string | null; entrance_notes: string | null; accessibility_notes: string | null;
};
export type ClinicianRow = {
  id: string; display_name: string; credentials: string | null; role: string; specialties: string[]; languages: string[];
  gender: string | null; accepting_new_patients: boolean; photo_url: string | null; score: number; clinic_names: string[];
};
export type ProfileRow = ClinicianRow & { bio: string | null; clinic_ids: string[] };

export async function listClinics(q: Queryable, actor: Actor): Promise<ClinicRow[]> {
  return q.query<ClinicRow>('select * from clinic where org_id = $1 order by name', [actor.orgId]);
}

export async function listEntries(q: Queryable, actor: Actor): Promise<EntryRow[]> {
  return q.query<EntryRow>('select * from directory_entry where org_id = $1 order by sort_order, name', [actor.orgId]);
}

const LOCATION_SELECT = `select l.*, c.name as clinic_name from location l left join clinic c on c.id = l.clinic_id`;

export async function listLocations(q: Queryable, actor: Actor): Promise<LocationRow[]> {
  return q.query<LocationRow>(`${LOCATION_SELECT} where l.org_id = $1 order by l.name`, [actor.orgId]);
}

export async function findLocation(q: Queryable, actor: Actor, id: string): Promise<LocationRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await q.query<LocationRow>(`${LOCATION_SELECT} where l.org_id = $1 and l.id = $2`, [actor.orgId, id]);
  return row;
}

export async function findClinic(q: Queryable, actor: Actor, id: string | null): Promise<ClinicRow | undefined> {
  if (!id) return undefined;
  const [row] = await q.query<ClinicRow>('select * from clinic where org_id = $1 and id = $2', [actor.orgId, id]);
  return row;
}

export async function searchClinicians(q: Queryable, f: Omit<SearchFilters, 'mode'>): Promise<{ rows: ClinicianRow[]; fuzzy: boolean }> {
  const strict = buildSearchSql({ ...f, mode: 'prefix' });
  const rows = await q.query<ClinicianRow>(strict.sql, strict.params);
  if (rows.length > 0 || f.words.length === 0) return { rows, fuzzy: false };
  const fuzzy = buildSearchSql({ ...f, mode: 'fuzzy' });
  const candidates = await q.query<ClinicianRow & { search_words: string[] }>(fuzzy.sql, fuzzy.params);
  return { rows: rankFuzzy(candidates, f.words, f.limit, f.groups).map(({ search_words: _w, ...r }) => r), fuzzy: true };
}

export async function findProfile(q: Queryable, actor: Actor, userId: string): Promise<ProfileRow | undefined> {
  if (!isUuid(userId)) return undefined;
  const [row] = await q.query<ProfileRow>(
    `select u.id, u.display_name, u.credentials, u.role, p.specialties, p.languages, p.gender, p.accepting_new_patients, p.photo_url,
       p.bio, 0 as score,
       (select coalesce(array_agg(c.name order by c.name), '{}') from staff_clinic sc join clinic c on c.id = sc.clinic_id where sc.user_id = u.id) as clinic_names,
       (select coalesce(array_agg(sc.clinic_id), '{}') from staff_clinic sc where sc.user_id = u.id) as clinic_ids
     from clinician_profile p join app_user u on u.id = p.user_id
     where p.org_id = $1 and u.id = $2 and not u.disabled`, [actor.orgId, userId]);
  return row;
}

export async function clinicianLocations(q: Queryable, actor: Actor, userId: string): Promise<LocationRow[]> {
  return q.query<LocationRow>(
    `${LOCATION_SELECT} join clinician_location cl on cl.location_id = l.id where l.org_id = $1 and cl.user_id = $2 order by l.name`,
    [actor.orgId, userId]);
}

export async function cliniciansAtLocation(q: Queryable, actor: Actor, locationId: string): Promise<{ id: string; display_name: string; specialties: string[] }[]> {
  return q.query(
    `select u.id, u.display_name, p.specialties from clinician_location cl join clinician_profile p on p.user_id = cl.user_id
       join app_user u on u.id = p.user_id where cl.location_id = $1 and p.org_id = $2 and not u.disabled
     order by regexp_replace(split_part(u.display_name, ',', 1), '^.* ', '')`, [locationId, actor.orgId]);
}

let instructionTable: boolean | undefined;
/** Messaging instructions live in the messaging feature's table (migration 003), when it is there. */
export async function messagingInstructions(q: Queryable, userId: string): Promise<string | null> {
  if (!instructionTable) {
    const [r] = await q.query<{ t: string | null }>("select to_regclass('public.msg_provider_instruction')::text as t");
    instructionTable = !!r?.t;
  }
  if (!instructionTable) return null;
  const [row] = await q.query<{ body: string }>('select body from msg_provider_instruction where user_id = $1', [userId]);
  return row?.body ?? null;
}

/** The patient's own care team: their primary provider, or a clinician of their primary clinic. */
export async function isOnCareTeam(q: Queryable, patientId: string, userId: string): Promise<boolean> {
  const rows = await q.query(
    `select 1 from patient p where p.id = $1 and (p.primary_provider_id = $2
       or exists (select 1 from staff_clinic sc where sc.user_id = $2 and sc.clinic_id = p.primary_clinic_id))`, [patientId, userId]);
  return rows.length > 0;
}

export async function facets(q: Queryable, actor: Actor) {
  const [specialties, languages] = await Promise.all([
    q.query<{ v: string }>('select distinct s as v from clinician_profile p, unnest(p.specialties) s where p.org_id = $1 order by 1', [actor.orgId]),
    q.query<{ v: string }>('select distinct l as v from clinician_profile p, unnest(p.languages) l where p.org_id = $1 order by 1', [actor.orgId]),
  ]);
  return { specialties: specialties.map((r) => r.v), languages: languages.map((r) => r.v) };
}

/** Upserts a profile and rebuilds its search columns in the same transaction. */
export async function upsertProfile(q: Queryable, p: {
  userId: string; orgId: string; specialties: string[]; languages: string[]; gender: string | null; accepting: boolean; bio: string | null;
  locationIds?: string[];
}) {
  await q.query(
    `insert into clinician_profile (user_id, org_id, specialties, languages, gender, accepting_new_patients, bio) values ($1,$2,$3,$4,$5,$6,$7)
     on conflict (user_id) do update set specialties = excluded.specialties, languages = excluded.languages, gender = excluded.gender,
       accepting_new_patients = excluded.accepting_new_patients, bio = excluded.bio`,
    [p.userId, p.orgId, p.specialties, p.languages, p.gender, p.accepting, p.bio]);
  if (p.locationIds) {
    await q.query('delete from clinician_location where user_id = $1', [p.userId]);
    for (const l of p.locationIds) await q.query('insert into clinician_location (user_id, location_id) values ($1,$2)', [p.userId, l]);
  }
  await q.query('select portico_refresh_clinician_search($1)', [p.userId]);
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** With no clinic of their own to go by: the clinic most patients belong to (clinics seeded together share created_at). */
const MAIN_CLINIC_ORDER = '(select count(*) from patient p where p.primary_clinic_id = clinic.id) desc, clinic.created_at, clinic.name';

/**
 * The clinic whose nurse line a person should call: the patient's own primary clinic, a staff member's first clinic, or
 * else the organization's main clinic (most patients). Only clinics with a nurse line qualify.
 */
export async function urgentClinic(q: Queryable, actor: Actor): Promise<ClinicRow | undefined> {
  const preferred = actor.patientId
    ? (await q.query<{ id: string | null }>('select primary_clinic_id as id from patient where id = $1 and org_id = $2', [actor.patientId, actor.orgId]))[0]?.id ?? null
    : actor.clinicIds?.[0] ?? null;
  const [row] = await q.query<ClinicRow>(
    `select clinic.* from clinic where clinic.org_id = $1 and clinic.phone_nurse_line is not null
     order by coalesce(clinic.id = $2::uuid, false) desc, ${MAIN_CLINIC_ORDER} limit 1`, [actor.orgId, preferred]);
  return row;
}

/** Signed out there is no organization to ask about; answer only when the installation serves a single organization. */
export async function soleOrgUrgentClinic(q: Queryable): Promise<ClinicRow | undefined> {
  const [row] = await q.query<ClinicRow>(
    `select clinic.* from clinic where clinic.phone_nurse_line is not null and (select count(*) from organization) = 1
     order by ${MAIN_CLINIC_ORDER} limit 1`);
  return row;
}
