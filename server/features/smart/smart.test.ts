import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { smartActor } from './access';
import { addClient } from './cli';

const BASE = 'http://portico.test';
const FHIR = `${BASE}/fhir/R4`;
const REDIRECT = 'https://app.example/callback';
const SCOPE = 'launch/patient openid fhirUser offline_access patient/*.rs';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let confidential: { clientId: string; clientSecret?: string };
let publicApp: { clientId: string };

/** openid-client speaks fetch; this hands its requests to the Fastify app in process. */
function injectFetch(app: FastifyInstance) {
  return async (url: string, opts: { method?: string; headers?: HeadersInit; body?: unknown }) => {
    const u = new URL(url);
    const headers = Object.fromEntries(new Headers(opts.headers).entries());
    const res = await app.inject({ method: (opts.method ?? 'GET') as 'GET', url: u.pathname + u.search, headers: { ...headers, host: u.host },
      payload: opts.body === undefined || opts.body === null ? undefined : String(opts.body) });
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: res.headers as Record<string, string> });
  };
}

async function discover(c: { clientId: string; clientSecret?: string }) {
  const config = await client.discovery(new URL(`${BASE}/oauth`), c.clientId, c.clientSecret ? { client_secret: c.clientSecret } : undefined,
    c.clientSecret ? client.ClientSecretBasic(c.clientSecret) : client.None(),
    { [client.customFetch]: injectFetch(t.app) as client.CustomFetch, execute: [client.allowInsecureRequests] });
  return config;
}

/** Browser cookies of the authorization server (the app's browser tab). */
class Jar {
  private cookies = new Map<string, string>();
  take(res: LightMyRequestResponse) { for (const c of res.cookies) this.cookies.set(c.name, c.value); }
  get header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

/** The whole browser side of a launch: authorize → consent page's API → back to the app. Returns the redirect to the app. */
async function launch(config: client.Configuration, portalCookie: string, decision: 'allow' | 'deny' = 'allow', scope = SCOPE, jar = new Jar()) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope, state, aud: FHIR, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const start = await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { host: 'portico.test', cookie: jar.header } });
  expect(start.statusCode).toBe(303);
  jar.take(start);
  const uid = /^\/apps\/authorize\/([A-Za-z0-9_-]+)$/.exec(String(start.headers.location))?.[1];
  expect(uid).toBeTruthy();
  const details = await t.app.inject({ method: 'GET', url: `/api/smart/authorize/${uid}`, headers: { cookie: portalCookie } });
  expect(details.statusCode).toBe(200);
  const answer = await t.app.inject({ method: 'POST', url: `/api/smart/authorize/${uid}`, headers: { cookie: portalCookie }, payload: { decision } });
  expect(answer.statusCode).toBe(200);
  const back = new URL(json(answer).redirectTo);
  const resumed = await t.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { host: 'portico.test', cookie: jar.header } });
  jar.take(resumed);
  expect(resumed.statusCode).toBe(303);
  return { redirect: new URL(String(resumed.headers.location)), verifier, state, details: json(details), uid: uid! };
}

async function connect(config: client.Configuration, portalCookie: string) {
  const l = await launch(config, portalCookie);
  return client.authorizationCodeGrant(config, l.redirect, { pkceCodeVerifier: l.verifier, expectedState: l.state });
}

const whoami = (token: string) => t.app.inject({ method: 'GET', url: '/test/smart-actor', headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await testApp({ PORTICO_PUBLIC_URL: BASE });
  // A tiny resource endpoint for these tests: what smartActor makes of a request.
  t.app.get('/test/smart-actor', async (req) => ({ actor: await smartActor(req) }));
  w = await buildClinicWorld(t.db);
  confidential = await addClient(t.db, 'Health Diary', [REDIRECT], false);
  publicApp = await addClient(t.db, 'Pocket Record', [REDIRECT], true);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
});
afterAll(() => t.close());

describe('SMART configuration', () => {
  it('answers JSON at the root and under /fhir/R4 with the endpoints and capabilities', async () => {
    for (const url of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { host: 'portico.test' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const c = json(res);
      expect(c.authorization_endpoint).toBe(`${BASE}/oauth/auth`);
      expect(c.token_endpoint).toBe(`${BASE}/oauth/token`);
      expect(c.revocation_endpoint).toBe(`${BASE}/oauth/token/revocation`);
      expect(c.introspection_endpoint).toBe(`${BASE}/oauth/token/introspection`);
      expect(c.code_challenge_methods_supported).toEqual(['S256']);
      for (const cap of ['launch-standalone', 'client-public', 'client-confidential-symmetric', 'context-standalone-patient', 'permission-v2', 'permission-offline']) {
        expect(c.capabilities).toContain(cap);
      }
      expect(c.scopes_supported).toContain('patient/*.rs');
    }
  });
});

describe('standalone patient launch with openid-client', () => {
  it('code + PKCE gives an access token bound to the patient, an ID token with fhirUser, and a refresh token', async () => {
    const config = await discover(confidential);
    const l = await launch(config, alice);
    expect(l.details).toMatchObject({ appName: 'Health Diary', redirectHost: 'app.example',  forSomeoneElse: false, answered: false });
    const [a] = await t.db.query<{ name: string }>(`select given_name || ' ' || family_name as name from patient where id = $1`, [w.a.patientId]);
    expect(l.details.patientName).toBe(a.name);
    expect(l.details.mayRead).toEqual(['all', 'identity', 'offline']);
    const tokens = await client.authorizationCodeGrant(config, l.redirect, { pkceCodeVerifier: l.verifier, expectedState: l.state });
    expect(tokens.patient).toBe(w.a.patientId);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope?.split(' ').sort()).toEqual(SCOPE.split(' ').sort());
    expect(tokens.claims()?.fhirUser).toBe(`${FHIR}/Patient/${w.a.patientId}`);
    const me = await whoami(tokens.access_token);
    expect(me.statusCode).toBe(200);
    expect(json(me).actor).toMatchObject({ patientId: w.a.patientId, userId: w.alice.userId, clientId: confidential.clientId, appName: 'Health Diary' });
    expect(json(me).actor.scopes).toContain('patient/*.rs');
  });

  it('a public app (no secret) connects with PKCE, and its refresh token gives new access tokens that carry the patient', async () => {
    const config = await discover(publicApp);
    const tokens = await connect(config, bob);
    expect(tokens.patient).toBe(w.b.patientId);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.patient).toBe(w.b.patientId);
    expect(json(await whoami(refreshed.access_token)).actor.patientId).toBe(w.b.patientId);
  });

  it('one browser, two people in turn: each launch is for whoever is signed in to the portal now', async () => {
    const config = await discover(publicApp);
    const browser = new Jar();
    const first = await launch(config, alice, 'allow', SCOPE, browser);
    expect((await client.authorizationCodeGrant(config, first.redirect, { pkceCodeVerifier: first.verifier, expectedState: first.state })).patient).toBe(w.a.patientId);
    const second = await launch(config, bob, 'allow', SCOPE, browser);
    const tokens = await client.authorizationCodeGrant(config, second.redirect, { pkceCodeVerifier: second.verifier, expectedState: second.state });
    expect(tokens.patient).toBe(w.b.patientId);
    expect(tokens.claims()?.sub).toBe(w.bob.userId);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = `/oauth/auth?client_id=${publicApp.clientId}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=${encodeURIComponent(SCOPE)}&state=abcdefgh`;
    const res = await t.app.inject({ method: 'GET', url, headers: { host: 'portico.test' } });
    expect(res.statusCode).toBe(303);
    const back = new URL(String(res.headers.location));
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses an aud that is not this FHIR server', async () => {
    const config = await discover(publicApp);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope: SCOPE, state: 'abcdefgh', aud: 'https://other.example/fhir/R4',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const res = await t.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { host: 'portico.test' } });
    expect(res.statusCode).toBe(303);
    const back = new URL(String(res.headers.location));
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/^aud must be this server's FHIR base URL/);
  });

  it('Deny sends the app access_denied and connects nothing', async () => {
    const config = await discover(confidential);
    const before = (await t.db.query('select 1 from smart_grant where patient_id = $1', [w.b.patientId])).length;
    const l = await launch(config, bob, 'deny');
    expect(l.redirect.searchParams.get('error')).toBe('access_denied');
    expect((await t.db.query('select 1 from smart_grant where patient_id = $1', [w.b.patientId])).length).toBe(before);
  });

  it('introspection says active with the scope, and not active after revocation', async () => {
    const config = await discover(confidential);
    const tokens = await connect(config, alice);
    const info = await client.tokenIntrospection(config, tokens.access_token);
    expect(info.active).toBe(true);
    expect(info.scope?.split(' ')).toContain('patient/*.rs');
    expect(info.sub).toBe(w.alice.userId);
    await client.tokenRevocation(config, tokens.access_token);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('revoking the refresh token ends the grant: its access tokens get 401, refresh fails', async () => {
    const config = await discover(confidential);
    const tokens = await connect(config, alice);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect((await whoami(refreshed.access_token)).statusCode).toBe(200);
    await client.tokenRevocation(config, refreshed.refresh_token!);
    expect((await whoami(tokens.access_token)).statusCode).toBe(401);
    expect((await whoami(refreshed.access_token)).statusCode).toBe(401);
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revoking the access token ends the grant too: the refresh token no longer works', async () => {
    const config = await discover(publicApp);
    const tokens = await connect(config, alice);
    await client.tokenRevocation(config, tokens.access_token);
    expect((await whoami(tokens.access_token)).statusCode).toBe(401);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const [g] = await t.db.query<{ revoked: boolean }>('select revoked_at is not null as revoked from smart_grant where user_id = $1 order by created_at desc limit 1', [w.alice.userId]);
    expect(g.revoked).toBe(true);
  });

  it('no bearer token: null; an unknown token: 401 invalid_token', async () => {
    expect(json(await t.app.inject({ method: 'GET', url: '/test/smart-actor' })).actor).toBe(null);
    const res = await whoami('not-a-real-token');
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('invalid_token');
  });

  it('grants survive a restart: a new app on the same database accepts the tokens', async () => {
    const config = await discover(confidential);
    const tokens = await connect(config, bob);
    const { buildApp } = await import('../../app');
    const again = await buildApp(t.db, t.config, { logger: false });
    again.get('/test/smart-actor', async (req) => ({ actor: await smartActor(req) }));
    const res = await again.inject({ method: 'GET', url: '/test/smart-actor', headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(json(res).actor.patientId).toBe(w.b.patientId);
    await again.close();
  });
});

describe('consent page API', () => {
  it('requires a signed-in patient, and staff are refused', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/smart/authorize/abcdefghijkl' })).statusCode).toBe(401);
    const nurse = await login(t.app, w.nurse.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/smart/authorize/abcdefghijkl', headers: { cookie: nurse } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/smart/authorize/abcdefghijkl', headers: { cookie: alice } })).statusCode).toBe(404);
  });
});

describe('connected apps', () => {
  it('lists what each app may read and when it was used; Disconnect ends its tokens at once', async () => {
    const config = await discover(confidential);
    const tokens = await connect(config, bob);
    await whoami(tokens.access_token);
    const list = json(await t.app.inject({ method: 'GET', url: '/api/apps', headers: { cookie: bob } })).apps as { id: string; appName: string; lastUsedAt: string | null; mayRead: string[]; connectedBy: string; connectedByYou: boolean; canDisconnect: boolean }[];
    const grantId = (await t.db.query<{ id: string }>('select id from smart_grant where patient_id = $1 and revoked_at is null order by created_at desc limit 1', [w.b.patientId]))[0].id;
    const app = list.find((a) => a.id === grantId)!;
    expect(app).toMatchObject({ appName: 'Health Diary', connectedBy: 'Bob B', connectedByYou: true, canDisconnect: true });
    expect(app.lastUsedAt).not.toBe(null);
    expect(app.mayRead).toEqual(['all', 'identity', 'offline']);
    // Another patient cannot see or disconnect it.
    expect((json(await t.app.inject({ method: 'GET', url: '/api/apps', headers: { cookie: alice } })).apps as { id: string }[]).map((a) => a.id)).not.toContain(grantId);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/apps/${grantId}`, headers: { cookie: alice } })).statusCode).toBe(404);
    expect((await whoami(tokens.access_token)).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/apps/${grantId}`, headers: { cookie: bob } })).statusCode).toBe(204);
    expect((await whoami(tokens.access_token)).statusCode).toBe(401);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toThrow();
    const after = json(await t.app.inject({ method: 'GET', url: '/api/apps', headers: { cookie: bob } })).apps as { id: string }[];
    expect(after.map((a) => a.id)).not.toContain(grantId);
    const events = await t.db.query<{ action: string }>(`select action from audit_event where resource_type = 'SmartGrant' and resource_id = $1 order by id`, [grantId]);
    expect(events.map((e) => e.action)).toEqual(['connect-app', 'disconnect-app']);
    // The patient's activity log says it in words.
    const activity = json(await t.app.inject({ method: 'GET', url: '/api/record/activity', headers: { cookie: bob } })).events as { text: string }[];
    expect(activity.map((e) => e.text)).toContain('You disconnected the app Health Diary');
    expect(activity.map((e) => e.text)).toContain('You connected the app Health Diary to your record');
  });

  it('a proxy connects an app to the record they act for; the app stops when the proxy grant ends', async () => {
    const g = await t.app.inject({ method: 'POST', url: '/api/proxy/grants', headers: { cookie: alice }, payload: { email: w.bob.email, relationship: 'son' } });
    expect(g.statusCode).toBe(201);
    const bobForAlice = await login(t.app, w.bob.email);
    const sw = await t.app.inject({ method: 'POST', url: '/api/proxy/acting-as', headers: { cookie: bobForAlice }, payload: { patientId: w.a.patientId } });
    expect(sw.statusCode).toBe(200);
    const config = await discover(publicApp);
    const l = await launch(config, bobForAlice);
    expect(l.details.forSomeoneElse).toBe(true);
    const tokens = await client.authorizationCodeGrant(config, l.redirect, { pkceCodeVerifier: l.verifier, expectedState: l.state });
    expect(tokens.patient).toBe(w.a.patientId);
    // A proxy is not the patient: no fhirUser naming the patient.
    expect(tokens.claims()?.fhirUser).toBe(undefined);
    expect(json(await whoami(tokens.access_token)).actor).toMatchObject({ patientId: w.a.patientId, userId: w.bob.userId });
    const aliceApps = json(await t.app.inject({ method: 'GET', url: '/api/apps', headers: { cookie: alice } })).apps as { appName: string; connectedBy: string; connectedByYou: boolean; canDisconnect: boolean }[];
    expect(aliceApps.find((a) => a.connectedBy === 'Bob B')).toMatchObject({ appName: 'Pocket Record', connectedByYou: false, canDisconnect: true });

    const rev = await t.app.inject({ method: 'DELETE', url: `/api/proxy/grants/${json(g).grant.id}`, headers: { cookie: alice } });
    expect(rev.statusCode).toBe(204);
    expect((await whoami(tokens.access_token)).statusCode).toBe(401);
  });

  it('requires authentication', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/apps' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/apps/x' })).statusCode).toBe(401);
  });
});
