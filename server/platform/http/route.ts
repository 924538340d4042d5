import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import type { Actor, Role } from '../access/actor';
import { requirePatientAccess } from '../access/scope';
import { badRequest, forbidden, unauthorized } from '../errors';
import { openapiRegistry } from './openapi';

/** Who may call a route. Protected is the default: a route must say 'public' to be reachable signed out. */
export type Access = 'public' | 'signed-in' | 'patient' | 'staff' | Role[];

export type Ctx<P, Q, B> = {
  params: P; query: Q; body: B; actor: Actor; db: Db; config: Config; ip: string;
  req: FastifyRequest; reply: FastifyReply;
};

type Def<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access?: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Response schema for the success status; used for OpenAPI and checked in tests. */
  response?: R;
  status?: number;
  /** For routes whose body is not JSON (uploads) or whose reply is not JSON (files). */
  raw?: { requestContentType?: string; responseContentType?: string };
  handler: (ctx: Ctx<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.infer<R> | undefined | void>;
};

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || where;
  throw badRequest(`${field}: ${issue.message}`, field);
}

function allowed(access: Access, actor: Actor): boolean {
  if (access === 'signed-in') return true;
  if (access === 'patient') return actor.role === 'patient';
  if (access === 'staff') return actor.role !== 'patient';
  if (Array.isArray(access)) return access.includes(actor.role);
  return true;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  app: FastifyInstance, def: Def<P, Q, B, R>,
) {
  const access = def.access ?? 'signed-in';
  openapiRegistry(app).push({ ...def, access });
  app.route({
    method: def.method,
    url: def.url,
    config: { access },
    handler: async (req, reply) => {
      const actor = req.actor;
      if (access !== 'public') {
        if (!actor) throw unauthorized(req.sessionExpired ? 'Your session ended because you were inactive. Please sign in again.' : undefined,
          req.sessionExpired ? 'session_expired' : 'unauthorized');
        if (!allowed(access, actor)) throw forbidden();
      }
      const ctx = {
        params: parse(def.params, req.params, 'params'),
        query: parse(def.query, req.query, 'query'),
        body: parse(def.body, def.raw?.requestContentType ? {} : req.body, 'body'),
        actor: actor as Actor, db: app.db, config: app.config, ip: req.ip, req, reply,
      };
      // Central authorization: any route about a patient (/:patientId) is checked here, not in each handler.
      const pid = (ctx.params as { patientId?: unknown } | undefined)?.patientId;
      if (access !== 'public' && typeof pid === 'string') await requirePatientAccess(app.db, ctx.actor, pid);
      const result = await def.handler(ctx);
      if (reply.sent) return reply;
      reply.code(def.status ?? (result === undefined ? 204 : 200));
      return result === undefined ? reply.send() : result;
    },
  });
}
