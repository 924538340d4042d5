import type { Queryable } from '../../db/client';
import { audit } from '../../platform/audit/audit';
import { HttpError, badRequest, conflict, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { announce, openRequestThread, postStaffReply, type OpenedThread } from '../scheduling/conversation';
import type { Ctx } from '../scheduling/service';
import { presentRefill } from './presenters';
import { findRefill, itemsFor, openRequestsFor, requestableMedications, savedPharmacy } from './repository';

const medText = (m: { display: string; dose: string | null }) => (m.dose && !m.display.includes(m.dose) ? `${m.display} (${m.dose})` : m.display);

export async function loadRefill(db: Queryable, ctx: Pick<Ctx, 'actor'>, id: string) {
  const r = await findRefill(db, ctx.actor, id);
  if (!r) throw notFound('This refill request');
  return presentRefill(r, await itemsFor(db, [r.id]), ctx.actor.role !== 'patient');
}

/** Patient: one or more active medicines + a saved pharmacy + a note → a refill request in a conversation with the refill pool. */
export async function createRefill(ctx: Ctx, input: { medicationIds: string[]; pharmacyId: string; note?: string; idempotencyKey: string }) {
  const { db, actor, ip } = ctx;
  const patientId = actor.patientId!;
  const { idempotencyKey, ...request } = input;
  let opened: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: 'POST /api/refill-requests', request }, async (q) => {
    const ids = [...new Set(input.medicationIds)];
    if (!ids.length) throw badRequest('Choose at least one medicine.', 'medicationIds');
    const meds = await requestableMedications(q, patientId, ids);
    // Not yours, not active, or not there: the same answer, so nothing is learned about other records.
    if (meds.length !== ids.length) throw badRequest('One of the medicines you chose cannot be refilled here. Choose from your current medicines.', 'medicationIds');
    // One open request per medicine: a second one would only make the care team answer twice.
    const open = await openRequestsFor(q, patientId, ids);
    if (open.length) throw alreadyOpen(open);
    const pharmacy = await savedPharmacy(q, patientId, input.pharmacyId);
    if (!pharmacy) throw badRequest('Choose one of your saved pharmacies.', 'pharmacyId');
    const note = (input.note ?? '').trim();
    const [p] = await q.query<{ clinic_id: string | null; provider: string | null }>(
      `select coalesce(p.primary_clinic_id, (select c.id from clinic c where c.org_id = p.org_id order by c.created_at limit 1)) as clinic_id,
              p.primary_provider_id as provider from patient p where p.id = $1`, [patientId]);
    if (!p?.clinic_id) throw badRequest('Your record has no clinic yet. Please call the clinic.', 'pharmacyId');
    const body = ['Prescription refill request', 'Medicines:', ...meds.map((m) => `- ${medText(m)}`),
      `Pharmacy: ${pharmacy.name}, ${pharmacy.address_line}, ${pharmacy.city}`, note ? `Note: ${note}` : null].filter(Boolean).join('\n');
    opened = await openRequestThread(q, actor, {
      patientId, clinicId: p.clinic_id, kind: 'refill', providerId: p.provider,
      subject: `Refill: ${meds.map((m) => m.display).join(', ')}`.slice(0, 200), body,
    });
    const [r] = await q.query<{ id: string }>(
      `insert into refill_request (org_id, patient_id, clinic_id, pharmacy_id, note, thread_id, created_by) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
      [actor.orgId, patientId, p.clinic_id, pharmacy.id, note, opened.threadId, actor.userId]);
    for (const m of meds) {
      await q.query('insert into refill_request_item (request_id, medication_id, medication_display) values ($1,$2,$3)', [r.id, m.id, medText(m)]);
    }
    await audit(q, { actor, patientId, action: 'create', resourceType: 'RefillRequest', resourceId: r.id, ip, detail: { items: meds.length, threadId: opened.threadId } });
    return { status: 201, body: { refill: await loadRefill(q, ctx, r.id) } };
  });
  if (!res.replayed) announce(opened, 'created');
  return res;
}

/** 409 naming the request that is still open (which medicines, and when it was sent). */
function alreadyOpen(open: { request_id: string; medication_display: string; created_at: Date }[]) {
  const names = [...new Set(open.map((o) => o.medication_display))];
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const sent = open[0].created_at.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'America/Chicago' });
  return new HttpError(409, 'refill_already_open',
    `You already asked for a refill of ${list} on ${sent}. That request is still waiting for an answer from your care team, so there is no need to ask again. You can see it under Refills.`,
    'medicationIds');
}

export type Decision = { medicationId: string; decision: 'approved' | 'denied'; reason?: string };

/** Nurse or physician: approve or deny each medicine with a reason; the patient reads the outcome per medicine in the thread. */
export async function decideRefill(ctx: Ctx, id: string, input: { decisions: Decision[]; idempotencyKey: string }) {
  const { db, actor, config, ip } = ctx;
  const { idempotencyKey, ...request } = input;
  let replied: OpenedThread | null = null;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: `POST /api/refill-requests/${id}/decisions`, request }, async (q) => {
    const r = await findRefill(q, actor, id, true);
    if (!r) throw notFound('This refill request');
    const items = await itemsFor(q, [r.id]);
    if (!input.decisions.length) throw badRequest('Decide at least one medicine.', 'decisions');
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const [i, d] of input.decisions.entries()) {
      const item = items.find((x) => x.medication_id === d.medicationId);
      if (!item || seen.has(d.medicationId)) throw badRequest('This medicine is not part of the request.', `decisions.${i}.medicationId`);
      seen.add(d.medicationId);
      if (item.decision) throw conflict(`${item.medication_display} was already answered.`, 'already_decided');
      const reason = (d.reason ?? '').trim();
      if (d.decision === 'denied' && !reason) throw badRequest('Give the patient a reason when a refill is not approved.', `decisions.${i}.reason`);
      const text = reason || `Sent to ${r.pharmacy_name}.`;
      await q.query('update refill_request_item set decision = $3, reason = $4, decided_by = $5, decided_at = now() where request_id = $1 and medication_id = $2',
        [r.id, d.medicationId, d.decision, text, actor.userId]);
      lines.push(`- ${item.medication_display}: ${d.decision === 'approved' ? 'Approved' : 'Not approved'}. ${text}`);
    }
    const left = (await q.query("select 1 from refill_request_item where request_id = $1 and decision is null", [r.id])).length;
    if (!left) await q.query("update refill_request set status = 'completed', completed_at = now() where id = $1", [r.id]);
    replied = await postStaffReply(q, actor, config.publicUrl, r.thread_id, ['Your refill request was answered:', ...lines].join('\n'));
    await audit(q, { actor, patientId: r.patient_id, action: 'update', resourceType: 'RefillRequest', resourceId: r.id, ip, detail: { decided: lines.length } });
    return { status: 200, body: { refill: await loadRefill(q, ctx, r.id) } };
  });
  if (!res.replayed) announce(replied, 'message');
  return res;
}
