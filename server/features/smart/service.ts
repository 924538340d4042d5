import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit } from '../../platform/audit/audit';
import { notFound } from '../../platform/errors';
import { OAUTH_PREFIX, type SmartServer } from './provider';
import { DATA_SCOPES, SCOPES_SUPPORTED, scopeCodes } from './scopes';

// launch/patient is both: an OpenID-side scope (oidc-provider's `scopes`) and a scope on the FHIR resource server's tokens.
const OIDC_SCOPES = new Set(['openid', 'fhirUser', 'offline_access', 'launch/patient']);

/** /.well-known/smart-configuration (SMART App Launch 2.x), with endpoints at the address the request used. */
export function smartConfiguration(smart: SmartServer, base: string) {
  const oauth = `${base}${OAUTH_PREFIX}`;
  return {
    issuer: smart.issuer,
    jwks_uri: `${oauth}/jwks`,
    authorization_endpoint: `${oauth}/auth`,
    token_endpoint: `${oauth}/token`,
    revocation_endpoint: `${oauth}/token/revocation`,
    introspection_endpoint: `${oauth}/token/introspection`,
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: SCOPES_SUPPORTED,
    capabilities: [
      'launch-standalone', 'client-public', 'client-confidential-symmetric', 'context-standalone-patient',
      'permission-patient', 'permission-v1', 'permission-v2', 'permission-offline', 'sso-openid-connect',
    ],
  };
}

type Interaction = {
  uid: string; exp: number; returnTo: string; result?: unknown; session?: { uid?: string; accountId?: string };
  params: { client_id?: string; scope?: string; redirect_uri?: string };
  save: (ttl: number) => Promise<void>;
};

async function findInteraction(smart: SmartServer, uid: string) {
  const interaction = await smart.provider.Interaction.find(uid) as Interaction | undefined;
  if (!interaction) throw notFound('This request to connect an app');
  const [client] = await smart.db.query<{ id: string; name: string }>(
    'select id, name from smart_client where id = $1 and removed_at is null', [interaction.params.client_id ?? '']);
  if (!client) throw notFound('This app');
  return { interaction, client };
}

/** The patient the session acts on, if this user may connect apps to it: their own record, or one a live proxy grant allows. */
async function connectablePatient(smart: SmartServer, actor: Actor) {
  if (actor.role !== 'patient' || !actor.patientId) throw notFound('Your health record');
  const forSomeoneElse = actor.patientId !== actor.ownPatientId;
  if (forSomeoneElse && !(await smart.proxyAllows(actor.userId, actor.patientId))) throw notFound('This health record');
  const [p] = await smart.db.query<{ name: string }>(`select given_name || ' ' || family_name as name from patient where id = $1`, [actor.patientId]);
  if (!p) throw notFound('This health record');
  return { patientId: actor.patientId, patientName: p.name, forSomeoneElse };
}

const requestedScopes = (i: Interaction) => String(i.params.scope ?? '').split(' ').filter(Boolean);

export async function interactionDetails(smart: SmartServer, actor: Actor, uid: string) {
  const { interaction, client } = await findInteraction(smart, uid);
  const who = await connectablePatient(smart, actor);
  let redirectHost = '';
  try { redirectHost = new URL(interaction.params.redirect_uri ?? '').host; } catch { /* shown empty */ }
  return {
    appName: client.name, redirectHost, mayRead: scopeCodes(requestedScopes(interaction)),
    patientName: who.patientName, forSomeoneElse: who.forSomeoneElse, answered: interaction.result !== undefined,
  };
}

/** The patient's answer. Allow: a grant for exactly the scopes Portico supports of those asked; Deny: access_denied to the app. */
export async function decide(smart: SmartServer, actor: Actor, uid: string, decision: 'allow' | 'deny', ip: string) {
  const { interaction, client } = await findInteraction(smart, uid);
  const who = await connectablePatient(smart, actor);
  // A second click (or a retry) gets the same answer as the first.
  if (interaction.result !== undefined) return { redirectTo: interaction.returnTo };
  if (decision === 'deny') {
    interaction.result = { error: 'access_denied', error_description: 'The patient did not allow this app to connect.' };
  } else {
    const requested = requestedScopes(interaction);
    const oidc = requested.filter((s) => OIDC_SCOPES.has(s));
    const data = requested.filter((s) => s === 'launch/patient' || DATA_SCOPES.includes(s));
    const grant = new smart.provider.Grant({ accountId: actor.userId, clientId: client.id });
    if (oidc.length) grant.addOIDCScope(oidc.join(' '));
    if (data.length) grant.addResourceScope(smart.fhirBase, data.join(' '));
    const grantId = await grant.save() as string;
    const scopes = [...new Set([...oidc, ...data])].join(' ');
    await smart.db.tx(async (q) => {
      await q.query('insert into smart_grant (id, client_id, user_id, patient_id, scopes) values ($1, $2, $3, $4, $5)',
        [grantId, client.id, actor.userId, who.patientId, scopes]);
      await audit(q, { actor, patientId: who.patientId, action: 'connect-app', resourceType: 'SmartGrant', resourceId: grantId, ip,
        detail: { clientId: client.id, app: client.name } });
    });
    // The portal session is the sign-in: oidc-provider's login is this user, its consent this grant.
    interaction.result = { login: { accountId: actor.userId }, consent: { grantId } };
  }
  // The portal session is the only sign-in: a login oidc-provider remembers from an earlier launch in this browser (perhaps
  // by someone who has signed out of the portal since) is dropped, so the answer always applies to the person signed in now.
  if (interaction.session?.uid) {
    await smart.db.query(`delete from oidc_payload where model = 'Session' and uid = $1`, [interaction.session.uid]);
    delete interaction.session;
  }
  await interaction.save(Math.max(interaction.exp - Math.floor(Date.now() / 1000), 1));
  return { redirectTo: interaction.returnTo };
}

type AppRow = { id: string; app_name: string; created_at: Date; last_used_at: Date | null; scopes: string; user_id: string; connected_by: string };

/** Apps connected to the record the session acts on (for a proxy: the person they act for). */
export async function listApps(db: Db, actor: Actor) {
  if (!actor.patientId) throw notFound('Your health record');
  const rows = await db.query<AppRow>(
    `select g.id, c.name as app_name, g.created_at, g.last_used_at, g.scopes, g.user_id, u.display_name as connected_by
       from smart_grant g join smart_client c on c.id = g.client_id join app_user u on u.id = g.user_id
      where g.patient_id = $1 and g.revoked_at is null and c.removed_at is null
        and exists (select 1 from oidc_payload o where o.model = 'Grant' and o.id = g.id and (o.expires_at is null or o.expires_at > now()))
      order by g.created_at desc`, [actor.patientId]);
  return {
    apps: rows.map((r) => ({
      id: r.id, appName: r.app_name, connectedAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null,
      mayRead: scopeCodes(r.scopes.split(' ')), connectedBy: r.connected_by, connectedByYou: r.user_id === actor.userId,
      canDisconnect: mayDisconnect(actor, r.user_id),
    })),
  };
}

// The patient may disconnect any app on their record; a proxy, the apps they connected.
const mayDisconnect = (actor: Actor, connectedBy: string) => actor.patientId === actor.ownPatientId || connectedBy === actor.userId;

/** Disconnects an app: the grant and all its codes and tokens end in one transaction, with an audit event. */
export async function disconnect(db: Db, actor: Actor, grantId: string, ip: string) {
  if (!actor.patientId) throw notFound('Your health record');
  await db.tx(async (q) => {
    const [g] = await q.query<{ user_id: string; client_id: string; app: string; revoked: boolean }>(
      `select g.user_id, g.client_id, c.name as app, g.revoked_at is not null as revoked from smart_grant g join smart_client c on c.id = g.client_id
        where g.id = $1 and g.patient_id = $2 for update of g`, [grantId, actor.patientId]);
    if (!g || !mayDisconnect(actor, g.user_id)) throw notFound('This app');
    if (g.revoked) return; // already disconnected: nothing more to do
    await q.query(`delete from oidc_payload where grant_id = $1 or (model = 'Grant' and id = $1)`, [grantId]);
    await q.query('update smart_grant set revoked_at = now() where id = $1', [grantId]);
    await audit(q, { actor, patientId: actor.patientId, action: 'disconnect-app', resourceType: 'SmartGrant', resourceId: grantId, ip, detail: { clientId: g.client_id, app: g.app } });
  });
}
