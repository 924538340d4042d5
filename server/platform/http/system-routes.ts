import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from './route';
import { buildOpenapi } from './openapi';

export function systemRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/health', summary: 'Liveness and database check', tags: ['system'], access: 'public',
    response: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }),
    handler: async ({ db }) => {
      await db.query('select 1');
      return { status: 'ok' as const, db: db.kind };
    },
  });
  route(app, {
    method: 'GET', url: '/api/openapi.json', summary: 'This API description (OpenAPI 3.1)', tags: ['system'], access: 'public',
    response: z.object({ openapi: z.string() }).passthrough(),
    handler: async () => buildOpenapi(app),
  });
}
