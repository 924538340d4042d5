import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, login, testApp, type TestApp } from '../../testing/app';
import { buildUser } from '../../testing/factories';
import { buildMessagingWorld } from './test-world';

// Who may touch conversations at all: patients (their own record, also as a proxy) and the care team. A researcher of
// the same organization must not read a patient's messages, answer them, or show up as "Read by" to the patient.

let t: TestApp;
let w: Awaited<ReturnType<typeof buildMessagingWorld>>;
const c: Record<string, string> = {};
const call = (cookie: string | undefined, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: cookie ? { cookie } : {} });
const key = () => randomUUID();
const newThread = (over: Record<string, unknown> = {}) =>
  ({ category: 'medical_question', subject: 'Question', body: 'Is my dose right?', idempotencyKey: key(), ...over });
const count = async (sql: string, p: unknown[] = []) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, p))[0].n;

beforeAll(async () => {
  t = await testApp();
  w = await buildMessagingWorld(t.db);
  const researcher = await buildUser(t.db, { orgId: w.orgId, role: 'researcher', name: 'Rita Research', credentials: 'PhD', clinicIds: [w.clinicId] });
  c.alice = await login(t.app, w.alice.email);
  c.nurse = await login(t.app, w.nurse.email);
  c.researcher = await login(t.app, researcher.email);
});
afterAll(() => t.close());

describe('only patients and the care team use conversations', () => {
  it('a researcher of the same organization cannot read, answer, search or mark a conversation read', async () => {
    const up = json(await call(c.alice, 'POST', '/api/attachments', { filename: 'a.pdf', dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') })).attachment.id;
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread({ attachmentIds: [up] }))).thread.id;
    const before = { messages: await count('msg_message'), events: await count('msg_event'), outbox: await count('outbox_email') };
    for (const [m, u, body] of [
      ['GET', `/api/threads/${id}`], ['POST', `/api/threads/${id}/messages`, { body: 'Hello from research', idempotencyKey: key() }],
      ['GET', `/api/threads?patientId=${w.a.patientId}`], ['GET', `/api/patients/${w.a.patientId}/messages?q=dose`],
      ['GET', `/api/attachments/${up}`], ['POST', `/api/threads/${id}/reopen`], ['GET', `/api/drafts/${id}`], ['PUT', `/api/drafts/${id}`, { body: 'x' }],
      ['GET', `/api/patients/${w.a.patientId}/follow-ups`],
    ] as [string, string, unknown][])
      expect((await call(c.researcher, m, u, body)).statusCode, `${m} ${u}`).toBe(403);
    expect({ messages: await count('msg_message'), events: await count('msg_event'), outbox: await count('outbox_email') }).toEqual(before);
    const d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0].status.readBy).toBeNull();
    // The care team still works normally.
    expect((await call(c.nurse, 'GET', `/api/threads/${id}`)).statusCode).toBe(200);
    expect(json(await call(c.alice, 'GET', `/api/threads/${id}`)).messages[0].status.readBy.displayName).toBe('Nora Nurse, RN');
  });
});

describe('a proxy acting for someone else', () => {
  // Alice may act for Bob (e.g. a parent for a child). Switching records must never carry words or retries across charts.
  const actAs = async (patientId: string | null) =>
    t.db.query('update user_session set acting_patient_id = $1 where user_id = $2', [patientId, w.alice.userId]);
  beforeAll(async () => {
    await t.db.query('insert into proxy_grant (patient_id, grantee_user_id, relationship, granted_by) values ($1,$2,$3,$4)',
      [w.b.patientId, w.alice.userId, 'parent', w.bob.userId]);
  });
  afterAll(() => actAs(null));

  it("reusing a send key after switching records is refused (409), never answered with the other chart's conversation", async () => {
    const k = key();
    const mine = await call(c.alice, 'POST', '/api/threads', newThread({ idempotencyKey: k }));
    expect(mine.statusCode).toBe(201);
    await actAs(w.b.patientId);
    const bobThreads = await count('msg_thread where patient_id = $1', [w.b.patientId]);
    const retry = await call(c.alice, 'POST', '/api/threads', newThread({ idempotencyKey: k }));
    expect(retry.statusCode).toBe(409);
    expect(JSON.stringify(json(retry))).not.toContain(json(mine).thread.id);
    expect(await count('msg_thread where patient_id = $1', [w.b.patientId])).toBe(bobThreads);
    // A fresh key writes to Bob's chart, as the person Alice is acting for.
    const forBob = await call(c.alice, 'POST', '/api/threads', newThread());
    expect(forBob.statusCode).toBe(201);
    expect(json(forBob).thread.patient.id).toBe(w.b.patientId);
  });

  it("the composer draft belongs to the record: switching records never pre-fills another chart's draft", async () => {
    await actAs(null);
    await call(c.alice, 'PUT', '/api/drafts/new', { subject: 'My own rash', body: 'About me' });
    await actAs(w.b.patientId);
    expect(json(await call(c.alice, 'GET', '/api/drafts/new')).draft).toBeNull();
    await call(c.alice, 'PUT', '/api/drafts/new', { subject: 'For Bob', body: 'About Bob' });
    expect(json(await call(c.alice, 'GET', '/api/drafts/new')).draft).toMatchObject({ key: 'new', body: 'About Bob' });
    await call(c.alice, 'POST', '/api/threads', newThread());
    expect(json(await call(c.alice, 'GET', '/api/drafts/new')).draft).toBeNull();
    await actAs(null);
    expect(json(await call(c.alice, 'GET', '/api/drafts/new')).draft).toMatchObject({ key: 'new', body: 'About me' });
  });
});
