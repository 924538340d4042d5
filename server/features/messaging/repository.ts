import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/policy';
import { scopeSql } from '../../platform/access/scope';

// All SQL for conversations lives here. Every read that starts from a client-supplied id is scoped by the actor:
// a patient reaches only their own threads, staff only their organization's, so "not yours" and "missing" look the same.

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);


/**
 * The access policy's reach for conversations ('conversation.read'): patients their own, clinical staff their organization's,
 * front desk and billing only conversations of the categories they handle; anyone else none (404, like a missing one).
 */
export function threadScopeSql(actor: Actor, alias: string, params: unknown[]): string {
  return scopeSql(actor, 'conversation.read', { patient: `${alias}.patient_id`, org: `${alias}.org_id`, category: `${alias}.category_code` }, params);
}

/** Internal notes are clinical: only roles the policy lets read them ('conversation.note') see them. */
export const seesInternalNotes = (actor: Pick<Actor, 'role' | 'orgId' | 'patientId'>) => can(actor, 'note', 'conversation');

export type ThreadRow = {
  id: string; org_id: string; patient_id: string; clinic_id: string; category_code: string; subject: string; status: 'open' | 'answered' | 'closed';
  pool_id: string; assignee_id: string | null; provider_id: string | null; priority: number; created_by: string; created_at: Date;
  last_message_at: Date; last_staff_message_at: Date | null; patient_read_at: Date | null; awaiting_since: Date | null; due_at: Date | null;
  first_due_at: Date | null; first_response_at: Date | null; overdue_at: Date | null; escalated_at: Date | null; linked_thread_id: string | null; closed_at: Date | null;
  closed_by: string | null; resolution: string | null; followup_id: string | null;
  // joined
  pool_name: string; clinic_name: string; category_label: string; assignee_name: string | null; assignee_credentials: string | null;
  provider_name: string | null; patient_name: string; patient_mrn: string; clinic_phone_nurse_line: string | null;
  /** The language the patient chose for Portico (i18n), null = never chose (English). */
  patient_locale?: string | null;
};

const THREAD_COLUMNS = `t.*, pl.name as pool_name, c.name as clinic_name, c.phone_nurse_line as clinic_phone_nurse_line,
         coalesce(cat.label, t.category_code) as category_label,
         a.display_name as assignee_name, a.credentials as assignee_credentials, pr.display_name as provider_name,
         p.given_name || ' ' || p.family_name as patient_name, p.mrn as patient_mrn,
         (select pu.locale from app_user pu where pu.patient_id = t.patient_id and pu.role = 'patient' and pu.locale is not null limit 1) as patient_locale`;
export const THREAD_FROM = `
    from msg_thread t
    join msg_pool pl on pl.id = t.pool_id
    join clinic c on c.id = t.clinic_id
    join patient p on p.id = t.patient_id
    left join msg_category cat on cat.org_id = t.org_id and cat.code = t.category_code
    left join app_user a on a.id = t.assignee_id
    left join app_user pr on pr.id = t.provider_id`;
const THREAD_SELECT = `select ${THREAD_COLUMNS} ${THREAD_FROM}`;
export { THREAD_COLUMNS };

/** One thread the actor may reach, or null. `lock` takes a row lock so concurrent changes to one thread serialise. */
export async function findThread(q: Queryable, actor: Actor, id: string, lock = false): Promise<ThreadRow | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const scope = threadScopeSql(actor, 't', params);
  if (lock) {
    const locked = await q.query(`select 1 from msg_thread t where t.id = $1 and ${scope} for update`, params);
    if (locked.length === 0) return null;
  }
  const rows = await q.query<ThreadRow>(`${THREAD_SELECT} where t.id = $1 and ${scope}`, params);
  return rows[0] ?? null;
}

export type ThreadListRow = ThreadRow & { unread: boolean; message_count: number; last_preview: string | null };

/** A patient's conversations: unread replies first, then newest. */
export async function listThreadsForPatient(q: Queryable, actor: Actor, patientId: string, limit = 100): Promise<ThreadListRow[]> {
  const params: unknown[] = [patientId];
  const scope = threadScopeSql(actor, 't', params);
  const hide = seesInternalNotes(actor) ? '' : "and m.kind <> 'internal_note'";
  params.push(limit);
  return q.query<ThreadListRow>(
    `select ${THREAD_COLUMNS},
            (t.last_staff_message_at is not null and (t.patient_read_at is null or t.patient_read_at < t.last_staff_message_at)) as unread,
            (select count(*)::int from msg_message m where m.thread_id = t.id ${hide}) as message_count,
            (select left(m.body, 140) from msg_message m where m.thread_id = t.id ${hide} order by m.created_at desc limit 1) as last_preview
       ${THREAD_FROM}
      where t.patient_id = $1 and ${scope}
      order by unread desc, t.last_message_at desc limit $${params.length}`, params);
}

export type MessageRow = {
  id: string; thread_id: string; kind: 'patient' | 'staff_reply' | 'internal_note' | 'phone_encounter'; body: string; created_at: Date;
  author_id: string; author_name: string; author_credentials: string | null; author_role: string;
  /** Set when a proxy wrote it: the name of the patient they wrote for, and how they are related (issue 14). */
  on_behalf_of?: string | null; proxy_relationship?: string | null;
};

export async function listMessages(q: Queryable, threadId: string, includeInternal: boolean): Promise<MessageRow[]> {
  return q.query<MessageRow>(
    `select m.id, m.thread_id, m.kind, m.body, m.created_at, m.author_id, u.display_name as author_name, u.credentials as author_credentials,
            u.role as author_role,
            case when u.role = 'patient' and u.patient_id is distinct from m.patient_id then fp.given_name || ' ' || fp.family_name end as on_behalf_of,
            case when u.role = 'patient' and u.patient_id is distinct from m.patient_id then
              (select g.relationship from proxy_grant g where g.patient_id = m.patient_id and g.grantee_user_id = u.id order by g.created_at desc limit 1) end
              as proxy_relationship
       from msg_message m join app_user u on u.id = m.author_id left join patient fp on fp.id = m.patient_id
      where m.thread_id = $1 ${includeInternal ? '' : "and m.kind <> 'internal_note'"}
      order by m.created_at, m.id`, [threadId]);
}

export type EventRow = {
  id: number; thread_id: string; message_id: string | null; kind: string; at: Date; detail: Record<string, unknown> | null;
  actor_id: string | null; actor_name: string | null; actor_credentials: string | null; actor_role: string | null; pool_name: string | null;
};

/** Events a patient may see: the progress of their message, never the team's internal work. */
export const PATIENT_EVENT_KINDS = ['sent', 'routed', 'read', 'answered', 'overdue', 'escalated', 'closed', 'reopened', 'resolved_by_patient', 'phone_encounter'];

export async function listEvents(q: Queryable, threadId: string, patientView: boolean): Promise<EventRow[]> {
  return q.query<EventRow>(
    `select e.id, e.thread_id, e.message_id, e.kind, e.at, e.detail, e.actor_id, u.display_name as actor_name, u.credentials as actor_credentials,
            u.role as actor_role, pl.name as pool_name
       from msg_event e left join app_user u on u.id = e.actor_id left join msg_pool pl on pl.id = e.pool_id
      where e.thread_id = $1 ${patientView ? 'and e.kind = any($2)' : ''}
      order by e.at, e.id`, patientView ? [threadId, PATIENT_EVENT_KINDS] : [threadId]);
}

export type AttachmentMeta = { id: string; message_id: string | null; filename: string; content_type: string; size_bytes: number };

export async function attachmentsForThread(q: Queryable, threadId: string): Promise<AttachmentMeta[]> {
  return q.query<AttachmentMeta>(
    'select id, message_id, filename, content_type, size_bytes from msg_attachment where thread_id = $1 and message_id is not null order by created_at', [threadId]);
}

export async function insertEvent(q: Queryable, e: { threadId: string; kind: string; actorId?: string | null; messageId?: string | null; poolId?: string | null; detail?: Record<string, unknown> | null }) {
  await q.query('insert into msg_event (thread_id, message_id, kind, actor_id, pool_id, detail) values ($1,$2,$3,$4,$5,$6)',
    [e.threadId, e.messageId ?? null, e.kind, e.actorId ?? null, e.poolId ?? null, e.detail ? JSON.stringify(e.detail) : null]);
}

export async function insertMessage(q: Queryable, m: { threadId: string; patientId: string; authorId: string; kind: MessageRow['kind']; body: string }) {
  const [row] = await q.query<{ id: string; created_at: Date }>(
    'insert into msg_message (thread_id, patient_id, author_id, kind, body) values ($1,$2,$3,$4,$5) returning id, created_at',
    [m.threadId, m.patientId, m.authorId, m.kind, m.body]);
  return row;
}

/** Staff opening a thread: every patient message not yet read by this person is now read by them (once). */
export async function markReadByStaff(q: Queryable, threadId: string, userId: string): Promise<number> {
  const rows = await q.query(
    `insert into msg_event (thread_id, message_id, kind, actor_id)
     select m.thread_id, m.id, 'read', $2 from msg_message m
      where m.thread_id = $1 and m.kind = 'patient'
        and not exists (select 1 from msg_event e where e.message_id = m.id and e.actor_id = $2 and e.kind = 'read')
     on conflict (message_id, actor_id) where kind = 'read' do nothing returning id`, [threadId, userId]);
  return rows.length;
}

export type PoolRow = {
  id: string; org_id: string; clinic_id: string; name: string; handles_text: string; target_business_hours: number; day_start_hour: number;
  day_end_hour: number; business_days: number[]; holidays: (string | Date)[]; timezone: string; lead_user_id: string | null; is_default: boolean;
};

export const poolCalendar = (p: PoolRow) => ({
  timezone: p.timezone, dayStartHour: p.day_start_hour, dayEndHour: p.day_end_hour, businessDays: p.business_days.map(Number),
  holidays: p.holidays.map((h) => (typeof h === 'string' ? h : h.toISOString().slice(0, 10))),
});

/** The pool that handles (clinic, category): the routing rule, else the clinic's default pool. */
export async function routeToPool(q: Queryable, clinicId: string, category: string): Promise<PoolRow | null> {
  const rows = await q.query<PoolRow>(
    `select pl.* from msg_pool pl
      where pl.id = coalesce((select r.pool_id from msg_routing_rule r where r.clinic_id = $1 and r.category_code = $2),
                             (select d.id from msg_pool d where d.clinic_id = $1 and d.is_default order by d.created_at limit 1))`, [clinicId, category]);
  return rows[0] ?? null;
}

export async function findPool(q: Queryable, orgId: string, poolId: string): Promise<PoolRow | null> {
  if (!isUuid(poolId)) return null;
  return (await q.query<PoolRow>('select * from msg_pool where id = $1 and org_id = $2', [poolId, orgId]))[0] ?? null;
}

export type CategoryRow = { org_id: string; code: string; label: string; description: string; who_handles: string; billable: boolean; sort_order: number };

export const listCategories = (q: Queryable, orgId: string) =>
  q.query<CategoryRow>('select * from msg_category where org_id = $1 and active order by sort_order, label', [orgId]);

export async function findCategory(q: Queryable, orgId: string, code: string): Promise<CategoryRow | null> {
  return (await q.query<CategoryRow>('select * from msg_category where org_id = $1 and code = $2 and active', [orgId, code]))[0] ?? null;
}

export type Settings = { max_body_chars: number; max_attachment_bytes: number; reopen_window_days: number; near_due_hours: number };
const DEFAULT_SETTINGS: Settings = { max_body_chars: 5000, max_attachment_bytes: 5 * 1024 * 1024, reopen_window_days: 14, near_due_hours: 4 };

export async function settingsFor(q: Queryable, orgId: string): Promise<Settings> {
  return (await q.query<Settings>('select * from msg_settings where org_id = $1', [orgId]))[0] ?? DEFAULT_SETTINGS;
}

/**
 * Where a draft is stored. The composer's draft ('new') belongs to the record being written about: a proxy acting for
 * someone else keeps a separate one, so switching records never pre-fills (and sends) words meant for another chart.
 */
export function draftStoreKey(actor: Pick<Actor, 'role' | 'patientId' | 'ownPatientId'>, key: string): string {
  if (key !== 'new' || actor.role !== 'patient' || !actor.patientId || actor.patientId === actor.ownPatientId) return key;
  return `new:${actor.patientId}`;
}

export async function deleteDraft(q: Queryable, userId: string, key: string) {
  await q.query('delete from msg_draft where user_id = $1 and draft_key = $2', [userId, key]);
}
