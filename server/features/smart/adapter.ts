import type { Db } from '../../db/client';
import { audit } from '../../platform/audit/audit';

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string };

/** A registered app as oidc-provider client metadata. */
export function clientMetadata(r: { id: string; name: string; redirect_uris: string[]; client_secret: string | null }) {
  return {
    client_id: r.id,
    client_name: r.name,
    redirect_uris: r.redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    ...(r.client_secret
      ? { client_secret: r.client_secret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
  };
}

/**
 * oidc-provider's storage on Portico's database (PGlite or PostgreSQL), so codes, tokens and grants survive restarts.
 * One instance per model name; clients come from smart_client (registered with the CLI), everything else from oidc_payload.
 */
export function pgAdapter(db: Db) {
  return class PgAdapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      if (this.model === 'Client') throw new Error('Apps are registered with `portico smart-client add`.');
      // Once per authorization request (a new interaction), expired codes, tokens and sessions are cleared away.
      if (this.model === 'Interaction') await db.query('delete from oidc_payload where expires_at < now()');
      await db.query(
        `insert into oidc_payload (model, id, payload, grant_id, uid, user_code, expires_at)
         values ($1, $2, $3, $4, $5, $6, case when $7::float8 is null then null else now() + ($7::float8 * interval '1 second') end)
         on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
           user_code = excluded.user_code, expires_at = excluded.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, payload.userCode ?? null, expiresIn ?? null]);
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') {
        const [c] = await db.query<{ id: string; name: string; redirect_uris: string[]; client_secret: string | null }>(
          'select id, name, redirect_uris, client_secret from smart_client where id = $1 and removed_at is null', [id]);
        return c ? clientMetadata(c) : undefined;
      }
      return this.one('id = $2', id);
    }

    findByUid(uid: string) { return this.one('uid = $2', uid); }
    findByUserCode(userCode: string) { return this.one('user_code = $2', userCode); }

    private async one(where: string, value: string): Promise<Payload | undefined> {
      const [r] = await db.query<{ payload: Payload | string; consumed: number | null }>(
        `select payload, extract(epoch from consumed_at)::float8 as consumed from oidc_payload
          where model = $1 and ${where} and (expires_at is null or expires_at > now())`, [this.model, value]);
      if (!r) return undefined;
      const payload = typeof r.payload === 'string' ? JSON.parse(r.payload) as Payload : r.payload;
      return r.consumed ? { ...payload, consumed: Math.floor(r.consumed) } : payload;
    }

    async consume(id: string) {
      await db.query('update oidc_payload set consumed_at = now() where model = $1 and id = $2', [this.model, id]);
    }

    async destroy(id: string) {
      // A destroyed grant (the app revoked its refresh token) is a disconnected app.
      if (this.model === 'Grant') await endGrant(db, id);
      else await db.query('delete from oidc_payload where model = $1 and id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string) {
      await db.query('delete from oidc_payload where model = $1 and grant_id = $2', [this.model, grantId]);
    }
  };
}

/** Ends a grant because the app revoked one of its tokens: every code and token of it goes, with an audit event. */
export async function endGrant(db: Db, grantId: string) {
  await db.tx(async (q) => {
    await q.query(`delete from oidc_payload where grant_id = $1 or (model = 'Grant' and id = $1)`, [grantId]);
    const [g] = await q.query<{ patient_id: string; client_id: string; app: string }>(
      `update smart_grant g set revoked_at = now() from smart_client c where g.id = $1 and g.revoked_at is null and c.id = g.client_id
       returning g.patient_id, g.client_id, c.name as app`, [grantId]);
    if (g) await audit(q, { patientId: g.patient_id, action: 'app-revoked', resourceType: 'SmartGrant', resourceId: grantId, detail: { clientId: g.client_id, app: g.app } });
  });
}
