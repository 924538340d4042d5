import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { audit } from '../../platform/audit/audit';
import { collapseRepeats, describeActivity, type ActivityRow } from './activity';

const row = (over: Partial<ActivityRow>): ActivityRow => ({
  at: new Date('2026-03-01T10:00:00Z'), user_id: 'staff-1', role: 'nurse', action: 'read', resource_type: 'DocumentReference',
  detail: null, display_name: 'Nora Nurse, RN', sent_to: null, ...over,
});

describe('activity log wording', () => {
  it('reads as plain sentences (no "your a document")', () => {
    const own = new Set(['me']);
    expect(describeActivity(row({ detail: { view: 'document-content' } }), own).text).toBe('Nora Nurse, RN looked at a document in your record');
    expect(describeActivity(row({ user_id: 'me', detail: { view: 'trend' } }), own).text).toBe('You looked at a chart of one of your tests');
    expect(describeActivity(row({ resource_type: 'Appointment' }), own).text).toBe('Nora Nurse, RN looked at your appointments');
    expect(describeActivity(row({ resource_type: 'Somethingnew', detail: { view: 'unknown-view' } }), own).text).toBe('Nora Nurse, RN looked at your record');
    expect(describeActivity(row({ user_id: 'me', action: 'transmit', resource_type: 'Bundle', sent_to: 'dr@example.com' }), own).text)
      .toBe('You sent your record to dr@example.com by secure link');
    expect(describeActivity(row({ user_id: null, action: 'download', resource_type: 'Bundle', detail: { via: 'link', view: 'export-fhir' }, sent_to: 'app@example.com' }), own).text)
      .toBe('Someone with the link you sent to app@example.com downloaded your record (as a FHIR file for apps)');
    expect(describeActivity(row({ action: 'break_glass', resource_type: 'Patient', display_name: 'Bill Billing' }), own).text)
      .toBe('Bill Billing opened your record in an emergency, outside their usual access, and wrote down why');
  });

  it('collapses repeats in a row into one line with a count and a time span', () => {
    const item = (text: string, at: string) => ({ at, who: 'You', action: 'read', text });
    expect(collapseRepeats([item('A', '2026-03-03T00:00:00.000Z'), item('A', '2026-03-02T00:00:00.000Z'), item('A', '2026-03-01T00:00:00.000Z'),
      item('B', '2026-02-28T00:00:00.000Z'), item('A', '2026-02-27T00:00:00.000Z')])).toEqual([
      { at: '2026-03-03T00:00:00.000Z', firstAt: '2026-03-01T00:00:00.000Z', count: 3, who: 'You', action: 'read', text: 'A' },
      { at: '2026-02-28T00:00:00.000Z', firstAt: '2026-02-28T00:00:00.000Z', count: 1, who: 'You', action: 'read', text: 'B' },
      { at: '2026-02-27T00:00:00.000Z', firstAt: '2026-02-27T00:00:00.000Z', count: 1, who: 'You', action: 'read', text: 'A' },
    ]);
  });
});

describe('GET /api/record/activity', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildClinicWorld>>;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    t = await testApp();
    w = await buildClinicWorld(t.db);
    alice = await login(t.app, w.alice.email);
    bob = await login(t.app, w.bob.email);
  });
  afterAll(() => t.close());
  const get = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });
  type Out = { events: { text: string; count: number; at: string; firstAt: string }[] };

  it('requires authentication', async () => {
    expect((await get('/api/record/activity')).statusCode).toBe(401);
  });

  it('collapses repeats, names to whom the record was sent, and shows break-glass; another patient sees none of it', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/api/record/results', alice)).statusCode).toBe(200);
    const sent = await t.app.inject({ method: 'POST', url: '/api/record/transmit', payload: { email: 'new.doctor@example.com' }, headers: { cookie: alice } });
    expect(sent.statusCode).toBe(201);
    await t.db.tx((q) => audit(q, { actor: { userId: w.physician.userId, role: 'physician' }, patientId: w.a.patientId, action: 'break_glass', resourceType: 'Patient', resourceId: w.a.patientId }));
    await get('/api/record/activity', alice); // reading the log is not itself listed
    const r = await get('/api/record/activity', alice);
    expect(r.statusCode).toBe(200);
    const events = json<Out>(r).events;
    expect(events.map((e) => [e.text, e.count])).toEqual([
      ['Phil Doc, MD opened your record in an emergency, outside their usual access, and wrote down why', 1],
      ['You sent your record to new.doctor@example.com by secure link', 1],
      ['You looked at your test results', 3],
    ]);
    expect(Date.parse(events[2].firstAt)).toBeLessThanOrEqual(Date.parse(events[2].at));
    expect(json<Out>(await get('/api/record/activity', bob)).events).toEqual([]);
  });
});
