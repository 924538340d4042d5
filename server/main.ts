import { loadConfig } from './config';
import { openDb } from './db/client';
import { migrateAsOwner } from './db/migrate';
import { startAuditCheckpoints } from './platform/audit/checkpoint';
import { startAuditSealer } from './platform/audit/audit';
import { seedDemo } from './demo/seed';
import { buildApp } from './app';
import { startMessagingWorker } from './features/messaging/jobs';

// Process entry: config → database → migrations → demo data (development) → HTTP.
const config = loadConfig();
const db = await openDb(config);
await migrateAsOwner(db); // as DATABASE_OWNER_URL when set; the server's own role cannot alter the audit trail
if (config.seedDemo) {
  const loaded = await seedDemo(db, { env: config.env, password: config.demoPassword });
  if (loaded) console.log('Loaded the demo clinic. Demo accounts are listed in README.md.');
}
const app = await buildApp(db, config);
// Signed checkpoints of the audit chain's head, outside the database (at most every 10 s, and at shutdown).
// Audited writes take no lock; the sealer links them into the hash chain every 100 ms, in batches.
const stopAuditSealer = startAuditSealer(db, 100, (msg, err) => app.log.error({ err }, msg));
const audit = startAuditCheckpoints(db, process.env, config.dataDir, (msg, err) => app.log.error({ err }, msg));
if (audit.anchor.keySource === 'generated') console.log(`Generated an audit checkpoint key in ${config.dataDir}; set PORTICO_AUDIT_KEY to keep it elsewhere.`);
await app.listen({ port: config.port, host: config.host });
// Escalation, follow-up reminders and the email outbox: periodic, idempotent, restart-safe (state is in the database).
const stopMessagingWorker = startMessagingWorker(db, config, (msg, err) => app.log.error({ err }, msg));
console.log(`Portico is running on http://localhost:${(app.server.address() as { port: number }).port} (database: ${db.kind})`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, async () => {
    stopMessagingWorker();
    await app.close();
    await stopAuditSealer();
    await audit.checkpointer.stop().catch((err) => console.error('Could not write the last audit checkpoint', err));
    await db.close();
    process.exit(0);
  });
}
