// npm run bench [-- <suite> [options]] — load scenarios against the real app; figures go in docs/benchmarks.md.
//   (no suite)  foundation: GET /api/me with a valid session, GET /api/health  [--seconds 10 --connections 100 --pg --processes N]
//               (the app runs in its own process, server/main.ts; the load comes from this one)
//   messaging   100k patients / 1M messages on PostgreSQL, app in its own process, each read beside pgbench running the same
//               SQL prepared, and the ratio (see bench/messaging.ts for --scale 1m, --prepare on,off, --profile, --keep)
//   record      FHIR import throughput and results latency      scheduling   slot search and booking
//   directory   clinician search and payments                   analysis     100k participants × 10 features
// --pg (or DATABASE_URL set) measures the foundation suite on a throw-away PostgreSQL database (PORTICO_TEST_PG_URL's server).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startAppProcess } from './app-process';
import { load, throwawayPostgres } from './harness';

const SUITES = ['messaging', 'record', 'scheduling', 'directory', 'analysis', 'fhir'];
const suite = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : null;

if (suite) {
  if (!SUITES.includes(suite)) {
    console.error(`Unknown suite "${suite}". Choose one of: ${SUITES.join(', ')}.`);
    process.exit(2);
  }
  process.argv.splice(2, 1);
  await import(`./${suite}.ts`);
} else {
  // Foundation: the app in its own process (server/main.ts with the demo clinic), load from this process.
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' },
    pg: { type: 'boolean', default: false }, processes: { type: 'string', default: '1' } } });
  const duration = Number(values.seconds);
  const connections = Number(values.connections);
  if (Number(values.processes) > 1 && !values.pg && !process.env.DATABASE_URL) {
    console.error('--processes above 1 needs PostgreSQL (--pg): the embedded database belongs to one process.');
    process.exit(2);
  }
  const dropDb = values.pg || process.env.DATABASE_URL ? await throwawayPostgres() : undefined;
  let app: Awaited<ReturnType<typeof startAppProcess>> | undefined;
  try {
    app = await startAppProcess({ databaseUrl: process.env.DATABASE_URL, seedDemo: true, processes: Number(values.processes) });
    console.log(`Portico benchmark on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${values.processes} app process(es), ${connections} connections, `
      + `${duration} s per scenario; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ava.patient@demo.portico.test', password: process.env.PORTICO_DEMO_PASSWORD ?? 'portico-demo' }) });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!res.ok || !cookie) throw new Error(`login failed: ${res.status}`);
    await load('GET /api/me (signed in)', { url: `${app.url}/api/me`, headers: { cookie }, connections, duration });
    await load('GET /api/health', { url: `${app.url}/api/health`, connections, duration });
  } finally {
    await app?.stop();
    await dropDb?.();
  }
}
