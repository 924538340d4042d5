import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, login, testApp, type TestApp } from '../../testing/app';
import { escalateCommand, outboxCommand } from './cli';
import { escalateOverdue, remindFollowUps, sendOutbox } from './jobs';
import { concerns, publishChange, subscribe } from './live';
import { buildMessagingWorld } from './test-world';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildMessagingWorld>>;
const c: Record<string, string> = {};
const call = (cookie: string, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie } });
const cfg = { publicUrl: 'https://portal.example' };

beforeAll(async () => {
  t = await testApp();
  w = await buildMessagingWorld(t.db);
  c.alice = await login(t.app, w.alice.email);
  c.nurse = await login(t.app, w.nurse.email);
});
afterAll(() => t.close());

describe('escalation job', () => {
  it('escalates a past-due conversation once: events, priority, one email to the lead; the patient sees it', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'Late', body: 'Hello?', idempotencyKey: randomUUID() })).thread.id;
    await t.db.query("update msg_thread set due_at = now() - interval '1 hour' where id = $1", [id]);
    const leadMails = async () => (await t.db.query<{ n: number }>("select count(*)::int as n from outbox_email where to_address = $1 and dedupe_key like 'escalation:%'",
      [w.physician.email]))[0].n;
    const before = await leadMails();
    expect(await escalateOverdue(t.db, cfg)).toBeGreaterThanOrEqual(1);
    expect(await escalateOverdue(t.db, cfg)).toBe(0);
    expect(await leadMails()).toBe(before + 1);
    const [row] = await t.db.query<{ priority: number; escalated_at: Date | null }>('select priority, escalated_at from msg_thread where id = $1', [id]);
    expect(row.priority).toBe(1);
    expect(row.escalated_at).not.toBeNull();
    const d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.thread).toMatchObject({ overdue: true, escalated: true });
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['overdue', 'escalated']));
    expect(d.statusText).toMatch(/late/);
    const inb = json(await call(c.nurse, 'GET', '/api/inbasket'));
    expect(inb.items.find((i: { id: string }) => i.id === id)).toMatchObject({ overdue: true, escalated: true });
    expect(inb.counts.overdue).toBeGreaterThanOrEqual(1);
  });

  it('a new question after an answer starts a new clock and may escalate again', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'Again', body: 'Hi', idempotencyKey: randomUUID() })).thread.id;
    await t.db.query("update msg_thread set due_at = now() - interval '1 hour' where id = $1", [id]);
    await escalateOverdue(t.db, cfg);
    await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Answer', idempotencyKey: randomUUID() });
    await call(c.alice, 'POST', `/api/threads/${id}/messages`, { body: 'Follow-up question', idempotencyKey: randomUUID() });
    const [row] = await t.db.query<{ escalated_at: Date | null; due_at: Date }>('select escalated_at, due_at from msg_thread where id = $1', [id]);
    expect(row.escalated_at).toBeNull();
    expect(new Date(row.due_at).getTime()).toBeGreaterThan(Date.now());
  });

  it('portico escalate runs the job on demand', async () => {
    const out: string[] = [];
    expect(await escalateCommand.run(t.db, [], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) })).toBe(0);
    expect(out.join('\n')).toMatch(/Escalated \d+ overdue/);
  });

  it('follow-up reminders are queued once', async () => {
    await t.db.query(`insert into msg_followup (org_id, patient_id, clinic_id, requested_by, category_code, instructions, due_date)
      values ($1,$2,$3,$4,'home_readings','Send readings', current_date - 1)`, [w.orgId, w.a.patientId, w.clinicId, w.physician.userId]);
    expect(await remindFollowUps(t.db, cfg)).toBe(1);
    expect(await remindFollowUps(t.db, cfg)).toBe(0);
  });
});

describe('outbox sender', () => {
  it('sends each unsent row once, and retries a failure later', async () => {
    const sent: string[] = [];
    let fail = true;
    const flaky = { sendMail: async (m: { to: string }) => { if (fail) throw new Error('smtp down'); sent.push(m.to); } };
    const pending = (await t.db.query<{ n: number }>('select count(*)::int as n from outbox_email where sent_at is null'))[0].n;
    expect(pending).toBeGreaterThan(0);
    expect(await sendOutbox(t.db, flaky, undefined, 500)).toBe(0);
    const [e] = await t.db.query<{ last_error: string }>('select last_error from outbox_email where sent_at is null limit 1');
    expect(e.last_error).toBe('smtp down');
    fail = false;
    expect(await sendOutbox(t.db, flaky, undefined, 500)).toBe(0); // backing off: not yet due
    await t.db.query('update outbox_email set next_attempt_at = null where sent_at is null');
    expect(await sendOutbox(t.db, flaky, undefined, 500)).toBe(pending);
    expect(await sendOutbox(t.db, flaky, undefined, 500)).toBe(0);
    expect(sent).toHaveLength(pending);
  });

  it('portico outbox prints the emails without any message content', async () => {
    const out: string[] = [];
    expect(await outboxCommand.run(t.db, ['--all', '--limit', '5'], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) })).toBe(0);
    expect(out.join('\n')).toContain('You have a new message in Portico');
  });
});

describe('live updates', () => {
  it('patients hear only about their own threads; staff about their organization', () => {
    const change = { orgId: 'org1', patientId: 'p1', threadId: 't1', poolId: null, kind: 'message' };
    expect(concerns({ role: 'patient', orgId: 'org1', patientId: 'p1' }, change)).toBe(true);
    expect(concerns({ role: 'patient', orgId: 'org1', patientId: 'p2' }, change)).toBe(false);
    expect(concerns({ role: 'nurse', orgId: 'org1', patientId: null }, change)).toBe(true);
    expect(concerns({ role: 'nurse', orgId: 'org2', patientId: null }, change)).toBe(false);
    const got: string[] = [];
    const off = subscribe({ role: 'patient', orgId: 'org1', patientId: 'p1' } as never, (x) => got.push(x.threadId));
    publishChange(change);
    publishChange({ ...change, patientId: 'p2', threadId: 't2' });
    off();
    publishChange(change);
    expect(got).toEqual(['t1']);
  });
});
