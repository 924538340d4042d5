import { expect, test, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { DEMO_PASSWORD, expectAccessible, signIn } from './helpers';

// Two-step sign-in (ONC 170.315(d)(13)) end to end: a nurse enrols an authenticator app from the QR page, signs out, and
// signs in again with a code computed here with otplib (as her phone would), then once with a recovery code.
// grace.kim is used by no other browser test, so turning MFA on for her does not change anyone else's flow.
const EMAIL = 'grace.kim@demo.portico.test';
/** A code for the next 30-second step: the server accepts one step of drift and never the same step twice. */
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

async function passwordStep(page: Page) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Code from your authenticator app')).toBeVisible();
}

test('a nurse turns on two-step sign-in, then signs in with a code from her app and with a recovery code', async ({ page }) => {
  await signIn(page, EMAIL);
  await page.getByRole('link', { name: 'Sign-in security' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign-in security');
  await expect(page.getByText('Two-step sign-in is off.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code to add Portico to your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectAccessible(page);
  await page.getByLabel('6-digit code from the app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect(page.getByText('Two-step sign-in is now on.')).toBeVisible();
  const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.nth(0).innerText()).trim();
  expect(recovery).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'I saved my recovery codes' }).click();
  await expect(page.getByText('Two-step sign-in is on.')).toBeVisible();
  await expect(page.getByText('You have 10 recovery codes left.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();

  // The password alone is not enough: the page asks for the code, and a wrong one is refused in words.
  await passwordStep(page);
  await expectAccessible(page);
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await page.getByLabel('Code from your authenticator app').fill(await nextCode(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Care team home');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // A recovery code works in place of the app's code.
  await passwordStep(page);
  await page.getByLabel('Code from your authenticator app').fill(recovery);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Care team home');
  await page.getByRole('link', { name: 'Sign-in security' }).click();
  await expect(page.getByText('You have 9 recovery codes left.')).toBeVisible();
});
