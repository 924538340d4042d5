import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, cookieOf, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildUser } from '../../testing/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
});
afterAll(() => t.close());

describe('login', () => {
  it('signs in with the right password and sets an HttpOnly SameSite=Lax cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.nurse.email.toUpperCase(), password: 'test-password-1' } });
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.user).toMatchObject({ id: w.nurse.userId, role: 'nurse', displayName: 'Nora Nurse, RN' });
    expect(body.user.password_hash).toBeUndefined();
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: cookieOf(res) } });
    expect(json(me).user.id).toBe(w.nurse.userId);
  });

  it('returns the patient id for a patient', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.alice.email, password: 'test-password-1' } });
    expect(json(res).user.patientId).toBe(w.a.patientId);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.bob.email, password: 'nope-nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.org', password: 'nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong).error).toEqual(json(unknown).error);
    const audit = await t.db.query<{ n: number }>("select count(*)::int as n from audit_event where action = 'login-failed'");
    expect(audit[0].n).toBeGreaterThanOrEqual(2);
  });

  it('names the missing field on bad input', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.org' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('password');
  });

  it('locks the account after 5 failures, even with the right password, and says 429', async () => {
    const victim = await buildUser(t.db, { orgId: w.orgId, role: 'nurse' });
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: `wrong-${i}-xxxx` }, remoteAddress: `10.0.0.${i}` });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: 'test-password-1' }, remoteAddress: '10.0.1.1' });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(locked).error.message).toMatch(/Too many/);
  });

  it('rate-limits one IP that tries many accounts', async () => {
    for (let i = 0; i < 30; i++)
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `spray${i}@example.org`, password: 'guess-guess' }, remoteAddress: '10.9.9.9' });
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.physician.email, password: 'test-password-1' }, remoteAddress: '10.9.9.9' });
    expect(r.statusCode).toBe(429);
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.physician.email, password: 'test-password-1' }, remoteAddress: '10.9.9.10' });
    expect(other.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('401 when not signed in', async () => {
    const res = await t.app.inject({ url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('unauthorized');
  });

  it('times out after the idle period and says so', async () => {
    const cookie = await login(t.app, w.bob.email);
    await t.db.query("update user_session set last_seen_at = now() - interval '16 minutes' where user_id = $1", [w.bob.userId]);
    const res = await t.app.inject({ url: '/api/me', headers: { cookie } });
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('session_expired');
    // and the session is gone for good
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends at the absolute lifetime even when active', async () => {
    const cookie = await login(t.app, w.bob.email);
    await t.db.query("update user_session set expires_at = now() - interval '1 second' where user_id = $1", [w.bob.userId]);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('logout ends the session', async () => {
    const cookie = await login(t.app, w.alice.email);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('password change ends the other sessions and the new password works', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'front_desk', password: 'first-password' });
    const c1 = await login(t.app, u.email, 'first-password');
    const c2 = await login(t.app, u.email, 'first-password');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: c1 }, payload: { currentPassword: 'first-password', newPassword: 'short' } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.field).toBe('newPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: c1 }, payload: { currentPassword: 'first-password', newPassword: 'second-password' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: c2 } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: c1 } })).statusCode).toBe(200);
    await login(t.app, u.email, 'second-password');
  });

  it('refuses state-changing requests from another site (CSRF)', async () => {
    const cookie = await login(t.app, w.alice.email);
    const cross = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'https://evil.example', host: 'localhost:3000' } });
    expect(cross.statusCode).toBe(403);
    expect(json(cross).error.code).toBe('csrf');
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'not a url', host: 'localhost:3000' } });
    expect(malformed.statusCode).toBe(403);
    expect(json(malformed).error.code).toBe('csrf');
    const fetchMeta = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.statusCode).toBe(403);
    const form = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, 'content-type': 'text/plain' }, payload: 'x' });
    expect(form.statusCode).toBe(415);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });
});
