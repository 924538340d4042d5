import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../testing/db';
import type { Db } from '../../db/client';
import { buildOrg, buildPatient } from '../../testing/factories';
import { importBundle } from './importer';
import { ImportRejected } from './validate';
import { countTypes, smallBundle } from './test-bundles';

let db: Db;
let orgId: string;
beforeAll(async () => {
  db = await testDb();
  ({ orgId } = await buildOrg(db));
});
afterAll(() => db.close());

const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
const rowCount = async (table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const TABLES = ['patient', 'encounter', 'observation', 'condition', 'medication', 'allergy', 'immunization', 'coverage', 'diagnostic_report', 'document_reference'];
const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await rowCount(t)])));
const rejection = async (p: Promise<unknown>) => { try { await p; } catch (e) { return e as ImportRejected; } throw new Error('expected a rejection'); };

describe('importing a FHIR R4 bundle', () => {
  it('imports every resource, counted by type, and links the patient by identifier', async () => {
    const b = smallBundle({ patientId: 'imp-1', mrn: 'MRN-IMP-1' });
    const r = await importBundle(db, JSON.stringify(b), { source: 'small.json', orgId });
    expect(r.created).toEqual(countTypes(b));
    expect(r.patientIds).toHaveLength(1);
    const ids = await db.query<{ value: string }>('select value from patient_identifier where patient_id = $1', [r.patientIds[0]]);
    expect(ids.map((i) => i.value)).toContain('MRN-IMP-1');
    const [p] = await db.query<{ mrn: string; given_name: string; family_name: string; birth_date: string }>('select * from patient where id = $1', [r.patientIds[0]]);
    expect(p).toMatchObject({ mrn: 'MRN-IMP-1', given_name: 'Maya', family_name: 'Rivera', birth_date: '1961-05-04' });
  });

  it('is idempotent: the same bundle again changes nothing', async () => {
    const b = smallBundle({ patientId: 'imp-2', mrn: 'MRN-IMP-2' });
    await importBundle(db, b, { source: 'a.json', orgId });
    const before = await snapshot();
    const again = await importBundle(db, b, { source: 'a.json', orgId });
    expect(total(again.created)).toBe(0);
    expect(total(again.updated)).toBe(0);
    expect(again.unchanged).toEqual(countTypes(b));
    expect(await snapshot()).toEqual(before);
  });

  it('an updated resource updates its row and nothing else', async () => {
    const b = smallBundle({ patientId: 'imp-3', mrn: 'MRN-IMP-3', a1c: [8.0, 7.0] });
    const first = await importBundle(db, b, { source: 'b.json', orgId });
    const changed = smallBundle({ patientId: 'imp-3', mrn: 'MRN-IMP-3', a1c: [8.0, 6.5] });
    const r = await importBundle(db, changed, { source: 'b2.json', orgId });
    expect(r.updated).toEqual({ Observation: 1 });
    const rows = await db.query<{ value_num: number }>("select value_num from observation where patient_id = $1 and source_id = 'a1c-1'", [first.patientIds[0]]);
    expect(rows).toEqual([{ value_num: 6.5 }]);
  });

  it('resolves references: Type/id and absolute URLs as well as urn:uuid', async () => {
    const r = await importBundle(db, smallBundle({ patientId: 'imp-4', mrn: 'MRN-IMP-4', refStyle: 'relative', type: 'collection' }), { source: 'rel.json', orgId });
    const pid = r.patientIds[0];
    const [enc] = await db.query<{ id: string; clinician_name: string; location_name: string }>('select id, clinician_name, location_name from encounter where patient_id = $1', [pid]);
    expect(enc).toMatchObject({ clinician_name: 'Dr. Grace Okafor', location_name: 'Eastside Clinic' });
    const [obs] = await db.query<{ encounter_id: string; panel: string }>("select encounter_id, panel from observation where patient_id = $1 and source_id = 'a1c-2'", [pid]);
    expect(obs).toEqual({ encounter_id: enc.id, panel: 'Diabetes panel' });
    const bp = await db.query<{ code: string; value_num: number; panel: string }>("select code, value_num, panel from observation where patient_id = $1 and source_id like 'bp-1#%' order by code", [pid]);
    expect(bp).toEqual([{ code: '8462-4', value_num: 84, panel: 'Blood pressure panel' }, { code: '8480-6', value_num: 138, panel: 'Blood pressure panel' }]);
    const [med] = await db.query<{ prescriber_name: string; instructions: string }>('select prescriber_name, instructions from medication where patient_id = $1', [pid]);
    expect(med).toEqual({ prescriber_name: 'Dr. Grace Okafor', instructions: 'Take 1 tablet, twice a day' });
    const [cov] = await db.query('select payer, plan_name, member_id, group_id, relationship, start_date, copay_text from coverage where patient_id = $1', [pid]);
    expect(cov).toEqual({ payer: 'Acme Health', plan_name: 'Acme Gold', member_id: 'W123456789', group_id: 'G-77', relationship: 'self', start_date: '2024-01-01', copay_text: 'Office visit: $20' });
  });

  it('adds records to a patient already in the portal when an identifier matches', async () => {
    const existing = await buildPatient(db, orgId, { mrn: 'MRN-EXISTING' });
    const b = smallBundle({ patientId: 'ehr-77', mrn: 'MRN-EXISTING' });
    (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
    const r = await importBundle(db, b, { source: 'match.json', orgId });
    expect(r.patientIds).toEqual([existing.patientId]);
    expect(r.updated.Patient).toBe(1);
  });

  it('a bundle whose resources name a patient it does not hold, and who was never imported, is rejected', async () => {
    const b = smallBundle({ patientId: 'ghost' });
    b.entry = b.entry!.filter((e) => e.resource!.resourceType !== 'Patient');
    const before = await snapshot();
    const e = await rejection(importBundle(db, b, { source: 'ghost.json', orgId }));
    expect(e.message).toMatch(/ghost\.json: .*Patient\/ghost/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('rejecting bad input, with nothing half-imported', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', '{"resourceType": "Bundle", ', /not valid JSON/],
    ['not a Bundle', { resourceType: 'Patient', id: 'x' }, /not a FHIR Bundle/],
    ['unsupported bundle type', { resourceType: 'Bundle', type: 'history', entry: [] }, /Bundle.type "history" is not supported/],
    ['STU3 Condition', (() => { const b = smallBundle({ patientId: 'stu3' }); (b.entry![9].resource as unknown as { clinicalStatus: string }).clinicalStatus = 'active'; return b; })(), /entry 10 \(Condition\).*STU3/],
    ['DSTU2 resource type', (() => { const b = smallBundle({ patientId: 'dstu2' }); b.entry!.push({ resource: { resourceType: 'MedicationOrder', id: 'mo' } as never }); return b; })(), /MedicationOrder does not exist in FHIR R4/],
    ['R5 version stated', { ...smallBundle({ patientId: 'r5' }), meta: { fhirVersion: '5.0.0' } }, /not R4/],
    ['an Observation without a code (late in the bundle)', (() => { const b = smallBundle({ patientId: 'late' }); delete (b.entry![5].resource as { code?: unknown }).code; return b; })(), /entry 6 \(Observation\/a1c-1\): Observation.code is missing/],
  ];
  for (const [name, input, message] of cases) {
    it(`${name}: rejected naming the file and the problem`, async () => {
      const before = await snapshot();
      const e = await rejection(importBundle(db, typeof input === 'string' ? input : JSON.stringify(input), { source: 'bad-file.json', orgId }));
      expect(e).toBeInstanceOf(ImportRejected);
      expect(e.message.startsWith('bad-file.json: ')).toBe(true);
      expect(e.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('a rejected file is logged as a rejected run', async () => {
    await rejection(importBundle(db, '[]', { source: 'logged.json', orgId }));
    const [run] = await db.query<{ status: string; error: string }>("select status, error from fhir_import_run where source = 'logged.json'");
    expect(run).toEqual({ status: 'rejected', error: 'not a JSON object' });
  });
});
