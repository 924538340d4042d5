import { loadConfig } from '../config';
import { openDb, type Db } from '../db/client';
import { migrate, migrateAsOwner } from '../db/migrate';
import { seedDemo } from '../demo/seed';
import { anchorConfig, createCheckpointer, verifyAuditTrail } from '../platform/audit/checkpoint';
import { createUser } from './create-user';

import { featureCommands, type Io } from './feature-commands';

export type { Io };
const stdio: Io = { stdout: (s) => process.stdout.write(`${s}\n`), stderr: (s) => process.stderr.write(`${s}\n`) };

const HELP = `portico <command> — works on the same database as the server (PORTICO_DATA_DIR or DATABASE_URL)

  migrate                      apply database migrations
  seed-demo                    load the demo clinic (once; refused with NODE_ENV=production)
  create-user --email E --password P --role ROLE [--name "Full Name"] [--credentials RN]
              [--clinic primary-care,...] [--patient-identifier MRN]
                               create a staff or patient account
  audit verify                 check the audit trail's hash chain against its signed checkpoints
                               (PORTICO_AUDIT_KEY, PORTICO_DATA_DIR, PORTICO_AUDIT_CHECKPOINT_FILE as the server);
                               exits 1 naming missing or altered events
  audit checkpoint             write a signed checkpoint of the chain's head now (the server does this every 10 s)`;

type Command = (db: Db, args: string[], io: Io) => Promise<number>;

const commands: Record<string, Command> = {
  migrate: async (db, _a, io) => {
    const applied = await migrateAsOwner(db); // DATABASE_OWNER_URL when set (see db/app-role.ts)
    io.stdout(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date.');
    return 0;
  },
  'seed-demo': async (db, _a, io) => {
    const config = loadConfig();
    await migrate(db);
    const loaded = await seedDemo(db, { env: config.env, password: config.demoPassword });
    io.stdout(loaded ? 'Loaded the demo clinic.' : 'The demo clinic is already loaded; nothing changed.');
    return 0;
  },
  'create-user': async (db, args, io) => {
    await migrate(db);
    return createUser(db, args, io);
  },
  audit: async (db, args, io) => {
    if (args[0] !== 'verify' && args[0] !== 'checkpoint') {
      io.stderr('Usage: portico audit verify | portico audit checkpoint');
      return 2;
    }
    // The same key and checkpoint file as the server: PORTICO_AUDIT_KEY (or the key in PORTICO_DATA_DIR), PORTICO_AUDIT_CHECKPOINT_FILE.
    const anchor = anchorConfig(process.env, loadConfig().dataDir, { generate: args[0] === 'checkpoint' });
    if (args[0] === 'checkpoint') {
      const c = await createCheckpointer(db, anchor, { timer: false }).checkpoint();
      io.stdout(c ? `Checkpoint written to ${anchor.file}: ${c.count} events, head at chain entry #${c.lastId}.` : 'The audit trail is empty; no checkpoint written.');
      return 0;
    }
    const r = await verifyAuditTrail(db, anchor);
    const anchored = `${r.checkpoints} checkpoints; anchored through chain entry #${r.anchoredThrough}` +
      (r.unanchored ? `, ${r.unanchored} newer events not yet anchored` : '');
    if (r.ok) {
      io.stdout(`Audit trail intact: ${r.count} events verified (${anchored}).`);
      return 0;
    }
    if (r.brokenAt !== undefined) io.stderr(`Audit trail BROKEN at event ${r.brokenAt}.`);
    else io.stderr('Audit trail does NOT match its checkpoints.');
    for (const p of r.problems) io.stderr(`  ${p}`);
    io.stderr(`(${r.count} entries in the chain; ${anchored}.)`);
    return 1;
  },
};


export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    io.stdout([HELP, ...Object.values(featureCommands).map((c) => c.help)].join('\n'));
    return name ? 0 : 2;
  }
  const feature = featureCommands[name];
  const run = commands[name] ?? feature?.run;
  if (!run) {
    io.stderr(`Unknown command "${name}". Run "portico help" to see the commands.`);
    return 2;
  }
  if (feature && feature.needsDb === false) return feature.run(undefined as unknown as Db, rest, io);
  const config = loadConfig();
  const db = await openDb(config);
  try {
    return await run(db, rest, io);
  } catch (err) {
    io.stderr(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await db.close();
  }
}
