import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { isUuid, scopeSql } from '../scheduling/repository';
import type { ReferralRow } from './presenters';

const SELECT = `
  select r.*, u.display_name as preferred_clinician_name, l.name as preferred_location_name, d.display_name as decided_by_name,
         p.given_name || ' ' || p.family_name as patient_name, p.mrn as patient_mrn, c.name as clinic_name
    from referral_request r
    join patient p on p.id = r.patient_id
    join clinic c on c.id = r.clinic_id
    left join app_user u on u.id = r.preferred_clinician_id
    left join location l on l.id = r.preferred_location_id
    left join app_user d on d.id = r.decided_by`;

export async function findReferral(q: Queryable, actor: Actor, id: string, lock = false): Promise<ReferralRow | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const scope = scopeSql(actor, 'r', params, 'referral.read');
  if (lock && !(await q.query(`select 1 from referral_request r where r.id = $1 and ${scope} for update`, params)).length) return null;
  return (await q.query<ReferralRow>(`${SELECT} where r.id = $1 and ${scope}`, params))[0] ?? null;
}

export async function listReferrals(q: Queryable, actor: Actor, opts: { open?: boolean; patientId?: string }): Promise<ReferralRow[]> {
  const params: unknown[] = [];
  const where = [scopeSql(actor, 'r', params, 'referral.read')];
  if (opts.patientId) {
    params.push(opts.patientId);
    where.push(`r.patient_id = $${params.length}`);
  }
  if (opts.open) where.push("r.status = 'pending'");
  return q.query<ReferralRow>(`${SELECT} where ${where.join(' and ')} order by (r.status = 'pending') desc, r.created_at desc limit 200`, params);
}

export const activeCoverage = (q: Queryable, patientId: string) =>
  q.query<{ payer: string; plan_name: string | null; member_id: string | null }>(
    "select payer, plan_name, member_id from coverage where patient_id = $1 and status = 'active' order by start_date desc nulls last limit 3", [patientId]);

/** Specialties a patient can be referred to: the organization's clinics plus common ones. */
export async function specialties(q: Queryable, orgId: string): Promise<string[]> {
  const rows = await q.query<{ specialty: string }>('select distinct specialty from clinic where org_id = $1', [orgId]);
  const common = ['Cardiology', 'Dermatology', 'Endocrinology', 'Nephrology', 'Neurology', 'Ophthalmology (eye care)', 'Orthopedics', 'Physical therapy',
    'Podiatry (foot care)', 'Nutrition and diabetes education', 'Behavioral health'];
  return [...new Set([...rows.map((r) => r.specialty).filter((s) => s !== 'Primary care'), ...common])].sort();
}
