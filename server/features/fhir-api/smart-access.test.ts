import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { importBundle } from '../fhir-import/importer';
import { smallBundle } from '../fhir-import/test-bundles';

/**
 * The FHIR API with SMART tokens. Token issuing belongs to the SMART feature (its own tests run real clients); here its
 * token lookup (smart/access.ts smartActor) is replaced by a table of tokens, so scope and patient binding are tested alone.
 */
const grants = new Map<string, { patientId: string; userId: string; clientId: string; appName: string; scopes: string[] }>();
vi.mock('../smart/access', async (original) => ({
  ...(await original<typeof import('../smart/access')>()),
  smartActor: async (req: FastifyRequest) => {
    const h = req.headers.authorization;
    if (!h) return null;
    const g = grants.get(h.replace(/^Bearer\s+/i, ''));
    if (!g) throw new Error('invalid token');
    return g;
  },
}));

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const b = smallBundle({ patientId: 'smart-1', mrn: w.a.mrn });
  (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
  await importBundle(t.db, b, { source: 'smart.json', orgId: w.orgId });
  const base = { patientId: w.a.patientId, userId: w.alice.userId, clientId: 'c-1', appName: 'Glucose Buddy' };
  grants.set('all', { ...base, scopes: ['launch/patient', 'openid', 'fhirUser', 'patient/*.rs'] });
  grants.set('obs', { ...base, scopes: ['patient/Observation.rs'] });
  grants.set('v1', { ...base, scopes: ['patient/Observation.read'] });
  grants.set('read-only', { ...base, scopes: ['patient/Observation.r'] });
});
afterAll(() => t.close());

const get = (url: string, token: string) => t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

describe('FHIR API with a SMART token', () => {
  it('patient/*.rs reads everything of the one patient the token is bound to', async () => {
    const p = await get(`/fhir/R4/Patient/${w.a.patientId}`, 'all');
    expect(p.statusCode).toBe(200);
    expect(json(p).id).toBe(w.a.patientId);
    expect(json(await get('/fhir/R4/Condition', 'all')).total).toBe(1);
    expect((await get(`/fhir/R4/Patient/${w.b.patientId}`, 'all')).statusCode).toBe(404);
    expect(json(await get(`/fhir/R4/Observation?patient=${w.b.patientId}`, 'all')).total).toBe(0);
  });

  it('a per-type scope limits the types: others are 403 OperationOutcomes, and _include leaves them out', async () => {
    expect(json(await get('/fhir/R4/Observation?code=4548-4', 'obs')).total).toBe(3);
    const c = await get('/fhir/R4/Condition', 'obs');
    expect(c.statusCode).toBe(403);
    expect(json(c)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    expect((await get(`/fhir/R4/Patient/${w.a.patientId}`, 'obs')).statusCode).toBe(403);
    const inc = json(await get('/fhir/R4/Observation?code=4548-4&_include=Observation:patient', 'obs'));
    expect(inc.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(['Observation', 'Observation', 'Observation']);
    expect(json(await get('/fhir/R4/Observation?code=4548-4', 'v1')).total).toBe(3);
    expect((await get('/fhir/R4/Observation?code=4548-4', 'read-only')).statusCode).toBe(403);
    const one = json(await get('/fhir/R4/Observation?code=4548-4', 'obs')).entry[0].resource.id;
    expect((await get(`/fhir/R4/Observation/${one}`, 'read-only')).statusCode).toBe(200);
  });

  it('an unknown or revoked token is 401', async () => {
    const res = await get('/fhir/R4/Observation', 'revoked');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
  });

  it('the patient sees "App NAME read your WHAT" in their activity log', async () => {
    await get('/fhir/R4/Observation?category=laboratory', 'all');
    const [row] = await t.db.query<{ detail: unknown; resource_type: string }>(
      "select detail, resource_type from audit_event where patient_id = $1 and action = 'read' order by id desc limit 1", [w.a.patientId]);
    expect(row).toEqual({ resource_type: 'Observation', detail: { view: 'fhir', app: 'Glucose Buddy', clientId: 'c-1' } });
    const alice = await login(t.app, w.alice.email);
    const log = json(await t.app.inject({ url: '/api/record/activity', headers: { cookie: alice } }));
    expect(log.events[0].text).toBe('App Glucose Buddy read your test results and measurements');
  });

  it('browsers may call it from the app\'s own origin (CORS), without cookies', async () => {
    const res = await get('/fhir/R4/metadata', 'all');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const pre = await t.app.inject({ method: 'OPTIONS', url: '/fhir/R4/Observation', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toMatch(/authorization/);
  });
});
