import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { CLINICAL_ROLES } from '../../platform/access/actor';
import { auditRead } from '../../platform/audit/audit';
import { route } from '../../platform/http/route';

// Online digital evaluation and management (e-visits, CPT 99421–99423): clinician time on a patient's messages, counted
// over 7 days from the first qualifying minute. Only clinicians' time on billable categories counts (refills and
// scheduling never do). 5–10 minutes → 99421, 11–20 → 99422, 21 or more → 99423; under 5 minutes is not billable.

export const EVISIT_WINDOW_DAYS = 7;
export function evisitCode(minutes: number): '99421' | '99422' | '99423' | null {
  if (minutes >= 21) return '99423';
  if (minutes >= 11) return '99422';
  if (minutes >= 5) return '99421';
  return null;
}

type Entry = { patient_id: string; patient_name: string; mrn: string; minutes: number; at: Date; user_name: string; thread_id: string };

/**
 * Qualifying e-visits of the organization whose 7-day window started in the last `days` days: one episode per patient
 * per window (the window opens at the first qualifying entry after the previous window closed).
 */
export async function evisitEpisodes(q: Queryable, orgId: string, days: number, now = new Date()) {
  const entries = await q.query<Entry>(
    `select e.patient_id, p.given_name || ' ' || p.family_name as patient_name, p.mrn, e.minutes, e.at, u.display_name as user_name, e.thread_id
       from msg_time_entry e join msg_thread t on t.id = e.thread_id join app_user u on u.id = e.user_id join patient p on p.id = e.patient_id
       join msg_category cat on cat.org_id = t.org_id and cat.code = t.category_code
      where t.org_id = $1 and cat.billable and u.role = any($2::text[]) and e.at >= $3::timestamptz - make_interval(days => $4 + ${EVISIT_WINDOW_DAYS})
        and e.at <= $3::timestamptz
      order by e.patient_id, e.at, e.id`, [orgId, CLINICAL_ROLES, now.toISOString(), days]);
  type Episode = { patientId: string; patientName: string; mrn: string; start: Date; minutes: number; clinicians: Set<string>; threads: Set<string> };
  const episodes: Episode[] = [];
  let cur: Episode | null = null;
  for (const e of entries) {
    const at = new Date(e.at);
    if (!cur || cur.patientId !== e.patient_id || at.getTime() >= cur.start.getTime() + EVISIT_WINDOW_DAYS * 86_400_000) {
      cur = { patientId: e.patient_id, patientName: e.patient_name, mrn: e.mrn, start: at, minutes: 0, clinicians: new Set(), threads: new Set() };
      episodes.push(cur);
    }
    cur.minutes += e.minutes;
    cur.clinicians.add(e.user_name);
    cur.threads.add(e.thread_id);
  }
  const since = now.getTime() - days * 86_400_000;
  return episodes
    .filter((ep) => ep.start.getTime() >= since && evisitCode(ep.minutes) !== null)
    .map((ep) => {
      const end = new Date(ep.start.getTime() + EVISIT_WINDOW_DAYS * 86_400_000);
      return {
        patientId: ep.patientId, patientName: ep.patientName, mrn: ep.mrn, windowStart: ep.start.toISOString(), windowEnd: end.toISOString(),
        open: end.getTime() > now.getTime(), minutes: ep.minutes, code: evisitCode(ep.minutes) as string,
        clinicians: [...ep.clinicians].sort(), conversations: ep.threads.size,
      };
    })
    .sort((a, b) => b.windowStart.localeCompare(a.windowStart) || a.patientName.localeCompare(b.patientName));
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const Episode = z.object({
  patientId: z.string(), patientName: z.string(), mrn: z.string(), windowStart: z.string(), windowEnd: z.string(), open: z.boolean(),
  minutes: z.number(), code: z.string(), clinicians: z.array(z.string()), conversations: z.number(),
});
const Query = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export function evisitRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/inbasket/evisits', summary: 'Billing report: qualifying online digital visits (99421–99423) whose 7-day window started in the last N days',
    tags: ['inbasket'], policy: 'billing.staff', query: Query,
    response: z.object({ days: z.number(), episodes: z.array(Episode), totals: z.record(z.string(), z.number()) }),
    handler: async ({ actor, db, ip, query }) => {
      const episodes = await evisitEpisodes(db, actor.orgId, query.days);
      await auditRead(db, { actor, action: 'read', resourceType: 'EvisitReport', ip, detail: { days: query.days, episodes: episodes.length } });
      const totals: Record<string, number> = { '99421': 0, '99422': 0, '99423': 0 };
      for (const e of episodes) totals[e.code] += 1;
      return { days: query.days, episodes, totals };
    },
  });
  route(app, {
    method: 'GET', url: '/api/inbasket/evisits.csv', summary: 'Qualifying online digital visits as CSV (for the billing system)', tags: ['inbasket'], policy: 'billing.staff', query: Query,
    raw: { responseContentType: 'text/csv' },
    handler: async ({ actor, db, ip, query, reply }) => {
      const episodes = await evisitEpisodes(db, actor.orgId, query.days);
      await auditRead(db, { actor, action: 'download', resourceType: 'EvisitReport', ip, detail: { days: query.days, episodes: episodes.length } });
      const head = ['patient', 'mrn', 'window_start', 'window_end', 'window_open', 'minutes', 'code', 'clinicians', 'conversations'];
      const rows = episodes.map((e) => [e.patientName, e.mrn, e.windowStart, e.windowEnd, e.open ? 'yes' : 'no', e.minutes, e.code, e.clinicians.join('; '), e.conversations]);
      const csv = [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="e-visits.csv"').header('cache-control', 'no-store');
      return reply.send(csv);
    },
  });
}
