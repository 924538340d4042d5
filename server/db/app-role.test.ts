import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, sealAudit, verifyAuditChain } from '../platform/audit/audit';
import { databaseOwnerUrl, roleFromUrl } from './app-role';
import { openPostgres, type Db } from './client';
import { migrate, migrateAsOwner } from './migrate';
import { grantAppRole } from './app-role';
import { dbCommand } from './app-role-cli';

// Roles exist only on PostgreSQL: the embedded database has one user. This file's role tests run in the PostgreSQL pass.
const postgres = process.env.PORTICO_TEST_DB === 'postgres';

describe('database URLs', () => {
  it('migrations use DATABASE_OWNER_URL, falling back to DATABASE_URL; the app role is DATABASE_URL’s user', () => {
    expect(databaseOwnerUrl({ DATABASE_OWNER_URL: 'postgres://owner@h/db', DATABASE_URL: 'postgres://app@h/db' })).toBe('postgres://owner@h/db');
    expect(databaseOwnerUrl({ DATABASE_URL: 'postgres://app@h/db' })).toBe('postgres://app@h/db');
    expect(databaseOwnerUrl({})).toBe(undefined);
    expect(roleFromUrl('postgres://portico_app:secret@db.example:5432/portico')).toBe('portico_app');
    expect(() => roleFromUrl('postgres://db.example/portico')).toThrow(/must name its user/);
  });
});

describe('portico db grant-app-role', () => {
  it('explains its usage, and that the embedded database has a single role', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (x: string) => out.push(x), stderr: (x: string) => err.push(x) };
    expect(await dbCommand.run(undefined as never, ['grant-app-role'], io)).toBe(2);
    expect(err.at(-1)).toBe('Usage: portico db grant-app-role --role NAME [--password P]');
    const saved = { owner: process.env.DATABASE_OWNER_URL, url: process.env.DATABASE_URL };
    delete process.env.DATABASE_OWNER_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await dbCommand.run(undefined as never, ['grant-app-role', '--role', 'portico_app'], io)).toBe(2);
      expect(err.at(-1)).toMatch(/^The embedded database has a single role/);
    } finally {
      if (saved.owner !== undefined) process.env.DATABASE_OWNER_URL = saved.owner;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    }
    expect(out).toEqual([]);
  });
});

describe.runIf(postgres)('the server’s database role (PostgreSQL)', () => {
  const adminUrl = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const suffix = randomBytes(5).toString('hex');
  const dbName = `portico_roles_${suffix}`;
  const role = `portico_app_${suffix}`;
  const urlFor = (user: string | null) => {
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    if (user) {
      u.username = user;
      u.password = 'app-password-1';
    }
    return u.toString();
  };
  let owner: Db;
  let app: Db;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${dbName}`);
    owner = await openPostgres(urlFor(null), 2);
    // `portico db grant-app-role --role NAME --password P` on an empty database creates the role.
    expect(await grantAppRole(owner, role, { password: 'app-password-1' })).toEqual({ created: true });
    app = await openPostgres(urlFor(role), 2);
    // The server's start-up: migrations on the owner's connection, then the app role's grants.
    const applied = await migrateAsOwner(app, { DATABASE_OWNER_URL: urlFor(null), DATABASE_URL: urlFor(role) });
    expect(applied).toContain('001_foundation.sql');
  });
  afterAll(async () => {
    await app?.close();
    await owner?.close();
    await admin(`drop database if exists ${dbName} with (force)`);
    await admin(`drop role if exists ${role}`);
  });

  it('cannot disable the audit triggers, nor delete, update or truncate audit events', async () => {
    await app.tx((q) => audit(q, { action: 'create', resourceType: 'Thing', resourceId: 'as-app-role' }));
    await expect(app.query('alter table audit_event disable trigger audit_event_no_update')).rejects.toThrow(/must be owner of table audit_event/);
    await expect(app.query('alter table audit_event disable trigger all')).rejects.toThrow(/must be owner of table audit_event/);
    await expect(app.query('delete from audit_event')).rejects.toThrow(/permission denied for table audit_event/);
    await expect(app.query("update audit_event set action = 'x'")).rejects.toThrow(/permission denied for table audit_event/);
    await expect(app.query('truncate audit_event')).rejects.toThrow(/permission denied for table audit_event/);
    await expect(app.query('drop trigger audit_event_no_update on audit_event')).rejects.toThrow(/must be owner of (table|relation) audit_event/);
    await expect(app.query('drop table audit_event')).rejects.toThrow(/must be owner of table audit_event/);
    await expect(app.query('create table sneaky (a int)')).rejects.toThrow(/permission denied for schema public/);
    await expect(app.query("insert into schema_migration (name) values ('999_fake.sql')")).rejects.toThrow(/permission denied for table schema_migration/);
    await expect(app.query('alter table audit_chain disable trigger audit_chain_no_update')).rejects.toThrow(/must be owner of table audit_chain/);
    await expect(app.query('delete from audit_chain')).rejects.toThrow(/permission denied for table audit_chain/);
    await expect(app.query('update audit_chain set hash = hash')).rejects.toThrow(/permission denied for table audit_chain/);
    expect(await sealAudit(app)).toBe(1); // the server links its events into the chain with these grants
    const rows = await app.query<{ resource_id: string }>("select resource_id from audit_event where resource_id = 'as-app-role'");
    expect(rows).toEqual([{ resource_id: 'as-app-role' }]);
    expect((await verifyAuditChain(app)).ok).toBe(true);
  });

  it('can do the application’s ordinary work, and an up-to-date migrate runs as the app role', async () => {
    const [org] = await app.query<{ id: string }>("insert into organization (name) values ('Role Test Clinic') returning id");
    await app.query("update organization set name = 'Role Test Clinic 2' where id = $1", [org.id]);
    await app.query('delete from organization where id = $1', [org.id]);
    expect(await migrate(app)).toEqual([]);
  });

  it('a table a later migration adds (as the owner) is usable by the app role at once; a superuser app role is refused', async () => {
    await owner.exec('create table later_feature (id bigserial primary key, v text)');
    await app.query("insert into later_feature (v) values ('ok')");
    expect(await app.query('select v from later_feature')).toEqual([{ v: 'ok' }]);
    await expect(grantAppRole(owner, 'postgres')).rejects.toThrow(/owner role itself|superuser/);
    await expect(grantAppRole(owner, 'no_such_role_x')).rejects.toThrow(/does not exist/);
  });
});
