import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { auditRead } from '../../platform/audit/audit';
import { attentionProviders } from './attention';

const Item = z.object({ kind: z.string(), title: z.string(), detail: z.string().optional(), href: z.string(), priority: z.enum(['high', 'normal']) });

export function homeRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/home', summary: 'What needs my attention (patient or staff home page)', tags: ['home'], policy: 'home.read',
    response: z.object({
      greetingName: z.string(),
      items: z.array(Item),
      clinic: z.object({ name: z.string(), phoneMain: z.string().nullable(), phoneNurseLine: z.string().nullable(), phoneAfterHours: z.string().nullable() }).nullable(),
    }),
    handler: async ({ actor, db, ip }) => {
      const lists = await Promise.all(attentionProviders.map((p) => p(db, actor)));
      const items = lists.flat().sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1));
      const clinicRows = await db.query<{ name: string; phone_main: string | null; phone_nurse_line: string | null; phone_after_hours: string | null }>(
        actor.patientId
          ? 'select c.* from clinic c join patient p on p.primary_clinic_id = c.id where p.id = $1'
          : 'select c.* from clinic c where c.org_id = $1 order by c.name limit 1',
        [actor.patientId ?? actor.orgId]);
      if (actor.patientId) await auditRead(db, { actor, patientId: actor.patientId, action: 'read', resourceType: 'Home', ip });
      const c = clinicRows[0];
      return {
        greetingName: actor.displayName.split(',')[0].split(' ')[0],
        items,
        clinic: c ? { name: c.name, phoneMain: c.phone_main, phoneNurseLine: c.phone_nurse_line, phoneAfterHours: c.phone_after_hours } : null,
      };
    },
  });
}
