import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

test('the researcher opens the dashboard and sees Table 4 from the survey', async ({ page }) => {
  await signIn(page, 'rita.research@demo.portico.test');
  await page.getByRole('link', { name: 'Research' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Research dashboard');
  const t4 = page.getByRole('table', { name: /Table 4/ });
  await expect(t4).toBeVisible();
  await expect(t4.getByRole('rowheader', { name: /Message the doctor/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /Table 1/ })).toBeVisible();
  await expect(page.getByRole('table', { name: /heatmap/i })).toBeVisible();
  await expectAccessible(page);

  // measured use from the audit trail, with NS display
  await page.getByLabel('Feature use from').selectOption('measured');
  await page.getByLabel('Show NS for non-significant').check();
  await page.getByRole('button', { name: 'Run analysis' }).click();
  await expect(page.getByText(/measured use over the last 180 days/)).toBeVisible();
  await expect(page.getByRole('table', { name: /Table 4/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Manage survey campaigns' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Survey campaigns');
  await expect(page.getByRole('rowheader', { name: /diabetes care study/ })).toBeVisible();
  await expectAccessible(page);
});

test('the patient answers the survey partly, comes back, and completes it', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.getByRole('link', { name: /Please answer a short survey/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/How you use the portal/);
  await expectAccessible(page);

  const q = (name: RegExp) => page.getByRole('group', { name });
  await q(/lab test results/).getByLabel('5 · Often').check();
  await q(/Send a message to my doctor/).getByLabel('6 · Very often').check();
  await page.getByRole('button', { name: 'Save and finish later' }).click();
  await expect(page.getByText('Your answers are saved')).toBeVisible();

  // sending too early names what is missing
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await expect(page.getByRole('alert')).toContainText('Please answer');

  await page.goto('/');
  await page.getByRole('link', { name: /Finish your survey/ }).click();
  await expect(q(/lab test results/).getByLabel('5 · Often')).toBeChecked();
  const ratings: [RegExp, string][] = [
    [/my medical record/, '4 · Fairly often'], [/Ask for an appointment/, '3 · Sometimes'], [/Look at my bills/, '2 · Almost never'],
    [/clinic phone numbers/, '1 · Never'], [/Find a doctor/, '1 · Never'], [/Pay my bills/, '2 · Almost never'],
    [/maps and directions/, '1 · Never'], [/insurance information/, '1 · Never'],
  ];
  for (const [name, label] of ratings) await q(name).getByLabel(label).check();
  await q(/your gender/).getByLabel('Female').check();
  await q(/race or ethnic group/).getByLabel('White', { exact: true }).check();
  await page.getByLabel(/years of school/).fill('14');
  await q(/household income/).getByLabel('$50,000-$99,999').check();
  await page.getByLabel(/years have you had diabetes/).fill('5');
  await page.getByLabel(/years have you used this patient portal/).fill('2.5');
  await q(/take for your diabetes/).getByLabel('Oral only').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await expect(page.getByText('Thank you! Your answers were sent.')).toBeVisible();
  await expectAccessible(page);
});
