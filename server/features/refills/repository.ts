import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { isUuid, scopeSql } from '../scheduling/repository';
import type { ItemRow, MedicationRow, PharmacyRow, RefillRow } from './presenters';

// SQL for pharmacies and refill requests, scoped by the actor like every read of patient data.

export const activeMedications = (q: Queryable, patientId: string) =>
  q.query<MedicationRow>("select id, display, dose, instructions, prescriber_name from medication where patient_id = $1 and status = 'active' order by display", [patientId]);

/** The medicines asked for, if every one is this patient's and active; otherwise fewer rows come back. */
export const requestableMedications = (q: Queryable, patientId: string, ids: string[]) =>
  q.query<MedicationRow>(
    "select id, display, dose, instructions, prescriber_name from medication where patient_id = $1 and status = 'active' and id = any($2::uuid[])",
    [patientId, ids.filter(isUuid)]);

export const savedPharmacies = (q: Queryable, patientId: string) =>
  q.query<PharmacyRow>(
    `select ph.*, pp.preferred from patient_pharmacy pp join pharmacy ph on ph.id = pp.pharmacy_id
      where pp.patient_id = $1 order by pp.preferred desc, ph.name`, [patientId]);

export const orgPharmacies = (q: Queryable, orgId: string) =>
  q.query<PharmacyRow>('select * from pharmacy where org_id = $1 order by name', [orgId]);

export async function savedPharmacy(q: Queryable, patientId: string, pharmacyId: string): Promise<PharmacyRow | null> {
  if (!isUuid(pharmacyId)) return null;
  return (await q.query<PharmacyRow>(
    'select ph.* from patient_pharmacy pp join pharmacy ph on ph.id = pp.pharmacy_id where pp.patient_id = $1 and ph.id = $2', [patientId, pharmacyId]))[0] ?? null;
}

const SELECT = `
  select r.*, ph.name as pharmacy_name, p.given_name || ' ' || p.family_name as patient_name, p.mrn as patient_mrn, c.name as clinic_name
    from refill_request r join pharmacy ph on ph.id = r.pharmacy_id join patient p on p.id = r.patient_id join clinic c on c.id = r.clinic_id`;

export async function findRefill(q: Queryable, actor: Actor, id: string, lock = false): Promise<RefillRow | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const scope = scopeSql(actor, 'r', params, 'refill.read');
  if (lock && !(await q.query(`select 1 from refill_request r where r.id = $1 and ${scope} for update`, params)).length) return null;
  return (await q.query<RefillRow>(`${SELECT} where r.id = $1 and ${scope}`, params))[0] ?? null;
}

export async function listRefills(q: Queryable, actor: Actor, opts: { open?: boolean; patientId?: string }): Promise<RefillRow[]> {
  const params: unknown[] = [];
  const where = [scopeSql(actor, 'r', params, 'refill.read')];
  if (opts.patientId) {
    params.push(opts.patientId);
    where.push(`r.patient_id = $${params.length}`);
  }
  if (opts.open) where.push("r.status = 'pending'");
  return q.query<RefillRow>(`${SELECT} where ${where.join(' and ')} order by (r.status = 'pending') desc, r.created_at desc limit 200`, params);
}

export const itemsFor = (q: Queryable, requestIds: string[]) =>
  q.query<ItemRow>(
    `select i.*, u.display_name as decided_by_name from refill_request_item i left join app_user u on u.id = i.decided_by
      where i.request_id = any($1::uuid[]) order by i.medication_display`, [requestIds]);

/**
 * Medicines among `medicationIds` that already have a refill request waiting for a decision (the request is pending and
 * that medicine is not yet answered). Locks the medicine rows first, so two requests at the same moment cannot both pass.
 */
export async function openRequestsFor(q: Queryable, patientId: string, medicationIds: string[]) {
  await q.query('select id from medication where patient_id = $1 and id = any($2::uuid[]) for update', [patientId, medicationIds.filter(isUuid)]);
  return q.query<{ request_id: string; medication_id: string; medication_display: string; created_at: Date; thread_id: string | null }>(
    `select r.id as request_id, i.medication_id, i.medication_display, r.created_at, r.thread_id
       from refill_request r join refill_request_item i on i.request_id = r.id
      where r.patient_id = $1 and r.status = 'pending' and i.decision is null and i.medication_id = any($2::uuid[])
      order by r.created_at, i.medication_display`, [patientId, medicationIds.filter(isUuid)]);
}
