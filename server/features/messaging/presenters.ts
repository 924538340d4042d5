import { z } from 'zod';
import type { Actor } from '../../platform/access/actor';
import type { AttachmentMeta, EventRow, MessageRow, ThreadListRow, ThreadRow } from './repository';

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
  patient: z.object({ id: z.string(), name: z.string(), mrn: z.string().optional() }),
  priority: z.number(), createdAt: z.string(), lastMessageAt: z.string(), dueAt: z.string().nullable(), overdue: z.boolean(),
  escalated: z.boolean(), escalatedAt: z.string().nullable(), linkedThreadId: z.string().nullable(), resolution: z.string().nullable(),
  closedAt: z.string().nullable(), unread: z.boolean().optional(), messageCount: z.number().optional(), preview: z.string().nullable().optional(),
});
export type ThreadSummaryOut = z.infer<typeof ThreadSummary>;

export const isOverdue = (t: Pick<ThreadRow, 'status' | 'due_at'>, now = Date.now()) =>
  t.status === 'open' && t.due_at !== null && new Date(t.due_at).getTime() < now;

export function statusText(t: ThreadRow): string {
  if (t.status === 'closed') return t.resolution ? `Closed: ${t.resolution}` : 'Closed';
  if (t.status === 'answered') return 'Answered';
  if (isOverdue(t)) return t.escalated_at ? `Waiting for a reply; the reply is late and was sent to a team lead` : 'Waiting for a reply; the reply is late';
  return `Waiting for a reply from ${t.pool_name}`;
}

export function presentThread(t: ThreadRow | ThreadListRow, actor: Actor): ThreadSummaryOut {
  const staff = actor.role !== 'patient';
  const list = t as ThreadListRow;
  return {
    id: t.id, subject: t.subject, category: { code: t.category_code, label: t.category_label }, status: t.status, statusText: statusText(t),
    clinic: { id: t.clinic_id, name: t.clinic_name }, pool: { id: t.pool_id, name: t.pool_name },
    assignee: staff && t.assignee_id ? { id: t.assignee_id, displayName: t.assignee_name ?? '' } : null,
    provider: t.provider_id ? { id: t.provider_id, displayName: t.provider_name ?? '' } : null,
    patient: staff ? { id: t.patient_id, name: t.patient_name, mrn: t.patient_mrn } : { id: t.patient_id, name: t.patient_name },
    priority: staff ? t.priority : 0, createdAt: iso(t.created_at)!, lastMessageAt: iso(t.last_message_at)!, dueAt: iso(t.due_at),
    overdue: isOverdue(t), escalated: t.escalated_at !== null, escalatedAt: iso(t.escalated_at), linkedThreadId: t.linked_thread_id,
    resolution: t.resolution, closedAt: iso(t.closed_at),
    ...(list.unread !== undefined ? { unread: list.unread, messageCount: list.message_count, preview: list.last_preview } : {}),
  };
}

const person = (name: string | null, credentials: string | null, role: string | null) =>
  ({ displayName: name ?? 'Portico', credentials, role: role ?? 'system' });

const EVENT_TEXT: Record<string, (e: EventRow) => string> = {
  sent: () => 'Sent',
  routed: (e) => `Received by ${e.pool_name ?? 'the care team'}`,
  read: (e) => `Read by ${e.actor_name}`,
  answered: (e) => `Answered by ${e.actor_name}`,
  assigned: (e) => `Assigned to ${(e.detail?.toName as string) ?? 'a team member'}`,
  reassigned: (e) => `Moved to ${e.pool_name ?? 'another team'}`,
  needs_provider: (e) => `Sent to ${(e.detail?.toName as string) ?? 'the provider'} for a decision`,
  note: (e) => `Internal note by ${e.actor_name}`,
  overdue: () => 'The reply is late (past the clinic’s target time)',
  escalated: () => 'Sent to a team lead so you get an answer soon',
  closed: (e) => `Closed${e.detail?.resolution ? `: ${e.detail.resolution as string}` : ''}`,
  reopened: () => 'Reopened',
  resolved_by_patient: () => 'Marked resolved by the patient',
  phone_encounter: (e) => `Phone call logged by ${e.actor_name}`,
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
