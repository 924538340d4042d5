import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route, type Ctx } from '../../platform/http/route';
import { CLINICAL_ROLES } from '../../platform/access/actor';
import { ownPatientId } from '../../platform/access/scope';
import { auditRead } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { ccdaXml } from './ccda';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date like 2026-03-02');
const Range = z.object({ from: date.optional(), to: date.optional() });

async function send(c: Ctx<unknown, z.infer<typeof Range>, unknown>, patientId: string) {
  if (c.query.from && c.query.to && c.query.from > c.query.to) throw badRequest('from: the start date must be before the end date', 'from');
  const xml = await ccdaXml(c.db, patientId, c.query);
  await auditRead(c.db, { actor: c.actor, patientId, action: 'download', resourceType: 'Bundle', ip: c.ip, detail: { view: 'export-ccda' } });
  c.reply.header('content-disposition', `attachment; filename="health-record-${new Date().toISOString().slice(0, 10)}.xml"`).header('cache-control', 'no-store');
  c.reply.type('application/xml; charset=utf-8').send(xml);
}

/** C-CDA: the record as a Continuity of Care Document, for the patient (and for clinical staff on a patient's chart). */
export function ccdaRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/record/export.xml', summary: 'Download my record as a C-CDA R2.1 Continuity of Care Document (XML), optionally from/to dates',
    tags: ['record'], access: 'patient', policy: 'record.read:own', query: Range, raw: { responseContentType: 'application/xml' },
    handler: (c) => send(c as Ctx<unknown, z.infer<typeof Range>, unknown>, ownPatientId(c.actor)),
  });
  route(app, {
    method: 'GET', url: '/api/patients/:patientId/record/export.xml', summary: "A patient's record as a C-CDA R2.1 Continuity of Care Document (XML)",
    tags: ['record'], access: ['patient', ...CLINICAL_ROLES], policy: 'record.read', params: z.object({ patientId: z.string() }), query: Range, raw: { responseContentType: 'application/xml' },
    handler: (c) => send(c as Ctx<unknown, z.infer<typeof Range>, unknown>, c.params.patientId),
  });
}
