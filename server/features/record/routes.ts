import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route, type Ctx } from '../../platform/http/route';
import { ownPatientId } from '../../platform/access/scope';
import { notFound } from '../../platform/errors';
import * as svc from './service';
import * as glucose from './glucose';
import * as care from './care';
import { sendReadings } from './send';
import { exportBundle } from './export';
import { summaryHtml } from './summary';
import { documentContent } from './repository';
import { transmitRoutes } from './transmit';
import { homeVitalRoutes } from './home-vitals-routes';
import {
  AllergyOut, allExplanations, DocumentOut, ExplanationOut, FlaggedResultOut, ImmunizationOut, MedicationOut, PointOut, ProblemOut, ResultOut, VisitOut,
} from './presenters';

const PatientParam = z.object({ patientId: z.string() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-03-02');
const tz = z.string().max(64).refine((v) => { try { new Intl.DateTimeFormat('en', { timeZone: v }); return true; } catch { return false; } }, 'unknown time zone').default('UTC');
const RangeQuery = z.object({ from: date.optional(), to: date.optional(), tz });
const Gl = z.object({
  id: z.string(), value: z.number(), unit: z.string(), valueMgdl: z.number(), enteredValue: z.number(), enteredUnit: z.string(), context: z.string(),
  contextText: z.string(), measuredAt: z.string(), note: z.string().nullable(), shared: z.boolean(),
});
const GlucoseList = z.object({
  unit: z.string(), days: z.number(), target: z.object({ low: z.number(), high: z.number() }), readings: z.array(Gl),
  summary: z.object({ count: z.number(), average: z.number().nullable(), inRangePercent: z.number().nullable(), lows: z.number(), highs: z.number() }),
});

type Def<Q extends z.ZodType, R extends z.ZodType> = {
  path: string; summary: string; query?: Q; response?: R; raw?: { responseContentType: string };
  handler: (w: svc.Who, query: z.infer<Q>, ctx: Ctx<unknown, z.infer<Q>, unknown>) => Promise<z.infer<R> | undefined | void>;
};

/**
 * Registers a read twice: /api/record/… for the signed-in patient's own record, and /api/patients/:patientId/record/… for
 * clinical staff, whose access to that patient is checked centrally by route() before the handler runs (a patient may use
 * it for their own id; any other id is 404, like a record that does not exist).
 */
function both<Q extends z.ZodType, R extends z.ZodType>(app: FastifyInstance, d: Def<Q, R>) {
  route(app, {
    method: 'GET', url: `/api/record${d.path}`, summary: `${d.summary} (my record)`, tags: ['record'], policy: 'record.read:own', query: d.query, response: d.response, raw: d.raw,
    handler: (c) => d.handler({ db: c.db, actor: c.actor, ip: c.ip, patientId: ownPatientId(c.actor) }, c.query, c as Ctx<unknown, z.infer<Q>, unknown>),
  });
  route(app, {
    method: 'GET', url: `/api/patients/:patientId/record${d.path}`, summary: `${d.summary} (a patient's record, clinical staff)`, tags: ['record'],
    policy: 'record.read', params: PatientParam, query: d.query, response: d.response, raw: d.raw,
    handler: (c) => d.handler({ db: c.db, actor: c.actor, ip: c.ip, patientId: c.params.patientId }, c.query, c as Ctx<unknown, z.infer<Q>, unknown>),
  });
}

export function recordRoutes(app: FastifyInstance) {
  both(app, {
    path: '/results', summary: 'Results, newest first; one test with ?code=LOINC, else all lab results',
    query: z.object({ code: z.string().trim().min(1).max(64).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }),
    response: z.object({ results: z.array(ResultOut) }), handler: (w, q) => svc.results(w, q.code, q.limit),
  });
  both(app, {
    path: '/results/by-date', summary: 'Lab results grouped by day (in time zone tz) and panel, with flags in words; page with ?days=N and then ?before=nextBefore',
    query: RangeQuery.extend({ days: z.coerce.number().int().min(1).max(366).optional(), before: date.optional() }),
    response: z.object({
      days: z.array(z.object({ date: z.string(), panels: z.array(z.object({ panel: z.string(), outOfRange: z.number(), results: z.array(FlaggedResultOut) })) })),
      nextBefore: z.string().nullable(),
    }),
    handler: (w, q) => svc.resultsByDate(w, q.tz, q, { days: q.days, before: q.before }),
  });
  both(app, {
    path: '/tests', summary: 'Tests with numeric results and how many times each was done',
    response: z.object({ tests: z.array(z.object({ code: z.string(), display: z.string(), unit: z.string().nullable(), count: z.number(), latestAt: z.string(), hasExplanation: z.boolean() })) }),
    handler: (w) => svc.tests(w),
  });
  both(app, {
    path: '/trend', summary: 'One test over time (oldest first) with its reference range and goal', query: z.object({ code: z.string().trim().min(1).max(64) }),
    response: z.object({
      code: z.string(), display: z.string(), unit: z.string().nullable(), points: z.array(PointOut),
      referenceRange: z.object({ low: z.number().nullable(), high: z.number().nullable(), text: z.string().nullable() }).nullable(),
      rangeText: z.string().nullable().optional(),
      target: z.object({ high: z.number(), text: z.string(), source: z.string() }).nullable(), explanation: ExplanationOut.nullable(),
    }),
    handler: (w, q) => svc.trend(w, q.code),
  });
  both(app, { path: '/problems', summary: 'Health problems, active and past', response: z.object({ active: z.array(ProblemOut), past: z.array(ProblemOut) }), handler: (w) => svc.problems(w) });
  both(app, { path: '/medications', summary: 'Medicines, active and past, with dose and instructions', response: z.object({ active: z.array(MedicationOut), past: z.array(MedicationOut) }), handler: (w) => svc.medications(w) });
  both(app, { path: '/allergies', summary: 'Allergies with reactions', response: z.object({ allergies: z.array(AllergyOut) }), handler: (w) => svc.allergies(w) });
  both(app, { path: '/immunizations', summary: 'Shots (immunizations)', response: z.object({ immunizations: z.array(ImmunizationOut) }), handler: (w) => svc.immunizations(w) });
  both(app, { path: '/visits', summary: 'Visits with clinician and place', response: z.object({ visits: z.array(VisitOut) }), handler: (w) => svc.visits(w) });
  both(app, { path: '/procedures', summary: 'Procedures (operations, tests done on the body), newest first', response: z.object({ procedures: z.array(care.ProcedureOut) }), handler: (w) => care.procedures(w) });
  both(app, { path: '/care-plans', summary: 'Care plans, current and past, with health goals', response: z.object({ current: z.array(care.CarePlanOut), past: z.array(care.CarePlanOut), goals: z.array(care.GoalOut) }), handler: (w) => care.carePlans(w) });
  both(app, { path: '/documents', summary: 'Documents', response: z.object({ documents: z.array(DocumentOut) }), handler: (w) => svc.documents(w) });
  both(app, {
    path: '/vitals', summary: 'Blood pressure, weight and BMI over time',
    response: z.object({
      bloodPressure: z.array(z.object({ effectiveAt: z.string(), systolic: z.number(), diastolic: z.number() })), weight: z.array(PointOut), bmi: z.array(PointOut),
      latest: z.array(ResultOut.extend({ flagText: z.string() })),
    }),
    handler: (w) => svc.vitals(w),
  });
  both(app, {
    path: '/glucose', summary: 'Home blood glucose readings with a summary (staff see shared readings only)',
    query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }), response: GlucoseList,
    handler: (w, q) => glucose.list(w, q.days, w.actor.role !== 'patient'),
  });
  both(app, {
    path: '/export.json', summary: 'Download the record as a FHIR R4 Bundle', query: RangeQuery.pick({ from: true, to: true }),
    handler: async (w, q, c) => {
      const bundle = await exportBundle(w.db, w.patientId, q);
      await svc.logRead(w, 'Bundle', 'export-fhir', 'download');
      c.reply.header('content-disposition', `attachment; filename="health-record-${new Date().toISOString().slice(0, 10)}.json"`).header('cache-control', 'no-store');
      c.reply.type('application/fhir+json').send(JSON.stringify(bundle));
    },
  });
  both(app, {
    path: '/summary.html', summary: 'A printable summary of the record (HTML)', query: RangeQuery, raw: { responseContentType: 'text/html' },
    handler: async (w, q, c) => {
      const html = await summaryHtml(w.db, w.patientId, q);
      await svc.logRead(w, 'Bundle', 'summary-html', 'download');
      c.reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  });
  both(app, {
    path: '/documents/:documentId/content', summary: 'The content of one document',
    handler: async (w, _q, c) => {
      const id = (c.req.params as { documentId: string }).documentId;
      const [doc] = /^[0-9a-f-]{36}$/i.test(id) ? await documentContent(w.db, w.patientId, id) : [];
      if (!doc?.data) throw notFound('This document');
      await svc.logRead(w, 'DocumentReference', 'document-content');
      c.reply.type(doc.content_type ?? 'application/octet-stream').header('content-disposition', 'attachment').header('cache-control', 'no-store').send(Buffer.from(doc.data, 'base64'));
    },
  });

  route(app, {
    method: 'GET', url: '/api/record/explanations', summary: 'Plain-language explanations of common tests', tags: ['record'], policy: 'reference.read',
    response: z.object({ explanations: z.array(ExplanationOut.extend({ codes: z.array(z.string()) })) }), handler: async () => ({ explanations: allExplanations() }),
  });
  glucoseWrites(app);
  homeVitalRoutes(app);
  transmitRoutes(app);
}

function glucoseWrites(app: FastifyInstance) {
  const own = (c: { db: svc.Who['db']; actor: svc.Who['actor']; ip: string }): svc.Who => ({ db: c.db, actor: c.actor, ip: c.ip, patientId: ownPatientId(c.actor) });
  route(app, {
    method: 'POST', url: '/api/record/glucose', summary: 'Log a home blood glucose reading', tags: ['record'], policy: 'record.write', status: 201,
    body: z.object({
      value: z.number({ error: 'enter the number your meter shows' }).positive('enter the number your meter shows'), unit: z.enum(['mg/dL', 'mmol/L']),
      context: z.enum(glucose.CONTEXTS), measuredAt: z.iso.datetime({ offset: true }).optional(), note: z.string().max(500).optional(),
    }),
    response: z.object({ reading: Gl, guidance: z.object({ level: z.string(), text: z.string() }).nullable() }),
    handler: (c) => glucose.add(own(c), c.body),
  });
  route(app, {
    method: 'DELETE', url: '/api/record/glucose/:readingId', summary: 'Remove one of my glucose readings', tags: ['record'], policy: 'record.write',
    params: z.object({ readingId: z.string() }), handler: async (c) => { await glucose.remove(own(c), c.params.readingId); },
  });
  route(app, {
    method: 'POST', url: '/api/record/glucose/share', summary: 'Share my recent glucose readings with my care team', tags: ['record'], policy: 'record.share',
    body: z.object({ days: z.number().int().min(1).max(366).default(30) }), response: z.object({ shared: z.number() }),
    handler: (c) => glucose.share(own(c), c.body.days),
  });
  route(app, {
    method: 'POST', url: '/api/record/glucose/send', tags: ['record'], policy: 'record.share', status: 201,
    summary: 'Send my glucose readings of the last N days to my care team: a new home-readings conversation (or, with threadId, a message in one of my conversations) with a table of them; marks them shared',
    body: z.object({
      days: z.number().int().min(1).max(90).default(30), note: z.string().max(1000).optional(), tz,
      urgentAcknowledged: z.boolean().optional(), idempotencyKey: z.string().min(8).max(190),
      threadId: z.string().uuid('choose one of your conversations').optional(),
    }),
    response: z.object({ threadId: z.string(), sent: z.number(), shared: z.number() }),
    handler: (c) => sendReadings({ ...own(c), config: c.config }, c.body),
  });
  route(app, {
    method: 'PUT', url: '/api/record/glucose/unit', summary: 'Set my preferred glucose unit', tags: ['record'], policy: 'record.write',
    body: z.object({ unit: z.enum(['mg/dL', 'mmol/L']) }), response: z.object({ unit: z.string(), low: z.number(), high: z.number() }),
    handler: (c) => glucose.setUnit(own(c), c.body.unit),
  });
}
