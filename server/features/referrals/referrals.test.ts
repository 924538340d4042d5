import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildSchedulingWorld } from '../scheduling/testing';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildSchedulingWorld>>;
let alice: string, bob: string, nurse: string, sched: string;
const key = () => randomUUID();

beforeAll(async () => {
  t = await testApp();
  w = await buildSchedulingWorld(t.db);
  await t.db.query("insert into coverage (patient_id, payer, plan_name, member_id) values ($1,'Blue Plan','Gold PPO','XYZ123456789')", [w.a.patientId]);
  [alice, bob, nurse, sched] = await Promise.all([w.alice.email, w.bob.email, w.nurse.email, w.scheduler.email].map((e) => login(t.app, e)));
});
afterAll(() => t.close());

const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });
const ask = (over: Record<string, unknown> = {}, cookie = alice) =>
  post(cookie, '/api/referral-requests', { specialty: 'Podiatry (foot care)', reason: 'Numb toes', idempotencyKey: key(), ...over });

describe('referrals', () => {
  it('requires a session', async () => {
    expect((await t.app.inject({ url: '/api/referral-requests' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/referral-requests', payload: {} })).statusCode).toBe(401);
  });

  it('shows my insurance (member id ending only) on the form', async () => {
    const o = json(await get(alice, '/api/referrals/options'));
    expect(o.insurance).toEqual([{ payer: 'Blue Plan', planName: 'Gold PPO', memberIdEnding: '6789' }]);
    expect(o.specialties).toContain('Podiatry (foot care)');
    expect(json(await get(bob, '/api/referrals/options')).insurance).toEqual([]);
  });

  it('creates a referral conversation; bad input is 400; idempotent', async () => {
    const k = key();
    const res = await ask({ idempotencyKey: k, preferredLocationId: w.locationId });
    expect(res.statusCode, res.body).toBe(201);
    const r = json(res).referral;
    expect(r).toMatchObject({ status: 'pending', specialty: 'Podiatry (foot care)', preferredLocation: { id: w.locationId } });
    expect(json(await ask({ idempotencyKey: k, preferredLocationId: w.locationId })).referral.id).toBe(r.id);
    const [th] = await t.db.query<{ category_code: string; pool_id: string }>('select * from msg_thread where id = $1', [r.threadId]);
    expect(th).toMatchObject({ category_code: 'referral', pool_id: w.nursePool });
    for (const [over, field] of [[{ specialty: 'Astrology' }, 'specialty'], [{ reason: ' ' }, 'reason'], [{ preferredClinicianId: randomUUID() }, 'preferredClinicianId'],
      [{ preferredLocationId: randomUUID() }, 'preferredLocationId']] as const) {
      const bad = await ask(over);
      expect(bad.statusCode).toBe(400);
      expect(json(bad).error.field).toBe(field);
    }
  });

  it('the care team decides; the patient sees the outcome on the list and in the thread; others get 404', async () => {
    const r = json(await ask()).referral;
    expect((await get(bob, `/api/referral-requests/${r.id}`)).statusCode).toBe(404);
    expect((await post(sched, `/api/referral-requests/${r.id}/decision`, { status: 'approved', note: 'ok', idempotencyKey: key() })).statusCode).toBe(403);
    expect((await post(nurse, `/api/referral-requests/${r.id}/decision`, { status: 'approved', note: '', idempotencyKey: key() })).statusCode).toBe(400);
    const res = await post(nurse, `/api/referral-requests/${r.id}/decision`, { status: 'need_visit', note: 'Please book a visit with Dr. Doc first.', idempotencyKey: key() });
    expect(res.statusCode, res.body).toBe(200);
    const list = json(await get(alice, '/api/referral-requests')).referrals;
    expect(list.find((x: { id: string }) => x.id === r.id)).toMatchObject({ status: 'need_visit', statusText: 'Needs a visit first', outcomeNote: 'Please book a visit with Dr. Doc first.' });
    const msgs = await t.db.query<{ kind: string; body: string }>('select kind, body from msg_message where thread_id = $1 order by created_at', [r.threadId]);
    expect(msgs.at(-1)!.body).toContain('Needs a visit first');
    expect((await post(nurse, `/api/referral-requests/${r.id}/decision`, { status: 'approved', note: 'x', idempotencyKey: key() })).statusCode).toBe(409);
    expect(json(await get(bob, '/api/referral-requests')).referrals).toHaveLength(0);
  });
});
