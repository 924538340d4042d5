import type { Queryable } from '../../db/client';
import { notFound } from '../errors';
import type { Actor } from './actor';

/**
 * The one rule for reaching a patient's data: a patient reaches only their own record; staff reach
 * patients of their own organization. Returns a SQL condition on the alias given, with its parameter
 * appended to params, so every query that lists patients carries the actor's scope.
 */
export function patientScopeSql(actor: Actor, alias: string, params: unknown[]): string {
  if (actor.role === 'patient') {
    params.push(actor.patientId);
    return `${alias}.id = $${params.length}`;
  }
  params.push(actor.orgId);
  return `${alias}.org_id = $${params.length}`;
}

/** Throws 404 (never 403) unless the actor may reach this patient. */
export async function requirePatientAccess(q: Queryable, actor: Actor, patientId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(patientId)) throw notFound('This patient');
  const params: unknown[] = [patientId];
  const where = patientScopeSql(actor, 'p', params);
  const rows = await q.query(`select 1 from patient p where p.id = $1 and ${where}`, params);
  if (rows.length === 0) throw notFound('This patient');
}

/** The patient a patient-facing route is about: the signed-in patient's own record. */
export function ownPatientId(actor: Actor): string {
  if (actor.role !== 'patient' || !actor.patientId) throw notFound('Your health record');
  return actor.patientId;
}
