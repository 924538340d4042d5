import { loadConfig } from './config';
import { openDb } from './db/client';
import { migrate } from './db/migrate';
import { seedDemo } from './demo/seed';
import { buildApp } from './app';
import { startMessagingWorker } from './features/messaging/jobs';

// Process entry: config → database → migrations → demo data (development) → HTTP.
const config = loadConfig();
const db = await openDb(config);
await migrate(db);
if (config.seedDemo) {
  const loaded = await seedDemo(db, { env: config.env, password: config.demoPassword });
  if (loaded) console.log('Loaded the demo clinic. Demo accounts are listed in README.md.');
}
const app = await buildApp(db, config);
await app.listen({ port: config.port, host: config.host });
// Escalation, follow-up reminders and the email outbox: periodic, idempotent, restart-safe (state is in the database).
const stopMessagingWorker = startMessagingWorker(db, config, (msg, err) => app.log.error({ err }, msg));
console.log(`Portico is running on http://localhost:${(app.server.address() as { port: number }).port} (database: ${db.kind})`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, async () => {
    stopMessagingWorker();
    await app.close();
    await db.close();
    process.exit(0);
  });
}
