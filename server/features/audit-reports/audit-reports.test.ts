import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildPatient, buildUser } from '../../testing/factories';
import type { Row } from '../../platform/audit/audit';
import { verifyAuditChain } from '../../platform/audit/audit';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let admin: string;
let nurse: string;
let alice: string;
let otherAdmin: string;
let otherPatientId: string;
let aliceFamily: string;
const ids: Record<string, number> = {};

/** Writes an event at a chosen time exactly as audit() would (it joins the chain when sealed). */
async function seed(name: string, at: string, r: Partial<Row>) {
  const row: Row = { at, user_id: null, role: null, patient_id: null, action: 'read', resource_type: 'Observation', resource_id: null,
    outcome: 'success', ip: '203.0.113.9', detail: null, ...r };
  const [ins] = await t.db.query<{ id: number }>(
    `insert into audit_event (at, user_id, role, patient_id, action, resource_type, resource_id, outcome, ip, detail)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning id`,
    [row.at, row.user_id, row.role, row.patient_id, row.action, row.resource_type, row.resource_id, row.outcome, row.ip,
      row.detail === null ? null : JSON.stringify(row.detail)]);
  await t.db.query('insert into audit_pending (event_id) values ($1)', [ins.id]);
  ids[name] = Number(ins.id);
}

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const adminUser = await buildUser(t.db, { orgId: w.orgId, role: 'admin', name: 'Ada Admin' });
  const other = await buildOrg(t.db);
  const otherAdminUser = await buildUser(t.db, { orgId: other.orgId, role: 'admin', name: 'Olga Other' });
  const op = await buildPatient(t.db, other.orgId, { given: 'Oscar', family: 'Outside', mrn: 'OUT-1' });
  otherPatientId = op.patientId;
  aliceFamily = (await t.db.query<{ f: string }>('select family_name as f from patient where id = $1', [w.a.patientId]))[0].f;
  const nurseU = { user_id: w.nurse.userId, role: 'nurse' };
  await seed('nurseReadsAlice', '2026-03-01T15:00:00.000Z', { ...nurseU, patient_id: w.a.patientId, detail: { view: 'results' } });
  await seed('lateEveningChicago', '2026-03-02T03:00:00.000Z', { ...nurseU, patient_id: w.b.patientId, action: 'update', resource_type: 'Conversation', resource_id: '=cmd|calc' });
  await seed('failedLogin', '2026-03-02T10:00:00.000Z', { user_id: w.alice.userId, role: 'patient', action: 'login-failed', resource_type: 'Session', outcome: 'failure', ip: '198.51.100.7' });
  await seed('physicianReadsBob', '2026-03-03T12:00:00.000Z', { user_id: w.physician.userId, role: 'physician', patient_id: w.b.patientId, detail: { note: 'a, "quoted" value' } });
  await seed('otherOrg', '2026-03-02T12:00:00.000Z', { user_id: otherAdminUser.userId, role: 'admin', patient_id: otherPatientId, action: 'read' });
  expect((await verifyAuditChain(t.db)).ok).toBe(true);
  admin = await login(t.app, adminUser.email);
  nurse = await login(t.app, w.nurse.email);
  alice = await login(t.app, w.alice.email);
  otherAdmin = await login(t.app, otherAdminUser.email);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });
type Page = { events: { id: number; at: string; action: string; outcome: string; user: { name: string } | null; patient: { name: string; mrn: string } | null }[]; total: number; page: number; pageSize: number };
const search = async (qs: string, cookie = admin) => {
  const r = await get(`/api/admin/audit-events?${qs}`, cookie);
  expect(r.statusCode, r.body).toBe(200);
  return json<Page>(r);
};
const MARCH = 'from=2026-03-01&to=2026-03-31';

describe('audit reports', () => {
  it('requires authentication', async () => {
    for (const url of ['/api/admin/audit-events', '/api/admin/audit-events.csv', '/api/admin/audit-events/actions']) {
      expect((await get(url)).statusCode).toBe(401);
    }
  });

  it('is for administrators only', async () => {
    expect((await get('/api/admin/audit-events', nurse)).statusCode).toBe(403);
    expect((await get('/api/admin/audit-events.csv', alice)).statusCode).toBe(403);
  });

  it('searches by date range (in the admin’s time zone), newest first, with who and which patient', async () => {
    const r = await search(MARCH);
    expect(r.events.map((e) => e.id)).toEqual([ids.physicianReadsBob, ids.failedLogin, ids.lateEveningChicago, ids.nurseReadsAlice]);
    expect(r.total).toBe(4);
    expect(r.events[3]).toMatchObject({ at: '2026-03-01T15:00:00.000Z', action: 'read', outcome: 'success',
      user: { name: 'Nora Nurse, RN' }, patient: { name: `Alice ${aliceFamily}`, mrn: w.a.mrn } });
    // 03:00 UTC on March 2 is the evening of March 1 in Chicago.
    expect((await search('from=2026-03-01&to=2026-03-01')).events.map((e) => e.id)).toEqual([ids.nurseReadsAlice]);
    expect((await search('from=2026-03-01&to=2026-03-01&tz=America/Chicago')).events.map((e) => e.id))
      .toEqual([ids.lateEveningChicago, ids.nurseReadsAlice]);
  });

  it('filters by user, patient, action and outcome', async () => {
    expect((await search(`${MARCH}&user=nora`)).events.map((e) => e.id)).toEqual([ids.lateEveningChicago, ids.nurseReadsAlice]);
    expect((await search(`${MARCH}&userId=${w.physician.userId}`)).events.map((e) => e.id)).toEqual([ids.physicianReadsBob]);
    expect((await search(`${MARCH}&patient=${w.b.mrn}`)).events.map((e) => e.id)).toEqual([ids.physicianReadsBob, ids.lateEveningChicago]);
    expect((await search(`${MARCH}&patient=alice`)).events.map((e) => e.id)).toEqual([ids.nurseReadsAlice]);
    expect((await search(`${MARCH}&patientId=${w.a.patientId}`)).events.map((e) => e.id)).toEqual([ids.nurseReadsAlice]);
    expect((await search(`${MARCH}&action=update`)).events.map((e) => e.id)).toEqual([ids.lateEveningChicago]);
    expect((await search(`${MARCH}&outcome=failure`)).events.map((e) => e.id)).toEqual([ids.failedLogin]);
    expect((await search(`${MARCH}&user=100%25`)).total).toBe(0); // % is matched literally
  });

  it('sorts and pages', async () => {
    expect((await search(`${MARCH}&sort=action&dir=asc`)).events.map((e) => e.action)).toEqual(['login-failed', 'read', 'read', 'update']);
    expect((await search(`${MARCH}&sort=at&dir=asc&pageSize=3&page=2`))).toMatchObject({ total: 4, page: 2, pageSize: 3, events: [{ id: ids.physicianReadsBob }] });
  });

  it('another organization’s admin sees none of it, and gets 404 for its patient', async () => {
    expect((await search(MARCH, otherAdmin)).events.map((e) => e.id)).toEqual([ids.otherOrg]);
    expect((await get(`/api/admin/audit-events?patientId=${w.a.patientId}`, otherAdmin)).statusCode).toBe(404);
    expect((await search(MARCH)).events.map((e) => e.id)).not.toContain(ids.otherOrg);
    expect((await get(`/api/admin/audit-events?patientId=${otherPatientId}`, admin)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field', async () => {
    const bad = async (qs: string, field: string) => {
      const r = await get(`/api/admin/audit-events?${qs}`, admin);
      expect(r.statusCode, qs).toBe(400);
      expect(json(r).error.message).toMatch(new RegExp(`^${field}`));
    };
    await bad('from=2026-03-05&to=2026-03-01', 'from');
    await bad('from=March', 'from');
    await bad('to=2026-02-30x', 'to');
    await bad('tz=Mars/Olympus', 'tz');
    await bad('userId=nope', 'userId');
    await bad('outcome=maybe', 'outcome');
    await bad('sort=ip', 'sort');
    await bad('pageSize=1000', 'pageSize');
  });

  it('exports CSV with the same filters; cells are quoted and cannot run as formulas', async () => {
    const r = await get(`/api/admin/audit-events.csv?${MARCH}&sort=at&dir=asc`, admin);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="audit-events-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Event id,Time (UTC),User,User email,Role,Patient,Patient MRN,Action,Resource type,Resource id,Outcome,IP address,Detail');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(`${ids.nurseReadsAlice},2026-03-01T15:00:00.000Z,"Nora Nurse, RN",${w.nurse.email},nurse,Alice ${aliceFamily},${w.a.mrn},read,Observation,,success,203.0.113.9,"{""view"":""results""}"`);
    expect(lines[2]).toContain(`,update,Conversation,'=cmd|calc,success,`);
    expect(lines[4]).toContain('"{""note"":""a, \\""quoted\\"" value""}"');
    const filtered = await get(`/api/admin/audit-events.csv?${MARCH}&outcome=failure`, admin);
    expect(filtered.body.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('lists the actions in the trail for the search form', async () => {
    const r = json<{ actions: string[] }>(await get('/api/admin/audit-events/actions', admin));
    expect(r.actions).toEqual([...r.actions].sort());
    expect(r.actions).toEqual(expect.arrayContaining(['login-failed', 'read', 'update']));
  });

  it('every search and export is itself audited, without the names searched for', async () => {
    await search(`${MARCH}&user=nora&patientId=${w.a.patientId}`);
    await get(`/api/admin/audit-events.csv?${MARCH}`, admin);
    const rows = await t.db.query<{ action: string; patient_id: string | null; detail: Record<string, unknown> }>(
      "select action, patient_id, detail from audit_event where resource_type = 'AuditEvent' order by id desc limit 2");
    expect(rows[1]).toEqual({ action: 'search', patient_id: w.a.patientId, detail: {
      view: 'audit-report', from: '2026-03-01', to: '2026-03-31', action: null, outcome: null, byUser: true, byPatient: true, page: 1, results: 1 } });
    expect(rows[0]).toMatchObject({ action: 'export', patient_id: null, detail: { view: 'audit-report-csv', results: 4 } });
    expect(JSON.stringify(rows)).not.toMatch(/nora/i);
  });
});
