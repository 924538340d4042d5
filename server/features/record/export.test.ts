import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg } from '../../testing/factories';
import { importBundle } from '../fhir-import/importer';
import { parseBundle, RefIndex } from '../fhir-import/validate';
import { countTypes, smallBundle } from '../fhir-import/test-bundles';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const b = smallBundle({ patientId: 'exp-1', mrn: w.a.mrn });
  (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
  await importBundle(t.db, b, { source: 'exp.json', orgId: w.orgId });
  // Data entered in Portico itself (no FHIR source) must be exported too; the name is hostile HTML.
  await t.db.query("insert into condition (patient_id, display) values ($1, '<script>alert(1)</script> High blood pressure')", [w.a.patientId]);
  alice = await login(t.app, w.alice.email);
  await t.app.inject({ method: 'POST', url: '/api/record/glucose', payload: { value: 101, unit: 'mg/dL', context: 'fasting' }, headers: { cookie: alice } });
});
afterAll(() => t.close());

const refsIn = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) k === 'reference' && typeof v === 'string' ? out.push(v) : refsIn(v, out);
  return out;
};

describe('downloading the record', () => {
  it('is a FHIR R4 Bundle that parses back, whose references all resolve inside it, and that re-imports whole', async () => {
    const res = await t.app.inject({ url: '/api/record/export.json', headers: { cookie: alice } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="health-record-/);
    const bundle = json(res);
    const { entries } = parseBundle(bundle, 'export');
    const idx = new RefIndex(entries);
    for (const r of refsIn(bundle.entry)) if (!r.startsWith('#')) expect(idx.resolve(r)?.entry, r).toBeDefined();
    const types = countTypes(bundle);
    expect(types).toMatchObject({ Patient: 1, Encounter: 1, Observation: 5, Condition: 2, MedicationRequest: 1, AllergyIntolerance: 1, Immunization: 1, Coverage: 1, DiagnosticReport: 1, DocumentReference: 1 });
    const other = await buildOrg(t.db);
    const again = await importBundle(t.db, bundle, { source: 'roundtrip.json', orgId: other.orgId });
    expect(again.created).toEqual(types);
  });

  it('prints a readable HTML summary with everything escaped', async () => {
    const res = await t.app.inject({ url: '/api/record/summary.html?tz=America/Chicago', headers: { cookie: alice } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<h1>Health summary for Maya Rivera');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; High blood pressure');
    expect(res.body).not.toContain('<script>');
    for (const h of ['Health problems', 'Medicines', 'Allergies', 'Test results', 'Visits']) expect(res.body).toContain(`<h2>${h}</h2>`);
  });

  it('a date range limits dated items', async () => {
    const bundle = json(await t.app.inject({ url: '/api/record/export.json?from=2025-01-01&to=2025-12-31', headers: { cookie: alice } }));
    const obs = bundle.entry.filter((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Observation');
    expect(obs.map((e: { resource: { id: string; code: { text?: string; coding: { code: string }[] } } }) => e.resource.code.coding[0].code)).toEqual(['85354-9']); // only 2025's blood pressure
  });
});
