import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/client';
import { migrate } from '../../db/migrate';
import type { FeatureCommand, Io } from '../../cli/feature-commands';

const USAGE = `portico smart-client add --name NAME --redirect-uri URI [--redirect-uri URI ...] [--public]
                               register a SMART app; prints {"clientId", "clientSecret"} (no secret with --public)
  portico smart-client list    registered apps as JSON
  portico smart-client remove CLIENT_ID
                               remove an app: its tokens stop working at once`;

/** A redirect URI an app may use: absolute https, or http only on this machine (development), never with a fragment. */
export function checkRedirectUri(uri: string): string | null {
  let u: URL;
  try { u = new URL(uri); } catch { return `--redirect-uri "${uri}" is not an absolute URL`; }
  if (u.hash) return `--redirect-uri "${uri}" must not contain a #fragment`;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) return `--redirect-uri "${uri}" must use https (http only for localhost)`;
  return null;
}

export async function addClient(db: Db, name: string, redirectUris: string[], isPublic: boolean) {
  const clientId = randomBytes(16).toString('base64url');
  const clientSecret = isPublic ? undefined : randomBytes(32).toString('base64url');
  await db.query('insert into smart_client (id, name, redirect_uris, client_secret) values ($1, $2, $3, $4)',
    [clientId, name, redirectUris, clientSecret ?? null]);
  return { clientId, ...(clientSecret ? { clientSecret } : {}) };
}

export async function listClients(db: Db) {
  const rows = await db.query<{ id: string; name: string; redirect_uris: string[]; public: boolean; created_at: Date }>(
    `select id, name, redirect_uris, client_secret is null as public, created_at from smart_client where removed_at is null order by created_at`);
  return rows.map((r) => ({ clientId: r.id, name: r.name, redirectUris: r.redirect_uris, public: r.public, createdAt: r.created_at.toISOString() }));
}

async function run(db: Db, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    let values: { name?: string; 'redirect-uri'?: string[]; public?: boolean };
    try {
      ({ values } = parseArgs({ args: rest, strict: true, options: { name: { type: 'string' }, 'redirect-uri': { type: 'string', multiple: true }, public: { type: 'boolean' } } }));
    } catch (err) {
      io.stderr(`${(err as Error).message}\n\nUsage: ${USAGE}`);
      return 2;
    }
    const name = values.name?.trim();
    if (!name) { io.stderr('--name is required: the name patients see, like "My Health App"'); return 2; }
    if (name.length > 100) { io.stderr('--name must be at most 100 characters'); return 2; }
    const uris = values['redirect-uri'] ?? [];
    if (!uris.length) { io.stderr('--redirect-uri is required: where the app receives its authorization code'); return 2; }
    for (const uri of uris) {
      const problem = checkRedirectUri(uri);
      if (problem) { io.stderr(problem); return 2; }
    }
    await migrate(db);
    io.stdout(JSON.stringify(await addClient(db, name, uris, values.public === true)));
    return 0;
  }
  if (sub === 'list') {
    await migrate(db);
    io.stdout(JSON.stringify(await listClients(db), null, 2));
    return 0;
  }
  if (sub === 'remove') {
    if (rest.length !== 1) { io.stderr('Usage: portico smart-client remove CLIENT_ID'); return 2; }
    await migrate(db);
    const removed = await db.tx(async (q) => {
      const rows = await q.query(`update smart_client set removed_at = now(), client_secret = null where id = $1 and removed_at is null returning id`, [rest[0]]);
      if (!rows.length) return false;
      const grants = await q.query<{ id: string }>('update smart_grant set revoked_at = now() where client_id = $1 and revoked_at is null returning id', [rest[0]]);
      const ids = grants.map((g) => g.id);
      if (ids.length) await q.query(`delete from oidc_payload where grant_id = any($1::text[]) or (model = 'Grant' and id = any($1::text[]))`, [ids]);
      return true;
    });
    if (!removed) { io.stderr(`No registered app has client id "${rest[0]}".`); return 1; }
    io.stdout(`Removed ${rest[0]}; its tokens no longer work.`);
    return 0;
  }
  io.stderr(`Usage: ${USAGE}`);
  return 2;
}

export const smartClientCommand: FeatureCommand = {
  help: `  smart-client add --name NAME --redirect-uri URI [--public]
                               register a SMART app; prints {"clientId", "clientSecret"} (no secret with --public)
  smart-client list            registered SMART apps as JSON
  smart-client remove CLIENT_ID
                               remove a SMART app: its tokens stop working at once`,
  run,
};
