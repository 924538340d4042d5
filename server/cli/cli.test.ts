import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './main';
import { openPglite } from '../db/client';

// The CLI opens its own database from PORTICO_DATA_DIR, exactly as an operator would.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-cli-'));
const out: string[] = [];
const err: string[] = [];
const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
const run = (...argv: string[]) => main(argv, io);

beforeAll(() => {
  process.env.PORTICO_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('portico CLI', () => {
  it('migrate is safe to run twice', async () => {
    expect(await run('migrate')).toBe(0);
    expect(out.at(-1)).toMatch(/Applied/);
    expect(await run('migrate')).toBe(0);
    expect(out.at(-1)).toBe('Database is up to date.');
  }, 120_000); // applies every migration to an on-disk PGlite: slow on a loaded 2-core machine

  it('create-user makes a staff account and refuses bad input with a clear message', async () => {
    const db = await openPglite(dir);
    await db.query("insert into organization (name) values ('CLI Org')");
    await db.query("insert into clinic (org_id, slug, name, specialty) select id, 'cli-clinic', 'CLI Clinic', 'Primary care' from organization");
    const [org] = await db.query<{ id: string }>('select id from organization');
    await db.query("insert into patient (org_id, mrn, given_name, family_name) values ($1, 'MRN-777', 'Carla', 'Cli')", [org.id]);
    await db.close();
    expect(await run('create-user', '--email', 'Nurse@Example.org', '--password', 'long-enough-pw', '--role', 'nurse', '--name', 'Nell Ng', '--credentials', 'RN', '--clinic', 'cli-clinic')).toBe(0);
    expect(await run('create-user', '--email', 'x@example.org', '--password', 'long-enough-pw', '--role', 'wizard')).toBe(2);
    expect(err.at(-1)).toMatch(/Unknown role "wizard"/);
    expect(await run('create-user', '--email', 'p@example.org', '--password', 'long-enough-pw', '--role', 'patient', '--patient-identifier', 'NOPE')).toBe(2);
    expect(err.at(-1)).toMatch(/No patient has identifier NOPE/);
    expect(await run('create-user', '--email', 'p@example.org', '--password', 'long-enough-pw', '--role', 'patient', '--patient-identifier', 'MRN-777')).toBe(0);
    const check = await openPglite(dir);
    const users = await check.query<{ email: string; display_name: string; patient_id: string | null }>('select email, display_name, patient_id from app_user order by email');
    await check.close();
    expect(users.map((u) => [u.email, u.display_name, u.patient_id !== null])).toEqual([
      ['nurse@example.org', 'Nell Ng, RN', false], ['p@example.org', 'Carla Cli', true]]);
  });

  let original: { action: string };
  it('audit verify passes on an intact, checkpointed trail and fails on an edited one', async () => {
    expect(await run('audit', 'verify')).toBe(1); // no key yet: the verifier never makes one up
    expect(err.at(-1)).toMatch(/No audit key/);
    expect(await run('audit', 'checkpoint')).toBe(0);
    expect(out.at(-1)).toMatch(/^Checkpoint written to .*audit-checkpoints\.log: \d+ events, head at chain entry #\d+\.$/);
    expect(await run('audit', 'verify')).toBe(0);
    expect(out.at(-1)).toMatch(/intact: \d+ events verified \(1 checkpoints; anchored through chain entry #\d+\)/);
    const db = await openPglite(dir);
    await db.query('alter table audit_event disable trigger audit_event_no_update');
    [original] = await db.query<{ action: string }>('select action from audit_event where id = 1');
    await db.query("update audit_event set action = 'edited' where id = 1");
    await db.close();
    err.length = 0;
    expect(await run('audit', 'verify')).toBe(1);
    expect(err[0]).toBe('Audit trail BROKEN at event 1.');
    expect(err[1]).toBe('  Event #1 (chain entry #1): event content does not match its hash.');
  });

  it('audit verify names events deleted from the end of the trail', async () => {
    const db = await openPglite(dir);
    await db.query('update audit_event set action = $1 where id = 1', [original.action]); // undo the edit above (trigger still off)
    const [{ n, id }] = await db.query<{ n: number; id: number }>('select seq::int as n, event_id::int as id from audit_chain order by seq desc limit 1');
    await db.query('alter table audit_chain disable trigger audit_chain_no_update');
    await db.query('delete from audit_chain where seq = $1', [n]);
    await db.query('delete from audit_event where id = $1', [id]);
    await db.query('alter table audit_chain enable trigger audit_chain_no_update');
    await db.query('alter table audit_event enable trigger audit_event_no_update');
    await db.close();
    err.length = 0;
    expect(await run('audit', 'verify')).toBe(1);
    expect(err[0]).toBe('Audit trail does NOT match its checkpoints.');
    expect(err[1]).toMatch(new RegExp(`^  chain entry #${n} is missing \\(1 event\\)`));
  });

  it('unknown commands fail with help', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(err.at(-1)).toMatch(/Unknown command "frobnicate"/);
  });
});
