import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

test('Ava asks for a refill from her medicines page, with the medicine already chosen', async ({ page }) => {
  // Insulin: the demo's open refill request is for atorvastatin, and the scheduling test asks for metformin (one open request per medicine).
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/record/medications');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicines');
  const current = page.getByRole('table', { name: 'Current medicines' });
  const row = current.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Insulin glargine/ }) });
  const link = row.getByRole('link', { name: /Request a refill of Insulin glargine/ });
  await expect(link).toHaveAttribute('href', /\/refills\/new\?medicationId=[0-9a-f-]{36}$/);
  // Past medicines cannot be refilled online.
  await expect(page.getByRole('table', { name: 'Medicines you no longer take' }).getByRole('link', { name: /Request a refill/ })).toHaveCount(0);
  await expectAccessible(page);

  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ask for a refill');
  await expect(page.getByRole('checkbox', { name: /Insulin glargine/ })).toBeChecked();
  const checked = await page.getByRole('checkbox', { checked: true }).count();
  expect(checked).toBe(1);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send refill request' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Refill request sent');
  await page.getByRole('link', { name: 'See my refill requests' }).click();
  await expect(page.getByText(/Insulin glargine/).first()).toBeVisible();
});

test('Ava sends her blood sugar readings to her care team and sees the conversation', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/glucose');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blood sugar log');
  await page.getByLabel(/Blood sugar \(/).fill('131');
  await page.getByRole('button', { name: 'Save reading' }).click();
  await expect(page.getByText(/Saved: 131/)).toBeVisible();
  await page.getByLabel('Show').selectOption('7');
  await page.getByLabel('Note for your care team (optional)').fill('My fasting numbers went up this week.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send my readings to my care team' }).click();
  const done = page.getByRole('status').filter({ hasText: /Sent \d+ readings? to your care team/ });
  await expect(done).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '131 mg/dL' }).first()).toContainText('Yes');
  await expectAccessible(page);

  await done.getByRole('link', { name: 'See the conversation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My blood sugar readings, last 7 days');
  await expect(page.getByText(/131 mg\/dL/).first()).toBeVisible();
  await expect(page.getByText(/My note: My fasting numbers went up this week\./)).toBeVisible();
  await expectAccessible(page);
});

test('The scheduler edits a clinician\'s availability; the physician sees his own', async ({ page }) => {
  await signIn(page, 'sam.scheduler@demo.portico.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Availability' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clinician availability');
  const picker = page.getByLabel('Clinician');
  await picker.selectOption({ label: 'Paul Park, MD' });
  await expect(page.getByRole('heading', { name: 'Weekly hours for Paul Park, MD' })).toBeVisible();
  await expectAccessible(page);

  // Add Saturday 09:00–10:00 and remove it again.
  await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Saturday' });
  await page.getByLabel('Start', { exact: true }).selectOption('09:00');
  await page.getByLabel('End', { exact: true }).selectOption('10:00');
  await page.getByRole('button', { name: 'Add these hours' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added Saturday 09:00–10:00.' })).toBeVisible();
  const sat = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Saturday' }) }).filter({ hasText: '09:00–10:00' });
  await expect(sat).toHaveCount(1);
  await sat.getByRole('button', { name: /Remove/ }).click();
  await expect(sat).toHaveCount(0);

  // Time off: add and remove.
  const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Starts').fill(`${day}T08:00`);
  await page.getByLabel('Ends').fill(`${day}T17:00`);
  await page.getByLabel('Reason').fill('Training day');
  await page.getByRole('button', { name: 'Add time off' }).click();
  const off = page.getByRole('listitem').filter({ hasText: 'Training day' });
  await expect(off).toBeVisible();
  await expectAccessible(page);
  await off.getByRole('button', { name: /Remove/ }).click();
  await expect(off).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'paul.physician@demo.portico.test');
  await page.goto('/staff/availability');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clinician availability');
  await expect(page.getByLabel('Clinician')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /Weekly hours for Paul Park/ })).toBeVisible();
  await expectAccessible(page);
});
