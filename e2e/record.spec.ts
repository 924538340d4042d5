import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

test('Ava sees her test results with flags in words, and the HbA1c trend chart with her goal', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Test results' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Test results');
  const a1cRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Hemoglobin A1c' }) }).first();
  await expect(a1cRow).toContainText('%');
  await expect(a1cRow).toContainText('4 to 5.6');
  // HbA1c is worded against both the lab's range and the patient's goal (e.g. "Above the lab's normal range, but under your goal").
  await expect(a1cRow.getByText(/^(Above|Below|In) .*(lab's normal range|goal)/)).toBeVisible();
  // The link opens the composer without putting the test's name in the address (no health data in URLs).
  await expect(a1cRow.getByRole('link', { name: /Ask about this/ })).toHaveAttribute('href', '/messages/new');
  await expectAccessible(page);

  await page.getByRole('region', { name: 'See a test over time' }).getByRole('link', { name: 'Hemoglobin A1c' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hemoglobin A1c over time');
  await expect(page.getByText(/under 7%/).first()).toBeVisible();
  const chart = page.getByRole('figure');
  await expect(chart.getByRole('img', { name: /Hemoglobin A1c from .* results, first .*%, latest .*%/ })).toBeVisible();
  await expect(chart.locator('svg .recharts-line-curve')).toHaveCount(1);
  await expect(chart.locator('svg .recharts-reference-area')).toHaveCount(1);
  const table = page.getByRole('table', { name: /All Hemoglobin A1c results/ });
  expect(await table.getByRole('row').count()).toBeGreaterThan(15);
  await expect(page.getByRole('heading', { name: 'What is Hemoglobin A1c (HbA1c)?' })).toBeVisible();
  await expectAccessible(page);
});

test('Ava reads each part of her medical record', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  const pages: [string, string, RegExp][] = [
    ['/record', 'My health record', /Test results/],
    ['/record/problems', 'Health problems', /Type 2 diabetes/],
    ['/record/medications', 'Medicines', /Metformin/],
    ['/record/allergies', 'Allergies', /Reaction|No known allergies/],
    ['/record/immunizations', 'Shots (immunizations)', /Influenza/],
    ['/record/vitals', 'Blood pressure and weight', /Latest: \d+ over \d+/],
    ['/record/visits', 'Visits', /Paul Park, MD/],
    ['/record/documents', 'Documents', /After-visit summary/],
    ['/record/download', 'Download or print my record', /printable summary/],
  ];
  for (const [url, heading, text] of pages) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByRole('main')).toContainText(text);
    await expectAccessible(page);
  }
  await page.goto('/record/vitals');
  await expect(page.getByRole('img', { name: /Blood pressure from/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Body mass index \(BMI\) from/ })).toBeVisible();
});

test('Ava logs a low blood sugar reading, gets safety advice, and shares her log', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Blood sugar log' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blood sugar log');
  await expectAccessible(page);
  await page.getByLabel('Blood sugar (mg/dL)').fill('1200');
  await page.getByRole('button', { name: 'Save reading' }).click();
  await expect(page.getByRole('alert').first()).toContainText('outside what a home meter can read');
  await page.getByLabel('Blood sugar (mg/dL)').fill('62');
  await page.getByLabel('When did you check?').selectOption('before-meal');
  await page.getByRole('button', { name: 'Save reading' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: 62 mg/dL' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('15 grams of fast sugar');
  const table = page.getByRole('table', { name: 'Your readings, newest first' });
  // Other tests may log readings in the same minute: find this one by its value, not by its position.
  const row = table.getByRole('row').filter({ hasText: '62 mg/dL (low)' }).first();
  await expect(row).toBeVisible();
  await page.getByRole('button', { name: 'Only share them, no message' }).click();
  await expect(page.getByText(/Shared \d+ readings? with your care team/)).toBeVisible();
  await expect(row).toContainText('Yes');
  await expectAccessible(page);
});

test('Ava sends her record to a new doctor as a secure link, then sees it in who looked at her record', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/record/download');
  await page.getByLabel('Email address to send it to').fill('new.doctor@example.com');
  await page.getByLabel('What to send').selectOption('summary');
  await page.getByRole('button', { name: 'Send secure link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent a secure link to new.doctor@example.com' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'See who looked at or sent your record' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Who looked at my record');
  await expect(page.getByRole('main')).toContainText('You sent your record to new.doctor@example.com by secure link');
  await expectAccessible(page);
});
