import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';

const Grant = z.object({
  id: z.string(), patientId: z.string(), patientName: z.string(), granteeName: z.string(), granteeEmail: z.string().optional(),
  relationship: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(),
});
type Row = { id: string; patient_id: string; patient_name: string; grantee_name: string; grantee_email: string; relationship: string; created_at: Date; expires_at: Date | null };
const present = (r: Row, showEmail: boolean): z.infer<typeof Grant> => ({
  id: r.id, patientId: r.patient_id, patientName: r.patient_name, granteeName: r.grantee_name, ...(showEmail ? { granteeEmail: r.grantee_email } : {}),
  relationship: r.relationship, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at?.toISOString() ?? null,
});
const SELECT = `select g.id, g.patient_id, p.given_name || ' ' || p.family_name as patient_name, u.display_name as grantee_name,
  u.email as grantee_email, g.relationship, g.created_at, g.expires_at
  from proxy_grant g join patient p on p.id = g.patient_id join app_user u on u.id = g.grantee_user_id
  where g.revoked_at is null and (g.expires_at is null or g.expires_at > now())`;

/** Proxy access: who may see my record, whose records I may see, and switching between them. */
export function proxyRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/proxy', summary: 'Proxy access I gave and received, and whose record I am viewing', tags: ['proxy'], access: 'patient',
    response: z.object({ actingPatientId: z.string().nullable(), ownPatientId: z.string().nullable(), given: z.array(Grant), received: z.array(Grant) }),
    handler: async ({ actor, db }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      const given = await db.query<Row>(`${SELECT} and g.patient_id = $1 order by g.created_at`, [own]);
      const received = await db.query<Row>(`${SELECT} and g.grantee_user_id = $1 order by p.given_name`, [actor.userId]);
      return { actingPatientId: actor.patientId, ownPatientId: own ?? null, given: given.map((r) => present(r, true)), received: received.map((r) => present(r, false)) };
    },
  });

  route(app, {
    method: 'POST', url: '/api/proxy/grants', summary: 'Let another Portico user see and act on my record', tags: ['proxy'], access: 'patient', status: 201,
    body: z.object({ email: z.string().trim().email().max(254), relationship: z.string().trim().min(2).max(60), expiresAt: z.iso.date().optional() }),
    response: z.object({ grant: Grant }),
    handler: async ({ actor, body, db, ip }) => {
      if (actor.ownPatientId && actor.patientId !== actor.ownPatientId) throw badRequest('Switch back to your own record before sharing it.');
      const [u] = await db.query<{ id: string; org_id: string }>("select id, org_id from app_user where email = $1 and disabled = false", [body.email.toLowerCase()]);
      // Only an existing account in the same organization; "no such person" and "elsewhere" read the same.
      if (!u || u.org_id !== actor.orgId) throw notFound('A Portico account with that email');
      if (u.id === actor.userId) throw badRequest('You already have access to your own record.', 'email');
      const grant = await db.tx(async (q) => {
        const exists = await q.query('select 1 from proxy_grant where patient_id = $1 and grantee_user_id = $2 and revoked_at is null', [actor.patientId, u.id]);
        if (exists.length) throw conflict('This person already has access to your record.');
        const [g] = await q.query<{ id: string }>(
          'insert into proxy_grant (patient_id, grantee_user_id, relationship, granted_by, expires_at) values ($1,$2,$3,$4,$5) returning id',
          [actor.patientId, u.id, body.relationship, actor.userId, body.expiresAt ?? null]);
        await audit(q, { actor, patientId: actor.patientId, action: 'create', resourceType: 'ProxyGrant', resourceId: g.id, ip });
        return (await q.query<Row>(`${SELECT} and g.id = $1`, [g.id]))[0];
      });
      return { grant: present(grant, true) };
    },
  });

  route(app, {
    method: 'DELETE', url: '/api/proxy/grants/:grantId', summary: 'Take back proxy access (by the patient or by the proxy)', tags: ['proxy'], access: 'patient',
    params: z.object({ grantId: z.uuid() }),
    handler: async ({ actor, params, db, ip }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      await db.tx(async (q) => {
        const rows = await q.query<{ patient_id: string }>(
          `update proxy_grant set revoked_at = now() where id = $1 and revoked_at is null and (patient_id = $2 or grantee_user_id = $3) returning patient_id`,
          [params.grantId, own, actor.userId]);
        if (!rows.length) throw notFound('This access');
        await q.query('update user_session set acting_patient_id = null where acting_patient_id = $1', [rows[0].patient_id]);
        await audit(q, { actor, patientId: rows[0].patient_id, action: 'revoke', resourceType: 'ProxyGrant', resourceId: params.grantId, ip });
      });
    },
  });

  route(app, {
    method: 'POST', url: '/api/proxy/acting-as', summary: 'Switch this session to a record I have proxy access to (null = my own)', tags: ['proxy'], access: 'patient',
    body: z.object({ patientId: z.uuid().nullable() }), response: z.object({ actingPatientId: z.string().nullable() }),
    handler: async ({ actor, body, db, ip }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      const target = body.patientId === own ? null : body.patientId;
      if (target) {
        const ok = await db.query(`select 1 from proxy_grant g where g.patient_id = $1 and g.grantee_user_id = $2 and g.revoked_at is null
          and (g.expires_at is null or g.expires_at > now())`, [target, actor.userId]);
        if (!ok.length) throw notFound('This record');
      }
      await db.tx(async (q) => {
        await q.query('update user_session set acting_patient_id = $1 where id = $2', [target, actor.sessionId]);
        await audit(q, { actor, patientId: target ?? own, action: 'switch-record', resourceType: 'Session', ip, detail: { proxy: target !== null } });
      });
      return { actingPatientId: target ?? own };
    },
  });
}
