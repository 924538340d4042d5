import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { testDb } from '../../testing/db';
import { audit, verifyAuditChain } from './audit';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

describe('audit chain', () => {
  it('verifies an intact chain, including json detail in any key order', async () => {
    for (let i = 0; i < 5; i++)
      await db.tx((q) => audit(q, { action: 'read', resourceType: 'Observation', resourceId: String(i), detail: { z: i, a: [1, { y: 2, b: 3 }] } }));
    const r = await verifyAuditChain(db);
    expect(r).toEqual({ ok: true, count: 5 });
  });

  it('refuses updates and deletes from the application', async () => {
    await expect(db.query("update audit_event set action = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query('delete from audit_event')).rejects.toThrow(/append-only/);
  });

  it('detects an edited row and names it', async () => {
    const [third] = await db.query<{ id: number }>('select id from audit_event order by id offset 2 limit 1');
    // A database superuser can bypass the trigger; the chain still tells.
    await db.query('alter table audit_event disable trigger audit_event_no_update');
    await db.query("update audit_event set resource_id = 'tampered' where id = $1", [third.id]);
    await db.query('alter table audit_event enable trigger audit_event_no_update');
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.brokenAt).toBe(Number(third.id));
      expect(r.count).toBe(2);
    }
  });

  it('a change rolled back leaves no audit event behind', async () => {
    const before = await db.query<{ n: number }>('select count(*)::int as n from audit_event');
    await expect(db.tx(async (q) => {
      await audit(q, { action: 'create', resourceType: 'Thing' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const after = await db.query<{ n: number }>('select count(*)::int as n from audit_event');
    expect(after[0].n).toBe(before[0].n);
  });
});
