import type { FastifyInstance, FastifyRequest } from 'fastify';
import { smartActor as smartAccess, scopeAllows as smartScopeAllows } from '../smart/access';
import { providerOf } from '../smart/registry';
import { smartConfiguration } from '../smart/service';

/**
 * The SMART side of FHIR API access, from the SMART feature (server/features/smart/access.ts): a bearer token names one app,
 * one patient and the scopes the patient allowed. null when the request has no Bearer header; throws for a bad token.
 * The SMART server is registered on the root app, so the lookup is made with the root instance (not this plugin's).
 */
export type SmartGrant = { patientId: string; userId: string; clientId: string; appName: string; scopes: string[] };

export function smartActor(root: FastifyInstance, req: FastifyRequest): Promise<SmartGrant | null> {
  return smartAccess({ headers: req.headers, server: root } as unknown as FastifyRequest);
}

export const scopeAllows = smartScopeAllows;

/** The OAuth endpoints for the CapabilityStatement's security section, when the SMART server runs. */
export function oauthEndpoints(root: FastifyInstance, base: string): { authorize: string; token: string; revoke: string; introspect: string } | null {
  const smart = providerOf(root);
  if (!smart) return null;
  const c = smartConfiguration(smart, base);
  return { authorize: c.authorization_endpoint, token: c.token_endpoint, revoke: c.revocation_endpoint, introspect: c.introspection_endpoint };
}
