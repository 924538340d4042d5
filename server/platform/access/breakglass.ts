import type { Db, Queryable } from '../../db/client';
import { audit } from '../audit/audit';
import { badRequest, forbidden, notFound } from '../errors';
import type { Actor } from './actor';
import { ruleFor } from './policy';
import { isUuid } from './scope';

/** How long a break-glass grant lasts. */
export const BREAK_GLASS_MINUTES = 60;

export type BreakGlassRow = { id: string; patient_id: string; reason: string; created_at: Date; expires_at: Date };

/** Does the actor hold an unexpired break-glass for this patient? */
export async function hasBreakGlass(q: Queryable, actor: Actor, patientId: string): Promise<boolean> {
  if (!isUuid(patientId)) return false;
  const rows = await q.query('select 1 from break_glass where user_id = $1 and patient_id = $2 and expires_at > now() limit 1', [actor.userId, patientId]);
  return rows.length > 0;
}

/**
 * Breaks the glass: a staff member whose role may (policy 'breakglass.open') opens one patient of their organization for
 * BREAK_GLASS_MINUTES, with a written reason. The grant and its audit event are one transaction; the audit event names
 * the patient, so it shows in the patient's activity log.
 */
export async function openBreakGlass(db: Db, actor: Actor, patientId: string, reason: string, ip: string): Promise<BreakGlassRow> {
  if (!ruleFor(actor.role, 'breakglass.open')) throw forbidden();
  const text = reason.trim();
  if (text.length < 10) throw badRequest('reason: say in a sentence why you need this chart (at least 10 characters).', 'reason');
  return db.tx(async (q) => {
    const [p] = isUuid(patientId) ? await q.query<{ id: string }>('select id from patient where id = $1 and org_id = $2', [patientId, actor.orgId]) : [];
    if (!p) throw notFound('This patient');
    const [row] = await q.query<BreakGlassRow>(
      `insert into break_glass (org_id, user_id, patient_id, reason, expires_at)
       values ($1, $2, $3, $4, now() + $5 * interval '1 minute') returning id, patient_id, reason, created_at, expires_at`,
      [actor.orgId, actor.userId, patientId, text, BREAK_GLASS_MINUTES]);
    // The reason is the staff member's words, not health data from the chart; the report shows it from break_glass.
    await audit(q, { actor, patientId, action: 'break_glass', resourceType: 'Patient', resourceId: patientId, ip,
      detail: { breakGlassId: row.id, minutes: BREAK_GLASS_MINUTES } });
    return row;
  });
}

export type BreakGlassReportRow = {
  id: string; user_id: string; user_name: string; role: string; patient_id: string; patient_name: string; mrn: string;
  reason: string; created_at: Date; expires_at: Date; reads: number;
};

/** The admin report: every break-glass in the organization over the last `days`, newest first, with how many reads followed. */
export function breakGlassReport(q: Queryable, actor: Actor, days: number): Promise<BreakGlassReportRow[]> {
  return q.query<BreakGlassReportRow>(
    `select bg.id, bg.user_id, u.display_name as user_name, u.role, bg.patient_id,
            p.given_name || ' ' || p.family_name as patient_name, p.mrn, bg.reason, bg.created_at, bg.expires_at,
            (select count(*)::int from audit_event e where e.user_id = bg.user_id and e.patient_id = bg.patient_id
               and e.at >= bg.created_at and e.at <= bg.expires_at and e.action <> 'break_glass') as reads
       from break_glass bg join app_user u on u.id = bg.user_id join patient p on p.id = bg.patient_id
      where bg.org_id = $1 and bg.created_at >= now() - $2 * interval '1 day'
      order by bg.created_at desc limit 500`, [actor.orgId, days]);
}
