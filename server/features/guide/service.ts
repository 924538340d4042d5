import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit } from '../../platform/audit/audit';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { badRequest, notFound } from '../../platform/errors';
import { t } from '../../platform/i18n';
import { composerInfo } from '../messaging/catalog';

// "How messaging works": the patient's guide state (is the first-use walkthrough due?), the events that record it, and a
// clinician explaining messaging. Every change writes its audit event in the same transaction (docs/guide.md).

export const PATIENT_KINDS = ['viewed', 'completed', 'skipped'] as const;
export type PatientKind = (typeof PATIENT_KINDS)[number];
/** A patient who has not sent a message for this long is offered the walkthrough again. */
export const REOFFER_DAYS = 365;

type EventRow = { id: string; kind: string; by_user_id: string | null; by_name: string | null; by_credentials: string | null;
  instructions: string | null; handout: boolean; followup_id: string | null; created_at: Date };

const SELECT = `select e.id, e.kind, e.by_user_id, u.display_name as by_name, u.credentials as by_credentials, e.instructions, e.handout,
  e.followup_id, e.created_at from guide_event e left join app_user u on u.id = e.by_user_id`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export type Explanation = { id: string; by: { displayName: string; credentials: string | null }; instructions: string | null; handout: boolean; at: string };
const presentExplanation = (e: EventRow): Explanation => ({
  id: e.id, by: { displayName: e.by_name ?? '', credentials: e.by_credentials }, instructions: e.instructions, handout: e.handout, at: iso(e.created_at)!,
});

export async function guideEvents(q: Queryable, patientId: string): Promise<EventRow[]> {
  return q.query<EventRow>(`${SELECT} where e.patient_id = $1 order by e.created_at desc, e.id`, [patientId]);
}

/** Should the first-use walkthrough open now? 'first': never answered; 'inactive': answered over a year ago and no message for a year. */
export async function walkthroughDue(q: Queryable, patientId: string, now = new Date()): Promise<'first' | 'inactive' | null> {
  const [r] = await q.query<{ answered: Date | null; last_sent: Date | null }>(
    `select (select max(created_at) from guide_event where patient_id = $1 and kind in ('completed', 'skipped')) as answered,
            (select max(created_at) from msg_message where patient_id = $1 and kind = 'patient') as last_sent`, [patientId]);
  if (!r?.answered) return 'first';
  const yearAgo = now.getTime() - REOFFER_DAYS * 86_400_000;
  const answered = new Date(r.answered).getTime();
  const lastSent = r.last_sent ? new Date(r.last_sent).getTime() : null;
  if (answered < yearAgo && (lastSent === null || lastSent < yearAgo)) return 'inactive';
  return null;
}

/**
 * The conversation page's own status texts (server catalog keys thread.* from messaging/presenters statusText), for the
 * patient's clinic, in the language of the request: the guide shows the same words the conversation page shows.
 */
export function threadStatusTexts(pools: string[]) {
  return [
    ...(pools.length ? pools : [t('event.theCareTeam')]).map((pool) => ({ status: 'open', key: 'thread.waiting', text: t('thread.waiting', { pool }) })),
    { status: 'answered', key: 'thread.answered', text: t('thread.answered') },
    { status: 'late', key: 'thread.late', text: t('thread.late') },
    { status: 'escalated', key: 'thread.lateEscalated', text: t('thread.lateEscalated') },
    { status: 'closed', key: 'thread.closed', text: t('thread.closed') },
  ];
}

export async function patientGuideState(db: Db, actor: Actor) {
  const patientId = actor.patientId!;
  const events = await guideEvents(db, patientId);
  const due = await walkthroughDue(db, patientId);
  const info = await composerInfo(db, actor);
  // One "waiting" line per team that answers this patient's clinic's messages (the words name the team).
  const pools = [...new Set(info.categories.map((c) => c.poolName))];
  const last = (k: string) => iso(events.find((e) => e.kind === k)?.created_at ?? null);
  return {
    walkthrough: { show: due !== null, reason: due },
    viewedAt: last('viewed'), completedAt: last('completed'), skippedAt: last('skipped'),
    explained: events.filter((e) => e.kind === 'explained').map(presentExplanation),
    statuses: threadStatusTexts(pools),
  };
}

/** A patient (or their proxy) viewed, completed or skipped the guide. Idempotent by key. */
export async function recordPatientEvent(db: Db, actor: Actor, ip: string, kind: PatientKind, idempotencyKey: string) {
  const patientId = actor.patientId!;
  const res = await runIdempotent(db, { userId: actor.userId, actor, key: idempotencyKey, route: 'POST /api/guide/events', request: { kind } }, async (q) => {
    const [e] = await q.query<{ id: string; created_at: Date }>(
      'insert into guide_event (patient_id, kind, by_user_id) values ($1, $2, $3) returning id, created_at', [patientId, kind, actor.userId]);
    await audit(q, { actor, patientId, action: kind === 'viewed' ? 'read' : kind === 'completed' ? 'complete' : 'skip',
      resourceType: 'MessagingGuide', resourceId: e.id, ip, detail: { kind } });
    return { status: 201, body: { event: { id: e.id, kind, at: iso(e.created_at)! } } };
  });
  return res;
}

/** A clinician explains messaging to a patient of their organization: the guide goes on the patient's home page. */
export async function explainMessaging(db: Db, actor: Actor, ip: string, patientId: string,
  input: { instructions?: string | null; handout?: boolean; followUpId?: string | null; idempotencyKey: string }) {
  const instructions = input.instructions?.trim() ? input.instructions.trim() : null;
  const request = { patientId, instructions, handout: input.handout ?? false, followUpId: input.followUpId ?? null };
  return runIdempotent(db, { userId: actor.userId, actor, patientId, key: input.idempotencyKey, route: 'POST /api/patients/:patientId/guide/explain', request }, async (q) => {
    if (request.followUpId) {
      const f = await q.query('select 1 from msg_followup where id = $1 and patient_id = $2 and org_id = $3', [request.followUpId, patientId, actor.orgId]);
      if (!f.length) throw badRequest('followUpId: not a follow-up request for this patient', 'followUpId');
    }
    const [e] = await q.query<{ id: string }>(
      `insert into guide_event (patient_id, kind, by_user_id, instructions, handout, followup_id) values ($1, 'explained', $2, $3, $4, $5) returning id`,
      [patientId, actor.userId, instructions, request.handout, request.followUpId]);
    // No health data in the audit detail: only whether there were instructions and a hand-out.
    await audit(q, { actor, patientId, action: 'create', resourceType: 'MessagingGuideExplanation', resourceId: e.id, ip,
      detail: { instructions: instructions !== null, handout: request.handout, followUp: request.followUpId !== null } });
    const [row] = await q.query<EventRow>(`${SELECT} where e.id = $1`, [e.id]);
    return { status: 201, body: { explanation: presentExplanation(row) } };
  });
}

/** What a clinician sees about a patient: who explained messaging and when, and whether the patient opened the guide. */
export async function staffGuideView(db: Db, actor: Actor, ip: string, patientId: string) {
  const [p] = await db.query<{ given_name: string; family_name: string; primary_clinic_id: string | null; clinic_name: string | null; nurse_line: string | null }>(
    `select p.given_name, p.family_name, p.primary_clinic_id, c.name as clinic_name, c.phone_nurse_line as nurse_line
       from patient p left join clinic c on c.id = p.primary_clinic_id where p.id = $1 and p.org_id = $2`, [patientId, actor.orgId]);
  if (!p) throw notFound('This patient');
  const events = await guideEvents(db, patientId);
  await db.tx((q) => audit(q, { actor, patientId, action: 'read', resourceType: 'MessagingGuide', ip }));
  const last = (k: string) => iso(events.find((e) => e.kind === k)?.created_at ?? null);
  const info = p.primary_clinic_id ? await composerInfo(db, actor, p.primary_clinic_id) : null;
  return {
    statuses: threadStatusTexts([...new Set((info?.categories ?? []).map((c) => c.poolName))]),
    patient: { name: `${p.given_name} ${p.family_name}`, clinic: p.primary_clinic_id ? { id: p.primary_clinic_id, name: p.clinic_name ?? '', phoneNurseLine: p.nurse_line } : null },
    viewedAt: last('viewed'), completedAt: last('completed'), skippedAt: last('skipped'),
    explained: events.filter((e) => e.kind === 'explained').map(presentExplanation),
  };
}
