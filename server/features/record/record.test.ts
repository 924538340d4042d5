import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildUser } from '../../testing/factories';
import { importBundle } from '../fhir-import/importer';
import { smallBundle } from '../fhir-import/test-bundles';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let nurse: string;
let outsider: string;

const READS = ['/results', '/results?code=4548-4', '/results/by-date', '/tests', '/trend?code=4548-4', '/problems', '/medications', '/allergies',
  '/immunizations', '/visits', '/documents', '/vitals', '/glucose', '/export.json', '/summary.html'];

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  // Alice's record comes in through the importer, linked by her MRN.
  const b = smallBundle({ patientId: 'alice-ehr', mrn: w.a.mrn, a1c: [8.9, 8.1, 7.2, 6.8] });
  (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
  await importBundle(t.db, b, { source: 'alice.json', orgId: w.orgId });
  // An observation entered directly (no FHIR source), out of range, with no interpretation: flagged from the lab's range.
  await t.db.query(
    `insert into observation (patient_id, category, code, display, value_num, unit, ref_low, ref_high, panel, effective_at)
     values ($1,'laboratory','2345-7','Glucose',182,'mg/dL',70,99,'Basic metabolic panel','2025-03-02T15:00:00Z')`, [w.a.patientId]);
  await t.db.query(
    `insert into observation (patient_id, category, code, display, value_num, unit, panel, effective_at)
     values ($1,'laboratory','2093-3','Cholesterol',190,'mg/dL',null,'2025-03-02T15:00:00Z')`, [w.a.patientId]);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  nurse = await login(t.app, w.nurse.email);
  const other = await buildOrg(t.db);
  outsider = await login(t.app, (await buildUser(t.db, { orgId: other.orgId, role: 'physician', clinicIds: [other.clinicId] })).email);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });

describe('GET /api/record/results (the public contract)', () => {
  it('returns {results:[{code, display, value, unit, effectiveAt, referenceRange?, interpretation?}]} newest first', async () => {
    const res = await get('/api/record/results?code=4548-4', alice);
    expect(res.statusCode).toBe(200);
    const { results } = json(res);
    expect(results.map((r: { value: number }) => r.value)).toEqual([6.8, 7.2, 8.1, 8.9]);
    const times = results.map((r: { effectiveAt: string }) => Date.parse(r.effectiveAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(results[0]).toEqual({
      code: '4548-4', display: 'Hemoglobin A1c', value: 6.8, unit: '%', effectiveAt: results[0].effectiveAt,
      referenceRange: { low: 4, high: 5.6 }, interpretation: 'H',
    });
  });

  it('leaves out referenceRange and interpretation when the source has none (never invents a range)', async () => {
    const { results } = json(await get('/api/record/results?code=2093-3', alice));
    expect(results).toEqual([{ code: '2093-3', display: 'Cholesterol', value: 190, unit: 'mg/dL', effectiveAt: '2025-03-02T15:00:00.000Z' }]);
  });

  it('is empty for a test the patient never had', async () => {
    expect(json(await get('/api/record/results?code=0000-0', alice))).toEqual({ results: [] });
  });
});

describe('record views', () => {
  it('groups results by day and panel with flags in words', async () => {
    const { days } = json(await get('/api/record/results/by-date?tz=America/Chicago', alice));
    const day = days.find((d: { date: string }) => d.date === '2025-03-02');
    const bmp = day.panels.find((p: { panel: string }) => p.panel === 'Basic metabolic panel');
    expect(bmp.results[0]).toMatchObject({ display: 'Glucose', flag: 'high', flagText: 'High', rangeText: '70 to 99 mg/dL' });
    const other = day.panels.flatMap((p: { results: unknown[] }) => p.results).find((r: { code: string }) => r.code === '2093-3');
    expect(other).toMatchObject({ flagText: 'No range given', rangeText: null });
    expect(days.map((d: { date: string }) => d.date)).toEqual([...days.map((d: { date: string }) => d.date)].sort().reverse());
  });

  it('pages results by date: ?days=N then ?before=nextBefore walks every day once, newest first', async () => {
    const all = json(await get('/api/record/results/by-date?tz=America/Chicago', alice));
    expect(all.nextBefore).toBeNull();
    expect(all.days.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: { days: { date: string }[]; nextBefore: string | null } = json(await get(`/api/record/results/by-date?tz=America/Chicago&days=2${before ? `&before=${before}` : ''}`, alice));
      expect(page.days.length).toBeLessThanOrEqual(2);
      seen.push(...page.days.map((d) => d.date));
      before = page.nextBefore;
      if (!before) break;
      expect(before).toBe(page.days.at(-1)!.date);
    }
    expect(seen).toEqual(all.days.map((d: { date: string }) => d.date));
    expect((await get('/api/record/results/by-date?days=0', alice)).statusCode).toBe(400);
  });

  it('gives a trend oldest first with the goal and a plain-language explanation', async () => {
    const tr = json(await get('/api/record/trend?code=4548-4', alice));
    expect(tr.points.map((p: { value: number }) => p.value)).toEqual([8.9, 8.1, 7.2, 6.8]);
    expect(tr.target).toMatchObject({ high: 7, source: 'general' });
    expect(tr.referenceRange).toEqual({ low: 4, high: 5.6, text: null });
    expect(tr.explanation.title).toMatch(/A1c/);
  });

  it('uses the A1c goal from the EHR when there is one', async () => {
    await t.db.query("insert into care_goal (patient_id, description, status) values ($1, 'Hemoglobin A1c total in Blood < 7.5', 'active')", [w.a.patientId]);
    expect(json(await get('/api/record/trend?code=4548-4', alice)).target).toMatchObject({ high: 7.5, source: 'ehr-goal' });
  });

  it('lists problems, medicines (with id and status), allergies, shots, visits, documents and vitals', async () => {
    expect(json(await get('/api/record/problems', alice)).active[0]).toMatchObject({ display: 'Diabetes', status: 'active' });
    const meds = json(await get('/api/record/medications', alice));
    expect(meds.active[0]).toMatchObject({ display: 'Metformin 500 MG', status: 'active', dose: '1 tablet', instructions: 'Take 1 tablet, twice a day', prescriber: 'Dr. Grace Okafor' });
    expect(meds.active[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(json(await get('/api/record/allergies', alice)).allergies[0]).toMatchObject({ display: 'Penicillin', reaction: 'Hives', severity: 'moderate' });
    expect(json(await get('/api/record/immunizations', alice)).immunizations[0]).toMatchObject({ display: 'Influenza' });
    expect(json(await get('/api/record/visits', alice)).visits[0]).toMatchObject({ type: 'Diabetes check-up', clinician: 'Dr. Grace Okafor', location: 'Eastside Clinic' });
    const docs = json(await get('/api/record/documents', alice)).documents;
    expect(docs[0]).toMatchObject({ title: 'After-visit summary', hasContent: true });
    const content = await get(`/api/record/documents/${docs[0].id}/content`, alice);
    expect(content.body).toBe('Keep walking every day.');
    const vitals = json(await get('/api/record/vitals', alice));
    expect(vitals.bloodPressure).toEqual([{ effectiveAt: '2025-03-02T15:10:00.000Z', systolic: 138, diastolic: 84 }]);
  });

  it('clinical staff of the organization read the same views through /api/patients/:patientId/record', async () => {
    const res = await get(`/api/patients/${w.a.patientId}/record/results?code=4548-4`, nurse);
    expect(res.statusCode).toBe(200);
    expect(json(res).results).toHaveLength(4);
  });
});

describe('access', () => {
  it('requires authentication for every read', async () => {
    for (const p of READS) expect((await get(`/api/record${p}`)).statusCode, p).toBe(401);
    expect((await get(`/api/patients/${w.a.patientId}/record/results`)).statusCode).toBe(401);
  });

  it("another patient gets 404 for Alice's record, the same as for a record that does not exist", async () => {
    for (const p of READS) {
      const other = await get(`/api/patients/${w.a.patientId}/record${p}`, bob);
      const missing = await get(`/api/patients/00000000-0000-4000-8000-000000000000/record${p}`, bob);
      expect(other.statusCode, p).toBe(404);
      expect(other.body, p).toBe(missing.body);
    }
    // Bob's own view holds none of Alice's data.
    expect(json(await get('/api/record/results?code=4548-4', bob)).results).toEqual([]);
    const docs = json(await get('/api/record/documents', alice)).documents;
    expect((await get(`/api/record/documents/${docs[0].id}/content`, bob)).statusCode).toBe(404);
  });

  it('staff of another organization get 404; non-clinical staff are refused', async () => {
    expect((await get(`/api/patients/${w.a.patientId}/record/results`, outsider)).statusCode).toBe(404);
    const billing = await login(t.app, (await buildUser(t.db, { orgId: w.orgId, role: 'billing' })).email);
    expect((await get(`/api/patients/${w.a.patientId}/record/results`, billing)).statusCode).toBe(403);
  });

  it('every read writes an audit event naming who read which part of whose record', async () => {
    for (const p of READS) {
      const [{ n: before }] = await t.db.query<{ n: number }>('select count(*)::int as n from audit_event where patient_id = $1 and user_id = $2', [w.a.patientId, w.nurse.userId]);
      expect((await get(`/api/patients/${w.a.patientId}/record${p}`, nurse)).statusCode, p).toBe(200);
      const rows = await t.db.query<{ n: number }>('select count(*)::int as n from audit_event where patient_id = $1 and user_id = $2', [w.a.patientId, w.nurse.userId]);
      expect(rows[0].n, p).toBe(before + 1);
    }
    const [last] = await t.db.query<{ action: string; role: string; detail: { view: string } }>(
      'select action, role, detail from audit_event where patient_id = $1 order by id desc limit 1', [w.a.patientId]);
    expect(last).toEqual({ action: 'download', role: 'nurse', detail: { view: 'summary-html' } });
  });
});
