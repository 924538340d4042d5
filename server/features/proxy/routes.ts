import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { audit } from '../../platform/audit/audit';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { announceGrantRevoked } from '../../platform/auth/session-events';
import { shareLinkRoutes } from './share-links';

const Grant = z.object({
  id: z.string(), patientId: z.string(), patientName: z.string(), granteeName: z.string(), granteeEmail: z.string().optional(),
  relationship: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(),
});
type Row = {
  id: string; patient_id: string; patient_name: string; grantee_name: string | null; invited_email: string; relationship: string;
  created_at: Date; expires_at: Date | null;
};
/**
 * The patient who gave access sees the email they typed, never the name on the account behind it (an invitation must not
 * tell them whether that email belongs to a patient). The person who received access sees the patient's name.
 */
const presentGiven = (r: Row): z.infer<typeof Grant> => ({
  id: r.id, patientId: r.patient_id, patientName: r.patient_name, granteeName: r.invited_email, granteeEmail: r.invited_email,
  relationship: r.relationship, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at?.toISOString() ?? null,
});
const presentReceived = (r: Row): z.infer<typeof Grant> => ({
  id: r.id, patientId: r.patient_id, patientName: r.patient_name, granteeName: r.grantee_name ?? r.invited_email,
  relationship: r.relationship, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at?.toISOString() ?? null,
});
const SELECT = `select g.id, g.patient_id, p.given_name || ' ' || p.family_name as patient_name, u.display_name as grantee_name,
  coalesce(g.invited_email, u.email) as invited_email, g.relationship, g.created_at, g.expires_at
  from proxy_grant g join patient p on p.id = g.patient_id left join app_user u on u.id = g.grantee_user_id
  where g.revoked_at is null and (g.expires_at is null or g.expires_at > now())`;

/** Proxy access: who may see my record, whose records I may see, and switching between them. */
export function proxyRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/proxy', summary: 'Proxy access I gave and received, and whose record I am viewing', tags: ['proxy'], policy: 'proxy.manage',
    response: z.object({ actingPatientId: z.string().nullable(), ownPatientId: z.string().nullable(), given: z.array(Grant), received: z.array(Grant) }),
    handler: async ({ actor, db }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      const given = await db.query<Row>(`${SELECT} and g.patient_id = $1 order by g.created_at`, [own]);
      const received = await db.query<Row>(`${SELECT} and g.grantee_user_id = $1 order by p.given_name`, [actor.userId]);
      return { actingPatientId: actor.patientId, ownPatientId: own ?? null, given: given.map(presentGiven), received: received.map(presentReceived) };
    },
  });

  route(app, {
    method: 'POST', url: '/api/proxy/grants', tags: ['proxy'], policy: 'proxy.manage', status: 201,
    summary: 'Give someone access to my record by their email. The answer is the same whether or not the email has a Portico patient account; '
      + 'access starts only for a patient account in my clinic (never a staff account)',
    body: z.object({ email: z.string().trim().email().max(254), relationship: z.string().trim().min(2).max(60), expiresAt: z.iso.date().optional() }),
    response: z.object({ grant: Grant }),
    handler: async ({ actor, body, db, ip }) => {
      if (actor.ownPatientId && actor.patientId !== actor.ownPatientId) throw badRequest('Switch back to your own record before sharing it.');
      const email = body.email.toLowerCase();
      if (email === actor.email.toLowerCase()) throw badRequest('You already have access to your own record.', 'email');
      // Linked only to an active patient account of the same organization that is not this patient's own; otherwise the
      // grant is kept (and answered) the same way but gives no access. Staff accounts are never made proxies.
      const [u] = await db.query<{ id: string }>(
        `select id from app_user where email = $1 and disabled = false and role = 'patient' and org_id = $2 and patient_id <> $3`,
        [email, actor.orgId, actor.patientId]);
      const grant = await db.tx(async (q) => {
        const exists = await q.query('select 1 from proxy_grant where patient_id = $1 and invited_email = $2 and revoked_at is null', [actor.patientId, email]);
        if (exists.length) throw conflict('You already gave access to this email. Take it back first to change it.');
        const [g] = await q.query<{ id: string }>(
          `insert into proxy_grant (patient_id, grantee_user_id, invited_email, relationship, granted_by, expires_at)
           values ($1,$2,$3,$4,$5,$6) returning id`,
          [actor.patientId, u?.id ?? null, email, body.relationship, actor.userId, body.expiresAt ?? null]);
        // The same notice to any address: no name, no health details.
        await q.query('insert into outbox_email (to_address, subject, body, dedupe_key) values ($1,$2,$3,$4)',
          [email, 'Someone shared access to their Portico health record with you',
            'A Portico user has given you access to their health record. If you have a Portico account with this email, sign in and choose '
            + '"Switch record" to see it. If you do not have an account, call the clinic. If you did not expect this, you can ignore this email.',
            `proxy-grant:${g.id}`]);
        await audit(q, { actor, patientId: actor.patientId, action: 'create', resourceType: 'ProxyGrant', resourceId: g.id, ip });
        return (await q.query<Row>(`${SELECT} and g.id = $1`, [g.id]))[0];
      });
      return { grant: presentGiven(grant) };
    },
  });

  route(app, {
    method: 'DELETE', url: '/api/proxy/grants/:grantId', tags: ['proxy'], policy: 'proxy.manage',
    summary: 'Take back proxy access (by the patient or by the proxy); secure links the proxy made stop working and their open live updates end',
    params: z.object({ grantId: z.uuid() }),
    handler: async ({ actor, params, db, ip }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      const g = await db.tx(async (q) => {
        const rows = await q.query<{ patient_id: string; grantee_user_id: string | null }>(
          `update proxy_grant set revoked_at = now() where id = $1 and revoked_at is null and (patient_id = $2 or grantee_user_id = $3)
           returning patient_id, grantee_user_id`,
          [params.grantId, own, actor.userId]);
        if (!rows.length) throw notFound('This access');
        const r = rows[0];
        if (r.grantee_user_id)
          await q.query('update user_session set acting_patient_id = null where acting_patient_id = $1 and user_id = $2', [r.patient_id, r.grantee_user_id]);
        const links = await q.query<{ id: string }>(
          `update record_share_link set revoked_at = now(), revoked_by = $2, expires_at = least(expires_at, now())
            where proxy_grant_id = $1 and revoked_at is null returning id`, [params.grantId, actor.userId]);
        await audit(q, { actor, patientId: r.patient_id, action: 'revoke', resourceType: 'ProxyGrant', resourceId: params.grantId, ip,
          detail: { linksRevoked: links.length } });
        return r;
      });
      announceGrantRevoked({ patientId: g.patient_id, granteeUserId: g.grantee_user_id });
    },
  });

  route(app, {
    method: 'POST', url: '/api/proxy/acting-as', summary: 'Switch this session to a record I have proxy access to (null = my own)', tags: ['proxy'], policy: 'proxy.manage',
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

  shareLinkRoutes(app);
}
