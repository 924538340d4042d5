import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildOrg, buildUser } from '../../testing/factories';
import { buildSchedulingWorld, dayFromNow } from './testing';
import { sendAppointmentReminders, REMINDER_SUBJECT } from './reminders';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildSchedulingWorld>>;
let alice: string, bob: string, sched: string, nurse: string, otherStaff: string;
const key = () => randomUUID();

beforeAll(async () => {
  t = await testApp();
  w = await buildSchedulingWorld(t.db);
  const other = await buildOrg(t.db);
  const os = await buildUser(t.db, { orgId: other.orgId, role: 'front_desk', clinicIds: [other.clinicId] });
  [alice, bob, sched, nurse, otherStaff] = await Promise.all([w.alice.email, w.bob.email, w.scheduler.email, w.nurse.email, os.email].map((e) => login(t.app, e)));
});
afterAll(() => t.close());

const post = (cookie: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
const get = (cookie: string, url: string) => t.app.inject({ url, headers: { cookie } });

async function newRequest(cookie = alice, over: Record<string, unknown> = {}) {
  const res = await post(cookie, '/api/appointment-requests', {
    reason: 'Check my diabetes', preferredClinicianId: w.physician.userId, preferredDays: [2, 4], preferredTimes: ['morning'], modality: 'in_person',
    visitTypeId: w.visitTypes.followUp, idempotencyKey: key(), ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).request as { id: string; threadId: string; status: string };
}

async function openSlots(visitTypeId = w.visitTypes.followUp, from = dayFromNow(2), to = dayFromNow(4)) {
  const res = await get(sched, `/api/scheduling/slots?clinicianId=${w.physician.userId}&from=${from}&to=${to}&visitTypeId=${visitTypeId}`);
  expect(res.statusCode, res.body).toBe(200);
  return json(res).slots as { startAt: string; endAt: string; clinicianId: string }[];
}

const book = (requestId: string, startAt: string, cookie = sched, visitTypeId = w.visitTypes.followUp, idempotencyKey = key()) =>
  post(cookie, `/api/appointment-requests/${requestId}/book`, { clinicianId: w.physician.userId, startAt, visitTypeId, idempotencyKey });

describe('authentication', () => {
  it('requires a session for every scheduling route', async () => {
    for (const [method, url] of [['GET', '/api/appointments'], ['POST', '/api/appointment-requests'], ['GET', '/api/scheduling/slots'],
      ['GET', '/api/appointment-requests'], ['POST', `/api/appointment-requests/${randomUUID()}/book`], ['GET', `/api/appointments/${randomUUID()}/calendar.ics`]] as const) {
      const res = await t.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, url).toBe(401);
    }
  });
  it('patients cannot use the scheduling team routes', async () => {
    const r = await newRequest();
    expect((await get(alice, `/api/scheduling/slots?clinicianId=${w.physician.userId}`)).statusCode).toBe(403);
    expect((await book(r.id, new Date().toISOString(), alice)).statusCode).toBe(403);
  });
});

describe('appointment requests are conversations', () => {
  it('creates a request in a thread routed to the scheduling pool, with a readable first message', async () => {
    const r = await newRequest();
    expect(r.status).toBe('pending');
    const [th] = await t.db.query<{ pool_id: string; category_code: string; patient_id: string; status: string }>('select * from msg_thread where id = $1', [r.threadId]);
    expect(th).toMatchObject({ pool_id: w.schedulingPool, category_code: 'appointment', patient_id: w.a.patientId, status: 'open' });
    const [m] = await t.db.query<{ body: string; kind: string }>('select body, kind from msg_message where thread_id = $1', [r.threadId]);
    expect(m.kind).toBe('patient');
    expect(m.body).toContain('Reason: Check my diabetes');
    expect(m.body).toContain('Preferred days: Tuesday, Thursday');
    const audits = await t.db.query("select 1 from audit_event where resource_type = 'AppointmentRequest' and action = 'create' and patient_id = $1", [w.a.patientId]);
    expect(audits.length).toBeGreaterThan(0);
  });

  it('is idempotent: the same key returns the same request; the same key with another body is 409', async () => {
    const body = { reason: 'Knee pain', modality: 'phone', idempotencyKey: key() };
    const a = await post(alice, '/api/appointment-requests', body);
    const b = await post(alice, '/api/appointment-requests', body);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json(b).request.id).toBe(json(a).request.id);
    const c = await post(alice, '/api/appointment-requests', { ...body, reason: 'Something else' });
    expect(c.statusCode).toBe(409);
    const n = await t.db.query("select 1 from appointment_request where reason = 'Knee pain'");
    expect(n.length).toBe(1);
  });

  it('rejects bad input with a 400 naming the field, and writes nothing', async () => {
    const before = (await t.db.query('select count(*)::int as n from msg_thread'))[0];
    const cases: [Record<string, unknown>, string][] = [
      [{ reason: '   ' }, 'reason'],
      [{ preferredClinicianId: randomUUID() }, 'preferredClinicianId'],
      [{ preferredClinicianId: w.nurse.userId }, 'preferredClinicianId'],
      [{ preferredDays: [9] }, 'preferredDays.0'],
      [{ modality: 'carrier pigeon' }, 'modality'],
      [{ visitTypeId: randomUUID() }, 'visitTypeId'],
      [{ kind: 'cancel' }, 'appointmentId'],
      [{ idempotencyKey: undefined }, 'idempotencyKey'],
    ];
    for (const [over, field] of cases) {
      const res = await post(alice, '/api/appointment-requests', { reason: 'x', modality: 'in_person', idempotencyKey: key(), ...over });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(json(res).error.field ?? json(res).error.message).toContain(field);
    }
    expect((await t.db.query('select count(*)::int as n from msg_thread'))[0]).toEqual(before);
  });

  it("staff see open requests; a patient sees only their own; another patient's request is 404", async () => {
    const r = await newRequest();
    const staffList = json(await get(sched, '/api/appointment-requests?status=open')).requests as { id: string; patientName?: string }[];
    expect(staffList.find((x) => x.id === r.id)?.patientName).toContain('Alice');
    const bobList = json(await get(bob, '/api/appointment-requests')).requests as { id: string }[];
    expect(bobList.some((x) => x.id === r.id)).toBe(false);
    expect((await get(bob, `/api/appointment-requests/${r.id}`)).statusCode).toBe(404);
    expect((await get(alice, `/api/appointment-requests/${r.id}`)).statusCode).toBe(200);
    expect((await get(otherStaff, `/api/appointment-requests/${r.id}`)).statusCode).toBe(404);
  });
});

describe('booking', () => {
  it('books a slot: the patient sees it in the list and in the thread; the slot is gone', async () => {
    const r = await newRequest();
    const slots = await openSlots();
    expect(slots.length).toBeGreaterThan(3);
    const slot = slots[0];
    const res = await book(r.id, slot.startAt);
    expect(res.statusCode, res.body).toBe(201);
    const appt = json(res).appointment;
    expect(appt).toMatchObject({ startAt: slot.startAt, status: 'booked', upcoming: true });
    const mine = json(await get(alice, '/api/appointments'));
    const seen = mine.upcoming.find((a: { id: string }) => a.id === appt.id);
    expect(seen.location.address).toContain('1 Test Street');
    expect(seen.location.directionsUrl).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\//);
    expect(seen.prepare).toBe('Bring your medicines.');
    expect(seen.checkin).toContain('front desk');
    const msgs = await t.db.query<{ kind: string; body: string }>('select kind, body from msg_message where thread_id = $1 order by created_at', [r.threadId]);
    expect(msgs.at(-1)!.kind).toBe('staff_reply');
    expect(msgs.at(-1)!.body).toContain('Your appointment is booked');
    const [th] = await t.db.query<{ status: string }>('select status from msg_thread where id = $1', [r.threadId]);
    expect(th.status).toBe('answered');
    expect((await openSlots()).some((s) => s.startAt === slot.startAt)).toBe(false);
    expect(json(await get(alice, `/api/appointment-requests/${r.id}`)).request.status).toBe('booked');
    // Bob can't see it; another organization's staff can't either.
    expect((await get(bob, `/api/appointments/${appt.id}`)).statusCode).toBe(404);
    expect((await get(otherStaff, `/api/appointments/${appt.id}`)).statusCode).toBe(404);
    expect((await get(bob, `/api/patients/${w.a.patientId}/appointments`)).statusCode).toBe(404);
  });

  it('refuses a second booking of the same or an overlapping time (409), and a time that is not a slot', async () => {
    const slots = await openSlots();
    const first = await book((await newRequest()).id, slots[1].startAt);
    expect(first.statusCode).toBe(201);
    expect((await book((await newRequest()).id, slots[1].startAt)).statusCode).toBe(409);
    // A 60-minute visit starting 30 minutes earlier would overlap it.
    const earlier = new Date(Date.parse(slots[1].startAt) - 30 * 60_000).toISOString();
    expect((await book((await newRequest()).id, earlier, sched, w.visitTypes.long)).statusCode).toBe(409);
    const odd = new Date(Date.parse(slots[3].startAt) + 5 * 60_000).toISOString();
    expect((await book((await newRequest()).id, odd)).statusCode).toBe(409);
    expect((await book((await newRequest()).id, '2001-01-01T15:00:00Z')).statusCode).toBe(409);
  });

  it('the database itself refuses overlapping appointments for one clinician', async () => {
    const [a] = await t.db.query<{ clinician_id: string; cell_start: Date; appointment_id: string }>('select * from appointment_cell limit 1');
    await expect(t.db.query('insert into appointment_cell (clinician_id, cell_start, appointment_id) values ($1,$2,$3)',
      [a.clinician_id, a.cell_start, a.appointment_id])).rejects.toThrow();
  });

  it('N parallel bookings of one slot: exactly one succeeds, the others get 409', async () => {
    const slot = (await openSlots(w.visitTypes.followUp, dayFromNow(5), dayFromNow(6)))[0];
    const reqs = [];
    for (let i = 0; i < 8; i++) reqs.push(await newRequest(i % 2 ? bob : alice));
    const results = await Promise.all(reqs.map((r) => book(r.id, slot.startAt)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(7);
    const rows = await t.db.query("select 1 from appointment where clinician_id = $1 and start_at = $2 and status = 'booked'", [w.physician.userId, slot.startAt]);
    expect(rows).toHaveLength(1);
  });

  it('booking is idempotent: a retry with the same key returns the same appointment', async () => {
    const r = await newRequest();
    const slot = (await openSlots())[0];
    const k = key();
    const a = await book(r.id, slot.startAt, sched, w.visitTypes.followUp, k);
    const b = await book(r.id, slot.startAt, sched, w.visitTypes.followUp, k);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json(b).appointment.id).toBe(json(a).appointment.id);
    expect((await book(r.id, (await openSlots())[0].startAt)).statusCode).toBe(409); // already answered
  });

  it('offers alternatives in the conversation; the request stays open', async () => {
    const r = await newRequest();
    const slots = await openSlots();
    const res = await post(sched, `/api/appointment-requests/${r.id}/alternatives`, {
      slots: slots.slice(0, 2).map((s) => ({ clinicianId: s.clinicianId, startAt: s.startAt })), message: 'Thursday is full.', idempotencyKey: key() });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).request.status).toBe('alternatives_offered');
    const [m] = await t.db.query<{ body: string }>("select body from msg_message where thread_id = $1 and kind = 'staff_reply'", [r.threadId]);
    expect(m.body).toContain('Thursday is full.');
    expect(m.body).toContain('These times are open');
    expect((await post(sched, `/api/appointment-requests/${r.id}/alternatives`, { slots: [], idempotencyKey: key() })).statusCode).toBe(400);
  });
});

describe('cancel, reschedule, labs question, calendar', () => {
  async function booked(cookie = alice) {
    const r = await newRequest(cookie);
    const slot = (await openSlots())[0];
    const res = await book(r.id, slot.startAt);
    expect(res.statusCode).toBe(201);
    return json(res).appointment as { id: string; startAt: string; threadId: string };
  }

  it('cancel request → the scheduler confirms → cancelled and the time is free again', async () => {
    const appt = await booked();
    const req = await newRequest(alice, { kind: 'cancel', appointmentId: appt.id, reason: 'I feel better' });
    expect((await post(alice, '/api/appointment-requests', { kind: 'cancel', appointmentId: appt.id, reason: 'again', modality: 'in_person', idempotencyKey: key() })).statusCode).toBe(409);
    expect((await book(req.id, (await openSlots())[0].startAt)).statusCode).toBe(409);
    const res = await post(sched, `/api/appointment-requests/${req.id}/cancel-appointment`, { idempotencyKey: key() });
    expect(res.statusCode, res.body).toBe(200);
    const got = json(await get(alice, `/api/appointments/${appt.id}`)).appointment;
    expect(got.status).toBe('cancelled');
    expect((await openSlots()).some((s) => s.startAt === appt.startAt)).toBe(true);
  });

  it("bob cannot ask to cancel alice's appointment (404)", async () => {
    const appt = await booked();
    const res = await post(bob, '/api/appointment-requests', { kind: 'cancel', appointmentId: appt.id, reason: 'x', modality: 'in_person', idempotencyKey: key() });
    expect(res.statusCode).toBe(404);
  });

  it('reschedule: booking the new time cancels the old one', async () => {
    const appt = await booked();
    const req = await newRequest(alice, { kind: 'reschedule', appointmentId: appt.id, reason: 'Work conflict' });
    const slot = (await openSlots())[2];
    const res = await book(req.id, slot.startAt);
    expect(res.statusCode, res.body).toBe(201);
    expect(json(await get(alice, `/api/appointments/${appt.id}`)).appointment.status).toBe('cancelled');
  });

  it('asks about labs once, in the appointment conversation; other patients get 404', async () => {
    const appt = await booked();
    expect((await post(bob, `/api/appointments/${appt.id}/labs-question`, { idempotencyKey: key() })).statusCode).toBe(404);
    const a = await post(alice, `/api/appointments/${appt.id}/labs-question`, { idempotencyKey: key() });
    expect(a.statusCode, a.body).toBe(201);
    expect(json(a).threadId).toBe(appt.threadId);
    const [m] = await t.db.query<{ body: string }>("select body from msg_message where thread_id = $1 and kind = 'patient' order by created_at desc limit 1", [appt.threadId]);
    expect(m.body).toMatch(/^Do you want me to get labs before my visit on /);
    const [th] = await t.db.query<{ status: string }>('select status from msg_thread where id = $1', [appt.threadId]);
    expect(th.status).toBe('open');
    const b = await post(alice, `/api/appointments/${appt.id}/labs-question`, { idempotencyKey: key() });
    expect(b.statusCode).toBe(200);
    expect(json(b)).toEqual({ threadId: appt.threadId, alreadyAsked: true });
  });

  it('downloads an .ics calendar file for own appointments only', async () => {
    const appt = await booked();
    const res = await get(alice, `/api/appointments/${appt.id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.body).toContain('BEGIN:VEVENT');
    expect(res.body).toContain(`DTSTART:${appt.startAt.replace(/[-:]/g, '').replace('.000', '')}`);
    expect((await get(bob, `/api/appointments/${appt.id}/calendar.ics`)).statusCode).toBe(404);
  });

  it('reading appointments is audited', async () => {
    await get(alice, '/api/appointments');
    const rows = await t.db.query("select 1 from audit_event where resource_type = 'Appointment' and action = 'read' and patient_id = $1", [w.a.patientId]);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('availability and reminders', () => {
  it('time off removes slots; clinicians edit only their own availability', async () => {
    const day = dayFromNow(10);
    const before = await openSlots(w.visitTypes.followUp, day, day);
    expect(before.length).toBe(8);
    const res = await post(sched, `/api/scheduling/clinicians/${w.physician.userId}/exceptions`, {
      startsAt: before[0].startAt, endsAt: before[3].endAt, reason: 'Conference' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await openSlots(w.visitTypes.followUp, day, day)).length).toBe(4);
    expect((await post(nurse, `/api/scheduling/clinicians/${w.physician.userId}/exceptions`, { startsAt: before[4].startAt, endsAt: before[5].endAt })).statusCode).toBe(404);
    expect((await post(sched, `/api/scheduling/clinicians/${w.physician.userId}/exceptions`, { startsAt: before[5].endAt, endsAt: before[4].startAt })).statusCode).toBe(400);
    expect((await post(alice, `/api/scheduling/clinicians/${w.physician.userId}/exceptions`, { startsAt: before[4].startAt, endsAt: before[5].endAt })).statusCode).toBe(403);
  });

  it('queues one reminder per appointment, without health data, however often the job runs', async () => {
    const r = await newRequest();
    const slot = (await openSlots(w.visitTypes.followUp, dayFromNow(1), dayFromNow(2)))[0];
    const res = await book(r.id, slot.startAt);
    const id = json(res).appointment.id;
    const now = new Date(Date.parse(slot.startAt) - 24 * 3_600_000);
    await sendAppointmentReminders(t.db, { publicUrl: 'http://x', now });
    await sendAppointmentReminders(t.db, { publicUrl: 'http://x', now });
    const mails = await t.db.query<{ subject: string; body: string; to_address: string }>('select * from outbox_email where dedupe_key like $1', [`appt-reminder:${id}:%`]);
    expect(mails).toHaveLength(1);
    expect(mails[0].to_address).toBe(w.alice.email);
    expect(mails[0].subject).toBe(REMINDER_SUBJECT);
    expect(mails[0].body).not.toMatch(/Phil|Doc|diabetes|Follow-up|Test Clinic/i);
  });
});

describe('home and roles', () => {
  it('the home page shows the next appointment and request outcomes; staff who do not schedule cannot list requests', async () => {
    const r = await newRequest();
    const slot = (await openSlots(w.visitTypes.followUp, dayFromNow(1), dayFromNow(1)))[0] ?? (await openSlots())[0];
    expect((await book(r.id, slot.startAt)).statusCode).toBe(201);
    const home = json(await get(alice, '/api/home'));
    const titles = home.items.map((i: { title: string }) => i.title);
    expect(titles.some((t: string) => t.startsWith('Next appointment:'))).toBe(true);
    expect(titles).toContain('Your appointment request was booked');
    const staffHome = json(await get(sched, '/api/home'));
    expect(staffHome.items.some((i: { href: string }) => i.href === '/staff/scheduling')).toBe(true);
    const billing = await buildUser(t.db, { orgId: w.orgId, role: 'billing', clinicIds: [w.clinicId] });
    const bc = await login(t.app, billing.email);
    expect((await get(bc, '/api/appointment-requests')).statusCode).toBe(403);
    expect((await get(bc, '/api/refill-requests')).statusCode).toBe(403);
  });
});

describe('structured request lookup by conversation', () => {
  it('finds the request behind a thread for its patient and staff; not for another patient', async () => {
    const r = await newRequest();
    expect(json(await get(sched, `/api/structured-requests?threadId=${r.threadId}`)).request).toMatchObject({ kind: 'appointment', id: r.id, staffHref: `/staff/scheduling/${r.id}` });
    expect(json(await get(alice, `/api/structured-requests?threadId=${r.threadId}`)).request.id).toBe(r.id);
    expect(json(await get(bob, `/api/structured-requests?threadId=${r.threadId}`)).request).toBeNull();
    expect((await t.app.inject({ url: `/api/structured-requests?threadId=${r.threadId}` })).statusCode).toBe(401);
  });
});
