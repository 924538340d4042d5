import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { ROLE_SETS } from '../../platform/access/policy';
import { evisitCode } from './evisits';

// The response-time audit the study's clinic ran: per pool, time to first reply (median, 90th percentile), share
// answered within the pool's target, what is overdue now, and volume by category and by day.

export type ReportFilter = { clinicId?: string; poolId?: string; days: number };

export async function responseReport(q: Queryable, actor: Actor, f: ReportFilter) {
  const params: unknown[] = [actor.orgId, f.days];
  let scope = 't.org_id = $1';
  if (f.clinicId) { params.push(f.clinicId); scope += ` and t.clinic_id = $${params.length}::uuid`; }
  if (f.poolId) { params.push(f.poolId); scope += ` and t.pool_id = $${params.length}::uuid`; }
  // A conversation that began as a logged phone call was "answered" the moment it was written down: it is counted on its
  // own (phoneEncounters) and never enters the time-to-first-reply figures, which would otherwise drift towards zero.
  const byPhone = `(select fm.kind from msg_message fm where fm.thread_id = t.id order by fm.created_at, fm.id limit 1) = 'phone_encounter'`;
  const where = `${scope} and t.created_at >= now() - $2 * interval '1 day' and t.first_due_at is not null and not ${byPhone}`;
  const phoneWhere = `${scope} and m.kind = 'phone_encounter' and m.created_at >= now() - $2 * interval '1 day'`;
  const pools = await q.query<{ pool_id: string; pool: string; clinic: string; volume: number; answered: number; median_hours: number | null;
    p90_hours: number | null; within_target: number; decided: number; overdue_now: number; target_hours: number; phone_encounters: number }>(
    `with th as (
       select t.pool_id, t.first_response_at, t.first_due_at,
              extract(epoch from (t.first_response_at - t.created_at)) / 3600.0 as hrs
         from msg_thread t where ${where})
     select pl.id as pool_id, pl.name as pool, c.name as clinic, pl.target_business_hours as target_hours,
            count(th.pool_id)::int as volume, count(th.first_response_at)::int as answered,
            percentile_cont(0.5) within group (order by th.hrs) as median_hours,
            percentile_cont(0.9) within group (order by th.hrs) as p90_hours,
            count(*) filter (where th.first_response_at <= th.first_due_at)::int as within_target,
            count(*) filter (where th.first_response_at is not null or th.first_due_at < now())::int as decided,
            (select count(*)::int from msg_thread o where o.pool_id = pl.id and o.status = 'open' and o.due_at < now()) as overdue_now,
            (select count(*)::int from msg_message m join msg_thread t on t.id = m.thread_id where t.pool_id = pl.id and ${phoneWhere}) as phone_encounters
       from msg_pool pl join clinic c on c.id = pl.clinic_id left join th on th.pool_id = pl.id
      where pl.org_id = $1 ${f.clinicId ? 'and pl.clinic_id = $3::uuid' : ''} ${f.poolId ? `and pl.id = $${params.length}::uuid` : ''}
      group by pl.id, pl.name, c.name order by c.name, pl.name`, params);
  const byCategory = await q.query<{ category: string; label: string; volume: number }>(
    `select t.category_code as category, coalesce(cat.label, t.category_code) as label, count(*)::int as volume
       from msg_thread t left join msg_category cat on cat.org_id = t.org_id and cat.code = t.category_code
      where ${where} group by 1, 2 order by 3 desc`, params);
  const byDay = await q.query<{ day: string; volume: number; answered_within_target: number; phone_encounters: number }>(
    `with d as (
       select to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, 1 as msg, case when t.first_response_at <= t.first_due_at then 1 else 0 end as ok, 0 as phone
         from msg_thread t where ${where}
       union all
       select to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD'), 0, 0, 1 from msg_message m join msg_thread t on t.id = m.thread_id where ${phoneWhere})
     select day, sum(msg)::int as volume, sum(ok)::int as answered_within_target, sum(phone)::int as phone_encounters from d group by 1 order by 1`, params);
  const [phone] = await q.query<{ n: number }>(
    `select count(*)::int as n from msg_message m join msg_thread t on t.id = m.thread_id where ${phoneWhere}`, params);
  // Messaging workload: clinician minutes recorded and written answers (replies, logged calls) per person in the period.
  const workload = await q.query<{ user_id: string; name: string; role: string; minutes: number; threads: number; replies: number }>(
    `with w as (
       select e.user_id, e.minutes, e.thread_id, 0 as replies from msg_time_entry e join msg_thread t on t.id = e.thread_id
        where ${scope} and e.at >= now() - $2 * interval '1 day'
       union all
       select m.author_id, 0, m.thread_id, 1 from msg_message m join msg_thread t on t.id = m.thread_id
        where ${scope} and m.kind in ('staff_reply', 'phone_encounter') and m.created_at >= now() - $2 * interval '1 day')
     select u.id as user_id, u.display_name as name, u.role, sum(w.minutes)::int as minutes, count(distinct w.thread_id)::int as threads,
            sum(w.replies)::int as replies
       from w join app_user u on u.id = w.user_id
      group by u.id, u.display_name, u.role order by 4 desc, 6 desc, 2`, params);
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    days: f.days,
    pools: pools.map((p) => ({
      poolId: p.pool_id, pool: p.pool, clinic: p.clinic, targetBusinessHours: p.target_hours, volume: p.volume, answered: p.answered,
      medianHoursToFirstReply: round(p.median_hours), p90HoursToFirstReply: round(p.p90_hours),
      shareWithinTarget: p.decided ? Math.round((p.within_target / p.decided) * 1000) / 10 : null, overdueNow: p.overdue_now,
      phoneEncounters: p.phone_encounters,
    })),
    phoneEncounters: phone?.n ?? 0,
    byCategory, byDay: byDay.map((d) => ({ day: d.day, volume: d.volume, answered_within_target: d.answered_within_target, phoneEncounters: d.phone_encounters })),
    workload: workload.map((x) => ({ userId: x.user_id, name: x.name, role: x.role, minutes: x.minutes, conversations: x.threads, replies: x.replies })),
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote everything that could break a row, and neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export type CsvSection = 'pools' | 'categories' | 'days' | 'workload';

/** One table of the report as CSV: the pools (default), volume by category or by day, or clinician workload. */
export function reportCsv(r: Awaited<ReturnType<typeof responseReport>>, section: CsvSection = 'pools'): string {
  const table = (head: string[], rows: unknown[][]) => [head, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  if (section === 'categories') return table(['category', 'label', 'volume'], r.byCategory.map((c) => [c.category, c.label, c.volume]));
  if (section === 'days')
    return table(['day', 'volume', 'answered_within_target', 'phone_encounters'], r.byDay.map((d) => [d.day, d.volume, d.answered_within_target, d.phoneEncounters]));
  if (section === 'workload')
    return table(['name', 'role', 'minutes', 'conversations', 'replies'], r.workload.map((x) => [x.name, x.role, x.minutes, x.conversations, x.replies]));
  const head = ['clinic', 'pool', 'target_business_hours', 'volume', 'answered', 'median_hours_to_first_reply', 'p90_hours_to_first_reply',
    'percent_within_target', 'overdue_now', 'phone_encounters'];
  const rows = r.pools.map((p) => [p.clinic, p.pool, p.targetBusinessHours, p.volume, p.answered, p.medianHoursToFirstReply, p.p90HoursToFirstReply,
    p.shareWithinTarget, p.overdueNow, p.phoneEncounters]);
  return [head, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Clinician minutes on this patient's messages; online digital visit codes count only billable categories over 7 days. */
export async function timeSummary(q: Queryable, patientId: string, orgId: string) {
  const entries = await q.query<{ id: string; thread_id: string; subject: string; minutes: number; activity: string; at: Date; user_name: string;
    role: string; billable: boolean }>(
    `select e.id, e.thread_id, t.subject, e.minutes, e.activity, e.at, u.display_name as user_name, u.role, coalesce(cat.billable, false) as billable
       from msg_time_entry e join msg_thread t on t.id = e.thread_id join app_user u on u.id = e.user_id
       left join msg_category cat on cat.org_id = t.org_id and cat.code = t.category_code
      where e.patient_id = $1 and t.org_id = $2 and e.at >= now() - interval '30 days' order by e.at desc`, [patientId, orgId]);
  const weekAgo = Date.now() - 7 * 86_400_000;
  const qualifying = entries.filter((e) => e.billable && (ROLE_SETS.clinical as readonly string[]).includes(e.role) && new Date(e.at).getTime() >= weekAgo)
    .reduce((s, e) => s + e.minutes, 0);
  const code = evisitCode(qualifying);
  return {
    entries: entries.map((e) => ({ id: e.id, threadId: e.thread_id, subject: e.subject, minutes: e.minutes, activity: e.activity,
      at: new Date(e.at).toISOString(), by: e.user_name, billable: e.billable })),
    totalMinutes30Days: entries.reduce((s, e) => s + e.minutes, 0),
    digitalVisit: { qualifyingMinutes7Days: qualifying, code, note: 'Refills and scheduling never count. Check payer rules before billing.' },
  };
}
