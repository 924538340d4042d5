import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildPatient, buildUser } from '../../testing/factories';
import { liveSessionCheck } from '../../platform/auth/session-events';
import { createUser } from '../../cli/create-user';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let port: number;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

const req = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie?: string, payload?: object) =>
  t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}), ...(payload ? { payload } : {}) });

async function newPatientUser(given: string) {
  const p = await buildPatient(t.db, w.orgId, { given });
  const u = await buildUser(t.db, { orgId: w.orgId, role: 'patient', patientId: p.patientId, name: `${given} Person` });
  return { ...u, patientId: p.patientId };
}

/** Opens the live-update stream over real HTTP; `ended` resolves with everything received once the server closes it. */
function openStream(cookie: string) {
  return new Promise<{ status: number; ended: Promise<string>; close: () => void }>((resolve, reject) => {
    const r = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { cookie } }, (res) => {
      let body = '';
      const ended = new Promise<string>((done) => {
        res.on('data', (d) => { body += String(d); });
        res.on('end', () => done(body));
        res.on('close', () => done(body));
      });
      res.once('data', () => resolve({ status: res.statusCode ?? 0, ended, close: () => r.destroy() }));
    });
    r.on('error', reject);
  });
}
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

describe('finding 10: invitations do not reveal who is a patient; staff are never proxies', () => {
  it('answers a patient, a staff member and an unknown email the same way', async () => {
    const alice = await login(t.app, w.alice.email);
    const answers = [];
    for (const email of [w.bob.email, w.nurse.email, 'nobody.at.all@example.org']) {
      const r = await req('POST', '/api/proxy/grants', alice, { email, relationship: 'family' });
      expect(r.statusCode).toBe(201);
      const g = json(r).grant;
      expect(g.granteeName).toBe(email);
      expect(g.granteeEmail).toBe(email);
      answers.push({ ...g, id: 'x', createdAt: 'x', granteeName: 'x', granteeEmail: 'x' });
      expect(r.body).not.toMatch(/Bob|Nora/);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const given = json(await req('GET', '/api/proxy', alice)).given;
    expect(given.map((g: { granteeName: string }) => g.granteeName)).toEqual([w.bob.email, w.nurse.email, 'nobody.at.all@example.org']);
    // the same notice went to each address, with no name in it
    const mail = await t.db.query<{ to_address: string; body: string }>("select to_address, body from outbox_email where dedupe_key like 'proxy-grant:%' order by id");
    expect(mail.map((m) => m.to_address)).toEqual([w.bob.email, w.nurse.email, 'nobody.at.all@example.org']);
    expect(new Set(mail.map((m) => m.body)).size).toBe(1);
    // the nurse got no proxy access
    const nurse = await login(t.app, w.nurse.email);
    const [link] = await t.db.query<{ grantee_user_id: string | null }>('select grantee_user_id from proxy_grant where invited_email = $1', [w.nurse.email]);
    expect(link.grantee_user_id).toBeNull();
    expect((await req('POST', '/api/proxy/acting-as', nurse, { patientId: w.a.patientId })).statusCode).toBe(403);
    // a second invitation to the same email is refused the same way for anyone
    expect((await req('POST', '/api/proxy/grants', alice, { email: 'nobody.at.all@example.org', relationship: 'family' })).statusCode).toBe(409);
    expect((await req('POST', '/api/proxy/grants', alice, { email: w.bob.email, relationship: 'family' })).statusCode).toBe(409);
  });
});

describe('an invitation to an email without an account', () => {
  it('starts working when that email becomes a patient account of the clinic', async () => {
    const pat = await newPatientUser('Uma');
    const patCookie = await login(t.app, pat.email);
    expect((await req('POST', '/api/proxy/grants', patCookie, { email: 'future.proxy@example.org', relationship: 'nephew' })).statusCode).toBe(201);
    const future = await buildPatient(t.db, w.orgId, { given: 'Vic' });
    const io = { stdout: () => undefined, stderr: () => undefined };
    expect(await createUser(t.db, ['--email', 'Future.Proxy@example.org', '--password', 'a long pass phrase', '--role', 'patient',
      '--patient-identifier', future.mrn], io)).toBe(0);
    const cookie = await login(t.app, 'future.proxy@example.org', 'a long pass phrase');
    expect(json(await req('GET', '/api/proxy', cookie)).received.map((g: { patientId: string }) => g.patientId)).toEqual([pat.patientId]);
  });
});

describe('finding 3: secure links made by a proxy belong to the grant', () => {
  it('are listed for the patient, revocable one by one, and stop working when the grant is revoked', async () => {
    const pat = await newPatientUser('Paula');
    const prox = await newPatientUser('Quinn');
    const patCookie = await login(t.app, pat.email);
    const grant = json(await req('POST', '/api/proxy/grants', patCookie, { email: prox.email, relationship: 'daughter' })).grant;
    const proxCookie = await login(t.app, prox.email);
    expect((await req('POST', '/api/proxy/acting-as', proxCookie, { patientId: pat.patientId })).statusCode).toBe(200);

    const tokenOf = async (linkId: string) => {
      const [m] = await t.db.query<{ body: string }>('select body from outbox_email where dedupe_key = $1', [`record-link:${linkId}`]);
      return /\/api\/record\/shared\/([A-Za-z0-9_-]+)/.exec(m.body)![1];
    };
    const proxyLink1 = json(await req('POST', '/api/record/transmit', proxCookie, { email: 'doctor1@example.org' })).id;
    const proxyLink2 = json(await req('POST', '/api/record/transmit', proxCookie, { email: 'doctor2@example.org' })).id;
    const ownLink = json(await req('POST', '/api/record/transmit', patCookie, { email: 'me@example.org' })).id;
    const tied = await t.db.query<{ id: string; proxy_grant_id: string | null }>(
      'select id, proxy_grant_id from record_share_link where patient_id = $1 order by created_at', [pat.patientId]);
    expect(tied).toEqual([{ id: proxyLink1, proxy_grant_id: grant.id }, { id: proxyLink2, proxy_grant_id: grant.id }, { id: ownLink, proxy_grant_id: null }]);
    const [t1, t2, t3] = [await tokenOf(proxyLink1), await tokenOf(proxyLink2), await tokenOf(ownLink)];
    for (const tok of [t1, t2, t3]) expect((await req('GET', `/api/record/shared/${tok}`)).statusCode).toBe(200);

    expect((await req('GET', '/api/proxy/share-links')).statusCode).toBe(401);
    const list = json(await req('GET', '/api/proxy/share-links', patCookie)).links;
    expect(list.map((l: { id: string; createdBy: string; byProxy: boolean; status: string; timesOpened: number }) => [l.id, l.createdBy, l.byProxy, l.status, l.timesOpened]))
      .toEqual([[ownLink, 'you', false, 'active', 1], [proxyLink2, 'Quinn Person', true, 'active', 1], [proxyLink1, 'Quinn Person', true, 'active', 1]]);
    // another patient sees none of them and cannot revoke them
    const other = await login(t.app, w.bob.email);
    expect(json(await req('GET', '/api/proxy/share-links', other)).links.map((l: { id: string }) => l.id)).not.toContain(proxyLink1);
    expect((await req('DELETE', `/api/proxy/share-links/${proxyLink1}`, other)).statusCode).toBe(404);
    expect((await req('GET', `/api/record/shared/${t1}`)).statusCode).toBe(200);

    // one by one
    expect((await req('DELETE', `/api/proxy/share-links/${proxyLink1}`, patCookie)).statusCode).toBe(204);
    expect((await req('DELETE', `/api/proxy/share-links/${proxyLink1}`, patCookie)).statusCode).toBe(204);
    expect((await req('GET', `/api/record/shared/${t1}`)).statusCode).toBe(404);
    expect((await req('GET', `/api/record/shared/${t2}`)).statusCode).toBe(200);
    // the grant: every link the proxy made under it stops; the patient's own link keeps working
    expect((await req('DELETE', `/api/proxy/grants/${grant.id}`, patCookie)).statusCode).toBe(204);
    expect((await req('GET', `/api/record/shared/${t2}`)).statusCode).toBe(404);
    expect((await req('GET', `/api/record/shared/${t3}`)).statusCode).toBe(200);
    const after = json(await req('GET', '/api/proxy/share-links', patCookie)).links;
    expect(after.map((l: { status: string }) => l.status)).toEqual(['active', 'revoked', 'revoked']);
    const audits = await t.db.query<{ resource_type: string; resource_id: string }>(
      "select resource_type, resource_id from audit_event where action = 'revoke' and patient_id = $1 order by id", [pat.patientId]);
    expect(audits).toEqual([{ resource_type: 'ShareLink', resource_id: proxyLink1 }, { resource_type: 'ProxyGrant', resource_id: grant.id }]);
  });
});

describe('live-update streams end with the access behind them (findings 3 and 11)', () => {
  it('a revoked proxy’s open stream ends', async () => {
    const pat = await newPatientUser('Rhea');
    const prox = await newPatientUser('Sol');
    const patCookie = await login(t.app, pat.email);
    const grant = json(await req('POST', '/api/proxy/grants', patCookie, { email: prox.email, relationship: 'son' })).grant;
    const proxCookie = await login(t.app, prox.email);
    await req('POST', '/api/proxy/acting-as', proxCookie, { patientId: pat.patientId });
    const s = await openStream(proxCookie);
    expect(s.status).toBe(200);
    expect(await within(s.ended, 300)).toBe('still open');
    await req('DELETE', `/api/proxy/grants/${grant.id}`, patCookie);
    expect(await within(s.ended, 3000)).toMatch(/event: session-ended\ndata: {"reason":"access-changed"}/);
  });

  it('sign-out ends the stream', async () => {
    const cookie = await login(t.app, w.bob.email);
    const s = await openStream(cookie);
    expect(await within(s.ended, 300)).toBe('still open');
    expect((await req('POST', '/api/auth/logout', cookie)).statusCode).toBe(204);
    expect(await within(s.ended, 3000)).toMatch(/event: session-ended\ndata: {"reason":"ended"}/);
  });

  it('the idle timeout ends the stream (an open stream does not count as activity)', async () => {
    const before = liveSessionCheck.intervalMs;
    liveSessionCheck.intervalMs = 100;
    try {
      const u = await newPatientUser('Tess');
      const cookie = await login(t.app, u.email);
      const s = await openStream(cookie);
      expect(await within(s.ended, 400)).toBe('still open');
      await t.db.query("update user_session set last_seen_at = now() - interval '16 minutes' where user_id = $1", [u.userId]);
      expect(await within(s.ended, 3000)).toMatch(/event: session-ended\ndata: {"reason":"expired"}/);
      expect((await req('GET', '/api/me', cookie)).statusCode).toBe(401);
    } finally {
      liveSessionCheck.intervalMs = before;
    }
  });
});
