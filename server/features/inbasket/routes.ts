import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../platform/access/actor';
import { rolesFor } from '../../platform/access/policy';
import { notFound } from '../../platform/errors';
import { audit, auditRead } from '../../platform/audit/audit';
import { route } from '../../platform/http/route';
import { closeThread } from '../messaging/lifecycle';
import { ThreadSummary } from '../messaging/presenters';
import { findThread, settingsFor } from '../messaging/repository';
import { Id, IdempotencyKey } from '../messaging/schemas';
import { CountsOut, InbasketItem, PoolOut, presentCounts, presentItem, presentPool } from './presenters';
import { inbasketCounts, listInbasket, poolsFor, staffOf, templatesFor } from './repository';
import { reportCsv, responseReport, timeSummary } from './report';
import { addNote, assignThread, logPhoneEncounter, logTime, poolHandles, reassignThread } from './service';

const uuid = z.string().regex(/^[0-9a-f-]{36}$/i, 'not a valid id');

export function inbasketRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/inbasket', summary: 'Open conversations in my pools and assigned to me, by due time, with counts', tags: ['inbasket'],
    policy: 'inbasket.read',
    query: z.object({
      poolId: uuid.optional(), category: z.string().max(60).optional(), status: z.enum(['open', 'answered', 'closed', 'all']).default('open'),
      assigned: z.enum(['any', 'me', 'unassigned', 'others']).default('any'), limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(100_000).default(0),
    }),
    response: z.object({ items: z.array(InbasketItem), counts: CountsOut, pools: z.array(PoolOut) }),
    handler: async ({ actor, db, ip, query }) => {
      const s = await settingsFor(db, actor.orgId);
      const [rows, counts, pools] = await Promise.all([listInbasket(db, actor, query), inbasketCounts(db, actor, s.near_due_hours), poolsFor(db, actor)]);
      await auditRead(db, { actor, action: 'read', resourceType: 'Inbasket', ip, detail: { results: rows.length } });
      return { items: rows.map((r) => presentItem(r, actor, s.near_due_hours)), counts: presentCounts(counts), pools: pools.map(presentPool) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/inbasket/staff', summary: 'Colleagues (and, with threadId, teams) a conversation can be assigned or moved to', tags: ['inbasket'], policy: 'inbasket.read',
    query: z.object({ threadId: z.uuid().optional() }),
    response: z.object({
      staff: z.array(z.object({ id: z.string(), displayName: z.string(), role: z.string() })),
      pools: z.array(z.object({ id: z.string(), name: z.string(), clinicId: z.string(), clinicName: z.string() })).optional(),
    }),
    handler: async ({ actor, db, query }) => {
      // With a conversation: only people and teams the policy lets handle its category ('conversation.reply').
      const t = query.threadId ? await findThread(db, actor, query.threadId) : null;
      if (query.threadId && !t) throw notFound('This conversation');
      const roles = rolesFor('conversation.reply', { category: t?.category_code ?? null });
      const staff = (await staffOf(db, actor.orgId)).filter((s) => roles.includes(s.role as Role)).map((s) => ({ id: s.id, displayName: s.display_name, role: s.role }));
      if (!t) return { staff };
      const all = await poolsFor(db, actor);
      const ok = await Promise.all(all.map((p) => poolHandles(db, p.id, t.category_code)));
      return { staff, pools: all.filter((_, i) => ok[i]).map((p) => ({ id: p.id, name: p.name, clinicId: p.clinic_id, clinicName: p.clinic_name })) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/inbasket/templates', summary: 'Quick reply texts for a clinic', tags: ['inbasket'], policy: 'inbasket.templates',
    query: z.object({ clinicId: uuid.optional() }),
    response: z.object({ templates: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })) }),
    handler: async ({ actor, db, query }) => ({ templates: (await templatesFor(db, actor.orgId, query.clinicId ?? null)).map(({ id, title, body }) => ({ id, title, body })) }),
  });

  route(app, {
    method: 'POST', url: '/api/inbasket/templates', summary: 'Add a quick reply text', tags: ['inbasket'], policy: 'inbasket.templates',
    body: z.object({ title: z.string().trim().min(1).max(100), body: z.string().trim().min(1).max(4000), clinicId: uuid.optional() }), status: 201,
    response: z.object({ template: z.object({ id: z.string(), title: z.string(), body: z.string() }) }),
    handler: async ({ actor, db, ip, body }) => {
      const clinicId = body.clinicId && actor.clinicIds.includes(body.clinicId) ? body.clinicId : null;
      const [t] = await db.tx(async (q) => {
        const r = await q.query<{ id: string }>('insert into msg_template (org_id, clinic_id, title, body) values ($1,$2,$3,$4) returning id',
          [actor.orgId, clinicId, body.title, body.body]);
        await audit(q, { actor, action: 'create', resourceType: 'MessageTemplate', resourceId: r[0].id, ip });
        return r;
      });
      return { template: { id: t.id, title: body.title, body: body.body } };
    },
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/assign', summary: 'Claim a conversation (no userId) or assign it to a colleague', tags: ['inbasket'],
    policy: 'conversation.manage', params: Id, body: z.object({ userId: z.string().optional() }), status: 204,
    handler: async ({ actor, db, config, ip, params, body }) => assignThread({ db, actor, config, ip }, params.id, body.userId),
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/reassign', summary: 'Send to another pool, or to the physician ("needs provider")', tags: ['inbasket'],
    policy: 'conversation.manage', params: Id, body: z.object({ poolId: z.string().optional(), needsProvider: z.boolean().optional(), providerId: z.string().optional() }),
    status: 204,
    handler: async ({ actor, db, config, ip, params, body }) => reassignThread({ db, actor, config, ip }, params.id, body),
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/notes', summary: 'Internal note (never shown to the patient; idempotent)', tags: ['inbasket'],
    policy: 'conversation.note', params: Id, body: z.object({ body: z.string().max(100_000), idempotencyKey: IdempotencyKey }), status: 201,
    response: z.object({ note: z.object({ id: z.string(), createdAt: z.string() }) }),
    handler: async ({ actor, db, config, ip, params, body, reply }) => {
      const r = await addNote({ db, actor, config, ip }, params.id, body);
      reply.code(r.status);
      return r.body;
    },
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/close', summary: 'Close a conversation with a resolution', tags: ['inbasket'],
    policy: 'conversation.manage', params: Id, body: z.object({ resolution: z.string().max(500) }), status: 204,
    handler: async ({ actor, db, config, ip, params, body }) => closeThread({ db, actor, config, ip }, params.id, body.resolution),
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/time', summary: 'Record clinician minutes spent on this conversation', tags: ['inbasket'],
    policy: 'conversation.time', params: Id, body: z.object({ minutes: z.number().int().min(1).max(240), activity: z.string().trim().max(100).default('review') }),
    status: 204,
    handler: async ({ actor, db, config, ip, params, body }) => logTime({ db, actor, config, ip }, params.id, body),
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId/messaging-time', summary: "Clinician time on this patient's messages (30 days) and digital-visit minutes", tags: ['inbasket'],
    policy: 'messaging-time.read', params: z.object({ patientId: z.string() }),
    handler: async ({ actor, db, ip, params }) => {
      const summary = await timeSummary(db, params.patientId, actor.orgId);
      await auditRead(db, { actor, patientId: params.patientId, action: 'read', resourceType: 'MessagingTime', ip });
      return summary;
    },
  });

  route(app, {
    method: 'POST', url: '/api/patients/:patientId/phone-encounters', summary: "Log a phone call in the patient's messages (idempotent)", tags: ['inbasket'],
    policy: 'phone-encounter.create', params: z.object({ patientId: z.string() }), status: 201,
    body: z.object({ category: z.string().max(60), subject: z.string().max(200), body: z.string().max(100_000), clinicId: z.string().optional(), idempotencyKey: IdempotencyKey }),
    response: z.object({ thread: ThreadSummary }),
    handler: async ({ actor, db, config, ip, params, body, reply }) => {
      const r = await logPhoneEncounter({ db, actor, config, ip }, params.patientId, body);
      reply.code(r.status);
      return r.body;
    },
  });

  const ReportQuery = z.object({ clinicId: uuid.optional(), poolId: uuid.optional(), days: z.coerce.number().int().min(1).max(366).default(30) });
  route(app, {
    method: 'GET', url: '/api/inbasket/report', summary: 'Response-time audit per pool and clinic', tags: ['inbasket'], policy: 'inbasket.report', query: ReportQuery,
    handler: async ({ actor, db, query }) => responseReport(db, actor, query),
  });

  route(app, {
    method: 'GET', url: '/api/inbasket/report.csv', summary: 'Response-time audit as CSV (section: pools, categories, days or workload)', tags: ['inbasket'],
    policy: 'inbasket.report', query: ReportQuery.extend({ section: z.enum(['pools', 'categories', 'days', 'workload']).default('pools') }),
    raw: { responseContentType: 'text/csv' },
    handler: async ({ actor, db, query, reply }) => {
      const csv = reportCsv(await responseReport(db, actor, query), query.section);
      const name = query.section === 'pools' ? 'message-response-times' : `message-${query.section}`;
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return reply.send(csv);
    },
  });
}
