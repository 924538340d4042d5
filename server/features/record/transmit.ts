import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { ownPatientId } from '../../platform/access/scope';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, notFound, tooMany } from '../../platform/errors';
import { exportBundle } from './export';
import { summaryHtml } from './summary';
import { ccdaXml } from '../ccda/ccda';
import { ActivityOut, activityFor } from './activity';

/**
 * "Transmit": the patient sends their record to an email address they enter, as an expiring secure download link.
 * The email holds only the link (no health data); the token is random and only its hash is stored.
 * The activity log tells the patient, in plain words, who viewed, downloaded or sent their record, from the audit trail.
 */

export const LINK_DAYS = 7;
const MAX_LINKS_PER_DAY = 20;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-03-02');

export function transmitRoutes(app: FastifyInstance) {
  route(app, {
    method: 'POST', url: '/api/record/transmit', tags: ['record'], policy: 'record.share', status: 201,
    summary: `Send my record to an email address as a secure download link that expires in ${LINK_DAYS} days (the email has no health data)`,
    body: z.object({
      email: z.email('enter an email address like name@example.com').max(254), format: z.enum(['summary', 'fhir', 'ccda']).default('summary'),
      from: date.optional(), to: date.optional(),
    }),
    response: z.object({ id: z.string(), expiresAt: z.string(), sentTo: z.string() }),
    handler: async ({ actor, db, ip, config, body }) => {
      if (body.from && body.to && body.from > body.to) throw badRequest('The “From” date must be before the “To” date.', 'from');
      const patientId = ownPatientId(actor);
      return db.tx(async (q) => {
        const [recent] = await q.query<{ n: number }>(
          "select count(*)::int as n from record_share_link where patient_id = $1 and created_at > now() - interval '1 day'", [patientId]);
        if (recent.n >= MAX_LINKS_PER_DAY) throw tooMany('You have sent your record many times today. Please try again tomorrow.');
        const token = randomBytes(32).toString('base64url');
        const [link] = await q.query<{ id: string; expires_at: Date }>(
          `insert into record_share_link (patient_id, created_by, token_hash, format, range_from, range_to, to_address, expires_at)
           values ($1,$2,$3,$4,$5,$6,$7, now() + make_interval(days => $8)) returning id, expires_at`,
          [patientId, actor.userId, hash(token), body.format, body.from ?? null, body.to ?? null, body.email, LINK_DAYS]);
        const url = `${config.publicUrl}/api/record/shared/${token}`;
        await q.query(
          'insert into outbox_email (to_address, subject, body, dedupe_key) values ($1,$2,$3,$4)',
          [body.email, 'A health record was shared with you through Portico',
            `Someone shared a copy of their health record with you through Portico.\n\nOpen it with this secure link (it works for ${LINK_DAYS} days):\n${url}\n\n` +
            'This email has no health details on purpose. If you did not expect it, you can delete it.', `record-link:${link.id}`]);
        await audit(q, { actor, patientId, action: 'transmit', resourceType: 'Bundle', resourceId: link.id, ip, detail: { format: body.format, linkDays: LINK_DAYS } });
        return { id: link.id, expiresAt: new Date(link.expires_at).toISOString(), sentTo: body.email };
      });
    },
  });

  route(app, {
    method: 'GET', url: '/api/record/shared/:token', tags: ['record'], access: 'public', params: z.object({ token: z.string().max(100) }),
    summary: 'Open a record shared by secure link (until it expires)', raw: { responseContentType: 'text/html' },
    handler: async ({ db, ip, params, reply }) => {
      const [link] = await db.query<{ id: string; patient_id: string; format: 'summary' | 'fhir' | 'ccda'; range_from: string | null; range_to: string | null }>(
        `update record_share_link set use_count = use_count + 1, last_used_at = now()
          where token_hash = $1 and expires_at > now() returning id, patient_id, format, range_from, range_to`, [hash(params.token)]);
      if (!link) throw notFound('This link (it may have expired)');
      const range = { ...(link.range_from ? { from: link.range_from } : {}), ...(link.range_to ? { to: link.range_to } : {}) };
      await auditRead(db, { actor: null, patientId: link.patient_id, action: 'download', resourceType: 'Bundle', resourceId: link.id, ip,
        detail: { via: 'link', view: link.format === 'fhir' ? 'export-fhir' : link.format === 'ccda' ? 'export-ccda' : 'summary-html' } });
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      if (link.format === 'ccda') {
        reply.header('content-disposition', 'attachment; filename="health-record.xml"').type('application/xml; charset=utf-8')
          .send(await ccdaXml(db, link.patient_id, range));
      } else if (link.format === 'fhir') {
        reply.header('content-disposition', 'attachment; filename="health-record.json"').type('application/fhir+json')
          .send(JSON.stringify(await exportBundle(db, link.patient_id, range)));
      } else reply.type('text/html; charset=utf-8').send(await summaryHtml(db, link.patient_id, { ...range, tz: 'UTC' }));
    },
  });

  route(app, {
    method: 'GET', url: '/api/record/activity', tags: ['record'], policy: 'record.activity',
    summary: 'Who looked at, downloaded or sent my record, and when (from the audit trail), in plain words; newest first',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: z.object({ events: z.array(ActivityOut) }),
    handler: async ({ actor, db, ip, query }) => {
      const patientId = ownPatientId(actor);
      const events = await activityFor(db, patientId, query.limit);
      await auditRead(db, { actor, patientId, action: 'read', resourceType: 'AuditEvent', ip, detail: { view: 'activity' } });
      return { events };
    },
  });
}
