import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { route } from '../../platform/http/route';
import { AccountOut, PaymentOut, StatementSummaryOut } from './presenters';
import * as svc from './service';

const cents = z.number().int();
const BILLING_STAFF = ['billing', 'admin'] as ('billing' | 'admin')[];

/** The billing office's views: accounts and payments of their own organization only. */
export function billingStaffRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET', url: '/api/billing/staff/overview', summary: "Billing office: my organization's accounts with a balance and recent payments",
    tags: ['billing'], policy: 'billing.staff',
    query: z.object({ q: z.string().trim().max(100).default('') }),
    response: z.object({
      totals: z.object({ outstandingCents: cents, accountsWithBalance: z.number().int(), paidLast30DaysCents: cents }),
      accounts: z.array(AccountOut),
      payments: z.array(PaymentOut.extend({ patientName: z.string(), accountNumber: z.string() })),
    }),
    handler: ({ db, actor, query, ip }) => svc.staffOverview(db, actor, query.q, ip),
  });

  route(app, {
    method: 'GET', url: '/api/billing/staff/accounts/:accountId', summary: 'Billing office: one account with statements and payments',
    tags: ['billing'], policy: 'billing.staff', params: z.object({ accountId: z.string() }),
    response: z.object({ account: AccountOut, statements: z.array(StatementSummaryOut), payments: z.array(PaymentOut) }),
    handler: ({ db, actor, params, ip }) => svc.staffAccountDetail(db, actor, params.accountId, ip),
  });
}
