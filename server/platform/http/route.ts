import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import type { Actor, Role } from '../access/actor';
import { parseRoutePermission, routeRule, type RoutePermission } from '../access/policy';
import { routePolicy } from '../access/routes-policy';
import { requirePatientAccess } from '../access/scope';
import { badRequest, forbidden, unauthorized } from '../errors';
import { openapiRegistry } from './openapi';

/**
 * Who may call a route. Protected is the default: a route must say 'public' to be reachable signed out. Signed-in routes
 * take their access from the policy (platform/access/policy.ts): `policy: 'conversation.read'` on the route, or its entry
 * in platform/access/routes-policy.ts. A role list here is only used for a route the policy does not know yet (the
 * access-matrix test fails, naming the route, until it has an entry).
 */
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
  /** The policy permission this route needs (resource.action, or 'resource.action:own'). Overrides `access` unless access is 'public'. */
  policy?: RoutePermission;
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

/** The first string holding a NUL byte (PostgreSQL text cannot store one), as a field path, or null. */
function nulField(v: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path.join('.') || 'value' : null;
  if (depth > 20 || v === null || typeof v !== 'object') return null;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const found = nulField(x, [...path, k], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  const nul = nulField(value);
  if (nul !== null) {
    const field = nul === 'value' ? where : nul;
    throw badRequest(`${field}: must not contain a NUL character`, field);
  }
  if (!schema) return undefined as z.infer<T>;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || where;
  throw badRequest(`${field}: ${issue.message}`, field);
}

/**
 * Path parameters named `id` or `…Id` declared as a plain z.string() are ids: they become z.uuid(), so a malformed one is a
 * 400 naming it, never a database error. (A parameter with its own format or limits, e.g. an app's client id, is kept.)
 */
const ID_PARAM = /^(id|[a-z][A-Za-z]*Id)$/;
function withUuidIds<P extends z.ZodType>(params: P | undefined): P | undefined {
  if (!(params instanceof z.ZodObject)) return params;
  const ids: Record<string, z.ZodType> = {};
  for (const [key, s] of Object.entries(params.shape as Record<string, z.ZodType>)) {
    const def = (s as unknown as { _zod: { def: { type: string; checks?: unknown[]; format?: string } } })._zod.def;
    if (ID_PARAM.test(key) && def.type === 'string' && !def.checks?.length && !def.format) ids[key] = z.uuid(`${key}: not a valid id`);
  }
  return Object.keys(ids).length ? (params.extend(ids) as unknown as P) : params;
}

function allowedLegacy(access: Access, actor: Actor): boolean {
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
  const policy: RoutePermission | null = access === 'public' ? null : (def.policy ?? routePolicy(def.method, def.url));
  const permission = parseRoutePermission(policy)?.permission ?? null;
  const paramsSchema = withUuidIds(def.params);
  openapiRegistry(app).push({ ...def, params: paramsSchema, access, policy });
  app.route({
    method: def.method,
    url: def.url,
    config: { access, policy },
    handler: async (req, reply) => {
      // Answers about people's health are never stored by browsers or proxies.
      reply.header('cache-control', 'no-store');
      const actor = req.actor;
      if (access !== 'public') {
        if (!actor) throw unauthorized(req.sessionExpired ? 'Your session ended because you were inactive. Please sign in again.' : undefined,
          req.sessionExpired ? 'session_expired' : 'unauthorized');
        if (policy ? !routeRule(actor.role, policy) : !allowedLegacy(access, actor)) throw forbidden();
      }
      const params = parse(paramsSchema, req.params, 'params');
      // Central authorization: any route about a patient (/:patientId, or ?patientId=) is checked here, for this route's
      // permission, not in each handler. Not theirs → 404; theirs only through break-glass → 403 break_glass_required.
      const patientCheck = (pid: unknown) => access !== 'public' && typeof pid === 'string'
        ? requirePatientAccess(app.db, actor as Actor, pid, permission) : undefined;
      await patientCheck((params as { patientId?: unknown } | undefined)?.patientId);
      const query = parse(def.query, req.query, 'query');
      await patientCheck((query as { patientId?: unknown } | undefined)?.patientId);
      const ctx = {
        params, query,
        body: parse(def.body, def.raw?.requestContentType ? {} : req.body, 'body'),
        actor: actor as Actor, db: app.db, config: app.config, ip: req.ip, req, reply,
      };
      const result = await def.handler(ctx);
      if (reply.sent) return reply;
      reply.code(def.status ?? (result === undefined ? 204 : 200));
      return result === undefined ? reply.send() : result;
    },
  });
}
