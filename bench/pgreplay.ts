// "The same SQL, run by PostgreSQL alone": one request's statements are captured from the app process (the bench-only
// PORTICO_BENCH_CAPTURE_SQL hook in server/db/client.ts) and replayed as one pgbench transaction, prepared (-M prepared:
// parameters stay parameters, each statement is parsed and planned once per connection, as the app does with named
// prepared statements).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppProcess } from './app-process';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Captured = { sql: string; params: unknown[] };

// Background work of the app (the audit sealer's poll) that can land in the capture window; never part of a request.
const BACKGROUND = [/^select 1 from audit_pending limit 1$/];

/**
 * Captures the statements one request sends: capture is switched on, the request made, and switched off as soon as the
 * response arrives. Repeated until two captures agree, so a background job that happened to run meanwhile is not counted.
 */
export async function captureRequest(app: AppProcess, request: () => Promise<unknown>): Promise<Captured[]> {
  if (!app.captureFile) throw new Error('the app was started without a capture file');
  let previous: string | undefined;
  let last: Captured[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    await sleep(300); // let the audit sealer drain what the previous request queued
    fs.writeFileSync(app.captureFile, '');
    app.toggleCapture();
    await sleep(40);
    await request();
    app.toggleCapture();
    await sleep(40);
    last = fs.readFileSync(app.captureFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Captured)
      .filter((c) => !BACKGROUND.some((re) => re.test(c.sql.trim())));
    // Work still running when the response left (a transaction begun but not committed in the window) is not replayed.
    let open = -1;
    last.forEach((c, i) => { if (/^\s*BEGIN\s*$/i.test(c.sql)) open = i; else if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(c.sql)) open = -1; });
    if (open >= 0) last = last.slice(0, open);
    const key = last.map((c) => c.sql).join('\u0000');
    if (key === previous) return last;
    previous = key;
  }
  return last;
}

/** A parameter as node-postgres sends it in text form (arrays as array literals, objects as JSON, dates as ISO). */
function textValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((x) => (x === null ? 'NULL' : `"${textValue(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Writes a pgbench script (one transaction = the request's statements) and the -D variable definitions. */
export function pgbenchScript(statements: Captured[], file: string): string[] {
  const defines: string[] = [];
  const lines = statements.map((s, i) => {
    const sql = s.sql.replace(/\$(\d+)/g, (_m, n: string) => {
      const v = s.params[Number(n) - 1];
      if (v === null || v === undefined) return 'NULL';
      defines.push(`s${i}p${n}=${textValue(v)}`);
      return `:s${i}p${n}`;
    });
    return `${sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim().replace(/;$/, '')};`;
  });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return defines;
}

export type PgbenchResult = { tps: number; latencyMs: number; statements: number; script: string };

/** Runs the captured statements through pgbench -M prepared with `clients` connections for `seconds`. */
export async function pgbench(databaseUrl: string, statements: Captured[], clients: number, seconds: number, label: string): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-pgbench-'));
  const script = path.join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.sql`);
  const defines = pgbenchScript(statements, script);
  const args = ['-n', '-M', 'prepared', '-f', script, '-c', String(clients), '-j', '2', '-T', String(seconds),
    ...defines.flatMap((d) => ['-D', d]), databaseUrl];
  // The exact call, to repeat by hand (e.g. with PGOPTIONS='-c plan_cache_mode=force_custom_plan'): node -e
  // "require('child_process').execFileSync('pgbench', require('./X.args.json'), {stdio: 'inherit'})"
  fs.writeFileSync(`${script}.args.json`, JSON.stringify(args));
  const { stdout } = await run('pgbench', args, { maxBuffer: 16 * 1024 * 1024 });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? NaN);
  return { tps: Math.round(tps), latencyMs, statements: statements.length, script };
}
