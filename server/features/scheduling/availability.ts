import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/policy';
import { route } from '../../platform/http/route';
import { audit } from '../../platform/audit/audit';
import { badRequest, notFound } from '../../platform/errors';
import type { Queryable } from '../../db/client';
import { findClinician, isUuid } from './repository';

// Clinicians define when they see patients: weekly templates per location, and exceptions (time off). A clinician edits
// their own; front desk and admins edit anyone's in the organization. Booked visits are never touched by these changes.

const Time = z.string().regex(/^([01]\d|2[0-3]):(00|15|30|45)$/, 'Use a time like 08:30 (quarter hours)');
const Date10 = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-01');

const TemplateOut = z.object({
  id: z.string(), locationId: z.string(), locationName: z.string(), weekday: z.number(), startTime: z.string(), endTime: z.string(),
  slotMinutes: z.number(), validFrom: z.string(), validUntil: z.string().nullable(),
  visitTypeIds: z.array(z.string()), // empty: any visit type
});
const ExceptionOut = z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), reason: z.string() });

async function editableClinician(q: Queryable, actor: Actor, clinicianId: string) {
  const c = await findClinician(q, actor.orgId, clinicianId);
  if (!c) throw notFound('This clinician');
  const manager = can(actor, 'manage-others', 'schedule');
  if (!manager && actor.userId !== c.id) throw notFound('This clinician');
  return c;
}

export function availabilityRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/scheduling/clinicians/:id/availability', summary: "A clinician's weekly templates and time off", tags: ['scheduling'],
    policy: 'schedule.manage', params: z.object({ id: z.string() }),
    response: z.object({ templates: z.array(TemplateOut), exceptions: z.array(ExceptionOut) }),
    handler: async ({ actor, db, params }) => {
      const c = await findClinician(db, actor.orgId, params.id);
      if (!c) throw notFound('This clinician');
      const templates = await db.query<{ id: string; location_id: string; location_name: string; weekday: number; start_time: string; end_time: string;
        slot_minutes: number; valid_from: string; valid_until: string | null; visit_type_ids: string[] }>(
        `select t.*, l.name as location_name from sched_template t join location l on l.id = t.location_id
          where t.clinician_id = $1 and (t.valid_until is null or t.valid_until >= current_date) order by t.weekday, t.start_time`, [c.id]);
      const exceptions = await db.query<{ id: string; starts_at: Date; ends_at: Date; reason: string }>(
        'select * from sched_exception where clinician_id = $1 and ends_at > now() order by starts_at', [c.id]);
      return {
        templates: templates.map((t) => ({
          id: t.id, locationId: t.location_id, locationName: t.location_name, weekday: t.weekday, startTime: t.start_time.slice(0, 5),
          endTime: t.end_time.slice(0, 5), slotMinutes: t.slot_minutes, validFrom: t.valid_from, validUntil: t.valid_until, visitTypeIds: t.visit_type_ids ?? [],
        })),
        exceptions: exceptions.map((e) => ({ id: e.id, startsAt: new Date(e.starts_at).toISOString(), endsAt: new Date(e.ends_at).toISOString(), reason: e.reason })),
      };
    },
  });

  route(app, {
    method: 'POST', url: '/api/scheduling/clinicians/:id/templates', summary: 'Add a weekly availability block', tags: ['scheduling'], policy: 'schedule.manage',
    params: z.object({ id: z.string() }), status: 201,
    body: z.object({
      locationId: z.string(), weekday: z.number().int().min(1).max(7), startTime: Time, endTime: Time,
      slotMinutes: z.number().int().min(15).max(240).multipleOf(15).default(30), validFrom: Date10.optional(), validUntil: Date10.nullable().optional(),
      visitTypeIds: z.array(z.string()).max(20).default([]),
    }),
    response: z.object({ id: z.string() }),
    handler: async ({ actor, db, ip, params, body }) => {
      if (body.endTime <= body.startTime) throw badRequest('The end time must be after the start time.', 'endTime');
      return db.tx(async (q) => {
        const c = await editableClinician(q, actor, params.id);
        const loc = isUuid(body.locationId) ? await q.query('select 1 from location where id = $1 and org_id = $2', [body.locationId, actor.orgId]) : [];
        if (!loc.length) throw badRequest('Choose a location from the list.', 'locationId');
        const vtIds = [...new Set(body.visitTypeIds)];
        const known = vtIds.length && vtIds.every(isUuid)
          ? await q.query('select 1 from visit_type where org_id = $1 and id = any($2::uuid[]) and active', [actor.orgId, vtIds]) : [];
        if (known.length !== vtIds.length) throw badRequest('Choose visit types from the list.', 'visitTypeIds');
        const [row] = await q.query<{ id: string }>(
          `insert into sched_template (org_id, clinician_id, location_id, weekday, start_time, end_time, slot_minutes, valid_from, valid_until, visit_type_ids)
           values ($1,$2,$3,$4,$5,$6,$7,coalesce($8::date, current_date),$9,$10::uuid[]) returning id`,
          [actor.orgId, c.id, body.locationId, body.weekday, body.startTime, body.endTime, body.slotMinutes, body.validFrom ?? null, body.validUntil ?? null, vtIds]);
        await audit(q, { actor, action: 'create', resourceType: 'AvailabilityTemplate', resourceId: row.id, ip, detail: { clinicianId: c.id } });
        return { id: row.id };
      });
    },
  });

  route(app, {
    method: 'POST', url: '/api/scheduling/clinicians/:id/exceptions', summary: 'Add time off (no slots are offered in it)', tags: ['scheduling'],
    policy: 'schedule.manage', params: z.object({ id: z.string() }), status: 201,
    body: z.object({ startsAt: z.string().datetime({ offset: true }), endsAt: z.string().datetime({ offset: true }), reason: z.string().trim().max(200).default('Time off') }),
    response: z.object({ id: z.string() }),
    handler: async ({ actor, db, ip, params, body }) => {
      if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) throw badRequest('The end must be after the start.', 'endsAt');
      return db.tx(async (q) => {
        const c = await editableClinician(q, actor, params.id);
        const [row] = await q.query<{ id: string }>(
          'insert into sched_exception (org_id, clinician_id, starts_at, ends_at, reason, created_by) values ($1,$2,$3,$4,$5,$6) returning id',
          [actor.orgId, c.id, body.startsAt, body.endsAt, body.reason || 'Time off', actor.userId]);
        await audit(q, { actor, action: 'create', resourceType: 'AvailabilityException', resourceId: row.id, ip, detail: { clinicianId: c.id } });
        return { id: row.id };
      });
    },
  });

  route(app, {
    method: 'DELETE', url: '/api/scheduling/exceptions/:id', summary: 'Remove time off (its slots are offered again)', tags: ['scheduling'], policy: 'schedule.manage',
    params: z.object({ id: z.string() }),
    handler: async ({ actor, db, ip, params }) => {
      await db.tx(async (q) => {
        const [e] = isUuid(params.id) ? await q.query<{ clinician_id: string }>('select clinician_id from sched_exception where id = $1 and org_id = $2', [params.id, actor.orgId]) : [];
        if (!e) throw notFound('This time off');
        await editableClinician(q, actor, e.clinician_id);
        await q.query('delete from sched_exception where id = $1', [params.id]);
        await audit(q, { actor, action: 'delete', resourceType: 'AvailabilityException', resourceId: params.id, ip, detail: { clinicianId: e.clinician_id } });
      });
    },
  });

  route(app, {
    method: 'DELETE', url: '/api/scheduling/templates/:id', summary: 'End a weekly availability block (from today)', tags: ['scheduling'], policy: 'schedule.manage',
    params: z.object({ id: z.string() }),
    handler: async ({ actor, db, ip, params }) => {
      await db.tx(async (q) => {
        const [t] = isUuid(params.id) ? await q.query<{ clinician_id: string }>('select clinician_id from sched_template where id = $1 and org_id = $2', [params.id, actor.orgId]) : [];
        if (!t) throw notFound('This availability block');
        await editableClinician(q, actor, t.clinician_id);
        await q.query("update sched_template set valid_until = current_date - 1 where id = $1", [params.id]);
        await audit(q, { actor, action: 'update', resourceType: 'AvailabilityTemplate', resourceId: params.id, ip, detail: { ended: true } });
      });
    },
  });
}
