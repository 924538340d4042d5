// Issue 16: does explaining secure messaging change messaging use? Patients who saw the "How messaging works" guide or were
// asked by a clinician ("explain messaging"), against patients who were neither, over a window of days back from now.
// Measures: patient-written messages per patient in the window (Mann–Whitney U), any use (Fisher's exact test), and days to
// the first message (median). The tests are the study's, reused from stats/ (no statistics are written here).
// De-identified: no patient names, ids or dates leave this file; clinicians (staff) are named in the by-clinician rows.
import { randomBytes, randomInt } from 'node:crypto';
import type { Queryable } from '../../db/client';
import { fisherExact, mannWhitneyU, quantile } from '../../../stats/index.js';
import { toCsv } from './analysis/index';

export type GuidePatient = {
  patientId: string; saw: boolean; askedBy: { id: string; name: string } | null;
  messages: number; daysToFirst: number | null;
};

export type GroupSummary = {
  key: string; label: string; n: number; messages: number; meanMessages: number | null; medianMessages: number | null;
  anyUse: number; anyUsePct: number | null; medianDaysToFirst: number | null;
};
export type Comparison = {
  group: GroupSummary; control: GroupSummary;
  mannWhitney: { u: number; z: number | null; p: number | null } | null;
  fisher: { p: number; method: string } | null;
};

const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Every patient of the organization with their exposure and their messaging use in the window. */
export async function guidePatients(q: Queryable, orgId: string, windowDays: number, now = new Date()): Promise<GuidePatient[]> {
  const rows = await q.query<{ id: string; saw: boolean; asked_by: string | null; asked_name: string | null; exposed_at: Date | null;
    messages: number; first_at: Date | null }>(
    `with w as (select $2::timestamptz - make_interval(days => $3::int) as start, $2::timestamptz as stop),
     ex as (
       select p.id,
              exists (select 1 from guide_event g where g.patient_id = p.id and g.kind in ('viewed', 'completed') and g.created_at <= w.stop) as saw,
              (select g.by_user_id from guide_event g where g.patient_id = p.id and g.kind = 'explained' and g.created_at <= w.stop
                order by g.created_at, g.id limit 1) as asked_by,
              (select min(g.created_at) from guide_event g where g.patient_id = p.id and g.kind in ('viewed', 'completed', 'explained')) as exposed_at
         from patient p, w where p.org_id = $1)
     select ex.id, ex.saw, ex.asked_by, u.display_name as asked_name, ex.exposed_at,
            (select count(*)::int from msg_message m, w where m.patient_id = ex.id and m.kind = 'patient'
               and m.created_at >= w.start and m.created_at <= w.stop) as messages,
            (select min(m.created_at) from msg_message m, w where m.patient_id = ex.id and m.kind = 'patient'
               and m.created_at >= greatest(w.start, coalesce(ex.exposed_at, w.start)) and m.created_at <= w.stop) as first_at
       from ex left join app_user u on u.id = ex.asked_by, w
      order by ex.id`, [orgId, now.toISOString(), windowDays]);
  const start = now.getTime() - windowDays * 86_400_000;
  return rows.map((r) => {
    const from = Math.max(start, r.exposed_at ? new Date(r.exposed_at).getTime() : start);
    return {
      patientId: r.id, saw: r.saw, askedBy: r.asked_by ? { id: r.asked_by, name: r.asked_name ?? '' } : null, messages: r.messages,
      daysToFirst: r.first_at ? Math.floor((new Date(r.first_at).getTime() - from) / 86_400_000) : null,
    };
  });
}

export function summarize(key: string, label: string, ps: GuidePatient[]): GroupSummary {
  const counts = ps.map((p) => p.messages);
  const sorted = [...counts].sort((a, b) => a - b);
  const days = ps.map((p) => p.daysToFirst).filter((d): d is number => d !== null).sort((a, b) => a - b);
  const any = counts.filter((c) => c > 0).length;
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    key, label, n: ps.length, messages: total, meanMessages: ps.length ? round(total / ps.length) : null, medianMessages: quantile(sorted, 0.5),
    anyUse: any, anyUsePct: ps.length ? round((100 * any) / ps.length, 1) : null, medianDaysToFirst: quantile(days, 0.5),
  };
}

export function compare(group: GroupSummary & { ps: GuidePatient[] }, control: GroupSummary & { ps: GuidePatient[] }): Comparison {
  const ok = group.n > 0 && control.n > 0;
  const mw = ok ? mannWhitneyU(group.ps.map((p) => p.messages), control.ps.map((p) => p.messages)) : null;
  const f = ok ? fisherExact([[group.anyUse, group.n - group.anyUse], [control.anyUse, control.n - control.anyUse]]) : null;
  const strip = ({ ps: _ps, ...s }: GroupSummary & { ps: GuidePatient[] }) => s;
  return {
    group: strip(group), control: strip(control),
    mannWhitney: mw ? { u: mw.u, z: round(mw.z), p: round(mw.p) } : null,
    fisher: f ? { p: round(f.p)!, method: f.method } : null,
  };
}

const withPs = (key: string, label: string, ps: GuidePatient[]) => ({ ...summarize(key, label, ps), ps });

export type GuideComparisonOut = {
  windowDays: number; patients: number;
  overall: Comparison; saw: Comparison; asked: Comparison;
  byClinician: (Comparison & { clinician: string })[];
};

/** The dashboard's comparison: guided (saw or asked) vs neither; saw vs neither; asked vs neither; each clinician's patients vs neither. */
export function guideComparison(ps: GuidePatient[], windowDays: number): GuideComparisonOut {
  const neither = withPs('neither', 'Neither saw the guide nor were asked', ps.filter((p) => !p.saw && !p.askedBy));
  const clinicians = new Map<string, string>();
  for (const p of ps) if (p.askedBy) clinicians.set(p.askedBy.id, p.askedBy.name);
  return {
    windowDays, patients: ps.length,
    overall: compare(withPs('guided', 'Saw the guide or were asked by a clinician', ps.filter((p) => p.saw || p.askedBy)), neither),
    saw: compare(withPs('saw', 'Saw the guide', ps.filter((p) => p.saw)), neither),
    asked: compare(withPs('asked', 'Asked by a clinician', ps.filter((p) => p.askedBy)), neither),
    byClinician: [...clinicians].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => ({
      clinician: name, ...compare(withPs(`asked-by:${name}`, `Asked by ${name}`, ps.filter((p) => p.askedBy?.id === id)), neither),
    })),
  };
}

/** One row per patient, de-identified: a fresh random study id per export, rows shuffled, no dates, no patient ids. */
export function guideComparisonCsv(ps: GuidePatient[], windowDays: number): string {
  const seen = new Set<string>();
  while (seen.size < ps.length) seen.add(`S-${randomBytes(5).toString('hex').toUpperCase()}`);
  const ids = [...seen];
  const rows = ps.slice();
  for (let i = rows.length - 1; i > 0; i--) { const j = randomInt(i + 1); [rows[i], rows[j]] = [rows[j], rows[i]]; }
  return toCsv([
    ['study_id', 'window_days', 'saw_guide', 'asked_by_clinician', 'clinician', 'messages_sent', 'any_message', 'days_to_first_message'],
    ...rows.map((p, k) => [ids[k], String(windowDays), p.saw ? '1' : '0', p.askedBy ? '1' : '0', p.askedBy?.name ?? '', String(p.messages),
      p.messages > 0 ? '1' : '0', p.daysToFirst === null ? '' : String(p.daysToFirst)]),
  ]);
}
