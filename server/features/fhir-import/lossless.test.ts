import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildUser } from '../../testing/factories';
import { exportBundle } from '../record/export';
import { validateR4 } from '../fhir-api/validate-r4';
import { featureCommands } from '../../cli/feature-commands';
import { importBundle } from './importer';
import { ImportRejected } from './validate';
import { countTypes, smallBundle } from './test-bundles';

const FIXTURE_DIR = [process.env.PORTICO_FHIR_FIXTURES, path.resolve(process.cwd(), '../shared/fixtures/fhir'), '/work/shared/fixtures/fhir']
  .find((d): d is string => !!d && fs.existsSync(d)) ?? '';

/** Portico's own download re-imports without loss or duplicates; what is not R4 or not whole is refused or reported. */

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
});
afterAll(() => t.close());

const TABLES = ['encounter', 'observation', 'condition', 'medication', 'allergy', 'immunization', 'procedure', 'care_plan', 'care_goal',
  'diagnostic_report', 'document_reference', 'coverage', 'claim'];
/** Every row of a patient, as comparable values (without ids and the stored source JSON). */
async function rowsOf(patientId: string) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await t.db.query<Record<string, unknown>>(`select * from ${table} where patient_id = $1 order by id`, [patientId]);
    out[table] = rows.map(({ fhir: _f, ...r }) => r);
  }
  return out;
}
async function countsOf(patientId: string) {
  const rows = await rowsOf(patientId);
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length]));
}
const parties = async (orgId: string) => (await t.db.query<{ n: number }>(
  "select (select count(*) from practitioner where org_id = $1) + (select count(*) from care_organization where org_id = $1) as n", [orgId]))[0].n;
const rejection = async (p: Promise<unknown>) => { try { await p; } catch (e) { return e as ImportRejected; } throw new Error('expected a rejection'); };
const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);

describe('the download keeps what the record names', () => {
  it('visits keep their clinician and place, medicines their prescriber, as resources in the bundle', async () => {
    const { patientIds: [pid] } = await importBundle(t.db, smallBundle({ patientId: 'll-1', mrn: 'LL-1' }), { source: 'll1.json', orgId: w.orgId });
    const bundle = await exportBundle(t.db, pid);
    const byUrl = new Map(bundle.entry!.map((e) => [e.fullUrl, e.resource!]));
    const enc = bundle.entry!.find((e) => e.resource!.resourceType === 'Encounter')!.resource as any;
    expect(byUrl.get(enc.participant[0].individual.reference)).toMatchObject({ resourceType: 'Practitioner', name: [{ family: 'Okafor' }] });
    expect(byUrl.get(enc.location[0].location.reference)).toMatchObject({ resourceType: 'Location', name: 'Eastside Clinic' });
    const med = bundle.entry!.find((e) => e.resource!.resourceType === 'MedicationRequest')!.resource as any;
    expect(med.requester.reference).toBe(enc.participant[0].individual.reference);
    expect(JSON.stringify(bundle)).not.toContain('Not included in this download');
    for (const e of bundle.entry!) expect(validateR4(e.resource), `${e.resource!.resourceType}/${e.resource!.id}`).toEqual([]);
  });
});

describe('re-importing Portico\'s own download', () => {
  it('into the same organization changes nothing; into a fresh one gives the same counts', async () => {
    const { patientIds: [pid] } = await importBundle(t.db, smallBundle({ patientId: 'll-2', mrn: 'LL-2' }), { source: 'll2.json', orgId: w.orgId });
    // Rows entered in Portico itself travel too, and come back to the same rows.
    await t.db.query("insert into condition (patient_id, code, display, clinical_status, onset_at) values ($1, '38341003', 'High blood pressure', 'active', '2019-04-01')", [pid]);
    await t.db.query("insert into medication (patient_id, code, display, dose, instructions, status, prescriber_name, authored_at) values ($1, '314076', 'Lisinopril 10 MG', '10 mg', 'Take 1 tablet each morning', 'active', 'Paul Park, MD', '2024-02-01')", [pid]);
    await t.db.query("insert into observation (patient_id, category, code, display, value_num, unit, ref_low, ref_high, interpretation, panel, effective_at) values ($1, 'laboratory', '2345-7', 'Glucose', 131, 'mg/dL', 70, 99, 'H', 'Basic metabolic panel', '2025-06-01T14:00:00Z')", [pid]);
    await t.db.query("insert into encounter (patient_id, type, reason, start_at, end_at, clinician_name, location_name) values ($1, 'Office visit', 'Check-up', '2025-06-01T14:00:00Z', '2025-06-01T14:30:00Z', 'Paul Park, MD', 'Midtown')", [pid]);
    await t.db.query("insert into procedure (patient_id, code, display, status, performed_at) values ($1, '73761001', 'Colonoscopy', 'completed', '2022-05-05')", [pid]);
    await t.db.query("insert into care_plan (patient_id, title, status, start_at, activities) values ($1, 'Diabetes self-management plan', 'active', '2024-01-01', '{\"Walk 30 minutes a day\",\"Check feet daily\"}')", [pid]);
    const before = await rowsOf(pid);
    const partiesBefore = await parties(w.orgId);
    const bundle = await exportBundle(t.db, pid);

    const same = await importBundle(t.db, JSON.stringify(bundle), { source: 'my-download.json', orgId: w.orgId });
    expect(same.patientIds).toEqual([pid]);
    expect(sum(same.created)).toBe(0);
    expect(same.updated).toEqual({});
    expect(same.unchanged).toEqual(countTypes(bundle));
    expect(same.warnings).toEqual([]);
    expect(await rowsOf(pid)).toEqual(before);
    expect(await parties(w.orgId)).toBe(partiesBefore);

    const fresh = await buildOrg(t.db);
    const other = await importBundle(t.db, bundle, { source: 'my-download.json', orgId: fresh.orgId });
    expect(other.created).toEqual(countTypes(bundle));
    expect(await countsOf(other.patientIds[0])).toEqual(await countsOf(pid));
    expect(await parties(fresh.orgId)).toBe(2);
    // …and the fresh copy's own download, re-imported there, changes nothing either.
    const again = await importBundle(t.db, await exportBundle(t.db, other.patientIds[0]), { source: 'again.json', orgId: fresh.orgId });
    expect({ created: again.created, updated: again.updated }).toEqual({ created: {}, updated: {} });
  });

  it('a real Synthea record survives the round trip (when the shared fixtures are present)', async () => {
    const file = FIXTURE_DIR ? fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).sort()[0] : undefined;
    // The small bundle above covers the path everywhere; this adds a real one where ../shared/fixtures/fhir exists.
    if (!file) return;
    const org = await buildOrg(t.db);
    const { patientIds: [pid] } = await importBundle(t.db, fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8'), { source: file, orgId: org.orgId });
    const before = await rowsOf(pid);
    const bundle = await exportBundle(t.db, pid);
    const types = countTypes(bundle);
    expect(types.Practitioner).toBeGreaterThanOrEqual(1);
    expect(types.Organization).toBeGreaterThanOrEqual(1);
    const visits = bundle.entry!.filter((e) => e.resource!.resourceType === 'Encounter').map((e) => e.resource as any);
    expect(visits.every((v) => v.participant?.[0]?.individual?.reference?.startsWith('urn:uuid:'))).toBe(true);
    const same = await importBundle(t.db, bundle, { source: `${file} (download)`, orgId: org.orgId });
    expect(sum(same.created) + sum(same.updated)).toBe(0);
    expect(await rowsOf(pid)).toEqual(before);
    const fresh = await buildOrg(t.db);
    const other = await importBundle(t.db, bundle, { source: `${file} (download)`, orgId: fresh.orgId });
    expect(await countsOf(other.patientIds[0])).toEqual(await countsOf(pid));
  }, 120_000);
});

describe('what the importer refuses or reports', () => {
  const stu3: [string, (b: Bundle) => void, RegExp][] = [
    ['Observation.context', (b) => { (b.entry![4].resource as any).context = { reference: 'urn:uuid:enc-1' }; }, /^stu3\.json: entry 5 \(Observation\): Observation\.context is an STU3 element .*Observation\.encounter/],
    ['MedicationRequest.context', (b) => { (b.entry!.find((e) => e.resource!.resourceType === 'MedicationRequest')!.resource as any).context = { reference: 'urn:uuid:enc-1' }; }, /^stu3\.json: entry 11 \(MedicationRequest\): MedicationRequest\.context is an STU3 element/],
    ['Procedure.notDone', (b) => { b.entry!.push({ fullUrl: 'urn:uuid:proc-1', resource: { resourceType: 'Procedure', id: 'proc-1', status: 'completed', notDone: true, code: { text: 'Foot exam' }, subject: { reference: 'urn:uuid:stu3-p' } } as any }); }, /^stu3\.json: entry 16 \(Procedure\): Procedure\.notDone is an STU3 element .*not-done/],
  ];
  for (const [name, change, message] of stu3) {
    it(`rejects the STU3-only ${name}, naming the file and the entry`, async () => {
      const b = smallBundle({ patientId: 'stu3-p', mrn: 'STU3' });
      change(b);
      const e = await rejection(importBundle(t.db, b, { source: 'stu3.json', orgId: w.orgId }));
      expect(e).toBeInstanceOf(ImportRejected);
      expect(e.message).toMatch(message);
    });
  }

  it('a medicine whose Medication is missing is rejected naming the entry', async () => {
    const b = smallBundle({ patientId: 'med-p', mrn: 'MED-P' });
    const m = b.entry!.find((e) => e.resource!.resourceType === 'MedicationRequest')!.resource as any;
    delete m.medicationCodeableConcept;
    m.medicationReference = { reference: 'urn:uuid:med-404' };
    const e = await rejection(importBundle(t.db, b, { source: 'meds.json', orgId: w.orgId }));
    expect(e.message).toBe('meds.json: entry 11 (MedicationRequest/med-1): MedicationRequest.medicationReference names urn:uuid:med-404, which is not in the bundle (nor contained in the entry)');
  });

  it('a missing Encounter or Practitioner is a warning in the summary; the rest is imported', async () => {
    const b = smallBundle({ patientId: 'warn-p', mrn: 'WARN-P' });
    b.entry = b.entry!.filter((e) => !['Practitioner', 'Encounter'].includes(e.resource!.resourceType));
    (b.entry!.find((e) => e.resource!.id === 'med-1')!.resource as any).requester = { reference: 'Practitioner/dr-404', display: 'Dr. Who' };
    const r = await importBundle(t.db, b, { source: 'warn.json', orgId: w.orgId });
    expect(r.warnings).toEqual([
      'entry 5 (Observation/a1c-2): Encounter/enc-1 is not in this bundle and was not imported before; imported without its visit',
      'entry 9 (MedicationRequest/med-1): Practitioner/dr-404 is not in this bundle and was not imported before; only its name is kept',
    ]);
    const [med] = await t.db.query<{ prescriber_name: string; prescriber_id: string | null }>('select prescriber_name, prescriber_id from medication where patient_id = $1', [r.patientIds[0]]);
    expect(med).toEqual({ prescriber_name: 'Dr. Who', prescriber_id: null });
  });

  it('a later bundle may name an earlier bundle\'s patient by identifier', async () => {
    const first = await importBundle(t.db, smallBundle({ patientId: 'id-p', mrn: 'ID-P' }), { source: 'first.json', orgId: w.orgId });
    const later: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [
      { fullUrl: 'urn:uuid:late-obs', resource: {
        resourceType: 'Observation', id: 'late-obs', status: 'final', category: [{ coding: [{ code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '2345-7', display: 'Glucose' }] }, effectiveDateTime: '2025-07-01T10:00:00Z', valueQuantity: { value: 140, unit: 'mg/dL' },
        subject: { reference: 'Patient?identifier=urn:test:ehr|ID-P' } } },
      { fullUrl: 'urn:uuid:late-cond', resource: {
        resourceType: 'Condition', id: 'late-cond', code: { text: 'Neuropathy' }, subject: { identifier: { system: 'urn:test:ehr', value: 'ID-P' } } } },
    ] };
    const r = await importBundle(t.db, later, { source: 'later.json', orgId: w.orgId });
    expect(r.patientIds).toEqual(first.patientIds);
    expect(r.created).toEqual({ Observation: 1, Condition: 1 });
    const nobody = structuredClone(later);
    (nobody.entry![0].resource as any).subject.reference = 'Patient?identifier=urn:test:ehr|NOBODY';
    const e = await rejection(importBundle(t.db, nobody, { source: 'nobody.json', orgId: w.orgId }));
    expect(e.message).toBe('nobody.json: resources refer to the patient with identifier urn:test:ehr|NOBODY, who is neither in the bundle nor imported before');
  });

  it('the admin import API accepts application/fhir+json and returns the warnings', async () => {
    const admin = await buildUser(t.db, { orgId: w.orgId, role: 'admin' });
    const cookie = await login(t.app, admin.email);
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/fhir/import', headers: { cookie, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(smallBundle({ patientId: 'api-ct', mrn: 'API-CT' })) });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ resources: 15, patients: 1, warnings: [] });
  });

  it('the folder import skips files that are not Bundles with a clear note', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-fhir-skip-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(smallBundle({ patientId: 'dir-a', mrn: 'DIR-A' })));
      fs.writeFileSync(path.join(dir, 'b-patient.json'), JSON.stringify({ resourceType: 'Patient', id: 'x' }));
      fs.writeFileSync(path.join(dir, 'c-settings.json'), JSON.stringify({ theme: 'dark' }));
      const out: string[] = [];
      const err: string[] = [];
      const code = await featureCommands['import-fhir'].run(t.db, [dir, '--org', w.orgId], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
      expect(code).toBe(0);
      expect(err).toEqual([]);
      expect(out.some((l) => /\[2\/3\] .*b-patient\.json: skipped — a single Patient resource, not a FHIR Bundle/.test(l))).toBe(true);
      expect(out.some((l) => /\[3\/3\] .*c-settings\.json: skipped — JSON that is not a FHIR resource, not a FHIR Bundle/.test(l))).toBe(true);
      expect(out.at(-1)).toMatch(/^Imported 1 of 3 file\(s\), 15 resources in .* Skipped 2 file\(s\) that are not FHIR Bundles: .*b-patient\.json, .*c-settings\.json\.$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
