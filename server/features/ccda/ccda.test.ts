import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertXmlToCcda } from '@medplum/ccda';
import { testApp, login, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { importBundle } from '../fhir-import/importer';
import { smallBundle } from '../fhir-import/test-bundles';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const b = smallBundle({ patientId: 'ccda-1', mrn: w.a.mrn });
  (b.entry![0].resource as { identifier: { system: string }[] }).identifier[0].system = 'urn:portico:mrn';
  await importBundle(t.db, b, { source: 'ccda.json', orgId: w.orgId });
  await t.db.query(`insert into procedure (patient_id, display, code, status, performed_at) values ($1, 'Colonoscopy', '73761001', 'completed', '2025-06-01T10:00:00Z')`, [w.a.patientId]);
  alice = await login(t.app, w.alice.email);
});
afterAll(() => t.close());

type Tid = { '@_root': string; '@_extension'?: string };
type Doc = { templateId: Tid[]; component: { structuredBody: { component: { section: { templateId: Tid[] }[] }[] } } };

const SECTION = { allergies: '2.16.840.1.113883.10.20.22.2.6.1', medications: '2.16.840.1.113883.10.20.22.2.1.1', problems: '2.16.840.1.113883.10.20.22.2.5.1',
  immunizations: '2.16.840.1.113883.10.20.22.2.2.1', results: '2.16.840.1.113883.10.20.22.2.3.1', vitals: '2.16.840.1.113883.10.20.22.2.4.1',
  procedures: '2.16.840.1.113883.10.20.22.2.7.1', encounters: '2.16.840.1.113883.10.20.22.2.22.1' };

describe('C-CDA download', () => {
  it('is a CCD (R2.1) with problems, medicines, allergies, shots, LOINC-coded results, vital signs, procedures and visits', async () => {
    const res = await t.app.inject({ url: '/api/record/export.xml', headers: { cookie: alice } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="health-record-\d{4}-\d{2}-\d{2}\.xml"$/);
    // Parsed back with the same library's reader.
    const doc = convertXmlToCcda(res.body) as unknown as Doc;
    const templates = doc.templateId.map((x) => `${x['@_root']}${x['@_extension'] ? `:${x['@_extension']}` : ''}`);
    expect(templates).toContain('2.16.840.1.113883.10.20.22.1.2:2015-08-01');
    const sections = doc.component.structuredBody.component.flatMap((c) => c.section);
    for (const [name, root] of Object.entries(SECTION)) {
      expect(sections.some((s) => s.templateId.some((x) => x['@_root'] === root)), name).toBe(true);
    }
    expect(res.body).toContain('Penicillin');
    expect(res.body).toContain('Influenza');
    expect(res.body).toContain('Colonoscopy');
    // Results are LOINC coded (HbA1c 4548-4).
    expect(res.body).toMatch(/<code code="4548-4"[^>]* codeSystem="2\.16\.840\.1\.113883\.6\.1"/);
    const events = await t.db.query<{ n: number }>(`select count(*)::int as n from audit_event where patient_id = $1 and detail->>'view' = 'export-ccda'`, [w.a.patientId]);
    expect(events[0].n).toBe(1);
  });

  it('keeps to the date range', async () => {
    const res = await t.app.inject({ url: '/api/record/export.xml?from=2030-01-01&to=2030-12-31', headers: { cookie: alice } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('4548-4');
    expect(res.body).not.toContain('Colonoscopy');
  });

  it('"send my record" can send it as a C-CDA file through a secure link', async () => {
    const to = `ccda-${Date.now()}@example.test`;
    const sent = await t.app.inject({ method: 'POST', url: '/api/record/transmit', headers: { cookie: alice }, payload: { email: to, format: 'ccda' } });
    expect(sent.statusCode).toBe(201);
    const [mail] = await t.db.query<{ body: string }>('select body from outbox_email where to_address = $1', [to]);
    expect(mail.body).not.toContain('Penicillin');
    const link = new URL(/https?:\/\/\S+\/api\/record\/shared\/\S+/.exec(mail.body)![0]);
    const res = await t.app.inject({ url: link.pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body).toContain('root="2.16.840.1.113883.10.20.22.1.2"');
    expect(res.body).toContain('Penicillin');
  });

  it('names a bad date', async () => {
    const res = await t.app.inject({ url: '/api/record/export.xml?from=yesterday', headers: { cookie: alice } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('from');
  });

  it('requires authentication, and another patient gets 404', async () => {
    expect((await t.app.inject({ url: '/api/record/export.xml' })).statusCode).toBe(401);
    const bob = await login(t.app, w.bob.email);
    expect((await t.app.inject({ url: `/api/patients/${w.a.patientId}/record/export.xml`, headers: { cookie: bob } })).statusCode).toBe(404);
  });
});
