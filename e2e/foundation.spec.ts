import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, signIn } from './helpers';

test('sign-in page is accessible and rejects a wrong password with a clear message', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  await expectAccessible(page);
  await page.getByLabel('Email').fill('ava.patient@demo.portico.test');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('email or password is not right');
});

test('the demo patient signs in and sees her home', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ava');
  await expect(page.getByRole('complementary', { name: 'Urgent help' })).toContainText('Call 911');
  await expect(page.getByText('Your clinic: Primary Care')).toBeVisible();
  await expectAccessible(page);
});

test('the demo nurse signs in and sees the care team home; sign out works', async ({ page }) => {
  await signIn(page, 'nina.nurse@demo.portico.test');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Care team home');
  await expect(page.getByText('Nina Novak, RN').first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
});

test('the home page is usable on a phone-sized screen with the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/signin');
  await page.keyboard.press('Tab');
  await page.getByLabel('Email').focus();
  await page.keyboard.type('ben.patient@demo.portico.test');
  await page.keyboard.press('Tab');
  await page.keyboard.type('portico-demo');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ben');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  expect(overflow).toBe(false);
});

test('an idle session ends with a clear message', async ({ page }) => {
  // This server signs sessions out after 3 seconds without activity.
  const base = `http://localhost:${Number(process.env.E2E_PORT) + 1}`;
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill('ava.patient@demo.portico.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ava');
  await page.waitForTimeout(4_000);
  await page.reload();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('status')).toContainText('signed out because there was no activity');
});
