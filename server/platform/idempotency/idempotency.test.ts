import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { testDb } from '../../testing/db';
import { HttpError } from '../errors';
import { requestHash, runIdempotent } from './idempotency';
import type { Actor } from '../access/actor';
import { buildOrg, buildPatient, buildUser } from '../../testing/factories';

let db: Db;
beforeAll(async () => {
  db = await testDb();
  await db.exec('create table idem_probe (id serial primary key, note text)');
});
afterAll(() => db.close());

const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from idem_probe'))[0].n;
const write = (note: string) => async (q: { query: Db['query'] }) => {
  const [r] = await q.query<{ id: number }>('insert into idem_probe (note) values ($1) returning id', [note]);
  return { status: 201, body: { id: r.id, note } };
};

describe('runIdempotent', () => {
  it('runs the handler once and replays the stored response for the same key and request', async () => {
    const user = randomUUID();
    const before = await count();
    const a = await runIdempotent(db, { userId: user, key: 'k1', route: 'POST /x', request: { note: 'hi' } }, write('hi'));
    const b = await runIdempotent(db, { userId: user, key: 'k1', route: 'POST /x', request: { note: 'hi' } }, write('hi'));
    expect(a.replayed).toBe(false);
    expect(b.replayed).toBe(true);
    expect(b.body).toEqual(a.body);
    expect(b.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('refuses the same key with a different request (409) and writes nothing', async () => {
    const user = randomUUID();
    await runIdempotent(db, { userId: user, key: 'k2', route: 'POST /x', request: { note: 'one' } }, write('one'));
    const before = await count();
    const err = await runIdempotent(db, { userId: user, key: 'k2', route: 'POST /x', request: { note: 'two' } }, write('two')).catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(409);
    const other = await runIdempotent(db, { userId: user, key: 'k2', route: 'POST /y', request: { note: 'one' } }, write('one')).catch((e) => e);
    expect((other as HttpError).status).toBe(409);
    expect(await count()).toBe(before);
  });

  it('keys belong to one user: another user with the same key runs on its own', async () => {
    const before = await count();
    await runIdempotent(db, { userId: randomUUID(), key: 'shared', route: 'POST /x', request: {} }, write('u1'));
    await runIdempotent(db, { userId: randomUUID(), key: 'shared', route: 'POST /x', request: {} }, write('u2'));
    expect(await count()).toBe(before + 2);
  });

  it('a failing handler leaves no key behind, so a retry with the same key works', async () => {
    const user = randomUUID();
    const failing = runIdempotent(db, { userId: user, key: 'k3', route: 'POST /x', request: {} }, async (q) => {
      await q.query("insert into idem_probe (note) values ('half')");
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await db.query("select 1 from idem_probe where note = 'half'")).toHaveLength(0);
    const ok = await runIdempotent(db, { userId: user, key: 'k3', route: 'POST /x', request: {} }, write('retry'));
    expect(ok.replayed).toBe(false);
  });

  it('concurrent duplicates run the handler exactly once', async () => {
    const user = randomUUID();
    const before = await count();
    let calls = 0;
    const slow = async (q: { query: Db['query'] }) => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return write('race')(q);
    };
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      runIdempotent(db, { userId: user, key: 'k4', route: 'POST /x', request: { n: 1 } }, slow)));
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count()).toBe(before + 1);
  });

  it('re-checks access on every replay: a proxy whose grant ended gets 404, not the stored answer', async () => {
    const org = await buildOrg(db);
    const owner = await buildPatient(db, org.orgId);
    const proxySelf = await buildPatient(db, org.orgId);
    const proxy = await buildUser(db, { orgId: org.orgId, role: 'patient', patientId: proxySelf.patientId });
    const actingAs: Actor = { userId: proxy.userId, role: 'patient', orgId: org.orgId, displayName: 'P', credentials: null, email: proxy.email,
      patientId: owner.patientId, ownPatientId: proxySelf.patientId, clinicIds: [], sessionId: 's' };
    const input = { userId: proxy.userId, actor: actingAs, key: 'k5', route: 'POST /x', request: { note: 'for owner' } };
    const first = await runIdempotent(db, input, write('for owner'));
    expect((await runIdempotent(db, input, write('for owner'))).body).toEqual(first.body);
    // The grant is revoked: the session now acts on the proxy's own record.
    const revoked = await runIdempotent(db, { ...input, actor: { ...actingAs, patientId: proxySelf.patientId } }, write('for owner')).catch((e) => e);
    expect(revoked).toBeInstanceOf(HttpError);
    expect((revoked as HttpError).status).toBe(404);
  });

  it('runs a given re-check on replay', async () => {
    const user = randomUUID();
    let allowed = true;
    const recheck = async () => { if (!allowed) throw new HttpError(404, 'not_found', 'gone'); };
    await runIdempotent(db, { userId: user, key: 'k6', route: 'POST /x', request: {}, recheck }, write('x'));
    allowed = false;
    const err = await runIdempotent(db, { userId: user, key: 'k6', route: 'POST /x', request: {}, recheck }, write('x')).catch((e) => e);
    expect((err as HttpError).status).toBe(404);
  });

  it('the fingerprint ignores key order but not values', () => {
    expect(requestHash('r', { a: 1, b: 2 })).toBe(requestHash('r', { b: 2, a: 1 }));
    expect(requestHash('r', { a: 1 })).not.toBe(requestHash('r', { a: 2 }));
  });
});
