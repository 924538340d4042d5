import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { ownPatientId } from '../../platform/access/scope';
import { isUuid } from '../scheduling/repository';
import { MedicationOut, PharmacyOut, RefillOut, presentMedication, presentPharmacy, presentRefill } from './presenters';
import { activeMedications, itemsFor, listRefills, orgPharmacies, savedPharmacies } from './repository';
import { createRefill, decideRefill, loadRefill } from './service';

const Key = z.string().min(8).max(200);
const Id = z.object({ id: z.string() });
/** Who may approve or deny a refill: the clinical team. */
export const REFILL_APPROVERS = ['physician', 'nurse'] as ('physician' | 'nurse')[];

/** Who may read refill requests: the patient, and the clinical and front-desk team (not billing or research). */

export function refillRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/refills/options', summary: 'My current medicines and saved pharmacies, for the refill form (patient)', tags: ['refills'],
    policy: 'refill.request',
    response: z.object({ medications: z.array(MedicationOut), pharmacies: z.array(PharmacyOut), otherPharmacies: z.array(PharmacyOut) }),
    handler: async ({ actor, db, ip }) => {
      const patientId = ownPatientId(actor);
      const [meds, saved, all] = await Promise.all([activeMedications(db, patientId), savedPharmacies(db, patientId), orgPharmacies(db, actor.orgId)]);
      await auditRead(db, { actor, patientId, action: 'read', resourceType: 'MedicationStatement', ip, detail: { purpose: 'refill-form' } });
      return {
        medications: meds.map(presentMedication), pharmacies: saved.map(presentPharmacy),
        otherPharmacies: all.filter((p) => !saved.some((s) => s.id === p.id)).map(presentPharmacy),
      };
    },
  });

  route(app, {
    method: 'POST', url: '/api/pharmacies/saved', summary: 'Save a pharmacy to my list (patient)', tags: ['refills'], policy: 'refill.request', status: 201,
    body: z.object({ pharmacyId: z.string(), preferred: z.boolean().default(false) }), response: z.object({ pharmacy: PharmacyOut }),
    handler: async ({ actor, db, ip, body }) => {
      const patientId = ownPatientId(actor);
      return db.tx(async (q) => {
        const [ph] = isUuid(body.pharmacyId) ? await orgPharmacies(q, actor.orgId).then((all) => all.filter((p) => p.id === body.pharmacyId)) : [];
        if (!ph) throw badRequest('Choose a pharmacy from the list.', 'pharmacyId');
        if (body.preferred) await q.query('update patient_pharmacy set preferred = false where patient_id = $1', [patientId]);
        await q.query(`insert into patient_pharmacy (patient_id, pharmacy_id, preferred) values ($1,$2,$3)
                       on conflict (patient_id, pharmacy_id) do update set preferred = excluded.preferred or patient_pharmacy.preferred`, [patientId, ph.id, body.preferred]);
        await audit(q, { actor, patientId, action: 'update', resourceType: 'PatientPharmacy', resourceId: ph.id, ip });
        return { pharmacy: presentPharmacy({ ...ph, preferred: body.preferred }) };
      });
    },
  });

  route(app, {
    method: 'POST', url: '/api/refill-requests', summary: 'Ask for refills of current medicines at a saved pharmacy (patient); starts a conversation',
    tags: ['refills'], policy: 'refill.request', status: 201,
    body: z.object({ medicationIds: z.array(z.string()).max(20), pharmacyId: z.string(), note: z.string().max(1000).optional(), idempotencyKey: Key }),
    response: z.object({ refill: RefillOut }),
    handler: async ({ actor, db, config, ip, body }) => (await createRefill({ db, actor, config, ip }, body)).body,
  });

  route(app, {
    method: 'GET', url: '/api/refill-requests', summary: "Refill requests: mine (patient) or the organization's (staff)", tags: ['refills'], policy: 'refill.read',
    query: z.object({ status: z.enum(['open', 'all']).default('all'), patientId: z.string().uuid().optional() }),
    response: z.object({ refills: z.array(RefillOut) }),
    handler: async ({ actor, db, ip, query }) => {
      const rows = await listRefills(db, actor, { open: query.status === 'open', patientId: query.patientId });
      const items = rows.length ? await itemsFor(db, rows.map((r) => r.id)) : [];
      await auditRead(db, { actor, patientId: actor.patientId ?? query.patientId ?? null, action: 'read', resourceType: 'RefillRequest', ip, detail: { count: rows.length } });
      return { refills: rows.map((r) => presentRefill(r, items, actor.role !== 'patient')) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/refill-requests/:id', summary: 'One refill request with the outcome per medicine', tags: ['refills'], params: Id, policy: 'refill.read',
    response: z.object({ refill: RefillOut }),
    handler: async ({ actor, db, ip, params }) => {
      const refill = await loadRefill(db, { actor }, params.id);
      await auditRead(db, { actor, patientId: refill.patientId, action: 'read', resourceType: 'RefillRequest', resourceId: refill.id, ip });
      return { refill };
    },
  });

  route(app, {
    method: 'POST', url: '/api/refill-requests/:id/decisions', summary: 'Approve or deny each medicine with a reason (nurse, physician)', tags: ['refills'],
    policy: 'refill.decide', params: Id,
    body: z.object({
      decisions: z.array(z.object({ medicationId: z.string(), decision: z.enum(['approved', 'denied']), reason: z.string().max(1000).optional() })).max(20),
      idempotencyKey: Key,
    }),
    response: z.object({ refill: RefillOut }),
    handler: async ({ actor, db, config, ip, params, body }) => (await decideRefill({ db, actor, config, ip }, params.id, body)).body,
  });
}
