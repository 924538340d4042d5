import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { audit } from '../../platform/audit/audit';
import { notFound } from '../../platform/errors';

// Secure record links ("send my record"), seen from the patient's side: every link to my record — mine and those a proxy
// made under a grant — with its state, and a way to stop each one. A proxy's link belongs to its grant (migration 012)
// and stops working when the grant is taken back.

const ShareLinkOut = z.object({
  id: z.string(),
  /** "you" when the patient made it; otherwise the name of the proxy who made it. */
  createdBy: z.string(),
  byProxy: z.boolean(),
  sentTo: z.string(),
  format: z.enum(['summary', 'fhir']),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['active', 'expired', 'revoked']),
  timesOpened: z.number(),
  lastOpenedAt: z.string().nullable(),
});
type LinkRow = {
  id: string; created_by: string; creator_name: string; creator_patient_id: string | null; proxy_grant_id: string | null; to_address: string;
  format: 'summary' | 'fhir'; created_at: Date; expires_at: Date; revoked_at: Date | null; use_count: number; last_used_at: Date | null; active: boolean;
};
const present = (r: LinkRow, patientId: string): z.infer<typeof ShareLinkOut> => ({
  id: r.id, createdBy: r.creator_patient_id === patientId ? 'you' : r.creator_name, byProxy: r.proxy_grant_id !== null,
  sentTo: r.to_address, format: r.format, createdAt: new Date(r.created_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString(),
  status: r.revoked_at ? 'revoked' : r.active ? 'active' : 'expired', timesOpened: r.use_count,
  lastOpenedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
});

export function shareLinkRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/proxy/share-links', tags: ['proxy'], policy: 'proxy.manage',
    summary: 'Secure links to my record (made by me or by someone with proxy access), newest first, with whether each still works',
    response: z.object({ links: z.array(ShareLinkOut) }),
    handler: async ({ actor, db }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      if (!own) throw notFound('Your health record');
      const rows = await db.query<LinkRow>(
        `select l.id, l.created_by, u.display_name as creator_name, u.patient_id as creator_patient_id, l.proxy_grant_id, l.to_address, l.format,
                l.created_at, l.expires_at, l.revoked_at, l.use_count, l.last_used_at, (l.expires_at > now() and l.revoked_at is null) as active
           from record_share_link l join app_user u on u.id = l.created_by
          where l.patient_id = $1 order by l.created_at desc limit 200`, [own]);
      return { links: rows.map((r) => present(r, own)) };
    },
  });

  route(app, {
    method: 'DELETE', url: '/api/proxy/share-links/:linkId', tags: ['proxy'], policy: 'proxy.manage', status: 204,
    summary: 'Stop one secure link to my record from working (safe to repeat)',
    params: z.object({ linkId: z.uuid() }),
    handler: async ({ actor, db, ip, params }) => {
      const own = actor.ownPatientId ?? actor.patientId;
      await db.tx(async (q) => {
        const [l] = await q.query<{ revoked_at: Date | null }>('select revoked_at from record_share_link where id = $1 and patient_id = $2 for update',
          [params.linkId, own]);
        if (!l) throw notFound('This link');
        if (l.revoked_at) return;
        await q.query('update record_share_link set revoked_at = now(), revoked_by = $2, expires_at = least(expires_at, now()) where id = $1',
          [params.linkId, actor.userId]);
        await audit(q, { actor, patientId: own, action: 'revoke', resourceType: 'ShareLink', resourceId: params.linkId, ip });
      });
    },
  });
}
