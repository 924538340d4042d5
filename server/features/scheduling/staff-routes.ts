import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { notFound } from '../../platform/errors';
import { auditRead } from '../../platform/audit/audit';
import { AppointmentOut, RequestOut, SlotOut, presentAppointment } from './presenters';
import { findClinician, listClinicianAppointments } from './repository';
import { bookRequest, confirmCancel, offerAlternatives, searchSlots } from './booking';
import { orgTimezone } from './service';

/** Who works the scheduling pool: front desk, admins and the clinical team. */

const Id = z.object({ id: z.string() });
const Key = z.string().min(8).max(200);
const Date10 = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-01');

export function staffSchedulingRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/scheduling/slots', summary: "A clinician's open slots (scheduling team)", tags: ['scheduling'], policy: 'schedule.manage',
    query: z.object({ clinicianId: z.string(), from: Date10.optional(), to: Date10.optional(), visitTypeId: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }),
    response: z.object({ clinician: z.object({ id: z.string(), displayName: z.string() }), slots: z.array(SlotOut) }),
    handler: async ({ actor, db, config, ip, query }) => searchSlots({ db, actor, config, ip }, query),
  });

  route(app, {
    method: 'GET', url: '/api/scheduling/clinicians/:id/appointments', summary: "A clinician's booked appointments in a date range (scheduling team)",
    tags: ['scheduling'], policy: 'appointment.manage', params: Id, query: z.object({ from: Date10, to: Date10 }),
    response: z.object({ appointments: z.array(AppointmentOut) }),
    handler: async ({ actor, db, ip, params, query }) => {
      const c = await findClinician(db, actor.orgId, params.id);
      if (!c) throw notFound('This clinician');
      const rows = await listClinicianAppointments(db, actor.orgId, c.id, new Date(query.from), new Date(Date.parse(query.to) + 86_400_000));
      const tz = await orgTimezone(db, actor.orgId);
      await auditRead(db, { actor, action: 'read', resourceType: 'Schedule', resourceId: c.id, ip, detail: { count: rows.length } });
      return { appointments: rows.map((r) => presentAppointment(r, { staff: true, tz })) };
    },
  });

  route(app, {
    method: 'POST', url: '/api/appointment-requests/:id/book', summary: 'Book a slot that answers the request (scheduling team)', tags: ['scheduling'],
    policy: 'appointment.manage', params: Id, status: 201,
    body: z.object({ clinicianId: z.string(), startAt: z.string().datetime({ offset: true }), visitTypeId: z.string().nullable().optional(), note: z.string().max(2000).optional(), idempotencyKey: Key }),
    response: z.object({ appointment: AppointmentOut, request: RequestOut }),
    handler: async ({ actor, db, config, ip, params, body, reply }) => {
      const res = await bookRequest({ db, actor, config, ip }, params.id, body);
      reply.code(res.status);
      return res.body;
    },
  });

  route(app, {
    method: 'POST', url: '/api/appointment-requests/:id/alternatives', summary: 'Reply with other open times (scheduling team)', tags: ['scheduling'],
    policy: 'appointment.manage', params: Id,
    body: z.object({
      slots: z.array(z.object({ clinicianId: z.string(), startAt: z.string().datetime({ offset: true }) })).max(10).default([]),
      message: z.string().max(2000).optional(), idempotencyKey: Key,
    }),
    response: z.object({ request: RequestOut }),
    handler: async ({ actor, db, config, ip, params, body }) => (await offerAlternatives({ db, actor, config, ip }, params.id, body)).body,
  });

  route(app, {
    method: 'POST', url: '/api/appointment-requests/:id/cancel-appointment', summary: 'Confirm a cancellation request (scheduling team)', tags: ['scheduling'],
    policy: 'appointment.manage', params: Id, body: z.object({ note: z.string().max(2000).optional(), idempotencyKey: Key }),
    response: z.object({ request: RequestOut }),
    handler: async ({ actor, db, config, ip, params, body }) => (await confirmCancel({ db, actor, config, ip }, params.id, body)).body,
  });
}
