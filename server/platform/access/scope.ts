import type { Queryable } from '../../db/client';
import { forbidden, notFound, HttpError } from '../errors';
import type { Actor } from './actor';
import { ruleFor, type Permission } from './policy';

export const isUuid = (s: unknown): s is string =>
  typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Which columns of a query carry the patient, the organization and (for conversations) the message category. */
export type ScopeColumns = { patient?: string; org?: string; category?: string };

/** Break-glass grants are time-limited: this is the SQL for "the actor holds an unexpired one for this patient". */
const breakGlassSql = (patientCol: string, userParam: string) =>
  `${patientCol} in (select bg.patient_id from break_glass bg where bg.user_id = ${userParam} and bg.expires_at > now())`;

/**
 * THE scope SQL: the one function every query that starts from a client-supplied id or lists patient data uses.
 * Returns a SQL condition for the actor and permission, with its parameters appended to params:
 *   self → the patient the actor acts on; org → the actor's organization (and, for conversations, the categories the role
 *   handles); break-glass → the organization and only patients the actor broke the glass for; no rule → false.
 */
export function scopeSql(actor: Actor, permission: Permission, cols: ScopeColumns, params: unknown[]): string {
  const rule = ruleFor(actor.role, permission);
  if (!rule) return 'false';
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  switch (rule.scope) {
    case 'self':
      if (!cols.patient || !actor.patientId) return 'false';
      return `${cols.patient} = ${p(actor.patientId)}`;
    case 'any':
      return cols.org ? `${cols.org} = ${p(actor.orgId)}` : 'true';
    case 'org': {
      if (!cols.org) return 'false';
      let sql = `${cols.org} = ${p(actor.orgId)}`;
      // Conversations carry a category; the patient table does not (a patient is in reach, their conversations are filtered).
      if (rule.categories && cols.category) sql += ` and ${cols.category} = any(${p(rule.categories)}::text[])`;
      return sql;
    }
    case 'break-glass':
      if (!cols.org || !cols.patient) return 'false';
      return `${cols.org} = ${p(actor.orgId)} and ${breakGlassSql(cols.patient, p(actor.userId))}`;
  }
}

/** The patient-table form of scopeSql (alias.id is the patient, alias.org_id the organization). */
export function patientScopeSql(actor: Actor, alias: string, params: unknown[], permission: Permission = 'patient.read'): string {
  return scopeSql(actor, permission, { patient: `${alias}.id`, org: `${alias}.org_id` }, params);
}

export const breakGlassRequired = () =>
  new HttpError(403, 'break_glass_required', "This chart is outside your normal access. To open it, break the glass and give a reason; it is recorded and shown to the patient.");

/**
 * Throws unless the actor may reach this patient for this permission: 404 (never 403) when the patient is not theirs or does
 * not exist; 403 `break_glass_required` when the patient is in the actor's organization but the role needs break-glass.
 */
export async function requirePatientAccess(q: Queryable, actor: Actor, patientId: string, permission: Permission | null = 'patient.read'): Promise<void> {
  // null: a route the policy has no entry for yet (the access-matrix test names it) keeps the old rule, self or organization.
  const rule = permission ? ruleFor(actor.role, permission) : { scope: actor.role === 'patient' ? 'self' as const : 'org' as const };
  if (!rule) throw forbidden();
  if (!isUuid(patientId)) throw notFound('This patient');
  const params: unknown[] = [patientId];
  const where = permission ? patientScopeSql(actor, 'p', params, permission)
    : rule.scope === 'self' ? (params.push(actor.patientId), 'p.id = $2') : (params.push(actor.orgId), 'p.org_id = $2');
  const rows = await q.query(`select 1 from patient p where p.id = $1 and ${where}`, params);
  if (rows.length > 0) return;
  if (rule.scope === 'break-glass') {
    const inOrg = await q.query('select 1 from patient p where p.id = $1 and p.org_id = $2', [patientId, actor.orgId]);
    if (inOrg.length > 0) throw breakGlassRequired();
  }
  throw notFound('This patient');
}

/** The patient a patient-facing route is about: the signed-in patient's own record. */
export function ownPatientId(actor: Actor): string {
  if (actor.role !== 'patient' || !actor.patientId) throw notFound('Your health record');
  return actor.patientId;
}
