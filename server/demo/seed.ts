import type { Db, Queryable } from '../db/client';
import { hashPassword } from '../platform/auth/passwords';
import { audit } from '../platform/audit/audit';
import { rng, type Rng } from './random';
import { CLINICS, FAMILY, GIVEN, LOCATIONS, ORG_NAME, STAFF, STREETS } from './org';
import { seedClinical } from './clinical';
import { demoExtensions } from './extensions';

export const DEMO_SEED = 20_240_611;
export const DEMO_PATIENT_COUNT = 60;

/** What feature seeders get: the ids the core seed created, and the same random stream. */
export type DemoContext = {
  r: Rng; now: Date; orgId: string; password: string; passwordHash: string;
  clinics: Record<string, string>; staff: Record<string, string>;
  patients: { id: string; userId: string | null; email: string | null; diabetic: boolean; clinicSlug: string; providerId: string }[];
};

/**
 * Loads the demo clinic once. Deterministic: the same seed gives the same people and values.
 * Returns false when it was already loaded (nothing is changed).
 */
export async function seedDemo(db: Db, opts: { env: string; password: string; now?: Date }): Promise<boolean> {
  if (opts.env === 'production') throw new Error('Refusing to load demo accounts with NODE_ENV=production.');
  const done = await db.query("select 1 from app_user where email = 'ada.admin@demo.portico.test'");
  if (done.length > 0) return false;
  const passwordHash = await hashPassword(opts.password);
  await db.tx(async (q) => {
    // Another process may be seeding at the same moment (two starts): only one gets to do it.
    await q.query('select pg_advisory_xact_lock(4227002)');
    if ((await q.query("select 1 from app_user where email = 'ada.admin@demo.portico.test'")).length > 0) return;
    const ctx = await seedCore(q, rng(DEMO_SEED), opts.now ?? new Date(), opts.password, passwordHash);
    for (const ext of demoExtensions) await ext(q, ctx);
    await audit(q, { action: 'seed-demo', resourceType: 'Organization', resourceId: ctx.orgId, detail: { patients: ctx.patients.length } });
  });
  return true;
}

async function seedCore(q: Queryable, r: Rng, now: Date, password: string, passwordHash: string): Promise<DemoContext> {
  const [org] = await q.query<{ id: string }>('insert into organization (name) values ($1) returning id', [ORG_NAME]);
  const clinics: Record<string, string> = {};
  for (const c of CLINICS) {
    const [row] = await q.query<{ id: string }>(
      `insert into clinic (org_id, slug, name, specialty, phone_main, phone_nurse_line, phone_after_hours, phone_billing, hours)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning id`,
      [org.id, c.slug, c.name, c.specialty, c.phone_main, c.phone_nurse_line, c.phone_after_hours, c.phone_billing, c.hours]);
    clinics[c.slug] = row.id;
  }
  for (const l of LOCATIONS) {
    await q.query(
      `insert into location (org_id, clinic_id, name, address_line, city, state, postal_code, latitude, longitude, phone, hours, parking_notes, entrance_notes, accessibility_notes)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [org.id, clinics[l.clinic], l.name, l.address_line, l.city, l.state, l.postal_code, l.latitude, l.longitude, l.phone, l.hours,
        l.parking_notes, l.entrance_notes, l.accessibility_notes]);
  }
  const staff: Record<string, string> = {};
  for (const s of STAFF) {
    const display = s.credentials ? `${s.name}, ${s.credentials}` : s.name;
    const [u] = await q.query<{ id: string }>(
      'insert into app_user (email, password_hash, role, display_name, credentials, org_id) values ($1,$2,$3,$4,$5,$6) returning id',
      [s.email, passwordHash, s.role, display, s.credentials, org.id]);
    staff[s.email] = u.id;
    for (const c of s.clinics) await q.query('insert into staff_clinic (user_id, clinic_id) values ($1,$2)', [u.id, clinics[c]]);
  }

  const pcDoctors = ['paul.physician@demo.portico.test', 'maria.gonzalez@demo.portico.test', 'henry.wu@demo.portico.test'];
  const patients: DemoContext['patients'] = [];
  const used = new Set<string>();
  for (let i = 0; i < DEMO_PATIENT_COUNT; i++) {
    let given = i === 0 ? 'Ava' : i === 1 ? 'Ben' : r.pick(GIVEN);
    let family = i === 0 ? 'Thompson' : i === 1 ? 'Carter' : r.pick(FAMILY);
    while (used.has(`${given} ${family}`)) { given = r.pick(GIVEN); family = r.pick(FAMILY); }
    used.add(`${given} ${family}`);
    const female = i === 0 || (i > 1 && r.chance(0.6));
    const age = i === 0 ? 58 : i === 1 ? 63 : Math.round(Math.min(85, Math.max(30, r.normal(57, 9))));
    const birth = new Date(Date.UTC(now.getUTCFullYear() - age, r.int(0, 11), r.int(1, 28))).toISOString().slice(0, 10);
    const diabetic = i < 2 || r.chance(0.85);
    const providerEmail = i < 2 ? pcDoctors[0] : r.pick(pcDoctors);
    const email = i === 0 ? 'ava.patient@demo.portico.test' : i === 1 ? 'ben.patient@demo.portico.test' : null;
    const [p] = await q.query<{ id: string }>(
      `insert into patient (org_id, mrn, given_name, family_name, birth_date, sex, phone, email, address_line, city, state, postal_code,
         preferred_language, primary_clinic_id, primary_provider_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,'Nashville','TN',$10,$11,$12,$13) returning id`,
      [org.id, `RB${String(100_001 + i)}`, given, family, birth, female ? 'female' : 'male', `+1-615-555-${String(1000 + i).padStart(4, '0')}`,
        email, `${r.int(100, 9999)} ${r.pick(STREETS)}`, r.pick(['37203', '37205', '37206', '37208', '37211', '37212']),
        r.chance(0.12) ? 'es' : 'en', clinics['primary-care'], staff[providerEmail]]);
    await q.query("insert into patient_identifier (patient_id, system, value) values ($1, 'urn:portico:mrn', $2)", [p.id, `RB${100_001 + i}`]);
    let userId: string | null = null;
    if (email) {
      const [u] = await q.query<{ id: string }>(
        "insert into app_user (email, password_hash, role, display_name, org_id, patient_id) values ($1,$2,'patient',$3,$4,$5) returning id",
        [email, passwordHash, `${given} ${family}`, org.id, p.id]);
      userId = u.id;
    }
    const plan = i === 0 ? { a1cStart: 8.6, a1cEnd: 7.1, years: 5 } : i === 1 ? { a1cStart: 7.6, a1cEnd: 8.3, years: 4 }
      : { a1cStart: r.normal(8.0, 1.2), a1cEnd: r.normal(7.0, 1.3), years: r.int(2, 6) };
    const physician = STAFF.find((s) => s.email === providerEmail)!;
    await seedClinical(q, r, p.id, {
      diabetic, ...plan, bmi: r.normal(31, 5), heightM: female ? r.normal(1.63, 0.06) : r.normal(1.76, 0.07),
      physician: `${physician.name}, ${physician.credentials}`,
    }, now);
    patients.push({ id: p.id, userId, email, diabetic, clinicSlug: 'primary-care', providerId: staff[providerEmail] });
  }
  return { r, now, orgId: org.id, password, passwordHash, clinics, staff, patients };
}
