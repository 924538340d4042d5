import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, login, testApp, type TestApp } from '../../testing/app';
import { buildUser } from '../../testing/factories';
import { buildMessagingWorld } from '../messaging/test-world';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildMessagingWorld>>;
const c: Record<string, string> = {};
const call = (cookie: string | undefined, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: cookie ? { cookie } : {} });
const audits = async (type: string, id: string) =>
  t.db.query<{ action: string; user_id: string; detail: Record<string, unknown> }>('select action, user_id, detail from audit_event where resource_type = $1 and resource_id = $2', [type, id]);

beforeAll(async () => {
  t = await testApp();
  w = await buildMessagingWorld(t.db);
  const admin = await buildUser(t.db, { orgId: w.orgId, role: 'admin', name: 'Ann Admin', clinicIds: [w.clinicId] });
  const otherAdmin = await buildUser(t.db, { orgId: w.other.orgId, role: 'admin', clinicIds: [w.other.clinicId] });
  c.admin = await login(t.app, admin.email);
  c.otherAdmin = await login(t.app, otherAdmin.email);
  c.nurse = await login(t.app, w.nurse.email);
  c.doc = await login(t.app, w.physician.email);
  c.alice = await login(t.app, w.alice.email);
  c.otherNurse = await login(t.app, w.other.nurse.email);
});
afterAll(() => t.close());

describe('in-basket administration', () => {
  const routes = (): [string, string, unknown?][] => [
    ['GET', '/api/admin/inbasket/pools'], ['PATCH', `/api/admin/inbasket/pools/${w.nursesPool}`, { targetBusinessHours: 8 }],
    ['GET', '/api/admin/inbasket/routing-rules'], ['PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'refill', poolId: w.frontPool }],
    ['GET', '/api/admin/inbasket/categories'],
  ];

  it('requires authentication', async () => {
    for (const [m, u, b] of [...routes(), ['GET', '/api/follow-ups/mine'] as [string, string]])
      expect((await call(undefined, m, u, b)).statusCode, `${m} ${u}`).toBe(401);
  });

  it('is for admins only: nurses, physicians and patients get 403 and change nothing', async () => {
    for (const who of ['nurse', 'doc', 'alice'])
      for (const [m, u, b] of routes()) expect((await call(c[who], m, u, b)).statusCode, `${who} ${m} ${u}`).toBe(403);
    const [p] = await t.db.query<{ target_business_hours: number }>('select target_business_hours from msg_pool where id = $1', [w.nursesPool]);
    expect(p.target_business_hours).toBe(9);
  });

  it('lists pools, rules and categories of my organization only', async () => {
    const pools = json(await call(c.admin, 'GET', '/api/admin/inbasket/pools')).pools;
    expect(pools.map((p: { id: string }) => p.id).sort()).toEqual([w.nursesPool, w.frontPool].sort());
    expect(pools.find((p: { id: string }) => p.id === w.nursesPool)).toMatchObject({ name: 'Nurses', targetBusinessHours: 9, members: 1, isDefault: true });
    const rules = json(await call(c.admin, 'GET', '/api/admin/inbasket/routing-rules')).rules;
    expect(rules).toEqual([expect.objectContaining({ clinicId: w.clinicId, category: 'appointment', poolId: w.frontPool, poolName: 'Scheduling' })]);
    const cats = json(await call(c.admin, 'GET', '/api/admin/inbasket/categories')).categories;
    expect(cats.map((k: { code: string }) => k.code)).toEqual(['medical_question', 'refill', 'appointment', 'home_readings']);
  });

  it("changes a pool's response target, with an audit event", async () => {
    const r = await call(c.admin, 'PATCH', `/api/admin/inbasket/pools/${w.nursesPool}`, { targetBusinessHours: 24 });
    expect(r.statusCode).toBe(200);
    expect(json(r).pool).toMatchObject({ id: w.nursesPool, targetBusinessHours: 24 });
    const [p] = await t.db.query<{ target_business_hours: number }>('select target_business_hours from msg_pool where id = $1', [w.nursesPool]);
    expect(p.target_business_hours).toBe(24);
    const a = await audits('MessagePool', w.nursesPool);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ action: 'update', detail: { targetBusinessHours: { from: 9, to: 24 } } });
  });

  it('rejects a bad target with 400 naming the field', async () => {
    for (const body of [{ targetBusinessHours: 0 }, { targetBusinessHours: 'soon' }, { targetBusinessHours: 1.5 }, {}]) {
      const r = await call(c.admin, 'PATCH', `/api/admin/inbasket/pools/${w.frontPool}`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.body).toContain('targetBusinessHours');
    }
  });

  it("another organization's pool or clinic is 404, and nothing changes", async () => {
    expect((await call(c.otherAdmin, 'PATCH', `/api/admin/inbasket/pools/${w.nursesPool}`, { targetBusinessHours: 3 })).statusCode).toBe(404);
    expect((await call(c.admin, 'PATCH', `/api/admin/inbasket/pools/${randomUUID()}`, { targetBusinessHours: 3 })).statusCode).toBe(404);
    expect((await call(c.otherAdmin, 'PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'refill', poolId: w.other.pools.nursesPool })).statusCode).toBe(404);
    const pools = json(await call(c.otherAdmin, 'GET', '/api/admin/inbasket/pools')).pools.map((p: { id: string }) => p.id);
    expect(pools).not.toContain(w.nursesPool);
    const rules = json(await call(c.otherAdmin, 'GET', '/api/admin/inbasket/routing-rules')).rules.map((r: { clinicId: string }) => r.clinicId);
    expect(rules).not.toContain(w.clinicId);
    const [p] = await t.db.query<{ target_business_hours: number }>('select target_business_hours from msg_pool where id = $1', [w.nursesPool]);
    expect(p.target_business_hours).not.toBe(3);
  });

  it('routes a category to another pool (create and change), audited, and new messages follow the rule', async () => {
    const r = await call(c.admin, 'PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'refill', poolId: w.frontPool });
    expect(r.statusCode).toBe(200);
    expect(json(r).rule).toMatchObject({ category: 'refill', poolId: w.frontPool, poolName: 'Scheduling' });
    const sent = json(await call(c.alice, 'POST', '/api/threads', { category: 'refill', subject: 'Refill', body: 'Please refill', idempotencyKey: randomUUID() }));
    const [th] = await t.db.query<{ pool_id: string }>('select pool_id from msg_thread where id = $1', [sent.thread.id]);
    expect(th.pool_id).toBe(w.frontPool);
    expect((await call(c.admin, 'PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'appointment', poolId: w.nursesPool })).statusCode).toBe(200);
    const a = await audits('MessageRoutingRule', `${w.clinicId}:appointment`);
    expect(a).toEqual([expect.objectContaining({ action: 'update', detail: { fromPool: w.frontPool, toPool: w.nursesPool } })]);
    expect(await audits('MessageRoutingRule', `${w.clinicId}:refill`)).toEqual([expect.objectContaining({ action: 'create' })]);
  });

  it("rejects an unknown category or another organization's pool with 400", async () => {
    const bad = await call(c.admin, 'PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'astrology', poolId: w.frontPool });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.message).toMatch(/category/i);
    const foreign = await call(c.admin, 'PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'refill', poolId: w.other.pools.frontPool });
    expect(foreign.statusCode).toBe(400);
    expect((await call(c.admin, 'PUT', '/api/admin/inbasket/routing-rules', { clinicId: w.clinicId, category: 'refill' })).statusCode).toBe(400);
  });
});

describe('my follow-up requests', () => {
  it('lists the follow-ups I requested across patients with their status; not other clinicians\' and not other organizations\'', async () => {
    const mk = (cookie: string, patientId: string, instructions: string) =>
      call(cookie, 'POST', `/api/patients/${patientId}/follow-ups`, { instructions, dueDate: '2030-01-15' });
    const mine = json(await mk(c.doc, w.a.patientId, 'Send me your glucose readings')).followUp;
    expect((await mk(c.doc, w.b.patientId, 'Send your blood pressure')).statusCode).toBe(201);
    expect((await mk(c.nurse, w.a.patientId, 'Nurse asks')).statusCode).toBe(201);
    expect((await call(c.doc, 'POST', `/api/follow-ups/${mine.id}/cancel`)).statusCode).toBe(204);
    const list = json(await call(c.doc, 'GET', '/api/follow-ups/mine')).followUps;
    expect(list.map((f: { instructions: string }) => f.instructions).sort()).toEqual(['Send me your glucose readings', 'Send your blood pressure']);
    expect(list[0]).toMatchObject({ status: 'open', patient: { id: w.b.patientId } });
    expect(list.find((f: { id: string }) => f.id === mine.id)).toMatchObject({ status: 'cancelled', patient: { id: w.a.patientId, name: expect.stringContaining('Alice') } });
    expect(json(await call(c.doc, 'GET', '/api/follow-ups/mine?status=open')).followUps).toHaveLength(1);
    expect(json(await call(c.otherNurse, 'GET', '/api/follow-ups/mine')).followUps).toEqual([]);
    expect((await call(c.alice, 'GET', '/api/follow-ups/mine')).statusCode).toBe(403);
    expect((await call(c.doc, 'GET', '/api/follow-ups/mine?status=nope')).statusCode).toBe(400);
  });
});
