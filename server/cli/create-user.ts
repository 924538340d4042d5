import { parseArgs } from 'node:util';
import type { Db } from '../db/client';
import { ROLES, type Role } from '../platform/access/actor';
import { audit } from '../platform/audit/audit';
import { hashPassword, passwordProblem } from '../platform/auth/passwords';
import type { Io } from './main';

export async function createUser(db: Db, args: string[], io: Io): Promise<number> {
  const { values: v } = parseArgs({
    args, strict: true,
    options: {
      email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' },
      credentials: { type: 'string' }, clinic: { type: 'string' }, 'patient-identifier': { type: 'string' }, org: { type: 'string' },
    },
  });
  if (!v.email || !v.password || !v.role) {
    io.stderr('create-user needs --email, --password and --role.');
    return 2;
  }
  if (!ROLES.includes(v.role as Role)) {
    io.stderr(`Unknown role "${v.role}". Use one of: ${ROLES.join(', ')}.`);
    return 2;
  }
  const problem = passwordProblem(v.password);
  if (problem) {
    io.stderr(problem);
    return 2;
  }
  const email = v.email.trim().toLowerCase();
  if ((await db.query('select 1 from app_user where email = $1', [email])).length) {
    io.stderr(`A user with email ${email} already exists.`);
    return 2;
  }
  let patient: { id: string; org_id: string; given_name: string; family_name: string } | undefined;
  if (v.role === 'patient') {
    if (!v['patient-identifier']) {
      io.stderr('A patient account must be linked to a patient record: add --patient-identifier <MRN or other identifier>.');
      return 2;
    }
    const rows = await db.query<typeof patient & object>(
      `select distinct p.id, p.org_id, p.given_name, p.family_name from patient p
         left join patient_identifier i on i.patient_id = p.id
        where p.mrn = $1 or i.value = $1 or p.id::text = $1`, [v['patient-identifier']]);
    if (rows.length !== 1) {
      io.stderr(rows.length ? `Identifier ${v['patient-identifier']} matches ${rows.length} patients; use a more specific one.`
        : `No patient has identifier ${v['patient-identifier']}. Import the record first (portico import-fhir) or check the value.`);
      return 2;
    }
    patient = rows[0];
  }
  const orgs = await db.query<{ id: string }>(v.org ? 'select id from organization where id::text = $1 or name = $1' : 'select id from organization order by created_at limit 2', v.org ? [v.org] : []);
  const orgId = patient?.org_id ?? orgs[0]?.id;
  if (!orgId) {
    io.stderr('There is no organization yet. Load the demo clinic (portico seed-demo) or import a record first.');
    return 2;
  }
  const displayName = v.name ?? (patient ? `${patient.given_name} ${patient.family_name}` : email.split('@')[0]);
  const hash = await hashPassword(v.password);
  const id = await db.tx(async (q) => {
    const [u] = await q.query<{ id: string }>(
      `insert into app_user (email, password_hash, role, display_name, credentials, org_id, patient_id)
       values ($1,$2,$3,$4,$5,$6,$7) returning id`,
      [email, hash, v.role, v.credentials ? `${displayName}, ${v.credentials}` : displayName, v.credentials ?? null, orgId, patient?.id ?? null]);
    for (const slug of (v.clinic ?? '').split(',').filter(Boolean)) {
      const c = await q.query<{ id: string }>('select id from clinic where slug = $1 and org_id = $2', [slug, orgId]);
      if (!c.length) throw new Error(`Unknown clinic "${slug}".`);
      await q.query('insert into staff_clinic (user_id, clinic_id) values ($1,$2)', [u.id, c[0].id]);
    }
    // Proxy invitations sent earlier to this email start working once it is a patient account of the same organization.
    if (patient) await q.query(
      `update proxy_grant g set grantee_user_id = $1 from patient p
        where g.invited_email = $2 and g.grantee_user_id is null and g.revoked_at is null and p.id = g.patient_id and p.org_id = $3 and g.patient_id <> $4`,
      [u.id, email, orgId, patient.id]);
    await audit(q, { action: 'create', resourceType: 'User', resourceId: u.id, patientId: patient?.id ?? null, detail: { via: 'cli', role: v.role } });
    return u.id;
  });
  io.stdout(`Created ${v.role} ${email} (id ${id})${patient ? ` linked to patient ${patient.id}` : ''}.`);
  return 0;
}
