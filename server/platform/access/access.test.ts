import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildPatient, buildUser } from '../../testing/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let otherOrgNurse: { email: string };
let stranger: { patientId: string };
beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const other = await buildOrg(t.db);
  otherOrgNurse = await buildUser(t.db, { orgId: other.orgId, role: 'nurse', clinicIds: [other.clinicId] });
  stranger = await buildPatient(t.db, other.orgId);
});
afterAll(() => t.close());

describe('central authorization', () => {
  it('a patient reads their own record', async () => {
    const cookie = await login(t.app, w.alice.email);
    const res = await t.app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(json(res).patient.id).toBe(w.a.patientId);
  });

  it("a patient asking for another patient's record gets 404, the same as a record that does not exist", async () => {
    const cookie = await login(t.app, w.alice.email);
    const other = await t.app.inject({ url: `/api/patients/${w.b.patientId}`, headers: { cookie } });
    const missing = await t.app.inject({ url: '/api/patients/00000000-0000-4000-8000-000000000000', headers: { cookie } });
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(json(other)).toEqual(json(missing));
  });

  it("staff reach their organization's patients and not another organization's", async () => {
    const cookie = await login(t.app, w.nurse.email);
    expect((await t.app.inject({ url: `/api/patients/${w.b.patientId}`, headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/patients/${stranger.patientId}`, headers: { cookie } })).statusCode).toBe(404);
    const other = await login(t.app, otherOrgNurse.email);
    expect((await t.app.inject({ url: `/api/patients/${w.b.patientId}`, headers: { cookie: other } })).statusCode).toBe(404);
  });

  it('staff search only returns their organization', async () => {
    const cookie = await login(t.app, otherOrgNurse.email);
    const res = await t.app.inject({ url: '/api/patients?q=', headers: { cookie } });
    const ids = json(res).patients.map((p: { id: string }) => p.id);
    expect(ids).toContain(stranger.patientId);
    expect(ids).not.toContain(w.a.patientId);
  });

  it('patients cannot use staff routes', async () => {
    const cookie = await login(t.app, w.alice.email);
    expect((await t.app.inject({ url: '/api/patients?q=', headers: { cookie } })).statusCode).toBe(403);
  });

  it('every route except the public ones needs a session', async () => {
    const spec = json(await t.app.inject({ url: '/api/openapi.json' }));
    for (const [path, ops] of Object.entries<Record<string, { 'x-portico-access': unknown }>>(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op['x-portico-access'] === 'public') continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, payload: method === 'get' ? undefined : {} });
        expect(res.statusCode, `${method} ${path}`).toBe(401);
      }
    }
  });

  it('reading a patient record writes an audit event naming who, whom and what', async () => {
    const cookie = await login(t.app, w.physician.email);
    await t.app.inject({ url: `/api/patients/${w.a.patientId}`, headers: { cookie } });
    const rows = await t.db.query<{ user_id: string; role: string; action: string; resource_type: string }>(
      "select user_id, role, action, resource_type from audit_event where patient_id = $1 and user_id = $2", [w.a.patientId, w.physician.userId]);
    expect(rows).toContainEqual({ user_id: w.physician.userId, role: 'physician', action: 'read', resource_type: 'Patient' });
  });
});
