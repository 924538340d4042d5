import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ownPatientId } from '../../platform/access/scope';
import { badRequest } from '../../platform/errors';
import { route } from '../../platform/http/route';
import { Cohort, CohortQuery } from './cohort';
import { A1C, GROUPS, type DatasetParams } from './participants';
import { AnalysisOut, CampaignOut, PatientSurveyOut, QuestionnaireOut, ResponseOut } from './presenters';
import * as svc from './service';
import { researchCsvRoutes } from './csv-route';

const RESEARCH = ['researcher', 'admin'] as const;
const access = [...RESEARCH];
const CampaignParam = z.object({ campaignId: z.string().max(64) });
const AnswersBody = z.object({ answers: z.record(z.string().max(64), z.union([z.number(), z.string().max(200), z.null()])) });
const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

const AnalysisQuery = z.object({
  ...CohortQuery,
  source: z.enum(['survey', 'measured']).default('survey').describe('survey = answers to a campaign; measured = counts from the audit trail'),
  campaignId: z.preprocess(emptyToNull, z.string().uuid().nullable()),
  windowDays: z.coerce.number().int().min(7).max(1095).default(180).describe('Measured use: days back from today'),
  outcome: z.string().trim().regex(/^\d{1,8}-\d$/, 'a LOINC code such as 4548-4').default(A1C),
  group: z.enum(GROUPS).default('none'),
  ns: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
type AnalysisQuery = z.infer<typeof AnalysisQuery>;

function params(q: AnalysisQuery): DatasetParams {
  const cohort = Cohort.safeParse({ condition: q.condition, ageMin: q.ageMin, ageMax: q.ageMax });
  if (!cohort.success) throw badRequest(`ageMax: ${cohort.error.issues[0].message}`, 'ageMax');
  return { cohort: cohort.data, source: q.source, campaignId: q.source === 'survey' ? q.campaignId : null, windowDays: q.windowDays, outcome: q.outcome, group: q.group };
}

const stamp = () => new Date().toISOString().slice(0, 10);

export function researchRoutes(app: FastifyInstance) {
  // ---- campaigns ----
  route(app, {
    method: 'GET', url: '/api/research/campaigns', summary: 'Survey campaigns of my organization', tags: ['research'], policy: 'research.read', access,
    response: z.object({ campaigns: z.array(CampaignOut) }),
    handler: async ({ db, actor, ip }) => ({ campaigns: await svc.listCampaigns({ db, actor, ip }) }),
  });
  route(app, {
    method: 'POST', url: '/api/research/campaigns', summary: 'Open a portal-use survey for a cohort (patients see it on their home page)', tags: ['research'], policy: 'research.manage', access,
    body: z.object({ title: z.string().trim().min(3).max(200), cohort: Cohort, opensAt: z.iso.datetime({ offset: true }).nullish(), closesAt: z.iso.datetime({ offset: true }).nullish() }),
    response: z.object({ campaign: CampaignOut }), status: 201,
    handler: async ({ db, actor, ip, body }) => ({ campaign: await svc.createCampaign({ db, actor, ip }, body) }),
  });
  route(app, {
    method: 'POST', url: '/api/research/campaigns/:campaignId/close', summary: 'Close a survey campaign (no more answers)', tags: ['research'], policy: 'research.manage', access,
    params: CampaignParam, response: z.object({ campaign: CampaignOut }),
    handler: async ({ db, actor, ip, params: p }) => ({ campaign: await svc.closeCampaign({ db, actor, ip }, p.campaignId) }),
  });

  // ---- dashboard ----
  route(app, {
    method: 'GET', url: '/api/research/analysis', summary: "The study's Table 1 and Table 4 on a live cohort (survey answers or measured use)", tags: ['research'], policy: 'research.read', access,
    query: AnalysisQuery, response: AnalysisOut,
    handler: async ({ db, actor, ip, query }) => svc.analysis({ db, actor, ip }, params(query)),
  });
  for (const format of ['html', 'csv'] as const) {
    route(app, {
      method: 'GET', url: `/api/research/report.${format}`, summary: `Download Table 1 and Table 4 as ${format.toUpperCase()} (audited as an export)`, tags: ['research'], access,
      query: AnalysisQuery, raw: { responseContentType: format === 'html' ? 'text/html' : 'text/csv' },
      handler: async ({ db, actor, ip, query, reply }) => {
        const body = await svc.report({ db, actor, ip }, params(query), format, query.ns);
        reply.header('content-disposition', `attachment; filename="portal-use-report-${stamp()}.${format}"`).header('cache-control', 'no-store')
          .type(format === 'html' ? 'text/html; charset=utf-8' : 'text/csv; charset=utf-8').send(body);
      },
    });
  }
  route(app, {
    method: 'GET', url: '/api/research/export.csv', summary: 'De-identified cohort data (CSV): random study ids, ages 90+ grouped, years only (audited)', tags: ['research'], policy: 'research.read', access,
    query: AnalysisQuery, raw: { responseContentType: 'text/csv' },
    handler: async ({ db, actor, ip, query, reply }) => {
      const csv = await svc.exportCohort({ db, actor, ip }, params(query));
      reply.header('content-disposition', `attachment; filename="deidentified-cohort-${stamp()}.csv"`).header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8').send(csv);
    },
  });

  researchCsvRoutes(app, access);

  // ---- patients: my surveys ----
  route(app, {
    method: 'GET', url: '/api/surveys', summary: 'Surveys I am invited to answer', tags: ['research'], policy: 'survey.respond',
    response: z.object({ surveys: z.array(PatientSurveyOut) }),
    handler: async ({ db, actor, ip }) => ({ surveys: await svc.mySurveys({ db, actor, ip }, ownPatientId(actor)) }),
  });
  route(app, {
    method: 'GET', url: '/api/surveys/:campaignId', summary: 'One survey: the questions and my answers so far', tags: ['research'], policy: 'survey.respond',
    params: CampaignParam,
    response: z.object({ survey: z.object({ id: z.string(), title: z.string(), closesAt: z.string().nullable(), open: z.boolean() }), questionnaire: QuestionnaireOut, response: ResponseOut }),
    handler: async ({ db, actor, ip, params: p }) => svc.getSurvey({ db, actor, ip }, ownPatientId(actor), p.campaignId),
  });
  route(app, {
    method: 'PUT', url: '/api/surveys/:campaignId/response', summary: 'Save my answers so far (finish later)', tags: ['research'], policy: 'survey.respond',
    params: CampaignParam, body: AnswersBody, response: z.object({ response: ResponseOut }),
    handler: async ({ db, actor, ip, params: p, body }) => ({ response: await svc.saveAnswers({ db, actor, ip }, ownPatientId(actor), p.campaignId, body.answers, false) }),
  });
  route(app, {
    method: 'POST', url: '/api/surveys/:campaignId/response/submit', summary: 'Send my completed survey (every question answered)', tags: ['research'], policy: 'survey.respond',
    params: CampaignParam, body: AnswersBody, response: z.object({ response: ResponseOut }),
    handler: async ({ db, actor, ip, params: p, body }) => ({ response: await svc.saveAnswers({ db, actor, ip }, ownPatientId(actor), p.campaignId, body.answers, true) }),
  });
}
