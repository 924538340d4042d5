import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { ownPatientId } from '../../platform/access/scope';
import * as ins from './insurance';

const Coverage = z.object({
  id: z.string(), payer: z.string(), planName: z.string().nullable(), memberId: z.string().nullable(), groupId: z.string().nullable(),
  subscriberName: z.string().nullable(), relationship: z.string().nullable(), startDate: z.string().nullable(), endDate: z.string().nullable(),
  copays: z.string().nullable(), status: z.string(), source: z.string(),
});
const Card = z.object({ id: z.string(), side: z.enum(['front', 'back']), contentType: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string(), url: z.string() });
const Request = z.object({
  id: z.string(), payer: z.string(), planName: z.string().nullable(), memberId: z.string(), groupId: z.string().nullable(),
  subscriberName: z.string().nullable(), relationship: z.string().nullable(), startDate: z.string().nullable(), note: z.string().nullable(),
  status: z.enum(['submitted', 'done']), statusText: z.string(), submittedAt: z.string(), handledAt: z.string().nullable(),
  patientName: z.string().optional(), patientId: z.string().optional(),
});
const Insurance = z.object({ coverages: z.array(Coverage), cards: z.array(Card), requests: z.array(Request) });
const text = (max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(max).optional());
const FRONT_DESK = ['front_desk', 'billing', 'admin'] as ('front_desk' | 'billing' | 'admin')[];

export function insuranceRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/insurance', summary: 'My insurance: coverage, card pictures and update requests', tags: ['insurance'],
    policy: 'insurance.read:own', response: Insurance,
    handler: ({ db, actor, ip }) => ins.insuranceOf(db, actor, ownPatientId(actor), ip),
  });

  route(app, {
    method: 'GET', url: '/api/patients/:patientId/insurance', summary: "A patient's insurance (front desk and billing)", tags: ['insurance'],
    policy: 'insurance.process', params: z.object({ patientId: z.string() }), response: Insurance,
    handler: ({ db, actor, params, ip }) => ins.insuranceOf(db, actor, params.patientId, ip),
  });

  route(app, {
    method: 'POST', url: '/api/insurance/cards', summary: 'Upload the front or back of my insurance card (JPEG, PNG, WebP or PDF, base64; type checked by content)',
    tags: ['insurance'], policy: 'insurance.write', status: 201,
    body: z.object({ side: z.enum(['front', 'back']), dataBase64: z.string().min(8).max(Math.ceil((ins.MAX_CARD_BYTES * 4) / 3) + 100) }),
    response: z.object({ card: Card }),
    handler: ({ db, actor, body, ip }) => ins.uploadCard(db, actor, ownPatientId(actor), body.side, body.dataBase64, ip),
  });

  route(app, {
    method: 'GET', url: '/api/insurance/cards/:cardId', summary: 'An insurance card picture', tags: ['insurance'],
    policy: 'insurance.read', params: z.object({ cardId: z.string() }), raw: { responseContentType: 'image/*' },
    handler: async ({ db, actor, params, ip, reply }) => {
      const f = await ins.downloadCard(db, actor, params.cardId, ip);
      reply.header('content-type', f.contentType).header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="${f.fileName}"`);
      return f.data;
    },
  });

  route(app, {
    method: 'POST', url: '/api/insurance/update-requests', summary: 'Update my insurance: a request the front desk processes', tags: ['insurance'],
    policy: 'insurance.write', status: 201,
    body: z.object({
      payer: z.string().trim().min(1, 'Enter the name of your insurance company').max(120), planName: text(120),
      memberId: z.string().trim().min(1, 'Enter your member ID from the card').max(60), groupId: text(60), subscriberName: text(120),
      relationship: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['self', 'spouse', 'child', 'other']).optional()),
      startDate: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the date picker').optional()),
      note: text(1000),
    }),
    response: z.object({ request: Request }),
    handler: ({ db, actor, body, ip }) => ins.requestUpdate(db, actor, ownPatientId(actor), body, ip),
  });

  route(app, {
    method: 'GET', url: '/api/insurance/staff/update-requests', summary: 'Insurance updates waiting for the front desk (my organization)', tags: ['insurance'],
    policy: 'insurance.process', response: z.object({ requests: z.array(Request) }),
    handler: ({ db, actor, ip }) => ins.openRequests(db, actor, ip),
  });

  route(app, {
    method: 'POST', url: '/api/insurance/staff/update-requests/:requestId/done', summary: 'Mark an insurance update as entered', tags: ['insurance'],
    policy: 'insurance.process', params: z.object({ requestId: z.string() }), response: z.object({ request: Request }),
    handler: ({ db, actor, params, ip }) => ins.markDone(db, actor, params.requestId, ip),
  });
}
