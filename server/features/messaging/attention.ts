import type { AttentionProvider } from '../home/attention';

// Home page items: patients see unread replies and requests to message; staff see what is overdue or nearly due.
export const messagingAttention: AttentionProvider = async (db, actor) => {
  if (actor.role === 'patient') {
    const [r] = await db.query<{ unread: number; overdue: number }>(
      `select count(*) filter (where last_staff_message_at is not null and (patient_read_at is null or patient_read_at < last_staff_message_at))::int as unread,
              count(*) filter (where status = 'open' and due_at < now())::int as overdue
         from msg_thread where patient_id = $1`, [actor.patientId]);
    const follow = await db.query<{ id: string; due_date: string; name: string }>(
      `select f.id, f.due_date, u.display_name as name from msg_followup f join app_user u on u.id = f.requested_by
        where f.patient_id = $1 and f.status = 'open' order by f.due_date limit 3`, [actor.patientId]);
    const items = [];
    if (r?.unread) items.push({ kind: 'messages', title: `You have ${r.unread} new ${r.unread === 1 ? 'reply' : 'replies'} from your care team`, href: '/messages', priority: 'high' as const });
    if (r?.overdue) items.push({ kind: 'messages', title: `${r.overdue} of your messages ${r.overdue === 1 ? 'is' : 'are'} waiting longer than expected`,
      detail: 'We told a team lead so you get an answer soon.', href: '/messages', priority: 'normal' as const });
    for (const f of follow) items.push({ kind: 'follow-up', title: `${f.name} asked you to send a message by ${f.due_date}`, href: `/messages/new?followUp=${f.id}`, priority: 'normal' as const });
    return items;
  }
  const [c] = await db.query<{ overdue: number; near: number; open: number }>(
    `select count(*) filter (where t.due_at < now())::int as overdue,
            count(*) filter (where t.due_at >= now() and t.due_at < now() + interval '4 hours')::int as near,
            count(*)::int as open
       from msg_thread t
      where t.status = 'open' and (t.assignee_id = $1 or t.pool_id in (select pool_id from msg_pool_member where user_id = $1))`, [actor.userId]);
  if (!c || c.open === 0) return [];
  const items = [];
  if (c.overdue) items.push({ kind: 'inbasket', title: `${c.overdue} overdue ${c.overdue === 1 ? 'message' : 'messages'} in your in-basket`, href: '/inbasket', priority: 'high' as const });
  items.push({ kind: 'inbasket', title: `${c.open} open ${c.open === 1 ? 'message' : 'messages'}${c.near ? `, ${c.near} due within 4 hours` : ''}`, href: '/inbasket', priority: 'normal' as const });
  return items;
};
