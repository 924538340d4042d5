import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { auditRead } from '../../platform/audit/audit';
import { badRequest } from '../../platform/errors';
import { composerInfo } from './catalog';
import { reopenThread, resolveByPatient } from './lifecycle';
import { subscribe } from './live';
import { watchSession } from '../../platform/auth/session-events';
import { EventOut, MessageOut, presentThread, ThreadSummary } from './presenters';
import { listThreadsForPatient } from './repository';
import { CreateThreadIn, Id, PostMessageIn } from './schemas';
import { createThread, getThread, postMessage } from './service';
import { messagingExtraRoutes } from './routes-extra';

const Detail = z.object({
  thread: ThreadSummary, status: z.string(), statusText: z.string(), messages: z.array(MessageOut), events: z.array(EventOut),
  canReply: z.boolean(), canReopen: z.boolean(),
});

export function messagingRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/messaging/categories', summary: 'What a message can be about, who handles it and how soon to expect a reply', tags: ['messaging'], policy: 'reference.read',
    query: z.object({ clinicId: z.string().optional() }),
    handler: async ({ actor, db, query }) => composerInfo(db, actor, query.clinicId),
  });

  route(app, {
    method: 'POST', url: '/api/threads', summary: 'Start a conversation with the care team (idempotent by idempotencyKey)', tags: ['messaging'],
    policy: 'conversation.create', body: CreateThreadIn, status: 201, response: z.object({ thread: ThreadSummary }),
    handler: async ({ actor, db, config, ip, body, reply }) => {
      const r = await createThread({ db, actor, config, ip }, body);
      reply.code(r.status);
      return r.body;
    },
  });

  route(app, {
    method: 'GET', url: '/api/threads', summary: "My conversations (patients), or one patient's conversations (staff, ?patientId=)", tags: ['messaging'],
    policy: 'conversation.read', query: z.object({ patientId: z.string().optional() }), response: z.object({ threads: z.array(ThreadSummary) }),
    handler: async ({ actor, db, ip, query }) => {
      const patientId = actor.role === 'patient' ? actor.patientId! : query.patientId;
      if (!patientId) throw badRequest('patientId: say whose conversations to list.', 'patientId');
      // ?patientId= is checked centrally by route() for 'conversation.read' (another organization's patient: 404).
      const rows = await listThreadsForPatient(db, actor, patientId);
      await auditRead(db, { actor, patientId: rows[0]?.patient_id ?? (actor.patientId ?? null), action: 'read', resourceType: 'MessageThreadList', ip,
        detail: { results: rows.length } });
      return { threads: rows.map((r) => presentThread(r, actor)) };
    },
  });

  route(app, {
    method: 'GET', url: '/api/threads/:id', summary: 'One conversation with its messages and progress (opening it marks it read)', tags: ['messaging'],
    policy: 'conversation.read', params: Id, response: Detail,
    handler: async ({ actor, db, config, ip, params }) => getThread({ db, actor, config, ip }, params.id),
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/messages', summary: 'Reply in a conversation (patient or care team; idempotent)', tags: ['messaging'],
    policy: 'conversation.reply', params: Id, body: PostMessageIn, status: 201, response: z.object({ message: MessageOut, thread: z.object({ id: z.string() }) }),
    handler: async ({ actor, db, config, ip, params, body, reply }) => {
      const r = await postMessage({ db, actor, config, ip }, params.id, body);
      reply.code(r.status);
      return r.body;
    },
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/resolve', summary: 'Patient marks their conversation resolved', tags: ['messaging'],
    policy: 'conversation.resolve', params: Id, status: 204,
    handler: async ({ actor, db, config, ip, params }) => resolveByPatient({ db, actor, config, ip }, params.id),
  });

  route(app, {
    method: 'POST', url: '/api/threads/:id/reopen', summary: 'Reopen a closed conversation (patients: within the clinic’s window)', tags: ['messaging'],
    policy: 'conversation.reply', params: Id, status: 204,
    handler: async ({ actor, db, config, ip, params }) => reopenThread({ db, actor, config, ip }, params.id),
  });

  route(app, {
    method: 'GET', url: '/api/events', summary: 'Server-sent events: which conversations changed (ids only)', tags: ['messaging'],
    policy: 'conversation.live', raw: { responseContentType: 'text/event-stream' },
    handler: async ({ actor, db, config, req, reply }) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 5000\n\n');
      const unsubscribe = subscribe(actor, (c) => res.write(`event: thread\ndata: ${JSON.stringify(c)}\n\n`));
      // A comment line every 25 s keeps proxies from closing an idle stream.
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      // The stream ends with the session (sign-out, idle timeout, password change, MFA reset) or when a proxy's access is taken back.
      const unwatch = watchSession(db, actor, config.sessionIdleMs, (reason) => {
        clearInterval(ping);
        unsubscribe();
        res.end(`event: session-ended\ndata: ${JSON.stringify({ reason })}\n\n`);
      });
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
        unwatch();
      });
    },
  });

  messagingExtraRoutes(app);
}
