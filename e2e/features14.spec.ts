// Issue 14 (features engineer): research CSV typing, phone encounters in the
// response-time report, proxy authorship, home readings.
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

const STUDY_CSV = [
  'participant_id,group,age,gender,portal_duration,a1c,use_lab_results,use_message_doctor',
  'P1,focus_group,61,Female,>3 years,7.1,5,4',
  'P2,focus_group,55,Male,1-3 years,6.8,4,5',
  'P3,survey_only,70,Female,<3 months,8.2,2,1',
  'P4,survey_only,48,Male,>3 years,7.6,3,2',
  'P5,focus_group,66,Female,,7.0,6,6',
].join('\n');

test('a researcher analyses a study CSV whose duration column is given in brackets', async ({ page }) => {
  await signIn(page, 'rita.research@demo.portico.test');
  await page.goto('/research');
  await page.getByRole('link', { name: 'Analyse a CSV file' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Analyse a study CSV');
  await expectAccessible(page);

  await page.getByLabel('CSV file').setInputFiles({ name: 'study.csv', mimeType: 'text/csv', buffer: Buffer.from(STUDY_CSV) });
  await page.getByRole('button', { name: 'Analyse the file' }).click();
  await expect(page.getByText('Described as categorical because their values are not all numbers: portal_duration.')).toBeVisible();
  const t1 = page.getByRole('table', { name: /Table 1/ });
  const levels = t1.locator('tr.level th');
  await expect(t1.getByRole('rowheader', { name: 'Portal use duration, n (%)' })).toBeVisible();
  const texts = await levels.allTextContents();
  const start = texts.indexOf('<3 months');
  expect(texts.slice(start, start + 3)).toEqual(['<3 months', '1-3 years', '>3 years']);
  await expect(t1.getByRole('row', { name: /^>3 years/ })).toContainText('2 (50.0%)');
  await expectAccessible(page);

  // Told otherwise, the column must hold numbers: the error says which cell.
  await page.getByLabel('Continuous columns (optional)').fill('portal_duration');
  await page.getByRole('button', { name: 'Analyse the file' }).click();
  await expect(page.getByRole('alert')).toHaveText(/row 1 \(line 2\), column "portal_duration": ">3 years" is not a number/);
});

test('the response-time report counts phone calls apart from messages', async ({ page }) => {
  await signIn(page, 'nina.nurse@demo.portico.test');
  await page.goto('/inbasket');
  await page.getByRole('link', { name: 'Response-time report' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Response times');
  const api = await (await page.request.get('/api/inbasket/report?days=30')).json() as { phoneEncounters: number; pools: { pool: string; phoneEncounters: number }[] };
  expect(api.phoneEncounters).toBeGreaterThanOrEqual(1); // the demo clinic logs a call about a low sugar
  await expect(page.getByText(`Phone calls logged in this period: ${api.phoneEncounters}. They are counted apart from messages`)).toBeVisible();
  const teams = page.getByRole('table', { name: 'Time to first reply by team' });
  await expect(teams.getByRole('columnheader', { name: 'Phone calls' })).toBeVisible();
  const withCalls = api.pools.find((p) => p.phoneEncounters > 0)!;
  await expect(teams.getByRole('row', { name: new RegExp(withCalls.pool) }).first().getByRole('cell').last()).toHaveText(String(withCalls.phoneEncounters));
  await expectAccessible(page);
});

test('a message Ben writes for Ava shows "Ben Carter for Ava Thompson" to her, to him and to the nurse', async ({ page, browser }) => {
  // Ava lets Ben act on her record; Ben switches to it and writes.
  await signIn(page, 'ava.patient@demo.portico.test');
  const grant = await page.request.post('/api/proxy/grants', { data: { email: 'ben.patient@demo.portico.test', relationship: 'husband' } });
  expect([201, 409]).toContain(grant.status());
  const ava = await (await page.request.get('/api/proxy')).json() as { ownPatientId: string };

  const benCtx = await browser.newContext();
  const ben = await benCtx.newPage();
  await signIn(ben, 'ben.patient@demo.portico.test');
  expect((await ben.request.post('/api/proxy/acting-as', { data: { patientId: ava.ownPatientId } })).status()).toBe(200);
  const sent = await ben.request.post('/api/threads', {
    data: { category: 'medical_question', subject: 'Ava’s new shoes', body: 'Ava asks if she can wear her new shoes all day.', idempotencyKey: crypto.randomUUID() },
  });
  expect(sent.status()).toBe(201);
  const id = (await sent.json() as { thread: { id: string } }).thread.id;
  await ben.goto(`/messages/${id}`);
  await expect(ben.getByRole('article', { name: 'Message from Ben Carter for Ava Thompson' })).toBeVisible();
  await expectAccessible(ben);
  await benCtx.close();

  await page.goto(`/messages/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ava’s new shoes');
  await expect(page.getByRole('article', { name: 'Message from Ben Carter for Ava Thompson' })).toContainText('Ben Carter for Ava Thompson');

  const staffCtx = await browser.newContext();
  const nurse = await staffCtx.newPage();
  await signIn(nurse, 'nina.nurse@demo.portico.test');
  await nurse.goto(`/inbasket/${id}`);
  await expect(nurse.getByRole('article', { name: 'Message from Ben Carter for Ava Thompson' })).toBeVisible();
  await expect(nurse.getByTestId('answering')).toHaveText("You are answering Ben Carter (husband), who wrote for Ava Thompson. The reply goes to Ava Thompson's messages.");
  await expectAccessible(nurse);
  await staffCtx.close();
});

const localInput = (hoursAgo: number) => {
  const d = new Date(Date.now() - hoursAgo * 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

test('Ava logs blood pressure and weight at home, gets advice, sees charts and sends them to her care team', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/glucose');
  // The blood sugar log keeps its send panel (now shared with the other logs).
  await expect(page.getByRole('heading', { name: 'Send my readings to my care team' })).toBeVisible();
  await expect(page.getByLabel('Note for your care team (optional)')).toBeVisible();
  await page.getByRole('navigation', { name: 'Health record' }).getByRole('link', { name: 'Blood pressure log' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blood pressure log');
  await expectAccessible(page);

  // A bad pair names the problem.
  await page.getByLabel('Top number (systolic, mmHg)').fill('80');
  await page.getByLabel('Bottom number (diastolic, mmHg)').fill('120');
  await page.getByRole('button', { name: 'Save reading' }).click();
  await expect(page.getByRole('alert')).toHaveText('The bottom number must be smaller than the top number. Please check the two numbers.');

  for (const [s, d, h] of [['124', '78', 30], ['152', '96', 1]] as const) {
    await page.getByLabel('Top number (systolic, mmHg)').fill(s);
    await page.getByLabel('Bottom number (diastolic, mmHg)').fill(d);
    await page.getByLabel('Date and time').fill(localInput(h));
    await page.getByRole('button', { name: 'Save reading' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved: ${s}/${d} mmHg.` })).toBeVisible();
  }
  await expect(page.locator('.warning[role="alert"]')).toContainText('Higher than your target. This is higher than your target (under 130/80).');
  await expect(page.getByRole('figure').filter({ hasText: 'Blood pressure, last 30 days (mmHg)' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Your readings, newest first' });
  await expect(table.getByRole('cell', { name: '152/96 mmHg (high)' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send my readings to my care team' }).click();
  await expect(page.getByText(/Sent \d+ readings? to your care team/)).toBeVisible();
  await page.getByRole('link', { name: 'See the conversation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My blood pressure readings, last 30 days');
  await expect(page.getByText(/152\/96 mmHg \(high\)/)).toBeVisible();

  // Weight: two readings five days apart, 6 lb up: the fast-gain advice.
  await page.goto('/weight');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weight log');
  await page.getByLabel('Unit').selectOption('lb');
  for (const [v, h] of [['180', 24 * 5], ['186', 2]] as const) {
    await page.getByLabel('Weight (lb)').fill(v);
    await page.getByLabel('Date and time').fill(localInput(h));
    await page.getByRole('button', { name: 'Save reading' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved: ${v} lb.` })).toBeVisible();
  }
  await expect(page.locator('.warning[role="alert"]')).toContainText('Fast weight gain. Your weight went up 6 lb in a week.');
  await expect(page.getByRole('figure').filter({ hasText: 'Weight, last 30 days (lb)' })).toBeVisible();
  await page.getByRole('button', { name: 'Only share them, no message' }).click();
  await expect(page.getByText(/Shared \d+ readings with your care team\.|These readings are already shared\./)).toBeVisible();
  await expectAccessible(page);

  // The record download carries them as FHIR vital-signs Observations.
  const res = await page.request.get('/api/record/export.json');
  expect(res.status()).toBe(200);
  const bundle = JSON.parse(await res.text()) as { entry: { resource: { resourceType: string; category?: { coding: { code: string }[] }[]; code?: { coding?: { code: string }[] } } }[] };
  const vitals = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Observation' && r.category?.[0]?.coding[0]?.code === 'vital-signs');
  const codes = vitals.map((r) => r.code?.coding?.[0]?.code);
  expect(codes).toContain('85354-9');
  expect(codes).toContain('29463-7');
});

test('a clinician times an e-visit on a conversation; the chart shows the code; billing sees it in the report', async ({ page, browser }) => {
  // Ben writes a question (his own record) so the clinician has a fresh conversation.
  const benCtx = await browser.newContext();
  const ben = await benCtx.newPage();
  await signIn(ben, 'ben.patient@demo.portico.test');
  await ben.request.post('/api/proxy/acting-as', { data: { patientId: null } });
  const sent = await ben.request.post('/api/threads', {
    data: { category: 'medical_question', subject: 'Swollen ankles', body: 'My ankles are swollen since Monday.', idempotencyKey: crypto.randomUUID() },
  });
  expect(sent.status()).toBe(201);
  const thread = (await sent.json() as { thread: { id: string; patient: { id: string } } }).thread;
  await benCtx.close();

  await page.clock.install();
  await signIn(page, 'paul.physician@demo.portico.test');
  const before = await (await page.request.get(`/api/patients/${thread.patient.id}/messaging-time`)).json() as { digitalVisit: { qualifyingMinutes7Days: number } };
  await page.goto(`/inbasket/${thread.id}`);
  const panel = page.locator('[aria-labelledby="evisit-h"]');
  await expect(panel.getByText('0 minutes', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Start timer' }).click();
  await expect(page.getByText('Timer started.')).toBeVisible();
  await page.clock.fastForward('06:10');
  await expect(page.getByTestId('timer')).toHaveText('6:10');
  await page.getByRole('button', { name: 'Stop timer and record' }).click();
  await expect(page.getByText('Recorded 6 minutes.')).toBeVisible();
  await page.getByLabel('Or type minutes spent').fill('5');
  await page.getByRole('button', { name: 'Record minutes' }).click();
  await expect(page.getByText('Recorded 5 minutes.')).toBeVisible();
  await expect(panel.getByText('11 minutes', { exact: true }).first()).toBeVisible();
  const total = before.digitalVisit.qualifyingMinutes7Days + 11;
  const code = total >= 21 ? '99423 (21 minutes or more)' : '99422 (11–20 minutes)';
  await expect(page.getByTestId('evisit-summary')).toContainText(`${total} minutes of clinician time on this patient's messages. Qualifies for ${code}.`);
  await expectAccessible(page);

  await page.goto(`/chart/${thread.patient.id}`);
  await expect(page.getByTestId('evisit-summary')).toContainText(`${total} minutes`);
  await expect(page.getByTestId('evisit-summary')).toContainText(`Qualifies for ${code}.`);

  const billCtx = await browser.newContext();
  const bill = await billCtx.newPage();
  await signIn(bill, 'bill.billing@demo.portico.test');
  await bill.getByRole('link', { name: 'E-visits to bill' }).click();
  await expect(bill.getByRole('heading', { level: 1 })).toHaveText('E-visits to bill');
  const row = bill.getByRole('row', { name: /Ben Carter/ });
  await expect(row).toContainText(code.slice(0, 5));
  await expect(row).toContainText('Paul Park, MD');
  await expectAccessible(bill);
  await billCtx.close();
});
