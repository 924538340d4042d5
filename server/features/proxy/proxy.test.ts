import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildPatient, buildUser } from '../../testing/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
});
afterAll(() => t.close());

describe('proxy access', () => {
  it('requires a signed-in patient', async () => {
    expect((await t.app.inject({ url: '/api/proxy' })).statusCode).toBe(401);
    const nurse = await login(t.app, w.nurse.email);
    expect((await t.app.inject({ url: '/api/proxy', headers: { cookie: nurse } })).statusCode).toBe(403);
  });

  it('without a grant, switching to another record is a 404 and the data stays out of reach', async () => {
    const bob = await login(t.app, w.bob.email);
    const res = await t.app.inject({ method: 'POST', url: '/api/proxy/acting-as', headers: { cookie: bob }, payload: { patientId: w.a.patientId } });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie: bob } })).statusCode).toBe(404);
  });

  it('a grant lets the proxy switch to the record, and revoking it ends the access at once', async () => {
    const alice = await login(t.app, w.alice.email);
    const bad = await t.app.inject({ method: 'POST', url: '/api/proxy/grants', headers: { cookie: alice }, payload: { email: 'not-an-email', relationship: 'son' } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.field).toBe('email');
    const g = await t.app.inject({ method: 'POST', url: '/api/proxy/grants', headers: { cookie: alice }, payload: { email: w.bob.email, relationship: 'son' } });
    expect(g.statusCode).toBe(201);
    const grant = json(g).grant;
    const dup = await t.app.inject({ method: 'POST', url: '/api/proxy/grants', headers: { cookie: alice }, payload: { email: w.bob.email, relationship: 'son' } });
    expect(dup.statusCode).toBe(409);

    const bob = await login(t.app, w.bob.email);
    const list = json(await t.app.inject({ url: '/api/proxy', headers: { cookie: bob } }));
    expect(list.received.map((x: { patientId: string }) => x.patientId)).toEqual([w.a.patientId]);
    const sw = await t.app.inject({ method: 'POST', url: '/api/proxy/acting-as', headers: { cookie: bob }, payload: { patientId: w.a.patientId } });
    expect(json(sw).actingPatientId).toBe(w.a.patientId);
    const me = json(await t.app.inject({ url: '/api/me', headers: { cookie: bob } }));
    expect(me.user.patientId).toBe(w.a.patientId);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie: bob } })).statusCode).toBe(200);
    // acting for Alice, Bob's own record is not the one in scope
    expect((await t.app.inject({ url: `/api/patients/${w.b.patientId}`, headers: { cookie: bob } })).statusCode).toBe(404);

    const rev = await t.app.inject({ method: 'DELETE', url: `/api/proxy/grants/${grant.id}`, headers: { cookie: alice } });
    expect(rev.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie: bob } })).statusCode).toBe(404);
    expect(json(await t.app.inject({ url: '/api/me', headers: { cookie: bob } })).user.patientId).toBe(w.b.patientId);
    const events = await t.db.query<{ action: string }>("select action from audit_event where resource_type = 'ProxyGrant' order by id");
    expect(events.map((e) => e.action)).toEqual(['create', 'revoke']);
  });

  it('cannot grant to someone in another organization, and cannot revoke a grant that is not yours', async () => {
    const other = await buildOrg(t.db);
    const p = await buildPatient(t.db, other.orgId);
    const outsider = await buildUser(t.db, { orgId: other.orgId, role: 'patient', patientId: p.patientId });
    const alice = await login(t.app, w.alice.email);
    const res = await t.app.inject({ method: 'POST', url: '/api/proxy/grants', headers: { cookie: alice }, payload: { email: outsider.email, relationship: 'friend' } });
    // answered like any invitation (finding 10), but it gives the outsider nothing
    expect(res.statusCode).toBe(201);
    const outsiderCookie = await login(t.app, outsider.email);
    expect(json(await t.app.inject({ url: '/api/proxy', headers: { cookie: outsiderCookie } })).received).toEqual([]);
    const sw = await t.app.inject({ method: 'POST', url: '/api/proxy/acting-as', headers: { cookie: outsiderCookie }, payload: { patientId: w.a.patientId } });
    expect(sw.statusCode).toBe(404);
    const g = json(await t.app.inject({ method: 'POST', url: '/api/proxy/grants', headers: { cookie: alice }, payload: { email: w.bob.email, relationship: 'son' } })).grant;
    const c = await buildPatient(t.db, w.orgId);
    const carol = await buildUser(t.db, { orgId: w.orgId, role: 'patient', patientId: c.patientId });
    const carolCookie = await login(t.app, carol.email);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/proxy/grants/${g.id}`, headers: { cookie: carolCookie } })).statusCode).toBe(404);
  });
});
