import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit, auditRead } from '../../platform/audit/audit';
import { notFound } from '../../platform/errors';
import { route } from '../../platform/http/route';
import { downloadAttachment, uploadAttachment } from './attachments';
import { draftStoreKey, findThread, isUuid } from './repository';
import { DraftIn, Id, UploadIn } from './schemas';
import { cancelFollowUp, createFollowUp, FollowUpIn, FollowUpOut, listFollowUps, searchHistory, SearchHit } from './history';

// Drafts, files, chart history search, provider instructions and follow-up requests.

const DraftOut = z.object({
  key: z.string(), subject: z.string(), body: z.string(), category: z.string().nullable(), clinicId: z.string().nullable(),
  providerId: z.string().nullable(), updatedAt: z.string(),
});
type DraftRow = { draft_key: string; subject: string; body: string; category_code: string | null; clinic_id: string | null; provider_id: string | null; updated_at: Date };
const presentDraft = (d: DraftRow, key: string): z.infer<typeof DraftOut> => ({
  key, subject: d.subject, body: d.body, category: d.category_code, clinicId: d.clinic_id, providerId: d.provider_id,
  updatedAt: new Date(d.updated_at).toISOString(),
});
const DraftKey = z.object({ key: z.string().max(40) });

export function messagingExtraRoutes(app: FastifyInstance) {
  // A draft is keyed 'new' (the composer) or by a conversation the person can reach (a reply).
  const checkKey = async (db: Parameters<typeof findThread>[0], actor: Parameters<typeof findThread>[1], key: string) => {
    if (key === 'new') return null;
    const t = isUuid(key) ? await findThread(db, actor, key) : null;
    if (!t) throw notFound('This conversation');
    return t.id;
  };

  route(app, {
    method: 'GET', url: '/api/drafts/:key', summary: 'My saved draft (composer: key "new"; reply: the conversation id)', tags: ['messaging'],
    policy: 'draft.own', params: DraftKey, response: z.object({ draft: DraftOut.nullable() }),
    handler: async ({ actor, db, ip, params }) => {
      const threadId = await checkKey(db, actor, params.key);
      const [d] = await db.query<DraftRow>('select * from msg_draft where user_id = $1 and draft_key = $2', [actor.userId, draftStoreKey(actor, params.key)]);
      // A draft holds what someone is writing about a patient: reading it back is a read of health data.
      if (d) {
        const patientId = threadId ? (await findThread(db, actor, threadId))?.patient_id ?? null : actor.patientId;
        await auditRead(db, { actor, patientId, action: 'read', resourceType: 'MessageDraft', resourceId: threadId, ip });
      }
      return { draft: d ? presentDraft(d, params.key) : null };
    },
  });

  route(app, {
    method: 'PUT', url: '/api/drafts/:key', summary: 'Save my draft as I type (last write wins)', tags: ['messaging'],
    policy: 'draft.own', params: DraftKey, body: DraftIn, response: z.object({ draft: DraftOut }),
    handler: async ({ actor, db, params, body }) => {
      const threadId = await checkKey(db, actor, params.key);
      const [d] = await db.query<DraftRow>(
        `insert into msg_draft (user_id, draft_key, thread_id, category_code, clinic_id, provider_id, subject, body, updated_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8, now())
         on conflict (user_id, draft_key) do update set category_code = excluded.category_code, clinic_id = excluded.clinic_id,
           provider_id = excluded.provider_id, subject = excluded.subject, body = excluded.body, updated_at = now()
         returning *`,
        [actor.userId, draftStoreKey(actor, params.key), threadId, body.category ?? null, body.clinicId && isUuid(body.clinicId) ? body.clinicId : null,
          body.providerId && isUuid(body.providerId) ? body.providerId : null, body.subject, body.body]);
      return { draft: presentDraft(d, params.key) };
    },
  });

  route(app, {
    method: 'DELETE', url: '/api/drafts/:key', summary: 'Throw away my draft', tags: ['messaging'], policy: 'draft.own', params: DraftKey, status: 204,
    handler: async ({ actor, db, params }) => {
      await db.query('delete from msg_draft where user_id = $1 and draft_key = $2', [actor.userId, draftStoreKey(actor, params.key)]);
    },
  });

  route(app, {
    method: 'POST', url: '/api/attachments', summary: 'Upload a file (PDF, JPEG or PNG, base64) to attach to my next message', tags: ['messaging'],
    policy: 'conversation.attachment', body: UploadIn, status: 201,
    response: z.object({ attachment: z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), url: z.string() }) }),
    handler: async ({ actor, db, ip, body }) => ({ attachment: await uploadAttachment(db, actor, ip, body) }),
  });

  route(app, {
    method: 'GET', url: '/api/attachments/:id', summary: 'Download a file from a conversation I can read', tags: ['messaging'],
    policy: 'conversation.attachment', params: Id, raw: { responseContentType: 'application/octet-stream' },
    handler: async ({ actor, db, ip, params, reply }) => {
      const f = await downloadAttachment(db, actor, ip, params.id);
      reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`).header('cache-control', 'private, no-store');
      return reply.send(f.data);
    },
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId/messages', summary: "Search a patient's full message history (clinicians: chart view; patients: their own)", tags: ['messaging'],
    policy: 'message.search', params: z.object({ patientId: z.string() }),
    query: z.object({ q: z.string().trim().max(200).default(''), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ results: z.array(SearchHit) }),
    handler: async ({ actor, db, ip, params, query }) => {
      const results = await searchHistory(db, actor, params.patientId, query.q, query.limit);
      await auditRead(db, { actor, patientId: params.patientId, action: 'search', resourceType: 'Message', ip, detail: { results: results.length } });
      return { results };
    },
  });

  route(app, {
    method: 'GET', url: '/api/messaging/instructions', summary: 'My messaging instructions for patients (clinicians)', tags: ['messaging'],
    policy: 'instructions.manage', response: z.object({ instructions: z.string().nullable() }),
    handler: async ({ actor, db }) => {
      const [r] = await db.query<{ body: string }>('select body from msg_provider_instruction where user_id = $1', [actor.userId]);
      return { instructions: r?.body ?? null };
    },
  });

  route(app, {
    method: 'PUT', url: '/api/messaging/instructions', summary: 'Write what patients should use messaging for with me (shown in the composer)', tags: ['messaging'],
    policy: 'instructions.manage', body: z.object({ instructions: z.string().max(1000) }), response: z.object({ instructions: z.string().nullable() }),
    handler: async ({ actor, db, ip, body }) => {
      const text = body.instructions.trim();
      await db.tx(async (q) => {
        if (text) await q.query(`insert into msg_provider_instruction (user_id, body) values ($1,$2)
          on conflict (user_id) do update set body = excluded.body, updated_at = now()`, [actor.userId, text]);
        else await q.query('delete from msg_provider_instruction where user_id = $1', [actor.userId]);
        await audit(q, { actor, action: 'update', resourceType: 'MessagingInstructions', resourceId: actor.userId, ip });
      });
      return { instructions: text || null };
    },
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId/follow-ups', summary: 'Requests from the care team to send a message (e.g. glucose readings)', tags: ['messaging'],
    policy: 'followup.read', params: z.object({ patientId: z.string() }), response: z.object({ followUps: z.array(FollowUpOut) }),
    handler: async ({ actor, db, ip, params }) => {
      const followUps = await listFollowUps(db, actor, params.patientId);
      await auditRead(db, { actor, patientId: params.patientId, action: 'read', resourceType: 'MessageFollowUp', ip, detail: { results: followUps.length } });
      return { followUps };
    },
  });

  route(app, {
    method: 'POST', url: '/api/patients/:patientId/follow-ups', summary: 'Ask the patient to message by a date (clinicians)', tags: ['messaging'],
    policy: 'followup.manage', params: z.object({ patientId: z.string() }), body: FollowUpIn, status: 201, response: z.object({ followUp: FollowUpOut }),
    handler: async ({ actor, db, ip, config, params, body }) => ({ followUp: await createFollowUp(db, actor, ip, config.publicUrl, params.patientId, body) }),
  });

  route(app, {
    method: 'POST', url: '/api/follow-ups/:id/cancel', summary: 'Cancel a follow-up request (clinicians)', tags: ['messaging'],
    policy: 'followup.manage', params: Id, status: 204,
    handler: async ({ actor, db, ip, params }) => {
      if (!(await cancelFollowUp(db, actor, ip, params.id))) throw notFound('This follow-up request');
    },
  });
}
