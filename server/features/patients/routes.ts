import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { patientScopeSql } from '../../platform/access/scope';
import { auditRead } from '../../platform/audit/audit';
import { PatientOut, presentPatient, type PatientRow } from './presenters';

export function patientRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/patients', summary: "Search my organization's patients by name or MRN (staff)", tags: ['patients'],
    policy: 'patient.search', query: z.object({ q: z.string().trim().max(100).default(''), limit: z.coerce.number().int().min(1).max(100).default(25) }),
    response: z.object({ patients: z.array(PatientOut) }),
    handler: async ({ actor, query, db, ip }) => {
      const params: unknown[] = [];
      const scope = patientScopeSql(actor, 'p', params, 'patient.search');
      params.push(`%${query.q.toLowerCase()}%`, query.limit);
      const rows = await db.query<PatientRow>(
        `select p.* from patient p where ${scope}
           and (lower(p.given_name || ' ' || p.family_name) like $${params.length - 1} or lower(p.mrn) like $${params.length - 1})
         order by p.family_name, p.given_name limit $${params.length}`, params);
      await auditRead(db, { actor, action: 'search', resourceType: 'Patient', ip, detail: { results: rows.length } });
      // Which patients were shown: one event per patient, so each patient's activity log shows that they appeared in a search.
      await Promise.all(rows.map((r) => auditRead(db, { actor, patientId: r.id, action: 'search_result', resourceType: 'Patient', resourceId: r.id, ip })));
      return { patients: rows.map(presentPatient) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId', summary: 'One patient (own record for patients; same organization for staff)', tags: ['patients'], policy: 'patient.read',
    params: z.object({ patientId: z.string() }), response: z.object({ patient: PatientOut }),
    handler: async ({ actor, params, db, ip }) => {
      const [row] = await db.query<PatientRow>('select * from patient where id = $1', [params.patientId]);
      await auditRead(db, { actor, patientId: row.id, action: 'read', resourceType: 'Patient', resourceId: row.id, ip });
      return { patient: presentPatient(row) };
    },
  });
}
