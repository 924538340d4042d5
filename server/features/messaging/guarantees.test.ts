import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../../testing/app';
import { startMessagingTest, type MessagingWorld, PDF, PNG } from './test-world';

// The guarantees in the issue, one block each: idempotent sending, transactional outbox, permanent messages,
// 404 isolation everywhere, bad input rejected with nothing half-written.

let t: TestApp;
let w: MessagingWorld;
let c: Record<string, string>;
let call: Awaited<ReturnType<typeof startMessagingTest>>['call'];
const key = () => randomUUID();
const newThread = (over: Record<string, unknown> = {}) =>
  ({ category: 'medical_question', subject: 'Question', body: 'Is my dose right?', idempotencyKey: key(), ...over });
let count: Awaited<ReturnType<typeof startMessagingTest>>['count'];
const snapshot = async () => ({
  threads: await count('msg_thread'), messages: await count('msg_message'), events: await count('msg_event'),
  outbox: await count('outbox_email'), attachments: await count('msg_attachment where message_id is not null'),
});

beforeAll(async () => {
  ({ t, w, c, call, count } = await startMessagingTest());
});
afterAll(() => t.close());

describe('sending is idempotent', () => {
  it('the same key twice creates one conversation and returns the same result', async () => {
    const body = newThread();
    const before = await count('msg_thread');
    const a = await call(c.alice, 'POST', '/api/threads', body);
    const b = await call(c.alice, 'POST', '/api/threads', body);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json(b)).toEqual(json(a));
    expect(await count('msg_thread')).toBe(before + 1);
  });

  it('concurrent double-clicks create one message', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const body = { body: 'Adding one more detail.', idempotencyKey: key() };
    const rs = await Promise.all([1, 2, 3].map(() => call(c.alice, 'POST', `/api/threads/${id}/messages`, body)));
    expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(rs.map((r) => json(r).message.id)).size).toBe(1);
    expect(await count('msg_message where thread_id = $1', [id])).toBe(2);
  });

  it('the same key with a different body is refused with 409 and nothing is written', async () => {
    const k = key();
    await call(c.alice, 'POST', '/api/threads', newThread({ idempotencyKey: k }));
    const before = await snapshot();
    const r = await call(c.alice, 'POST', '/api/threads', newThread({ idempotencyKey: k, body: 'Something else entirely' }));
    expect(r.statusCode).toBe(409);
    expect(json(r).error.code).toBe('idempotency_conflict');
    expect(await snapshot()).toEqual(before);
  });

  it('the same key for a reply on another thread is a conflict, never a moved message', async () => {
    const t1 = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const t2 = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const k = key();
    expect((await call(c.alice, 'POST', `/api/threads/${t1}/messages`, { body: 'hello', idempotencyKey: k })).statusCode).toBe(201);
    expect((await call(c.alice, 'POST', `/api/threads/${t2}/messages`, { body: 'hello', idempotencyKey: k })).statusCode).toBe(409);
    expect(await count('msg_message where thread_id = $1', [t2])).toBe(1);
  });
});

describe('transactional outbox', () => {
  it('a reply writes exactly one notification per patient account, with no health data, and a retry adds none', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread({ subject: 'Metformin dose', body: 'My metformin makes me sick.' }))).thread.id;
    const before = await count('outbox_email');
    const reply = { body: 'Take metformin with food to avoid nausea.', idempotencyKey: key() };
    const r1 = await call(c.nurse, 'POST', `/api/threads/${id}/messages`, reply);
    await call(c.nurse, 'POST', `/api/threads/${id}/messages`, reply);
    expect(await count('outbox_email')).toBe(before + 1);
    const [row] = await t.db.query<{ to_address: string; subject: string; body: string; dedupe_key: string }>(
      'select * from outbox_email order by id desc limit 1');
    expect(row.to_address).toBe(w.alice.email);
    expect(row.subject).toBe('You have a new message in Portico');
    expect(row.body).toContain(`https://portal.example/messages/${id}`);
    expect(row.body.toLowerCase()).not.toMatch(/metformin|nausea|dose|nora|nurse/);
    expect(row.dedupe_key).toBe(`message:${json(r1).message.id}:${w.alice.userId}`);
  });

  it('the notification commits or rolls back with the message', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const before = await snapshot();
    // The attachment id is bad, so the whole reply fails after the message row was written inside the transaction.
    const r = await call(c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Answer', idempotencyKey: key(), attachmentIds: [randomUUID()] });
    expect(r.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('internal notes notify nobody', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const before = await count('outbox_email');
    expect((await call(c.nurse, 'POST', `/api/threads/${id}/notes`, { body: 'note', idempotencyKey: key() })).statusCode).toBe(201);
    expect(await count('outbox_email')).toBe(before);
  });
});

describe('messages are permanent', () => {
  it('the database refuses to edit or delete a sent message', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const [m] = await t.db.query<{ id: string }>('select id from msg_message where thread_id = $1', [id]);
    await expect(t.db.query("update msg_message set body = 'changed' where id = $1", [m.id])).rejects.toThrow(/permanent/);
    await expect(t.db.query('delete from msg_message where id = $1', [m.id])).rejects.toThrow(/permanent/);
    expect((await t.db.query<{ body: string }>('select body from msg_message where id = $1', [m.id]))[0].body).toBe('Is my dose right?');
  });
});

describe("nobody reaches another patient's conversations (404 everywhere)", () => {
  let aliceThread: string;
  let attachment: string;
  let noteAttachmentCheck: string;
  beforeAll(async () => {
    const up = json(await call(c.alice, 'POST', '/api/attachments', { filename: 'a.png', dataBase64: PNG.toString('base64') })).attachment.id;
    aliceThread = json(await call(c.alice, 'POST', '/api/threads', newThread({ attachmentIds: [up] }))).thread.id;
    attachment = up;
    noteAttachmentCheck = json(await call(c.nurse, 'POST', '/api/attachments', { filename: 'n.pdf', dataBase64: PDF.toString('base64') })).attachment.id;
  });

  it('another patient gets 404 on every route, the same as for a thread that does not exist', async () => {
    const missing = randomUUID();
    for (const [m, u, body] of [
      ['GET', '/api/threads/:id'], ['POST', '/api/threads/:id/messages', { body: 'x', idempotencyKey: key() }], ['POST', '/api/threads/:id/resolve'],
      ['POST', '/api/threads/:id/reopen'], ['GET', '/api/drafts/:id'], ['PUT', '/api/drafts/:id', { body: 'x' }],
    ] as [string, string, unknown][]) {
      const theirs = await call(c.bob, m, u.replace(':id', aliceThread), body);
      const none = await call(c.bob, m, u.replace(':id', missing), body);
      expect(theirs.statusCode, `${m} ${u}`).toBe(404);
      expect(json(theirs), `${m} ${u}`).toEqual(json(none));
    }
    expect((await call(c.bob, 'GET', `/api/attachments/${attachment}`)).statusCode).toBe(404);
    expect((await call(c.bob, 'GET', `/api/patients/${w.a.patientId}/messages?q=dose`)).statusCode).toBe(404);
    expect(json(await call(c.bob, 'GET', '/api/threads')).threads.map((x: { id: string }) => x.id)).not.toContain(aliceThread);
  });

  it('staff of another organization get 404 on every route', async () => {
    for (const [m, u, body] of [
      ['GET', '/api/threads/:id'], ['POST', '/api/threads/:id/messages', { body: 'x', idempotencyKey: key() }],
      ['POST', '/api/threads/:id/assign', {}], ['POST', '/api/threads/:id/notes', { body: 'x', idempotencyKey: key() }],
      ['POST', '/api/threads/:id/close', { resolution: 'x' }], ['POST', '/api/threads/:id/reassign', { needsProvider: true }],
      ['POST', '/api/threads/:id/time', { minutes: 5 }], ['POST', '/api/threads/:id/reopen'],
    ] as [string, string, unknown][])
      expect((await call(c.otherNurse, m, u.replace(':id', aliceThread), body)).statusCode, `${m} ${u}`).toBe(404);
    expect((await call(c.otherNurse, 'GET', `/api/attachments/${attachment}`)).statusCode).toBe(404);
    const list = await call(c.otherNurse, 'GET', `/api/threads?patientId=${w.a.patientId}`);
    expect(list.statusCode).toBe(404);
    expect(json(list)).toEqual(json(await call(c.otherNurse, 'GET', `/api/threads?patientId=${randomUUID()}`)));
    expect(json(await call(c.otherNurse, 'GET', '/api/inbasket')).items.map((x: { id: string }) => x.id)).not.toContain(aliceThread);
  });

  it('extra ids in a request body never move a message to another patient', async () => {
    const r = await call(c.bob, 'POST', '/api/threads', newThread({ patientId: w.a.patientId, threadId: aliceThread }));
    expect(r.statusCode).toBe(201);
    const [row] = await t.db.query<{ patient_id: string }>('select patient_id from msg_thread where id = $1', [json(r).thread.id]);
    expect(row.patient_id).toBe(w.b.patientId);
    // Bob cannot attach Alice's (or the nurse's) files to his own message.
    expect((await call(c.bob, 'POST', '/api/threads', newThread({ attachmentIds: [noteAttachmentCheck] }))).statusCode).toBe(400);
  });

  it('patients never see internal notes', async () => {
    await call(c.nurse, 'POST', `/api/threads/${aliceThread}/notes`, { body: 'Secret team note', idempotencyKey: key() });
    const d = json(await call(c.alice, 'GET', `/api/threads/${aliceThread}`));
    expect(JSON.stringify(d)).not.toContain('Secret team note');
    expect(d.events.map((e: { kind: string }) => e.kind)).not.toContain('note');
    const staff = json(await call(c.nurse, 'GET', `/api/threads/${aliceThread}`));
    expect(staff.messages.map((m: { body: string }) => m.body)).toContain('Secret team note');
  });
});

describe('bad input gets a clear 4xx and nothing half-written', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['empty body', { body: '   ' }, 400, 'body'],
    ['oversized body', { body: 'x'.repeat(5001) }, 400, 'body'],
    ['unknown category', { category: 'astrology' }, 400, 'category'],
    ['missing subject', { subject: '' }, 400, 'subject'],
    ['unknown clinic', { clinicId: randomUUID() }, 400, 'clinicId'],
    ['provider from another org', { providerId: randomUUID() }, 400, 'providerId'],
    ['missing key', { idempotencyKey: undefined }, 400, 'idempotencyKey'],
  ];
  for (const [name, over, status, field] of cases)
    it(`new conversation: ${name}`, async () => {
      const before = await snapshot();
      const r = await call(c.alice, 'POST', '/api/threads', newThread(over));
      expect(r.statusCode).toBe(status);
      expect(json(r).error.field).toBe(field);
      expect(await snapshot()).toEqual(before);
    });

  it('files: wrong type by content (415), oversized (413), empty (400)', async () => {
    const before = await count('msg_attachment');
    const exe = await call(c.alice, 'POST', '/api/attachments', { filename: 'scan.pdf', dataBase64: Buffer.from('MZ\x90\x00 this is a program').toString('base64') });
    expect(exe.statusCode).toBe(415);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    expect((await call(c.alice, 'POST', '/api/attachments', { filename: 'big.pdf', dataBase64: big.toString('base64') })).statusCode).toBe(413);
    expect((await call(c.alice, 'POST', '/api/attachments', { filename: 'x.pdf', dataBase64: '' })).statusCode).toBe(400);
    expect(await count('msg_attachment')).toBe(before);
  });

  it('reply: empty, oversized and closed conversation', async () => {
    const id = json(await call(c.alice, 'POST', '/api/threads', newThread())).thread.id;
    const before = await snapshot();
    expect((await call(c.alice, 'POST', `/api/threads/${id}/messages`, { body: '', idempotencyKey: key() })).statusCode).toBe(400);
    expect((await call(c.alice, 'POST', `/api/threads/${id}/messages`, { body: 'y'.repeat(6000), idempotencyKey: key() })).statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
