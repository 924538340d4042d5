import { parseArgs } from 'node:util';
import type { Db } from '../../db/client';
import { audit } from '../audit/audit';
import { removeMfa } from './mfa';

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

/** `portico mfa-reset --email X`: for an operator when no admin can sign in (the API route is POST /api/users/:userId/mfa/reset). */
export const mfaResetCommand = {
  help: 'mfa-reset --email EMAIL   turn off a user’s two-step sign-in (lost phone) and end their sessions; audited',
  run: async (db: Db, args: string[], io: Io): Promise<number> => {
    const { values: v } = parseArgs({ args, strict: true, options: { email: { type: 'string' } } });
    if (!v.email) {
      io.stderr('mfa-reset needs --email.');
      return 2;
    }
    const email = v.email.trim().toLowerCase();
    const [u] = await db.query<{ id: string; patient_id: string | null }>('select id, patient_id from app_user where email = $1', [email]);
    if (!u) {
      io.stderr(`No user has email ${email}.`);
      return 2;
    }
    const had = await db.tx(async (q) => {
      const h = await removeMfa(q, u.id);
      await q.query('delete from user_session where user_id = $1', [u.id]);
      await audit(q, { action: 'mfa-reset', resourceType: 'User', resourceId: u.id, patientId: u.patient_id, detail: { via: 'cli', hadMfa: h } });
      return h;
    });
    io.stdout(had ? `Two-step sign-in was reset for ${email}; they can sign in with their password and set it up again.`
      : `${email} did not have two-step sign-in; their sessions were ended.`);
    return 0;
  },
};
