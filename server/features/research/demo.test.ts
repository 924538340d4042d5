import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { seedDemo } from '../../demo/seed';
import { verifyAuditChain } from '../../platform/audit/audit';

let t: TestApp;
let seedMs = 0;
beforeAll(async () => {
  t = await testApp();
  const start = Date.now();
  await seedDemo(t.db, { env: 'test', password: 'portico-demo' });
  seedMs = Date.now() - start;
}, 240_000);
afterAll(() => t.close());

const get = async (email: string, url: string) => t.app.inject({ url, headers: { cookie: await login(t.app, email, 'portico-demo') } });

describe('research demo data', () => {
  it('has a campaign answered by most patients with diabetes, and a modest number of usage events', async () => {
    const [c] = await t.db.query<{ id: string; invited: number; completed: number }>(
      `select c.id, (select count(*)::int from survey_invitation i where i.campaign_id = c.id) as invited,
              (select count(*)::int from survey_response r where r.campaign_id = c.id and r.status = 'completed') as completed
         from survey_campaign c`);
    expect(c.completed / c.invited).toBeGreaterThan(0.6);
    const [{ n }] = await t.db.query<{ n: number }>("select count(*)::int as n from audit_event where role = 'patient' and detail->>'simulated' = 'true'");
    expect(n).toBeGreaterThan(300);
    expect(n).toBeLessThanOrEqual(3000);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect(seedMs).toBeLessThan(120_000);
  });

  it('gives Rita a meaningful dashboard from both sources, with messaging related to HbA1c', async () => {
    const [c] = await t.db.query<{ id: string }>('select id from survey_campaign');
    const survey = json(await get('rita.research@demo.portico.test', `/api/research/analysis?source=survey&campaignId=${c.id}`));
    expect(survey.participants).toBeGreaterThan(30);
    const rho = (name: string) => survey.result.table4.outcome.find((o: { feature: string }) => o.feature === name).rho;
    expect(rho('use_message_doctor')).toBeLessThan(0);
    expect(rho('use_request_appointment')).toBeLessThan(0);
    const measured = json(await get('rita.research@demo.portico.test', '/api/research/analysis?source=measured&windowDays=180'));
    expect(measured.result.table4.features[0].frequentUsePct).toBeGreaterThan(0);
  });

  it('Ava sees the survey on her home page; Ben is asked to finish his', async () => {
    const ava = json(await get('ava.patient@demo.portico.test', '/api/home'));
    expect(ava.items.some((i: { kind: string; title: string }) => i.kind === 'survey' && /Please answer/.test(i.title))).toBe(true);
    const ben = json(await get('ben.patient@demo.portico.test', '/api/home'));
    expect(ben.items.some((i: { kind: string; title: string }) => i.kind === 'survey' && /Finish/.test(i.title))).toBe(true);
  });
});
