import type { Queryable } from '../../db/client';

// Open slots are computed, never stored: weekly templates, minus time off, minus booked appointments. The database
// guarantees no double booking (appointment_cell); this query only decides what to offer.

export const CELL_MINUTES = 15;

export type SlotRow = {
  clinician_id: string; clinician_name: string; location_id: string; location_name: string; clinic_id: string | null;
  start_at: Date; end_at: Date; timezone: string;
};

export type SlotQuery = {
  orgId: string;
  clinicianIds: string[];
  from: string;           // 'YYYY-MM-DD' (local dates of the templates)
  to: string;             // inclusive
  durationMinutes?: number | null;  // the visit type's length; default the template's slot length
  visitTypeId?: string | null;      // only blocks that take this visit type (a block with no visit types takes any)
  notBefore: Date;        // never offer the past
  exactStart?: Date;      // check one slot
  limit?: number;
};

/** Open slots of some clinicians between two dates, for a visit of the given length. */
export async function findOpenSlots(q: Queryable, s: SlotQuery): Promise<SlotRow[]> {
  const params: unknown[] = [s.orgId, s.clinicianIds, s.from, s.to, s.durationMinutes ?? null, s.notBefore.toISOString()];
  let exact = '';
  if (s.exactStart) {
    params.push(s.exactStart.toISOString());
    exact = `and sl.start_at = $${params.length}::timestamptz`;
  }
  params.push(s.visitTypeId ?? null);
  const vtParam = params.length;
  params.push(s.limit ?? 500);
  return q.query<SlotRow>(
    `with win as (
       -- One row per template and day: the local window turned into instants once (time zone lookups are not free).
       select t.clinician_id, t.location_id, t.timezone, t.slot_minutes,
              (d::date + t.start_time) at time zone t.timezone as win_start,
              (d::date + t.end_time) at time zone t.timezone as win_end
         from sched_template t
         cross join generate_series($3::date, $4::date, interval '1 day') d
        where t.org_id = $1 and t.clinician_id = any($2::uuid[])
          and extract(isodow from d) = t.weekday and d::date >= t.valid_from and (t.valid_until is null or d::date <= t.valid_until)
          and ($${vtParam}::uuid is null or cardinality(t.visit_type_ids) = 0 or $${vtParam}::uuid = any(t.visit_type_ids))
     ), sl as (
       select win.clinician_id, win.location_id, win.timezone, s as start_at,
              s + make_interval(mins => coalesce($5::int, win.slot_minutes)) as end_at, win.win_end as window_end
         from win
         cross join lateral generate_series(win.win_start, win.win_end - make_interval(mins => win.slot_minutes), make_interval(mins => win.slot_minutes)) s
     )
     select sl.clinician_id, u.display_name as clinician_name, sl.location_id, l.name as location_name, l.clinic_id,
            sl.start_at, sl.end_at, sl.timezone
       from sl
       join app_user u on u.id = sl.clinician_id
       join location l on l.id = sl.location_id
      where sl.end_at <= sl.window_end and sl.start_at >= $6::timestamptz ${exact}
        and not exists (select 1 from sched_exception e
                         where e.clinician_id = sl.clinician_id and e.starts_at < sl.end_at and e.ends_at > sl.start_at)
        and not exists (select 1 from appointment a
                         where a.clinician_id = sl.clinician_id and a.status = 'booked' and a.start_at < sl.end_at and a.end_at > sl.start_at)
      order by sl.start_at, u.display_name
      limit $${params.length}`, params);
}

/** The cells a visit covers; inserting them is what makes a second booking of any overlapping time fail. */
export async function claimCells(q: Queryable, clinicianId: string, appointmentId: string, start: Date, end: Date) {
  await q.query(
    `insert into appointment_cell (clinician_id, cell_start, appointment_id)
     select $1, c, $2 from generate_series($3::timestamptz, $4::timestamptz - interval '${CELL_MINUTES} minutes', interval '${CELL_MINUTES} minutes') c`,
    [clinicianId, appointmentId, start.toISOString(), end.toISOString()]);
}

export async function releaseCells(q: Queryable, appointmentId: string) {
  await q.query('delete from appointment_cell where appointment_id = $1', [appointmentId]);
}

export const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
