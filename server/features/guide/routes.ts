import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { audit } from '../../platform/audit/audit';
import { guideComparison, guideComparisonCsv, guidePatients } from '../research/guide-comparison';
import { explainMessaging, patientGuideState, PATIENT_KINDS, recordPatientEvent, staffGuideView } from './service';

const Key = z.string().trim().min(1, 'required').max(200);
const Explanation = z.object({ id: z.string(), by: z.object({ displayName: z.string(), credentials: z.string().nullable() }),
  instructions: z.string().nullable(), handout: z.boolean(), at: z.string() });
const Seen = { viewedAt: z.string().nullable(), completedAt: z.string().nullable(), skippedAt: z.string().nullable(), explained: z.array(Explanation) };
const Summary = z.object({ key: z.string(), label: z.string(), n: z.number(), messages: z.number(), meanMessages: z.number().nullable(),
  medianMessages: z.number().nullable(), anyUse: z.number(), anyUsePct: z.number().nullable(), medianDaysToFirst: z.number().nullable() });
const Comparison = z.object({ group: Summary, control: Summary,
  mannWhitney: z.object({ u: z.number(), z: z.number().nullable(), p: z.number().nullable() }).nullable(),
  fisher: z.object({ p: z.number(), method: z.string() }).nullable() });
const WindowQuery = z.object({ windowDays: z.coerce.number().int().min(7).max(1095).default(365).describe('Days back from today') });

const stamp = () => new Date().toISOString().slice(0, 10);

/** "How messaging works" (issue 16): the patient's guide and walkthrough, clinicians explaining it, and its measured effect. */
export function guideRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/guide', summary: 'My messaging guide: is the first-use walkthrough due, who explained messaging to me, what each status means',
    tags: ['guide'], policy: 'conversation.read:own',
    response: z.object({
      walkthrough: z.object({ show: z.boolean(), reason: z.enum(['first', 'inactive']).nullable() }), ...Seen,
      statuses: z.array(z.object({ status: z.string(), key: z.string(), text: z.string() })),
    }),
    handler: async ({ actor, db }) => patientGuideState(db, actor),
  });

  route(app, {
    method: 'POST', url: '/api/guide/events', summary: 'Record that I viewed, completed or skipped the messaging guide (idempotent by idempotencyKey)',
    tags: ['guide'], policy: 'conversation.create:own', status: 201,
    body: z.object({ kind: z.enum(PATIENT_KINDS), idempotencyKey: Key }),
    response: z.object({ event: z.object({ id: z.string(), kind: z.string(), at: z.string() }) }),
    handler: async ({ actor, db, ip, body, reply }) => {
      const r = await recordPatientEvent(db, actor, ip, body.kind, body.idempotencyKey);
      reply.code(r.status);
      return r.body;
    },
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId/guide', summary: "Who explained messaging to this patient, and whether they opened the guide (clinicians)",
    tags: ['guide'], policy: 'followup.manage', params: z.object({ patientId: z.string() }),
    response: z.object({
      statuses: z.array(z.object({ status: z.string(), key: z.string(), text: z.string() })),
      patient: z.object({ name: z.string(), clinic: z.object({ id: z.string(), name: z.string(), phoneNurseLine: z.string().nullable() }).nullable() }), ...Seen,
    }),
    handler: async ({ actor, db, ip, params }) => staffGuideView(db, actor, ip, params.patientId),
  });

  route(app, {
    method: 'POST', url: '/api/patients/:patientId/guide/explain',
    summary: "Explain messaging to a patient: the guide goes on their home page with the clinician's own instructions (idempotent)",
    tags: ['guide'], policy: 'followup.manage', params: z.object({ patientId: z.string() }), status: 201,
    body: z.object({
      instructions: z.string().trim().max(1000, 'at most 1000 characters').nullable().optional(),
      handout: z.boolean().optional(), followUpId: z.uuid('not a valid id').nullable().optional(), idempotencyKey: Key,
    }),
    response: z.object({ explanation: Explanation }),
    handler: async ({ actor, db, ip, params, body, reply }) => {
      const r = await explainMessaging(db, actor, ip, params.patientId, body);
      reply.code(r.status);
      return r.body;
    },
  });

  route(app, {
    method: 'GET', url: '/api/research/guide-comparison',
    summary: "Messaging use of patients who saw the guide or were asked by a clinician vs. neither (Mann–Whitney, Fisher), by clinician; de-identified",
    tags: ['research'], policy: 'research.read', query: WindowQuery,
    response: z.object({ windowDays: z.number(), patients: z.number(), overall: Comparison, saw: Comparison, asked: Comparison,
      byClinician: z.array(Comparison.extend({ clinician: z.string() })) }),
    handler: async ({ actor, db, ip, query }) => {
      const ps = await guidePatients(db, actor.orgId, query.windowDays);
      await db.tx((q) => audit(q, { actor, action: 'read', resourceType: 'ResearchGuideComparison', ip, detail: { windowDays: query.windowDays, patients: ps.length } }));
      return guideComparison(ps, query.windowDays);
    },
  });

  route(app, {
    method: 'GET', url: '/api/research/guide-comparison.csv', summary: 'The guide comparison, one de-identified row per patient (CSV; audited as an export)',
    tags: ['research'], policy: 'research.read', query: WindowQuery, raw: { responseContentType: 'text/csv' },
    handler: async ({ actor, db, ip, query, reply }) => {
      const ps = await guidePatients(db, actor.orgId, query.windowDays);
      await db.tx((q) => audit(q, { actor, action: 'export', resourceType: 'ResearchGuideComparison', ip, detail: { windowDays: query.windowDays, patients: ps.length } }));
      reply.header('content-disposition', `attachment; filename="guide-comparison-${stamp()}.csv"`).header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8').send(guideComparisonCsv(ps, query.windowDays));
    },
  });
}
