import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { a1cFlagText, goalText } from './goal';

// Issue 13: an A1c of 6.9% must not read just "High" on a page whose goal is under 7%. The lab's range and the goal are
// shown apart, and the flag is worded against both.
let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string, bob: string;

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  const a1c = (value: number, at: string, interpretation: string | null) => t.db.query(
    `insert into observation (patient_id, category, code, display, value_num, unit, ref_low, ref_high, interpretation, panel, effective_at)
     values ($1,'laboratory','4548-4','Hemoglobin A1c',$2,'%',4,5.6,$3,'Diabetes tests',$4)`, [w.a.patientId, value, interpretation, at]);
  await a1c(8.2, '2025-01-10T15:00:00Z', 'H');
  await a1c(6.9, '2025-06-10T15:00:00Z', 'H');
  await a1c(5.4, '2025-11-10T15:00:00Z', null);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });

describe('A1c: the lab range and the goal, apart', () => {
  it('words the flag against both', () => {
    const general = { high: 7, source: 'general' };
    const mine = { high: 7.5, source: 'care-team' };
    expect(a1cFlagText(6.9, 'high', general)).toBe("Above the lab's normal range, but under the usual goal");
    expect(a1cFlagText(6.9, 'high', mine)).toBe("Above the lab's normal range, but under your goal");
    expect(a1cFlagText(8.2, 'high', mine)).toBe("Above your goal and above the lab's normal range");
    expect(a1cFlagText(5.4, 'normal', general)).toBe("In the lab's normal range and under the usual goal");
    expect(a1cFlagText(7, 'none', general)).toBe('At or above the usual goal');
    expect(goalText(6.9, mine)).toBe('Under your goal (under 7.5%)');
    expect(goalText(7, general)).toBe('At or above the usual goal (under 7%)');
  });

  it('the trend gives each point the lab flag, the goal, and both in words; the range in words', async () => {
    const res = await get('/api/record/trend?code=4548-4', alice);
    expect(res.statusCode, res.body).toBe(200);
    const tr = json(res);
    expect(tr.target).toEqual({ high: 7, source: 'general', text: 'Common goal for adults with diabetes: under 7% (ask your care team about yours)' });
    expect(tr.rangeText).toBe('4 to 5.6%');
    expect(tr.points.map((p: { value: number; labFlagText: string; goalText: string; flagText: string }) => [p.value, p.labFlagText, p.goalText, p.flagText])).toEqual([
      [8.2, 'High', 'At or above the usual goal (under 7%)', "Above the usual goal and above the lab's normal range"],
      [6.9, 'High', 'Under the usual goal (under 7%)', "Above the lab's normal range, but under the usual goal"],
      [5.4, 'In range', 'Under the usual goal (under 7%)', "In the lab's normal range and under the usual goal"],
    ]);
  });

  it('with a goal from the care team, the results page says "your goal"', async () => {
    await t.db.query("insert into care_goal (patient_id, description, status) values ($1, 'Hemoglobin A1c total in Blood < 7.5', 'active')", [w.a.patientId]);
    const days = json(await get('/api/record/results/by-date?tz=America%2FChicago', alice)).days as { date: string; panels: { results: { value: number; flag: string; flagText: string; goalText?: string }[] }[] }[];
    const mid = days.find((d) => d.date === '2025-06-10')!.panels[0].results[0];
    expect(mid).toMatchObject({ value: 6.9, flag: 'high', flagText: "Above the lab's normal range, but under your goal", goalText: 'Under your goal (under 7.5%)' });
  });

  it('requires authentication; another patient sees none of it', async () => {
    expect((await get('/api/record/trend?code=4548-4')).statusCode).toBe(401);
    expect(json(await get('/api/record/trend?code=4548-4', bob)).points).toEqual([]);
  });
});
