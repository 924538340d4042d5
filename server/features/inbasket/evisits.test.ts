// Issue 14: e-visit (99421–99423) time over rolling 7 days, and the billing report of qualifying e-visits.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, login, type TestApp } from '../../testing/app';
import { buildUser } from '../../testing/factories';
import { startMessagingTest, type MessagingWorld } from '../messaging/test-world';
import { evisitCode } from './evisits';

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
let billing: string;
let otherBilling: string;
const key = () => randomUUID();
const thread = async (cookie: string, category = 'medical_question') =>
  json(await call(cookie, 'POST', '/api/threads', { category, subject: 'Q', body: 'A question', idempotencyKey: key() })).thread.id as string;
const time = async (cookie: string, id: string, minutes: number, daysAgo = 0) => {
  expect((await call(cookie, 'POST', `/api/threads/${id}/time`, { minutes, activity: 'review' })).statusCode).toBe(204);
  if (daysAgo) await t.db.query(`update msg_time_entry set at = now() - interval '${daysAgo} days' where id = (select id from msg_time_entry where thread_id = $1 order by at desc limit 1)`, [id]);
};

beforeAll(async () => {
  ({ t, w, c, call } = await startMessagingTest());
  billing = await login(t.app, (await buildUser(t.db, { orgId: w.orgId, role: 'billing', name: 'Bill Billing' })).email);
  otherBilling = await login(t.app, (await buildUser(t.db, { orgId: w.other.orgId, role: 'billing' })).email);
});
afterAll(() => t.close());

describe('e-visit codes', () => {
  it('5–10 minutes → 99421, 11–20 → 99422, 21 or more → 99423, under 5 → none', () => {
    expect([0, 4, 5, 10, 11, 20, 21, 90].map(evisitCode)).toEqual([null, null, '99421', '99421', '99422', '99422', '99423', '99423']);
  });
});

describe('GET /api/inbasket/evisits', () => {
  it('requires authentication; patients and clinicians are refused', async () => {
    expect((await call(undefined, 'GET', '/api/inbasket/evisits')).statusCode).toBe(401);
    expect((await call(undefined, 'GET', '/api/inbasket/evisits.csv')).statusCode).toBe(401);
    expect((await call(c.alice, 'GET', '/api/inbasket/evisits')).statusCode).toBe(403);
    expect((await call(c.sched, 'GET', '/api/inbasket/evisits')).statusCode).toBe(403);
  });

  it('lists qualifying windows per patient: clinicians on billable conversations only, 7 days from the first minute', async () => {
    const a = await thread(c.alice);
    const refill = await thread(c.alice, 'refill');
    await time(c.doc, a, 8);
    await time(c.nurse, a, 3);
    await time(c.doc, refill, 30); // refills never count
    const b = await thread(c.bob);
    await time(c.doc, b, 12, 20);
    await time(c.nurse, b, 10, 15); // same window (opened 20 days ago)
    await time(c.doc, b, 4, 3); // a new window with 4 minutes: not billable

    const r = json(await call(billing, 'GET', '/api/inbasket/evisits?days=30'));
    expect(r.totals).toEqual({ '99421': 0, '99422': 1, '99423': 1 });
    expect(r.episodes.map((e: { patientId: string; minutes: number; code: string; open: boolean; conversations: number }) =>
      [e.patientId, e.minutes, e.code, e.open, e.conversations])).toEqual([
      [w.a.patientId, 11, '99422', true, 1],
      [w.b.patientId, 22, '99423', false, 1],
    ]);
    expect(r.episodes[0].clinicians).toEqual(['Nora Nurse, RN', 'Phil Doc, MD']);
    const bob = r.episodes[1];
    expect(new Date(bob.windowEnd).getTime() - new Date(bob.windowStart).getTime()).toBe(7 * 86_400_000);

    expect(json(await call(billing, 'GET', '/api/inbasket/evisits?days=10')).episodes.map((e: { patientId: string }) => e.patientId)).toEqual([w.a.patientId]);
    expect(json(await call(otherBilling, 'GET', '/api/inbasket/evisits')).episodes).toEqual([]);
    expect((await call(billing, 'GET', '/api/inbasket/evisits?days=0')).statusCode).toBe(400);

    const csv = await call(billing, 'GET', '/api/inbasket/evisits.csv?days=30');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('patient,mrn,window_start,window_end,window_open,minutes,code,clinicians,conversations');
    expect(lines[1]).toMatch(/,yes,11,99422,"?Nora Nurse, RN; Phil Doc, MD"?,1$/);
    expect(lines).toHaveLength(4); // header, two rows, trailing empty

    // The chart/conversation summary: rolling 7 days for this patient.
    const s = json(await call(c.doc, 'GET', `/api/patients/${w.b.patientId}/messaging-time`));
    expect(s.digitalVisit).toMatchObject({ qualifyingMinutes7Days: 4, code: null });
    expect(json(await call(c.doc, 'GET', `/api/patients/${w.a.patientId}/messaging-time`)).digitalVisit).toMatchObject({ qualifyingMinutes7Days: 11, code: '99422' });
  });
});
