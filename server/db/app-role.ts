import type { Db, Queryable } from './client';

/**
 * Two database roles (PostgreSQL): the OWNER runs migrations and owns every table, trigger and function; the APP role the
 * server connects with gets only the rows it needs. Only a table's owner (or a superuser) can ALTER TABLE … DISABLE
 * TRIGGER, so the app role cannot switch off the append-only triggers of audit_event and audit_chain; it is also never
 * granted UPDATE, DELETE or TRUNCATE on them, nor any write on schema_migration.
 *
 * DATABASE_OWNER_URL (owner; used by migrations) and DATABASE_URL (app role; used by the server). With only DATABASE_URL
 * everything runs as one role, as in development and on the embedded database.
 */

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Tables the app may read and append to, but never change: history. */
const APPEND_ONLY = ['audit_event', 'audit_chain'];
/** Tables the app may only read. */
const READ_ONLY = ['schema_migration'];

export function roleFromUrl(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!user) throw new Error('DATABASE_URL must name its user (postgres://USER@host/db) when DATABASE_OWNER_URL is set.');
  return user;
}

/** The migration connection: DATABASE_OWNER_URL when set, else DATABASE_URL (one role for everything). */
export function databaseOwnerUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_OWNER_URL || env.DATABASE_URL || undefined;
}

const ident = async (q: Queryable, name: string) => (await q.query<{ i: string }>('select quote_ident($1) as i', [name]))[0].i;

/**
 * Grants the app role exactly what the server needs, run as the owner after migrations (safe to run again; it also covers
 * tables a later migration adds, and default privileges cover tables created by the owner in between).
 * With `password`, creates the role (LOGIN) when it does not exist.
 */
export async function grantAppRole(owner: Db, role: string, opts: { password?: string } = {}): Promise<{ created: boolean }> {
  if (!ROLE_NAME.test(role)) throw new Error(`Role name "${role}" must be lower-case letters, digits and _ (at most 63).`);
  const [me] = await owner.query<{ me: string; db: string }>('select current_user as me, current_database() as db');
  if (me.me === role) throw new Error(`The app role "${role}" is the owner role itself; give DATABASE_URL another user than DATABASE_OWNER_URL.`);
  let [existing] = await owner.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = $1', [role]);
  let created = false;
  if (!existing) {
    if (opts.password === undefined) throw new Error(`Database role "${role}" does not exist; create it (portico db grant-app-role --role ${role} --password ...).`);
    const [{ l }] = await owner.query<{ l: string }>('select quote_literal($1) as l', [opts.password]);
    await owner.exec(`create role ${await ident(owner, role)} login password ${l}`);
    created = true;
    [existing] = await owner.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = $1', [role]);
  }
  if (existing.rolsuper) throw new Error(`The app role "${role}" is a superuser: it could disable the audit triggers. Use an ordinary role.`);
  const r = await ident(owner, role);
  const [ownsAudit] = await owner.query<{ n: number }>(
    "select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = $1", [role]);
  if (ownsAudit.n > 0) throw new Error(`The app role "${role}" owns ${ownsAudit.n} tables; tables must belong to the owner role that runs migrations.`);
  const tables = (await owner.query<{ t: string }>("select quote_ident(tablename) as t from pg_tables where schemaname = 'public'")).map((x) => x.t);
  const quoted = async (names: string[]) => Promise.all(names.map((n) => ident(owner, n)));
  const appendOnly = new Set(await quoted(APPEND_ONLY));
  const readOnly = new Set(await quoted(READ_ONLY));
  const sql = [
    `grant connect on database ${await ident(owner, me.db)} to ${r}`,
    `grant usage on schema public to ${r}`,
    ...tables.map((t) => appendOnly.has(t) ? `revoke all on ${t} from ${r}; grant select, insert on ${t} to ${r}`
      : readOnly.has(t) ? `revoke all on ${t} from ${r}; grant select on ${t} to ${r}`
        : `grant select, insert, update, delete on ${t} to ${r}`),
    `grant usage, select on all sequences in schema public to ${r}`,
    `grant execute on all functions in schema public to ${r}`,
    // Tables and sequences a later migration creates (as the owner) are usable at once; history tables are re-restricted above on the next run.
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${r}`,
    `alter default privileges in schema public grant usage, select on sequences to ${r}`,
  ];
  await owner.exec(sql.join(';\n'));
  return { created };
}
