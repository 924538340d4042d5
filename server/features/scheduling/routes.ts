import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { auditRead } from '../../platform/audit/audit';
import { notFound } from '../../platform/errors';
import { ownPatientId } from '../../platform/access/scope';
import { appointmentIcs } from './ics';
import { AppointmentOut, ClinicianOut, RequestOut, VisitTypeOut, presentClinician, presentRequest, presentVisitType } from './presenters';
import { findRequest, listRequests } from './repository';
import { threadScopeSql } from '../messaging/repository';
import { askAboutLabs, createRequest, getOne, listForPatient, requestOptions } from './service';
import { staffSchedulingRoutes } from './staff-routes';
import { availabilityRoutes } from './availability';
import { startReminderJob } from './reminders';

const Id = z.object({ id: z.string() });
const Key = z.string().min(8).max(200);
const Lists = z.object({ upcoming: z.array(AppointmentOut), past: z.array(AppointmentOut) });

export function schedulingRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/appointments', summary: 'My upcoming and past appointments (patient)', tags: ['scheduling'], policy: 'appointment.read:own',
    response: Lists,
    handler: async ({ actor, db, config, ip }) => listForPatient({ db, actor, config, ip }, ownPatientId(actor)),
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId/appointments', summary: "A patient's appointments (own record or staff of the organization)",
    tags: ['scheduling'], policy: 'appointment.read', params: z.object({ patientId: z.string() }), response: Lists,
    handler: async ({ actor, db, config, ip, params }) => listForPatient({ db, actor, config, ip }, params.patientId),
  });

  route(app, {
    method: 'GET', url: '/api/appointments/:id', summary: 'One appointment', tags: ['scheduling'], policy: 'appointment.read', params: Id,
    response: z.object({ appointment: AppointmentOut }),
    handler: async ({ actor, db, config, ip, params }) => ({ appointment: (await getOne({ db, actor, config, ip }, params.id)).appointment }),
  });

  route(app, {
    method: 'GET', url: '/api/appointments/:id/calendar.ics', summary: 'Add to calendar: the appointment as an iCalendar file', tags: ['scheduling'], policy: 'appointment.read',
    params: Id, raw: { responseContentType: 'text/calendar' },
    handler: async ({ actor, db, config, ip, params, reply }) => {
      const { appointment } = await getOne({ db, actor, config, ip }, params.id);
      reply.header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="appointment-${appointment.startAt.slice(0, 10)}.ics"`)
        .header('cache-control', 'no-store')
        .send(appointmentIcs(appointment, config.publicUrl));
    },
  });

  route(app, {
    method: 'POST', url: '/api/appointments/:id/labs-question', summary: '"Do you want me to get labs before my visit?" as a message (patient)',
    tags: ['scheduling'], policy: 'conversation.create', params: Id,
    body: z.object({ note: z.string().max(2000).optional(), idempotencyKey: Key }),
    response: z.object({ threadId: z.string(), alreadyAsked: z.boolean() }),
    handler: async ({ actor, db, config, ip, params, body, reply }) => {
      const res = await askAboutLabs({ db, actor, config, ip }, params.id, body);
      // 201 when the question was sent now, 200 when it had been asked before (status varies, so it is sent here).
      reply.code(res.status).send(res.body);
    },
  });

  route(app, {
    method: 'GET', url: '/api/scheduling/options', summary: 'Visit types, clinicians and clinics for the request form', tags: ['scheduling'], policy: 'schedule.read',
    response: z.object({ visitTypes: z.array(VisitTypeOut), clinicians: z.array(ClinicianOut), clinics: z.array(z.object({ id: z.string(), name: z.string() })) }),
    handler: async ({ actor, db }) => {
      const o = await requestOptions(db, actor);
      return { visitTypes: o.visitTypes.map(presentVisitType), clinicians: o.clinicians.map(presentClinician), clinics: o.clinics };
    },
  });

  route(app, {
    method: 'POST', url: '/api/appointment-requests', summary: 'Request a new appointment, or to cancel or move one (patient); starts a conversation',
    tags: ['scheduling'], policy: 'appointment.request', status: 201,
    body: z.object({
      kind: z.enum(['new', 'cancel', 'reschedule']).default('new'),
      appointmentId: z.string().optional(),
      reason: z.string().max(1000),
      preferredClinicianId: z.string().nullable().optional(),
      clinicId: z.string().nullable().optional(),
      preferredDays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
      preferredTimes: z.array(z.enum(['morning', 'afternoon', 'evening'])).max(3).default([]),
      modality: z.enum(['in_person', 'video', 'phone']).default('in_person'),
      visitTypeId: z.string().nullable().optional(),
      idempotencyKey: Key,
    }),
    response: z.object({ request: RequestOut }),
    handler: async ({ actor, db, config, ip, body, reply }) => {
      const res = await createRequest({ db, actor, config, ip }, body);
      reply.code(res.status);
      return res.body;
    },
  });

  route(app, {
    method: 'GET', url: '/api/appointment-requests', summary: 'Appointment requests: mine (patient) or the organization\'s (staff)', tags: ['scheduling'],
    policy: 'appointment.read',
    query: z.object({ status: z.enum(['open', 'all']).default('all'), patientId: z.string().uuid().optional() }),
    response: z.object({ requests: z.array(RequestOut) }),
    handler: async ({ actor, db, ip, query }) => {
      const rows = await listRequests(db, actor, { status: query.status, patientId: query.patientId });
      await auditRead(db, { actor, patientId: actor.patientId ?? query.patientId ?? null, action: 'read', resourceType: 'AppointmentRequest', ip, detail: { count: rows.length } });
      return { requests: rows.map((r) => presentRequest(r, actor.role !== 'patient')) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/appointment-requests/:id', summary: 'One appointment request', tags: ['scheduling'], params: Id, policy: 'appointment.read',
    response: z.object({ request: RequestOut }),
    handler: async ({ actor, db, ip, params }) => {
      const r = await findRequest(db, actor, params.id);
      if (!r) throw notFound('This request');
      await auditRead(db, { actor, patientId: r.patient_id, action: 'read', resourceType: 'AppointmentRequest', resourceId: r.id, ip });
      return { request: presentRequest(r, actor.role !== 'patient') };
    },
  });

  route(app, {
    method: 'GET', url: '/api/structured-requests', summary: 'The appointment, refill or referral request behind a conversation (for thread views)',
    tags: ['scheduling'], policy: 'conversation.read', query: z.object({ threadId: z.string().uuid() }),
    response: z.object({ request: z.object({ kind: z.enum(['appointment', 'refill', 'referral']), id: z.string(), staffHref: z.string(), patientHref: z.string() }).nullable() }),
    handler: async ({ actor, db, ip, query }) => {
      const params: unknown[] = [query.threadId];
      // Reached through the conversation: whoever may read the thread (policy 'conversation.read') sees what it is about.
      const scope = `exists (select 1 from msg_thread t where t.id = x.thread_id and ${threadScopeSql(actor, 't', params)})`;
      const [row] = await db.query<{ kind: 'appointment' | 'refill' | 'referral'; id: string; patient_id: string }>(
        `select * from (select 'appointment' as kind, id, patient_id, org_id, thread_id from appointment_request
                        union all select 'refill', id, patient_id, org_id, thread_id from refill_request
                        union all select 'referral', id, patient_id, org_id, thread_id from referral_request) x
          where x.thread_id = $1 and ${scope} limit 1`, params);
      if (!row) return { request: null };
      await auditRead(db, { actor, patientId: row.patient_id, action: 'read', resourceType: 'StructuredRequest', resourceId: row.id, ip, detail: { kind: row.kind } });
      const staffHref = row.kind === 'appointment' ? `/staff/scheduling/${row.id}` : row.kind === 'refill' ? '/staff/refills' : '/staff/referrals';
      const patientHref = row.kind === 'appointment' ? '/appointments' : row.kind === 'refill' ? '/refills' : '/referrals';
      return { request: { kind: row.kind, id: row.id, staffHref, patientHref } };
    },
  });

  staffSchedulingRoutes(app);
  availabilityRoutes(app);

  // Reminders run in the server process (not in tests, where they are called directly).
  if (app.config.env !== 'test') {
    let stop: (() => void) | null = null;
    app.addHook('onReady', async () => { stop = startReminderJob(app.db, app.config.publicUrl); });
    app.addHook('onClose', async () => { stop?.(); });
  }
}
