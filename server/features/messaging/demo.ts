import type { Queryable } from '../../db/client';
import type { DemoContext } from '../../demo/seed';
import { addBusinessHours } from './business-hours';

// Demo messaging: pools and routing for the three clinics, categories, quick replies, Dr. Park's instructions, and
// conversation history for Ava and Ben (answered, open, one overdue, and an old drug reaction to find by search).

const S = (email: string) => `${email}@demo.portico.test`;
const CAL = { timezone: 'America/Chicago', dayStartHour: 8, dayEndHour: 17, businessDays: [1, 2, 3, 4, 5] };

const CATEGORIES = [
  ['medical_question', 'Medical question', 'A question about a symptom, a condition or your care plan.', 'A nurse reads these first; your doctor is brought in when needed.', true],
  ['refill', 'Prescription refill', 'Ask for more of a medicine you already take.', 'A nurse checks refill requests with your doctor.', false],
  ['appointment', 'Appointment', 'Ask for, move or cancel a visit.', 'The front desk handles appointments.', false],
  ['test_results', 'Question about test results', 'Ask what a lab or test result means for you.', 'A nurse reads these; your doctor answers when needed.', true],
  ['home_readings', 'Sending home readings', 'Send blood sugar, blood pressure or weight readings from home.', 'A nurse reviews your readings and shows them to your doctor.', true],
  ['side_effect', 'Side effect or medicine problem', 'Tell us about a problem with a medicine.', 'A nurse reads these the same business day when possible.', true],
  ['referral', 'Referral', 'Ask to see a specialist or for a referral form.', 'A nurse and the referral team handle these.', true],
  ['billing', 'Billing or paperwork', 'Questions about a bill, insurance or forms.', 'The billing office answers these.', false],
] as const;

export async function seedMessaging(q: Queryable, ctx: DemoContext) {
  const year = ctx.now.getUTCFullYear();
  const holidays = [year, year + 1].flatMap((y) => [`${y}-01-01`, `${y}-07-04`, `${y}-12-25`]);
  await q.query('insert into msg_settings (org_id) values ($1)', [ctx.orgId]);
  for (const [i, [code, label, description, who, billable]] of CATEGORIES.entries())
    await q.query('insert into msg_category (org_id, code, label, description, who_handles, billable, sort_order) values ($1,$2,$3,$4,$5,$6,$7)',
      [ctx.orgId, code, label, description, who, billable, i]);

  const pools: Record<string, { id: string; hours: number }> = {};
  const pool = async (key: string, clinic: string, name: string, handles: string, hours: number, members: string[], lead: string, isDefault = false) => {
    const [p] = await q.query<{ id: string }>(
      `insert into msg_pool (org_id, clinic_id, name, handles_text, target_business_hours, holidays, lead_user_id, is_default)
       values ($1,$2,$3,$4,$5,$6,$7,$8) returning id`,
      [ctx.orgId, ctx.clinics[clinic], name, handles, hours, holidays, ctx.staff[S(lead)], isDefault]);
    for (const m of members) await q.query('insert into msg_pool_member (pool_id, user_id) values ($1,$2)', [p.id, ctx.staff[S(m)]]);
    pools[key] = { id: p.id, hours };
  };
  await pool('pc-nurses', 'primary-care', 'Primary Care – Nurses', 'A nurse on the Primary Care team reads these; your doctor is brought in when needed.',
    9, ['nina.nurse', 'paul.physician', 'maya.patel'], 'paul.physician', true);
  await pool('pc-sched', 'primary-care', 'Primary Care – Scheduling', 'The Primary Care front desk handles appointments.', 9, ['sam.scheduler'], 'ada.admin');
  await pool('pc-refills', 'primary-care', 'Primary Care – Refills', 'A nurse on the Primary Care team checks refills with your doctor.',
    18, ['nina.nurse', 'maya.patel'], 'paul.physician');
  await pool('billing', 'primary-care', 'Billing', 'The Riverbend billing office answers questions about bills and insurance.', 27, ['bill.billing'], 'ada.admin');
  await pool('endo-nurses', 'endocrinology', 'Endocrinology – Nurses', 'A diabetes nurse educator reads these; Dr. Torres is brought in when needed.',
    9, ['grace.kim', 'devon.hall', 'elena.torres'], 'elena.torres', true);
  await pool('endo-sched', 'endocrinology', 'Endocrinology – Scheduling', 'The Diabetes Center front desk handles appointments.', 9, ['sam.scheduler'], 'ada.admin');
  await pool('cardio-nurses', 'cardiology', 'Cardiology – Nurses', 'A cardiology nurse reads these; your cardiologist is brought in when needed.',
    9, ['luis.moreno', 'james.okafor'], 'james.okafor', true);
  await pool('cardio-sched', 'cardiology', 'Cardiology – Scheduling', 'The Heart Clinic front desk handles appointments.', 9, ['tina.front', 'sam.scheduler'], 'ada.admin');

  const routes: Record<string, Record<string, string>> = {
    'primary-care': { refill: 'pc-refills', appointment: 'pc-sched', billing: 'billing' },
    endocrinology: { appointment: 'endo-sched', billing: 'billing' },
    cardiology: { appointment: 'cardio-sched', billing: 'billing' },
  };
  const nurses: Record<string, string> = { 'primary-care': 'pc-nurses', endocrinology: 'endo-nurses', cardiology: 'cardio-nurses' };
  for (const clinic of Object.keys(routes))
    for (const [code] of CATEGORIES)
      await q.query('insert into msg_routing_rule (clinic_id, category_code, pool_id) values ($1,$2,$3)',
        [ctx.clinics[clinic], code, pools[routes[clinic][code] ?? nurses[clinic]].id]);

  const templates = [
    [null, 'Refill sent', 'Your refill was sent to your pharmacy. It is usually ready within one business day.'],
    [null, 'Readings received', 'Thank you for sending your readings. Your doctor will look at them and we will write back if anything needs to change.'],
    [null, 'Please call us', 'This is best handled by phone. Please call the nurse line at 615-555-0101.'],
    ['primary-care', 'Appointment booked', 'Your appointment is booked. You can see it under Appointments.'],
    ['endocrinology', 'Bring your meter', 'Please bring your glucose meter or log to your next visit.'],
  ] as const;
  for (const [clinic, title, body] of templates)
    await q.query('insert into msg_template (org_id, clinic_id, title, body) values ($1,$2,$3,$4)', [ctx.orgId, clinic ? ctx.clinics[clinic] : null, title, body]);
  await q.query('insert into msg_provider_instruction (user_id, body) values ($1,$2), ($3,$4)', [
    ctx.staff[S('paul.physician')], "Message me with glucose readings between visits; for refills choose 'Prescription refill'.",
    ctx.staff[S('elena.torres')], 'Send me your glucose log every two weeks while we adjust your insulin.']);

  await seedConversations(q, ctx, pools);
}

async function seedConversations(q: Queryable, ctx: DemoContext, pools: Record<string, { id: string; hours: number }>) {
  const [ava, ben] = ctx.patients;
  const pc = ctx.clinics['primary-care'];
  const ago = (days: number, hour = 10) => {
    const d = new Date(ctx.now.getTime() - days * 86_400_000);
    d.setUTCHours(hour + 5, ctx.r.int(0, 59), 0, 0);
    return d;
  };
  const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
  const thread = async (o: { patient: typeof ava; category: string; subject: string; pool: string; at: Date; provider?: string }) => {
    const p = pools[o.pool];
    const due = addBusinessHours(o.at, p.hours, { ...CAL, holidays: [] });
    const [t] = await q.query<{ id: string }>(
      `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, pool_id, provider_id, created_by, created_at, last_message_at,
         awaiting_since, due_at, first_due_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9,$9,$10,$10) returning id`,
      [ctx.orgId, o.patient.id, pc, o.category, o.subject, p.id, o.provider ?? null, o.patient.userId, o.at, due]);
    await q.query("insert into msg_event (thread_id, kind, pool_id, at) values ($1, 'routed', $2, $3)", [t.id, p.id, o.at]);
    return t.id;
  };
  const msg = async (threadId: string, patientId: string, author: string, kind: string, body: string, at: Date) => {
    const [m] = await q.query<{ id: string }>(
      'insert into msg_message (thread_id, patient_id, author_id, kind, body, created_at) values ($1,$2,$3,$4,$5,$6) returning id',
      [threadId, patientId, author, kind, body, at]);
    const ev = kind === 'patient' ? 'sent' : kind === 'staff_reply' ? 'answered' : kind === 'internal_note' ? 'note' : 'phone_encounter';
    await q.query('insert into msg_event (thread_id, message_id, kind, actor_id, at) values ($1,$2,$3,$4,$5)', [threadId, m.id, ev, author, at]);
    if (kind === 'staff_reply')
      await q.query(`update msg_thread set status = 'answered', last_message_at = $2, last_staff_message_at = $2, awaiting_since = null,
          first_response_at = coalesce(first_response_at, $2), assignee_id = coalesce(assignee_id, $3) where id = $1`, [threadId, at, author]);
    return m.id;
  };
  const read = (threadId: string, messageId: string, who: string, at: Date) =>
    q.query("insert into msg_event (thread_id, message_id, kind, actor_id, at) values ($1,$2,'read',$3,$4)", [threadId, messageId, who, at]);
  const close = (threadId: string, who: string, at: Date, resolution: string) => Promise.all([
    q.query(`update msg_thread set status = 'closed', closed_at = $2, closed_by = $3, resolution = $4 where id = $1`, [threadId, at, who, resolution]),
    q.query("insert into msg_event (thread_id, kind, actor_id, detail, at) values ($1,'closed',$2,$3,$4)", [threadId, who, JSON.stringify({ resolution }), at]),
  ]);
  const nina = ctx.staff[S('nina.nurse')];
  const paul = ctx.staff[S('paul.physician')];
  const sam = ctx.staff[S('sam.scheduler')];

  // Ava, long ago: a reaction to a new medicine. This is the message a clinician should find by searching the chart.
  let at = ago(210);
  let t = await thread({ patient: ava, category: 'side_effect', subject: 'Rash after starting new pill', pool: 'pc-nurses', at });
  let m = await msg(t, ava.id, ava.userId!, 'patient', 'I started the lisinopril last week and now I have an itchy rash and my lips feel swollen. Should I stop it?', at);
  await read(t, m, nina, plus(at, 25));
  await msg(t, ava.id, nina, 'internal_note', 'Possible angioedema with lisinopril. Discussed with Dr. Park: stop lisinopril, add to allergy list, start losartan.', plus(at, 40));
  await msg(t, ava.id, paul, 'staff_reply', 'Please stop the lisinopril today. Swollen lips can be a serious reaction: if your tongue or throat swells or you have trouble breathing, call 911. I sent a different blood pressure medicine (losartan) to your pharmacy.', plus(at, 55));
  await close(t, paul, plus(at, 60 * 24), 'Medicine changed; allergy recorded');

  // Ava: a refill, answered and closed.
  at = ago(20, 9);
  t = await thread({ patient: ava, category: 'refill', subject: 'Metformin refill', pool: 'pc-refills', at });
  m = await msg(t, ava.id, ava.userId!, 'patient', 'I have 5 days of metformin 500 mg left. Can you send a refill to the Walgreens on Magnolia Ave?', at);
  await read(t, m, nina, plus(at, 90));
  await msg(t, ava.id, nina, 'staff_reply', 'Your refill was sent to your pharmacy. It is usually ready within one business day.', plus(at, 120));
  await close(t, nina, plus(at, 130), 'Refill sent');

  // Ava: home readings, answered by Dr. Park; she has not read the reply yet.
  at = ago(6, 8);
  t = await thread({ patient: ava, category: 'home_readings', subject: 'My glucose readings this week', pool: 'pc-nurses', at, provider: paul });
  m = await msg(t, ava.id, ava.userId!, 'patient', 'Morning readings: Mon 142, Tue 138, Wed 151, Thu 129, Fri 135. After dinner they are around 180.', at);
  await read(t, m, nina, plus(at, 60));
  await msg(t, ava.id, nina, 'internal_note', 'Fasting mostly 130s–150s. Forwarding to Dr. Park.', plus(at, 65));
  await read(t, m, paul, plus(at, 240));
  await msg(t, ava.id, paul, 'staff_reply', 'Thank you, Ava. These are a little high after dinner. Try a 15-minute walk after dinner and send me another week of readings. No medicine change for now.', plus(at, 250));
  await q.query('insert into msg_time_entry (thread_id, patient_id, user_id, minutes, activity, at) values ($1,$2,$3,6,$4,$5)', [t, ava.id, paul, 'review readings', plus(at, 250)]);

  // Ava: an open question from this morning, not yet read.
  at = new Date(ctx.now.getTime() - 45 * 60_000);
  t = await thread({ patient: ava, category: 'test_results', subject: 'Question about my A1c', pool: 'pc-nurses', at, provider: paul });
  await msg(t, ava.id, ava.userId!, 'patient', 'My last A1c went down. Does that mean I can take less metformin?', at);
  await q.query('update msg_thread set due_at = greatest(due_at, $2), first_due_at = greatest(first_due_at, $2) where id = $1',
    [t, new Date(ctx.now.getTime() + 6 * 3_600_000)]);

  // Ben: an appointment request answered by the front desk.
  at = ago(12, 14);
  t = await thread({ patient: ben, category: 'appointment', subject: 'Move my check-up', pool: 'pc-sched', at });
  m = await msg(t, ben.id, ben.userId!, 'patient', 'Can I move my check-up on the 14th to a morning the week after?', at);
  await read(t, m, sam, plus(at, 30));
  await msg(t, ben.id, sam, 'staff_reply', 'Done: you are booked for Tuesday at 9:00 with Dr. Park. You can see it under Appointments.', plus(at, 35));
  await close(t, sam, plus(at, 40), 'Appointment moved');

  // Ben: waiting three business days with no reply: overdue. The escalation job flags it and tells the pool lead.
  at = ago(6, 11);
  t = await thread({ patient: ben, category: 'medical_question', subject: 'Tingling in my feet', pool: 'pc-nurses', at, provider: paul });
  await msg(t, ben.id, ben.userId!, 'patient', 'The tingling in my feet is worse at night this month. Is this from my sugar? Should I come in?', at);
  await q.query("update msg_thread set due_at = $2, first_due_at = $2 where id = $1", [t, ago(3, 11)]);

  // A phone call for another patient, logged with a written follow-up owed.
  const other = ctx.patients[2];
  at = ago(1, 15);
  const [pt] = await q.query<{ id: string }>(
    `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, status, pool_id, assignee_id, created_by, created_at, last_message_at,
       first_response_at, last_staff_message_at) values ($1,$2,$3,'medical_question','Phone call: low sugar last night','answered',$4,$5,$5,$6,$6,$6,$6) returning id`,
    [ctx.orgId, other.id, pc, pools['pc-nurses'].id, nina, at]);
  await msg(pt.id, other.id, nina, 'phone_encounter', 'Patient called: sugar 62 at 2 a.m., treated with juice, felt fine after. Advised to eat a bedtime snack and to send readings for a week.', at);
}
