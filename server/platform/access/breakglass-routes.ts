import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../http/route';
import { auditRead } from '../audit/audit';
import { ROLES } from './actor';
import { BREAK_GLASS_MINUTES, breakGlassReport, openBreakGlass } from './breakglass';
import { describeRule, PERMISSIONS, ruleFor } from './policy';

const BreakGlassOut = z.object({ id: z.string(), patientId: z.string(), reason: z.string(), createdAt: z.string(), expiresAt: z.string() });
const iso = (d: Date) => new Date(d).toISOString();

/** Break-glass (open a chart outside one's normal scope, with a reason, for an hour) and its admin report. */
export function breakGlassRoutes(app: FastifyInstance) {
  route(app, {
    method: 'POST', url: '/api/break-glass', summary: `Break the glass: open one patient's chart for ${BREAK_GLASS_MINUTES} minutes with a written reason`,
    tags: ['access'], policy: 'breakglass.open', status: 201,
    body: z.object({ patientId: z.uuid('patientId: not a valid id'), reason: z.string().trim().min(10, 'reason: say in a sentence why you need this chart').max(1000) }),
    response: z.object({ breakGlass: BreakGlassOut }),
    handler: async ({ actor, db, ip, body }) => {
      const r = await openBreakGlass(db, actor, body.patientId, body.reason, ip);
      return { breakGlass: { id: r.id, patientId: r.patient_id, reason: r.reason, createdAt: iso(r.created_at), expiresAt: iso(r.expires_at) } };
    },
  });

  route(app, {
    method: 'GET', url: '/api/break-glass', summary: 'My unexpired break-glass grants', tags: ['access'], policy: 'breakglass.open',
    response: z.object({ active: z.array(BreakGlassOut) }),
    handler: async ({ actor, db }) => {
      const rows = await db.query<{ id: string; patient_id: string; reason: string; created_at: Date; expires_at: Date }>(
        'select id, patient_id, reason, created_at, expires_at from break_glass where user_id = $1 and expires_at > now() order by created_at desc', [actor.userId]);
      return { active: rows.map((r) => ({ id: r.id, patientId: r.patient_id, reason: r.reason, createdAt: iso(r.created_at), expiresAt: iso(r.expires_at) })) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/admin/break-glass', summary: 'Break-glass report: who opened which chart, why, when, and how many reads followed (admins)',
    tags: ['access'], policy: 'breakglass.report',
    query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
    response: z.object({
      events: z.array(z.object({
        id: z.string(), user: z.object({ id: z.string(), displayName: z.string(), role: z.string() }),
        patient: z.object({ id: z.string(), name: z.string(), mrn: z.string() }),
        reason: z.string(), createdAt: z.string(), expiresAt: z.string(), active: z.boolean(), reads: z.number(),
      })),
    }),
    handler: async ({ actor, db, ip, query }) => {
      const rows = await breakGlassReport(db, actor, query.days);
      await auditRead(db, { actor, action: 'read', resourceType: 'BreakGlassReport', ip, detail: { results: rows.length, days: query.days } });
      const now = Date.now();
      return {
        events: rows.map((r) => ({
          id: r.id, user: { id: r.user_id, displayName: r.user_name, role: r.role }, patient: { id: r.patient_id, name: r.patient_name, mrn: r.mrn },
          reason: r.reason, createdAt: iso(r.created_at), expiresAt: iso(r.expires_at), active: new Date(r.expires_at).getTime() > now, reads: r.reads,
        })),
      };
    },
  });

  route(app, {
    method: 'GET', url: '/api/admin/access-policy', summary: 'The access policy: what each role may do, and how far it reaches (admins)',
    tags: ['access'], policy: 'config.manage',
    response: z.object({ roles: z.array(z.string()), permissions: z.array(z.object({ permission: z.string(), cells: z.record(z.string(), z.string()) })) }),
    handler: async () => ({
      roles: [...ROLES],
      permissions: PERMISSIONS.map((p) => ({ permission: p, cells: Object.fromEntries(ROLES.map((r) => [r, describeRule(ruleFor(r, p))])) })),
    }),
  });
}
