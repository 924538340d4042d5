import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildMessagingWorld } from '../messaging/test-world';
import { readingsText } from './send';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildMessagingWorld>>;
let alice: string;
let bob: string;
let nurse: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildMessagingWorld(t.db);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  nurse = await login(t.app, w.nurse.email);
});
afterAll(() => t.close());

const URL = '/api/record/glucose/send';
const post = (url: string, payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
let n = 0;
const key = () => `send-key-${++n}-${Date.now()}`;
const count = async (sql: string, params: unknown[]) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0].n;

describe('send glucose readings to the care team', () => {
  it('requires authentication', async () => {
    expect((await post(URL, { days: 7, idempotencyKey: key() })).statusCode).toBe(401);
  });

  it('is for patients only', async () => {
    expect((await post(URL, { days: 7, idempotencyKey: key() }, nurse)).statusCode).toBe(403);
  });

  it('refuses when there is nothing to send, and writes nothing', async () => {
    const before = await count('msg_thread where patient_id = $1', [w.a.patientId]);
    const r = await post(URL, { days: 7, idempotencyKey: key() }, alice);
    expect(r.statusCode).toBe(400);
    expect(json(r).error.message).toMatch(/no readings from the last 7 days/);
    expect(await count('msg_thread where patient_id = $1', [w.a.patientId])).toBe(before);
  });

  it('names the field of a bad request and writes nothing', async () => {
    await post('/api/record/glucose', { value: 130, unit: 'mg/dL', context: 'fasting', measuredAt: ago(3) }, alice);
    const k = key();
    const bad = await post(URL, { days: 0, idempotencyKey: k }, alice);
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.message).toMatch(/days/);
    const tz = await post(URL, { days: 7, tz: 'Mars/Olympus', idempotencyKey: k }, alice);
    expect(tz.statusCode).toBe(400);
    expect(await count('idempotency_key where key = $1', [k])).toBe(0);
    expect(await count("home_glucose where patient_id = $1 and shared", [w.a.patientId])).toBe(0);
  });

  it('rolls back everything when the message is refused (emergency words not acknowledged)', async () => {
    const threads = await count('msg_thread where patient_id = $1', [w.a.patientId]);
    const k = key();
    const r = await post(URL, { days: 7, note: 'I have chest pain today', idempotencyKey: k }, alice);
    expect(r.statusCode).toBe(400);
    expect(json(r).error.code).toBe('urgent_warning');
    expect(await count('msg_thread where patient_id = $1', [w.a.patientId])).toBe(threads);
    expect(await count('home_glucose where patient_id = $1 and shared', [w.a.patientId])).toBe(0);
    expect(await count('idempotency_key where key like $1', [`${k}%`])).toBe(0);
  });

  it('opens a home-readings conversation with a table of the readings, marks them shared, audits', async () => {
    await post('/api/record/glucose', { value: 62, unit: 'mg/dL', context: 'bedtime', measuredAt: ago(2) }, alice);
    await post('/api/record/glucose', { value: 200, unit: 'mg/dL', context: 'after-meal', measuredAt: ago(24 * 20) }, alice);
    const r = await post(URL, { days: 7, note: 'Lows at night this week.', tz: 'America/Chicago', idempotencyKey: key() }, alice);
    expect(r.statusCode).toBe(201);
    const body = json(r);
    expect(body).toMatchObject({ sent: 2, shared: 2 });
    const [th] = await t.db.query<{ category_code: string; patient_id: string; subject: string }>(
      'select category_code, patient_id, subject from msg_thread where id = $1', [body.threadId]);
    expect(th).toMatchObject({ category_code: 'home_readings', patient_id: w.a.patientId, subject: 'My blood sugar readings, last 7 days' });
    const [m] = await t.db.query<{ body: string }>('select body from msg_message where thread_id = $1', [body.threadId]);
    expect(m.body).toMatch(/2 readings, average 96 mg\/dL/);
    expect(m.body).toMatch(/62 mg\/dL \(low\) +\| Bedtime/);
    expect(m.body).toMatch(/130 mg\/dL +\| Fasting/);
    expect(m.body).toMatch(/My note: Lows at night this week\./);
    expect(m.body).not.toMatch(/200 mg/); // 20 days ago: outside the 7 days
    expect(await count('home_glucose where patient_id = $1 and shared', [w.a.patientId])).toBe(2);
    const [ev] = await t.db.query<{ detail: Record<string, unknown> }>(
      "select detail from audit_event where resource_type = 'HomeGlucose' and action = 'share' and patient_id = $1 order by id desc limit 1", [w.a.patientId]);
    expect(ev.detail).toMatchObject({ days: 7, readings: 2, newlyShared: 2, threadId: body.threadId });
    expect(JSON.stringify(ev.detail)).not.toMatch(/Lows at night/);
    // The patient sees the conversation; the nurse in the pool sees the readings beside it.
    expect((await t.app.inject({ url: `/api/threads/${body.threadId}`, headers: { cookie: alice } })).statusCode).toBe(200);
    const staffView = json(await t.app.inject({ url: `/api/patients/${w.a.patientId}/record/glucose?days=7`, headers: { cookie: nurse } }));
    expect(staffView.readings).toHaveLength(2);
  });

  it('is idempotent: the same key answers with the same conversation and writes nothing more', async () => {
    const k = key();
    const first = await post(URL, { days: 30, idempotencyKey: k }, alice);
    expect(first.statusCode).toBe(201);
    const threads = await count('msg_thread where patient_id = $1', [w.a.patientId]);
    const again = await post(URL, { days: 30, idempotencyKey: k }, alice);
    expect(again.statusCode).toBe(201);
    expect(json(again)).toEqual(json(first));
    expect(json(first)).toMatchObject({ sent: 3, shared: 1 });
    expect(await count('msg_thread where patient_id = $1', [w.a.patientId])).toBe(threads);
    const other = await post(URL, { days: 7, idempotencyKey: k }, alice);
    expect(other.statusCode).toBe(409);
  });

  it("another patient cannot reach the conversation (404) and sends only their own readings", async () => {
    const r = json(await post(URL, { days: 30, idempotencyKey: key() }, alice));
    expect((await t.app.inject({ url: `/api/threads/${r.threadId}`, headers: { cookie: bob } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/record/glucose`, headers: { cookie: bob } })).statusCode).toBe(404);
    const none = await post(URL, { days: 30, idempotencyKey: key() }, bob);
    expect(none.statusCode).toBe(400); // Bob has no readings; Alice's are not his
    expect(await count('home_glucose where patient_id = $1 and shared', [w.b.patientId])).toBe(0);
  });
});

describe('send glucose readings into an existing conversation', () => {
  it('adds the table as a new message in my own conversation; another patient\'s conversation is 404 and nothing is written', async () => {
    const first = json(await post(URL, { days: 30, idempotencyKey: key() }, alice));
    const before = await count('msg_message where thread_id = $1', [first.threadId]);
    const threads = await count('msg_thread where patient_id = $1', [w.a.patientId]);
    await post('/api/record/glucose', { value: 55, unit: 'mg/dL', context: 'fasting', measuredAt: ago(1) }, alice);
    const r = await post(URL, { days: 7, threadId: first.threadId, idempotencyKey: key() }, alice);
    expect(r.statusCode).toBe(201);
    expect(json(r).threadId).toBe(first.threadId);
    expect(await count('msg_thread where patient_id = $1', [w.a.patientId])).toBe(threads);
    expect(await count('msg_message where thread_id = $1', [first.threadId])).toBe(before + 1);
    const [m] = await t.db.query<{ body: string }>('select body from msg_message where thread_id = $1 order by created_at desc limit 1', [first.threadId]);
    expect(m.body).toMatch(/55 mg\/dL \(low\)/);
    // Bob, with a reading of his own, cannot post into Alice's conversation.
    await post('/api/record/glucose', { value: 120, unit: 'mg/dL', context: 'fasting', measuredAt: ago(1) }, bob);
    const msgs = await count('msg_message where thread_id = $1', [first.threadId]);
    const denied = await post(URL, { days: 7, threadId: first.threadId, idempotencyKey: key() }, bob);
    expect(denied.statusCode).toBe(404);
    expect(await count('msg_message where thread_id = $1', [first.threadId])).toBe(msgs);
    expect(await count('home_glucose where patient_id = $1 and shared', [w.b.patientId])).toBe(0);
    expect((await post(URL, { days: 7, threadId: 'not-a-uuid', idempotencyKey: key() }, alice)).statusCode).toBe(400);
  });
});

describe('readings table', () => {
  it('fits the message limit and counts what did not fit', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: String(i), value_mgdl: 100 + i, context: 'fasting', measured_at: new Date(Date.UTC(2026, 0, 1, 8) - i * 3_600_000), shared: false }));
    const text = readingsText({ rows, unit: 'mmol/L', days: 30, tz: 'UTC', low: 70, high: 180, note: '', maxChars: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/5\.6 mmol\/L +\| Fasting/);
    expect(text).toMatch(/\.\.\.and \d+ earlier readings\. All 200 readings are shared in my chart\./);
  });
});
