import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../db/client';
import { migrate } from '../db/migrate';

/**
 * A fresh, migrated database for one test file. PGlite in memory by default; with PORTICO_TEST_DB=postgres a new
 * database on the real server (PORTICO_TEST_PG_URL, default 127.0.0.1:5432), dropped again by close().
 */
export async function testDb(): Promise<Db> {
  if (process.env.PORTICO_TEST_DB !== 'postgres') {
    const db = await openPglite();
    await migrate(db);
    return db;
  }
  const adminUrl = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await migrate(db);
  const close = db.close;
  return {
    ...db,
    close: async () => {
      await close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
