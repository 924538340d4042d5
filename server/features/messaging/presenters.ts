import { z } from 'zod';
import type { Actor } from '../../platform/access/actor';
import type { AttachmentMeta, EventRow, MessageRow, ThreadListRow, ThreadRow } from './repository';
import { t as tr } from '../../platform/i18n';

// The only shapes in which conversations leave the server. Patients get no internal notes, no team-only events and
// no assignment details beyond who answered them.

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const Person = z.object({ displayName: z.string(), credentials: z.string().nullable(), role: z.string() });
export const AttachmentOut = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), url: z.string() });
export const MessageStatus = z.object({
  sentAt: z.string(), receivedBy: z.string(), readBy: Person.extend({ at: z.string() }).nullable(), answeredAt: z.string().nullable(),
});
export const MessageOut = z.object({
  id: z.string(), kind: z.enum(['patient', 'staff_reply', 'internal_note', 'phone_encounter']), body: z.string(), createdAt: z.string(),
  author: Person, attachments: z.array(AttachmentOut), status: MessageStatus.optional(),
  /** A proxy's message: whom they wrote for, and the line to show ("Ben Carter for Ava Thompson"). */
  onBehalfOf: z.object({ patientName: z.string(), relationship: z.string().nullable() }).optional(),
  byline: z.string().optional(),
});
export const EventOut = z.object({
  kind: z.string(), at: z.string(), actor: Person.nullable(), poolName: z.string().nullable(), text: z.string(),
});
export const ThreadSummary = z.object({
  id: z.string(), subject: z.string(), category: z.object({ code: z.string(), label: z.string() }),
  status: z.enum(['open', 'answered', 'closed']), statusText: z.string(),
  clinic: z.object({ id: z.string(), name: z.string() }), pool: z.object({ id: z.string(), name: z.string() }),
  assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  provider: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string().optional(), language: z.enum(['English', 'Spanish']).optional() }),
  priority: z.number(), createdAt: z.string(), lastMessageAt: z.string(), dueAt: z.string().nullable(), overdue: z.boolean(),
  escalated: z.boolean(), escalatedAt: z.string().nullable(), linkedThreadId: z.string().nullable(), resolution: z.string().nullable(),
  closedAt: z.string().nullable(), unread: z.boolean().optional(), messageCount: z.number().optional(), preview: z.string().nullable().optional(),
});
export type ThreadSummaryOut = z.infer<typeof ThreadSummary>;

export const isOverdue = (t: Pick<ThreadRow, 'status' | 'due_at'>, now = Date.now()) =>
  t.status === 'open' && t.due_at !== null && new Date(t.due_at).getTime() < now;

export function statusText(t: ThreadRow): string {
  // In the language of the person asking (platform/i18n).
  if (t.status === 'closed') return t.resolution ? tr('thread.closedWith', { resolution: t.resolution }) : tr('thread.closed');
  if (t.status === 'answered') return tr('thread.answered');
  if (isOverdue(t)) return t.escalated_at ? tr('thread.lateEscalated') : tr('thread.late');
  return tr('thread.waiting', { pool: t.pool_name });
}

export function presentThread(t: ThreadRow | ThreadListRow, actor: Actor): ThreadSummaryOut {
  const staff = actor.role !== 'patient';
  const list = t as ThreadListRow;
  return {
    id: t.id, subject: t.subject, category: { code: t.category_code, label: t.category_label }, status: t.status, statusText: statusText(t),
    clinic: { id: t.clinic_id, name: t.clinic_name }, pool: { id: t.pool_id, name: t.pool_name },
    assignee: staff && t.assignee_id ? { id: t.assignee_id, displayName: t.assignee_name ?? '' } : null,
    provider: t.provider_id ? { id: t.provider_id, displayName: t.provider_name ?? '' } : null,
    // Staff see the language the patient chose (only when they chose one; otherwise Portico speaks English to them).
    patient: staff ? { id: t.patient_id, name: t.patient_name, mrn: t.patient_mrn, ...(t.patient_locale === 'es' ? { language: 'Spanish' as const } : t.patient_locale === 'en' ? { language: 'English' as const } : {}) }
      : { id: t.patient_id, name: t.patient_name },
    priority: staff ? t.priority : 0, createdAt: iso(t.created_at)!, lastMessageAt: iso(t.last_message_at)!, dueAt: iso(t.due_at),
    overdue: isOverdue(t), escalated: t.escalated_at !== null, escalatedAt: iso(t.escalated_at), linkedThreadId: t.linked_thread_id,
    resolution: t.resolution, closedAt: iso(t.closed_at),
    ...(list.unread !== undefined ? { unread: list.unread, messageCount: list.message_count, preview: list.last_preview } : {}),
  };
}

const person = (name: string | null, credentials: string | null, role: string | null) =>
  ({ displayName: name ?? 'Portico', credentials, role: role ?? 'system' });

const EVENT_TEXT: Record<string, (e: EventRow) => string> = {
  sent: () => tr('event.sent'),
  routed: (e) => tr('event.routed', { pool: e.pool_name ?? tr('event.theCareTeam') }),
  read: (e) => tr('event.read', { name: e.actor_name ?? '' }),
  answered: (e) => tr('event.answered', { name: e.actor_name ?? '' }),
  assigned: (e) => tr('event.assigned', { name: (e.detail?.toName as string) ?? tr('event.aTeamMember') }),
  reassigned: (e) => tr('event.reassigned', { pool: e.pool_name ?? tr('event.anotherTeam') }),
  needs_provider: (e) => tr('event.needsProvider', { name: (e.detail?.toName as string) ?? tr('event.theProvider') }),
  note: (e) => tr('event.note', { name: e.actor_name ?? '' }),
  overdue: () => tr('event.overdue'),
  escalated: () => tr('event.escalated'),
  closed: (e) => (e.detail?.resolution ? tr('thread.closedWith', { resolution: e.detail.resolution as string }) : tr('thread.closed')),
  reopened: () => tr('event.reopened'),
  resolved_by_patient: () => tr('event.resolvedByPatient'),
  phone_encounter: (e) => tr('event.phone', { name: e.actor_name ?? '' }),
};

export const presentEvent = (e: EventRow): z.infer<typeof EventOut> => ({
  kind: e.kind, at: iso(e.at)!, actor: e.actor_id ? person(e.actor_name, e.actor_credentials, e.actor_role) : null, poolName: e.pool_name,
  text: (EVENT_TEXT[e.kind] ?? (() => e.kind))(e),
});

export const presentAttachment = (a: AttachmentMeta): z.infer<typeof AttachmentOut> =>
  ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size_bytes, url: `/api/attachments/${a.id}` });

/**
 * Messages with, for each patient message, the closed-loop status line: Sent → Received by pool → Read by … → Answered.
 */
export function presentMessages(messages: MessageRow[], events: EventRow[], attachments: AttachmentMeta[], poolName: string): z.infer<typeof MessageOut>[] {
  return messages.map((m) => {
    const out: z.infer<typeof MessageOut> = {
      id: m.id, kind: m.kind, body: m.body, createdAt: iso(m.created_at)!, author: person(m.author_name, m.author_credentials, m.author_role),
      attachments: attachments.filter((a) => a.message_id === m.id).map(presentAttachment),
    };
    if (m.on_behalf_of) {
      out.onBehalfOf = { patientName: m.on_behalf_of, relationship: m.proxy_relationship ?? null };
      out.byline = `${out.author.displayName} for ${m.on_behalf_of}`;
    }
    if (m.kind === 'patient') {
      const read = events.find((e) => e.kind === 'read' && e.message_id === m.id);
      const t = new Date(m.created_at).getTime();
      const answer = messages.find((r) => (r.kind === 'staff_reply') && new Date(r.created_at).getTime() >= t);
      out.status = {
        sentAt: iso(m.created_at)!, receivedBy: poolName,
        readBy: read ? { ...person(read.actor_name, read.actor_credentials, read.actor_role), at: iso(read.at)! } : null,
        answeredAt: answer ? iso(answer.created_at) : null,
      };
    }
    return out;
  });
}
