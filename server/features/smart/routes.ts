import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { FHIR_PATH, OAUTH_PREFIX, SmartServer } from './provider';
import { setProvider } from './registry';
import * as svc from './service';
import { addClient, checkRedirectUri, listClients } from './cli';
import { audit } from '../../platform/audit/audit';

const Uid = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'not a request to connect an app') });
const AppOut = z.object({
  id: z.string(), appName: z.string(), connectedAt: z.string(), lastUsedAt: z.string().nullable(),
  mayRead: z.array(z.string()), connectedBy: z.string(), connectedByYou: z.boolean(), canDisconnect: z.boolean(),
});

/** SMART App Launch: the authorization server under /oauth, its SMART configuration, the consent page's API, connected apps. */
export function smartRoutes(app: FastifyInstance) {
  const smart = new SmartServer(app.db, app.config);
  setProvider(app, smart);

  // oidc-provider reads its own request bodies (form posts to /oauth/token ...): in this scope Fastify parses nothing.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      await smart.handle(req.raw, reply.raw);
    };
    scope.all(`${OAUTH_PREFIX}/*`, handler);
  });

  const configuration = (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').type('application/json');
    return svc.smartConfiguration(smart, requestBase(req));
  };
  app.get('/.well-known/smart-configuration', configuration);
  app.get(`${FHIR_PATH}/.well-known/smart-configuration`, configuration);

  route(app, {
    method: 'GET', url: '/api/smart/authorize/:uid', summary: 'What an app asks for (mayRead: all | identity | offline | a FHIR resource type), for the page where the patient allows or denies it', tags: ['smart'],
    access: 'patient', params: Uid,
    response: z.object({
      appName: z.string(), redirectHost: z.string(), mayRead: z.array(z.string()), patientName: z.string(), forSomeoneElse: z.boolean(), answered: z.boolean(),
    }),
    handler: (c) => svc.interactionDetails(smart, c.actor, c.params.uid),
  });
  route(app, {
    method: 'POST', url: '/api/smart/authorize/:uid', summary: 'Allow or deny an app; answers where the browser goes next (back to the app)', tags: ['smart'],
    access: 'patient', params: Uid, body: z.object({ decision: z.enum(['allow', 'deny']) }),
    response: z.object({ redirectTo: z.string() }),
    handler: (c) => svc.decide(smart, c.actor, c.params.uid, c.body.decision, c.ip),
  });
  route(app, {
    method: 'GET', url: '/api/apps', summary: 'Apps connected to the record I am looking at: name, when connected, what each may read, last use', tags: ['smart'],
    access: 'patient', response: z.object({ apps: z.array(AppOut) }),
    handler: (c) => svc.listApps(c.db, c.actor),
  });
  route(app, {
    method: 'DELETE', url: '/api/apps/:appId', summary: 'Disconnect an app: its access and refresh tokens stop working at once', tags: ['smart'],
    access: 'patient', params: z.object({ appId: z.string().min(1).max(200) }),
    handler: async (c) => { await svc.disconnect(c.db, c.actor, c.params.appId, c.ip); },
  });
  adminRoutes(app);
}

/** Operators register apps with `portico smart-client`; an administrator can do the same through the API. */
function adminRoutes(app: FastifyInstance) {
  const ClientOut = z.object({ clientId: z.string(), name: z.string(), redirectUris: z.array(z.string()), public: z.boolean(), createdAt: z.string() });
  route(app, {
    method: 'POST', url: '/api/admin/smart-clients', summary: 'Register a SMART app; the secret (confidential apps) is shown only in this answer', tags: ['smart'],
    access: ['admin'], policy: 'config.manage', status: 201,
    body: z.object({
      name: z.string().trim().min(1, 'enter the name patients will see').max(100),
      redirectUris: z.array(z.string().max(2000).refine((u) => checkRedirectUri(u) === null, 'use an absolute https address (http only for localhost), without #')).min(1).max(10),
      public: z.boolean().default(false),
    }),
    response: z.object({ clientId: z.string(), clientSecret: z.string().optional() }),
    handler: async (c) => {
      const created = await addClient(c.db, c.body.name, c.body.redirectUris, c.body.public);
      await c.db.tx((q) => audit(q, { actor: c.actor, action: 'create', resourceType: 'SmartClient', resourceId: created.clientId, ip: c.ip, detail: { name: c.body.name } }));
      return created;
    },
  });
  route(app, {
    method: 'GET', url: '/api/admin/smart-clients', summary: 'Registered SMART apps', tags: ['smart'], access: ['admin'], policy: 'config.manage',
    response: z.object({ clients: z.array(ClientOut) }),
    handler: async (c) => ({ clients: await listClients(c.db) }),
  });
}

/** This server's address as the request reached it (oidc-provider builds its endpoint URLs the same way). */
function requestBase(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
