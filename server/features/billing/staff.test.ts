import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildUser } from '../../testing/factories';
import { issueStatement } from './statements';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let other: Awaited<ReturnType<typeof buildClinicWorld>>;
let billing: string;
let otherBilling: string;
let accountId: string;

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  other = await buildClinicWorld(t.db);
  billing = await login(t.app, (await buildUser(t.db, { orgId: w.orgId, role: 'billing' })).email);
  otherBilling = await login(t.app, (await buildUser(t.db, { orgId: other.orgId, role: 'billing' })).email);
  const ch = [{ serviceDate: '2025-03-01', service: 'Office visit', billedCents: 20000, insurancePaidCents: 12000, adjustmentCents: 3000 }];
  accountId = (await t.db.tx((q) => issueStatement(q, { orgId: w.orgId, patientId: w.a.patientId, statementNumber: 'ST-A-1', statementDate: '2025-03-05', dueDate: '2025-04-01', charges: ch }))).accountId;
  await t.db.tx((q) => issueStatement(q, { orgId: other.orgId, patientId: other.a.patientId, statementNumber: 'ST-O-1', statementDate: '2025-03-05', dueDate: '2025-04-01', charges: ch }));
});
afterAll(() => t.close());

describe('billing office views', () => {
  it('lists accounts and totals of my organization only', async () => {
    const mine = json(await t.app.inject({ url: '/api/billing/staff/overview', headers: { cookie: billing } }));
    expect(mine.accounts.map((a: { id: string }) => a.id)).toEqual([accountId]);
    expect(mine.totals.outstandingCents).toBe(5000);
    const theirs = json(await t.app.inject({ url: '/api/billing/staff/overview', headers: { cookie: otherBilling } }));
    expect(theirs.accounts.map((a: { id: string }) => a.id)).not.toContain(accountId);
  });

  it("another organization's account is 404; searching by name works", async () => {
    expect((await t.app.inject({ url: `/api/billing/staff/accounts/${accountId}`, headers: { cookie: billing } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/billing/staff/accounts/${accountId}`, headers: { cookie: otherBilling } })).statusCode).toBe(404);
    const found = json(await t.app.inject({ url: '/api/billing/staff/overview?q=alice', headers: { cookie: billing } }));
    expect(found.accounts).toHaveLength(1);
  });

  it('billing staff read statements of their organization, not patients', async () => {
    const detail = json(await t.app.inject({ url: `/api/billing/staff/accounts/${accountId}`, headers: { cookie: billing } }));
    const sid = detail.statements[0].id;
    expect((await t.app.inject({ url: `/api/billing/statements/${sid}`, headers: { cookie: billing } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/billing/statements/${sid}`, headers: { cookie: otherBilling } })).statusCode).toBe(404);
    const bob = await login(t.app, w.bob.email);
    expect((await t.app.inject({ url: '/api/billing/staff/overview', headers: { cookie: bob } })).statusCode).toBe(403);
  });
});

describe('home page', () => {
  it('shows the patient a bill that is due, and no other patient', async () => {
    const alice = await login(t.app, w.alice.email);
    const items = json(await t.app.inject({ url: '/api/home', headers: { cookie: alice } })).items;
    expect(items.some((i: { kind: string; title: string }) => i.kind === 'bill' && i.title.includes('$50.00'))).toBe(true);
    const bob = await login(t.app, w.bob.email);
    expect(json(await t.app.inject({ url: '/api/home', headers: { cookie: bob } })).items.some((i: { kind: string }) => i.kind === 'bill')).toBe(false);
  });
});
