import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { importBundle } from '../fhir-import/importer';
import { smallBundle } from '../fhir-import/test-bundles';
import { validateR4 } from './validate-r4';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let nurse: string;
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const b = smallBundle({ patientId: 'api-1', mrn: w.a.mrn });
  (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
  await importBundle(t.db, b, { source: 'api.json', orgId: w.orgId });
  // Rows entered in Portico itself (no FHIR source) are served too.
  await t.db.query("insert into condition (patient_id, code, display, clinical_status, onset_at) values ($1, '38341003', 'High blood pressure', 'active', '2019-04-01')", [w.a.patientId]);
  await t.db.query("insert into observation (patient_id, category, code, display, value_num, unit, effective_at) values ($1, 'laboratory', '2345-7', 'Glucose', 131, 'mg/dL', '2025-06-01T14:00:00Z')", [w.a.patientId]);
  await t.db.query("insert into observation (patient_id, category, code, display, value_num, unit, effective_at) values ($1, 'laboratory', '4548-4', 'Hemoglobin A1c', 9.9, '%', '2025-06-01T14:00:00Z')", [w.b.patientId]);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  nurse = await login(t.app, w.nurse.email);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...(cookie ? { cookie } : {}), ...headers } });
type Bundle = { resourceType: string; total: number; link: { relation: string; url: string }[]; entry?: { fullUrl: string; resource: any; search: { mode: string } }[] };
const search = async (url: string, cookie = alice): Promise<Bundle> => {
  const res = await get(url, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};
const refsIn = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) k === 'reference' && typeof v === 'string' ? out.push(v) : refsIn(v, out);
  return out;
};

describe('GET /fhir/R4/metadata', () => {
  it('is a valid CapabilityStatement in application/fhir+json, listing the types and search parameters served', async () => {
    const res = await get('/fhir/R4/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const cs = json(res);
    expect(validateR4(cs)).toEqual([]);
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance', format: ['json', 'application/fhir+json'] });
    const types = cs.rest[0].resource.map((r: { type: string }) => r.type);
    expect(types).toEqual(['Patient', 'Encounter', 'Observation', 'Condition', 'MedicationRequest', 'AllergyIntolerance', 'Immunization', 'Procedure',
      'DiagnosticReport', 'DocumentReference', 'CarePlan', 'Goal', 'Coverage', 'Practitioner', 'Organization', 'Location', 'Binary']);
    const obs = cs.rest[0].resource.find((r: { type: string }) => r.type === 'Observation');
    expect(obs.searchParam.map((p: { name: string }) => p.name)).toEqual(['_id', 'patient', 'subject', 'category', 'code', 'date', 'status']);
    expect(obs.supportedProfile).toContain(`${US_CORE}us-core-observation-lab`);
    expect(cs.rest[0].security.service[0].coding[0].code).toBe('SMART-on-FHIR');
  });

  it('asks for XML get 406; unknown addresses under /fhir are OperationOutcomes, never the web page', async () => {
    expect((await get('/fhir/R4/metadata?_format=xml')).statusCode).toBe(406);
    for (const url of ['/fhir/metadata', '/fhir/R4/Nope/1/2']) {
      const res = await get(url, alice);
      expect(res.statusCode, url).toBe(404);
      expect(json(res).resourceType).toBe('OperationOutcome');
    }
    const res = await get('/fhir/R4/Spaceship', alice);
    expect(res.statusCode).toBe(404);
    expect(json(res).issue[0]).toMatchObject({ severity: 'error', code: 'not-supported' });
    const post = await t.app.inject({ method: 'POST', url: '/fhir/R4/Observation', headers: { cookie: alice, 'content-type': 'application/fhir+json' }, payload: '{}' });
    expect(post.statusCode).toBe(405);
  });
});

describe('who may read', () => {
  it('requires authentication: 401 OperationOutcome with a Bearer challenge', async () => {
    const res = await get(`/fhir/R4/Patient/${w.a.patientId}`);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(json(res)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
  });

  it('a bad bearer token is 401', async () => {
    const res = await get('/fhir/R4/Observation', undefined, { authorization: 'Bearer not-a-real-token' });
    expect(res.statusCode).toBe(401);
    expect(json(res).resourceType).toBe('OperationOutcome');
  });

  it('staff sessions are refused (403): the API is for patients and their apps', async () => {
    const res = await get('/fhir/R4/Observation', nurse);
    expect(res.statusCode).toBe(403);
  });

  it('another patient gets 404 for my resources, and their searches never include mine', async () => {
    expect((await get(`/fhir/R4/Patient/${w.a.patientId}`, bob)).statusCode).toBe(404);
    const mine = await search('/fhir/R4/Observation?category=laboratory');
    const id = mine.entry![0].resource.id;
    const res = await get(`/fhir/R4/Observation/${id}`, bob);
    expect(res.statusCode).toBe(404);
    expect(json(res).resourceType).toBe('OperationOutcome');
    expect((await search(`/fhir/R4/Observation?patient=${w.a.patientId}`, bob)).total).toBe(0);
    expect((await search('/fhir/R4/Observation', bob)).total).toBe(1);
  });

  it('every read and search is in the audit trail, without the data', async () => {
    await search('/fhir/R4/Condition');
    const [row] = await t.db.query<{ resource_type: string; detail: unknown; user_id: string }>(
      "select resource_type, detail, user_id from audit_event where patient_id = $1 and action = 'read' order by id desc limit 1", [w.a.patientId]);
    expect(row).toEqual({ resource_type: 'Condition', detail: { view: 'fhir' }, user_id: w.alice.userId });
  });
});

describe('reading and searching', () => {
  it('Patient: read my own, US Core profile, search by identifier', async () => {
    const res = await get(`/fhir/R4/Patient/${w.a.patientId}`, alice);
    expect(res.statusCode).toBe(200);
    const p = json(res);
    expect(p.id).toBe(w.a.patientId);
    expect(p.meta.profile).toEqual([`${US_CORE}us-core-patient`]);
    expect(validateR4(p)).toEqual([]);
    expect((await search(`/fhir/R4/Patient?identifier=urn:portico:mrn|${w.a.mrn}`)).total).toBe(1);
    expect((await search('/fhir/R4/Patient?identifier=urn:portico:mrn|nope')).total).toBe(0);
    expect((await search('/fhir/R4/Patient?name=rivera')).total).toBe(1);
  });

  it('Observation: category, code with system|code, date prefixes, _sort=-date, and paging with next links', async () => {
    const labs = await search('/fhir/R4/Observation?patient=Patient/' + w.a.patientId + '&category=laboratory');
    expect(labs.total).toBe(4); // three A1c from the EHR and one glucose entered in Portico
    const a1c = await search('/fhir/R4/Observation?code=http://loinc.org|4548-4&_sort=-date');
    expect(a1c.total).toBe(3);
    expect(a1c.entry!.map((e) => e.resource.valueQuantity.value)).toEqual([6.9, 7.6, 8.4]);
    expect(a1c.entry!.every((e) => e.resource.meta.profile[0] === `${US_CORE}us-core-observation-lab`)).toBe(true);
    const asc = await search('/fhir/R4/Observation?code=4548-4&_sort=date');
    expect(asc.entry!.map((e) => e.resource.valueQuantity.value)).toEqual([8.4, 7.6, 6.9]);
    expect((await search('/fhir/R4/Observation?code=http://snomed.info/sct|4548-4')).total).toBe(0);
    expect((await search('/fhir/R4/Observation?code=4548-4&date=ge2024-01-01')).total).toBe(1);
    expect((await search('/fhir/R4/Observation?code=4548-4&date=lt2024-01-01')).total).toBe(2);
    expect((await search('/fhir/R4/Observation?code=4548-4&date=2023')).total).toBe(2);
    expect((await search('/fhir/R4/Observation?code=4548-4&date=ge2023-01-01&date=le2023-06-30')).total).toBe(1);
    const bad = await get('/fhir/R4/Observation?date=yesterday', alice);
    expect(bad.statusCode).toBe(400);
    expect(json(bad).issue[0].expression).toEqual(['date']);

    const page1 = await search('/fhir/R4/Observation?category=laboratory&_count=3');
    expect(page1.total).toBe(4);
    expect(page1.entry).toHaveLength(3);
    const next = page1.link.find((l) => l.relation === 'next')!.url;
    const page2 = await search(next.replace(/^https?:\/\/[^/]+/, ''));
    expect(page2.total).toBe(4);
    expect(page2.entry).toHaveLength(1);
    expect(page2.link.find((l) => l.relation === 'next')).toBeUndefined();
    const ids = [...page1.entry!, ...page2.entry!].map((e) => e.resource.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('a blood pressure is one Observation with its components, found by the panel code or a component code', async () => {
    const bp = await search('/fhir/R4/Observation?code=http://loinc.org|85354-9');
    expect(bp.total).toBe(1);
    const r = bp.entry![0].resource;
    expect(r.component.map((c: { code: { coding: { code: string }[] } }) => c.code.coding[0].code)).toEqual(['8480-6', '8462-4']);
    expect(r.meta.profile).toEqual([`${US_CORE}us-core-blood-pressure`]);
    const sys = await search('/fhir/R4/Observation?code=8480-6');
    expect(sys.entry!.map((e) => e.resource.id)).toEqual([r.id]);
    expect((await get(`/fhir/R4/Observation/${r.id}`, alice)).statusCode).toBe(200);
    expect((await search('/fhir/R4/Observation?category=vital-signs')).total).toBe(1);
  });

  it('Condition: category and clinical-status', async () => {
    expect((await search('/fhir/R4/Condition?category=problem-list-item')).total).toBe(2);
    expect((await search('/fhir/R4/Condition?clinical-status=active')).total).toBe(2);
    expect((await search('/fhir/R4/Condition?clinical-status=resolved')).total).toBe(0);
    const c = await search('/fhir/R4/Condition?code=http://snomed.info/sct|38341003');
    expect(c.entry!.map((e) => e.resource.code.text)).toEqual(['High blood pressure']);
  });

  it('visits name their clinician and place as resources that resolve, and _include brings them along', async () => {
    const enc = await search('/fhir/R4/Encounter?_include=Encounter:practitioner&_include=Encounter:location');
    expect(enc.total).toBe(1);
    const e = enc.entry!.find((x) => x.search.mode === 'match')!.resource;
    const inc = enc.entry!.filter((x) => x.search.mode === 'include').map((x) => x.resource);
    expect(inc.map((r) => r.resourceType).sort()).toEqual(['Location', 'Practitioner']);
    expect(e.participant[0].individual.reference).toBe(`Practitioner/${inc.find((r) => r.resourceType === 'Practitioner').id}`);
    const doc = json(await get(`/fhir/R4/${e.participant[0].individual.reference}`, alice));
    expect(doc).toMatchObject({ resourceType: 'Practitioner', name: [{ family: 'Okafor' }], meta: { profile: [`${US_CORE}us-core-practitioner`] } });
    const med = await search('/fhir/R4/MedicationRequest?_include=MedicationRequest:requester');
    expect(med.entry!.find((x) => x.search.mode === 'include')!.resource.id).toBe(doc.id);
  });

  it('DocumentReference content downloads from its Binary link', async () => {
    const docs = await search('/fhir/R4/DocumentReference');
    const att = docs.entry![0].resource.content[0].attachment;
    expect(att.data).toBeUndefined();
    const res = await get(att.url.replace(/^https?:\/\/[^/]+/, ''), alice);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('Keep walking every day.');
    expect((await get(att.url.replace(/^https?:\/\/[^/]+/, ''), bob)).statusCode).toBe(404);
  });

  it('every type answers; every resource is valid R4 with a US Core profile, and every reference resolves within the API', async () => {
    const counts: Record<string, number> = {};
    const refs = new Set<string>();
    for (const type of ['Patient', 'Encounter', 'Observation', 'Condition', 'MedicationRequest', 'AllergyIntolerance', 'Immunization', 'Procedure',
      'DiagnosticReport', 'DocumentReference', 'CarePlan', 'Goal', 'Coverage', 'Practitioner', 'Organization', 'Location']) {
      const b = await search(`/fhir/R4/${type}?_count=100`);
      counts[type] = b.total;
      for (const e of b.entry ?? []) {
        expect(validateR4(e.resource), `${type}/${e.resource.id}`).toEqual([]);
        expect(e.resource.meta.profile[0], type).toMatch(/^http:\/\/hl7\.org\/fhir\/us\/core\/StructureDefinition\/us-core-/);
        expect(e.fullUrl).toMatch(new RegExp(`/fhir/R4/${type}/${e.resource.id}$`));
        refsIn(e.resource).forEach((r) => refs.add(r));
      }
    }
    expect(counts).toEqual({
      Patient: 1, Encounter: 1, Observation: 5, Condition: 2, MedicationRequest: 1, AllergyIntolerance: 1, Immunization: 1, Procedure: 0,
      DiagnosticReport: 1, DocumentReference: 1, CarePlan: 0, Goal: 0, Coverage: 1, Practitioner: 1, Organization: 0, Location: 1,
    });
    expect(refs.size).toBeGreaterThanOrEqual(4);
    for (const r of refs) expect((await get(`/fhir/R4/${r}`, alice)).statusCode, r).toBe(200);
  });

  it('_count=0 gives only the total; a bad _count is 400', async () => {
    const b = await search('/fhir/R4/Observation?_count=0');
    expect(b.total).toBe(5);
    expect(b.entry ?? []).toEqual([]);
    expect((await get('/fhir/R4/Observation?_count=abc', alice)).statusCode).toBe(400);
  });
});
