import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres, type Db } from './client';
import { grantAppRole, roleFromUrl } from './app-role';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every migrations/*.sql not yet recorded, in file-name order, each in its own transaction. Safe to run twice. */
export async function migrate(db: Db): Promise<string[]> {
  // Checked first so that an app role without CREATE (see app-role.ts) can still run an up-to-date migrate.
  const [known] = await db.query<{ t: string | null }>("select to_regclass('schema_migration')::text as t");
  if (!known.t) await db.exec(`create table if not exists schema_migration (
    name text primary key, applied_at timestamptz not null default now())`);
  const done = new Set((await db.query<{ name: string }>('select name from schema_migration')).map((r) => r.name));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    // One simple-protocol message = one implicit transaction on both PGlite and PostgreSQL: all or nothing.
    try {
      await db.exec(`${sql}\n;insert into schema_migration(name) values ('${file.replace(/'/g, "''")}');`);
    } catch (err) {
      if ((err as { code?: string }).code === '42501') {
        throw new Error(`Migration ${file} needs the database owner role (${(err as Error).message}): set DATABASE_OWNER_URL to the owner's connection.`);
      }
      throw err;
    }
    applied.push(file);
  }
  return applied;
}

/**
 * Migrations as the owner role: with DATABASE_OWNER_URL (and a different DATABASE_URL) they run on the owner's connection,
 * then the app role of DATABASE_URL is granted what the server needs (app-role.ts). Otherwise on `db` itself.
 */
export async function migrateAsOwner(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const ownerUrl = env.DATABASE_OWNER_URL;
  if (!ownerUrl || !env.DATABASE_URL || ownerUrl === env.DATABASE_URL) return migrate(db);
  const owner = await openPostgres(ownerUrl, 2);
  try {
    const applied = await migrate(owner);
    await grantAppRole(owner, roleFromUrl(env.DATABASE_URL));
    return applied;
  } finally {
    await owner.close();
  }
}
