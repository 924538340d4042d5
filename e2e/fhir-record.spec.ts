import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

test('Ava sees her procedures and care plans in plain words, and can read her record through the FHIR API', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/record/procedures');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Procedures');
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Diabetic foot examination' }) });
  await expect(row).toContainText('Done');
  await expectAccessible(page);

  await page.getByRole('navigation', { name: 'Health record' }).getByRole('link', { name: 'Care plans' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Care plans');
  await expect(page.getByRole('heading', { name: 'Diabetes self-management plan' })).toBeVisible();
  await expect(page.getByText('Walk 30 minutes, 5 days a week').first()).toBeVisible();
  await expectAccessible(page);

  // The portal session reads the same record through /fhir/R4.
  const bundle = await page.evaluate(async () => (await fetch('/fhir/R4/Procedure')).json());
  expect(bundle.resourceType).toBe('Bundle');
  expect(bundle.total).toBe(2);
  const meta = await page.evaluate(async () => (await fetch('/fhir/metadata')).json());
  expect(meta.resourceType).toBe('OperationOutcome');
});
