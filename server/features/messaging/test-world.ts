import type { Queryable } from '../../db/client';
import { login, testApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildPatient, buildUser } from '../../testing/factories';

/** Test fixture: the factories' clinic world plus messaging configuration, and a second organization to stay out of. */
export async function buildMessagingWorld(q: Queryable) {
  const w = await buildClinicWorld(q);
  const configure = async (orgId: string, clinicId: string, members: string[], lead: string) => {
    const cats = [['medical_question', true], ['refill', false], ['appointment', false], ['home_readings', true]] as const;
    for (const [i, [code, billable]] of cats.entries())
      await q.query('insert into msg_category (org_id, code, label, who_handles, billable, sort_order) values ($1,$2,$3,$4,$5,$6)',
        [orgId, code, code.replace('_', ' '), 'A nurse reads these', billable, i]);
    const [nurses] = await q.query<{ id: string }>(
      `insert into msg_pool (org_id, clinic_id, name, handles_text, target_business_hours, lead_user_id, is_default)
       values ($1,$2,'Nurses','A nurse on the team reads these.',9,$3,true) returning id`, [orgId, clinicId, lead]);
    const [front] = await q.query<{ id: string }>(
      `insert into msg_pool (org_id, clinic_id, name, target_business_hours) values ($1,$2,'Scheduling',9) returning id`, [orgId, clinicId]);
    for (const m of members) await q.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2)', [nurses.id, m]);
    await q.query('insert into msg_routing_rule (clinic_id, category_code, pool_id) values ($1,$2,$3)', [clinicId, 'appointment', front.id]);
    return { nursesPool: nurses.id, frontPool: front.id };
  };
  const pools = await configure(w.orgId, w.clinicId, [w.nurse.userId], w.physician.userId);
  const scheduler = await buildUser(q, { orgId: w.orgId, role: 'front_desk', name: 'Sue Scheduler', clinicIds: [w.clinicId] });
  await q.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2)', [pools.frontPool, scheduler.userId]);
  await q.query('update patient set primary_provider_id = $1 where id in ($2, $3)', [w.physician.userId, w.a.patientId, w.b.patientId]);

  const other = await buildOrg(q);
  const otherNurse = await buildUser(q, { orgId: other.orgId, role: 'nurse', name: 'Olga Other', credentials: 'RN', clinicIds: [other.clinicId] });
  const otherLead = await buildUser(q, { orgId: other.orgId, role: 'physician', clinicIds: [other.clinicId] });
  const otherPools = await configure(other.orgId, other.clinicId, [otherNurse.userId], otherLead.userId);
  const otherPatient = await buildPatient(q, other.orgId, { clinicId: other.clinicId });
  const carol = await buildUser(q, { orgId: other.orgId, role: 'patient', patientId: otherPatient.patientId, name: 'Carol C' });
  return { ...w, ...pools, scheduler, other: { ...other, nurse: otherNurse, patient: otherPatient, carol, pools: otherPools } };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);

export type MessagingWorld = Awaited<ReturnType<typeof buildMessagingWorld>>;

/**
 * The app on a fresh database with the messaging world, everyone signed in, and the small helpers the messaging and in-basket
 * tests share: call(cookie, method, url, payload) and count('table where …').
 */
export async function startMessagingTest(env: Record<string, string> = { PORTICO_PUBLIC_URL: 'https://portal.example' }) {
  const t = await testApp(env);
  const w = await buildMessagingWorld(t.db);
  const c: Record<string, string> = {
    alice: await login(t.app, w.alice.email), bob: await login(t.app, w.bob.email), nurse: await login(t.app, w.nurse.email),
    doc: await login(t.app, w.physician.email), sched: await login(t.app, w.scheduler.email), otherNurse: await login(t.app, w.other.nurse.email),
  };
  const call = (cookie: string | undefined, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: cookie ? { cookie } : {} });
  const count = async (sql: string, p: unknown[] = []) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, p))[0].n;
  return { t, w, c, call, count };
}
