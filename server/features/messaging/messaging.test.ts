import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../../testing/app';
import { startMessagingTest, type MessagingWorld, PDF } from './test-world';

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
const key = () => randomUUID();
const newThread = (over: Record<string, unknown> = {}) =>
  ({ category: 'medical_question', subject: 'Feet', body: 'My feet tingle at night.', idempotencyKey: key(), ...over });
let count: Awaited<ReturnType<typeof startMessagingTest>>['count'];

beforeAll(async () => {
  ({ t, w, c, call, count } = await startMessagingTest());
});
afterAll(() => t.close());

describe('messaging: patient side', () => {
  it('requires authentication on every messaging route', async () => {
    const id = randomUUID();
    for (const [m, u] of [['GET', '/api/messaging/categories'], ['POST', '/api/threads'], ['GET', '/api/threads'], ['GET', `/api/threads/${id}`],
      ['POST', `/api/threads/${id}/messages`], ['POST', `/api/threads/${id}/resolve`], ['POST', `/api/threads/${id}/reopen`], ['GET', '/api/drafts/new'],
      ['PUT', '/api/drafts/new'], ['POST', '/api/attachments'], ['GET', `/api/attachments/${id}`], ['GET', '/api/events'],
      ['GET', `/api/patients/${w.a.patientId}/messages`], ['GET', `/api/patients/${w.a.patientId}/follow-ups`]])
      expect((await call(undefined, m, u, m === 'GET' ? undefined : {})).statusCode, `${m} ${u}`).toBe(401);
  });

  it('lists categories with who handles them and the expected reply time', async () => {
    const r = json(await call(c.alice, 'GET', '/api/messaging/categories'));
    const mq = r.categories.find((x: { code: string }) => x.code === 'medical_question');
    expect(mq.whoHandles).toBe('A nurse on the team reads these.');
    expect(mq.expectedReply).toBe('Expect a reply within 1 business day.');
    expect(r.categories.find((x: { code: string }) => x.code === 'appointment').poolName).toBe('Scheduling');
    expect(r.clinic.phoneNurseLine).toBeTruthy();
    expect(r.providers[0]).toMatchObject({ id: w.physician.userId, isMyProvider: true });
  });

  it('sends a conversation (201) routed to the pool, with author name, status line and events', async () => {
    const res = await call(c.alice, 'POST', '/api/threads', newThread({ subject: 'Refill please', category: 'refill', body: 'I need more metformin.' }));
    expect(res.statusCode).toBe(201);
    const id = json(res).thread.id;
    expect(json(res).thread).toMatchObject({ status: 'open', pool: { name: 'Nurses' }, overdue: false });
    const d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.status).toBe('open');
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0]).toMatchObject({ body: 'I need more metformin.', author: { displayName: 'Alice A', credentials: null, role: 'patient' } });
    expect(d.messages[0].status).toMatchObject({ receivedBy: 'Nurses', readBy: null, answeredAt: null });
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['sent', 'routed']);
    const list = json(await call(c.alice, 'GET', '/api/threads'));
    expect(list.threads.map((x: { id: string }) => x.id)).toContain(id);
  });

  it('closes the loop: the nurse opening it shows "Read by", the reply shows name and credentials', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    await call(c.nurse, 'GET', `/api/threads/${id}`);
    await call(c.nurse, 'GET', `/api/threads/${id}`); // opening twice records one read
    expect(await count("msg_event where thread_id = $1 and kind = 'read'", [id])).toBe(1);
    let d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.messages[0].status.readBy).toMatchObject({ displayName: 'Nora Nurse, RN', credentials: 'RN' });
    const reply = await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Please come in on Monday.', idempotencyKey: key() });
    expect(reply.statusCode).toBe(201);
    d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.status).toBe('answered');
    expect(d.messages[1]).toMatchObject({ kind: 'staff_reply', author: { displayName: 'Nora Nurse, RN', credentials: 'RN', role: 'nurse' } });
    expect(d.messages[0].status.answeredAt).toBeTruthy();
    expect(d.events.map((e: { kind: string }) => e.kind)).toContain('answered');
  });

  it('refuses emergency words until the patient has seen the warning', async () => {
    const before = await count('msg_thread');
    const r = await call(c.alice, 'POST', '/api/threads', newThread({ body: 'I have chest pain right now' }));
    expect(r.statusCode).toBe(400);
    expect(json(r).error.code).toBe('urgent_warning');
    expect(await count('msg_thread')).toBe(before);
    expect((await call(c.alice, 'POST', '/api/threads', newThread({ body: 'I had chest pain last week, gone now', urgentAcknowledged: true }))).statusCode).toBe(201);
  });

  it('saves drafts on the server and removes the draft when the message is sent', async () => {
    const put = await call(c.alice, 'PUT', '/api/drafts/new', { subject: 'Draft s', body: 'half-written', category: 'refill' });
    expect(put.statusCode).toBe(200);
    expect(json(await call(c.alice, 'GET', '/api/drafts/new')).draft).toMatchObject({ body: 'half-written', category: 'refill' });
    expect(json(await call(c.bob, 'GET', '/api/drafts/new')).draft).toBeNull();
    await call(c.alice, 'POST', '/api/threads', newThread());
    expect(json(await call(c.alice, 'GET', '/api/drafts/new')).draft).toBeNull();
  });

  it('attaches a PDF checked by content and lets only people who can read the conversation download it', async () => {
    const up = await call(c.alice, 'POST', '/api/attachments', { filename: 'log.pdf', dataBase64: PDF.toString('base64') });
    expect(up.statusCode).toBe(201);
    const att = json(up).attachment;
    expect(att.contentType).toBe('application/pdf');
    // Before it is sent, only the uploader can fetch it.
    expect((await call(c.nurse, 'GET', att.url)).statusCode).toBe(404);
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread({ attachmentIds: [att.id] }))).thread.id;
    const d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.messages[0].attachments[0].id).toBe(att.id);
    const dl = await call(c.nurse, 'GET', att.url);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call(c.bob, 'GET', att.url)).statusCode).toBe(404);
    expect((await call(c.otherNurse, 'GET', att.url)).statusCode).toBe(404);
    // A file already sent cannot be attached again (e.g. into someone else's conversation).
    expect((await call(c.alice, 'POST', '/api/threads', newThread({ attachmentIds: [att.id] }))).statusCode).toBe(400);
  });

  it('patients may resolve their conversation and reopen it within the window', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    expect((await call(c.alice, 'POST', `/api/threads/${id}/resolve`)).statusCode).toBe(204);
    let d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d).toMatchObject({ status: 'closed', canReply: false, canReopen: true });
    expect(d.events.map((e: { kind: string }) => e.kind)).toContain('resolved_by_patient');
    expect((await call(c.alice, 'POST', `/api/threads/${id}/reopen`)).statusCode).toBe(204);
    d = json(await call(c.alice, 'GET', `/api/threads/${id}`));
    expect(d.status).toBe('open');
    await call(c.alice, 'POST', `/api/threads/${id}/resolve`);
    await t.db.query("update msg_thread set closed_at = now() - interval '30 days' where id = $1", [id]);
    const late = await call(c.alice, 'POST', `/api/threads/${id}/reopen`);
    expect(late.statusCode).toBe(409);
    expect(json(late).error.code).toBe('reopen_window');
  });

  it('a closed conversation takes no new messages but a new one can link to it', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    await call(c.nurse, 'POST', `/api/threads/${id}/close`, { resolution: 'Answered by phone' });
    const before = await count('msg_message where thread_id = $1', [id]);
    const r = await call(c.alice, 'POST', `/api/threads/${id}/messages`, { body: 'one more thing', idempotencyKey: key() });
    expect(r.statusCode).toBe(409);
    expect(json(r).error.code).toBe('thread_closed');
    expect(await count('msg_message where thread_id = $1', [id])).toBe(before);
    const linked = await call(c.alice, 'POST', '/api/threads', newThread({ linkedThreadId: id }));
    expect(linked.statusCode).toBe(201);
    expect(json(linked).thread.linkedThreadId).toBe(id);
    expect((await call(c.bob, 'POST', '/api/threads', newThread({ linkedThreadId: id }))).statusCode).toBe(404);
  });

  it('follow-up requests: a clinician asks, the patient sees it and answering it marks it done', async () => {
    const r = await call(c.doc, 'POST', `/api/patients/${w.a.patientId}/follow-ups`, { instructions: 'Send 2 weeks of readings', dueDate: '2030-01-15' });
    expect(r.statusCode).toBe(201);
    const f = json(r).followUp;
    expect(json(await call(c.alice, 'GET', `/api/patients/${w.a.patientId}/follow-ups`)).followUps[0]).toMatchObject({ id: f.id, status: 'open' });
    expect((await call(c.bob, 'GET', `/api/patients/${w.a.patientId}/follow-ups`)).statusCode).toBe(404);
    expect((await call(c.alice, 'POST', `/api/patients/${w.a.patientId}/follow-ups`, { instructions: 'x', dueDate: '2030-01-01' })).statusCode).toBe(403);
    await call(c.alice, 'POST', '/api/threads', newThread({ category: 'home_readings', followUpId: f.id }));
    expect(json(await call(c.alice, 'GET', `/api/patients/${w.a.patientId}/follow-ups`)).followUps[0].status).toBe('done');
    const home = json(await call(c.alice, 'GET', '/api/home'));
    expect(home.items.some((i: { kind: string }) => i.kind === 'follow-up')).toBe(false);
  });

  it('provider instructions appear in the composer', async () => {
    expect((await call(c.doc, 'PUT', '/api/messaging/instructions', { instructions: 'Send readings between visits.' })).statusCode).toBe(200);
    const r = json(await call(c.alice, 'GET', '/api/messaging/categories'));
    expect(r.providers.find((p: { id: string }) => p.id === w.physician.userId).instructions).toBe('Send readings between visits.');
    expect((await call(c.alice, 'PUT', '/api/messaging/instructions', { instructions: 'x' })).statusCode).toBe(403);
  });

  it('clinicians search the full history including notes; patients search their own without notes', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread({ body: 'Since the new pill I have a rash on my arms.' }))).thread.id;
    await call(c.nurse, 'POST', `/api/threads/${id}/notes`, { body: 'Suspected reaction to amoxicillin, flagged.', idempotencyKey: key() });
    const staff = json(await call(c.nurse, 'GET', `/api/patients/${w.a.patientId}/messages?q=rash`));
    expect(staff.results.some((r: { threadId: string }) => r.threadId === id)).toBe(true);
    const note = json(await call(c.doc, 'GET', `/api/patients/${w.a.patientId}/messages?q=amoxicillin`));
    expect(note.results).toHaveLength(1);
    expect(note.results[0].kind).toBe('internal_note');
    expect(json(await call(c.alice, 'GET', `/api/patients/${w.a.patientId}/messages?q=amoxicillin`)).results).toHaveLength(0);
    expect(json(await call(c.alice, 'GET', `/api/patients/${w.a.patientId}/messages?q=rash`)).results.length).toBeGreaterThan(0);
    expect((await call(c.bob, 'GET', `/api/patients/${w.a.patientId}/messages?q=rash`)).statusCode).toBe(404);
    expect((await call(c.otherNurse, 'GET', `/api/patients/${w.a.patientId}/messages?q=rash`)).statusCode).toBe(404);
  });
});
