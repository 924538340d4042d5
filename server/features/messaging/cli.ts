import { parseArgs } from 'node:util';
import type { FeatureCommand } from '../../cli/feature-commands';
import { loadConfig } from '../../config';
import { migrate } from '../../db/migrate';
import { escalateOverdue, remindFollowUps } from './jobs';

// `portico outbox`: read the notification outbox in development (no SMTP needed). `portico escalate`: run the
// escalation job now (it also runs every 30 s inside the server).

export const outboxCommand: FeatureCommand = {
  help: '  outbox [--all] [--limit N]      show notification emails waiting in the outbox (--all: sent ones too)',
  run: async (db, args, io) => {
    const { values } = parseArgs({ args, strict: true, options: { all: { type: 'boolean' }, limit: { type: 'string' } } });
    await migrate(db);
    const limit = Math.min(500, Math.max(1, Number(values.limit ?? 20) || 20));
    const rows = await db.query<{ id: number; to_address: string; subject: string; body: string; created_at: Date; sent_at: Date | null; attempts: number; last_error: string | null }>(
      `select id, to_address, subject, body, created_at, sent_at, attempts, last_error from outbox_email
        ${values.all ? '' : 'where sent_at is null'} order by id desc limit $1`, [limit]);
    if (!rows.length) {
      io.stdout(values.all ? 'The outbox is empty.' : 'No unsent emails in the outbox.');
      return 0;
    }
    for (const r of rows.reverse()) {
      io.stdout(`#${r.id}  ${new Date(r.created_at).toISOString()}  to ${r.to_address}  ${r.sent_at ? `sent ${new Date(r.sent_at).toISOString()}` : 'not sent'}` +
        `${r.last_error ? `  (last error: ${r.last_error})` : ''}`);
      io.stdout(`  Subject: ${r.subject}`);
      io.stdout(r.body.split('\n').map((l) => `  | ${l}`).join('\n'));
    }
    return 0;
  },
};

export const escalateCommand: FeatureCommand = {
  help: '  escalate                        escalate overdue conversations and send due follow-up reminders now',
  run: async (db, _args, io) => {
    await migrate(db);
    const config = loadConfig();
    const n = await escalateOverdue(db, config);
    const f = await remindFollowUps(db, config);
    io.stdout(`Escalated ${n} overdue conversation${n === 1 ? '' : 's'}; queued ${f} follow-up reminder${f === 1 ? '' : 's'}.`);
    return 0;
  },
};
