import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { auditRead } from '../../platform/audit/audit';
import { notFound } from '../../platform/errors';
import { ownPatientId } from '../../platform/access/scope';
import { listClinicians } from '../scheduling/repository';
import { InsuranceOut, ReferralOut, presentInsurance, presentReferral } from './presenters';
import { activeCoverage, findReferral, listReferrals, specialties } from './repository';
import { createReferral, decideReferral } from './service';

const Key = z.string().min(8).max(200);
const Id = z.object({ id: z.string() });
/** Who may decide a referral: physicians, nurses and administrators. */
export const REFERRAL_DECIDERS = ['physician', 'nurse', 'admin'] as ('physician' | 'nurse' | 'admin')[];

/** Who may read referral requests: the patient, and the clinical and front-desk team (not billing or research). */

export function referralRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/referrals/options', summary: 'Specialties, clinicians, locations and my insurance, for the referral form (patient)',
    tags: ['referrals'], policy: 'referral.request',
    response: z.object({
      specialties: z.array(z.string()), clinicians: z.array(z.object({ id: z.string(), displayName: z.string() })),
      locations: z.array(z.object({ id: z.string(), name: z.string() })), insurance: z.array(InsuranceOut),
    }),
    handler: async ({ actor, db, ip }) => {
      const patientId = ownPatientId(actor);
      const [sp, cl, locs, cov] = await Promise.all([specialties(db, actor.orgId), listClinicians(db, actor.orgId),
        db.query<{ id: string; name: string }>('select id, name from location where org_id = $1 order by name', [actor.orgId]), activeCoverage(db, patientId)]);
      await auditRead(db, { actor, patientId, action: 'read', resourceType: 'Coverage', ip, detail: { purpose: 'referral-form' } });
      return { specialties: sp, clinicians: cl.map((c) => ({ id: c.id, displayName: c.display_name })), locations: locs, insurance: cov.map(presentInsurance) };
    },
  });

  route(app, {
    method: 'POST', url: '/api/referral-requests', summary: 'Ask for a referral (patient); starts a conversation', tags: ['referrals'], policy: 'referral.request', status: 201,
    body: z.object({
      specialty: z.string().max(100), reason: z.string().max(1000), preferredClinicianId: z.string().nullable().optional(),
      preferredLocationId: z.string().nullable().optional(), idempotencyKey: Key,
    }),
    response: z.object({ referral: ReferralOut }),
    handler: async ({ actor, db, config, ip, body }) => (await createReferral({ db, actor, config, ip }, body)).body,
  });

  route(app, {
    method: 'GET', url: '/api/referral-requests', summary: "Referral requests: mine (patient) or the organization's (staff)", tags: ['referrals'], policy: 'referral.read',
    query: z.object({ status: z.enum(['open', 'all']).default('all'), patientId: z.string().uuid().optional() }),
    response: z.object({ referrals: z.array(ReferralOut) }),
    handler: async ({ actor, db, ip, query }) => {
      const rows = await listReferrals(db, actor, { open: query.status === 'open', patientId: query.patientId });
      await auditRead(db, { actor, patientId: actor.patientId ?? query.patientId ?? null, action: 'read', resourceType: 'ReferralRequest', ip, detail: { count: rows.length } });
      return { referrals: rows.map((r) => presentReferral(r, actor.role !== 'patient')) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/referral-requests/:id', summary: 'One referral request with its outcome', tags: ['referrals'], params: Id, policy: 'referral.read',
    response: z.object({ referral: ReferralOut }),
    handler: async ({ actor, db, ip, params }) => {
      const r = await findReferral(db, actor, params.id);
      if (!r) throw notFound('This referral request');
      await auditRead(db, { actor, patientId: r.patient_id, action: 'read', resourceType: 'ReferralRequest', resourceId: r.id, ip });
      return { referral: presentReferral(r, actor.role !== 'patient') };
    },
  });

  route(app, {
    method: 'POST', url: '/api/referral-requests/:id/decision', summary: 'Approve, deny, or ask for a visit first (physician, nurse, admin)',
    tags: ['referrals'], policy: 'referral.decide', params: Id,
    body: z.object({ status: z.enum(['approved', 'denied', 'need_visit']), note: z.string().max(2000), idempotencyKey: Key }),
    response: z.object({ referral: ReferralOut }),
    handler: async ({ actor, db, config, ip, params, body }) => (await decideReferral({ db, actor, config, ip }, params.id, body)).body,
  });
}
