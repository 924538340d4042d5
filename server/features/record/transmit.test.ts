import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { importBundle } from '../fhir-import/importer';
import { smallBundle } from '../fhir-import/test-bundles';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let nurse: string;

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const b = smallBundle({ patientId: 'alice-tx', mrn: w.a.mrn, a1c: [7.4, 6.9] });
  (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
  await importBundle(t.db, b, { source: 'alice.json', orgId: w.orgId });
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  nurse = await login(t.app, w.nurse.email);
});
afterAll(() => t.close());

const post = (url: string, payload: object, cookie?: string) => t.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
const get = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });
const lastEmailTo = async (to: string) =>
  (await t.db.query<{ subject: string; body: string }>('select subject, body from outbox_email where to_address = $1 order by id desc limit 1', [to]))[0];
const tokenOf = (body: string) => /\/api\/record\/shared\/([A-Za-z0-9_-]+)/.exec(body)![1];

describe('transmit: send my record as an expiring secure link', () => {
  it('requires authentication and is for patients only', async () => {
    expect((await post('/api/record/transmit', { email: 'dr@example.com' })).statusCode).toBe(401);
    expect((await post('/api/record/transmit', { email: 'dr@example.com' }, nurse)).statusCode).toBe(403);
  });

  it('rejects a bad email address naming the field, and writes nothing', async () => {
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from record_share_link')).at(0)!.n;
    const r = await post('/api/record/transmit', { email: 'not-an-email' }, alice);
    expect(r.statusCode).toBe(400);
    expect(json(r).error.message).toMatch(/email/);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from record_share_link')).at(0)!.n).toBe(before);
  });

  it('emails only a link (no health data); the link opens the summary until it expires; audited as transmit and download', async () => {
    const r = await post('/api/record/transmit', { email: 'new.doctor@example.com', format: 'summary' }, alice);
    expect(r.statusCode).toBe(201);
    const out = json(r);
    expect(Date.parse(out.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    const mail = await lastEmailTo('new.doctor@example.com');
    expect(mail.body).toMatch(/\/api\/record\/shared\//);
    expect(mail.body + mail.subject).not.toMatch(/A1c|Hemoglobin|Alice|7\.4/i);
    const token = tokenOf(mail.body);
    const stored = await t.db.query<{ token_hash: string }>('select token_hash from record_share_link where id = $1', [out.id]);
    expect(stored[0].token_hash).not.toContain(token); // only a hash is kept
    const page = await get(`/api/record/shared/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toMatch(/Hemoglobin A1c/);
    expect((await get('/api/record/shared/not-a-real-token')).statusCode).toBe(404);
    await t.db.query("update record_share_link set expires_at = now() - interval '1 minute' where id = $1", [out.id]);
    expect((await get(`/api/record/shared/${token}`)).statusCode).toBe(404);
    const events = await t.db.query<{ action: string }>(
      "select action from audit_event where patient_id = $1 and resource_id = $2 order by id", [w.a.patientId, out.id]);
    expect(events.map((e) => e.action)).toEqual(['transmit', 'download']);
  });

  it('a FHIR link gives a FHIR R4 Bundle of the patient only', async () => {
    await post('/api/record/transmit', { email: 'app@example.com', format: 'fhir' }, alice);
    const res = await get(`/api/record/shared/${tokenOf((await lastEmailTo('app@example.com')).body)}`);
    expect(res.statusCode).toBe(200);
    const bundle = JSON.parse(res.body);
    expect(bundle).toMatchObject({ resourceType: 'Bundle' });
    expect(bundle.entry.some((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Observation')).toBe(true);
  });
});

describe('activity log', () => {
  it('requires authentication', async () => {
    expect((await get('/api/record/activity')).statusCode).toBe(401);
  });

  it('tells Alice in plain words who looked at and sent her record; Bob sees none of it', async () => {
    await get(`/api/patients/${w.a.patientId}/record/medications`, nurse);
    await get('/api/record/results', alice);
    const res = await get('/api/record/activity', alice);
    expect(res.statusCode).toBe(200);
    const texts = json(res).events.map((e: { text: string }) => e.text);
    expect(texts).toContain('You looked at your test results');
    expect(texts.some((x: string) => /looked at your medicines$/.test(x) && !x.startsWith('You'))).toBe(true);
    expect(texts).toContain('You sent your record to new.doctor@example.com by secure link');
    expect(texts).toContain('Someone with the link you sent to new.doctor@example.com downloaded your record summary');
    const bobs = json(await get('/api/record/activity', bob)).events.map((e: { text: string }) => e.text);
    expect(bobs.some((x: string) => /secure link|medicines/.test(x))).toBe(false);
  });
});
