import type { Queryable } from '../../db/client';

export type AuditFilters = {
  from?: string; to?: string; tz: string;
  userId?: string; user?: string; patientId?: string; patient?: string;
  action?: string; outcome?: 'success' | 'failure' | 'denied';
  sort: 'at' | 'user' | 'patient' | 'action' | 'outcome'; dir: 'asc' | 'desc';
};

export type AuditEventRow = {
  id: number; at: Date; user_id: string | null; role: string | null; patient_id: string | null; action: string;
  resource_type: string; resource_id: string | null; outcome: string; ip: string | null; detail: Record<string, unknown> | null;
  user_name: string | null; user_email: string | null; patient_given: string | null; patient_family: string | null; patient_mrn: string | null;
};

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const SORT_SQL: Record<AuditFilters['sort'], string> = {
  at: 'e.at', user: 'u.display_name', patient: 'p.family_name', action: 'e.action', outcome: 'e.outcome',
};

/**
 * The WHERE clause of an audit search, scoped to the admin's organization: an event belongs to an organization through
 * the user who acted or the patient it is about.
 */
function where(orgId: string, f: AuditFilters, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const and = [`(u.org_id = ${p(orgId)} or pt.org_id = $1)`];
  if (f.from) and.push(`e.at >= (${p(f.from)}::date)::timestamp at time zone ${p(f.tz)}`);
  if (f.to) and.push(`e.at < ((${p(f.to)}::date) + 1)::timestamp at time zone ${p(f.tz)}`);
  if (f.userId) and.push(`e.user_id = ${p(f.userId)}`);
  if (f.user) and.push(`(u.email ilike ${p(like(f.user))} or u.display_name ilike $${params.length})`);
  if (f.patientId) and.push(`e.patient_id = ${p(f.patientId)}`);
  if (f.patient) {
    const mrn = p(f.patient);
    and.push(`(pt.mrn = ${mrn} or (pt.given_name || ' ' || pt.family_name) ilike ${p(like(f.patient))} or (pt.family_name || ', ' || pt.given_name) ilike $${params.length})`);
  }
  if (f.action) and.push(`e.action = ${p(f.action)}`);
  if (f.outcome) and.push(`e.outcome = ${p(f.outcome)}`);
  return and.join(' and ');
}

const FROM = `from audit_event e left join app_user u on u.id = e.user_id left join patient pt on pt.id = e.patient_id`;
const COLUMNS = `e.id, e.at, e.user_id, e.role, e.patient_id, e.action, e.resource_type, e.resource_id, e.outcome, e.ip, e.detail,
  u.display_name as user_name, u.email as user_email, pt.given_name as patient_given, pt.family_name as patient_family, pt.mrn as patient_mrn`;

function orderBy(f: AuditFilters): string {
  const dir = f.dir === 'asc' ? 'asc' : 'desc';
  return `order by ${SORT_SQL[f.sort]} ${dir} nulls last, e.id ${dir}`;
}

export async function countEvents(q: Queryable, orgId: string, f: AuditFilters): Promise<number> {
  const params: unknown[] = [];
  const [r] = await q.query<{ n: number }>(`select count(*)::int as n ${FROM} where ${where(orgId, f, params)}`, params);
  return r.n;
}

export async function searchEvents(q: Queryable, orgId: string, f: AuditFilters, limit: number, offset: number): Promise<AuditEventRow[]> {
  const params: unknown[] = [];
  const w = where(orgId, f, params);
  return q.query<AuditEventRow>(`select ${COLUMNS} ${FROM} where ${w} ${orderBy(f)} limit ${Number(limit)} offset ${Number(offset)}`, params);
}

/** The actions that occur in the trail (a loose index scan over (action, at): cheap on a large table). */
export async function distinctActions(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ action: string }>(`with recursive a(action) as (
      (select action from audit_event order by action limit 1)
      union all
      select (select e.action from audit_event e where e.action > a.action order by e.action limit 1) from a where a.action is not null)
    select action from a where action is not null`);
  return rows.map((r) => r.action);
}
