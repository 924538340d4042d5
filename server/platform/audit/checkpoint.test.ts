import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/client';
import { testDb } from '../../testing/db';
import { audit, rowHash, GENESIS, type Row } from './audit';
import { anchorConfig, createCheckpointer, keyId, readCheckpoints, signCheckpoint, verifyAuditTrail } from './checkpoint';

const KEY = 'test-audit-key-0123456789-abcdefghijklmnop';
let db: Db;
let dir: string;
let file: string;
const anchor = () => ({ key: KEY, file });

beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-audit-'));
  file = path.join(dir, 'audit-checkpoints.log');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fresh trail per test: a superuser empties the tables (the application cannot). */
async function resetTrail() {
  await asSuperuser('truncate audit_event, audit_chain, audit_pending restart identity');
}
async function write(n: number, from = 0) {
  for (let i = 0; i < n; i++) await db.tx((q) => audit(q, { action: 'read', resourceType: 'Observation', resourceId: `o${from + i}` }));
}
const TRIGGERS = [['audit_event', 'audit_event_no_update'], ['audit_event', 'audit_event_no_truncate'],
  ['audit_chain', 'audit_chain_no_update'], ['audit_chain', 'audit_chain_no_truncate']];
/** Runs SQL as a database superuser would, with the append-only triggers off. */
async function asSuperuser(sql: string, params: unknown[] = []) {
  for (const [t, tr] of TRIGGERS) await db.query(`alter table ${t} disable trigger ${tr}`);
  try {
    await db.query(sql, params);
  } finally {
    for (const [t, tr] of TRIGGERS) await db.query(`alter table ${t} enable trigger ${tr}`);
  }
}
/** What an attacker with database access does after editing an event: recompute every later link so the chain holds. */
async function rechain() {
  const rows = await db.query<Row & { seq: number; id: number; at: Date }>(
    'select c.seq, e.* from audit_chain c join audit_event e on e.id = c.event_id order by c.seq');
  let prev = GENESIS;
  for (const r of rows) {
    const hash = rowHash(prev, { ...r, at: new Date(r.at).toISOString() });
    await asSuperuser('update audit_chain set prev_hash = $1, hash = $2 where seq = $3', [prev, hash, r.seq]);
    prev = hash;
  }
}

describe('audit checkpoints', () => {
  it('an untouched trail passes, and checkpoints are written only when the head moved', async () => {
    await resetTrail();
    const cp = createCheckpointer(db, anchor(), { timer: false });
    await write(3);
    expect(await cp.checkpoint()).toMatchObject({ lastId: 3, count: 3, kid: keyId(KEY) });
    expect(await cp.checkpoint()).toBe(null);
    await write(2, 3);
    expect(await cp.checkpoint()).toMatchObject({ lastId: 5, count: 5 });
    await write(1, 5);
    await cp.stop(); // the shutdown checkpoint
    expect(readCheckpoints(file, KEY).checkpoints.map((c) => [c.lastId, c.count])).toEqual([[3, 3], [5, 5], [6, 6]]);
    await write(2, 6);
    expect(await verifyAuditTrail(db, anchor())).toEqual({
      ok: true, count: 8, checkpoints: 3, anchoredThrough: 6, unanchored: 2, brokenAt: undefined, problems: [] });
  });

  it('rows deleted from the end fail verification, naming the missing events', async () => {
    await resetTrail();
    const cp = createCheckpointer(db, anchor(), { timer: false });
    await write(6);
    await cp.checkpoint();
    await asSuperuser('delete from audit_event where id > 3');
    await asSuperuser('delete from audit_chain where seq > 3');
    const r = await verifyAuditTrail(db, anchor());
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^chain entries #4–#6 are missing \(3 events\): the checkpoint of .* anchored 6 events; the chain now ends at #3\.$/);
    // Deleting only the chain's links leaves events that are in no chain entry: named too.
    await resetTrail();
    fs.rmSync(file);
    await write(4);
    await cp.checkpoint();
    await asSuperuser('delete from audit_chain where seq = 4');
    expect((await verifyAuditTrail(db, anchor())).problems).toEqual([
      expect.stringMatching(/^chain entry #4 is missing \(1 event\)/),
      'Events in no chain entry (their links were removed, or they were inserted around the chain): #4.']);
  });

  it('deleting the newest rows then writing more is caught at the checkpoint', async () => {
    await resetTrail();
    const cp = createCheckpointer(db, anchor(), { timer: false });
    await write(4);
    await cp.checkpoint();
    await asSuperuser('delete from audit_event where id = 4');
    await asSuperuser('delete from audit_chain where seq = 4');
    await write(2, 10); // new events chain onto #3: the chain itself holds
    const r = await verifyAuditTrail(db, anchor());
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toBe(undefined);
    expect(r.problems).toEqual([expect.stringMatching(/^chain entries #1–#4 \(up to event #5\): at least one event was altered, removed or inserted \(the chain no longer matches the checkpoint of .*\)\.$/)]);
  });

  it('an edited row with every later hash recomputed fails, naming the range that holds it', async () => {
    await resetTrail();
    const cp = createCheckpointer(db, anchor(), { timer: false });
    await write(3);
    await cp.checkpoint();
    await write(3, 3);
    await cp.checkpoint();
    await write(3, 6);
    await cp.checkpoint();
    await asSuperuser("update audit_event set resource_id = 'tampered' where id = 5");
    // Without re-chaining the chain itself names the row exactly.
    let r = await verifyAuditTrail(db, anchor());
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toBe(5);
    expect(r.problems).toEqual(['Event #5 (chain entry #5): event content does not match its hash.']);
    await rechain();
    r = await verifyAuditTrail(db, anchor());
    expect(r.ok).toBe(false);
    expect(r.brokenAt).toBe(undefined);
    expect(r.problems).toEqual([expect.stringMatching(/^chain entries #4–#6 \(up to event #6\): at least one event was altered, removed or inserted \(the chain no longer matches the checkpoint of .*\)\.$/)]);
  });

  it('a forged checkpoint (signed with another key) fails', async () => {
    await resetTrail();
    await write(3);
    const cp = createCheckpointer(db, anchor(), { timer: false });
    await cp.checkpoint();
    // Someone who trimmed the table writes a checkpoint that matches what is left, with a key of their own.
    await asSuperuser('delete from audit_event where id = 3');
    await asSuperuser('delete from audit_chain where seq = 3');
    const [head] = await db.query<{ hash: string }>('select hash from audit_chain where seq = 2');
    const forged = signCheckpoint('not-the-server-key-0123456789-abcdefgh', { at: new Date().toISOString(), lastId: 2, count: 2, head: head.hash });
    fs.writeFileSync(file, `${JSON.stringify(forged)}\n`);
    const r = await verifyAuditTrail(db, anchor());
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      `Checkpoint line 1 has a signature that does not match (signed with another key, ${keyId('not-the-server-key-0123456789-abcdefgh')}; this key is ${keyId(KEY)}).`,
      expect.stringMatching(/^No valid checkpoint in .*audit-checkpoints\.log: the trail's completeness cannot be proven/),
    ]);
    // The same forgery claiming the server's key id is still caught by the signature.
    fs.writeFileSync(file, `${JSON.stringify({ ...forged, kid: keyId(KEY) })}\n`);
    expect((await verifyAuditTrail(db, anchor())).problems[0]).toBe('Checkpoint line 1 has a signature that does not match (forged or altered).');
  });

  it('an empty trail with no checkpoint passes; events with no checkpoint at all do not', async () => {
    await resetTrail();
    expect((await verifyAuditTrail(db, anchor())).ok).toBe(true);
    await write(1);
    expect((await verifyAuditTrail(db, anchor())).ok).toBe(false);
  });
});

describe('audit key', () => {
  it('comes from PORTICO_AUDIT_KEY, else is generated once into the data dir (0600); the verifier never generates one', () => {
    expect(anchorConfig({ PORTICO_AUDIT_KEY: KEY }, dir)).toEqual({ key: KEY, file: path.join(dir, 'audit-checkpoints.log'), keySource: 'env' });
    expect(() => anchorConfig({ PORTICO_AUDIT_KEY: 'short' }, dir)).toThrow(/at least 32 characters/);
    expect(() => anchorConfig({}, dir, { generate: false })).toThrow(/No audit key/);
    const made = anchorConfig({ PORTICO_AUDIT_CHECKPOINT_FILE: path.join(dir, 'elsewhere.log') }, dir);
    expect(made.keySource).toBe('generated');
    expect(made.file).toBe(path.join(dir, 'elsewhere.log'));
    expect(made.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(path.join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    expect(anchorConfig({}, dir)).toMatchObject({ key: made.key, keySource: 'file' });
  });
});
