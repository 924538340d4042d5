import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, notFound } from '../../platform/errors';
import { route } from '../../platform/http/route';
import { isUuid } from '../messaging/repository';

// Clinic configuration for the in-basket (admins): pools and their response targets, routing rules (clinic + category → pool),
// categories. Plus the clinician's own list of "please message me" follow-up requests across patients.

const PoolAdminOut = z.object({
  id: z.string(), name: z.string(), clinicId: z.string(), clinicName: z.string(), targetBusinessHours: z.number(),
  dayStartHour: z.number(), dayEndHour: z.number(), timezone: z.string(), isDefault: z.boolean(), members: z.number(),
  leadName: z.string().nullable(),
});
type PoolRow = { id: string; name: string; clinic_id: string; clinic_name: string; target_business_hours: number; day_start_hour: number;
  day_end_hour: number; timezone: string; is_default: boolean; members: number; lead_name: string | null };
const presentPool = (p: PoolRow): z.infer<typeof PoolAdminOut> => ({
  id: p.id, name: p.name, clinicId: p.clinic_id, clinicName: p.clinic_name, targetBusinessHours: p.target_business_hours,
  dayStartHour: p.day_start_hour, dayEndHour: p.day_end_hour, timezone: p.timezone, isDefault: p.is_default, members: Number(p.members),
  leadName: p.lead_name,
});
const POOLS = `select p.id, p.name, p.clinic_id, c.name as clinic_name, p.target_business_hours, p.day_start_hour, p.day_end_hour, p.timezone,
    p.is_default, (select count(*) from msg_pool_member m where m.pool_id = p.id) as members, u.display_name as lead_name
  from msg_pool p join clinic c on c.id = p.clinic_id left join app_user u on u.id = p.lead_user_id`;

const RuleOut = z.object({
  clinicId: z.string(), clinicName: z.string(), category: z.string(), categoryLabel: z.string(), poolId: z.string(), poolName: z.string(),
});
type RuleRow = { clinic_id: string; clinic_name: string; category_code: string; category_label: string | null; pool_id: string; pool_name: string };
const presentRule = (r: RuleRow): z.infer<typeof RuleOut> => ({
  clinicId: r.clinic_id, clinicName: r.clinic_name, category: r.category_code, categoryLabel: r.category_label ?? r.category_code,
  poolId: r.pool_id, poolName: r.pool_name,
});
const RULES = `select r.clinic_id, c.name as clinic_name, r.category_code, k.label as category_label, r.pool_id, p.name as pool_name
  from msg_routing_rule r join clinic c on c.id = r.clinic_id join msg_pool p on p.id = r.pool_id
  left join msg_category k on k.org_id = c.org_id and k.code = r.category_code`;

const CategoryOut = z.object({ code: z.string(), label: z.string(), whoHandles: z.string(), billable: z.boolean(), active: z.boolean(), sortOrder: z.number() });

const MyFollowUpOut = z.object({
  id: z.string(), patient: z.object({ id: z.string(), name: z.string(), mrn: z.string() }), instructions: z.string(), dueDate: z.string(),
  status: z.enum(['open', 'done', 'cancelled']), overdue: z.boolean(), doneThreadId: z.string().nullable(), createdAt: z.string(),
  completedAt: z.string().nullable(),
});

const PoolId = z.object({ id: z.string() });

export function inbasketAdminRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/admin/inbasket/pools', summary: 'Message pools with their response targets (admins)', tags: ['inbasket'], policy: 'config.manage',
    response: z.object({ pools: z.array(PoolAdminOut) }),
    handler: async ({ actor, db }) => ({
      pools: (await db.query<PoolRow>(`${POOLS} where p.org_id = $1 order by c.name, p.name`, [actor.orgId])).map(presentPool),
    }),
  });

  route(app, {
    method: 'PATCH', url: '/api/admin/inbasket/pools/:id', summary: "Change a pool's response target (business hours) or name (admins)", tags: ['inbasket'],
    policy: 'config.manage', params: PoolId,
    body: z.object({ targetBusinessHours: z.number().int().min(1).max(200).optional(), name: z.string().trim().min(1).max(100).optional() }),
    response: z.object({ pool: PoolAdminOut }),
    handler: async ({ actor, db, ip, params, body }) => {
      if (!isUuid(params.id)) throw notFound('This pool');
      if (body.targetBusinessHours === undefined && body.name === undefined) throw badRequest('Nothing to change.', 'targetBusinessHours');
      const row = await db.tx(async (q) => {
        const [before] = await q.query<{ target_business_hours: number }>(
          'select target_business_hours from msg_pool where id = $1 and org_id = $2 for update', [params.id, actor.orgId]);
        if (!before) throw notFound('This pool');
        await q.query('update msg_pool set target_business_hours = coalesce($2, target_business_hours), name = coalesce($3, name) where id = $1',
          [params.id, body.targetBusinessHours ?? null, body.name ?? null]);
        await audit(q, { actor, action: 'update', resourceType: 'MessagePool', resourceId: params.id, ip,
          detail: { targetBusinessHours: { from: before.target_business_hours, to: body.targetBusinessHours ?? before.target_business_hours }, renamed: body.name !== undefined } });
        return (await q.query<PoolRow>(`${POOLS} where p.id = $1`, [params.id]))[0];
      });
      return { pool: presentPool(row) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/admin/inbasket/routing-rules', summary: 'Which pool gets each (clinic, category) (admins)', tags: ['inbasket'], policy: 'config.manage',
    response: z.object({ rules: z.array(RuleOut) }),
    handler: async ({ actor, db }) => ({
      rules: (await db.query<RuleRow>(`${RULES} where c.org_id = $1 order by c.name, k.sort_order nulls last, r.category_code`, [actor.orgId])).map(presentRule),
    }),
  });

  route(app, {
    method: 'PUT', url: '/api/admin/inbasket/routing-rules', summary: 'Send a category of a clinic to a pool (creates or changes the rule; admins)', tags: ['inbasket'],
    policy: 'config.manage',
    body: z.object({ clinicId: z.string().max(40), category: z.string().trim().min(1).max(60), poolId: z.string().max(40) }),
    response: z.object({ rule: RuleOut }),
    handler: async ({ actor, db, ip, body }) => {
      const row = await db.tx(async (q) => {
        const [clinic] = isUuid(body.clinicId) ? await q.query('select id from clinic where id = $1 and org_id = $2', [body.clinicId, actor.orgId]) : [];
        if (!clinic) throw notFound('This clinic');
        const [cat] = await q.query('select code from msg_category where org_id = $1 and code = $2', [actor.orgId, body.category]);
        if (!cat) throw badRequest('Choose a category from the list.', 'category');
        const [pool] = isUuid(body.poolId) ? await q.query('select id from msg_pool where id = $1 and org_id = $2', [body.poolId, actor.orgId]) : [];
        if (!pool) throw badRequest('Choose a pool of your organization.', 'poolId');
        const [before] = await q.query<{ pool_id: string }>('select pool_id from msg_routing_rule where clinic_id = $1 and category_code = $2 for update',
          [body.clinicId, body.category]);
        await q.query(`insert into msg_routing_rule (clinic_id, category_code, pool_id) values ($1,$2,$3)
          on conflict (clinic_id, category_code) do update set pool_id = excluded.pool_id`, [body.clinicId, body.category, body.poolId]);
        await audit(q, { actor, action: before ? 'update' : 'create', resourceType: 'MessageRoutingRule', resourceId: `${body.clinicId}:${body.category}`, ip,
          detail: { fromPool: before?.pool_id ?? null, toPool: body.poolId } });
        return (await q.query<RuleRow>(`${RULES} where r.clinic_id = $1 and r.category_code = $2`, [body.clinicId, body.category]))[0];
      });
      return { rule: presentRule(row) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/admin/inbasket/categories', summary: 'Message categories as configured (admins, including inactive ones)', tags: ['inbasket'],
    policy: 'config.manage', response: z.object({ categories: z.array(CategoryOut) }),
    handler: async ({ actor, db }) => {
      const rows = await db.query<{ code: string; label: string; who_handles: string; billable: boolean; active: boolean; sort_order: number }>(
        'select code, label, who_handles, billable, active, sort_order from msg_category where org_id = $1 order by sort_order, code', [actor.orgId]);
      return { categories: rows.map((r) => ({ code: r.code, label: r.label, whoHandles: r.who_handles, billable: r.billable, active: r.active, sortOrder: r.sort_order })) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/follow-ups/mine', summary: 'Follow-up requests I asked patients for, with whether they were done (clinicians)', tags: ['inbasket'],
    policy: 'followup.manage', query: z.object({ status: z.enum(['open', 'done', 'cancelled', 'all']).default('all') }),
    response: z.object({ followUps: z.array(MyFollowUpOut) }),
    handler: async ({ actor, db, ip, query }) => {
      const rows = await db.query<{ id: string; patient_id: string; given_name: string; family_name: string; mrn: string; instructions: string;
        due_date: string; status: 'open' | 'done' | 'cancelled'; done_thread_id: string | null; created_at: Date; completed_at: Date | null }>(
        `select f.id, f.patient_id, p.given_name, p.family_name, p.mrn, f.instructions, f.due_date, f.status, f.done_thread_id, f.created_at, f.completed_at
           from msg_followup f join patient p on p.id = f.patient_id
          where f.requested_by = $1 and f.org_id = $2 and ($3 = 'all' or f.status = $3)
          order by f.status = 'open' desc, f.due_date, f.created_at limit 200`, [actor.userId, actor.orgId, query.status]);
      await auditRead(db, { actor, action: 'read', resourceType: 'MessageFollowUp', ip, detail: { results: rows.length } });
      const today = new Date().toISOString().slice(0, 10);
      return {
        followUps: rows.map((f) => ({
          id: f.id, patient: { id: f.patient_id, name: `${f.given_name} ${f.family_name}`, mrn: f.mrn }, instructions: f.instructions,
          dueDate: f.due_date, status: f.status, overdue: f.status === 'open' && f.due_date < today, doneThreadId: f.done_thread_id,
          createdAt: new Date(f.created_at).toISOString(), completedAt: f.completed_at ? new Date(f.completed_at).toISOString() : null,
        })),
      };
    },
  });
}
