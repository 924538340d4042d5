import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { createUser } from '../../cli/create-user';
import { testApp, login, json, cookieOf, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildUser } from '../../testing/factories';
import { longCommonPasswordCount } from './passwords';
import { mfaResetCommand } from './cli';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, cookie?: string, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, ...(cookie ? { headers: { cookie } } : {}), ...(remoteAddress ? { remoteAddress } : {}) });
const nowSec = () => Math.floor(Date.now() / 1000);
/** A valid code for a later 30 s step than the one just used (the server accepts one step of drift, and each step once). */
const nextCode = (secret: string) => generate({ secret, epoch: nowSec() + 30 });

async function enrol(cookie: string) {
  const setup = await post('/api/auth/mfa/totp/setup', {}, cookie);
  expect(setup.statusCode).toBe(200);
  const { secret } = json(setup);
  const enable = await post('/api/auth/mfa/totp/enable', { code: await generate({ secret }) }, cookie);
  expect(enable.statusCode).toBe(200);
  return { secret, recoveryCodes: json(enable).recoveryCodes as string[] };
}

describe('finding 4: lockout is atomic under a concurrent burst', () => {
  it('40 parallel wrong passwords get at most 5 checked, and a right password inside the burst does not sign in', async () => {
    const victim = await buildUser(t.db, { orgId: w.orgId, role: 'nurse' });
    const attempts = Array.from({ length: 41 }, (_, i) => post('/api/auth/login',
      { email: victim.email, password: i === 30 ? 'test-password-1' : `wrong-guess-${i}` }, undefined, `10.44.${i}.1`));
    const res = await Promise.all(attempts);
    const codes = res.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBe(5);
    expect(codes.filter((c) => c === 429).length).toBe(36);
    expect(codes[30]).toBe(429);
    const [checked] = await t.db.query<{ n: number }>("select count(*)::int as n from audit_event where action = 'login-failed' and user_id = $1", [victim.userId]);
    expect(checked.n).toBe(5);
    const [sessions] = await t.db.query<{ n: number }>('select count(*)::int as n from user_session where user_id = $1', [victim.userId]);
    expect(sessions.n).toBe(0);
  });
});

describe('MFA (TOTP + recovery codes)', () => {
  it('requires a session', async () => {
    expect((await post('/api/auth/mfa/totp/setup', {})).statusCode).toBe(401);
    expect((await post('/api/auth/mfa/totp/enable', { code: '123456' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/mfa' })).statusCode).toBe(401);
  });

  it('enrols with a QR address, then sign-in asks for the code: missing → mfa_required, wrong → mfa_invalid, right → 200; recovery codes work once', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'physician' });
    const cookie = await login(t.app, u.email);
    const setup = json(await post('/api/auth/mfa/totp/setup', {}, cookie));
    expect(Object.keys(setup).sort()).toEqual(['otpauthUrl', 'secret']);
    expect(setup.otpauthUrl).toBe(`otpauth://totp/Portico:${encodeURIComponent(u.email)}?secret=${setup.secret}&issuer=Portico`);
    const wrongEnable = await post('/api/auth/mfa/totp/enable', { code: '12345' }, cookie);
    expect(wrongEnable.statusCode).toBe(400);
    expect(json(wrongEnable).error).toMatchObject({ code: 'mfa_invalid', field: 'code' });
    const enable = await post('/api/auth/mfa/totp/enable', { code: await generate({ secret: setup.secret }) }, cookie);
    expect(enable.statusCode).toBe(200);
    const codes: string[] = json(enable).recoveryCodes;
    expect(codes.length).toBe(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await t.db.query<{ code_hash: string }>('select code_hash from mfa_recovery_code where user_id = $1', [u.userId]);
    expect(stored.length).toBe(10);
    expect(stored.some((s) => codes.some((c) => s.code_hash.includes(c.replace('-', ''))))).toBe(false);
    const status = json(await t.app.inject({ url: '/api/auth/mfa', headers: { cookie } }));
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    // setting up again while on is refused
    expect((await post('/api/auth/mfa/totp/setup', {}, cookie)).statusCode).toBe(409);

    const missing = await post('/api/auth/login', { email: u.email, password: 'test-password-1' });
    expect(missing.statusCode).toBe(401);
    expect(json(missing).error.code).toBe('mfa_required');
    expect(missing.cookies.find((c) => c.name === 'portico_session')).toBeUndefined();
    const wrongPwWithCode = await post('/api/auth/login', { email: u.email, password: 'not-the-password', mfaCode: await nextCode(setup.secret) });
    expect(json(wrongPwWithCode).error.code).toBe('invalid_credentials');
    const wrong = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: '000000' === (await nextCode(setup.secret)) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(json(wrong).error.code).toBe('mfa_invalid');
    const code = await nextCode(setup.secret);
    const right = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: code });
    expect(right.statusCode).toBe(200);
    expect(json(right).user.id).toBe(u.userId);
    // the same code cannot be replayed
    const replay = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: code });
    expect(json(replay).error.code).toBe('mfa_invalid');
    // a recovery code works once (any case, with or without the dash)
    const rc = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: codes[3].toUpperCase().replace('-', ' ') });
    expect(rc.statusCode).toBe(200);
    const again = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: codes[3] });
    expect(again.statusCode).toBe(401);
    expect(json(again).error.code).toBe('mfa_invalid');
    const after = json(await t.app.inject({ url: '/api/auth/mfa', headers: { cookie: cookieOf(rc) } }));
    expect(after.recoveryCodesLeft).toBe(9);
    const events = await t.db.query<{ action: string; detail: { method?: string } | null }>(
      "select action, detail from audit_event where user_id = $1 and action in ('mfa-enable', 'login') order by id", [u.userId]);
    expect(events.map((e) => `${e.action}:${e.detail?.method ?? ''}`)).toEqual(['login:password', 'mfa-enable:totp', 'login:totp', 'login:recovery']);
  });

  it('wrong codes count toward the lockout; asking for the code does not', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'patient', patientId: (await buildOrgPatient()).patientId });
    const { secret } = await enrol(await login(t.app, u.email));
    for (let i = 0; i < 7; i++) expect(json(await post('/api/auth/login', { email: u.email, password: 'test-password-1' })).error.code).toBe('mfa_required');
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: `99999${i}` });
      expect(json(r).error.code).toBe('mfa_invalid');
    }
    const locked = await post('/api/auth/login', { email: u.email, password: 'test-password-1', mfaCode: await nextCode(secret) });
    expect(locked.statusCode).toBe(429);
  });

  it('patients may turn MFA off with their password; staff may not when the clinic requires it', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'patient', patientId: (await buildOrgPatient()).patientId });
    const cookie = await login(t.app, u.email);
    await enrol(cookie);
    const bad = await post('/api/auth/mfa/totp/disable', { password: 'nope-nope-nope' }, cookie);
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.field).toBe('password');
    expect((await post('/api/auth/mfa/totp/disable', { password: 'test-password-1' }, cookie)).statusCode).toBe(204);
    expect((await post('/api/auth/login', { email: u.email, password: 'test-password-1' })).statusCode).toBe(200);
  });

  it('an admin resets a user’s MFA in their organization (audited, sessions ended); others cannot', async () => {
    const nurse = await buildUser(t.db, { orgId: w.orgId, role: 'nurse' });
    const nurseCookie = await login(t.app, nurse.email);
    const { secret } = await enrol(nurseCookie);
    const admin = await buildUser(t.db, { orgId: w.orgId, role: 'admin' });
    const other = await buildOrg(t.db);
    const otherAdmin = await buildUser(t.db, { orgId: other.orgId, role: 'admin' });
    const url = `/api/users/${nurse.userId}/mfa/reset`;
    expect((await post(url, {})).statusCode).toBe(401);
    expect((await post(url, {}, await login(t.app, w.physician.email))).statusCode).toBe(403);
    expect((await post(url, {}, await login(t.app, otherAdmin.email))).statusCode).toBe(404);
    expect((await post('/api/users/not-a-uuid/mfa/reset', {}, await login(t.app, admin.email))).statusCode).toBe(400);
    const adminCookie = await login(t.app, admin.email);
    expect((await post(url, {}, adminCookie)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: nurseCookie } })).statusCode).toBe(401);
    const [m] = await t.db.query<{ n: number }>('select count(*)::int as n from user_mfa where user_id = $1', [nurse.userId]);
    expect(m.n).toBe(0);
    const ev = await t.db.query<{ user_id: string; resource_id: string }>("select user_id, resource_id from audit_event where action = 'mfa-reset'");
    expect(ev).toEqual([{ user_id: admin.userId, resource_id: nurse.userId }]);
    // signs in with the password alone again (then must enrol again where required)
    expect((await post('/api/auth/login', { email: nurse.email, password: 'test-password-1' })).statusCode).toBe(200);
    void secret;
  });
});

describe('portico mfa-reset', () => {
  it('turns MFA off for a user by email, ends their sessions, and is audited', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'billing' });
    const cookie = await login(t.app, u.email);
    await enrol(cookie);
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(s) };
    expect(await mfaResetCommand.run(t.db, ['--email', 'nobody@nowhere.test'], io)).toBe(2);
    expect(await mfaResetCommand.run(t.db, ['--email', u.email.toUpperCase()], io)).toBe(0);
    expect(out.at(-1)).toBe(`Two-step sign-in was reset for ${u.email}; they can sign in with their password and set it up again.`);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { email: u.email, password: 'test-password-1' })).statusCode).toBe(200);
    const ev = await t.db.query<{ n: number }>("select count(*)::int as n from audit_event where action = 'mfa-reset' and resource_id = $1", [u.userId]);
    expect(ev[0].n).toBe(1);
  });
});

describe('MFA required for staff (PORTICO_MFA_REQUIRED_FOR_STAFF)', () => {
  it('defaults on outside development and test', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).mfaRequiredForStaff).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).mfaRequiredForStaff).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).mfaRequiredForStaff).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', PORTICO_MFA_REQUIRED_FOR_STAFF: 'true' }).mfaRequiredForStaff).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', PORTICO_MFA_REQUIRED_FOR_STAFF: 'false' }).mfaRequiredForStaff).toBe(false);
  });

  it('staff without MFA sign in but can only enrol until they do; patients are not asked', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORTICO_LOG_LEVEL: 'silent', PORTICO_DATA_DIR: '/nonexistent', PORTICO_MFA_REQUIRED_FOR_STAFF: 'true' });
    const app = await buildApp(t.db, config, { logger: false });
    try {
      const nurse = await buildUser(t.db, { orgId: w.orgId, role: 'nurse', clinicIds: [w.clinicId] });
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: nurse.email, password: 'test-password-1' } });
      expect(res.statusCode).toBe(200);
      expect(json(res).user.mfaEnrollmentRequired).toBe(true);
      const cookie = cookieOf(res);
      const blocked = await app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie } });
      expect(blocked.statusCode).toBe(403);
      expect(json(blocked).error.code).toBe('mfa_enrollment_required');
      expect(json(await app.inject({ url: '/api/me', headers: { cookie } })).user.mfaEnrollmentRequired).toBe(true);
      expect(json(await app.inject({ url: '/api/auth/mfa', headers: { cookie } })).required).toBe(true);
      const { secret } = json(await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/setup', headers: { cookie }, payload: {} }));
      const en = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/enable', headers: { cookie }, payload: { code: await generate({ secret }) } });
      expect(en.statusCode).toBe(200);
      expect((await app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie } })).statusCode).toBe(200);
      expect(json(await app.inject({ url: '/api/me', headers: { cookie } })).user.mfaEnrollmentRequired).toBeUndefined();
      const off = await app.inject({ method: 'POST', url: '/api/auth/mfa/totp/disable', headers: { cookie }, payload: { password: 'test-password-1' } });
      expect(off.statusCode).toBe(403);
      expect(json(off).error.code).toBe('mfa_required_by_clinic');
      const patient = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.bob.email, password: 'test-password-1' } });
      expect(patient.statusCode).toBe(200);
      expect(json(patient).user.mfaEnrollmentRequired).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('finding 9: new passwords and the change-password form', () => {
  it('ships a common-password list of at least 10,000 long passwords', () => {
    expect(longCommonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses short and common new passwords, naming the field', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'front_desk', password: 'first-password' });
    const c = await login(t.app, u.email, 'first-password');
    for (const [pw, words] of [['password', /at least 12/], ['elevenchars', /at least 12/], ['password1234', /too common/], ['QWERTYUIOP12', /too common/]] as const) {
      const r = await post('/api/auth/password', { currentPassword: 'first-password', newPassword: pw }, c);
      expect(r.statusCode).toBe(400);
      expect(json(r).error.field).toBe('newPassword');
      expect(json(r).error.message).toMatch(words);
    }
  });

  it('locks change-password after 5 wrong current passwords', async () => {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'front_desk', password: 'first-password' });
    const c = await login(t.app, u.email, 'first-password');
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await post('/api/auth/password', { currentPassword: `guess-${i}-xxxx`, newPassword: 'a brand new pass phrase' }, c)).statusCode);
    expect(codes).toEqual([400, 400, 400, 400, 400, 429, 429]);
    const right = await post('/api/auth/password', { currentPassword: 'first-password', newPassword: 'a brand new pass phrase' }, c);
    expect(right.statusCode).toBe(429);
  });

  it('the create-user command refuses common and short passwords', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (s: string) => err.push(s) };
    expect(await createUser(t.db, ['--email', 'new.nurse@example.org', '--password', 'password1234', '--role', 'nurse'], io)).toBe(2);
    expect(err.at(-1)).toMatch(/too common/);
    expect(await createUser(t.db, ['--email', 'new.nurse@example.org', '--password', 'short-pw', '--role', 'nurse'], io)).toBe(2);
    expect(err.at(-1)).toMatch(/at least 12/);
  });
});

describe('finding 6: logs name the route, never the raw URL', () => {
  it('redacts query strings and tokens', async () => {
    const lines: string[] = [];
    const db = t.db;
    const config = loadConfig({ NODE_ENV: 'test', PORTICO_LOG_LEVEL: 'info', PORTICO_DATA_DIR: '/nonexistent' });
    const app = await buildApp(db, config, { logStream: { write: (s: string) => void lines.push(s) } });
    try {
      const token = 'tok3nTOKENtok3nTOKENtok3nTOKEN_abc';
      await app.inject({ url: '/api/patients?q=Thompson' });
      await app.inject({ url: `/api/record/shared/${token}` });
      await app.inject({ url: '/api/threads?q=knee+pain' });
      await app.inject({ url: `/api/no-such-route/${token}?q=Thompson` });
      const all = lines.join('\n');
      expect(all).not.toMatch(/Thompson|knee|tok3n/);
      const urls = lines.map((l) => JSON.parse(l) as { req?: { url: string } }).filter((l) => l.req).map((l) => l.req!.url);
      expect(urls).toEqual(['/api/patients', '/api/record/shared/:token', '/api/threads', '/api/no-such-route/:redacted?…']);
    } finally {
      await app.close();
    }
  });
});

describe('finding 8: X-Forwarded-For trusts only the configured hops', () => {
  it('parses true, false and a number', () => {
    expect(loadConfig({ PORTICO_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ PORTICO_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ PORTICO_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ PORTICO_TRUST_PROXY: 'yes' })).toThrow(/PORTICO_TRUST_PROXY/);
  });

  it('takes the client address that many hops back, not the left-most value a client can write', async () => {
    const ipFor = async (trust: string) => {
      const config = loadConfig({ NODE_ENV: 'test', PORTICO_LOG_LEVEL: 'silent', PORTICO_DATA_DIR: '/nonexistent', PORTICO_TRUST_PROXY: trust });
      const app = await buildApp(t.db, config, { logger: false });
      app.get('/__ip', async (req) => ({ ip: req.ip }));
      try {
        const r = await app.inject({ url: '/__ip', remoteAddress: '10.0.0.9', headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 203.0.113.5' } });
        return json(r).ip as string;
      } finally {
        await app.close();
      }
    };
    expect(await ipFor('false')).toBe('10.0.0.9');
    expect(await ipFor('true')).toBe('203.0.113.5');
    expect(await ipFor('2')).toBe('198.51.100.7');
  });
});

async function buildOrgPatient() {
  const { buildPatient } = await import('../../testing/factories');
  return buildPatient(t.db, w.orgId);
}
