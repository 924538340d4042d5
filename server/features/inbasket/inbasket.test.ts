import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../../testing/app';
import { startMessagingTest, type MessagingWorld } from '../messaging/test-world';

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
const key = () => randomUUID();
const send = async (over: Record<string, unknown> = {}) =>
  json(await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'Q', body: 'A question', idempotencyKey: key(), ...over })).thread.id as string;
const inbasket = async (who: string, qs = '') => json(await call(c[who], 'GET', `/api/inbasket${qs}`));
const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

beforeAll(async () => {
  ({ t, w, c, call } = await startMessagingTest());
});
afterAll(() => t.close());

describe('in-basket', () => {
  it('requires authentication and is for care-team roles only', async () => {
    const id = randomUUID();
    for (const [m, u] of [['GET', '/api/inbasket'], ['GET', '/api/inbasket/staff'], ['GET', '/api/inbasket/templates'], ['POST', '/api/inbasket/templates'],
      ['POST', `/api/threads/${id}/assign`], ['POST', `/api/threads/${id}/reassign`], ['POST', `/api/threads/${id}/notes`], ['POST', `/api/threads/${id}/close`],
      ['POST', `/api/threads/${id}/time`], ['GET', '/api/inbasket/report'], ['GET', '/api/inbasket/report.csv'],
      ['POST', `/api/patients/${w.a.patientId}/phone-encounters`], ['GET', `/api/patients/${w.a.patientId}/messaging-time`]])
      expect((await call(undefined, m, u, m === 'GET' ? undefined : {})).statusCode, `${m} ${u}`).toBe(401);
    expect((await call(c.alice, 'GET', '/api/inbasket')).statusCode).toBe(403);
  });

  it('shows my pools sorted by due time with dueAt, overdue flag and counts; routing sends appointments to scheduling', async () => {
    const q = await send();
    const appt = await send({ category: 'appointment' });
    const nurse = await inbasket('nurse');
    expect(ids(nurse)).toContain(q);
    expect(ids(nurse)).not.toContain(appt);
    expect(ids(await inbasket('sched'))).toContain(appt);
    const item = nurse.items.find((i: { id: string }) => i.id === q);
    expect(item).toMatchObject({ overdue: false, unreadByMe: true, pool: { name: 'Nurses' } });
    expect(Date.parse(item.dueAt)).toBeGreaterThan(Date.now());
    expect(nurse.counts.open).toBe(nurse.items.length);
    const dues = nurse.items.map((i: { dueAt: string }) => Date.parse(i.dueAt));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(nurse.pools.find((p: { name: string; member: boolean }) => p.name === 'Nurses' && p.member)).toBeTruthy();
  });

  it('claim, assign filters, reassign to another pool and to the physician', async () => {
    const id = await send();
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/assign`, {})).statusCode).toBe(204);
    expect(ids(await inbasket('nurse', '?assigned=me'))).toContain(id);
    expect(ids(await inbasket('nurse', '?assigned=unassigned'))).not.toContain(id);
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/assign`, { userId: w.other.nurse.userId })).statusCode).toBe(400);
    // Needs provider: assigned to the physician, who is told by email.
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from outbox_email where to_address = $1', [w.physician.email]))[0].n;
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/reassign`, { needsProvider: true })).statusCode).toBe(204);
    expect(ids(await inbasket('doc', '?assigned=me'))).toContain(id);
    const after = (await t.db.query<{ n: number }>('select count(*)::int as n from outbox_email where to_address = $1', [w.physician.email]))[0].n;
    expect(after).toBe(before + 1);
    // Not to a team that may not handle clinical messages (the access policy: the front desk handles scheduling only).
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/reassign`, { poolId: w.frontPool })).statusCode).toBe(400);
    expect(ids(await inbasket('sched'))).not.toContain(id);
    // To another clinical pool: it leaves the nurses' list.
    const [docs] = await t.db.query<{ id: string }>("insert into msg_pool (org_id, clinic_id, name, target_business_hours) values ($1,$2,'Doctors',9) returning id", [w.orgId, w.clinicId]);
    await t.db.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2)', [docs.id, w.physician.userId]);
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/reassign`, { poolId: docs.id })).statusCode).toBe(204);
    expect(ids(await inbasket('nurse'))).not.toContain(id);
    expect(ids(await inbasket('doc'))).toContain(id);
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/reassign`, { poolId: w.other.pools.nursesPool })).statusCode).toBe(400);
    const d = json(await call(c.nurse, 'GET', `/api/threads/${id}`));
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['assigned', 'needs_provider', 'reassigned']));
    const p = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(p.events.map((e: { kind: string }) => e.kind)).not.toContain('assigned');
  });

  it('close with a resolution; the patient sees it closed', async () => {
    const id = await send();
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/close`, { resolution: '' })).statusCode).toBe(400);
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/close`, { resolution: 'Advice given' })).statusCode).toBe(204);
    const d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d).toMatchObject({ status: 'closed', canReply: false, thread: { resolution: 'Advice given' } });
    expect(ids(await inbasket('nurse'))).not.toContain(id);
    expect(ids(await inbasket('nurse', '?status=closed'))).toContain(id);
  });

  it('phone encounters appear in the patient messages and can be answered in writing', async () => {
    const r = await call(c.nurse, 'POST', `/api/patients/${w.a.patientId}/phone-encounters`,
      { category: 'medical_question', subject: 'Phone call about dizziness', body: 'Patient called about dizziness after standing.', idempotencyKey: key() });
    expect(r.statusCode).toBe(201);
    const id = json(r).thread.id;
    const p = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(p.messages[0]).toMatchObject({ kind: 'phone_encounter', author: { displayName: 'Nora Nurse, RN' } });
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'As discussed: stand up slowly.', idempotencyKey: key() })).statusCode).toBe(201);
    expect((await call(c.otherNurse, 'POST', `/api/patients/${w.a.patientId}/phone-encounters`,
      { category: 'medical_question', subject: 'x', body: 'x', idempotencyKey: key() })).statusCode).toBe(404);
  });

  it('records clinician time; refills never count toward a digital visit', async () => {
    const clinical = await send();
    const refill = await send({ category: 'refill' });
    await call(c.doc, 'POST', `/api/threads/${clinical}/time`, { minutes: 8, activity: 'review' });
    await call(c.doc, 'POST', `/api/threads/${refill}/time`, { minutes: 30, activity: 'refill' });
    const s = json(await call(c.doc, 'GET', `/api/patients/${w.a.patientId}/messaging-time`));
    expect(s.totalMinutes30Days).toBe(38);
    expect(s.digitalVisit).toMatchObject({ qualifyingMinutes7Days: 8, code: '99421' });
    expect((await call(c.sched, 'POST', `/api/threads/${clinical}/time`, { minutes: 5 })).statusCode).toBe(403);
  });

  it('templates: add and list for the clinic', async () => {
    expect((await call(c.nurse, 'POST', '/api/inbasket/templates', { title: 'Refill sent', body: 'Your refill was sent.', clinicId: w.clinicId })).statusCode).toBe(201);
    const r = json(await call(c.nurse, 'GET', `/api/inbasket/templates?clinicId=${w.clinicId}`));
    expect(r.templates.map((x: { title: string }) => x.title)).toContain('Refill sent');
    expect(json(await call(c.otherNurse, 'GET', '/api/inbasket/templates')).templates).toEqual([]);
  });

  it('response-time report and CSV', async () => {
    const id = await send();
    await t.db.query("update msg_thread set created_at = now() - interval '2 hours' where id = $1", [id]);
    await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Answer', idempotencyKey: key() });
    const r = json(await call(c.nurse, 'GET', `/api/inbasket/report?clinicId=${w.clinicId}`));
    const nurses = r.pools.find((p: { pool: string }) => p.pool === 'Nurses');
    expect(nurses.volume).toBeGreaterThan(0);
    expect(nurses.answered).toBeGreaterThan(0);
    expect(nurses.medianHoursToFirstReply).not.toBeNull();
    expect(nurses.shareWithinTarget).toBe(100);
    expect(r.byCategory.length).toBeGreaterThan(0);
    const csv = await call(c.nurse, 'GET', '/api/inbasket/report.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('clinic,pool,target_business_hours,volume,answered,median_hours_to_first_reply,p90_hours_to_first_reply,percent_within_target,overdue_now,phone_encounters');
    const other = json(await call(c.otherNurse, 'GET', '/api/inbasket/report'));
    expect(other.pools.every((p: { volume: number }) => p.volume === 0)).toBe(true);
  });

  it('report shows messaging workload per clinician; every table exports as CSV', async () => {
    const id = await send();
    await call(c.doc, 'POST', `/api/threads/${id}/time`, { minutes: 7, activity: 'review' });
    await call(c.doc, 'POST', `/api/threads/${id}/messages`, { body: 'Doctor answer', idempotencyKey: key() });
    const r = json(await call(c.nurse, 'GET', `/api/inbasket/report?clinicId=${w.clinicId}`));
    const doc = r.workload.find((x: { userId: string }) => x.userId === w.physician.userId);
    expect(doc.minutes).toBeGreaterThanOrEqual(7);
    expect(doc.replies).toBeGreaterThanOrEqual(1);
    expect(doc.conversations).toBeGreaterThanOrEqual(1);
    expect(r.workload.find((x: { userId: string }) => x.userId === w.alice.userId)).toBeUndefined();
    const wl = await call(c.nurse, 'GET', '/api/inbasket/report.csv?section=workload');
    expect(wl.headers['content-disposition']).toContain('message-workload.csv');
    const lines = wl.body.trim().split('\r\n');
    expect(lines[0]).toBe('name,role,minutes,conversations,replies');
    expect(lines.some((l: string) => l.includes('Phil Doc') && l.includes('physician'))).toBe(true);
    expect((await call(c.nurse, 'GET', '/api/inbasket/report.csv?section=categories')).body.split('\r\n')[0]).toBe('category,label,volume');
    expect((await call(c.nurse, 'GET', '/api/inbasket/report.csv?section=days')).body.split('\r\n')[0]).toBe('day,volume,answered_within_target,phone_encounters');
    expect((await call(c.nurse, 'GET', '/api/inbasket/report.csv?section=nope')).statusCode).toBe(400);
    expect(json(await call(c.otherNurse, 'GET', '/api/inbasket/report')).workload).toEqual([]);
  });

  it('staff home shows overdue and open counts; patient home shows unread replies', async () => {
    const id = await send();
    await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Reply', idempotencyKey: key() });
    const home = json(await call(c.alice, 'GET', '/api/home'));
    expect(home.items.some((i: { title: string }) => /new repl/.test(i.title))).toBe(true);
    await call(c.alice, 'GET', `/api/threads/${id}`);
    const staff = json(await call(c.nurse, 'GET', '/api/home'));
    expect(staff.items.some((i: { href: string }) => i.href === '/inbasket')).toBe(true);
  });
});
