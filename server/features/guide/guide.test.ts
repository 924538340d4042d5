import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, login, type TestApp } from '../../testing/app';
import { buildOrg, buildPatient, buildThread, buildUser } from '../../testing/factories';
import { startMessagingTest, type MessagingWorld } from '../messaging/test-world';

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
let count: Awaited<ReturnType<typeof startMessagingTest>>['count'];
const key = () => randomUUID();
const DAY = 86_400_000;

beforeAll(async () => {
  ({ t, w, c, call, count } = await startMessagingTest());
});
afterAll(() => t.close());

describe('guide: patient events', () => {
  it('requires authentication on every guide route', async () => {
    for (const [m, u] of [['GET', '/api/guide'], ['POST', '/api/guide/events'], ['GET', `/api/patients/${w.a.patientId}/guide`],
      ['POST', `/api/patients/${w.a.patientId}/guide/explain`], ['GET', '/api/research/guide-comparison'], ['GET', '/api/research/guide-comparison.csv']])
      expect((await call(undefined, m, u, m === 'GET' ? undefined : {})).statusCode, `${m} ${u}`).toBe(401);
  });

  it('a new patient gets the first-use walkthrough and the conversation page status texts for their clinic', async () => {
    const r = await call(c.alice, 'GET', '/api/guide');
    expect(r.statusCode).toBe(200);
    const g = json(r);
    expect(g.walkthrough).toEqual({ show: true, reason: 'first' });
    expect(g.viewedAt).toBeNull();
    expect(g.statuses.map((s: { text: string }) => s.text)).toEqual([
      'Waiting for a reply from Nurses', 'Waiting for a reply from Scheduling', 'Answered', 'Waiting for a reply; the reply is late',
      'Waiting for a reply; the reply is late and was sent to a team lead', 'Closed']);
    const es = json(await t.app.inject({ method: 'GET', url: '/api/guide', headers: { cookie: c.alice, 'accept-language': 'es' } }));
    expect(es.statuses.map((s: { text: string }) => s.text)).toEqual(['Esperando respuesta de Nurses', 'Esperando respuesta de Scheduling', 'Contestada', 'Esperando respuesta; la respuesta está atrasada',
      'Esperando respuesta; la respuesta está atrasada y se envió a un jefe del equipo', 'Cerrada']);
  });

  it('records viewed / skipped once per idempotency key, with an audit event, and then stops offering the walkthrough', async () => {
    const before = await count("audit_event where resource_type = 'MessagingGuide' and patient_id = $1", [w.a.patientId]);
    const k = key();
    const first = await call(c.alice, 'POST', '/api/guide/events', { kind: 'viewed', idempotencyKey: k });
    expect(first.statusCode).toBe(201);
    const again = await call(c.alice, 'POST', '/api/guide/events', { kind: 'viewed', idempotencyKey: k });
    expect(again.statusCode).toBe(201);
    expect(json(again)).toEqual(json(first));
    expect(await count("guide_event where patient_id = $1 and kind = 'viewed'", [w.a.patientId])).toBe(1);
    expect(json(await call(c.alice, 'GET', '/api/guide')).walkthrough.show).toBe(true);
    expect((await call(c.alice, 'POST', '/api/guide/events', { kind: 'skipped', idempotencyKey: key() })).statusCode).toBe(201);
    const g = json(await call(c.alice, 'GET', '/api/guide'));
    expect(g.walkthrough).toEqual({ show: false, reason: null });
    expect(g.skippedAt).not.toBeNull();
    expect(await count("audit_event where resource_type = 'MessagingGuide' and patient_id = $1", [w.a.patientId])).toBe(before + 2);
    // Another patient is not affected.
    expect(json(await call(c.bob, 'GET', '/api/guide')).walkthrough).toEqual({ show: true, reason: 'first' });
  });

  it('refuses a bad kind or a missing key, naming the field', async () => {
    const bad = await call(c.alice, 'POST', '/api/guide/events', { kind: 'explained', idempotencyKey: key() });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.field).toBe('kind');
    const noKey = await call(c.alice, 'POST', '/api/guide/events', { kind: 'viewed' });
    expect(noKey.statusCode).toBe(400);
    expect(json(noKey).error.field).toBe('idempotencyKey');
  });

  it('offers the walkthrough again to a patient who has not sent a message in a year', async () => {
    await t.db.query("update guide_event set created_at = now() - interval '400 days' where patient_id = $1", [w.a.patientId]);
    expect(json(await call(c.alice, 'GET', '/api/guide')).walkthrough).toEqual({ show: true, reason: 'inactive' });
    const { threadId } = await buildThread(t.db, { orgId: w.orgId, clinicId: w.clinicId, patientId: w.a.patientId, createdBy: w.alice.userId });
    await t.db.query("insert into msg_message (thread_id, patient_id, author_id, kind, body, created_at) values ($1,$2,$3,'patient','Hi', now() - interval '10 days')",
      [threadId, w.a.patientId, w.alice.userId]);
    expect(json(await call(c.alice, 'GET', '/api/guide')).walkthrough).toEqual({ show: false, reason: null });
  });
});

describe('guide: a clinician explains messaging', () => {
  it('puts the guide with the clinician’s instructions on the patient’s home page until they open it', async () => {
    const r = await call(c.doc, 'POST', `/api/patients/${w.b.patientId}/guide/explain`,
      { instructions: 'Message me your glucose readings every two weeks', handout: true, idempotencyKey: key() });
    expect(r.statusCode).toBe(201);
    expect(json(r).explanation).toMatchObject({ instructions: 'Message me your glucose readings every two weeks', handout: true, by: { displayName: 'Phil Doc, MD' } });
    const audit = await t.db.query<{ detail: unknown }>("select detail from audit_event where resource_type = 'MessagingGuideExplanation' and patient_id = $1", [w.b.patientId]);
    expect(audit.map((a) => a.detail)).toEqual([{ instructions: true, handout: true, followUp: false }]);
    const home = json(await call(c.bob, 'GET', '/api/home'));
    const item = home.items.find((i: { kind: string }) => i.kind === 'messaging-guide');
    expect(item).toEqual({ kind: 'messaging-guide', priority: 'normal', href: '/messages/guide',
      title: 'Phil Doc, MD explained how messaging works. Read the guide', detail: 'Your care team asked: “Message me your glucose readings every two weeks”' });
    const mine = json(await call(c.bob, 'GET', '/api/guide'));
    expect(mine.explained.map((e: { instructions: string }) => e.instructions)).toEqual(['Message me your glucose readings every two weeks']);
    const staff = json(await call(c.nurse, 'GET', `/api/patients/${w.b.patientId}/guide`));
    expect(staff.explained).toHaveLength(1);
    expect(staff.patient.clinic.phoneNurseLine).toBe('+1-615-555-0101');
    await call(c.bob, 'POST', '/api/guide/events', { kind: 'viewed', idempotencyKey: key() });
    expect(json(await call(c.bob, 'GET', '/api/home')).items.filter((i: { kind: string }) => i.kind === 'messaging-guide')).toEqual([]);
  });

  it('can attach the guide to a follow-up request of the same patient only', async () => {
    const f = json(await call(c.doc, 'POST', `/api/patients/${w.b.patientId}/follow-ups`, { instructions: 'Send 2 weeks of readings', dueDate: '2030-01-15', category: 'home_readings' }));
    const ok = await call(c.doc, 'POST', `/api/patients/${w.b.patientId}/guide/explain`, { instructions: 'Send 2 weeks of readings', followUpId: f.followUp.id, idempotencyKey: key() });
    expect(ok.statusCode).toBe(201);
    const wrong = await call(c.doc, 'POST', `/api/patients/${w.a.patientId}/guide/explain`, { followUpId: f.followUp.id, idempotencyKey: key() });
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).error.field).toBe('followUpId');
  });

  it('another organization’s clinician gets 404; patients and researchers may not explain', async () => {
    expect((await call(c.otherNurse, 'POST', `/api/patients/${w.a.patientId}/guide/explain`, { idempotencyKey: key() })).statusCode).toBe(404);
    expect((await call(c.otherNurse, 'GET', `/api/patients/${w.a.patientId}/guide`)).statusCode).toBe(404);
    expect((await call(c.alice, 'POST', `/api/patients/${w.a.patientId}/guide/explain`, { idempotencyKey: key() })).statusCode).toBe(403);
    expect((await call(c.bob, 'GET', `/api/patients/${w.a.patientId}/guide`)).statusCode).toBe(403);
    const too = await call(c.doc, 'POST', `/api/patients/${w.a.patientId}/guide/explain`, { instructions: 'x'.repeat(1001), idempotencyKey: key() });
    expect(too.statusCode).toBe(400);
    expect(json(too).error.field).toBe('instructions');
  });
});

describe('guide: the research comparison', () => {
  let researcher: string;
  beforeAll(async () => {
    const q = t.db;
    const { orgId, clinicId } = await buildOrg(q);
    const doc = await buildUser(q, { orgId, role: 'physician', name: 'Dana Doc', credentials: 'MD', clinicIds: [clinicId] });
    const r = await buildUser(q, { orgId, role: 'researcher' });
    researcher = await login(t.app, r.email);
    const ps = [];
    for (let i = 1; i <= 6; i++) ps.push((await buildPatient(q, orgId, { given: `P${i}`, clinicId })).patientId);
    const now = Date.now();
    const ago = (d: number) => new Date(now - d * DAY);
    const ev = (p: string, kind: string, d: number, by: string | null = null) =>
      q.query('insert into guide_event (patient_id, kind, by_user_id, created_at) values ($1,$2,$3,$4)', [p, kind, by, ago(d)]);
    const msg = async (p: string, d: number, kind = 'patient') => {
      const { threadId } = await buildThread(q, { orgId, clinicId, patientId: p, createdBy: doc.userId });
      await q.query('insert into msg_message (thread_id, patient_id, author_id, kind, body, created_at) values ($1,$2,$3,$4,$5,$6)',
        [threadId, p, doc.userId, kind, 'readings', ago(d)]);
    };
    const [p1, p2, p3, p4, p5, p6] = ps;
    await ev(p1, 'viewed', 100); await msg(p1, 90); await msg(p1, 80); await msg(p1, 70);
    await ev(p2, 'explained', 100, doc.userId); await msg(p2, 95); await msg(p2, 50);
    await ev(p3, 'viewed', 120); await ev(p3, 'explained', 110, doc.userId); await msg(p3, 60);
    await msg(p4, 400); // outside the window
    await msg(p5, 199.5);
    await msg(p6, 10, 'staff_reply'); // not written by the patient
  });

  it('compares guided and not-guided patients with the study’s tests, by clinician', async () => {
    const r = await call(researcher, 'GET', '/api/research/guide-comparison?windowDays=365');
    expect(r.statusCode).toBe(200);
    const g = json(r);
    expect(g.patients).toBe(6);
    expect(g.overall.group).toEqual({ key: 'guided', label: 'Saw the guide or were asked by a clinician', n: 3, messages: 6, meanMessages: 2,
      medianMessages: 2, anyUse: 3, anyUsePct: 100, medianDaysToFirst: 10 });
    expect(g.overall.control).toEqual({ key: 'neither', label: 'Neither saw the guide nor were asked', n: 3, messages: 1, meanMessages: 0.3333,
      medianMessages: 0, anyUse: 1, anyUsePct: 33.3, medianDaysToFirst: 165 });
    expect(g.overall.mannWhitney).toEqual({ u: 8.5, z: 1.5731, p: 0.1157 });
    expect(g.overall.fisher).toEqual({ p: 0.4, method: 'exact' });
    expect(g.saw.group).toMatchObject({ n: 2, messages: 4, anyUse: 2 });
    expect(g.asked.group).toMatchObject({ n: 2, messages: 3, anyUse: 2 });
    expect(g.byClinician.map((b: { clinician: string; group: { n: number; messages: number } }) => [b.clinician, b.group.n, b.group.messages]))
      .toEqual([['Dana Doc, MD', 2, 3]]);
  });

  it('exports one de-identified row per patient (CSV) and audits the export; clinicians may not', async () => {
    const r = await call(researcher, 'GET', '/api/research/guide-comparison.csv?windowDays=365');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.body.trim().split('\r\n');
    expect(lines[0]).toBe('study_id,window_days,saw_guide,asked_by_clinician,clinician,messages_sent,any_message,days_to_first_message');
    expect(lines).toHaveLength(7);
    expect(r.body).not.toMatch(/P1|P2|MRN/);
    expect(lines.slice(1).map((l) => l.split(',').slice(1).join(',')).sort()).toEqual([
      '365,0,0,,0,0,', '365,0,0,,0,0,', '365,0,0,,1,1,165', '365,0,1,"Dana Doc, MD",2,1,5', '365,1,0,,3,1,10', '365,1,1,"Dana Doc, MD",1,1,60'].sort());
    expect(await count("audit_event where resource_type = 'ResearchGuideComparison' and action = 'export'")).toBe(1);
    expect((await call(c.nurse, 'GET', '/api/research/guide-comparison')).statusCode).toBe(403);
    expect((await call(c.alice, 'GET', '/api/research/guide-comparison.csv')).statusCode).toBe(403);
    const bad = await call(researcher, 'GET', '/api/research/guide-comparison?windowDays=3');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.field).toBe('windowDays');
  });
});
