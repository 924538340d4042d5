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
  });

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

  it('audit verify passes on an intact trail and fails on an edited one', async () => {
    expect(await run('audit', 'verify')).toBe(0);
    expect(out.at(-1)).toMatch(/intact: \d+ events/);
    const db = await openPglite(dir);
    await db.query('alter table audit_event disable trigger audit_event_no_update');
    await db.query("update audit_event set action = 'edited' where id = (select min(id) from audit_event)");
    await db.close();
    expect(await run('audit', 'verify')).toBe(1);
    expect(err.at(-1)).toMatch(/BROKEN at event \d+/);
  });

  it('unknown commands fail with help', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(err.at(-1)).toMatch(/Unknown command "frobnicate"/);
  });
});
