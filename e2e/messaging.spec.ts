import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

// The closed loop in the browser: a patient's refill request reaches the nurses' pool, the nurse opening it shows the
// patient "Read by Nina Novak, RN", and her reply appears with her name and credentials.

test('refill request: patient sends, nurse reads and replies, patient sees who answered', async ({ page: patient, browser }) => {
  const subject = `Refill request ${Date.now()}`;
  await signIn(patient, 'ava.patient@demo.portico.test');
  await patient.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  await patient.getByRole('link', { name: 'Write a new message' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'New message' })).toBeVisible();
  await expect(patient.getByText('Do not use messages for emergencies. Call 911.')).toBeVisible();

  await patient.getByRole('radio', { name: /Prescription refill/ }).check();
  await expect(patient.getByText('A nurse on the Primary Care team checks refills with your doctor.')).toBeVisible();
  await expect(patient.getByText(/Expect a reply within 2 business days/)).toBeVisible();
  await expect(patient.getByText(/Message me with glucose readings between visits/)).toBeVisible();
  await patient.getByLabel('Subject').fill(subject);

  // Emergency words: the warning appears and sending is held until it is acknowledged.
  await patient.getByLabel('Your message').fill('I have chest pain and need my pills');
  await expect(patient.getByRole('alert').filter({ hasText: 'This may be an emergency' })).toBeVisible();
  await patient.getByRole('button', { name: 'Send message' }).click();
  await expect(patient.getByText('Please read the emergency warning and check the box before sending.')).toBeVisible();
  await expectAccessible(patient);

  await patient.getByLabel('Your message').fill('Please refill my metformin 500 mg. I have 5 days left.');
  await expect(patient.getByText('This may be an emergency')).toHaveCount(0);
  await expect(patient.getByText(/of 5000 characters/)).toBeVisible();
  await patient.getByRole('button', { name: 'Send message' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  const progress = patient.getByRole('list', { name: 'Message progress' });
  await expect(progress).toContainText('Received by Primary Care – Refills');
  await expect(progress).toContainText('Not read yet');
  await expectAccessible(patient);

  const nurse = await (await browser.newContext()).newPage();
  await signIn(nurse, 'nina.nurse@demo.portico.test');
  await nurse.getByRole('link', { name: 'In-basket', exact: true }).click();
  await expect(nurse.getByRole('heading', { level: 1, name: 'In-basket' })).toBeVisible();
  await expect(nurse.getByRole('link', { name: subject })).toBeVisible();
  await expectAccessible(nurse);
  await nurse.getByRole('link', { name: subject }).click();
  await expect(nurse.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  // Beside the message, the numbers a nurse needs to answer it: Ava's latest HbA1c values.
  await expect(nurse.getByRole('region', { name: 'Recent numbers' })).toContainText(/HbA1c \d+(\.\d)?%/);

  // The patient's open page updates by itself (server-sent events); a reload would show the same.
  await expect(progress).toContainText(/Read by Nina Novak, RN at/, { timeout: 15_000 });

  await nurse.getByLabel('Reply (the patient will see this)').fill('Your refill was sent to your pharmacy. It is usually ready within one business day.');
  await nurse.getByRole('button', { name: 'Send reply to patient' }).click();
  await expect(nurse.getByText('Your refill was sent to your pharmacy.')).toBeVisible();
  await expectAccessible(nurse);

  await patient.reload();
  const answer = patient.getByRole('article', { name: 'Message from Nina Novak, RN' });
  await expect(answer).toContainText('Your refill was sent to your pharmacy.');
  await expect(progress).toContainText(/Answered /);
  await expect(patient.getByText('Status: Answered')).toBeVisible();
});

test('a draft typed just before leaving the page is kept on the server', async ({ page }) => {
  const words = `Draft kept ${Date.now()}: my knee is stiff in the morning.`;
  await signIn(page, 'ben.patient@demo.portico.test');
  await page.goto('/messages/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New message' })).toBeVisible();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/drafts/new') && r.request().method() === 'PUT', { timeout: 5_000 });
  await page.getByLabel('Your message').fill(words);
  // Leave at once, well inside the typing pause after which the draft is normally saved.
  await page.getByRole('link', { name: 'Back to your messages' }).click();
  expect((await saved).status()).toBe(200);
  await page.getByRole('link', { name: 'Write a new message' }).click();
  await expect(page.getByLabel('Your message')).toHaveValue(words);
});

test('response-time report shows messaging workload per person and passes axe', async ({ page }) => {
  await signIn(page, 'nina.nurse@demo.portico.test');
  await page.goto('/inbasket/report');
  await expect(page.getByRole('heading', { level: 1, name: 'Response times' })).toBeVisible();
  const workload = page.getByRole('table', { name: 'Messaging workload by person' });
  await expect(workload.getByRole('row', { name: /Paul Park/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Workload as CSV' })).toHaveAttribute('href', /section=workload/);
  await expectAccessible(page);
});

test('"Ask about this" and a clinician link open the composer with the subject and clinician already chosen', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/results');
  await page.getByRole('link', { name: /Ask about this/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New message' })).toBeVisible();
  await expect(page.getByLabel('Subject')).toHaveValue(/^Question about: .+ on [A-Z][a-z]+ \d{1,2}, \d{4}$/); // a spoken date, never ISO (issue 13)
  expect(page.url()).toMatch(/\/messages\/new$/);
  // A category this patient cannot use is ignored rather than failing later.
  await page.goto('/messages/new?category=not-a-category&about=Statement%20S-1');
  await expect(page.getByLabel('Subject')).toHaveValue('Statement S-1');
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
  await page.goto('/messages/new?category=billing&about=Statement%20S-2');
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
});
