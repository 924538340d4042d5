import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildPatient, buildUser } from '../../testing/factories';
import { verifyAuditChain } from '../../platform/audit/audit';
import { FEATURE_IDS } from './questionnaire';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let researcher: { userId: string; email: string };
let other: { researcher: { email: string }; patient: { email: string } };
let carol: { patientId: string; mrn: string };
let campaignId: string;

const FULL = {
  ...Object.fromEntries(FEATURE_IDS.map((f, i) => [f, (i % 6) + 1])),
  gender: 'Female', race: 'White', education_years: 14, income: '$20,000-$49,999', diabetes_years: 8, portal_duration: 2.5,
  diabetes_medication: 'Oral only',
};

async function diabetic(patientId: string, a1c: number, birth?: string) {
  await t.db.query("insert into condition (patient_id, code, display) values ($1, '44054006', 'Type 2 diabetes')", [patientId]);
  await t.db.query(
    `insert into observation (patient_id, category, code, display, value_num, unit, effective_at) values
       ($1, 'laboratory', '4548-4', 'Hemoglobin A1c', $2::float8 + 1, '%', now() - interval '200 days'),
       ($1, 'laboratory', '4548-4', 'Hemoglobin A1c', $2::float8, '%', now() - interval '10 days')`, [patientId, a1c]);
  if (birth) await t.db.query('update patient set birth_date = $2 where id = $1', [patientId, birth]);
}

const req = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: await login(t.app, email) } });

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  researcher = await buildUser(t.db, { orgId: w.orgId, role: 'researcher' });
  carol = await buildPatient(t.db, w.orgId, { given: 'Carol', family: 'Zebrafinch', mrn: 'MRN-CAROL-1' });
  await diabetic(w.a.patientId, 7.2);
  await diabetic(w.b.patientId, 8.4);
  await diabetic(carol.patientId, 6.4, '1925-03-01'); // 100 years old: exported as 90+
  const o = await buildOrg(t.db);
  const op = await buildPatient(t.db, o.orgId);
  await diabetic(op.patientId, 9.9);
  other = {
    researcher: await buildUser(t.db, { orgId: o.orgId, role: 'researcher' }),
    patient: await buildUser(t.db, { orgId: o.orgId, role: 'patient', patientId: op.patientId }),
  };
});
afterAll(() => t.close());

describe('survey campaigns', () => {
  it('requires authentication', async () => {
    expect((await t.app.inject({ url: '/api/research/campaigns' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/surveys' })).statusCode).toBe(401);
  });

  it('only researchers and admins manage campaigns', async () => {
    for (const email of [w.nurse.email, w.physician.email, w.alice.email]) {
      expect((await req(email, 'GET', '/api/research/campaigns')).statusCode).toBe(403);
      expect((await req(email, 'POST', '/api/research/campaigns', { title: 'Nope', cohort: {} })).statusCode).toBe(403);
      expect((await req(email, 'GET', '/api/research/analysis')).statusCode).toBe(403);
    }
  });

  it('opens a campaign for a cohort and invites its patients only', async () => {
    const res = await req(researcher.email, 'POST', '/api/research/campaigns', { title: 'Portal use 2026', cohort: { condition: '44054006', ageMin: 18, ageMax: null } });
    expect(res.statusCode).toBe(201);
    const c = json(res).campaign;
    campaignId = c.id;
    expect(c).toMatchObject({ status: 'open', invited: 3, completed: 0, cohortText: 'Type 2 diabetes, aged 18 or older' }); // Carol is 100: still >= 18
    const list = json(await req(researcher.email, 'GET', '/api/research/campaigns')).campaigns;
    expect(list.map((x: { id: string }) => x.id)).toContain(campaignId);
  });

  it('rejects a bad cohort with 400 naming the field', async () => {
    const res = await req(researcher.email, 'POST', '/api/research/campaigns', { title: 'Bad', cohort: { ageMin: 70, ageMax: 20 } });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.message).toMatch(/ageMax/);
  });

  it("another organization's researcher cannot see or close it", async () => {
    const list = json(await req(other.researcher.email, 'GET', '/api/research/campaigns')).campaigns;
    expect(list.map((x: { id: string }) => x.id)).not.toContain(campaignId);
    expect((await req(other.researcher.email, 'POST', `/api/research/campaigns/${campaignId}/close`)).statusCode).toBe(404);
    expect((await req(other.researcher.email, 'GET', `/api/research/analysis?source=survey&campaignId=${campaignId}`)).statusCode).toBe(404);
  });
});

describe('answering a survey', () => {
  it('shows the open survey on the patient home page and list', async () => {
    const home = json(await req(w.alice.email, 'GET', '/api/home'));
    expect(home.items.some((i: { href: string }) => i.href === `/surveys/${campaignId}`)).toBe(true);
    const s = json(await req(w.alice.email, 'GET', '/api/surveys')).surveys;
    expect(s).toEqual([expect.objectContaining({ id: campaignId, status: 'not-started' })]);
  });

  it('another patient (not invited, other org) gets 404', async () => {
    expect((await req(other.patient.email, 'GET', `/api/surveys/${campaignId}`)).statusCode).toBe(404);
    expect((await req(other.patient.email, 'PUT', `/api/surveys/${campaignId}/response`, { answers: { use_maps: 2 } })).statusCode).toBe(404);
    expect((await req(w.alice.email, 'GET', '/api/surveys/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(json(await req(other.patient.email, 'GET', '/api/surveys')).surveys).toEqual([]);
  });

  it('validates answers (4xx naming the question)', async () => {
    const cases = [{ use_maps: 7 }, { use_maps: 0 }, { use_maps: 2.5 }, { gender: 'Robot' }, { education_years: 99 }, { favourite_colour: 'blue' }];
    for (const answers of cases) {
      const res = await req(w.alice.email, 'PUT', `/api/surveys/${campaignId}/response`, { answers });
      expect(res.statusCode, JSON.stringify(answers)).toBe(400);
      expect(json(res).error.message).toContain(`answers.${Object.keys(answers)[0]}`);
    }
  });

  it('saves partially, keeps one response, and completes it once', async () => {
    let res = await req(w.alice.email, 'PUT', `/api/surveys/${campaignId}/response`, { answers: { use_lab_results: 5, gender: 'Female' } });
    expect(res.statusCode).toBe(200);
    expect(json(res).response).toMatchObject({ status: 'in-progress', answers: { use_lab_results: 5, gender: 'Female' } });
    res = await req(w.alice.email, 'PUT', `/api/surveys/${campaignId}/response`, { answers: { use_lab_results: 4, use_maps: 1 } });
    expect(json(res).response.answers).toEqual({ use_lab_results: 4, use_maps: 1 });
    // incomplete submit is refused
    res = await req(w.alice.email, 'POST', `/api/surveys/${campaignId}/response/submit`, { answers: { use_lab_results: 4 } });
    expect(res.statusCode).toBe(400);
    const got = json(await req(w.alice.email, 'GET', `/api/surveys/${campaignId}`));
    expect(got.response.status).toBe('in-progress');
    expect(got.questionnaire.featureQuestions).toHaveLength(10);
    res = await req(w.alice.email, 'POST', `/api/surveys/${campaignId}/response/submit`, { answers: FULL });
    expect(res.statusCode).toBe(200);
    const qr = json(res).response.questionnaireResponse;
    expect(qr).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed', subject: { reference: `Patient/${w.a.patientId}` } });
    // no second response, no changes after submit
    expect((await req(w.alice.email, 'POST', `/api/surveys/${campaignId}/response/submit`, { answers: FULL })).statusCode).toBe(409);
    expect((await req(w.alice.email, 'PUT', `/api/surveys/${campaignId}/response`, { answers: { use_maps: 3 } })).statusCode).toBe(409);
    const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from survey_response where campaign_id = $1 and patient_id = $2', [campaignId, w.a.patientId]);
    expect(n).toBe(1);
    const home = json(await req(w.alice.email, 'GET', '/api/home'));
    expect(home.items.some((i: { href: string }) => i.href === `/surveys/${campaignId}`)).toBe(false);
  });

  it('a closed campaign takes no more answers', async () => {
    await req(w.bob.email, 'PUT', `/api/surveys/${campaignId}/response`, { answers: { use_maps: 2 } });
    const c = await req(researcher.email, 'POST', `/api/research/campaigns/${campaignId}/close`);
    expect(json(c).campaign).toMatchObject({ status: 'closed', completed: 1, inProgress: 1 });
    expect((await req(w.bob.email, 'POST', `/api/surveys/${campaignId}/response/submit`, { answers: FULL })).statusCode).toBe(409);
    expect(json(await req(w.bob.email, 'GET', '/api/surveys')).surveys).toEqual([]);
  });
});

describe('dashboard and export', () => {
  it('measured use maps audit events to features and counts only the patient\'s own recent events', async () => {
    const { audit } = await import('../../platform/audit/audit');
    const bob = { userId: w.bob.userId, role: 'patient' as const };
    await t.db.tx(async (q) => {
      for (let i = 0; i < 3; i++) await audit(q, { actor: bob, patientId: w.b.patientId, action: 'read', resourceType: 'Observation', detail: { view: 'results' } });
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'read', resourceType: 'Observation', detail: { view: 'vitals' } }); // record, not labs
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'create', resourceType: 'MessageThread', detail: { category: 'clinical_question' } });
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'create', resourceType: 'Message' });
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'create', resourceType: 'MessageThread', detail: { category: 'appointment' } });
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'create', resourceType: 'AppointmentRequest' });
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'create', resourceType: 'Payment', outcome: 'failure' }); // not counted
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'read', resourceType: 'Coverage', detail: { purpose: 'referral-form' } }); // not counted
      await audit(q, { actor: bob, patientId: w.b.patientId, action: 'read', resourceType: 'Coverage' });
      await audit(q, { actor: { userId: w.nurse.userId, role: 'nurse' }, patientId: w.b.patientId, action: 'read', resourceType: 'Observation' }); // staff: not counted
    });
    const { measuredUseCounts } = await import('./measured-use');
    const counts = (await measuredUseCounts(t.db, [w.b.patientId, carol.patientId], 30)).get(w.b.patientId)!;
    expect(counts).toMatchObject({ use_lab_results: 3, use_medical_record: 1, use_message_doctor: 2, use_request_appointment: 2, use_pay_bills: 0, use_insurance: 1, use_maps: 0 });
    const res = json(await req(researcher.email, 'GET', '/api/research/analysis?source=measured&windowDays=30'));
    expect(res.participants).toBe(3);
    const labs = res.result.table4.features.find((f: { name: string }) => f.name === 'use_lab_results');
    expect(labs.n).toBe(3);
    expect(res.points.some((p: { counts: number[] }) => p.counts[0] === 3)).toBe(true);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('returns Table 1 and Table 4 for survey answers, and audits the read', async () => {
    const res = await req(researcher.email, 'GET', `/api/research/analysis?source=survey&campaignId=${campaignId}`);
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(body.participants).toBe(1);
    expect(body.result).toBeNull();
    expect(body.message).toMatch(/at least 3/);
    const ev = await t.db.query("select 1 from audit_event where user_id = $1 and action = 'read' and resource_type = 'ResearchDataset'", [researcher.userId]);
    expect(ev.length).toBeGreaterThan(0);
    expect((await req(researcher.email, 'GET', '/api/research/analysis?source=survey')).statusCode).toBe(400);
    expect((await req(researcher.email, 'GET', '/api/research/analysis?outcome=abc')).statusCode).toBe(400);
  });

  it('exports de-identified CSV: no names or MRNs, ages 90+ grouped, audited', async () => {
    const before = await t.db.query("select 1 from audit_event where action = 'export'");
    const res = await req(researcher.email, 'GET', '/api/research/export.csv?source=measured&windowDays=30');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const text = res.body;
    for (const secret of ['Alice', 'Bob', 'Carol', 'Zebrafinch', 'MRN', w.a.patientId, w.b.patientId, carol.patientId, '1925']) expect(text).not.toContain(secret);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split(',')[0]).toBe('study_id');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toContain('90+');
    expect(lines.slice(1).every((l) => /^S-[0-9A-F]{10},/.test(l))).toBe(true);
    const after = await t.db.query<{ user_id: string; resource_type: string }>("select user_id, resource_type from audit_event where action = 'export'");
    expect(after.length).toBe(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({ user_id: researcher.userId, resource_type: 'ResearchExport' });
    const [log] = await t.db.query<{ row_count: number }>('select row_count from research_export order by created_at desc limit 1');
    expect(log.row_count).toBe(3);
  });

  it('downloads the report as HTML and CSV', async () => {
    const html = await req(researcher.email, 'GET', '/api/research/report.html?source=measured&ns=true');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<table');
    expect(html.body).not.toContain('Zebrafinch');
    const csv = await req(researcher.email, 'GET', '/api/research/report.csv?source=measured');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/Table 4/);
  });

  it("other organizations' researchers never see these patients", async () => {
    const res = json(await req(other.researcher.email, 'GET', '/api/research/analysis?source=measured'));
    expect(res.cohortSize).toBe(1);
  });
});
