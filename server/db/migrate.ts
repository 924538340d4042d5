import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every migrations/*.sql not yet recorded, in file-name order, each in its own transaction. Safe to run twice. */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`create table if not exists schema_migration (
    name text primary key, applied_at timestamptz not null default now())`);
  const done = new Set((await db.query<{ name: string }>('select name from schema_migration')).map((r) => r.name));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    // One simple-protocol message = one implicit transaction on both PGlite and PostgreSQL: all or nothing.
    await db.exec(`${sql}\n;insert into schema_migration(name) values ('${file.replace(/'/g, "''")}');`);
    applied.push(file);
  }
  return applied;
}
