// Issue 14: a message a proxy writes shows "<proxy> for <patient>" to staff and to the patient; staff see whom they answer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../../testing/app';
import { startMessagingTest, type MessagingWorld } from './test-world';

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
let bobName: string;
const key = () => randomUUID();
const actAs = (patientId: string | null) => t.db.query('update user_session set acting_patient_id = $1 where user_id = $2', [patientId, w.alice.userId]);
type Msg = { kind: string; author: { displayName: string }; byline?: string; onBehalfOf?: { patientName: string; relationship: string | null } };

beforeAll(async () => {
  ({ t, w, c, call } = await startMessagingTest());
  await t.db.query('insert into proxy_grant (patient_id, grantee_user_id, relationship, granted_by) values ($1,$2,$3,$4)',
    [w.b.patientId, w.alice.userId, 'daughter', w.bob.userId]);
  const [p] = await t.db.query<{ name: string }>("select given_name || ' ' || family_name as name from patient where id = $1", [w.b.patientId]);
  bobName = p.name;
});
afterAll(() => t.close());

describe('messages written by a proxy', () => {
  it('requires authentication; another patient gets 404', async () => {
    await actAs(w.b.patientId);
    const id = json(await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'For Dad', body: 'His feet hurt.', idempotencyKey: key() })).thread.id;
    await actAs(null);
    expect((await call(undefined, 'GET', `/api/threads/${id}`)).statusCode).toBe(401);
    expect((await call(c.alice, 'GET', `/api/threads/${id}`)).statusCode).toBe(404); // Alice, back on her own record
  });

  it('shows "<proxy> for <patient>" to staff and to the patient; own messages and staff replies have no byline', async () => {
    await actAs(w.b.patientId);
    const r = await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'Question for Dad', body: 'Can he take ibuprofen?', idempotencyKey: key() });
    expect(r.statusCode).toBe(201);
    const id = json(r).thread.id;
    await actAs(null);
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Yes, with food.', idempotencyKey: key() })).statusCode).toBe(201);
    await call(c.bob, 'POST', `/api/threads/${id}/messages`, { body: 'Thank you, this is Bob.', idempotencyKey: key() });

    const staff = json(await call(c.nurse, 'GET', `/api/threads/${id}`)).messages as Msg[];
    expect(staff.map((m) => m.byline ?? null)).toEqual([`Alice A for ${bobName}`, null, null]);
    expect(staff[0]).toMatchObject({ author: { displayName: 'Alice A' }, onBehalfOf: { patientName: bobName, relationship: 'daughter' } });
    expect(staff[2].onBehalfOf).toBeUndefined();

    const patient = json(await call(c.bob, 'GET', `/api/threads/${id}`)).messages as Msg[];
    expect(patient[0].byline).toBe(`Alice A for ${bobName}`);
    await actAs(w.b.patientId);
    expect((json(await call(c.alice, 'GET', `/api/threads/${id}`)).messages as Msg[])[0].byline).toBe(`Alice A for ${bobName}`);
    await actAs(null);
  });

  it("a patient's own message in their own chart has no byline", async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', { category: 'medical_question', subject: 'Mine', body: 'About me', idempotencyKey: key() })).thread.id;
    const m = (json(await call(c.nurse, 'GET', `/api/threads/${id}`)).messages as Msg[])[0];
    expect(m.byline).toBeUndefined();
    expect(m.author.displayName).toBe('Alice A');
  });
});
