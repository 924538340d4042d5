import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { seedDemo } from '../../demo/seed';

// The demo clinic (issue 16): some patients saw the guide, some were asked by Dr. Park, and the research dashboard's
// comparison shows a difference. Deterministic: the same seed gives the same figures.
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedDemo(t.db, { env: 'test', password: 'portico-demo' });
}, 240_000);
afterAll(() => t.close());

// Patients (n), messages written in the last 365 days, patients who wrote any: guided vs. neither.
const OVERALL_GROUP = [26, 76, 19];
const OVERALL_CONTROL = [34, 19, 8];
const FISHER_P = 0.0002;
const MW_P = 0; // below 0.00005, rounded to 4 places
const BY_CLINICIAN = [['Paul Park, MD', 13]];

const get = async (email: string, url: string) => t.app.inject({ url, headers: { cookie: await login(t.app, email, 'portico-demo') } });

describe('guide demo data', () => {
  it('gives the comparison something to show', async () => {
    const g = json(await get('rita.research@demo.portico.test', '/api/research/guide-comparison?windowDays=365'));
    expect(g.patients).toBe(60);
    expect([g.overall.group.n, g.overall.group.messages, g.overall.group.anyUse]).toEqual(OVERALL_GROUP);
    expect([g.overall.control.n, g.overall.control.messages, g.overall.control.anyUse]).toEqual(OVERALL_CONTROL);
    expect(g.overall.fisher.p).toBe(FISHER_P);
    expect(g.overall.mannWhitney.p).toBe(MW_P);
    expect(g.byClinician.map((b: { clinician: string; group: { n: number } }) => [b.clinician, b.group.n])).toEqual(BY_CLINICIAN);
  });

  it('Ava has completed the walkthrough; Ben gets it the first time he opens messaging', async () => {
    expect(json(await get('ava.patient@demo.portico.test', '/api/guide')).walkthrough).toEqual({ show: false, reason: null });
    expect(json(await get('ben.patient@demo.portico.test', '/api/guide')).walkthrough).toEqual({ show: true, reason: 'first' });
  });
});
