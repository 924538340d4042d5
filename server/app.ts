import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Config } from './config';
import type { Db } from './db/client';
import type { Actor } from './platform/access/actor';
import { HttpError } from './platform/errors';
import { SESSION_COOKIE, lookupSession } from './platform/auth/sessions';
import { authRoutes } from './platform/auth/routes';
import { serializeRequest } from './platform/auth/log-redact';
import { systemRoutes } from './platform/http/system-routes';
import { registerFeatures } from './features';
import { registerI18n, requestLocale } from './platform/i18n/http';
import { localizeMessage } from './platform/i18n';

declare module 'fastify' {
  interface FastifyInstance { db: Db; config: Config }
  interface FastifyRequest { actor?: Actor; sessionExpired?: boolean; mfaEnrollmentPending?: boolean }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The host of an Origin header; a malformed one counts as another site (refused with 403, not a 500). */
function originHost(origin: string): string | null {
  try { return new URL(origin).host; } catch { return null; }
}

/** Builds the whole HTTP app on a given database. Tests call this directly and use app.inject. */
export async function buildApp(db: Db, config: Config, opts: { logger?: boolean; logStream?: { write(msg: string): void } } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Trust exactly the configured number of proxy hops: the client IP is the address that many hops from this server
    // (the right-most X-Forwarded-For entries), never a left-most value the client wrote itself.
    trustProxy: config.trustProxy === false ? false : (_addr: string, hop: number) => hop < (config.trustProxy as number),
    bodyLimit: 12 * 1024 * 1024,
    logger: opts.logger === false ? false : {
      level: config.logLevel,
      // Logs never carry credentials or health data: no bodies are logged, and these headers are hidden.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      // The route pattern, never the raw URL (queries and tokens stay out of logs): see platform/auth/log-redact.ts.
      serializers: { req: serializeRequest },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
  });
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('mfaEnrollmentPending', false);
  // A cross-site form can send text/plain without a CORS preflight; the API only speaks JSON.
  app.removeContentTypeParser('text/plain');

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:', 'https:'], styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"], connectSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null,
      },
    },
  });

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    // CSRF: browsers say where a request comes from (Fetch Metadata / Origin); refuse state changes from other sites.
    if (UNSAFE.has(req.method)) {
      const site = req.headers['sec-fetch-site'];
      if (site && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'csrf', 'This request came from another site and was refused.');
      const origin = req.headers.origin;
      if (origin && origin !== 'null' && originHost(origin) !== req.headers.host)
        throw new HttpError(403, 'csrf', 'This request came from another site and was refused.');
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await lookupSession(db, token, config.sessionIdleMs);
    if (found && 'actor' in found) {
      req.actor = found.actor;
      // Staff who must use MFA and have not set it up yet may only enroll (and sign out) until they do.
      if (found.mfaEnrollmentPending) {
        req.mfaEnrollmentPending = true;
        const p = req.url.split('?')[0];
        if (!(p === '/api/me' || p.startsWith('/api/auth/') || p === '/api/openapi.json'))
          throw new HttpError(403, 'mfa_enrollment_required', 'Set up two-step sign-in first: go to Sign-in security.');
      }
    } else if (found) req.sessionExpired = true;
  });
  // Each API request is answered in the person's language (saved choice, device cookie, or Accept-Language).
  registerI18n(app);

  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).send({ error: { code: err.code, message: localizeMessage(err.message, requestLocale(req)), ...(err.field ? { field: err.field } : {}) } });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, 'request failed');
      return reply.code(500).send({ error: { code: 'internal', message: localizeMessage('Something went wrong on our side. Please try again; if it keeps happening, call the clinic.', requestLocale(req)) } });
    }
    const code = (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
    return reply.code(status).send({ error: { code, message: err.message } });
  });

  systemRoutes(app);
  authRoutes(app);
  registerFeatures(app);

  const webIndex = path.join(config.webDist, 'index.html');
  if (fs.existsSync(webIndex)) {
    await app.register(fastifyStatic, { root: config.webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && fs.existsSync(webIndex)) {
      // The web app routes on the client; any page path gets the app shell.
      return reply.type('text/html').header('cache-control', 'no-store').send(fs.readFileSync(webIndex));
    }
    return reply.code(404).send({ error: { code: 'not_found', message: `No such address: ${req.method} ${req.url.split('?')[0]}` } });
  });
  return app;
}
