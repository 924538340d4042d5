import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditRead } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { route } from '../../platform/http/route';
import { AuditEventOut, CSV_HEADER, toAuditEvent, toCsvRow } from './presenters';
import { countEvents, distinctActions, searchEvents, type AuditFilters } from './repository';

/**
 * Audit reports (ONC 170.315(d)(2) and (d)(3)): an administrator searches the audit trail of their organization by date
 * range, user, patient, action and outcome, sorts and pages it, and exports it as CSV. Every search and export is itself
 * audited.
 */

export const EXPORT_LIMIT = 100_000;
const date = (name: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${name}: use a date like 2026-03-02`)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), `${name}: not a real date`);
const timeZone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a time zone (use a name like America/Chicago)');

const Filters = z.object({
  from: date('from').optional().describe('First day (inclusive), in the time zone tz'),
  to: date('to').optional().describe('Last day (inclusive), in the time zone tz'),
  tz: timeZone.default('UTC'),
  userId: z.uuid('not a valid id').optional(),
  user: z.string().trim().min(1).max(200).optional().describe('Part of the user’s name or email'),
  patientId: z.uuid('not a valid id').optional(),
  patient: z.string().trim().min(1).max(200).optional().describe('The patient’s MRN, or part of their name'),
  action: z.string().trim().min(1).max(60).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  sort: z.enum(['at', 'user', 'patient', 'action', 'outcome']).default('at'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
const SearchQuery = Filters.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

function checkRange(f: AuditFilters) {
  if (f.from && f.to && f.from > f.to) throw badRequest('from: the first day must be on or before the last day', 'from');
}
/** What was searched for, without names or emails (the audit trail carries no free text a person typed about a patient). */
const searchDetail = (f: AuditFilters) => ({
  view: 'audit-report', from: f.from ?? null, to: f.to ?? null, action: f.action ?? null, outcome: f.outcome ?? null,
  byUser: Boolean(f.userId || f.user), byPatient: Boolean(f.patientId || f.patient),
});

export function auditReportRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/admin/audit-events', tags: ['audit'], policy: 'audit.report', access: ['admin'],
    summary: 'Search the organization’s audit trail by date range, user, patient, action and outcome; sorted and paged',
    query: SearchQuery,
    response: z.object({ events: z.array(AuditEventOut), total: z.number(), page: z.number(), pageSize: z.number() }),
    handler: async ({ actor, db, ip, query }) => {
      checkRange(query);
      const [total, rows] = await Promise.all([
        countEvents(db, actor.orgId, query),
        searchEvents(db, actor.orgId, query, query.pageSize, (query.page - 1) * query.pageSize),
      ]);
      await auditRead(db, { actor, patientId: query.patientId ?? null, action: 'search', resourceType: 'AuditEvent', ip,
        detail: { ...searchDetail(query), page: query.page, results: rows.length } });
      return { events: rows.map(toAuditEvent), total, page: query.page, pageSize: query.pageSize };
    },
  });

  route(app, {
    method: 'GET', url: '/api/admin/audit-events.csv', tags: ['audit'], policy: 'audit.report', access: ['admin'],
    summary: `Export the audit events a search finds as CSV (up to ${EXPORT_LIMIT.toLocaleString('en-US')} events)`,
    query: Filters, raw: { responseContentType: 'text/csv' },
    handler: async ({ actor, db, ip, query, reply }) => {
      checkRange(query);
      const total = await countEvents(db, actor.orgId, query);
      if (total > EXPORT_LIMIT) {
        throw badRequest(`from: this search finds ${total} events; an export holds up to ${EXPORT_LIMIT}. Choose a shorter date range.`, 'from');
      }
      const lines = [CSV_HEADER.join(',')];
      for (let offset = 0; offset < total; offset += 5000) {
        const rows = await searchEvents(db, actor.orgId, query, 5000, offset);
        for (const r of rows) lines.push(toCsvRow(toAuditEvent(r)));
        if (rows.length < 5000) break;
      }
      await auditRead(db, { actor, patientId: query.patientId ?? null, action: 'export', resourceType: 'AuditEvent', ip,
        detail: { ...searchDetail(query), view: 'audit-report-csv', results: lines.length - 1 } });
      const stamp = new Date().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="audit-events-${stamp}.csv"`)
        .type('text/csv; charset=utf-8').send(`${lines.join('\r\n')}\r\n`);
    },
  });

  route(app, {
    method: 'GET', url: '/api/admin/audit-events/actions', tags: ['audit'], policy: 'audit.report', access: ['admin'],
    summary: 'The actions that occur in the audit trail (for the search form)',
    response: z.object({ actions: z.array(z.string()) }),
    handler: async ({ db }) => ({ actions: await distinctActions(db) }),
  });
}
