import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildOrg, buildUser } from '../../testing/factories';
import { buildSchedulingWorld } from '../scheduling/testing';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildSchedulingWorld>>;
let alice: string, bob: string, nurse: string, physician: string, sched: string, otherNurse: string;
let metformin: string, lisinopril: string, stopped: string, bobsMed: string, pharmacyId: string, unsavedPharmacy: string;
const key = () => randomUUID();

beforeAll(async () => {
  t = await testApp();
  w = await buildSchedulingWorld(t.db);
  const med = async (patientId: string, display: string, status = 'active') =>
    (await t.db.query<{ id: string }>('insert into medication (patient_id, display, dose, status) values ($1,$2,$3,$4) returning id', [patientId, display, '500 mg', status]))[0].id;
  metformin = await med(w.a.patientId, 'Metformin');
  lisinopril = await med(w.a.patientId, 'Lisinopril');
  stopped = await med(w.a.patientId, 'Glipizide', 'stopped');
  bobsMed = await med(w.b.patientId, 'Atorvastatin');
  const ph = async (name: string) => (await t.db.query<{ id: string }>(
    "insert into pharmacy (org_id, name, address_line, city, state, postal_code) values ($1,$2,'5 Main St','Nashville','TN','37203') returning id", [w.orgId, name]))[0].id;
  pharmacyId = await ph('Corner Pharmacy');
  unsavedPharmacy = await ph('Far Away Pharmacy');
  await t.db.query('insert into patient_pharmacy (patient_id, pharmacy_id, preferred) values ($1,$2,true)', [w.a.patientId, pharmacyId]);
  const other = await buildOrg(t.db);
  const on = await buildUser(t.db, { orgId: other.orgId, role: 'nurse', clinicIds: [other.clinicId] });
  [alice, bob, nurse, physician, sched, otherNurse] = await Promise.all([w.alice.email, w.bob.email, w.nurse.email, w.physician.email, w.scheduler.email, on.email].map((e) => login(t.app, e)));
});
afterAll(() => t.close());
// One open request per medicine (see duplicate.test.ts): each test here starts with none waiting.
beforeEach(async () => { await t.db.query("update refill_request set status = 'completed' where status = 'pending'"); });

const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });
const ask = (over: Record<string, unknown> = {}, cookie = alice) =>
  post(cookie, '/api/refill-requests', { medicationIds: [metformin, lisinopril], pharmacyId, note: 'Running low', idempotencyKey: key(), ...over });

describe('refill requests', () => {
  it('requires a session', async () => {
    expect((await t.app.inject({ url: '/api/refills/options' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/refill-requests', payload: {} })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: `/api/refill-requests/${randomUUID()}/decisions`, payload: {} })).statusCode).toBe(401);
  });

  it('offers only my active medicines and my saved pharmacies', async () => {
    const o = json(await get(alice, '/api/refills/options'));
    expect(o.medications.map((m: { id: string }) => m.id).sort()).toEqual([metformin, lisinopril].sort());
    expect(o.pharmacies.map((p: { id: string }) => p.id)).toEqual([pharmacyId]);
    expect(o.otherPharmacies.map((p: { id: string }) => p.id)).toContain(unsavedPharmacy);
  });

  it('creates a request in a conversation routed to the refill pool', async () => {
    const res = await ask();
    expect(res.statusCode, res.body).toBe(201);
    const r = json(res).refill;
    expect(r.items).toHaveLength(2);
    expect(r.items.every((i: { decision: unknown }) => i.decision === null)).toBe(true);
    const [th] = await t.db.query<{ pool_id: string; category_code: string }>('select * from msg_thread where id = $1', [r.threadId]);
    expect(th).toMatchObject({ pool_id: w.nursePool, category_code: 'refill' });
    const [m] = await t.db.query<{ body: string }>('select body from msg_message where thread_id = $1', [r.threadId]);
    expect(m.body).toContain('- Metformin (500 mg)');
    expect(m.body).toContain('Corner Pharmacy');
  });

  it("refuses a stopped medicine, another patient's medicine, an unknown id, an unsaved pharmacy, or nothing chosen (400)", async () => {
    for (const [over, field] of [[{ medicationIds: [stopped] }, 'medicationIds'], [{ medicationIds: [bobsMed] }, 'medicationIds'],
      [{ medicationIds: ['not-a-uuid'] }, 'medicationIds'], [{ medicationIds: [] }, 'medicationIds'], [{ pharmacyId: unsavedPharmacy }, 'pharmacyId']] as const) {
      const res = await ask(over);
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(json(res).error.field).toBe(field);
    }
    expect((await t.db.query('select 1 from refill_request_item where medication_id = any($1)', [[stopped, bobsMed]])).length).toBe(0);
  });

  it('is idempotent', async () => {
    const k = key();
    const a = await ask({ idempotencyKey: k, note: 'once' });
    const b = await ask({ idempotencyKey: k, note: 'once' });
    expect(json(b).refill.id).toBe(json(a).refill.id);
    expect((await ask({ idempotencyKey: k, note: 'different' })).statusCode).toBe(409);
  });

  it('approve one, deny the other with a reason; the patient sees each outcome; other patients get 404', async () => {
    const r = json(await ask()).refill;
    expect((await post(sched, `/api/refill-requests/${r.id}/decisions`, { decisions: [], idempotencyKey: key() })).statusCode).toBe(403);
    expect((await post(otherNurse, `/api/refill-requests/${r.id}/decisions`, { decisions: [{ medicationId: metformin, decision: 'approved' }], idempotencyKey: key() })).statusCode).toBe(404);
    const noReason = await post(nurse, `/api/refill-requests/${r.id}/decisions`, { decisions: [{ medicationId: lisinopril, decision: 'denied' }], idempotencyKey: key() });
    expect(noReason.statusCode).toBe(400);
    expect((await post(nurse, `/api/refill-requests/${r.id}/decisions`, { decisions: [{ medicationId: bobsMed, decision: 'approved' }], idempotencyKey: key() })).statusCode).toBe(400);
    const res = await post(nurse, `/api/refill-requests/${r.id}/decisions`, {
      decisions: [{ medicationId: metformin, decision: 'approved' }, { medicationId: lisinopril, decision: 'denied', reason: 'Please come in for a blood pressure check first.' }],
      idempotencyKey: key() });
    expect(res.statusCode, res.body).toBe(200);
    const seen = json(await get(alice, `/api/refill-requests/${r.id}`)).refill;
    expect(seen.status).toBe('completed');
    const by = Object.fromEntries(seen.items.map((i: { medicationId: string }) => [i.medicationId, i]));
    expect(by[metformin]).toMatchObject({ decision: 'approved', decisionText: 'Approved' });
    expect(by[lisinopril]).toMatchObject({ decision: 'denied', reason: 'Please come in for a blood pressure check first.' });
    expect(by[metformin].decidedBy).toContain('Nora Nurse');
    const msgs = await t.db.query<{ kind: string; body: string }>('select kind, body from msg_message where thread_id = $1 order by created_at', [r.threadId]);
    expect(msgs.at(-1)).toMatchObject({ kind: 'staff_reply' });
    expect(msgs.at(-1)!.body).toContain('Lisinopril (500 mg): Not approved. Please come in');
    expect((await get(bob, `/api/refill-requests/${r.id}`)).statusCode).toBe(404);
    expect(json(await get(bob, '/api/refill-requests')).refills).toHaveLength(0);
    expect((await post(physician, `/api/refill-requests/${r.id}/decisions`, { decisions: [{ medicationId: metformin, decision: 'denied', reason: 'x' }], idempotencyKey: key() })).statusCode).toBe(409);
  });

  it('saving a pharmacy is limited to the organization list', async () => {
    expect((await post(alice, '/api/pharmacies/saved', { pharmacyId: unsavedPharmacy })).statusCode).toBe(201);
    expect((await post(alice, '/api/pharmacies/saved', { pharmacyId: randomUUID() })).statusCode).toBe(400);
    expect((await post(nurse, '/api/pharmacies/saved', { pharmacyId: unsavedPharmacy })).statusCode).toBe(403);
  });
});
