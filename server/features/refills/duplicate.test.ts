import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildSchedulingWorld } from '../scheduling/testing';

// Issue 13: a second refill request for a medicine that is already waiting for a decision is refused (409), naming the
// open request; once that medicine is answered, it can be asked for again.
let t: TestApp;
let w: Awaited<ReturnType<typeof buildSchedulingWorld>>;
let alice: string, bob: string, nurse: string;
let metformin: string, lisinopril: string, bobsMed: string, pharmacyId: string, bobsPharmacy: string;

beforeAll(async () => {
  t = await testApp();
  w = await buildSchedulingWorld(t.db);
  const med = async (patientId: string, display: string) =>
    (await t.db.query<{ id: string }>("insert into medication (patient_id, display, dose, status) values ($1,$2,'500 mg','active') returning id", [patientId, display]))[0].id;
  metformin = await med(w.a.patientId, 'Metformin');
  lisinopril = await med(w.a.patientId, 'Lisinopril');
  bobsMed = await med(w.b.patientId, 'Metformin');
  const ph = async (name: string) => (await t.db.query<{ id: string }>(
    "insert into pharmacy (org_id, name, address_line, city, state, postal_code) values ($1,$2,'5 Main St','Nashville','TN','37203') returning id", [w.orgId, name]))[0].id;
  pharmacyId = await ph('Corner Pharmacy');
  bobsPharmacy = await ph('Bob Pharmacy');
  await t.db.query('insert into patient_pharmacy (patient_id, pharmacy_id, preferred) values ($1,$2,true), ($3,$4,true)', [w.a.patientId, pharmacyId, w.b.patientId, bobsPharmacy]);
  [alice, bob, nurse] = await Promise.all([w.alice.email, w.bob.email, w.nurse.email].map((e) => login(t.app, e)));
});
afterAll(() => t.close());

const ask = (medicationIds: string[], cookie = alice, pharmacy = pharmacyId) => t.app.inject({
  method: 'POST', url: '/api/refill-requests', headers: { cookie }, payload: { medicationIds, pharmacyId: pharmacy, idempotencyKey: randomUUID() } });
const count = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from refill_request where patient_id = $1', [w.a.patientId]))[0].n;

describe('one open refill request per medicine', () => {
  it('refuses a second request for a medicine already waiting, naming the open request (409, nothing created)', async () => {
    const first = await ask([metformin, lisinopril]);
    expect(first.statusCode, first.body).toBe(201);
    const sent = new Date(json(first).refill.createdAt ?? Date.now());
    const before = await count();
    const again = await ask([metformin]);
    expect(again.statusCode).toBe(409);
    const day = sent.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'America/Chicago' });
    expect(json(again).error).toEqual({
      code: 'refill_already_open', field: 'medicationIds',
      message: `You already asked for a refill of Metformin (500 mg) on ${day}. That request is still waiting for an answer from your care team, so there is no need to ask again. You can see it under Refills.`,
    });
    const both = await ask([lisinopril, metformin]);
    expect(both.statusCode).toBe(409);
    expect(json(both).error.message).toContain('a refill of Lisinopril (500 mg) and Metformin (500 mg) on');
    expect(await count()).toBe(before);
  });

  it("another patient's open request does not block mine, and mine does not block theirs", async () => {
    const res = await ask([bobsMed], bob, bobsPharmacy);
    expect(res.statusCode, res.body).toBe(201);
  });

  it('once a medicine is answered it can be asked for again; the one still waiting cannot', async () => {
    const [open] = await t.db.query<{ id: string }>("select id from refill_request where patient_id = $1 and status = 'pending'", [w.a.patientId]);
    const decided = await t.app.inject({ method: 'POST', url: `/api/refill-requests/${open.id}/decisions`, headers: { cookie: nurse },
      payload: { decisions: [{ medicationId: metformin, decision: 'approved' }], idempotencyKey: randomUUID() } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await ask([lisinopril])).statusCode).toBe(409);
    const res = await ask([metformin]);
    expect(res.statusCode, res.body).toBe(201);
    expect((await ask([metformin])).statusCode).toBe(409);
  });

  it('requires a session', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/refill-requests', payload: { medicationIds: [metformin] } })).statusCode).toBe(401);
  });
});
