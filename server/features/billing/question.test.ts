import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { issueStatement } from './statements';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let noPool: Awaited<ReturnType<typeof buildClinicWorld>>;
let stmt: string;
let stmtNoPool: string;
const ch = [{ serviceDate: '2025-03-01', service: 'Office visit', billedCents: 20000, insurancePaidCents: 12000, adjustmentCents: 3000 }];

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  noPool = await buildClinicWorld(t.db);
  const [pool] = await t.db.query<{ id: string }>(
    `insert into msg_pool (org_id, clinic_id, name, handles_text, target_business_hours, day_start_hour, day_end_hour, business_days)
     values ($1,$2,'Billing office','The billing office reads these.',16,0,24,'{1,2,3,4,5,6,7}') returning id`, [w.orgId, w.clinicId]);
  await t.db.query("insert into msg_category (org_id, code, label) values ($1,'billing','Billing question')", [w.orgId]);
  await t.db.query("insert into msg_routing_rule (clinic_id, category_code, pool_id) values ($1,'billing',$2)", [w.clinicId, pool.id]);
  stmt = (await t.db.tx((q) => issueStatement(q, { orgId: w.orgId, patientId: w.a.patientId, statementNumber: 'Q-1', statementDate: '2025-03-05', dueDate: '2025-04-01', charges: ch }))).statementId;
  stmtNoPool = (await t.db.tx((q) => issueStatement(q, { orgId: noPool.orgId, patientId: noPool.a.patientId, statementNumber: 'Q-2', statementDate: '2025-03-05', dueDate: '2025-04-01', charges: ch }))).statementId;
});
afterAll(() => t.close());

const ask = (cookie: string, id: string, key = randomUUID()) =>
  t.app.inject({ method: 'POST', url: `/api/billing/statements/${id}/question`, headers: { cookie }, payload: { body: 'Why was the lab not covered?', idempotencyKey: key } });

describe('billing questions', () => {
  it('start a billing conversation about the statement in the billing pool', async () => {
    const res = await ask(await login(t.app, w.alice.email), stmt);
    expect(res.statusCode, res.body).toBe(201);
    const [thread] = await t.db.query<{ category_code: string; subject: string; pool: string }>(
      'select t.category_code, t.subject, p.name as pool from msg_thread t join msg_pool p on p.id = t.pool_id where t.id = $1', [json(res).threadId]);
    expect(thread).toEqual({ category_code: 'billing', subject: 'Question about statement Q-1', pool: 'Billing office' });
  });

  it("another patient's statement is 404", async () => {
    expect((await ask(await login(t.app, w.bob.email), stmt)).statusCode).toBe(404);
  });

  it('without a billing pool the patient is told to call, with the number', async () => {
    const res = await ask(await login(t.app, noPool.alice.email), stmtNoPool);
    expect(res.statusCode).toBe(409);
    expect(json(res).error.code).toBe('billing_messages_unavailable');
  });

  it('requires a session', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/billing/statements/${stmt}/question`, payload: {} });
    expect(res.statusCode).toBe(401);
  });
});
