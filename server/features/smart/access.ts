import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/errors';
import { providerOf } from './registry';

/** Who is calling with a SMART access token: one app, acting for one patient, with the scopes the patient allowed. */
export type SmartActor = { patientId: string; userId: string; clientId: string; appName: string; scopes: string[]; grantId: string };

/** A missing, expired or revoked token: 401 (FHIR callers turn it into an OperationOutcome). */
export class InvalidTokenError extends HttpError {
  constructor(message = 'The access token is not valid. It may have expired or been revoked.') {
    super(401, 'invalid_token', message);
  }
}

/**
 * The SMART app behind a request, from its `Authorization: Bearer` access token.
 * null when the request carries no bearer token (a portal session may still apply);
 * throws InvalidTokenError (401) for a token that is unknown, expired, revoked, or whose patient the user may no longer reach.
 */
export async function smartActor(req: FastifyRequest): Promise<null | SmartActor> {
  const header = req.headers.authorization;
  if (!header || !/^bearer\s/i.test(header)) return null;
  const token = header.slice(header.indexOf(' ') + 1).trim();
  if (!token) throw new InvalidTokenError();
  const smart = providerOf(req.server);
  if (!smart) throw new InvalidTokenError('This server does not accept access tokens.');
  return smart.actorForToken(token);
}

/** Whether SMART scopes let an app read (r) or search (s) one resource type. v2 (`patient/X.rs`) and v1 (`patient/X.read`) forms. */
export function scopeAllows(scopes: string[], resourceType: string, op: 'r' | 's'): boolean {
  for (const scope of scopes) {
    const m = /^patient\/([A-Za-z*]+)\.([a-z]+)(\?.*)?$/.exec(scope);
    // Scopes narrowed by a query (`patient/Observation.rs?category=laboratory`) are never granted here, so never widen them.
    if (!m || m[3] || (m[1] !== '*' && m[1] !== resourceType)) continue;
    const perms = m[2];
    if (perms === 'read' || perms === '*') return true;
    if (/^c?r?u?d?s?$/.test(perms) && perms.includes(op)) return true;
  }
  return false;
}
