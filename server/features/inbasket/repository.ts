import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { THREAD_COLUMNS, THREAD_FROM, threadScopeSql, type ThreadRow } from '../messaging/repository';

// The care team's work list. "Mine" = threads in pools I belong to, plus anything assigned to me.
// The two halves are separate scans of the partial indexes (pool, due) and (assignee, due) joined by UNION; the pool ids
// are passed as an array (not IN (subquery)) so PostgreSQL uses the index instead of hashing every open thread.

export type InbasketFilter = {
  poolId?: string; category?: string; status: 'open' | 'answered' | 'closed' | 'all'; assigned: 'any' | 'me' | 'unassigned' | 'others';
  limit: number; offset: number;
};

export type InbasketRow = ThreadRow & { unread_by_me: boolean; patient_preview?: string | null };

const MINE_COLS = 't.id, t.due_at, t.priority, t.created_at, t.assignee_id, t.escalated_at, t.category_code';

/**
 * CTE "mine": my pools' threads plus those assigned to me, carrying only the columns the list sorts and filters on.
 * With status 'open' both halves are index-only scans of the partial covering indexes (see 003_messaging.sql).
 */
function mineCte(actor: Actor, f: Pick<InbasketFilter, 'status' | 'poolId'>, params: unknown[]): string {
  params.push(actor.userId);
  const me = `$${params.length}`;
  const status = f.status === 'all' ? '' : `and t.status = '${f.status}'`;
  let poolFilter = '';
  if (f.poolId) {
    params.push(f.poolId);
    poolFilter = `and t.pool_id = $${params.length}`;
  }
  // UNION ALL with the overlap removed from the second half: no hashing of thousands of rows to de-duplicate.
  return `my_pools as (select array(select pm.pool_id from msg_pool_member pm where pm.user_id = ${me}) as ids),
  mine as (
    select ${MINE_COLS} from msg_thread t, my_pools where t.pool_id = any(my_pools.ids) ${status} ${poolFilter}
    union all
    select ${MINE_COLS} from msg_thread t, my_pools where t.assignee_id = ${me} and not (t.pool_id = any(my_pools.ids)) ${status} ${poolFilter})`;
}

/**
 * The default view (open, any category, anyone): the first page comes straight off the (pool, due) index of each of my pools
 * and my (assignee, due) index, merged — a few hundred index entries instead of every open thread of a busy pool.
 */
function fastPageCte(actor: Actor, f: InbasketFilter, params: unknown[]): string {
  params.push(actor.userId, f.limit + f.offset);
  const me = `$${params.length - 1}`;
  const n = `$${params.length}`;
  const order = 't.due_at asc nulls last, t.priority desc, t.created_at';
  return `my_pools as (select array(select pm.pool_id from msg_pool_member pm where pm.user_id = ${me}) as ids),
  mine as (
    select x.* from my_pools, unnest(my_pools.ids) p(pool_id)
      cross join lateral (select ${MINE_COLS} from msg_thread t where t.pool_id = p.pool_id and t.status = 'open' order by ${order} limit ${n}) x
    union all
    select x.* from (select ${MINE_COLS} from msg_thread t, my_pools where t.assignee_id = ${me} and t.status = 'open'
                       and not (t.pool_id = any(my_pools.ids)) order by ${order} limit ${n}) x)`;
}

export async function listInbasket(q: Queryable, actor: Actor, f: InbasketFilter): Promise<InbasketRow[]> {
  const params: unknown[] = [];
  const fast = f.status === 'open' && !f.category && f.assigned === 'any' && !f.poolId;
  const mine = fast ? fastPageCte(actor, f, params) : mineCte(actor, f, params);
  let where = 'true';
  if (f.category) {
    params.push(f.category);
    where += ` and m.category_code = $${params.length}`;
  }
  params.push(actor.userId);
  const me = `$${params.length}`;
  if (f.assigned === 'me') where += ` and m.assignee_id = ${me}`;
  if (f.assigned === 'unassigned') where += ' and m.assignee_id is null';
  if (f.assigned === 'others') where += ` and m.assignee_id is not null and m.assignee_id <> ${me}`;
  // The policy's reach for conversations (front desk: scheduling, billing: billing), even for threads in their pools.
  const scope = threadScopeSql(actor, 't', params);
  params.push(actor.orgId, f.limit, f.offset);
  const n = params.length;
  // Page first (cheap, narrow rows), then join the details for just that page.
  return q.query<InbasketRow>(
    `with ${mine},
     page as (select m.id, m.due_at, m.priority, m.created_at from mine m where ${where}
               order by m.due_at asc nulls last, m.priority desc, m.created_at limit $${n - 1} offset $${n})
     select ${THREAD_COLUMNS},
            exists (select 1 from msg_message mm where mm.thread_id = t.id and mm.kind = 'patient'
                      and not exists (select 1 from msg_event e where e.message_id = mm.id and e.kind = 'read' and e.actor_id = ${me})) as unread_by_me,
            -- A preview line: the start of the patient's latest message (staff see it on screen only, never in logs).
            (select left(mm.body, 160) from msg_message mm where mm.thread_id = t.id and mm.kind = 'patient' order by mm.created_at desc limit 1) as patient_preview
       ${THREAD_FROM}
       join page on page.id = t.id
      where t.org_id = $${n - 2} and ${scope}
      order by page.due_at asc nulls last, page.priority desc, page.created_at`, params);
}

export type Counts = { open: number; overdue: number; near_due: number; unassigned: number; mine: number; escalated: number };

export async function inbasketCounts(q: Queryable, actor: Actor, nearDueHours: number): Promise<Counts> {
  const params: unknown[] = [];
  const mine = mineCte(actor, { status: 'open' }, params);
  params.push(actor.userId, nearDueHours);
  const [r] = await q.query<Counts>(
    `with ${mine}
     select count(*)::int as open,
            count(*) filter (where m.due_at < now())::int as overdue,
            count(*) filter (where m.due_at >= now() and m.due_at < now() + $${params.length} * interval '1 hour')::int as near_due,
            count(*) filter (where m.assignee_id is null)::int as unassigned,
            count(*) filter (where m.assignee_id = $${params.length - 1})::int as mine,
            count(*) filter (where m.escalated_at is not null)::int as escalated
       from mine m`, params);
  return r;
}

export type PoolSummaryRow = { id: string; name: string; clinic_id: string; clinic_name: string; member: boolean; lead: boolean; open: number; overdue: number;
  target_business_hours: number };

// Pool totals (every pool of the organization, for the pool list and "move to" choices) cost a pass over all open threads.
// They are informational, not anyone's work list, so they are shared for a few seconds per organization; the work list
// and its counts above are always read fresh.
const POOL_TOTALS_TTL_MS = 5_000;
const poolTotals = new Map<string, { at: number; totals: Promise<Map<string, { open: number; overdue: number }>> }>();

function poolTotalsFor(q: Queryable, orgId: string) {
  const hit = poolTotals.get(orgId);
  if (hit && Date.now() - hit.at < POOL_TOTALS_TTL_MS) return hit.totals;
  const totals = q.query<{ pool_id: string; open: number; overdue: number }>(
    `select t.pool_id, count(*)::int as open, count(*) filter (where t.due_at < now())::int as overdue
       from msg_thread t where t.pool_id = any(array(select id from msg_pool where org_id = $1)) and t.status = 'open'
      group by t.pool_id`, [orgId]).then((rows) => new Map(rows.map((r) => [r.pool_id, { open: r.open, overdue: r.overdue }])));
  poolTotals.set(orgId, { at: Date.now(), totals });
  totals.catch(() => poolTotals.delete(orgId));
  return totals;
}

export async function poolsFor(q: Queryable, actor: Actor): Promise<PoolSummaryRow[]> {
  const [pools, totals] = await Promise.all([
    q.query<Omit<PoolSummaryRow, 'open' | 'overdue'>>(
      `select pl.id, pl.name, pl.clinic_id, c.name as clinic_name, pl.target_business_hours,
              exists (select 1 from msg_pool_member pm where pm.pool_id = pl.id and pm.user_id = $2) as member,
              (pl.lead_user_id = $2) as lead
         from msg_pool pl join clinic c on c.id = pl.clinic_id
        where pl.org_id = $1 order by c.name, pl.name`, [actor.orgId, actor.userId]),
    poolTotalsFor(q, actor.orgId),
  ]);
  return pools.map((p) => ({ ...p, open: totals.get(p.id)?.open ?? 0, overdue: totals.get(p.id)?.overdue ?? 0 }));
}

export async function staffOf(q: Queryable, orgId: string) {
  return q.query<{ id: string; display_name: string; role: string; credentials: string | null }>(
    `select id, display_name, role, credentials from app_user
      where org_id = $1 and role not in ('patient', 'researcher') and not disabled order by display_name`, [orgId]);
}

export async function templatesFor(q: Queryable, orgId: string, clinicId: string | null) {
  return q.query<{ id: string; title: string; body: string; clinic_id: string | null }>(
    `select id, title, body, clinic_id from msg_template where org_id = $1 and (clinic_id is null or $2::uuid is null or clinic_id = $2::uuid)
      order by title`, [orgId, clinicId]);
}
