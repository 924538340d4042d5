import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildOrg, buildPatient, buildRoleUsers, buildThread, buildUser } from '../../testing/factories';

// The access findings of issue 10 (1, 2, 7, 12, 13, 14) and break-glass, each with a test that failed before the policy.

let t: TestApp;
let org: { orgId: string; clinicId: string };
let other: { orgId: string; clinicId: string };
let staff: Awaited<ReturnType<typeof buildRoleUsers>>;
let a: { patientId: string };
let stranger: { patientId: string };
let alice: { userId: string; email: string };
let otherNurse: { userId: string; email: string };
let clinical: { threadId: string; poolId: string };
let billingThread: { threadId: string; poolId: string };
const c = {} as Record<'alice' | 'physician' | 'nurse' | 'front_desk' | 'billing' | 'admin' | 'researcher' | 'otherNurse', string>;
const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });
const send = (cookie: string, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'POST', url, headers: { cookie }, payload: payload as object });
const events = async (where: string, p: unknown[]) =>
  (await t.db.query<{ action: string; resource_type: string; patient_id: string | null }>(`select action, resource_type, patient_id from audit_event where ${where} order by id`, p));

beforeAll(async () => {
  t = await testApp();
  org = await buildOrg(t.db);
  other = await buildOrg(t.db);
  a = await buildPatient(t.db, org.orgId, { given: 'Alice', family: 'Findings', clinicId: org.clinicId });
  stranger = await buildPatient(t.db, other.orgId, { clinicId: other.clinicId });
  alice = await buildUser(t.db, { orgId: org.orgId, role: 'patient', patientId: a.patientId });
  staff = await buildRoleUsers(t.db, org.orgId, org.clinicId);
  otherNurse = await buildUser(t.db, { orgId: other.orgId, role: 'nurse', clinicIds: [other.clinicId] });
  clinical = await buildThread(t.db, { orgId: org.orgId, clinicId: org.clinicId, patientId: a.patientId, createdBy: alice.userId });
  billingThread = await buildThread(t.db, { orgId: org.orgId, clinicId: org.clinicId, patientId: a.patientId, createdBy: alice.userId, category: 'billing' });
  for (const th of [clinical, billingThread]) {
    await t.db.query("insert into msg_message (thread_id, patient_id, author_id, kind, body) values ($1,$2,$3,'patient','My knee hurts')", [th.threadId, a.patientId, alice.userId]);
    await t.db.query("insert into msg_message (thread_id, patient_id, author_id, kind, body) values ($1,$2,$3,'internal_note','Internal: check x-ray')", [th.threadId, a.patientId, staff.nurse.userId]);
  }
  for (const [i, code] of ['medical_question', 'appointment', 'billing'].entries())
    await t.db.query("insert into msg_category (org_id, code, label, sort_order) values ($1,$2,$2,$3)", [org.orgId, code, i]);
  const [sched] = await t.db.query<{ id: string }>("insert into msg_pool (org_id, clinic_id, name, target_business_hours) values ($1,$2,'Scheduling',9) returning id", [org.orgId, org.clinicId]);
  await t.db.query("insert into msg_routing_rule (clinic_id, category_code, pool_id) values ($1,'appointment',$2), ($1,'medical_question',$3)", [org.clinicId, sched.id, clinical.poolId]);
  c.alice = await login(t.app, alice.email);
  for (const r of ['physician', 'nurse', 'front_desk', 'billing', 'admin', 'researcher'] as const) c[r] = await login(t.app, staff[r].email);
  c.otherNurse = await login(t.app, otherNurse.email);
}, 120_000);
afterAll(() => t.close());

describe('finding 1: the researcher reads no identifiable data', () => {
  it('patient search, patient page, appointments and calendar files answer 403', async () => {
    const appt = '00000000-0000-4000-8000-000000000001';
    for (const url of ['/api/patients?q=', `/api/patients/${a.patientId}`, `/api/patients/${a.patientId}/appointments`,
      `/api/appointments/${appt}`, `/api/appointments/${appt}/calendar.ics`, `/api/threads?patientId=${a.patientId}`])
      expect((await get(c.researcher, url)).statusCode, url).toBe(403);
  });
  it('research endpoints still answer', async () => {
    expect((await get(c.researcher, '/api/research/campaigns')).statusCode).toBe(200);
  });
});

describe('finding 2: billing and front desk do not read clinical conversations', () => {
  it('a clinical conversation is not found for billing and front desk, but is for the nurse', async () => {
    expect((await get(c.nurse, `/api/threads/${clinical.threadId}`)).statusCode).toBe(200);
    for (const who of ['billing', 'front_desk', 'admin'] as const) {
      expect((await get(c[who], `/api/threads/${clinical.threadId}`)).statusCode, who).toBe(404);
      expect((await send(c[who], 'POST', `/api/threads/${clinical.threadId}/close`, { resolution: 'done' })).statusCode, who).toBe(404);
    }
  });
  it('billing reads billing conversations without internal notes; the nurse sees the notes', async () => {
    const bill = json(await get(c.billing, `/api/threads/${billingThread.threadId}`));
    expect(bill.messages.map((m: { kind: string }) => m.kind)).toEqual(['patient']);
    const nurse = json(await get(c.nurse, `/api/threads/${billingThread.threadId}`));
    expect(nurse.messages.map((m: { kind: string }) => m.kind).sort()).toEqual(['internal_note', 'patient']);
  });
  it('billing and front desk cannot add internal notes, search the chart or download attachments', async () => {
    for (const who of ['billing', 'front_desk'] as const) {
      expect((await send(c[who], 'POST', `/api/threads/${billingThread.threadId}/notes`, { body: 'x', idempotencyKey: `k-${who}` })).statusCode, who).toBe(403);
      const search = await get(c[who], `/api/patients/${a.patientId}/messages?q=knee`);
      expect(search.statusCode, who).toBe(403);
      expect(json(search).error.code).toBe('break_glass_required');
      expect((await get(c[who], '/api/attachments/00000000-0000-4000-8000-000000000002')).statusCode, who).toBe(403);
    }
  });
  it('front desk logs phone calls about appointments, not clinical ones', async () => {
    const clinicalCall = await send(c.front_desk, 'POST', `/api/patients/${a.patientId}/phone-encounters`,
      { category: 'medical_question', subject: 'Call', body: 'Knee pain', idempotencyKey: 'call-clinical-1' });
    expect(clinicalCall.statusCode).toBe(400);
    expect(json(clinicalCall).error.field).toBe('category');
    const nurseCall = await send(c.nurse, 'POST', `/api/patients/${a.patientId}/phone-encounters`,
      { category: 'medical_question', subject: 'Call', body: 'Knee pain', idempotencyKey: 'call-clinical-2' });
    expect(nurseCall.statusCode).toBe(201);
    const schedCall = await send(c.front_desk, 'POST', `/api/patients/${a.patientId}/phone-encounters`,
      { category: 'appointment', subject: 'Reschedule', body: 'Wants a later time', idempotencyKey: 'call-appt-1' });
    expect(schedCall.statusCode).toBe(201);
  });
  it("a patient's conversation list shows billing staff only billing conversations", async () => {
    const list = json(await get(c.billing, `/api/threads?patientId=${a.patientId}`));
    expect(list.threads.map((x: { id: string }) => x.id)).toEqual([billingThread.threadId]);
  });
  it('assign lists and "move to" teams offer only people and teams allowed to handle the conversation', async () => {
    const r = json(await get(c.nurse, `/api/inbasket/staff?threadId=${clinical.threadId}`));
    const roles = new Set(r.staff.map((s: { role: string }) => s.role));
    expect([...roles].sort()).toEqual(['medical_assistant', 'nurse', 'physician']);
    // Assigning a clinical conversation to billing is refused.
    const res = await send(c.nurse, 'POST', `/api/threads/${clinical.threadId}/assign`, { userId: staff.billing.userId });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('userId');
    const b = json(await get(c.nurse, `/api/inbasket/staff?threadId=${billingThread.threadId}`));
    expect(b.staff.map((s: { role: string }) => s.role)).toContain('billing');
    expect(b.staff.map((s: { role: string }) => s.role)).not.toContain('front_desk');
  });
  it('a clinical conversation cannot be moved to a team whose members may not handle it', async () => {
    await t.db.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2)', [billingThread.poolId, staff.billing.userId]);
    const res = await send(c.nurse, 'POST', `/api/threads/${clinical.threadId}/reassign`, { poolId: billingThread.poolId });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('poolId');
    const offered = json(await get(c.nurse, `/api/inbasket/staff?threadId=${clinical.threadId}`)).pools.map((p: { id: string }) => p.id);
    expect(offered).not.toContain(billingThread.poolId);
  });
});

describe('finding 7: ?patientId= is scoped like a path id', () => {
  it("another organization's staff get 404 and write no audit event about the patient", async () => {
    for (const path of ['/api/appointment-requests', '/api/refill-requests', '/api/referral-requests']) {
      const res = await get(c.otherNurse, `${path}?patientId=${a.patientId}`);
      expect(res.statusCode, path).toBe(404);
    }
    expect(await events('user_id = $1 and patient_id = $2', [otherNurse.userId, a.patientId])).toEqual([]);
  });
});

describe('finding 12: NUL bytes and malformed ids are a 400 naming the field', () => {
  it('a NUL byte in a query', async () => {
    const res = await get(c.nurse, '/api/patients?q=ab%00c');
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('q');
  });
  it('a NUL byte in a body', async () => {
    const res = await send(c.nurse, 'PUT', '/api/messaging/instructions', { instructions: 'call\u0000me' });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('instructions');
  });
  it('a malformed id', async () => {
    for (const [url, field] of [['/api/threads/not-a-uuid', 'id'], ['/api/billing/statements/1%20or%201=1', 'statementId'], ['/api/scheduling/templates/x', 'id']] as const) {
      const res = url.includes('templates') ? await send(c.front_desk, 'DELETE', url) : await get(url.includes('billing') ? c.billing : c.nurse, url);
      expect(res.statusCode, url).toBe(400);
      expect(json(res).error.field, url).toBe(field);
    }
  });
});

describe('finding 13: API answers are not stored by browsers or proxies', () => {
  it('Cache-Control: no-store on success and on errors', async () => {
    expect((await get(c.nurse, `/api/patients/${a.patientId}`)).headers['cache-control']).toBe('no-store');
    expect((await get(c.nurse, `/api/patients/${stranger.patientId}`)).headers['cache-control']).toBe('no-store');
  });
});

describe('finding 14: reads that were not audited', () => {
  it('patient search records which patients were shown', async () => {
    await get(c.nurse, '/api/patients?q=findings');
    const rows = await events("user_id = $1 and action = 'search_result'", [staff.nurse.userId]);
    expect(rows).toEqual([{ action: 'search_result', resource_type: 'Patient', patient_id: a.patientId }]);
  });
  it('follow-ups, messaging time, structured requests and drafts write a read event', async () => {
    await get(c.nurse, `/api/patients/${a.patientId}/follow-ups`);
    await get(c.nurse, `/api/patients/${a.patientId}/messaging-time`);
    await send(c.alice, 'PUT', '/api/drafts/new', { subject: 'Knee', body: 'It hurts' });
    await get(c.alice, '/api/drafts/new');
    const types = (await events("action = 'read' and patient_id = $1", [a.patientId])).map((r) => r.resource_type);
    expect(types).toEqual(expect.arrayContaining(['MessageFollowUp', 'MessagingTime', 'MessageDraft']));
    const [ph] = await t.db.query<{ id: string }>(
      "insert into pharmacy (org_id, name, address_line, city, state, postal_code) values ($1,'Main St Pharmacy','1 Main St','Nashville','TN','37201') returning id", [org.orgId]);
    await t.db.query(
      `insert into refill_request (org_id, patient_id, clinic_id, pharmacy_id, thread_id, created_by) values ($1, $2, $3, $4, $5, $6)`,
      [org.orgId, a.patientId, org.clinicId, ph.id, clinical.threadId, alice.userId]);
    const sr = json(await get(c.nurse, `/api/structured-requests?threadId=${clinical.threadId}`));
    expect(sr.request.kind).toBe('refill');
    expect((await events("action = 'read' and resource_type = 'StructuredRequest' and patient_id = $1", [a.patientId])).length).toBe(1);
    // Billing does not reach the clinical conversation, so it learns nothing about the request behind it.
    expect(json(await get(c.billing, `/api/structured-requests?threadId=${clinical.threadId}`)).request).toBeNull();
  });
});

describe('break-glass', () => {
  it('front desk is refused a chart with break_glass_required; another organization is a 404', async () => {
    const res = await get(c.front_desk, `/api/patients/${a.patientId}/record/problems`);
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('break_glass_required');
    expect((await get(c.front_desk, `/api/patients/${stranger.patientId}/record/problems`)).statusCode).toBe(404);
  });
  it('needs a written reason, opens the chart for an hour, is in the activity log and the admin report', async () => {
    const short = await send(c.front_desk, 'POST', '/api/break-glass', { patientId: a.patientId, reason: 'need' });
    expect(short.statusCode).toBe(400);
    expect(json(short).error.field).toBe('reason');
    expect((await send(c.front_desk, 'POST', '/api/break-glass', { patientId: stranger.patientId, reason: 'Patient fell in the lobby' })).statusCode).toBe(404);
    expect((await send(c.researcher, 'POST', '/api/break-glass', { patientId: a.patientId, reason: 'Patient fell in the lobby' })).statusCode).toBe(403);
    const ok = await send(c.front_desk, 'POST', '/api/break-glass', { patientId: a.patientId, reason: 'Patient fell in the lobby' });
    expect(ok.statusCode).toBe(201);
    const bg = json(ok).breakGlass;
    const minutes = (Date.parse(bg.expiresAt) - Date.parse(bg.createdAt)) / 60_000;
    expect(Math.round(minutes)).toBe(60);
    expect((await get(c.front_desk, `/api/patients/${a.patientId}/record/problems`)).statusCode).toBe(200);
    // Still not another patient's chart.
    const b = await buildPatient(t.db, org.orgId);
    expect((await get(c.front_desk, `/api/patients/${b.patientId}/record/problems`)).statusCode).toBe(403);
    expect(await events("action = 'break_glass' and patient_id = $1", [a.patientId])).toEqual([{ action: 'break_glass', resource_type: 'Patient', patient_id: a.patientId }]);
    const activity = json(await get(c.alice, '/api/record/activity'));
    expect(JSON.stringify(activity)).toContain('outside their usual access');
    const report = json(await get(c.admin, '/api/admin/break-glass'));
    expect(report.events).toHaveLength(1);
    expect(report.events[0]).toMatchObject({ reason: 'Patient fell in the lobby', active: true, reads: 1, user: { id: staff.front_desk.userId }, patient: { id: a.patientId } });
    expect((await get(c.front_desk, '/api/admin/break-glass')).statusCode).toBe(403);
  });
  it('an expired break-glass no longer opens the chart', async () => {
    await t.db.query(
      `insert into break_glass (org_id, user_id, patient_id, reason, created_at, expires_at) values ($1,$2,$3,'Old emergency reason', now() - interval '2 hours', now() - interval '1 hour')`,
      [org.orgId, staff.billing.userId, a.patientId]);
    const res = await get(c.billing, `/api/patients/${a.patientId}/record/problems`);
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('break_glass_required');
  });
  it('break-glass rows cannot be changed', async () => {
    await expect(t.db.query("update break_glass set expires_at = now() + interval '1 day'")).rejects.toThrow(/cannot be changed/);
  });
});
