import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/actor';
import { testDb } from '../../testing/db';
import type { Db } from '../../db/client';
import { buildMessagingWorld } from '../messaging/test-world';
import { listInbasket } from './repository';

// The default in-basket page is read straight off the per-pool indexes (fast path). It must give exactly the rows and order the
// plain definition gives: open threads in my pools or assigned to me, by due time, then priority, then age.
let db: Db;
let w: Awaited<ReturnType<typeof buildMessagingWorld>>;
let actor: Actor;
beforeAll(async () => {
  db = await testDb();
  w = await buildMessagingWorld(db);
  await db.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2)', [w.frontPool, w.nurse.userId]);
  // A third pool the nurse is not in, with some threads assigned to her.
  const [other] = await db.query<{ id: string }>(
    "insert into msg_pool (org_id, clinic_id, name, target_business_hours) values ($1,$2,'Refills',9) returning id", [w.orgId, w.clinicId]);
  const pools = [w.nursesPool, w.frontPool, other.id];
  for (let i = 0; i < 90; i++) {
    const pool = pools[i % 3];
    const assignee = (pool === other.id && i % 2 === 0) || (pool === w.nursesPool && i % 4 === 0) ? w.nurse.userId : i % 7 === 0 ? w.physician.userId : null;
    // Repeated due times so ties are broken by priority and age.
    await db.query(
      `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, status, pool_id, assignee_id, priority, created_by, due_at, created_at)
       values ($1,$2,$3,'medical_question',$4,$5,$6,$7,$8,$9, now() + ($10 || ' hours')::interval, now() - ($11 || ' minutes')::interval)`,
      [w.orgId, i % 2 ? w.a.patientId : w.b.patientId, w.clinicId, `T${i}`, i % 5 === 0 ? 'answered' : 'open', pool, assignee, i % 3,
        w.alice.userId, String((i * 37) % 11 - 5), String(i)]);
  }
  actor = { userId: w.nurse.userId, role: 'nurse', orgId: w.orgId, displayName: 'Nora', credentials: 'RN', email: w.nurse.email, patientId: null, clinicIds: [w.clinicId], sessionId: 'x' };
});
afterAll(() => db.close());

describe('in-basket first page', () => {
  it('matches the plain definition, page by page', async () => {
    const expected = await db.query<{ id: string }>(
      `select t.id from msg_thread t where t.status = 'open'
          and (t.pool_id in (select pool_id from msg_pool_member where user_id = $1) or t.assignee_id = $1)
        order by t.due_at asc nulls last, t.priority desc, t.created_at`, [w.nurse.userId]);
    expect(expected.length).toBeGreaterThan(40);
    for (const [limit, offset] of [[10, 0], [10, 10], [25, 30], [200, 0]]) {
      const rows = await listInbasket(db, actor, { status: 'open', assigned: 'any', limit, offset });
      expect(rows.map((r) => r.id)).toEqual(expected.slice(offset, offset + limit).map((r) => r.id));
    }
  });
});
