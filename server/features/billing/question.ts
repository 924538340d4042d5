import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { HttpError, notFound } from '../../platform/errors';
import { createThread } from '../messaging/service';
import { formatCents } from './money';
import * as repo from './repository';
import { billingQuestionUrl } from './service';

/**
 * "I have a question about this bill": a messaging conversation in the billing category (routed by the messaging feature
 * to the billing pool), about this statement. When the organization has no billing pool, the patient is told to call and
 * gets the composer link instead, so the question is never silently dropped.
 */
export async function askBillingQuestion(ctx: { db: Db; actor: Actor; config: Config; ip: string }, statementId: string, body: string, idempotencyKey: string) {
  const s = await repo.findStatement(ctx.db, ctx.actor, statementId);
  if (!s) throw notFound('This statement');
  const [clinic] = await ctx.db.query<{ phone_billing: string | null }>(
    `select c.phone_billing from patient p join clinic c on c.id = p.primary_clinic_id where p.id = $1`, [s.patient_id]);
  try {
    const res = await createThread(ctx, {
      category: 'billing', subject: `Question about statement ${s.statement_number}`, idempotencyKey,
      body: `${body.trim()}\n\n— About statement ${s.statement_number} (dated ${s.statement_date}, balance ${formatCents(Number(s.balance_cents))}).`,
    });
    return { threadId: res.body.thread.id as string, url: `/messages/${res.body.thread.id}` };
  } catch (err) {
    if (err instanceof HttpError && err.field === 'category') {
      const phone = clinic?.phone_billing ? ` Please call the billing office at ${clinic.phone_billing.replace('+1-', '')}.` : ' Please call the billing office.';
      throw new HttpError(409, 'billing_messages_unavailable', `Messages about bills are not set up at this clinic yet.${phone}`, undefined);
    }
    throw err;
  }
}
export { billingQuestionUrl };
