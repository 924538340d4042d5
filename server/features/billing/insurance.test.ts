import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildUser } from '../../testing/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let frontDesk: string;
let otherFrontDesk: string;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  frontDesk = await login(t.app, (await buildUser(t.db, { orgId: w.orgId, role: 'front_desk' })).email);
  const other = await buildOrg(t.db);
  otherFrontDesk = await login(t.app, (await buildUser(t.db, { orgId: other.orgId, role: 'front_desk' })).email);
  await t.db.query(
    `insert into coverage (patient_id, payer, plan_name, member_id, group_id, subscriber_name, relationship, start_date, copay_text, status)
     values ($1, 'Volunteer State Health Plan', 'PPO Gold', 'VSH123456789', 'GRP-4410', 'Alice A', 'self', '2024-01-01', 'Office visit $25; specialist $50', 'active')`,
    [w.a.patientId]);
});
afterAll(() => t.close());

const upload = (cookie: string, side: string, data: Buffer) =>
  t.app.inject({ method: 'POST', url: '/api/insurance/cards', headers: { cookie }, payload: { side, dataBase64: data.toString('base64') } });

describe('insurance', () => {
  it('shows the coverage on file (from the FHIR import table) to its patient only', async () => {
    const mine = json(await t.app.inject({ url: '/api/insurance', headers: { cookie: alice } }));
    expect(mine.coverages).toHaveLength(1);
    expect(mine.coverages[0]).toMatchObject({ payer: 'Volunteer State Health Plan', memberId: 'VSH123456789', groupId: 'GRP-4410', relationship: 'self' });
    const theirs = json(await t.app.inject({ url: '/api/insurance', headers: { cookie: bob } }));
    expect(theirs.coverages).toHaveLength(0);
  });

  it('uploads a card picture checked by its bytes and serves it back to its owner only', async () => {
    const res = await upload(alice, 'front', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const card = json(res).card;
    expect(card).toMatchObject({ side: 'front', contentType: 'image/png', sizeBytes: PNG.length });
    const got = await t.app.inject({ url: card.url, headers: { cookie: alice } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await t.app.inject({ url: card.url, headers: { cookie: bob } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: card.url, headers: { cookie: frontDesk } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: card.url, headers: { cookie: otherFrontDesk } })).statusCode).toBe(404);
  });

  it('refuses a file that is not an image or PDF, whatever it claims', async () => {
    const res = await upload(alice, 'back', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('dataBase64');
    expect((await upload(alice, 'middle', PNG)).statusCode).toBe(400);
  });

  it('"update my insurance" goes to the front desk of the same organization, who marks it done', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/insurance/update-requests', headers: { cookie: alice },
      payload: { payer: 'Cumberland Mutual', memberId: 'CM-998877', groupId: '', relationship: 'self', startDate: '2025-07-01' } });
    expect(res.statusCode, res.body).toBe(201);
    const id = json(res).request.id;
    const missing = await t.app.inject({ method: 'POST', url: '/api/insurance/update-requests', headers: { cookie: alice }, payload: { payer: 'X', memberId: '' } });
    expect(json(missing).error.field).toBe('memberId');
    const list = json(await t.app.inject({ url: '/api/insurance/staff/update-requests', headers: { cookie: frontDesk } }));
    expect(list.requests.map((r: { id: string }) => r.id)).toContain(id);
    const other = json(await t.app.inject({ url: '/api/insurance/staff/update-requests', headers: { cookie: otherFrontDesk } }));
    expect(other.requests.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await t.app.inject({ method: 'POST', url: `/api/insurance/staff/update-requests/${id}/done`, headers: { cookie: otherFrontDesk } })).statusCode).toBe(404);
    const done = await t.app.inject({ method: 'POST', url: `/api/insurance/staff/update-requests/${id}/done`, headers: { cookie: frontDesk } });
    expect(json(done).request.status).toBe('done');
    expect((await t.app.inject({ method: 'POST', url: '/api/insurance/update-requests', headers: { cookie: frontDesk }, payload: { payer: 'X', memberId: 'Y' } })).statusCode).toBe(403);
  });

  it("staff read a patient's insurance in their organization only", async () => {
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/insurance`, headers: { cookie: frontDesk } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/insurance`, headers: { cookie: otherFrontDesk } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/insurance`, headers: { cookie: bob } })).statusCode).toBe(403);
  });

  it('requires a session', async () => {
    for (const [method, url] of [['GET', '/api/insurance'], ['POST', '/api/insurance/cards'], ['GET', `/api/insurance/cards/${randomUUID()}`],
      ['POST', '/api/insurance/update-requests'], ['GET', '/api/insurance/staff/update-requests']]) {
      const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, url).toBe(401);
    }
  });
});
