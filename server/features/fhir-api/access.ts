import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { SESSION_COOKIE, lookupSession } from '../../platform/auth/sessions';
import { auditRead } from '../../platform/audit/audit';
import { smartActor, scopeAllows as smartScopeAllows } from './smart-adapter';
import { FhirError } from './outcome';

/**
 * Who may read through /fhir/R4: a patient (or a proxy acting for them) signed in to the portal, or an app holding a SMART
 * token. Either way the reader is bound to exactly one patient; everything else in the API is scoped to that patient.
 */
export type FhirReader = {
  patientId: string; orgId: string; userId: string;
  via: 'session' | 'smart';
  app?: { clientId: string; name: string; scopes: string[] };
};

export async function fhirReader(root: FastifyInstance, req: FastifyRequest, db: Db, config: Config): Promise<FhirReader> {
  let grant;
  try {
    grant = await smartActor(root, req);
  } catch {
    throw new FhirError(401, 'login', 'The access token is missing, expired or revoked. Ask the app to connect again.');
  }
  if (grant) {
    const [p] = await db.query<{ org_id: string }>('select org_id from patient where id = $1', [grant.patientId]);
    if (!p) throw new FhirError(401, 'login', 'The access token is not valid.');
    return { patientId: grant.patientId, orgId: p.org_id, userId: grant.userId, via: 'smart', app: { clientId: grant.clientId, name: grant.appName, scopes: grant.scopes } };
  }
  const token = req.cookies?.[SESSION_COOKIE];
  const found = token ? await lookupSession(db, token, config.sessionIdleMs) : null;
  if (!found || !('actor' in found)) throw new FhirError(401, 'login', 'Sign in to the portal, or use an access token from a connected app.');
  const a = found.actor;
  if (a.role !== 'patient' || !a.patientId)
    throw new FhirError(403, 'forbidden', 'The FHIR API is for patients and the apps they connect; staff use the clinic screens.');
  return { patientId: a.patientId, orgId: a.orgId, userId: a.userId, via: 'session' };
}

/** SMART scopes (v2 `patient/Type.rs`, `patient/*.rs`; v1 `.read`), as the SMART server grants them. */
export const scopeAllows = smartScopeAllows;

/** One audit event per FHIR read or search (never the data itself): who, which patient, which kind of record, through which app. */
export function auditFhirRead(db: Db, reader: FhirReader, type: string, ip: string, resourceId?: string) {
  return auditRead(db, {
    actor: { userId: reader.userId, role: 'patient' }, patientId: reader.patientId, action: 'read', resourceType: type, resourceId: resourceId ?? null, ip,
    detail: { view: 'fhir', ...(reader.app ? { app: reader.app.name, clientId: reader.app.clientId } : {}) },
  });
}
