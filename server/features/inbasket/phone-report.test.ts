// Issue 14: the response-time report counts logged phone calls on their own, so they do not pull the median to zero.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../../testing/app';
import { startMessagingTest, type MessagingWorld } from '../messaging/test-world';

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
const key = () => randomUUID();

beforeAll(async () => {
  ({ t, w, c, call } = await startMessagingTest());
});
afterAll(() => t.close());

type Pool = { pool: string; volume: number; answered: number; medianHoursToFirstReply: number | null; phoneEncounters: number };

describe('response-time report: phone encounters', () => {
  it('requires authentication, and patients cannot see it', async () => {
    expect((await call(undefined, 'GET', '/api/inbasket/report')).statusCode).toBe(401);
    expect((await call(c.alice, 'GET', '/api/inbasket/report')).statusCode).toBe(403);
  });

  it('counts logged calls separately and leaves them out of the time to first reply', async () => {
    // Two patient messages answered after 2 h and 4 h: median 3 h.
    for (const hours of [2, 4]) {
      const id = json(await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'Q', body: 'A question', idempotencyKey: key() })).thread.id;
      await t.db.query(`update msg_thread set created_at = now() - interval '${hours} hours' where id = $1`, [id]);
      expect((await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Answer', idempotencyKey: key() })).statusCode).toBe(201);
    }
    // Three phone calls logged (each answered "at once"); one even carries a reply target, as an import might set.
    const calls: string[] = [];
    for (const who of [w.a.patientId, w.b.patientId, w.a.patientId]) {
      const r = await call(c.nurse, 'POST', `/api/patients/${who}/phone-encounters`,
        { category: 'medical_question', subject: 'Phone call', body: 'Patient called.', idempotencyKey: key() });
      expect(r.statusCode).toBe(201);
      calls.push(json(r).thread.id);
    }
    await t.db.query("update msg_thread set first_due_at = now() + interval '9 hours' where id = $1", [calls[0]]);

    const r = json(await call(c.nurse, 'GET', `/api/inbasket/report?clinicId=${w.clinicId}`));
    const nurses = r.pools.find((p: Pool) => p.pool === 'Nurses') as Pool;
    expect(nurses).toMatchObject({ volume: 2, answered: 2, medianHoursToFirstReply: 3, phoneEncounters: 3 });
    expect(r.pools.find((p: Pool) => p.pool === 'Scheduling').phoneEncounters).toBe(0);
    expect(r.phoneEncounters).toBe(3);
    const today = new Date().toISOString().slice(0, 10);
    type Day = { day: string; volume: number; answered_within_target: number; phoneEncounters: number };
    const sum = (k: 'volume' | 'answered_within_target' | 'phoneEncounters') => r.byDay.reduce((s: number, d: Day) => s + d[k], 0);
    expect([sum('volume'), sum('answered_within_target'), sum('phoneEncounters')]).toEqual([2, 2, 3]);
    expect(r.byDay.find((d: Day) => d.day === today).phoneEncounters).toBe(3);

    const csv = (await call(c.nurse, 'GET', '/api/inbasket/report.csv')).body.split('\r\n');
    expect(csv[0].split(',').at(-1)).toBe('phone_encounters');
    expect(csv.find((l: string) => l.includes(',Nurses,'))).toMatch(/,2,2,3,[^,]*,100,0,3$/);
    const days = (await call(c.nurse, 'GET', '/api/inbasket/report.csv?section=days')).body.split('\r\n');
    expect(days.find((l: string) => l.startsWith(today))).toMatch(/,3$/);

    // Another organization sees none of it.
    expect(json(await call(c.otherNurse, 'GET', '/api/inbasket/report')).phoneEncounters).toBe(0);
  });
});
