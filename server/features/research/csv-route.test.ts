import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildUser } from '../../testing/factories';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let researcher: { email: string };

// Shaped like the study's Table 1: duration of portal use given in brackets.
const CSV = [
  'participant_id,group,age,gender,portal_duration,a1c,use_lab_results',
  'P1,focus_group,61,Female,>3 years,7.1,5',
  'P2,focus_group,55,Male,1-3 years,6.8,4',
  'P3,survey_only,70,Female,<3 months,8.2,2',
  'P4,survey_only,48,Male,>3 years,7.6,3',
  'P5,focus_group,66,Female,,7.0,6',
].join('\n');

const post = async (email: string | null, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/research/analysis/csv', payload: payload as object, headers: email ? { cookie: await login(t.app, email) } : {} });

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  researcher = await buildUser(t.db, { orgId: w.orgId, role: 'researcher' });
});
afterAll(() => t.close());

describe('POST /api/research/analysis/csv', () => {
  it('requires authentication', async () => {
    expect((await post(null, { csv: CSV })).statusCode).toBe(401);
  });

  it('is for researchers and admins only (patients and clinicians are refused)', async () => {
    expect((await post(w.alice.email, { csv: CSV })).statusCode).toBe(403);
    expect((await post(w.nurse.email, { csv: CSV })).statusCode).toBe(403);
  });

  it('decides the duration column is categorical and keeps its levels in order', async () => {
    const res = await post(researcher.email, { csv: CSV });
    expect(res.statusCode).toBe(200);
    const body = json(res) as { result: { options: { inferred: string[] }; table1: { variables: { name: string; type: string; overall: { levels?: { level: string; count: number }[] } }[] } }; tablesCsv: string };
    expect(body.result.options.inferred).toEqual(['portal_duration']);
    const v = body.result.table1.variables.find((x) => x.name === 'portal_duration')!;
    expect(v.type).toBe('categorical');
    expect(v.overall.levels).toEqual([
      { level: '<3 months', count: 1, pct: 25 },
      { level: '1-3 years', count: 1, pct: 25 },
      { level: '>3 years', count: 2, pct: 50 },
    ]);
    expect(body.result.table1.variables.find((x) => x.name === 'age')!.type).toBe('continuous');
    expect(body.tablesCsv).toContain('  <3 months,1 (25.0%),0 (0.0%),1 (50.0%)');
  });

  it('a column named continuous must hold numbers: 400 naming the row and the field', async () => {
    const res = await post(researcher.email, { csv: CSV, continuous: ['portal_duration'] });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toEqual({ error: { code: 'bad_request', message: 'csv: row 1 (line 2), column "portal_duration": ">3 years" is not a number (leave the cell empty if missing)', field: 'csv' } });
    const unknown = await post(researcher.email, { csv: CSV, categorical: ['nope'] });
    expect(unknown.statusCode).toBe(400);
    expect((json(unknown) as { error: { field: string } }).error.field).toBe('categorical');
    const empty = await post(researcher.email, { csv: '' });
    expect(empty.statusCode).toBe(400);
    expect((json(empty) as { error: { message: string } }).error.message).toMatch(/csv/);
  });
});
