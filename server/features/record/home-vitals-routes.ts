import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CLINICAL_ROLES } from '../../platform/access/actor';
import { ownPatientId } from '../../platform/access/scope';
import { route } from '../../platform/http/route';
import type { Who } from './service';
import * as vitals from './home-vitals';

// /api/record/blood-pressure and /api/record/weight (the patient's own log) and, for clinical staff, the readings a
// patient shared: /api/patients/:patientId/record/blood-pressure | weight.

const tz = z.string().max(64).refine((v) => { try { new Intl.DateTimeFormat('en', { timeZone: v }); return true; } catch { return false; } }, 'unknown time zone').default('UTC');
const Guidance = z.object({ level: z.string(), text: z.string(), amount: z.number().optional(), unit: z.string().optional() }).nullable();
const Vital = z.object({
  id: z.string(), kind: z.enum(['blood-pressure', 'weight']), measuredAt: z.string(), note: z.string().nullable(), shared: z.boolean(),
  value: z.number().nullable(), unit: z.string(), weightKg: z.number().nullable(), systolic: z.number().nullable(), diastolic: z.number().nullable(),
  pulse: z.number().nullable(), flag: z.string().nullable(),
});
const VitalList = z.object({
  kind: z.string(), days: z.number(), unit: z.string(), target: z.object({ systolic: z.number(), diastolic: z.number() }).nullable(), readings: z.array(Vital),
  summary: z.object({
    count: z.number(), average: z.union([z.number(), z.string()]).nullable(), change: z.number().nullable(), inTargetPercent: z.number().nullable(),
    highs: z.number(), lows: z.number(),
  }),
});
const Days = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });
const when = { measuredAt: z.iso.datetime({ offset: true }).optional(), note: z.string().max(500).optional() };
const whole = (what: string) => z.number({ error: `enter the ${what}` }).int(`enter the ${what} as a whole number`);

export function homeVitalRoutes(app: FastifyInstance) {
  const own = (c: { db: Who['db']; actor: Who['actor']; ip: string }): Who => ({ db: c.db, actor: c.actor, ip: c.ip, patientId: ownPatientId(c.actor) });
  for (const kind of ['blood-pressure', 'weight'] as const) {
    const what = kind === 'weight' ? 'weight' : 'blood pressure';
    route(app, {
      method: 'GET', url: `/api/record/${kind}`, summary: `Home ${what} readings with a summary (my record)`, tags: ['record'], access: 'patient',
      query: Days, response: VitalList, handler: (c) => vitals.list(own(c), kind, c.query.days, false),
    });
    route(app, {
      method: 'GET', url: `/api/patients/:patientId/record/${kind}`, summary: `Home ${what} readings the patient shared (clinical staff)`, tags: ['record'],
      access: ['patient', ...CLINICAL_ROLES], params: z.object({ patientId: z.string() }), query: Days, response: VitalList,
      handler: (c) => vitals.list({ db: c.db, actor: c.actor, ip: c.ip, patientId: c.params.patientId }, kind, c.query.days, c.actor.role !== 'patient'),
    });
    route(app, {
      method: 'DELETE', url: `/api/record/${kind}/:readingId`, summary: `Remove one of my ${what} readings`, tags: ['record'], access: 'patient',
      params: z.object({ readingId: z.string() }), handler: async (c) => { await vitals.remove(own(c), kind, c.params.readingId); },
    });
    route(app, {
      method: 'POST', url: `/api/record/${kind}/share`, summary: `Share my recent ${what} readings with my care team`, tags: ['record'], access: 'patient',
      body: z.object({ days: z.number().int().min(1).max(366).default(30) }), response: z.object({ shared: z.number() }),
      handler: (c) => vitals.share(own(c), kind, c.body.days),
    });
    route(app, {
      method: 'POST', url: `/api/record/${kind}/send`, tags: ['record'], access: 'patient', status: 201,
      summary: `Send my ${what} readings of the last N days to my care team (a new home-readings conversation, or a message in one of mine); marks them shared`,
      body: z.object({
        days: z.number().int().min(1).max(90).default(30), note: z.string().max(1000).optional(), tz,
        urgentAcknowledged: z.boolean().optional(), idempotencyKey: z.string().min(8).max(190),
        threadId: z.string().uuid('choose one of your conversations').optional(),
      }),
      response: z.object({ threadId: z.string(), sent: z.number(), shared: z.number() }),
      handler: (c) => vitals.send({ ...own(c), config: c.config }, kind, c.body),
    });
  }
  route(app, {
    method: 'POST', url: '/api/record/blood-pressure', summary: 'Log a home blood pressure reading (top and bottom numbers, optional pulse)', tags: ['record'], access: 'patient', status: 201,
    body: z.object({ systolic: whole('top number'), diastolic: whole('bottom number'), pulse: whole('pulse').optional(), ...when }),
    response: z.object({ reading: Vital, guidance: Guidance }),
    handler: (c) => vitals.addBloodPressure(own(c), c.body),
  });
  route(app, {
    method: 'POST', url: '/api/record/weight', summary: 'Log a home weight reading', tags: ['record'], access: 'patient', status: 201,
    body: z.object({ value: z.number({ error: 'enter the number your scale shows' }).positive('enter the number your scale shows'), unit: z.enum(['kg', 'lb']), ...when }),
    response: z.object({ reading: Vital, guidance: Guidance }),
    handler: (c) => vitals.addWeight(own(c), c.body),
  });
  route(app, {
    method: 'PUT', url: '/api/record/weight/unit', summary: 'Set the unit I read my scale in', tags: ['record'], access: 'patient',
    body: z.object({ unit: z.enum(['kg', 'lb']) }), response: z.object({ unit: z.string() }),
    handler: (c) => vitals.setWeightUnit(own(c), c.body.unit),
  });
}
