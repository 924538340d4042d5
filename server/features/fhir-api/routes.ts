import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/errors';
import { auditFhirRead, fhirReader, scopeAllows, type FhirReader } from './access';
import { capabilityStatement } from './capability';
import { oauthEndpoints } from './smart-adapter';
import { ALL_TYPES, clinicalResource, PARTY_TYPES, resolveReferences, type Json } from './mapping';
import { FhirError, operationOutcome } from './outcome';
import {
  INCLUDES, isClinical, patientMatches, readClinical, readParty, readPatient, searchClinical, searchParties, type Scope,
} from './search';

/**
 * The FHIR R4 API at /fhir/R4 (US Core 6.1, read-only): a Fastify plugin outside /api with its own content type
 * (application/fhir+json), its own error and not-found handlers (OperationOutcome, never the web page), and CORS for apps.
 */

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const DEFAULT_COUNT = 50;
const MAX_COUNT = 200;
const CONTROL = new Set(['_count', '_offset', '_sort', '_include', '_revinclude', '_format', '_summary', '_elements', '_total']);

const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.host}/fhir/R4`;
const send = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).type(FHIR_JSON).header('cache-control', 'no-store').send(JSON.stringify(body));

function checkFormat(req: FastifyRequest) {
  const format = new URL(req.url, 'http://x').searchParams.get('_format');
  const accept = req.headers.accept ?? '';
  const wantsXml = (format && /xml/i.test(format)) || (/xml/i.test(accept) && !/json|\*\/\*/i.test(accept));
  if (wantsXml) throw new FhirError(406, 'not-supported', 'This server speaks JSON only (application/fhir+json).');
}

function allow(reader: FhirReader, type: string, op: 'r' | 's') {
  if (reader.app && !scopeAllows(reader.app.scopes, type, op))
    throw new FhirError(403, 'forbidden', `This app was not given permission to ${op === 'r' ? 'read' : 'search'} ${type}.`);
}

async function readAny(req: FastifyRequest, scope: Scope, type: string, id: string): Promise<Json | null> {
  const db = req.server.db;
  if (type === 'Patient') return id === scope.patientId ? readPatient(db, scope) : null;
  if (isClinical(type)) return readClinical(db, scope, type, id);
  if ((PARTY_TYPES as readonly string[]).includes(type)) return readParty(db, scope, type as 'Practitioner', id);
  return null;
}

/** For the API, a document's content is a link to /Binary/<id> rather than inline data. */
function linkContent(base: string, r: Json) {
  if (r.resourceType !== 'DocumentReference') return;
  for (const c of r.content ?? []) {
    const a = c.attachment;
    if (a?.data) {
      a.url = `${base}/Binary/${r.id}`;
      delete a.data;
    }
  }
}

async function finish(req: FastifyRequest, scope: Scope, resources: Json[]) {
  await resolveReferences(req.server.db, scope, resources);
  for (const r of resources) linkContent(baseOf(req), r);
}

const path = (node: unknown, parts: string[]): Json[] => {
  if (Array.isArray(node)) return node.flatMap((n) => path(n, parts));
  if (!node || typeof node !== 'object') return [];
  if (!parts.length) return [node as Json];
  return path((node as Json)[parts[0]], parts.slice(1));
};

export function fhirApiRoutes(app: FastifyInstance) {
  // Anything under /fhir that is not R4 answers as FHIR too (never the web page).
  void app.register(async (outer) => {
    outer.setNotFoundHandler((req, reply) => send(reply, 404, operationOutcome('not-found', `No such FHIR address: ${req.url.split('?')[0]}. The FHIR R4 API is at /fhir/R4.`)));
    await outer.register(async (fhir) => r4(fhir, app), { prefix: '/R4' });
  }, { prefix: '/fhir' });
}

async function r4(fhir: FastifyInstance, root: FastifyInstance) {
  fhir.addHook('onRequest', async (req, reply) => {
    // Apps in a browser call the API from their own origin with a bearer token; cookies are never honoured cross-site
    // (a wildcard origin forbids credentials).
    reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'location, content-location, www-authenticate');
  });
  fhir.setErrorHandler((err, req, reply) => {
    if (err instanceof FhirError) {
      if (err.status === 401) reply.header('www-authenticate', 'Bearer realm="fhir", error="invalid_token"');
      return send(reply, err.status, operationOutcome(err.issue, err.message, err.expression));
    }
    if (err instanceof HttpError) return send(reply, err.status, operationOutcome(err.status === 404 ? 'not-found' : 'processing', err.message));
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return send(reply, status, operationOutcome('invalid', (err as Error).message));
    req.log.error({ err: { type: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack } }, 'fhir request failed');
    return send(reply, 500, operationOutcome('exception', 'Something went wrong on our side. Please try again.'));
  });
  fhir.setNotFoundHandler((req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(reply, 405, operationOutcome('not-supported', `This FHIR server is read-only: ${req.method} is not supported.`));
    return send(reply, 404, operationOutcome('not-found', `No such FHIR address: ${req.url.split('?')[0]}`));
  });
  fhir.options('/*', async (_req, reply) => {
    reply.code(204).header('access-control-allow-methods', 'GET, OPTIONS').header('access-control-allow-headers', 'authorization, accept, content-type')
      .header('access-control-max-age', '600').send();
  });

  fhir.get('/metadata', async (req, reply) => {
    checkFormat(req);
    return send(reply, 200, capabilityStatement(baseOf(req), oauthEndpoints(root, `${req.protocol}://${req.host}`)));
  });

  fhir.get('/Binary/:id', async (req, reply) => {
    checkFormat(req);
    const reader = await fhirReader(root, req, req.server.db, req.server.config);
    allow(reader, 'DocumentReference', 'r');
    const { id } = req.params as { id: string };
    const [doc] = /^[0-9a-f-]{36}$/i.test(id)
      ? await req.server.db.query<{ content_type: string | null; data: string | null }>('select content_type, data from document_reference where patient_id = $1 and id = $2', [reader.patientId, id])
      : [];
    if (!doc?.data) throw new FhirError(404, 'not-found', `Binary/${id} is not known here.`);
    await auditFhirRead(req.server.db, reader, 'Binary', req.ip, id);
    if (/fhir\+json/.test(req.headers.accept ?? ''))
      return send(reply, 200, { resourceType: 'Binary', id, contentType: doc.content_type ?? 'application/octet-stream', data: doc.data });
    return reply.type(doc.content_type ?? 'application/octet-stream').header('cache-control', 'no-store').header('content-disposition', 'attachment')
      .send(Buffer.from(doc.data, 'base64'));
  });

  fhir.get('/:type/:id', async (req, reply) => {
    checkFormat(req);
    const { type, id } = req.params as { type: string; id: string };
    if (!(ALL_TYPES as string[]).includes(type)) throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported by this server.`);
    const reader = await fhirReader(root, req, req.server.db, req.server.config);
    allow(reader, type, 'r');
    const scope = { patientId: reader.patientId, orgId: reader.orgId };
    const res = await readAny(req, scope, type, id);
    if (!res) throw new FhirError(404, 'not-found', `${type}/${id} is not known here.`);
    await finish(req, scope, [res]);
    await auditFhirRead(req.server.db, reader, type, req.ip, id);
    return send(reply, 200, res);
  });

  fhir.get('/:type', async (req, reply) => {
    checkFormat(req);
    const { type } = req.params as { type: string };
    if (!(ALL_TYPES as string[]).includes(type)) throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported by this server.`);
    const reader = await fhirReader(root, req, req.server.db, req.server.config);
    allow(reader, type, 's');
    const scope = { patientId: reader.patientId, orgId: reader.orgId };
    const url = new URL(req.url, 'http://x');
    const all = [...url.searchParams.entries()];
    const params = all.filter(([k]) => !CONTROL.has(k));
    const countRaw = url.searchParams.get('_count');
    const count = countRaw === null ? DEFAULT_COUNT : Number(countRaw);
    if (!Number.isInteger(count) || count < 0) throw new FhirError(400, 'invalid', '_count must be a whole number of 0 or more.', '_count');
    const offsetRaw = url.searchParams.get('_offset') ?? '0';
    const offset = Number(offsetRaw);
    if (!Number.isInteger(offset) || offset < 0) throw new FhirError(400, 'invalid', '_offset must be a whole number of 0 or more.', '_offset');
    const sort = url.searchParams.get('_sort') ?? undefined;
    if (sort && !['date', '-date'].includes(sort)) throw new FhirError(400, 'not-supported', `_sort=${sort} is not supported; use date or -date.`, '_sort');
    const page = { count: Math.min(count, MAX_COUNT), offset, sort };

    let total: number;
    let matches: Json[];
    if (type === 'Patient') {
      const p = await readPatient(req.server.db, scope);
      const hit = patientMatches(p, params);
      total = hit ? 1 : 0;
      matches = hit && offset === 0 && page.count > 0 ? [p] : [];
    } else if (isClinical(type)) {
      const found = await searchClinical(req.server.db, scope, type, params, page);
      total = found.total;
      matches = found.rows.map((r) => clinicalResource(type, r, scope.patientId));
    } else {
      const found = await searchParties(req.server.db, scope, type as 'Practitioner', params, page);
      total = found.total;
      matches = found.rows;
    }
    await resolveReferences(req.server.db, scope, matches);

    // _include: the resources the matches point at, along the elements each parameter names.
    const included: Json[] = [];
    const seen = new Set(matches.map((m) => `${m.resourceType}/${m.id}`));
    for (const inc of url.searchParams.getAll('_include')) {
      const [src, param, target] = inc.split(':');
      if (src !== type && src !== '*') continue;
      const elements = param === '*' ? Object.values(INCLUDES[type] ?? {}).flat() : INCLUDES[type]?.[param] ?? [];
      const refs = new Set<string>();
      for (const m of matches) for (const el of elements) for (const r of path(m, el.split('.'))) if (typeof r.reference === 'string') refs.add(r.reference);
      for (const ref of refs) {
        const [t, id] = ref.split('/');
        if ((target && t !== target) || seen.has(ref)) continue;
        if (reader.app && !scopeAllows(reader.app.scopes, t, 'r')) continue;
        const res = await readAny(req, scope, t, id);
        if (res) { seen.add(ref); included.push(res); }
      }
    }
    await finish(req, scope, included);
    for (const m of matches) linkContent(baseOf(req), m);

    const base = baseOf(req);
    const self = new URL(`${base}/${type}`);
    for (const [k, v] of all) if (k !== '_offset') self.searchParams.append(k, v);
    const at = (o: number) => { const u = new URL(self); u.searchParams.set('_offset', String(o)); return u.toString(); };
    const links = [{ relation: 'self', url: offset ? at(offset) : self.toString() }];
    if (page.count > 0 && offset + page.count < total) links.push({ relation: 'next', url: at(offset + page.count) });
    if (offset > 0) links.push({ relation: 'previous', url: at(Math.max(0, offset - Math.max(page.count, 1))) });
    await auditFhirRead(req.server.db, reader, type, req.ip);
    return send(reply, 200, {
      resourceType: 'Bundle', type: 'searchset', total, link: links,
      entry: [
        ...matches.map((r) => ({ fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } })),
        ...included.map((r) => ({ fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'include' } })),
      ],
    });
  });
}
