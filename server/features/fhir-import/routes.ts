import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { badRequest } from '../../platform/errors';
import { importBundle } from './importer';
import { ImportRejected } from './validate';

const Counts = z.record(z.string(), z.number());

export function fhirImportRoutes(app: FastifyInstance) {
  // FHIR's own media type is JSON: accept it wherever JSON is accepted (the admin import first of all).
  if (!app.hasContentTypeParser('application/fhir+json')) app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  route(app, {
    method: 'POST', url: '/api/admin/fhir/import', summary: "Import one FHIR R4 Bundle (application/json or application/fhir+json body) into the admin's organization; warnings name entries imported with something missing", tags: ['fhir-import'],
    policy: 'record.import', body: z.looseObject({ resourceType: z.string() }),
    response: z.object({ runId: z.string(), resources: z.number(), patients: z.number(), created: Counts, updated: Counts, unchanged: Counts, skipped: Counts, warnings: z.array(z.string()) }),
    handler: async ({ body, actor, db, ip }) => {
      try {
        const r = await importBundle(db, body, { source: `api upload by ${actor.email}`, orgId: actor.orgId, actor, ip });
        return { runId: r.runId, resources: r.resources, patients: r.patientIds.length, created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped, warnings: r.warnings };
      } catch (err) {
        if (err instanceof ImportRejected) throw badRequest(`The bundle was not imported: ${err.problem}`, 'body');
        throw err;
      }
    },
  });
}
