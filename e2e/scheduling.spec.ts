import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

const AVA = 'ava.patient@demo.portico.test';

async function switchTo(page: Page, email: string) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, email);
}

test('request appointment → scheduler books → patient sees it', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/appointments');
  await expect(page.getByRole('heading', { level: 1, name: 'Appointments' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Upcoming' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Request an appointment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Request an appointment' })).toBeVisible();
  await page.getByLabel('What is the visit for?').fill('Blood sugar review E2E');
  await page.getByLabel('Who would you like to see? (optional)').selectOption({ label: 'Paul Park, MD' });
  await page.getByLabel('Kind of visit (optional)').selectOption({ label: 'Diabetes check-up (30 minutes)' });
  await page.getByRole('checkbox', { name: 'Tuesday' }).check();
  await page.getByRole('checkbox', { name: 'Morning (before noon)' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Request sent' })).toBeVisible();
  await expectAccessible(page);

  await switchTo(page, 'sam.scheduler@demo.portico.test');
  await page.goto('/staff/scheduling');
  await expect(page.getByRole('heading', { level: 1, name: 'Appointment requests' })).toBeVisible();
  const row = page.getByRole('row', { name: /Blood sugar review E2E/ });
  await expect(row).toBeVisible();
  await expectAccessible(page);
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ava Thompson');
  const first = page.getByRole('button', { name: /^Book / }).first();
  await expect(first).toBeVisible();
  await expectAccessible(page);
  const label = (await first.getAttribute('aria-label'))!.replace(/^Book /, '');
  await first.click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked:' })).toContainText(label);

  await switchTo(page, AVA);
  await page.goto('/appointments');
  const card = page.getByRole('listitem').filter({ hasText: label });
  await expect(card).toContainText('Paul Park, MD');
  await expect(card).toContainText('Diabetes check-up');
  await card.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Diabetes check-up' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Get directions (opens a map)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add to my calendar' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Ask: should I get labs before my visit?' }).click();
  await expect(page.getByRole('status')).toContainText('You asked about labs');
});

test('refill request → approved', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/refills/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Ask for a refill' })).toBeVisible();
  await page.getByRole('checkbox', { name: /Metformin/ }).check();
  await page.getByLabel('Note for your care team (optional)').fill('E2E refill note');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send refill request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Refill request sent' })).toBeVisible();

  await switchTo(page, 'nina.nurse@demo.portico.test');
  await page.goto('/staff/refills');
  const req = page.locator('section').filter({ hasText: 'E2E refill note' });
  await expect(req).toBeVisible();
  await expectAccessible(page);
  await req.getByRole('radio', { name: 'Approve' }).first().check();
  await req.getByRole('button', { name: 'Send decisions' }).click();
  await expect(page.locator('section').filter({ hasText: 'E2E refill note' })).toHaveCount(0);

  await switchTo(page, AVA);
  await page.goto('/refills');
  const card = page.getByRole('listitem').filter({ hasText: 'E2E refill note' });
  await expect(card).toContainText('Approved');
  await expect(card).toContainText('Nina Novak, RN');
  await expectAccessible(page);
});

test('referral pages are accessible; a referral request reaches the care team', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/referrals');
  await expect(page.getByText('Nashville Eye Associates will call you')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Ask for a referral' }).click();
  await page.getByLabel('Kind of specialist').selectOption('Nephrology');
  await page.getByLabel('Why do you need this referral?').fill('Kidney check E2E');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send referral request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral request sent' })).toBeVisible();
  await switchTo(page, 'nina.nurse@demo.portico.test');
  await page.goto('/staff/referrals');
  await expect(page.locator('section').filter({ hasText: 'Kidney check E2E' })).toBeVisible();
  await expectAccessible(page);
});
