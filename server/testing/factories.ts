import type { Queryable } from '../db/client';
import type { Role } from '../platform/access/actor';
import { hashPassword } from '../platform/auth/passwords';

let n = 0;
const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
let cachedHash: Promise<string> | undefined;
const defaultHash = () => (cachedHash ??= hashPassword('test-password-1'));

export async function buildOrg(q: Queryable, name = `Org ${uniq()}`) {
  const [org] = await q.query<{ id: string }>('insert into organization (name) values ($1) returning id', [name]);
  const [clinic] = await q.query<{ id: string }>(
    `insert into clinic (org_id, slug, name, specialty, phone_main, phone_nurse_line) values ($1,$2,'Primary Care','Primary care','+1-615-555-0100','+1-615-555-0101') returning id`,
    [org.id, `pc-${uniq()}`]);
  return { orgId: org.id, clinicId: clinic.id };
}

export async function buildPatient(q: Queryable, orgId: string, over: { given?: string; family?: string; mrn?: string; clinicId?: string } = {}) {
  const mrn = over.mrn ?? `MRN${uniq()}`;
  const [p] = await q.query<{ id: string }>(
    `insert into patient (org_id, mrn, given_name, family_name, birth_date, sex, primary_clinic_id) values ($1,$2,$3,$4,'1966-04-02','female',$5) returning id`,
    [orgId, mrn, over.given ?? 'Test', over.family ?? `Patient${uniq()}`, over.clinicId ?? null]);
  await q.query("insert into patient_identifier (patient_id, system, value) values ($1,'urn:portico:mrn',$2)", [p.id, mrn]);
  return { patientId: p.id, mrn };
}

export async function buildUser(q: Queryable, opts: { orgId: string; role: Role; patientId?: string; name?: string; credentials?: string; clinicIds?: string[]; password?: string }) {
  const email = `${opts.role}.${uniq()}@test.portico.test`;
  const hash = opts.password ? await hashPassword(opts.password) : await defaultHash();
  const name = opts.name ?? `${opts.role} ${uniq()}`;
  const [u] = await q.query<{ id: string }>(
    `insert into app_user (email, password_hash, role, display_name, credentials, org_id, patient_id) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
    [email, hash, opts.role, opts.credentials ? `${name}, ${opts.credentials}` : name, opts.credentials ?? null, opts.orgId, opts.patientId ?? null]);
  for (const c of opts.clinicIds ?? []) await q.query('insert into staff_clinic (user_id, clinic_id) values ($1,$2)', [u.id, c]);
  return { userId: u.id, email };
}

/** An organization with one clinic, two patients with accounts, a nurse and a physician. */
export async function buildClinicWorld(q: Queryable) {
  const { orgId, clinicId } = await buildOrg(q);
  const a = await buildPatient(q, orgId, { given: 'Alice', clinicId });
  const b = await buildPatient(q, orgId, { given: 'Bob', clinicId });
  const alice = await buildUser(q, { orgId, role: 'patient', patientId: a.patientId, name: 'Alice A' });
  const bob = await buildUser(q, { orgId, role: 'patient', patientId: b.patientId, name: 'Bob B' });
  const nurse = await buildUser(q, { orgId, role: 'nurse', name: 'Nora Nurse', credentials: 'RN', clinicIds: [clinicId] });
  const physician = await buildUser(q, { orgId, role: 'physician', name: 'Phil Doc', credentials: 'MD', clinicIds: [clinicId] });
  return { orgId, clinicId, a, b, alice, bob, nurse, physician };
}

/** One signed-in-able user for every staff role in an organization (for access tests), keyed by role. */
export async function buildRoleUsers(q: Queryable, orgId: string, clinicId: string) {
  const out = {} as Record<Exclude<Role, 'patient'>, { userId: string; email: string }>;
  for (const role of ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher'] as const)
    out[role] = await buildUser(q, { orgId, role, clinicIds: [clinicId], ...(role === 'physician' ? { credentials: 'MD' } : role === 'nurse' ? { credentials: 'RN' } : {}) });
  return out;
}

/** A conversation row (no messages) for access tests. */
export async function buildThread(q: Queryable, opts: { orgId: string; clinicId: string; patientId: string; createdBy: string; category?: string; poolId?: string }) {
  const pool = opts.poolId ?? (await q.query<{ id: string }>(
    `insert into msg_pool (org_id, clinic_id, name, target_business_hours) values ($1,$2,$3,9) returning id`, [opts.orgId, opts.clinicId, `Pool ${uniq()}`]))[0].id;
  const [t] = await q.query<{ id: string }>(
    `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, pool_id, created_by) values ($1,$2,$3,$4,'Test subject',$5,$6) returning id`,
    [opts.orgId, opts.patientId, opts.clinicId, opts.category ?? 'medical_question', pool, opts.createdBy]);
  return { threadId: t.id, poolId: pool };
}
