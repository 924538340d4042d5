import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import type { DemoContext } from '../../demo/seed';
import { openRequestThread, postStaffReply } from './conversation';
import { claimCells, findOpenSlots } from './slots';

// Demo scheduling, refills and referrals: visit types, weekly availability for the five physicians (16 weeks back for
// history, 8 weeks ahead), time off, past and upcoming visits, pharmacies, a pending appointment request, a pending refill
// and referrals (one answered). Runs after the messaging seed: requests are real conversations in its pools.

const S = (u: string) => `${u}@demo.portico.test`;
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

const VISIT_TYPES = [
  ['follow_up', 'Follow-up visit', 'in_person', 30, 'Bring your medicines (or a list) and your glucose meter or log.', 'Check in at the front desk 15 minutes early. Bring your insurance card and photo ID.'],
  ['diabetes_check', 'Diabetes check-up', 'in_person', 30, 'Do not eat for 8 hours before if you are having fasting labs. Bring your glucose log.', 'Check in at the front desk 15 minutes early. Bring your insurance card.'],
  ['annual', 'Yearly check-up', 'in_person', 60, 'Bring a list of your medicines and any questions you have.', 'Check in at the front desk 15 minutes early. Bring your insurance card and photo ID.'],
  ['new_problem', 'New problem visit', 'in_person', 30, 'Write down when the problem started and what makes it better or worse.', 'Check in at the front desk 15 minutes early.'],
  ['video', 'Video visit', 'video', 30, 'Find a quiet place with good light. Have your medicines nearby.', 'Open Portico 10 minutes early and use the link in your appointment. Test your camera first.'],
  ['phone', 'Phone visit', 'phone', 15, 'Have your medicines and readings nearby.', 'We will call the phone number in your record at the visit time.'],
] as const;

// clinician, clinic, weekdays, hours [start, end] (local), slot minutes
const AVAILABILITY: [string, string, number[], [string, string][], number][] = [
  ['paul.physician', 'primary-care', [1, 2, 3, 4, 5], [['08:00', '12:00'], ['13:00', '16:30']], 30],
  ['maria.gonzalez', 'primary-care', [1, 2, 4], [['08:30', '12:00'], ['13:00', '17:00']], 30],
  ['henry.wu', 'primary-care', [2, 3, 4, 5], [['09:00', '12:00'], ['13:00', '17:00']], 30],
  ['elena.torres', 'endocrinology', [1, 2, 3, 4], [['08:00', '12:00'], ['13:00', '16:00']], 30],
  ['james.okafor', 'cardiology', [1, 2, 3, 4], [['07:30', '12:00'], ['13:00', '16:30']], 30],
];

const PHARMACIES = [
  ['Riverbend Pharmacy – Midtown', '1402 Magnolia Avenue', '37203', '+1-615-555-0400', 'Mon–Fri 8:00–20:00, Sat 9:00–17:00', false],
  ['Cumberland Drug', '310 Church Street', '37201', '+1-615-555-0410', 'Every day 8:00–22:00', false],
  ['Harpeth Family Pharmacy', '77 Harpeth Row', '37212', '+1-615-555-0420', 'Mon–Sat 9:00–19:00', false],
  ['Westside 24-Hour Pharmacy', '5100 Charlotte Pike', '37209', '+1-615-555-0430', 'Open 24 hours', false],
  ['MailMeds (mail order)', 'PO Box 4410', '37202', '+1-800-555-0440', 'Phone Mon–Fri 7:00–19:00', true],
] as const;

const patientActor = (ctx: DemoContext, p: DemoContext['patients'][number], name: string): Actor => ({
  userId: p.userId!, role: 'patient', orgId: ctx.orgId, displayName: name, credentials: null, email: p.email!, patientId: p.id, clinicIds: [], sessionId: 'demo',
});
const staffActor = (ctx: DemoContext, user: string, role: Actor['role'], name: string): Actor => ({
  userId: ctx.staff[S(user)], role, orgId: ctx.orgId, displayName: name, credentials: null, email: S(user), patientId: null, clinicIds: [], sessionId: 'demo',
});

export async function seedSchedulingDemo(q: Queryable, ctx: DemoContext) {
  const { r, now, orgId } = ctx;
  await q.query('insert into sched_settings (org_id) values ($1) on conflict do nothing', [orgId]);
  const vt: Record<string, { id: string; minutes: number; prepare: string; checkin: string; modality: string }> = {};
  for (const [i, [code, name, modality, minutes, prepare, checkin]] of VISIT_TYPES.entries()) {
    const [row] = await q.query<{ id: string }>(
      `insert into visit_type (org_id, code, name, modality, duration_minutes, prepare_text, checkin_text, sort_order) values ($1,$2,$3,$4,$5,$6,$7,$8) returning id`,
      [orgId, code, name, modality, minutes, prepare, checkin, i]);
    vt[code] = { id: row.id, minutes, prepare, checkin, modality };
  }
  const locations: Record<string, string> = {};
  for (const row of await q.query<{ id: string; clinic_id: string }>('select id, clinic_id from location where org_id = $1', [orgId])) locations[row.clinic_id] = row.id;

  const from = ymd(addDays(now, -112));
  const until = ymd(addDays(now, 56));
  for (const [user, clinic, days, blocks, slot] of AVAILABILITY) {
    for (const d of days) for (const [start, end] of blocks) {
      await q.query(
        `insert into sched_template (org_id, clinician_id, location_id, weekday, start_time, end_time, slot_minutes, valid_from, valid_until)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, [orgId, ctx.staff[S(user)], locations[ctx.clinics[clinic]], d, start, end, slot, from, until]);
    }
  }
  // Dr. Wu is at a conference for three days in two weeks.
  await q.query(`insert into sched_exception (org_id, clinician_id, starts_at, ends_at, reason) values ($1,$2,$3,$4,'Conference')`,
    [orgId, ctx.staff[S('henry.wu')], `${ymd(addDays(now, 14))}T00:00:00-06:00`, `${ymd(addDays(now, 17))}T00:00:00-06:00`]);

  const book = async (patientId: string, user: string, code: keyof typeof vt | string, dayFrom: number, dayTo: number, status: 'booked' | 'completed') => {
    const v = vt[code];
    const clinician = ctx.staff[S(user)];
    const slots = await findOpenSlots(q, {
      orgId, clinicianIds: [clinician], from: ymd(addDays(now, dayFrom)), to: ymd(addDays(now, dayTo)), durationMinutes: v.minutes,
      notBefore: status === 'booked' ? now : addDays(now, -200), limit: 200,
    });
    const usable = slots.filter((s) => (status === 'booked' ? s.start_at > now : s.end_at < now));
    if (!usable.length) return null;
    const s = usable[r.int(0, Math.min(usable.length, 12) - 1)];
    const end = new Date(new Date(s.start_at).getTime() + v.minutes * 60_000);
    const [a] = await q.query<{ id: string }>(
      `insert into appointment (org_id, patient_id, clinician_id, clinic_id, location_id, visit_type_id, modality, start_at, end_at, status, prepare_text, checkin_text)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) returning id`,
      [orgId, patientId, clinician, s.clinic_id, s.location_id, v.id, v.modality, s.start_at, end.toISOString(), status, v.prepare, v.checkin]);
    if (status === 'booked') await claimCells(q, clinician, a.id, new Date(s.start_at), end);
    return a.id;
  };

  const [ava, ben] = ctx.patients;
  // Ava: two past visits with Dr. Park, one upcoming diabetes check-up with him and a video visit with Dr. Torres.
  await book(ava.id, 'paul.physician', 'diabetes_check', -100, -85, 'completed');
  await book(ava.id, 'paul.physician', 'follow_up', -30, -10, 'completed');
  await book(ava.id, 'paul.physician', 'diabetes_check', 3, 9, 'booked');
  await book(ava.id, 'elena.torres', 'video', 20, 30, 'booked');
  // Ben: a past yearly check-up, an upcoming cardiology visit.
  await book(ben.id, 'paul.physician', 'annual', -60, -40, 'completed');
  await book(ben.id, 'james.okafor', 'follow_up', 6, 14, 'booked');
  const doctors = ['paul.physician', 'maria.gonzalez', 'henry.wu', 'elena.torres', 'james.okafor'];
  for (const p of ctx.patients.slice(2, 40)) {
    const doc = p.providerId === ctx.staff[S('maria.gonzalez')] ? 'maria.gonzalez' : p.providerId === ctx.staff[S('henry.wu')] ? 'henry.wu' : r.pick(doctors);
    await book(p.id, doc, r.pick(['follow_up', 'diabetes_check', 'annual']), -110, -2, 'completed');
    if (r.chance(0.6)) await book(p.id, r.pick(doctors), r.pick(['follow_up', 'diabetes_check', 'video', 'phone']), 1, 55, 'booked');
  }

  const pharmacies: string[] = [];
  for (const [name, addr, zip, phone, hours, mail] of PHARMACIES) {
    const [row] = await q.query<{ id: string }>(
      `insert into pharmacy (org_id, name, address_line, city, state, postal_code, phone, hours, mail_order) values ($1,$2,$3,'Nashville','TN',$4,$5,$6,$7) returning id`,
      [orgId, name, addr, zip, phone, hours, mail]);
    pharmacies.push(row.id);
  }
  for (const p of ctx.patients) {
    await q.query('insert into patient_pharmacy (patient_id, pharmacy_id, preferred) values ($1,$2,true)', [p.id, r.pick(pharmacies.slice(0, 4))]);
  }
  await q.query('insert into patient_pharmacy (patient_id, pharmacy_id) values ($1,$2) on conflict do nothing', [ava.id, pharmacies[4]]);

  const avaA = patientActor(ctx, ava, 'Ava Thompson');
  const benA = patientActor(ctx, ben, 'Ben Carter');
  const pc = ctx.clinics['primary-care'];
  // A pending refill for Ava (her first active medicine, atorvastatin), waiting in the refill pool. Not her metformin:
  // one open request per medicine, and the browser tests ask for metformin and insulin themselves.
  const [metformin] = await q.query<{ id: string; display: string; dose: string | null }>(
    "select id, display, dose from medication where patient_id = $1 and status = 'active' order by display asc limit 1", [ava.id]);
  const [avaPharmacy] = await q.query<{ id: string; name: string }>(
    'select ph.id, ph.name from patient_pharmacy pp join pharmacy ph on ph.id = pp.pharmacy_id where pp.patient_id = $1 and pp.preferred', [ava.id]);
  if (metformin && avaPharmacy) {
    const t = await openRequestThread(q, avaA, { patientId: ava.id, clinicId: pc, kind: 'refill', providerId: ava.providerId,
      subject: `Refill: ${metformin.display}`, body: `Prescription refill request\nMedicines:\n- ${metformin.display}\nPharmacy: ${avaPharmacy.name}\nNote: I have 5 days left.` });
    const [rr] = await q.query<{ id: string }>(
      'insert into refill_request (org_id, patient_id, clinic_id, pharmacy_id, note, thread_id, created_by) values ($1,$2,$3,$4,$5,$6,$7) returning id',
      [orgId, ava.id, pc, avaPharmacy.id, 'I have 5 days left.', t.threadId, ava.userId]);
    await q.query('insert into refill_request_item (request_id, medication_id, medication_display) values ($1,$2,$3)', [rr.id, metformin.id, metformin.display]);
  }
  // Ava's answered referral (eye exam) and Ben's pending one (foot care); Ben is also waiting for an appointment.
  const eye = await openRequestThread(q, avaA, { patientId: ava.id, clinicId: pc, kind: 'referral', subject: 'Referral: Ophthalmology (eye care)',
    body: 'Referral request\nSpecialty: Ophthalmology (eye care)\nReason: Yearly diabetic eye exam' });
  await q.query(
    `insert into referral_request (org_id, patient_id, clinic_id, specialty, reason, status, outcome_note, decided_by, decided_at, thread_id, created_by)
     values ($1,$2,$3,'Ophthalmology (eye care)','Yearly diabetic eye exam','approved',$4,$5,now(),$6,$7)`,
    [orgId, ava.id, pc, 'Nashville Eye Associates will call you within a week to book.', ctx.staff[S('nina.nurse')], eye.threadId, ava.userId]);
  await postStaffReply(q, staffActor(ctx, 'nina.nurse', 'nurse', 'Nina Novak, RN'), 'http://localhost:3000', eye.threadId,
    'Your referral to Ophthalmology (eye care): Approved.\nNashville Eye Associates will call you within a week to book.');
  const foot = await openRequestThread(q, benA, { patientId: ben.id, clinicId: pc, kind: 'referral', subject: 'Referral: Podiatry (foot care)',
    body: 'Referral request\nSpecialty: Podiatry (foot care)\nReason: Tingling in both feet' });
  await q.query(
    `insert into referral_request (org_id, patient_id, clinic_id, specialty, reason, thread_id, created_by) values ($1,$2,$3,'Podiatry (foot care)','Tingling in both feet',$4,$5)`,
    [orgId, ben.id, pc, foot.threadId, ben.userId]);
  const appt = await openRequestThread(q, benA, { patientId: ben.id, clinicId: pc, kind: 'appointment', providerId: ben.providerId,
    subject: 'Appointment request: Blood sugar check', body: 'New appointment request\nReason: Blood sugar check\nVisit type: In person\nPreferred days: Tuesday, Thursday\nPreferred times: mornings' });
  await q.query(
    `insert into appointment_request (org_id, patient_id, clinic_id, kind, reason, preferred_clinician_id, preferred_days, preferred_times, modality, visit_type_id, thread_id, created_by)
     values ($1,$2,$3,'new','Blood sugar check',$4,'{2,4}','{morning}','in_person',$5,$6,$7)`,
    [orgId, ben.id, pc, ctx.staff[S('paul.physician')], vt.diabetes_check.id, appt.threadId, ben.userId]);
}
