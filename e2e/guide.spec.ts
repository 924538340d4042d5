import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers';

// Issue 16: "How messaging works" — reachable from home, the messages list and the composer; the first-use walkthrough
// (shown once, skippable); the status words on the guide are the ones the conversation page shows; Spanish; axe 0.

const AVA = 'ava.patient@demo.portico.test';
const BEN = 'ben.patient@demo.portico.test';
const GUIDE = { name: 'How messaging works' };

async function openGuideFrom(page: Page, start: string) {
  await page.goto(start);
  await page.getByRole('link', GUIDE).first().click();
  await expect(page).toHaveURL(/\/messages\/guide$/);
  await expect(page.getByRole('heading', { level: 1, name: 'How messaging works' })).toBeVisible();
}

test('first-use walkthrough: shown the first time, skippable, not shown again, and reopened from the guide', async ({ page }) => {
  await signIn(page, BEN);
  await page.goto('/messages');
  const tour = page.getByRole('region', { name: 'A short tour of messaging' });
  await expect(tour).toBeVisible();
  await expect(tour).toContainText('Step 1 of 4');
  await expect(tour).toContainText('call 911');
  await expectAccessible(page);
  await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour).toContainText('Step 2 of 4');
  await expect(tour.getByText(/A nurse reads it first/)).toBeFocused();
  await tour.getByRole('button', { name: 'Skip the tour' }).click();
  await expect(tour).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Messages' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'A short tour of messaging' })).toHaveCount(0);

  // Reopened from the guide: it takes focus, Escape closes it, focus returns to the button.
  await page.getByRole('link', GUIDE).click();
  await page.getByRole('button', { name: 'Show the short tour again' }).click();
  const again = page.getByRole('region', { name: 'A short tour of messaging' });
  await expect(again.getByRole('heading', { name: 'A short tour of messaging' })).toBeFocused();
  for (let i = 0; i < 3; i++) await again.getByRole('button', { name: 'Next' }).click();
  await expect(again).toContainText('Step 4 of 4');
  await expect(again).toContainText(/Expect a reply within/);
  await page.keyboard.press('Escape');
  await expect(again).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show the short tour again' })).toBeFocused();
});

test('the guide is reachable from home, the messages list and the composer, with the clinic’s own facts', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/messages');
  // Ava finished the tour before: it is not offered again.
  await expect(page.getByRole('region', { name: 'A short tour of messaging' })).toHaveCount(0);
  await openGuideFrom(page, '/');
  await openGuideFrom(page, '/messages');
  await openGuideFrom(page, '/messages/new');
  const use = page.getByRole('region', { name: 'What messages are for' });
  await expect(use.getByText('An emergency. Call 911.')).toBeVisible();
  // The nurse line of Ava's own clinic (from the clinic data), as a phone link.
  await expect(use.getByRole('listitem').filter({ hasText: 'Call the nurse line at Primary Care' }).getByRole('link', { name: '615-555-0101' }))
    .toHaveAttribute('href', 'tel:+16155550101');
  // The live reply targets (the composer's categories), not copied text.
  const speed = page.getByTestId('guide-speed');
  await expect(speed.getByRole('row', { name: /Prescription refill/ })).toContainText('Expect a reply within 2 business days.');
  await expect(speed.getByRole('row', { name: /Medical question/ })).toContainText('Expect a reply within 1 business day.');
  await expect(page.getByRole('list').filter({ hasText: 'You write and send your message.' })).toContainText('A nurse reads it first');
  await expect(page.getByText(/stays in your medical record/)).toBeVisible();
  expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  await expectAccessible(page);
});

test('the status words on the guide are the ones the conversation page shows', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/messages');
  const links = page.locator('.thread-list a');
  await expect(links.first()).toBeVisible();
  const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
  const threadStatuses = new Set<string>();
  const progress = new Set<string>();
  for (const href of hrefs) {
    await page.goto(href);
    const line = page.locator('.status-text');
    await expect(line).toBeVisible();
    threadStatuses.add((await line.innerText()).replace(/^[^:]*:\s*/, '').replace(/^(Closed):.*$/, '$1').trim());
    for (const li of await page.getByRole('list', { name: 'Message progress' }).locator('li').allInnerTexts())
      if (/^(Received by|Not read yet|Not answered yet)/.test(li.trim())) progress.add(li.trim());
  }
  expect(threadStatuses.size).toBeGreaterThanOrEqual(2);
  await page.goto('/messages/guide');
  await expect(page.getByTestId('guide-statuses').locator('tbody th').first()).toBeVisible();
  const onGuide = await page.getByTestId('guide-statuses').locator('tbody th').allInnerTexts();
  for (const s of threadStatuses) expect(onGuide, `conversation status "${s}"`).toContain(s);
  const onGuideProgress = await page.getByTestId('guide-progress').locator('tbody th').allInnerTexts();
  for (const p of progress) expect(onGuideProgress, `message progress "${p}"`).toContain(p);
});

test('in Spanish: the guide and the tour, axe-clean', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/messages/guide');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cómo funcionan los mensajes' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByText('Una emergencia. Llame al 911.')).toBeVisible();
  await expect(page.getByTestId('guide-statuses')).toContainText('Contestada');
  await expect(page.getByTestId('guide-speed')).toContainText('día hábil');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Ver el recorrido corto otra vez' }).click();
  await expect(page.getByRole('region', { name: 'Un recorrido corto por los mensajes' })).toContainText('Paso 1 de 4');
  await expectAccessible(page);
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Cómo funcionan los mensajes' })).toBeVisible();
  // Back to English (the choice is saved for Ava, and other specs sign her in expecting English).
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a clinician explains messaging from the chart; the patient sees it on the home page; the hand-out prints the same', async ({ browser }) => {
  const doc = await (await browser.newContext()).newPage();
  await signIn(doc, 'paul.physician@demo.portico.test');
  await doc.goto('/chart');
  await doc.getByLabel(/name or MRN/i).first().fill('Carter');
  await doc.keyboard.press('Enter');
  await doc.getByRole('link', { name: /Carter/ }).first().click();
  const section = doc.getByRole('region', { name: 'Explain messaging' });
  await section.getByLabel('Your instructions for this patient (optional)').fill('Message me your glucose readings every two weeks');
  await section.getByLabel('I will print a hand-out for the visit').check();
  await section.getByRole('button', { name: 'Explain messaging' }).click();
  await expect(section.getByText('Done. The patient will see the guide on their home page.')).toBeVisible();
  await expectAccessible(doc);
  await section.getByRole('link', { name: 'Open the printable hand-out' }).click();
  await expect(doc.getByRole('heading', { level: 1, name: 'How messaging works: for Ben Carter' })).toBeVisible();
  await expect(doc.getByText('Message me your glucose readings every two weeks')).toBeVisible();
  await expect(doc.getByTestId('guide-speed')).toContainText('Expect a reply within');
  await expectAccessible(doc);

  const ben = await (await browser.newContext()).newPage();
  await signIn(ben, BEN);
  const card = ben.getByRole('link', { name: 'Paul Park, MD explained how messaging works. Read the guide' });
  await expect(card).toBeVisible();
  await expect(ben.getByText('Your care team asked: “Message me your glucose readings every two weeks”')).toBeVisible();
  await card.click();
  await expect(ben.getByRole('heading', { level: 2, name: 'What your care team asked' })).toBeVisible();
  await ben.goto('/');
  await expect(ben.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(ben.getByRole('link', { name: /explained how messaging works/ })).toHaveCount(0);
});

test('the research dashboard compares guided and not-guided patients, de-identified', async ({ page }) => {
  await signIn(page, 'rita.research@demo.portico.test');
  await page.goto('/research');
  const table = page.getByTestId('guide-comparison');
  await expect(table.getByRole('row', { name: /Asked by Paul Park, MD/ })).toBeVisible();
  // 26 demo patients saw the guide or were asked, and Ben was just asked by Dr. Park (test above): 27.
  await expect(table.getByRole('row', { name: /Saw the guide or asked by a clinician/ }).getByRole('cell').first()).toHaveText('27');
  await expect(page.getByRole('link', { name: 'Guide comparison, de-identified (CSV)' })).toHaveAttribute('href', '/api/research/guide-comparison.csv?windowDays=365');
  await expectAccessible(page);
});
