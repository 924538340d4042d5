import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

// Break-glass: the front desk may see demographics but not the clinical chart; with a written reason a staff member opens
// it for an hour, and the admin sees it on the break-glass report.

test('front desk is refused the clinical chart, breaks the glass with a reason, and the admin sees it', async ({ page }) => {
  await signIn(page, 'sam.scheduler@demo.portico.test');
  await page.getByRole('link', { name: 'Patient charts' }).click();
  await page.getByLabel('Name or MRN').fill('Ben');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: /^[^,]+, Ben/ }).first().click();

  const form = page.getByRole('region', { name: 'This chart is outside your normal access' });
  await expect(form).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('Outside your normal access');
  await expectAccessible(page);

  await form.getByRole('button', { name: 'Break the glass and open the chart' }).click();
  await expect(form.getByRole('alert')).toContainText('at least 10 characters');
  const reason = `Patient called about a fall ${Date.now()}`;
  await form.getByLabel('Why do you need this chart?').fill(reason);
  await form.getByRole('button', { name: 'Break the glass and open the chart' }).click();
  await expect(page.getByRole('region', { name: 'Problems' })).not.toContainText('Outside your normal access');
  await expect(form).toBeHidden();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'ada.admin@demo.portico.test');
  await expect(page.getByRole('link', { name: 'Break-glass report' })).toBeVisible();
  await page.goto('/admin/break-glass');
  await expect(page.getByRole('heading', { level: 1, name: 'Break-glass report' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: reason });
  await expect(row).toContainText('Sam');
  await expect(row).toContainText('Open until');
  await expectAccessible(page);
});
