// Bench only: N app processes sharing one port (node:cluster; the primary hands connections round-robin to the workers).
// Each worker is an ordinary `server/main.ts`. N = PORTICO_BENCH_PROCESSES (default 2). Used by bench --processes N.
// The primary migrates (and seeds the demo clinic) once before forking: migrations have no lock of their own, and two
// processes migrating a fresh database at once collide.
import cluster from 'node:cluster';
import { loadConfig } from '../server/config';
import { openDb } from '../server/db/client';
import { migrateAsOwner } from '../server/db/migrate';
import { seedDemo } from '../server/demo/seed';

if (cluster.isPrimary) {
  const config = loadConfig();
  const db = await openDb(config);
  await migrateAsOwner(db);
  if (config.seedDemo) await seedDemo(db, { env: config.env, password: config.demoPassword });
  await db.close();
  const n = Math.max(1, Number(process.env.PORTICO_BENCH_PROCESSES ?? 2));
  for (let i = 0; i < n; i++) cluster.fork();
  let alive = n;
  let stopping = false;
  const stopAll = (sig: NodeJS.Signals) => { for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(sig); };
  cluster.on('exit', (_w, code) => {
    // A worker that dies on its own takes the others down too: a half-started cluster must not linger.
    if (!stopping && code !== 0) { stopping = true; stopAll('SIGTERM'); process.exitCode = 1; }
    if (--alive === 0) process.exit();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => { stopping = true; stopAll(sig); });
  }
} else {
  await import('../server/main');
}
