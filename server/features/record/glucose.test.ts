import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { fromMgdl, glucoseProblem, toMgdl } from './units';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let nurse: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  nurse = await login(t.app, w.nurse.email);
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('glucose units', () => {
  it('converts between mg/dL and mmol/L', () => {
    expect(fromMgdl(toMgdl(5.5, 'mmol/L'), 'mg/dL')).toBe(99);
    expect(fromMgdl(180, 'mmol/L')).toBe(10);
    expect(fromMgdl(70, 'mmol/L')).toBe(3.9);
  });
  it('rejects values no home meter reads, hinting at a wrong unit', () => {
    expect(glucoseProblem(5.5, 'mg/dL')).toMatch(/outside what a home meter can read \(20 to 600 mg\/dL\).*Did you mean mmol\/L\?/);
    expect(glucoseProblem(120, 'mmol/L')).toMatch(/Did you mean mg\/dL\?/);
    expect(glucoseProblem(600, 'mg/dL')).toBeNull();
  });
});

describe('home glucose log', () => {
  it('requires authentication', async () => {
    expect((await post('/api/record/glucose', { value: 100, unit: 'mg/dL', context: 'fasting' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/record/glucose' })).statusCode).toBe(401);
  });

  it('logs a reading, lists it with a summary, and converts mmol/L', async () => {
    const r = await post('/api/record/glucose', { value: 6.1, unit: 'mmol/L', context: 'fasting', measuredAt: ago(2) }, alice);
    expect(r.statusCode).toBe(201);
    expect(json(r).reading).toMatchObject({ value: 110, unit: 'mg/dL', enteredValue: 6.1, enteredUnit: 'mmol/L', context: 'fasting', shared: false });
    expect(json(r).guidance).toBeNull();
    await post('/api/record/glucose', { value: 250, unit: 'mg/dL', context: 'after-meal', measuredAt: ago(1) }, alice);
    const list = json(await t.app.inject({ url: '/api/record/glucose?days=7', headers: { cookie: alice } }));
    expect(list.readings.map((x: { value: number }) => x.value)).toEqual([250, 110]);
    expect(list.summary).toEqual({ count: 2, average: 180, inRangePercent: 50, lows: 0, highs: 1 });
  });

  it('shows safety guidance for a low reading', async () => {
    const r = json(await post('/api/record/glucose', { value: 62, unit: 'mg/dL', context: 'bedtime' }, alice));
    expect(r.guidance).toMatchObject({ level: 'low' });
    expect(r.guidance.text).toMatch(/15 grams of fast sugar/);
  });

  it('rejects impossible values and future times with a clear message naming the field', async () => {
    const bad = await post('/api/record/glucose', { value: 900, unit: 'mg/dL', context: 'fasting' }, alice);
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({ field: 'value' });
    expect(json(bad).error.message).toMatch(/outside what a home meter can read/);
    const future = await post('/api/record/glucose', { value: 100, unit: 'mg/dL', context: 'fasting', measuredAt: new Date(Date.now() + 86_400_000).toISOString() }, alice);
    expect(json(future).error).toMatchObject({ field: 'measuredAt' });
    expect((await post('/api/record/glucose', { value: 100, unit: 'mg/dL', context: 'lunch' }, alice)).statusCode).toBe(400);
  });

  it('uses the preferred unit', async () => {
    await t.app.inject({ method: 'PUT', url: '/api/record/glucose/unit', payload: { unit: 'mmol/L' }, headers: { cookie: bob } });
    await post('/api/record/glucose', { value: 126, unit: 'mg/dL', context: 'fasting' }, bob);
    const list = json(await t.app.inject({ url: '/api/record/glucose', headers: { cookie: bob } }));
    expect(list.unit).toBe('mmol/L');
    expect(list.readings[0]).toMatchObject({ value: 7, unit: 'mmol/L' });
    expect(list.target).toEqual({ low: 3.9, high: 10 });
  });

  it('staff see only readings the patient shared', async () => {
    const url = `/api/patients/${w.a.patientId}/record/glucose`;
    expect(json(await t.app.inject({ url, headers: { cookie: nurse } })).readings).toHaveLength(0);
    const s = await post('/api/record/glucose/share', { days: 30 }, alice);
    expect(json(s)).toEqual({ shared: 3 });
    expect(json(await t.app.inject({ url, headers: { cookie: nurse } })).readings).toHaveLength(3);
  });

  it("another patient gets 404 deleting or reading Alice's readings; Alice can remove her own", async () => {
    const list = json(await t.app.inject({ url: '/api/record/glucose', headers: { cookie: alice } }));
    const id = list.readings[0].id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/record/glucose/${id}`, headers: { cookie: bob } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/record/glucose`, headers: { cookie: bob } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/record/glucose/${id}`, headers: { cookie: alice } })).statusCode).toBe(204);
    const after = json(await t.app.inject({ url: '/api/record/glucose', headers: { cookie: alice } }));
    expect(after.readings.map((r: { id: string }) => r.id)).not.toContain(id);
    const audits = await t.db.query<{ action: string }>("select action from audit_event where resource_type = 'HomeGlucose' and resource_id = $1", [id]);
    expect(audits.map((a) => a.action)).toEqual(['create', 'delete']);
  });
});
