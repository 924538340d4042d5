import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { AccountOut, ChargeOut, PaymentOut, PlanOut, StatementSummaryOut } from './presenters';
import * as svc from './service';
import { insuranceRoutes } from './insurance-routes';
import { billingStaffRoutes } from './staff-routes';
import { askBillingQuestion } from './question';

const cents = z.number().int();

export function billingRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/billing', summary: 'My billing: accounts, balance, statement history and recent payments', tags: ['billing'],
    policy: 'billing.read:own',
    response: z.object({ accounts: z.array(AccountOut), balanceCents: cents, statements: z.array(StatementSummaryOut), payments: z.array(PaymentOut) }),
    handler: ({ db, actor, ip }) => svc.billingSummary(db, actor, ip),
  });

  route(app, {
    method: 'GET', url: '/api/billing/statements/:statementId', summary: 'One statement with its charges, payments and payment plan', tags: ['billing'],
    policy: 'billing.read', params: z.object({ statementId: z.string() }),
    response: z.object({
      statement: StatementSummaryOut, charges: z.array(ChargeOut),
      totals: z.object({ billedCents: cents, insurancePaidCents: cents, adjustmentCents: cents, patientResponsibilityCents: cents }),
      payments: z.array(PaymentOut), plan: PlanOut.nullable(), billingQuestionUrl: z.string(), minInstallmentCents: cents,
    }),
    handler: ({ db, actor, params, ip }) => svc.statementDetail(db, actor, params.statementId, ip),
  });

  route(app, {
    method: 'POST', url: '/api/billing/card-tokens',
    summary: "Test gateway's tokenize step: card details in, a single-use token out. Only brand and last four are kept.", tags: ['billing'],
    policy: 'billing.pay', status: 201,
    body: z.object({
      number: z.string().trim().min(12).max(23), expMonth: z.coerce.number().int(), expYear: z.coerce.number().int(),
      cvc: z.string().trim().max(4), postalCode: z.string().trim().max(10).optional(),
    }),
    response: z.object({ token: z.string(), brand: z.string(), last4: z.string() }),
    handler: ({ db, actor, body, config }) => svc.tokenize(db, actor, config.env, body),
  });

  route(app, {
    method: 'POST', url: '/api/billing/payments',
    summary: 'Pay all or part of a statement with a card token. Idempotent: the same idempotencyKey pays once.', tags: ['billing'],
    policy: 'billing.pay', status: 201,
    body: z.object({
      statementId: z.string().uuid(), amountCents: z.number().int(), token: z.string().min(8).max(200),
      idempotencyKey: z.string().min(8).max(200),
    }),
    response: z.object({ payment: PaymentOut, statementBalanceCents: cents, accountBalanceCents: cents, replayed: z.boolean() }),
    handler: ({ db, actor, body, config, ip }) => svc.pay(db, actor, config.env, body, ip),
  });

  route(app, {
    method: 'GET', url: '/api/billing/payments/:paymentId', summary: 'A payment receipt', tags: ['billing'],
    policy: 'billing.read', params: z.object({ paymentId: z.string() }),
    response: z.object({ payment: PaymentOut, accountNumber: z.string(), guarantorName: z.string(), statementBalanceCents: cents.nullable() }),
    handler: ({ db, actor, params, ip }) => svc.receipt(db, actor, params.paymentId, ip),
  });

  route(app, {
    method: 'POST', url: '/api/billing/statements/:statementId/plan', summary: 'Split what is owed on a statement into monthly payments', tags: ['billing'],
    policy: 'billing.pay', status: 201, params: z.object({ statementId: z.string() }),
    body: z.object({ installments: z.number().int().min(2).max(12) }),
    response: z.object({ plan: PlanOut }),
    handler: ({ db, actor, params, body, ip }) => svc.createPlan(db, actor, params.statementId, body.installments, ip),
  });

  route(app, {
    method: 'DELETE', url: '/api/billing/statements/:statementId/plan', summary: 'Cancel my active payment plan on a statement (payments made stay)', tags: ['billing'],
    policy: 'billing.pay', params: z.object({ statementId: z.string() }),
    handler: ({ db, actor, params, ip }) => svc.cancelPlan(db, actor, params.statementId, ip),
  });

  route(app, {
    method: 'POST', url: '/api/billing/statements/:statementId/question',
    summary: 'Ask the billing office about a statement: starts a billing conversation in messaging', tags: ['billing'],
    policy: 'conversation.create', status: 201, params: z.object({ statementId: z.string() }),
    body: z.object({ body: z.string().trim().min(1, 'Please write your question').max(5000), idempotencyKey: z.string().min(8).max(200) }),
    response: z.object({ threadId: z.string(), url: z.string() }),
    handler: (ctx) => askBillingQuestion(ctx, ctx.params.statementId, ctx.body.body, ctx.body.idempotencyKey),
  });

  billingStaffRoutes(app);
  insuranceRoutes(app);
}
