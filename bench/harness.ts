import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDb, type Db } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { seedDemo } from '../server/demo/seed';

/** Starts the real app on a fresh database (DATABASE_URL if set, else a temporary PGlite dir) with the demo clinic. */
export async function startBenchServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-'));
  const config = loadConfig({ ...process.env, PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const db: Db = await openDb(config);
  await migrate(db);
  await seedDemo(db, { env: 'test', password: config.demoPassword });
  const app = await buildApp(db, config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return {
    url, db, app,
    async login(email: string) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: config.demoPassword }) });
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (!res.ok || !cookie) throw new Error(`login failed: ${res.status}`);
      return cookie;
    },
    async stop() {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type BenchResult = { name: string; connections: number; seconds: number; rps: number; p50: number; p99: number; errors: number; non2xx: number };

export async function load(name: string, opts: autocannon.Options): Promise<BenchResult> {
  const r = await autocannon({ connections: 100, duration: 10, ...opts });
  const result = {
    name, connections: opts.connections ?? 100, seconds: opts.duration as number ?? 10, rps: Math.round(r.requests.average),
    p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx,
  };
  console.log(`${name.padEnd(40)} ${String(result.rps).padStart(7)} req/s   p50 ${result.p50} ms   p99 ${result.p99} ms   errors ${result.errors}   non-2xx ${result.non2xx}`);
  return result;
}

/** For --pg runs: creates a throw-away database on PORTICO_TEST_PG_URL, points DATABASE_URL at it, and returns its drop function. */
export async function throwawayPostgres(): Promise<() => Promise<void>> {
  const admin = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `portico_bench_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`create database ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  return () => run(`drop database if exists ${name} with (force)`);
}
