import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let nurse: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  await t.db.query("insert into procedure (patient_id, code, display, status, performed_at) values ($1, '73761001', 'Colonoscopy', 'completed', '2022-05-05'), ($1, '252416005', 'Foot exam', 'completed', '2025-02-01')", [w.a.patientId]);
  await t.db.query("insert into care_plan (patient_id, title, status, start_at, activities) values ($1, 'Diabetes self-management plan', 'active', '2024-01-01', '{\"Walk 30 minutes a day\"}'), ($1, 'Wound care', 'completed', '2020-03-01', '{}')", [w.a.patientId]);
  await t.db.query("insert into care_goal (patient_id, description, status) values ($1, 'Hemoglobin A1c total in Blood < 7.0', 'active')", [w.a.patientId]);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  nurse = await login(t.app, w.nurse.email);
});
afterAll(() => t.close());

describe('procedures and care plans in the record', () => {
  it('requires authentication', async () => {
    expect((await t.app.inject({ url: '/api/record/procedures' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/record/care-plans' })).statusCode).toBe(401);
  });

  it('lists my procedures newest first', async () => {
    const res = await t.app.inject({ url: '/api/record/procedures', headers: { cookie: alice } });
    expect(res.statusCode).toBe(200);
    expect(json(res).procedures.map((p: { display: string; status: string }) => [p.display, p.status])).toEqual([['Foot exam', 'completed'], ['Colonoscopy', 'completed']]);
  });

  it('lists current and past care plans with goals; clinical staff see the same', async () => {
    const mine = json(await t.app.inject({ url: '/api/record/care-plans', headers: { cookie: alice } }));
    expect(mine.current.map((p: { title: string; activities: string[] }) => [p.title, p.activities])).toEqual([['Diabetes self-management plan', ['Walk 30 minutes a day']]]);
    expect(mine.past.map((p: { title: string }) => p.title)).toEqual(['Wound care']);
    expect(mine.goals).toEqual([expect.objectContaining({ description: 'Hemoglobin A1c total in Blood < 7.0', status: 'active' })]);
    const staff = json(await t.app.inject({ url: `/api/patients/${w.a.patientId}/record/care-plans`, headers: { cookie: nurse } }));
    expect(staff).toEqual(mine);
  });

  it('another patient gets 404, and sees none of mine', async () => {
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/record/procedures`, headers: { cookie: bob } })).statusCode).toBe(404);
    expect(json(await t.app.inject({ url: '/api/record/procedures', headers: { cookie: bob } })).procedures).toEqual([]);
  });

  it('the printable summary has procedures and care plans', async () => {
    const res = await t.app.inject({ url: '/api/record/summary.html', headers: { cookie: alice } });
    expect(res.body).toContain('<h2>Procedures</h2>');
    expect(res.body).toContain('<td>Colonoscopy</td>');
    expect(res.body).toContain('<h2>Care plans</h2>');
    expect(res.body).toContain('<td>Walk 30 minutes a day</td>');
  });
});
