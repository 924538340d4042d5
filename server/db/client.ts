import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Anything that can run one parameterised statement: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Set inside a transaction: work to do just before COMMIT (the audit trail appends its events here, so its lock is short). */
  beforeCommit?: (() => Promise<void>)[];
}

async function runBeforeCommit(q: Queryable) {
  for (const hook of q.beforeCommit ?? []) await hook();
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: everything it writes commits together or not at all. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

// pg returns int8/numeric as strings; we only use int8 for counters and ids we cast, so parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // Dates stay 'YYYY-MM-DD' strings: a birth date has no time zone to shift it by a day.
  const opts = { parsers: { 1082: (v: string) => v } };
  const lite = dataDir ? await PGlite.create(dataDir, opts) : await PGlite.create(opts);
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await q.query<T>(sql, params as unknown[]);
      return r.rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(lite),
    tx: (fn) => lite.transaction(async (t) => {
      const q = { ...wrap(t), beforeCommit: [] };
      const result = await fn(q);
      await runBeforeCommit(q);
      return result;
    }),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    close: () => lite.close(),
  };
}

/**
 * A statement with parameters is sent as a named prepared statement (node-postgres prepares it once per connection and
 * reuses its plan), so a many-table query is not re-planned on every call. Set PORTICO_DB_PREPARE=false behind a pooler
 * in transaction mode that cannot keep prepared statements (pgbouncer before 1.21).
 */
const prepareStatements = process.env.PORTICO_DB_PREPARE !== 'false';
const statementNames = new Map<string, string>();
function statement(sql: string, params?: unknown[]): pg.QueryConfig {
  if (!prepareStatements || !params?.length) return { text: sql, values: params };
  let name = statementNames.get(sql);
  if (!name) {
    name = `p${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values: params };
}

/**
 * Bench only (off unless set): PORTICO_BENCH_CAPTURE_SQL=file makes the process append each PostgreSQL statement it sends
 * (one JSON line: sql, params) to that file while capture is switched on by SIGUSR2 (sent again: off), so bench/ can replay
 * one request's SQL through pgbench. Never set it in production: parameters hold health data.
 */
const captureFile = process.env.PORTICO_BENCH_CAPTURE_SQL;
let capturing = false;
if (captureFile) process.on('SIGUSR2', () => { capturing = !capturing; });
function capture(sql: string, params?: unknown[]) {
  if (capturing && captureFile) fs.appendFileSync(captureFile, `${JSON.stringify({ sql, params: params ?? [] })}\n`);
}

export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection dropped by the server (restart, admin terminate) must not crash the process; the pool replaces it.
  pool.on('error', (err) => {
    if ((err as { code?: string }).code !== '57P01') console.error(`PostgreSQL idle connection error: ${err.message}`);
  });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      if (captureFile) capture(sql, params);
      const r = await pool.query(statement(sql, params));
      return r.rows as T[];
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        if (captureFile) capture('BEGIN');
        await client.query('BEGIN');
        const q: Queryable = {
          async query<T>(sql: string, params?: unknown[]) {
            if (captureFile) capture(sql, params);
            const r = await client.query(statement(sql, params));
            return r.rows as T[];
          },
          beforeCommit: [],
        };
        const result = await fn(q);
        await runBeforeCommit(q);
        if (captureFile) capture('COMMIT');
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in dataDir. */
export function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
