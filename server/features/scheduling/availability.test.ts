import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildOrg, buildUser } from '../../testing/factories';
import { buildSchedulingWorld } from './testing';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildSchedulingWorld>>;
let sched: string;
let doc: string;
let nurse: string;
let alice: string;
let outsider: string;
beforeAll(async () => {
  t = await testApp();
  w = await buildSchedulingWorld(t.db);
  sched = await login(t.app, w.scheduler.email);
  doc = await login(t.app, w.physician.email);
  nurse = await login(t.app, w.nurse.email);
  alice = await login(t.app, w.alice.email);
  const other = await buildOrg(t.db);
  const o = await buildUser(t.db, { orgId: other.orgId, role: 'front_desk', clinicIds: [other.clinicId] });
  outsider = await login(t.app, o.email);
});
afterAll(() => t.close());

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload: payload as object | undefined });
const avail = async (cookie: string) => json(await inject('GET', `/api/scheduling/clinicians/${w.physician.userId}/availability`, cookie));
const timeOff = (cookie: string) => inject('POST', `/api/scheduling/clinicians/${w.physician.userId}/exceptions`, cookie, {
  startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), endsAt: new Date(Date.now() + 6 * 86_400_000).toISOString(), reason: 'Conference',
});

describe('removing time off', () => {
  it('requires authentication', async () => {
    expect((await inject('DELETE', '/api/scheduling/exceptions/00000000-0000-0000-0000-000000000000')).statusCode).toBe(401);
  });

  it('front desk removes time off; it is gone from the availability and audited', async () => {
    const id = json(await timeOff(sched)).id as string;
    expect((await avail(sched)).exceptions.map((e: { id: string }) => e.id)).toContain(id);
    expect((await inject('DELETE', `/api/scheduling/exceptions/${id}`, sched)).statusCode).toBe(204);
    expect((await avail(sched)).exceptions.map((e: { id: string }) => e.id)).not.toContain(id);
    const [ev] = await t.db.query<{ action: string }>("select action from audit_event where resource_type = 'AvailabilityException' and resource_id = $1 order by id desc limit 1", [id]);
    expect(ev.action).toBe('delete');
    expect((await inject('DELETE', `/api/scheduling/exceptions/${id}`, sched)).statusCode).toBe(404);
  });

  it('a clinician removes their own; another clinician, a patient or another organization cannot (404/403)', async () => {
    const id = json(await timeOff(doc)).id as string;
    expect((await inject('DELETE', `/api/scheduling/exceptions/${id}`, nurse)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/scheduling/exceptions/${id}`, outsider)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/scheduling/exceptions/${id}`, alice)).statusCode).toBe(403);
    // A malformed id is a 400 naming it (issue 10, finding 12), never a database error.
    expect((await inject('DELETE', '/api/scheduling/exceptions/not-an-id', sched)).statusCode).toBe(400);
    expect((await avail(doc)).exceptions.map((e: { id: string }) => e.id)).toContain(id);
    expect((await inject('DELETE', `/api/scheduling/exceptions/${id}`, doc)).statusCode).toBe(204);
  });
});

describe('visit types on weekly availability blocks', () => {
  it('a block kept for video visits offers no in-person slots, and an in-person visit cannot be booked in it (409)', async () => {
    const doc2 = await buildUser(t.db, { orgId: w.orgId, role: 'physician', name: 'Vera Video', clinicIds: [w.clinicId] });
    const bad = await inject('POST', `/api/scheduling/clinicians/${doc2.userId}/templates`, sched, {
      locationId: w.locationId, weekday: 1, startTime: '13:00', endTime: '15:00', slotMinutes: 15, visitTypeIds: ['00000000-0000-0000-0000-000000000000'],
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.message).toMatch(/visit type/i);
    for (let d = 1; d <= 7; d++) {
      const r = await inject('POST', `/api/scheduling/clinicians/${doc2.userId}/templates`, sched, {
        locationId: w.locationId, weekday: d, startTime: '13:00', endTime: '15:00', slotMinutes: 15, visitTypeIds: [w.visitTypes.video],
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const a = json(await inject('GET', `/api/scheduling/clinicians/${doc2.userId}/availability`, sched));
    expect(a.templates[0].visitTypeIds).toEqual([w.visitTypes.video]);
    const slots = (vt: string) => inject('GET', `/api/scheduling/slots?clinicianId=${doc2.userId}&visitTypeId=${vt}`, sched).then(json);
    const video = (await slots(w.visitTypes.video)).slots;
    expect(video.length).toBeGreaterThan(0);
    expect((await slots(w.visitTypes.followUp)).slots).toEqual([]);
    const req = json(await inject('POST', '/api/appointment-requests', alice, { reason: 'Check my sugar', modality: 'in_person', idempotencyKey: `vt-req-${Date.now()}` })).request;
    const book = (vt: string, key: string) => inject('POST', `/api/appointment-requests/${req.id}/book`, sched,
      { clinicianId: doc2.userId, startAt: video[0].startAt, visitTypeId: vt, idempotencyKey: key });
    const refused = await book(w.visitTypes.followUp, `vt-book-1-${Date.now()}`);
    expect(refused.statusCode).toBe(409);
    const ok = await book(w.visitTypes.video, `vt-book-2-${Date.now()}`);
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
