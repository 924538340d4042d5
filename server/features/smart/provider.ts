import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { errors } from 'oidc-provider';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { pgAdapter } from './adapter';
import { loadSmartKeys } from './keys';
import { DATA_SCOPES } from './scopes';
import { InvalidTokenError, type SmartActor } from './access';
import { endGrant } from './adapter';

/** Where oidc-provider is mounted. Its endpoints: /oauth/auth, /oauth/token, /oauth/token/revocation, /oauth/token/introspection, /oauth/jwks. */
export const OAUTH_PREFIX = '/oauth';
export const FHIR_PATH = '/fhir/R4';

const HOUR = 3600;
const DAY = 24 * HOUR;

type GrantRow = { client_id: string; user_id: string; patient_id: string; app_name: string; last_used_ms: number | null; own_patient_id: string | null };

/**
 * Portico's SMART authorization server: oidc-provider (authorization code + PKCE S256, refresh tokens with offline_access,
 * revocation, introspection) with its state in Portico's database. The patient signs in with the portal's own sign-in page;
 * the consent page is the web app's /apps/authorize/:uid, which answers through routes.ts.
 */
export class SmartServer {
  // oidc-provider has no types; this is its Provider instance.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly provider: any;
  readonly issuer: string;
  readonly fhirBase: string;
  private readonly callback: (req: IncomingMessage, res: ServerResponse) => Promise<void>;

  constructor(readonly db: Db, config: Config) {
    const base = config.publicUrl.replace(/\/$/, '');
    this.issuer = `${base}${OAUTH_PREFIX}`;
    this.fhirBase = `${base}${FHIR_PATH}`;
    const keys = loadSmartKeys(config.dataDir);
    const fhirBase = this.fhirBase;
    const smart = this;

    this.provider = new Provider(this.issuer, {
      adapter: pgAdapter(db),
      jwks: keys.jwks,
      cookies: { keys: keys.cookieKeys },
      pkce: { required: () => true, methods: ['S256'] },
      scopes: ['openid', 'fhirUser', 'offline_access', 'launch/patient'],
      claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
      features: {
        devInteractions: { enabled: false },
        introspection: { enabled: true },
        revocation: { enabled: true },
        userinfo: { enabled: false },
        resourceIndicators: {
          enabled: true,
          // SMART apps name the FHIR server with `aud`; every token is for Portico's FHIR API.
          defaultResource: () => fhirBase,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, indicator: string) => {
            if (indicator !== fhirBase) throw new errors.InvalidTarget();
            return { scope: [...DATA_SCOPES, 'launch/patient'].join(' '), audience: fhirBase, accessTokenFormat: 'opaque', accessTokenTTL: HOUR };
          },
        },
      },
      // Any origin may call the token, revocation and introspection endpoints: browser apps (public clients) need it,
      // and every call is bound to a client (PKCE, client authentication) anyway.
      clientBasedCORS: () => true,
      // SMART: `aud` names the FHIR server the app wants; it must be this one (the address the app reached, or the public one).
      extraParams: {
        aud: (ctx: { host: string }, value: string | undefined) => {
          if (value === undefined) return;
          let u: URL | null = null;
          try { u = new URL(value); } catch { /* refused below */ }
          const ours = !!u && u.pathname.replace(/\/$/, '') === FHIR_PATH && (u.host === ctx.host || u.origin === new URL(base).origin);
          if (!ours) throw new errors.InvalidRequest(`aud must be this server's FHIR base URL (${fhirBase})`);
        },
      },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/apps/authorize/${interaction.uid}` },
      // Every authorization asks the patient: a grant is only reused while the consent page's answer is being applied.
      loadExistingGrant: async (ctx: { oidc: { result?: { consent?: { grantId?: string } }; provider: { Grant: { find: (id: string) => Promise<unknown> } } } }) => {
        const grantId = ctx.oidc.result?.consent?.grantId;
        return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
      },
      findAccount: async (_ctx: unknown, sub: string, token?: { grantId?: string }) => ({
        accountId: sub,
        claims: async () => {
          const patientId = token?.grantId ? await smart.patientOfGrant(token.grantId) : null;
          const [u] = await db.query<{ patient_id: string | null }>('select patient_id from app_user where id = $1', [sub]);
          // fhirUser names the patient resource when the user is that patient (a proxy is not the patient).
          return { sub, ...(patientId && u?.patient_id === patientId ? { fhirUser: `${fhirBase}/Patient/${patientId}` } : {}) };
        },
      }),
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed: (t: string) => boolean }, code: { scopes: Set<string> }) =>
        client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
      ttl: {
        AccessToken: HOUR, AuthorizationCode: 60, IdToken: HOUR, Interaction: HOUR, Session: DAY,
        RefreshToken: 90 * DAY, Grant: 365 * DAY,
      },
      responseTypes: ['code'],
      clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
      renderError: async (ctx: { type: string; body: string }, out: { error: string; error_description?: string }) => {
        ctx.type = 'html';
        const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Could not connect the app</title></head><body><main>`
          + `<h1>Could not connect the app</h1><p>${esc(out.error_description ?? out.error)}</p><p><a href="/">Back to Portico</a></p></main></body></html>`;
      },
    });
    this.provider.proxy = Boolean(config.trustProxy);

    // SMART: the token response names the patient the app was connected to.
    // The token response's scope lists everything granted (oidc-provider lists only the FHIR scopes of the access token).
    type Ctx = { path: string; method: string; status: number; body: Record<string, unknown> | undefined; oidc?: { entities?: { AccessToken?: { grantId?: string } } } };
    this.provider.use(async (ctx: Ctx, next: () => Promise<void>) => {
      await next();
      if (ctx.path === '/token' && ctx.method === 'POST' && ctx.status === 200 && typeof ctx.body?.access_token === 'string') {
        const token = await this.provider.AccessToken.find(ctx.body.access_token);
        const [g] = token?.grantId
          ? await db.query<{ patient_id: string; scopes: string }>('select patient_id, scopes from smart_grant where id = $1 and revoked_at is null', [token.grantId])
          : [];
        if (g) ctx.body = { ...ctx.body, patient: g.patient_id, scope: g.scopes };
      }
      // Revoking an access token ends the whole grant, as revoking the refresh token does: no token of it works afterwards.
      const revoked = ctx.oidc?.entities?.AccessToken?.grantId;
      if (ctx.path === '/token/revocation' && ctx.status === 200 && revoked) await endGrant(db, revoked);
    });
    this.callback = this.provider.callback();
  }

  /** Hands a raw request (URL still starting with /oauth) to oidc-provider. */
  async handle(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse): Promise<void> {
    let url = (req.url ?? '/').slice(OAUTH_PREFIX.length) || '/';
    // Portico asks the patient every time (see loadExistingGrant), so every authorization request is in effect prompt=consent;
    // OpenID Connect honours offline_access only with that prompt, and SMART apps do not send it.
    if (req.method === 'GET' && (url.startsWith('/auth?'))) {
      const u = new URL(url, 'http://x');
      if (u.searchParams.get('scope')?.split(' ').includes('offline_access') && !u.searchParams.has('prompt')) {
        u.searchParams.set('prompt', 'consent');
        url = u.pathname + u.search;
      }
    }
    req.url = url;
    req.originalUrl = OAUTH_PREFIX + url;
    await this.callback(req, res);
  }

  async patientOfGrant(grantId: string): Promise<string | null> {
    const [g] = await this.db.query<{ patient_id: string }>('select patient_id from smart_grant where id = $1 and revoked_at is null', [grantId]);
    return g?.patient_id ?? null;
  }

  /** The SMART actor for an access token, or InvalidTokenError. */
  async actorForToken(value: string): Promise<SmartActor> {
    const token = await this.provider.AccessToken.find(value);
    if (!token || token.isExpired || !token.grantId || token.aud !== this.fhirBase) throw new InvalidTokenError();
    const [g] = await this.db.query<GrantRow>(
      `select g.client_id, g.user_id, g.patient_id, c.name as app_name, u.patient_id as own_patient_id,
              (extract(epoch from (now() - g.last_used_at)) * 1000)::float8 as last_used_ms
         from smart_grant g join smart_client c on c.id = g.client_id join app_user u on u.id = g.user_id
        where g.id = $1 and g.revoked_at is null and c.removed_at is null and not u.disabled`, [token.grantId]);
    if (!g || g.user_id !== token.accountId) throw new InvalidTokenError();
    // A proxy's app reads only while the proxy's own access to that record lasts.
    if (g.patient_id !== g.own_patient_id && !(await this.proxyAllows(g.user_id, g.patient_id))) throw new InvalidTokenError();
    // Last use, for the patient's list of connected apps (at most one write a minute per grant).
    if (g.last_used_ms === null || g.last_used_ms > 60_000) {
      await this.db.query('update smart_grant set last_used_at = now() where id = $1', [token.grantId]);
    }
    return {
      patientId: g.patient_id, userId: g.user_id, clientId: g.client_id, appName: g.app_name, grantId: token.grantId,
      scopes: String(token.scope ?? '').split(' ').filter(Boolean),
    };
  }

  /** Whether a user may act for this patient through a live proxy grant. */
  async proxyAllows(userId: string, patientId: string): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from proxy_grant where patient_id = $1 and grantee_user_id = $2 and revoked_at is null
          and (expires_at is null or expires_at > now())`, [patientId, userId]);
    return rows.length > 0;
  }
}
