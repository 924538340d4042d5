import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { testDb } from '../../testing/db';
import pg from 'pg';
import { audit, auditRead, sealAudit, verifyAuditChain } from './audit';

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
    const [third] = await db.query<{ id: number; resource_id: string | null }>('select id, resource_id from audit_event order by id offset 2 limit 1');
    // A database superuser can bypass the trigger; the chain still tells.
    await db.query('alter table audit_event disable trigger audit_event_no_update');
    await db.query("update audit_event set resource_id = 'tampered' where id = $1", [third.id]);
    await db.query('alter table audit_event enable trigger audit_event_no_update');
    const r = await verifyAuditChain(db);
    expect(r).toMatchObject({ ok: false, brokenAt: Number(third.id), count: 2 });
    // Put it back (as a superuser could): the chain holds again, so the tests below start from an intact trail.
    await db.query('alter table audit_event disable trigger audit_event_no_update');
    await db.query('update audit_event set resource_id = $1 where id = $2', [third.resource_id, third.id]);
    await db.query('alter table audit_event enable trigger audit_event_no_update');
    expect((await verifyAuditChain(db)).ok).toBe(true);
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

  it('events are written at once and linked into the chain by the sealer, in batches, in order', async () => {
    const pending = async () => (await db.query<{ n: number }>('select count(*)::int as n from audit_pending'))[0].n;
    await sealAudit(db);
    await Promise.all(Array.from({ length: 30 }, (_, i) => db.tx((q) => audit(q, { action: 'update', resourceType: 'Seal', resourceId: `s${i}` }))));
    expect(await pending()).toBe(30);
    expect(await sealAudit(db, 7)).toBe(30); // five batches: 7+7+7+7+2
    expect(await pending()).toBe(0);
    const chain = await db.query<{ seq: number; event_id: number }>(
      "select c.seq, c.event_id from audit_chain c join audit_event e on e.id = c.event_id where e.resource_type = 'Seal' order by c.seq");
    expect(chain.map((c) => Number(c.event_id))).toEqual([...chain.map((c) => Number(c.event_id))].sort((a, b) => a - b));
    expect(Number(chain[29].seq) - Number(chain[0].seq)).toBe(29);
    expect((await verifyAuditChain(db)).ok).toBe(true);
    expect(await sealAudit(db)).toBe(0);
  });
});

describe.runIf(process.env.PORTICO_TEST_DB === 'postgres')('writers and the chain lock (PostgreSQL)', () => {
  it('audited changes commit while the chain lock is held elsewhere (writers never queue on it); sealing waits for it', async () => {
    const [{ name }] = await db.query<{ name: string }>('select current_database() as name');
    const url = new URL(process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.pathname = `/${name}`;
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock(4227001)');
      const writes = Promise.all(Array.from({ length: 20 }, (_, i) => db.tx((q) => audit(q, { action: 'update', resourceType: 'Locked', resourceId: `l${i}` }))));
      const outcome = await Promise.race([writes.then(() => 'written'), new Promise((r) => setTimeout(() => r('blocked'), 5000))]);
      expect(outcome).toBe('written');
      let sealed = false;
      const sealing = sealAudit(db).then((n) => { sealed = true; return n; });
      await new Promise((r) => setTimeout(r, 300));
      expect(sealed).toBe(false); // the sealer is the only one that waits
      await holder.query('select pg_advisory_unlock(4227001)');
      expect(await sealing).toBe(20);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await holder.end();
    }
  });
});

