// Issue 14: home blood pressure and weight logs (FHIR vital-signs Observations), shared and sent like blood sugar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildMessagingWorld } from '../messaging/test-world';
import { exportBundle } from './export';

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

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: cookie ? { cookie } : {} });
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
let n = 0;
const key = () => `vitals-key-${++n}-${Date.now()}`;
const count = async (sql: string, params: unknown[]) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0].n;

describe('home blood pressure', () => {
  it('requires authentication; logging is for patients only', async () => {
    expect((await req('GET', '/api/record/blood-pressure')).statusCode).toBe(401);
    expect((await req('POST', '/api/record/blood-pressure', undefined, { systolic: 120, diastolic: 80 })).statusCode).toBe(401);
    expect((await req('POST', '/api/record/blood-pressure', nurse, { systolic: 120, diastolic: 80 })).statusCode).toBe(403);
  });

  it('saves a reading as a FHIR vital-signs Observation and gives advice when it is high', async () => {
    const r = await req('POST', '/api/record/blood-pressure', alice, { systolic: 150, diastolic: 95, pulse: 72, measuredAt: ago(2), note: 'after coffee' });
    expect(r.statusCode).toBe(201);
    const body = json(r);
    expect(body.reading).toMatchObject({ kind: 'blood-pressure', systolic: 150, diastolic: 95, pulse: 72, unit: 'mmHg', flag: 'high', shared: false });
    expect(body.guidance.level).toBe('high');
    expect(body.guidance.text).toMatch(/^This is higher than your target \(under 130\/80\)/);
    const [row] = await t.db.query<{ fhir: Record<string, any> }>('select fhir from home_vital where id = $1', [body.reading.id]);
    expect(row.fhir).toMatchObject({
      resourceType: 'Observation', id: body.reading.id, status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: { reference: `Patient/${w.a.patientId}` },
      component: [
        { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 150, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 95, code: 'mm[Hg]' } },
        { code: { coding: [{ code: '8867-4' }] }, valueQuantity: { value: 72, code: '/min' } },
      ],
      note: [{ text: 'after coffee' }],
    });
    const crisis = json(await req('POST', '/api/record/blood-pressure', alice, { systolic: 190, diastolic: 100, measuredAt: ago(1) }));
    expect(crisis.guidance.level).toBe('very-high');
    expect(crisis.guidance.text).toMatch(/call 911/);
    expect(json(await req('POST', '/api/record/blood-pressure', alice, { systolic: 118, diastolic: 76, measuredAt: ago(24 * 10) })).guidance).toBeNull();
  });

  it('names the field of a bad reading and saves nothing', async () => {
    const before = await count('home_vital where patient_id = $1', [w.a.patientId]);
    const swapped = await req('POST', '/api/record/blood-pressure', alice, { systolic: 80, diastolic: 120 });
    expect(swapped.statusCode).toBe(400);
    expect(json(swapped).error).toMatchObject({ field: 'diastolic', message: 'The bottom number must be smaller than the top number. Please check the two numbers.' });
    expect(json(await req('POST', '/api/record/blood-pressure', alice, { systolic: 400, diastolic: 80 })).error.field).toBe('systolic');
    expect(json(await req('POST', '/api/record/blood-pressure', alice, { systolic: 120.5, diastolic: 80 })).error.field).toBe('systolic');
    expect(json(await req('POST', '/api/record/blood-pressure', alice, { systolic: 120, diastolic: 80, measuredAt: new Date(Date.now() + 86_400_000).toISOString() })).error.field).toBe('measuredAt');
    expect(await count('home_vital where patient_id = $1', [w.a.patientId])).toBe(before);
  });

  it('lists readings with a summary; staff see only shared ones; another patient gets 404', async () => {
    const l = json(await req('GET', '/api/record/blood-pressure?days=30', alice));
    expect(l.readings.map((r: { systolic: number }) => r.systolic)).toEqual([190, 150, 118]);
    expect(l.summary).toEqual({ count: 3, average: '153/90', change: null, inTargetPercent: 33, highs: 2, lows: 0 });
    expect(json(await req('GET', `/api/patients/${w.a.patientId}/record/blood-pressure`, nurse)).readings).toEqual([]);
    expect((await req('GET', `/api/patients/${w.a.patientId}/record/blood-pressure`, bob)).statusCode).toBe(404);
    expect(json(await req('GET', '/api/record/blood-pressure', bob)).readings).toEqual([]);
    // Bob cannot remove Alice's reading.
    expect((await req('DELETE', `/api/record/blood-pressure/${l.readings[0].id}`, bob)).statusCode).toBe(404);
  });

  it('sends the readings to the care team as a conversation with a table, once per key, and marks them shared', async () => {
    const k = key();
    const r = await req('POST', '/api/record/blood-pressure/send', alice, { days: 7, tz: 'America/Chicago', note: 'Higher since my new job', idempotencyKey: k });
    expect(r.statusCode).toBe(201);
    expect(json(r)).toMatchObject({ sent: 2, shared: 2 });
    const again = await req('POST', '/api/record/blood-pressure/send', alice, { days: 7, tz: 'America/Chicago', note: 'Higher since my new job', idempotencyKey: k });
    expect(json(again).threadId).toBe(json(r).threadId);
    const thread = json(await req('GET', `/api/threads/${json(r).threadId}`, nurse));
    expect(thread.thread).toMatchObject({ subject: 'My blood pressure readings, last 7 days', category: { code: 'home_readings' } });
    const text: string = thread.messages[0].body;
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'My home blood pressure readings, last 7 days',
      '2 readings, average 170/98 mmHg, 0% under my target of 130/80.',
      'My note: Higher since my new job',
      '',
    ]);
    expect(lines[4]).toMatch(/^When +\| Blood pressure {11}\| Pulse$/); // padded to "190/100 mmHg (very high)"
    expect(lines[6]).toMatch(/\| 190\/100 mmHg \(very high\) \|$/);
    expect(lines[7]).toMatch(/\| 150\/95 mmHg \(high\) {7}\| pulse 72$/);
    expect(lines).toHaveLength(8);
    expect(json(await req('GET', `/api/patients/${w.a.patientId}/record/blood-pressure`, nurse)).readings.map((x: { systolic: number }) => x.systolic)).toEqual([190, 150]);
  });

  it('removes a reading (soft delete, audited)', async () => {
    const id = json(await req('GET', '/api/record/blood-pressure', alice)).readings[2].id;
    expect((await req('DELETE', `/api/record/blood-pressure/${id}`, alice)).statusCode).toBe(204);
    expect(json(await req('GET', '/api/record/blood-pressure', alice)).summary.count).toBe(2);
    expect(await count("audit_event where resource_type = 'HomeBloodPressure' and action = 'delete' and resource_id = $1", [id])).toBe(1);
  });
});

describe('home weight', () => {
  it('requires authentication', async () => {
    expect((await req('POST', '/api/record/weight', undefined, { value: 180, unit: 'lb' })).statusCode).toBe(401);
    expect((await req('GET', '/api/record/weight')).statusCode).toBe(401);
  });

  it('stores kg (LOINC 29463-7), shows the preferred unit, and warns about fast gain', async () => {
    const first = json(await req('POST', '/api/record/weight', bob, { value: 80, unit: 'kg', measuredAt: ago(24 * 5) }));
    expect(first.reading).toMatchObject({ value: 80, unit: 'kg', weightKg: 80 });
    expect(first.guidance).toBeNull();
    const r = json(await req('POST', '/api/record/weight', bob, { value: 182, unit: 'lb', measuredAt: ago(1) }));
    expect(r.reading).toMatchObject({ value: 182, unit: 'lb', weightKg: 82.55 });
    expect(r.guidance).toEqual({ level: 'gain', amount: 5.6, unit: 'lb', text: 'Your weight went up 5.6 lb in a week. Fast weight gain can mean your body is holding water. If you also have swelling in your legs or trouble breathing, call the nurse line today.' });
    const [row] = await t.db.query<{ fhir: Record<string, any> }>('select fhir from home_vital where id = $1', [r.reading.id]);
    expect(row.fhir.code.coding[0]).toEqual({ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' });
    expect(row.fhir.valueQuantity).toEqual({ value: 82.55, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' });
    expect(row.fhir.category[0].coding[0].code).toBe('vital-signs');

    expect(json(await req('GET', '/api/record/weight', bob)).unit).toBe('lb');
    expect(json(await req('PUT', '/api/record/weight/unit', bob, { unit: 'kg' }))).toEqual({ unit: 'kg' });
    const l = json(await req('GET', '/api/record/weight', bob));
    expect(l.readings.map((x: { value: number }) => x.value)).toEqual([82.6, 80]);
    expect(l.summary).toMatchObject({ count: 2, average: 81.3, change: 2.6 });
  });

  it('refuses a number no home scale shows, naming the field', async () => {
    const r = await req('POST', '/api/record/weight', bob, { value: 400, unit: 'kg' });
    expect(r.statusCode).toBe(400);
    expect(json(r).error).toMatchObject({ field: 'value', message: '400 kg is outside what a home scale reads (20 to 300 kg). Please check the number. Did you mean lb?' });
    expect(json(await req('POST', '/api/record/weight', bob, { value: 180, unit: 'stone' })).error.field).toBe('unit');
  });
});

describe('FHIR export', () => {
  it('includes home blood pressure and weight as vital-signs Observations', async () => {
    const bundle = await exportBundle(t.db, w.b.patientId);
    const obs = (bundle.entry ?? []).map((e) => e.resource as Record<string, any>).filter((r) => r.resourceType === 'Observation' && r.category?.[0]?.coding?.[0]?.code === 'vital-signs');
    expect(obs.map((o) => o.code.coding[0].code)).toEqual(['29463-7', '29463-7']);
    const a = await exportBundle(t.db, w.a.patientId);
    const bp = (a.entry ?? []).map((e) => e.resource as Record<string, any>).filter((r) => r.code?.coding?.[0]?.code === '85354-9');
    expect(bp.map((o) => o.component[0].valueQuantity.value)).toEqual([150, 190]); // the removed 118/76 is not exported
  });
});
