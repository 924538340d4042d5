import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

// The clinician's chart: find Ava, see her record summary, and find the old drug-reaction message by searching her
// message history. Then the clinician's messaging settings and the admin's message routing page.

test('nurse finds Ava in the chart search and finds her old lisinopril reaction message', async ({ page }) => {
  await signIn(page, 'nina.nurse@demo.portico.test');
  await page.getByRole('link', { name: 'Patient charts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Patient charts' })).toBeVisible();
  await page.getByLabel('Name or MRN').fill('Ava Thompson');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Thompson, Ava' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Ava Thompson' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Hemoglobin A1c' })).toContainText('Latest:');
  await expect(page.getByRole('region', { name: 'Active medicines' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'All messages' }).getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Find words in messages').fill('lisinopril');
  await page.getByRole('button', { name: 'Search messages' }).click();
  const hits = page.getByRole('list', { name: 'Messages containing lisinopril' });
  await expect(hits).toContainText('I started the lisinopril last week and now I have an itchy rash');
  await expect(hits).toContainText('Rash after starting new pill');
  await expect(page.getByRole('status').filter({ hasText: /containing “lisinopril”/ })).toBeVisible();
  await expectAccessible(page);

  // The conversation view links back to the chart.
  await hits.getByRole('link', { name: 'Rash after starting new pill' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rash after starting new pill' })).toBeVisible();
  await page.getByRole('link', { name: 'Open chart' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ava Thompson' })).toBeVisible();

  // A structured request (Ava's pending refill) shows a panel leading to the staff page that processes it.
  await page.getByRole('list', { name: 'All messages' }).getByRole('link', { name: /^Refill: / }).first().click();
  const panel = page.getByRole('region', { name: 'Refill request' });
  await expect(panel.getByRole('link', { name: 'Process refill requests' })).toHaveAttribute('href', '/staff/refills');
  await expectAccessible(page);
});

test('nurse writes messaging instructions and asks Ava to send readings', async ({ page }) => {
  await signIn(page, 'nina.nurse@demo.portico.test');
  await page.getByRole('link', { name: 'My messaging settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My messaging settings' })).toBeVisible();
  await page.getByLabel('What patients should message you about').fill('Send me your blood pressure readings every Monday.');
  await page.getByRole('button', { name: 'Save instructions' }).click();
  await expect(page.getByText('Saved. Patients now see these instructions')).toBeVisible();

  const what = `Please send your glucose readings ${Date.now()}`;
  await page.getByLabel('Find the patient').fill('Ava Thompson');
  await page.getByRole('button', { name: 'Find patient' }).click();
  await expect(page.getByLabel('Patient', { exact: true })).toContainText('Thompson, Ava');
  await page.getByLabel('What should the patient send?').fill(what);
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Request sent.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: what })).toContainText('Waiting for the patient');
  await expectAccessible(page);
});

test('admin changes a reply target and a routing rule; pages pass axe', async ({ page }) => {
  await signIn(page, 'ada.admin@demo.portico.test');
  await page.getByRole('link', { name: 'Message routing' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Message routing' })).toBeVisible();
  const target = page.getByRole('spinbutton').first();
  await target.fill('12');
  await page.getByRole('button', { name: /^Save target for/ }).first().click();
  await expect(page.getByText('Saved: 12 business hours.')).toBeVisible();
  await page.getByRole('button', { name: /^Save team for/ }).first().click();
  await expect(page.getByText(/Saved: goes to/)).toBeVisible();
  await expectAccessible(page);

  await page.goto('/chart');
  await expect(page.getByRole('heading', { level: 1, name: 'Patient charts' })).toBeVisible();
  await expectAccessible(page);
});
