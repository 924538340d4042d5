import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

const cents = (s: string) => Math.round(Number(s.replace(/[^0-9.]/g, '')) * 100);

async function stillOwed(page: Page) {
  const text = await page.locator('dt', { hasText: /^Still owed$/ }).locator('xpath=following-sibling::dd[1]').innerText();
  return cents(text);
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry month').fill('12');
  await page.getByLabel('Expiry year').fill('30');
  await page.getByLabel('Security code').fill('123');
}

test('Ava pays part of a statement with the test card and sees the receipt and new balance; a declined card is explained', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing and payments');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Statement RB-001-0002', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statement RB-001-0002');
  await expect(page.getByRole('table').first()).toContainText('Insurance paid');
  await expectAccessible(page);
  const before = await stillOwed(page);
  expect(before).toBeGreaterThan(1000);

  await page.getByLabel('A different amount').check();
  await page.getByLabel('Amount in dollars').fill('10.00');
  await fillCard(page, '4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'declined' })).toBeVisible();
  expect(await stillOwed(page)).toBe(before);

  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay now' }).dblclick();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you. Your payment went through.');
  await expect(page.getByText(/Receipt R-\d+/)).toBeVisible();
  await expect(page.getByText('Visa ending in 4242')).toBeVisible();
  const after = cents(await page.locator('dt', { hasText: 'Still owed on this statement' }).locator('xpath=following-sibling::dd[1]').innerText());
  expect(after).toBe(before - 1000);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Back to the statement' }).click();
  expect(await stillOwed(page)).toBe(before - 1000);
  // The double click paid once.
  await expect(page.getByText(/\$10\.00 paid/)).toHaveCount(1);
});

test('find a doctor by partial name, by a misspelling, and by specialty and language; the profile links to appointments', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/find-a-doctor');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a doctor');
  await page.getByLabel('Name or specialty').fill('Okaf');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: 'James Okafor, MD' })).toBeVisible();
  await page.getByLabel('Name or specialty').fill('Okafr');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('closest spellings')).toBeVisible();
  await expect(page.getByRole('link', { name: 'James Okafor, MD' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByLabel('Specialty', { exact: true }).selectOption('Nephrology');
  await page.getByLabel('Speaks').selectOption('Spanish');
  await expect(page.getByRole('status').filter({ hasText: '1 clinician found' })).toBeVisible();
  await page.getByRole('link', { name: 'Tomás Herrera, MD' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tomás Herrera, MD');
  await expect(page.getByRole('link', { name: /Request an appointment/ })).toHaveAttribute('href', /\/appointments\/request\?clinicianId=/);
  await expect(page.getByRole('link', { name: /Send a message/ })).toHaveCount(0);
  await expectAccessible(page);

  // Her own doctor can be messaged.
  await page.goto('/find-a-doctor?q=park');
  await page.getByRole('link', { name: 'Paul Park, MD' }).click();
  await expect(page.getByRole('link', { name: /Send a message/ })).toHaveAttribute('href', /\/messages\/new\?providerId=/);
});

test('a location shows address, notes, a map that works offline and a directions link', async ({ page }) => {
  await signIn(page, 'ben.patient@demo.portico.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Locations' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Locations and directions');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Riverbend Heart Clinic', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Riverbend Heart Clinic');
  await expect(page.locator('address')).toContainText('85 Harpeth Row');
  await expect(page.getByRole('link', { name: /Get directions/ })).toHaveAttribute('href', 'https://www.google.com/maps/dir/?api=1&destination=36.1372,-86.7996');
  await expect(page.getByRole('link', { name: 'Open in my map app' })).toHaveAttribute('href', /^geo:36\.1372,-86\.7996/);
  await expect(page.getByRole('img', { name: /Where Riverbend Heart Clinic is/ })).toBeVisible();
  await expect(page.getByText('Valet at the front door')).toBeVisible();
  await expectAccessible(page);
});

test('with a tile server the map shows tiles, and falls back to the static locator when tiles fail', async ({ page }) => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  let tileUrl = 'https://tiles.example.test/{z}/{x}/{y}.png';
  await page.route('**/api/directory/map-config', (r) => r.fulfill({ json: { tileUrl, attribution: 'Test tiles' } }));
  await page.route('https://tiles.example.test/**', (r) => r.fulfill({ body: png, contentType: 'image/png' }));
  await page.route('https://offline.example.test/**', (r) => r.abort());
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/locations');
  await page.getByRole('link', { name: 'Riverbend Kidney Center', exact: true }).click();
  await expect(page.getByRole('img', { name: /Street map around Riverbend Kidney Center/ })).toBeVisible();
  await expect(page.getByText('Test tiles')).toBeVisible();
  await expectAccessible(page);
  tileUrl = 'https://offline.example.test/{z}/{x}/{y}.png';
  await page.reload();
  await expect(page.getByRole('img', { name: /Where Riverbend Kidney Center is/ })).toBeVisible();
  await expect(page.locator('address')).toContainText('3100 West End Circle');
});

test('phone directory lists clinics and departments with call links', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/directory');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Phone numbers');
  await expect(page.getByRole('heading', { name: 'Nephrology (Kidney Care)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nurse line, Cardiology: 615-555-0301' })).toHaveAttribute('href', 'tel:+16155550301');
  await expect(page.getByRole('link', { name: /Billing office: 615-555-0150/ })).toHaveAttribute('href', 'tel:+16155550150');
  await expectAccessible(page);
});

test('insurance page and the billing office are accessible', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/insurance');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your insurance');
  await expect(page.getByText('Volunteer State Health Plan').first()).toBeVisible();
  await page.getByLabel('Insurance company').fill('Cumberland Mutual Health');
  await page.getByLabel('Member ID').fill('CMH-123');
  await page.getByRole('button', { name: 'Send to the front desk' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'sent to the front desk' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'bill.billing@demo.portico.test');
  await page.goto('/billing/office');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing office');
  await expect(page.getByRole('link', { name: 'Ava Thompson' })).toBeVisible();
  await expectAccessible(page);
});

test('on a 390×844 phone: statement, find a doctor and a location fit the screen and pass axe', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'ben.patient@demo.portico.test');
  const noSideScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false);
  await page.goto('/billing');
  await page.getByRole('link', { name: 'Statement RB-002-0002', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statement RB-002-0002');
  await noSideScroll();
  await expectAccessible(page);
  await page.goto('/find-a-doctor?q=kidney');
  await expect(page.getByRole('link', { name: 'Aisha Bello, MD' })).toBeVisible();
  await noSideScroll();
  await expectAccessible(page);
  await page.goto('/locations');
  await page.getByRole('link', { name: 'Riverbend Eye Institute', exact: true }).click();
  await expect(page.getByRole('link', { name: /Get directions/ })).toBeVisible();
  await noSideScroll();
  await expectAccessible(page);
});

test("the urgent-help strip on every page gives the nurse line of the person's own clinic from the directory", async ({ page }) => {
  // Signed out (one organization on this server) the sign-in page already names the nurse line.
  await page.goto('/signin');
  const strip = page.getByRole('complementary', { name: 'Urgent help' });
  await expect(strip.getByRole('link', { name: '615-555-0101' })).toHaveAttribute('href', 'tel:+16155550101');
  await signIn(page, 'ava.patient@demo.portico.test');
  await expect(strip).toContainText('Call 911');
  await expect(strip.getByRole('link', { name: '615-555-0101' })).toHaveAttribute('href', 'tel:+16155550101');
  await page.getByRole('button', { name: 'Sign out' }).click();
  // A cardiologist sees the Cardiology nurse line, not a number built into the page.
  await signIn(page, 'james.okafor@demo.portico.test');
  await page.goto('/find-a-doctor');
  await expect(strip).toContainText('Cardiology');
  await expect(strip.getByRole('link', { name: '615-555-0301' })).toHaveAttribute('href', 'tel:+16155550301');
  await expectAccessible(page);
});
