import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

test('an administrator searches the audit trail by user and outcome, pages it and downloads it as CSV', async ({ page }) => {
  // A failed sign-in to search for.
  await page.goto('/signin');
  await page.getByLabel('Email').fill('ava.patient@demo.portico.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await signIn(page, 'ada.admin@demo.portico.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit reports' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit reports');
  await expect(page.getByRole('status').filter({ hasText: /Showing 1–\d+ of [\d,]+ events\./ })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('User').fill('ada.admin');
  await page.getByLabel('Action').selectOption('login');
  await page.getByRole('button', { name: 'Search' }).click();
  const table = page.getByRole('table', { name: 'Audit events' });
  await expect(table.getByRole('row').nth(1)).toContainText('Ada Adams');
  await expect(table.getByRole('row').nth(1)).toContainText('login');
  const logins = await table.getByRole('row').count();
  expect(logins).toBeGreaterThanOrEqual(2); // the header and this sign-in
  // Retrying assertion: the table is re-rendered with the filtered rows after the search answers.
  await expect(table.getByRole('row').filter({ hasText: 'Ava' })).toHaveCount(0);

  await page.getByLabel('User').fill('ava.patient');
  await page.getByLabel('Action').selectOption('');
  await page.getByLabel('Outcome').selectOption('failure');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('login-failed');
  await expect(table.getByRole('row').nth(1)).toContainText('failure');
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these results as CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-events-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('Event id,Time (UTC),User,User email,Role,Patient,Patient MRN,Action,Resource type,Resource id,Outcome,IP address,Detail');
  expect(csv.length).toBeGreaterThanOrEqual(2);
  for (const line of csv.slice(1)) expect(line).toMatch(/,ava\.patient@demo\.portico\.test,patient,.*,login-failed,.*,failure,/);

  // Paging: with no filters there is more than one page of events in the demo clinic's week.
  await page.getByLabel('User').fill('');
  await page.getByLabel('Outcome').selectOption('');
  await page.getByRole('button', { name: 'Search' }).click();
  const pages = page.getByRole('navigation', { name: 'Pages of results' });
  await expect(pages).toContainText(/Page 1 of \d+/);
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(pages).toContainText(/Page 2 of \d+/);
  await expect(page.getByRole('status').filter({ hasText: /Showing 51–\d+ of/ })).toBeVisible();
  await expect(pages.getByRole('button', { name: 'Previous page' })).toBeEnabled();

  // A bad date range is refused with the reason.
  await page.getByLabel('From').fill('2026-03-05');
  await page.getByLabel('To').fill('2026-03-01');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('alert')).toContainText('the first day must be on or before the last day');
});

test('the patient’s activity log reads in plain words, with repeats shown once', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/record/medications');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicines');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medicines');
  await page.goto('/record/activity');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Who looked at my record');
  const first = page.getByRole('table', { name: 'Record activity' }).getByRole('row').nth(1);
  await expect(first).toContainText(/You looked at your medicines \((\d+) times\)/);
  await expect(page.getByText(/your a /)).toHaveCount(0);
  await expectAccessible(page);
});
