import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { announce, openRequestThread, postStaffReply, type OpenedThread } from '../scheduling/conversation';
import { findClinician, isUuid } from '../scheduling/repository';
import type { Ctx } from '../scheduling/service';
import { REFERRAL_STATUS_TEXT, presentReferral } from './presenters';
import { findReferral, specialties } from './repository';

export type ReferralInput = { specialty: string; reason: string; preferredClinicianId?: string | null; preferredLocationId?: string | null; idempotencyKey: string };

/** Patient asks for a referral; it goes, as a conversation, to their own clinic's pool for referrals. */
export async function createReferral(ctx: Ctx, input: ReferralInput) {
  const { db, actor, ip } = ctx;
  const patientId = actor.patientId!;
  const { idempotencyKey, ...request } = input;
  let opened: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: 'POST /api/referral-requests', request }, async (q) => {
    const specialty = input.specialty.trim();
    if (!(await specialties(q, actor.orgId)).includes(specialty)) throw badRequest('Choose a specialty from the list.', 'specialty');
    const reason = input.reason.trim();
    if (!reason) throw badRequest('Please tell us why you need this referral.', 'reason');
    let clinician = null;
    if (input.preferredClinicianId) {
      clinician = await findClinician(q, actor.orgId, input.preferredClinicianId);
      if (!clinician) throw badRequest('Choose a clinician from the list.', 'preferredClinicianId');
    }
    let location: { id: string; name: string } | undefined;
    if (input.preferredLocationId) {
      [location] = isUuid(input.preferredLocationId)
        ? await q.query<{ id: string; name: string }>('select id, name from location where id = $1 and org_id = $2', [input.preferredLocationId, actor.orgId]) : [];
      if (!location) throw badRequest('Choose a location from the list.', 'preferredLocationId');
    }
    const [p] = await q.query<{ clinic_id: string | null; provider: string | null }>(
      `select coalesce(p.primary_clinic_id, (select c.id from clinic c where c.org_id = p.org_id order by c.created_at limit 1)) as clinic_id,
              p.primary_provider_id as provider from patient p where p.id = $1`, [patientId]);
    if (!p?.clinic_id) throw badRequest('Your record has no clinic yet. Please call the clinic.', 'specialty');
    const body = ['Referral request', `Specialty: ${specialty}`, `Reason: ${reason}`,
      clinician ? `Preferred clinician: ${clinician.display_name}` : null, location ? `Preferred location: ${location.name}` : null].filter(Boolean).join('\n');
    opened = await openRequestThread(q, actor, { patientId, clinicId: p.clinic_id, kind: 'referral', subject: `Referral: ${specialty}`, body, providerId: p.provider });
    const [r] = await q.query<{ id: string }>(
      `insert into referral_request (org_id, patient_id, clinic_id, specialty, reason, preferred_clinician_id, preferred_location_id, thread_id, created_by)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning id`,
      [actor.orgId, patientId, p.clinic_id, specialty, reason, clinician?.id ?? null, location?.id ?? null, opened.threadId, actor.userId]);
    await audit(q, { actor, patientId, action: 'create', resourceType: 'ReferralRequest', resourceId: r.id, ip, detail: { threadId: opened.threadId } });
    return { status: 201, body: { referral: presentReferral((await findReferral(q, actor, r.id))!, false) } };
  });
  if (!res.replayed) announce(opened, 'created');
  return res;
}

/** Care team: approved, not approved, or needs a visit first; the note is what the patient reads in the thread and on the referrals page. */
export async function decideReferral(ctx: Ctx, id: string, input: { status: 'approved' | 'denied' | 'need_visit'; note: string; idempotencyKey: string }) {
  const { db, actor, config, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let replied: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/referral-requests/${id}/decision`, request }, async (q) => {
    const r = await findReferral(q, actor, id, true);
    if (!r) throw notFound('This referral request');
    if (r.status !== 'pending') throw conflict('This referral request was already answered.', 'already_decided');
    const note = input.note.trim();
    if (!note) throw badRequest('Write a note for the patient: what happens next.', 'note');
    await q.query('update referral_request set status = $2, outcome_note = $3, decided_by = $4, decided_at = now() where id = $1', [r.id, input.status, note, actor.userId]);
    replied = await postStaffReply(q, actor, config.publicUrl, r.thread_id,
      `Your referral to ${r.specialty}: ${REFERRAL_STATUS_TEXT[input.status]}.\n${note}`);
    await audit(q, { actor, patientId: r.patient_id, action: 'update', resourceType: 'ReferralRequest', resourceId: r.id, ip, detail: { status: input.status } });
    return { status: 200, body: { referral: presentReferral((await findReferral(q, actor, r.id))!, true) } };
  });
  if (!res.replayed) announce(replied, 'message');
  return res;
}
