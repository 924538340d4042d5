import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

type Entry = {
  method: string; url: string; summary: string; tags: string[]; access: unknown; policy?: string | null; status?: number;
  params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; response?: z.ZodType;
  raw?: { requestContentType?: string; responseContentType?: string };
};

const registries = new WeakMap<FastifyInstance, Entry[]>();
export function openapiRegistry(app: FastifyInstance): Entry[] {
  // Plugins get child instances, but they share one HTTP server: key the list by it.
  let list = registries.get(app.server as unknown as FastifyInstance);
  if (!list) registries.set(app.server as unknown as FastifyInstance, (list = []));
  return list;
}

const json = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
const errorSchema = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } },
};

/** Builds the OpenAPI 3.1 document from the same zod schemas that validate requests. */
export function buildOpenapi(app: FastifyInstance) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of openapiRegistry(app)) {
    const path = e.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', e.params], ['query', e.query]] as const) {
      if (!schema) continue;
      const js = json(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {}))
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
    }
    const status = String(e.status ?? (e.response ? 200 : 204));
    const ok = e.raw?.responseContentType
      ? { description: 'OK', content: { [e.raw.responseContentType]: { schema: { type: 'string', format: 'binary' } } } }
      : e.response ? { description: 'OK', content: { 'application/json': { schema: json(e.response, 'output') } } } : { description: 'No content' };
    const err = (d: string) => ({ description: d, content: { 'application/json': { schema: errorSchema } } });
    (paths[path] ??= {})[e.method.toLowerCase()] = {
      summary: e.summary, tags: e.tags,
      ...(e.access === 'public' ? { security: [] } : {}),
      'x-portico-access': e.access,
      // The access-policy permission (platform/access/policy.ts); null for a signed-in route the policy does not know yet.
      ...(e.access === 'public' ? {} : { 'x-portico-policy': e.policy ?? null }),
      parameters,
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(e.body, 'input') } } } } : {}),
      ...(e.raw?.requestContentType ? { requestBody: { required: true, content: { [e.raw.requestContentType]: { schema: { type: 'object' } } } } } : {}),
      responses: { [status]: ok, '400': err('Invalid input: the message names the field'), '401': err('Not signed in or session timed out'), '404': err('Not found (or not yours)') },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Portico API', version: '0.1.0', description: 'Patient portal API. Sign in with POST /api/auth/login; the session cookie authenticates later calls.' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'portico_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
