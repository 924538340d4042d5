import type { AttentionItem, AttentionProvider } from '../home/attention';
import { can } from '../../platform/access/policy';
import { orgTimezone } from './service';
import { whenText } from './presenters';

// Home page: a patient's next appointment and recent answers to their requests; for staff, the requests waiting on them.

export const schedulingAttention: AttentionProvider = async (db, actor) => {
  const items: AttentionItem[] = [];
  if (actor.role === 'patient' && actor.patientId) {
    const tz = await orgTimezone(db, actor.orgId);
    const [next] = await db.query<{ id: string; start_at: Date; clinician: string; location: string; modality: string }>(
      `select a.id, a.start_at, u.display_name as clinician, l.name as location, a.modality from appointment a
         join app_user u on u.id = a.clinician_id join location l on l.id = a.location_id
        where a.patient_id = $1 and a.status = 'booked' and a.start_at > now() order by a.start_at limit 1`, [actor.patientId]);
    if (next) items.push({ kind: 'appointment', priority: 'normal', href: `/appointments/${next.id}`,
      title: `Next appointment: ${whenText(next.start_at, tz)}`,
      detail: `With ${next.clinician}${next.modality === 'in_person' ? ` at ${next.location}` : next.modality === 'video' ? ' (video visit)' : ' (phone visit)'}.` });
    const outcomes = await db.query<{ kind: string; id: string; text: string }>(
      `select 'refill' as kind, r.id, 'Your refill request was answered' as text from refill_request r
        where r.patient_id = $1 and r.completed_at > now() - interval '14 days'
       union all
       select 'referral', f.id, 'Your referral to ' || f.specialty || ': ' ||
              case f.status when 'approved' then 'approved' when 'denied' then 'not approved' else 'needs a visit first' end
         from referral_request f where f.patient_id = $1 and f.decided_at > now() - interval '14 days'
       union all
       select 'appointment-request', q.id, case q.status when 'booked' then 'Your appointment request was booked'
              when 'alternatives_offered' then 'The scheduling team offered other times' else 'Your appointment was cancelled' end
         from appointment_request q where q.patient_id = $1 and q.status in ('booked', 'alternatives_offered', 'cancelled')
          and coalesce(q.resolved_at, q.created_at) > now() - interval '14 days'`, [actor.patientId]);
    const href = { refill: '/refills', referral: '/referrals', 'appointment-request': '/appointments' } as Record<string, string>;
    for (const o of outcomes) items.push({ kind: o.kind, priority: 'normal', title: o.text, href: href[o.kind] });
    return items;
  }
  const counts = await db.query<{ k: string; n: number }>(
    `select 'appointment' as k, count(*)::int as n from appointment_request where org_id = $1 and status = 'pending'
     union all select 'refill', count(*)::int from refill_request where org_id = $1 and status = 'pending'
     union all select 'referral', count(*)::int from referral_request where org_id = $1 and status = 'pending'`, [actor.orgId]);
  const n = Object.fromEntries(counts.map((c) => [c.k, c.n]));
  // Only what the access policy lets this role work on.
  if (can(actor, 'manage', 'appointment') && n.appointment)
    items.push({ kind: 'appointment-requests', priority: 'normal', href: '/staff/scheduling', title: `${n.appointment} appointment request${n.appointment === 1 ? '' : 's'} waiting` });
  if (can(actor, 'decide', 'refill') && n.refill)
    items.push({ kind: 'refill-requests', priority: 'normal', href: '/staff/refills', title: `${n.refill} refill request${n.refill === 1 ? '' : 's'} waiting` });
  if (can(actor, 'decide', 'referral') && n.referral)
    items.push({ kind: 'referral-requests', priority: 'normal', href: '/staff/referrals', title: `${n.referral} referral request${n.referral === 1 ? '' : 's'} waiting` });
  return items;
};
