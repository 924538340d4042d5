import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { testDb } from '../../testing/db';
import { audit, auditRead, verifyAuditChain } from './audit';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

describe('audit chain', () => {
  it('group-commits concurrent reads: every one is written before its caller goes on, and the chain holds', async () => {
    const before = (await db.query<{ n: number }>('select count(*)::int as n from audit_event'))[0].n;
    await Promise.all(Array.from({ length: 60 }, (_, i) => auditRead(db, { action: 'read', resourceType: 'Observation', resourceId: `r${i}` })));
    const rows = await db.query<{ resource_id: string }>("select resource_id from audit_event where resource_id like 'r%' order by id");
    expect(rows.map((r) => r.resource_id)).toEqual(Array.from({ length: 60 }, (_, i) => `r${i}`));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: before + 60 });
    // then the chain goes on after a batch
    await db.tx((q) => audit(q, { action: 'create', resourceType: 'Thing' }));
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('verifies an intact chain, including json detail in any key order', async () => {
    for (let i = 0; i < 5; i++)
      await db.tx((q) => audit(q, { action: 'read', resourceType: 'Observation', resourceId: String(i), detail: { z: i, a: [1, { y: 2, b: 3 }] } }));
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(true);
    expect(r.count).toBeGreaterThanOrEqual(5);
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
    expect(r).toMatchObject({ ok: false, brokenAt: Number(third.id), count: 2 });
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
