import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { issueStatement } from './statements';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let n = 0;
async function newStatement(patientId: string) {
  const s = await t.db.tx((q) => issueStatement(q, {
    orgId: w.orgId, patientId, statementNumber: `PC-${Date.now()}-${n++}`, statementDate: '2025-02-01', dueDate: '2099-03-01',
    charges: [{ serviceDate: '2025-01-10', service: 'Echocardiogram', clinicianName: null, billedCents: 60000, insurancePaidCents: 20000, adjustmentCents: 0 }],
  }));
  return s.statementId;
}
const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload: payload as object | undefined });
const statement = async (cookie: string, id: string) => json(await inject('GET', `/api/billing/statements/${id}`, cookie));

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
});
afterAll(() => t.close());

describe('cancelling a payment plan', () => {
  it('requires authentication', async () => {
    expect((await inject('DELETE', `/api/billing/statements/${randomUUID()}/plan`)).statusCode).toBe(401);
  });

  it('the patient cancels their active plan; the statement is due again, audited, and a new plan can be made', async () => {
    const s = await newStatement(w.a.patientId);
    expect((await inject('POST', `/api/billing/statements/${s}/plan`, alice, { installments: 4 })).statusCode).toBe(201);
    expect((await statement(alice, s)).statement.status).toBe('on_plan');
    const res = await inject('DELETE', `/api/billing/statements/${s}/plan`, alice);
    expect(res.statusCode, res.body).toBe(204);
    const after = await statement(alice, s);
    expect(after.plan).toBeNull();
    expect(after.statement.status).not.toBe('on_plan');
    const [ev] = await t.db.query<{ action: string }>("select action from audit_event where resource_type = 'PaymentPlan' and patient_id = $1 order by id desc limit 1", [w.a.patientId]);
    expect(ev.action).toBe('cancel');
    expect((await inject('DELETE', `/api/billing/statements/${s}/plan`, alice)).statusCode).toBe(404); // nothing active any more
    expect((await inject('POST', `/api/billing/statements/${s}/plan`, alice, { installments: 2 })).statusCode).toBe(201);
  });

  it("another patient gets 404 and the plan stays", async () => {
    const s = await newStatement(w.a.patientId);
    await inject('POST', `/api/billing/statements/${s}/plan`, alice, { installments: 3 });
    const other = await inject('DELETE', `/api/billing/statements/${s}/plan`, bob);
    const missing = await inject('DELETE', `/api/billing/statements/${randomUUID()}/plan`, bob);
    expect(other.statusCode).toBe(404);
    expect(json(other)).toEqual(json(missing));
    expect((await statement(alice, s)).plan).not.toBeNull();
  });

  it('staff cannot cancel a patient\'s plan through the patient endpoint', async () => {
    const nurse = await login(t.app, w.nurse.email);
    expect((await inject('DELETE', `/api/billing/statements/${randomUUID()}/plan`, nurse)).statusCode).toBe(403);
  });
});
