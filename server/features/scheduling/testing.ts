import type { Queryable } from '../../db/client';
import { buildClinicWorld, buildUser } from '../../testing/factories';

// Test world for scheduling, refills and referrals: the standard clinic world plus a location, messaging pools and
// routing for the request categories, visit types, a front-desk scheduler and a physician's weekly availability.

export async function buildSchedulingWorld(q: Queryable) {
  const w = await buildClinicWorld(q);
  const scheduler = await buildUser(q, { orgId: w.orgId, role: 'front_desk', name: 'Sara Sched', clinicIds: [w.clinicId] });
  const [loc] = await q.query<{ id: string }>(
    `insert into location (org_id, clinic_id, name, address_line, city, state, postal_code, latitude, longitude, phone)
     values ($1,$2,'Test Clinic Main','1 Test Street','Nashville','TN','37203',36.15,-86.80,'+1-615-555-0100') returning id`, [w.orgId, w.clinicId]);
  const pool = async (name: string, isDefault: boolean) => (await q.query<{ id: string }>(
    `insert into msg_pool (org_id, clinic_id, name, handles_text, target_business_hours, day_start_hour, day_end_hour, business_days, is_default)
     values ($1,$2,$3,'The team reads these.',16,0,24,'{1,2,3,4,5,6,7}',$4) returning id`, [w.orgId, w.clinicId, name, isDefault]))[0].id;
  const nursePool = await pool('Nurses', true);
  const schedulingPool = await pool('Scheduling', false);
  for (const [code, label, p] of [['appointment', 'Appointment', schedulingPool], ['refill', 'Prescription refill', nursePool],
    ['referral', 'Referral', nursePool], ['medical_question', 'Medical question', nursePool]] as const) {
    await q.query('insert into msg_category (org_id, code, label) values ($1,$2,$3) on conflict do nothing', [w.orgId, code, label]);
    await q.query('insert into msg_routing_rule (clinic_id, category_code, pool_id) values ($1,$2,$3)', [w.clinicId, code, p]);
  }
  await q.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2),($3,$4),($3,$5)', [schedulingPool, scheduler.userId, nursePool, w.nurse.userId, w.physician.userId]);
  const vt = async (code: string, name: string, modality: string, minutes: number) => (await q.query<{ id: string }>(
    `insert into visit_type (org_id, code, name, modality, duration_minutes, prepare_text, checkin_text) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
    [w.orgId, code, name, modality, minutes, 'Bring your medicines.', 'Check in at the front desk 15 minutes early.']))[0].id;
  const visitTypes = {
    followUp: await vt('follow_up', 'Follow-up visit', 'in_person', 30),
    long: await vt('new_problem', 'New problem visit', 'in_person', 60),
    video: await vt('video', 'Video visit', 'video', 15),
  };
  // Every day of the week 08:00–12:00 local, 30-minute slots, starting yesterday: tests never depend on the weekday they run.
  for (let d = 1; d <= 7; d++) {
    await q.query(
      `insert into sched_template (org_id, clinician_id, location_id, weekday, start_time, end_time, slot_minutes, valid_from)
       values ($1,$2,$3,$4,'08:00','12:00',30,current_date - 1)`, [w.orgId, w.physician.userId, loc.id, d]);
  }
  return { ...w, scheduler, locationId: loc.id, nursePool, schedulingPool, visitTypes };
}

/** A local date string n days from today, for slot searches. */
export const dayFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
