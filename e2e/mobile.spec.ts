import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// Issue 13: every page usable on a small phone (320 CSS px, WCAG 1.4.10), its own title, focus on its h1 after
// navigation, focus and a live message after an action, a header that leaves room for the page, and an idle sign-out
// that warns first.
//
// The sweep runs in English and Spanish (PORTICO_E2E_LANGS=en narrows it to one language while developing); the
// route lists do not change (they are URLs), only the language the pages are shown in.

type Lang = 'en' | 'es';
const LANGS: Lang[] = ((process.env.PORTICO_E2E_LANGS ?? 'en,es').split(',').filter((l) => l === 'en' || l === 'es')) as Lang[];

const AVA = 'ava.patient@demo.portico.test';
const NINA = 'nina.nurse@demo.portico.test';
const ADA = 'ada.admin@demo.portico.test';
const BILL = 'bill.billing@demo.portico.test';
const RITA = 'rita.research@demo.portico.test';
const SAM = 'sam.scheduler@demo.portico.test';
const PAUL = 'paul.physician@demo.portico.test';

/** A route to visit: a fixed URL, or the first link on a list page whose href matches (for ids), or an id from the API. */
type Target = string | { from: string; href: RegExp } | { api: string; pick: (json: unknown) => string };

/** Every patient route in web/routes.tsx (and the feature route files it mounts), as Ava. */
const PATIENT_ROUTES: Target[] = [
  '/', '/messages', '/messages/new', '/messages/guide', { from: '/messages', href: /^\/messages\/[0-9a-f-]{36}$/ },
  '/results', { from: '/results', href: /^\/results\/trend\/[^/]+$/ },
  '/record', '/record/problems', '/record/medications', '/record/allergies', '/record/immunizations', '/record/vitals', '/record/visits',
  '/record/documents', '/record/download', '/record/activity', '/glucose', '/blood-pressure', '/weight',
  '/appointments', '/appointments/request', { from: '/appointments', href: /^\/appointments\/[0-9a-f-]{36}$/ },
  '/refills', '/refills/new', '/referrals', '/referrals/new',
  '/billing', { from: '/billing', href: /^\/billing\/statements\/[0-9a-f-]{36}$/ }, { from: '/billing', href: /^\/billing\/payments\/[0-9a-f-]{36}$/ },
  '/insurance', '/find-a-doctor', { from: '/find-a-doctor', href: /^\/find-a-doctor\/[0-9a-f-]{36}$/ }, '/directory',
  '/locations', { from: '/locations', href: /^\/locations\/[0-9a-f-]{36}$/ }, '/sharing', '/security', '/apps',
  '/surveys', { from: '/surveys', href: /^\/surveys\/[0-9a-f-]{36}$/ }, '/no-such-page',
];

/** Staff routes, each as someone allowed to see it. */
const STAFF_ROUTES: Record<string, Target[]> = {
  [NINA]: [
    '/', '/inbasket', { from: '/inbasket', href: /^\/inbasket\/[0-9a-f-]{36}$/ }, '/inbasket/report', '/chart',
    { api: '/api/patients?q=Thompson', pick: (j) => `/chart/${(j as { patients: { id: string }[] }).patients[0].id}` },
    { api: '/api/patients?q=Thompson', pick: (j) => `/guide/handout/${(j as { patients: { id: string }[] }).patients[0].id}` },
    '/staff/settings', '/staff/refills', '/staff/referrals', '/staff/scheduling', '/find-a-doctor', '/directory', '/locations', '/security',
  ],
  [SAM]: ['/staff/scheduling', { from: '/staff/scheduling', href: /^\/staff\/scheduling\/[0-9a-f-]{36}$/ }, '/staff/availability', '/insurance/requests'],
  [PAUL]: ['/staff/availability'],
  [BILL]: ['/billing/office', { from: '/billing/office', href: /^\/billing\/office\/accounts\/[0-9a-f-]{36}$/ }, '/insurance/requests'],
  [ADA]: ['/admin/inbasket', '/admin/audit', '/admin/break-glass'],
  [RITA]: ['/research', '/research/campaigns'],
};

/**
 * Top-level routes the sweep deliberately does not visit on their own: /signin is checked signed out below, and
 * /apps/authorize/:uid only exists inside a running OAuth authorization.
 */
const NOT_SWEPT = new Set(['/signin', '*']);

const urlOf = (t: Target) => (typeof t === 'string' ? t : 'from' in t ? `${t.from} (one item)` : t.api);

async function useLanguage(page: Page, lang: Lang) {
  // The device's remembered choice (web/i18n: localStorage + cookie), set before any page script runs.
  await page.addInitScript((l) => {
    try { localStorage.setItem('portico.locale', l); } catch { /* ignore */ }
    document.cookie = `portico_locale=${l}; path=/`;
  }, lang);
}

async function resolve(page: Page, t: Target): Promise<string> {
  if (typeof t === 'string') return t;
  if ('api' in t) {
    const res = await page.request.get(t.api);
    expect(res.status(), t.api).toBe(200);
    return t.pick(await res.json());
  }
  await page.goto(t.from);
  await settle(page);
  let href: string | undefined;
  await expect.poll(async () => {
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    href = hrefs.find((h) => t.href.test(h));
    return href;
  }, { message: `a link matching ${t.href} on ${t.from}` }).toBeTruthy();
  return href!;
}

/** The page has its heading and has finished loading its data. */
async function settle(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.locator('main')).not.toContainText(/Loading|Cargando/, { timeout: 15_000 });
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

/** Visits each route at 320 × 640 and checks: no sideways scrolling, one h1, its own title, and axe. */
async function sweep(page: Page, routes: Target[], who: string) {
  const visited: string[] = [];
  for (const t of routes) {
    const started = Date.now();
    const url = await resolve(page, t);
    await page.goto(url);
    await settle(page);
    visited.push(url);
    if (process.env.MOBILE_DEBUG) console.log(`${who} ${url} loaded in ${Date.now() - started} ms`);
    expect.soft(await overflow(page), `${who} ${url}: page scrolls sideways at 320 px by`).toBeLessThanOrEqual(0);
    const h1s = await page.locator('h1').allTextContents();
    expect.soft(h1s.length, `${who} ${url}: one h1`).toBe(1);
    const title = await page.title();
    if (url === '/') expect.soft(title, `${who} ${url}: title`).toMatch(/^\S.* – Portico$/);
    else expect.soft(title, `${who} ${url}: title`).toBe(`${h1s[0].replace(/\s+/g, ' ').trim()} – Portico`);
    expect.soft(await axeViolations(page), `${who} ${url}: axe`).toEqual([]);
  }
  return visited;
}

/** Signs out of a context; a Spanish run puts the person's saved language back to English for the tests that follow. */
async function done(context: BrowserContext, page: Page, lang: Lang) {
  if (lang !== 'en') await page.request.put('/api/me/locale', { data: { locale: 'en' } });
  await context.close();
}

const chunks = <T,>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

async function newSignedIn(browser: Browser, email: string, lang: Lang, viewport = { width: 320, height: 640 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await useLanguage(page, lang);
  if (lang === 'en') await signIn(page, email);
  else {
    await page.goto('/signin');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('.site-header')).toBeVisible();
    // Signed in, the person's saved language wins over the device's: save this run's language for them (done() puts
    // English back) and reload.
    expect((await page.request.put('/api/me/locale', { data: { locale: lang } })).status()).toBeLessThan(300);
    await page.reload();
    await expect(page.locator('.site-header')).toBeVisible();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  return { context, page };
}

test('every top-level route in web/routes.tsx is in the 320 px sweep', () => {
  const src = fs.readFileSync(path.join(process.cwd(), 'web/routes.tsx'), 'utf8');
  const top = [...src.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1].replace(/\/\*$/, ''));
  // A route with a parameter (/guide/handout/:patientId) is covered by a URL that fills it in.
  const covers = (route: string, url: string) =>
    new RegExp(`^${route.replace(/:[A-Za-z]+/g, '[^/]+')}(/.*)?$`).test(url);
  const swept = [...PATIENT_ROUTES, ...Object.values(STAFF_ROUTES).flat()]
    .map((t) => (typeof t === 'string' ? t : 'from' in t ? t.from : t.pick({ patients: [{ id: 'x' }] })));
  const missing = top.filter((p) => !NOT_SWEPT.has(p) && !swept.some((s) => covers(p, s)));
  expect(missing).toEqual([]);
});

for (const lang of LANGS) {
  test.describe(`320 px sweep (${lang})`, () => {
    // Patient pages in groups of eight (a test each, so a slow page shows which group it is in).
    for (const [i, group] of chunks(PATIENT_ROUTES, 8).entries()) {
      test(`patient pages, as Ava, part ${i + 1}: ${group.map(urlOf).join(', ')} (${lang})`, async ({ browser }) => {
        test.setTimeout(240_000);
        const { context, page } = await newSignedIn(browser, AVA, lang);
        const visited = await sweep(page, group, 'ava');
        expect(visited).toHaveLength(group.length);
        await done(context, page, lang);
      });
    }

    for (const [email, routes] of Object.entries(STAFF_ROUTES)) {
      test(`staff pages as ${email.split('@')[0]}: ${routes.map(urlOf).join(', ')} (${lang})`, async ({ browser }) => {
        test.setTimeout(240_000);
        const { context, page } = await newSignedIn(browser, email, lang);
        const visited = await sweep(page, routes, email.split('@')[0]);
        expect(visited).toHaveLength(routes.length);
        await done(context, page, lang);
      });
    }

    test(`the sign-in page fits and has its title (${lang})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await useLanguage(page, lang);
      await page.goto('/signin');
      await settle(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      const h1 = (await page.locator('h1').textContent())!.trim();
      // The sign-in heading names Portico already ("Sign in to Portico"), so the title is the heading alone.
      await expect(page).toHaveTitle(h1.includes('Portico') ? h1 : `${h1} – Portico`);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });

    test(`the header and urgent-help strip take at most a quarter of a 640 px-high screen (${lang})`, async ({ browser }) => {
      for (const email of [AVA, NINA]) {
        for (const width of [320, 390, 1280]) {
          const { context, page } = await newSignedIn(browser, email, lang, { width, height: 640 });
          await settle(page);
          const height = await page.evaluate(() => {
            const h = document.querySelector('.site-header')!.getBoundingClientRect();
            const u = document.querySelector('aside.urgent')!.getBoundingClientRect();
            return Math.max(h.bottom, u.bottom) - Math.min(h.top, u.top);
          });
          expect.soft(height, `${email} at ${width}×640`).toBeLessThanOrEqual(160);
          await done(context, page, lang);
        }
      }
    });
  });
}

test('wide tables and dashboards fit at 390 px and at 1280 px too', async ({ browser }) => {
  test.setTimeout(180_000);
  for (const [email, urls] of [[RITA, ['/research', '/research/campaigns']], [NINA, ['/inbasket', '/inbasket/report']], [AVA, ['/results', '/glucose']]] as const) {
    for (const width of [390, 1280]) {
      const { context, page } = await newSignedIn(browser, email, 'en', { width, height: 800 });
      for (const url of urls) {
        await page.goto(url);
        await settle(page);
        expect.soft(await overflow(page), `${email} ${url} at ${width} px`).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
  }
});

test('navigation: each page names itself, the scroll resets, focus goes to the page heading', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 640 });
  await signIn(page, AVA);
  await expect(page).toHaveTitle('Home – Portico');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Messages', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Messages' })).toBeFocused();
  await expect(page).toHaveTitle('Messages – Portico');

  await nav.getByRole('link', { name: 'Health record' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My health record' })).toBeFocused();
  await expect(page).toHaveTitle('My health record – Portico');
  // Scroll down to a link near the bottom of the page; the next page starts at its top.
  const link = page.locator('main ul.cards').getByRole('link', { name: 'Download or print' });
  await link.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 400));
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Download or print my record' })).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page).toHaveTitle('Download or print my record – Portico');

  // Back and forward are navigation too.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'My health record' })).toBeFocused();
});

test('tables wider than a phone scroll in their own labelled region, never the page', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, AVA);
  await page.goto('/record/medications');
  await settle(page);
  const region = page.getByRole('region', { name: 'Current medicines' });
  await expect(region).toHaveAttribute('tabindex', '0');
  expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  // A keyboard user can reach it and scroll it.
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});

test('after an action, focus and a message go to the confirmation or the error', async ({ page, browser }) => {
  await signIn(page, AVA);

  // A second refill request for a medicine already waiting is refused, and the error names the open request.
  await page.goto('/refills/new');
  await settle(page);
  const atorvastatin = page.getByRole('checkbox', { name: /Atorvastatin/ });
  await expect(atorvastatin).toHaveAccessibleDescription(/Already asked for on .+: waiting for an answer\./);
  await atorvastatin.check();
  await page.getByRole('button', { name: 'Send refill request' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'You already asked for a refill of Atorvastatin' });
  await expect(refused).toBeFocused();
  await expect(refused).toContainText('waiting for an answer from your care team');
  await expect(refused.getByRole('link', { name: 'See your open refill requests' })).toHaveAttribute('href', '/refills');

  // Sending a message: the conversation opens with who will answer and by when, focused; no "resolved" before an answer.
  await page.goto('/messages/new');
  await settle(page);
  await page.getByRole('radio', { name: /Medical question/ }).check();
  const subject = `Small-screen question ${Date.now()}`;
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Your message').fill('Is it fine to take my evening pills a little later than usual?');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  const sent = page.getByRole('status').filter({ hasText: 'Your message was sent to Primary Care – Nurses.' });
  await expect(sent).toBeFocused();
  await expect(sent).toContainText(/Primary Care – Nurses will answer by .+\. You will get an email when they do\./);
  await expect(page.getByRole('button', { name: /mark as resolved/ })).toHaveCount(0);
  await expect(page.getByText('When your care team has answered, you can mark this conversation as resolved.')).toBeVisible();

  // A reply in the conversation: the confirmation takes focus.
  await page.getByLabel('Your reply').fill('One more thing: I take them with food.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeFocused();
  const threadUrl = page.url();

  // The nurse sees a preview line in her in-basket, the category filter in sentence case, and a confirmation after replying.
  const nurse = await (await browser.newContext()).newPage();
  await signIn(nurse, NINA);
  await nurse.goto('/inbasket');
  await settle(nurse);
  await expect(nurse.getByLabel('Category').locator('option')).toContainText(['All', 'Medical question', 'Prescription refill', 'Question about test results']);
  const row = nurse.getByRole('row').filter({ hasText: subject });
  await expect(row).toContainText('One more thing: I take them with food.');
  await row.getByRole('link', { name: subject }).click();
  await nurse.getByLabel('Reply (the patient will see this)').fill('Yes, a little later is fine. Take them with food as you do.');
  await nurse.getByRole('button', { name: 'Send reply to patient' }).click();
  const done = nurse.getByRole('status').filter({ hasText: 'Reply sent to Ava Thompson.' });
  await expect(done).toBeFocused();

  // Now that there is an answer, the patient may mark the conversation as resolved.
  await page.goto(threadUrl);
  await expect(page.getByRole('button', { name: /mark as resolved/ })).toBeVisible();
});

test('billing: "Pay now" on the billing page; a declined card is said and shown where the patient is', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 640 });
  await signIn(page, AVA);
  await page.goto('/billing');
  await settle(page);
  await page.getByRole('link', { name: /^Pay (now|statement)/ }).first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'Pay this bill' })).toBeFocused();
  // A field error is next to its field, and focus goes to the field; fixing it clears the error.
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.getByLabel('Card number')).toBeFocused();
  await expect(page.getByText('Enter the card number (the long number on the front of the card).')).toBeVisible();
  await page.getByLabel('Card number').fill('4000 0000 0000 0002');
  await expect(page.getByText('Enter the card number (the long number on the front of the card).')).toHaveCount(0);
  await page.getByLabel('A different amount').check();
  await page.getByLabel('Amount in dollars').fill('5.00');
  await page.getByLabel('Expiry month').fill('12');
  await page.getByLabel('Expiry year').fill('30');
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: 'Pay now' }).click();
  const declined = page.getByRole('alert').filter({ hasText: 'declined' });
  await expect(declined).toBeFocused();
  await expect(declined).toBeInViewport();
});

test('directory: hours in 12-hour time; find a doctor in everyday words', async ({ page }) => {
  await signIn(page, AVA);
  await page.goto('/directory');
  await settle(page);
  const main = page.getByRole('main');
  await expect(main).toContainText(/\d{1,2}:\d{2}\s?(AM|PM)/);
  expect(await main.textContent()).not.toMatch(/\b(1[3-9]|2[0-3]):[0-5]\d\b/);
  await page.goto('/find-a-doctor');
  await settle(page);
  await page.getByLabel('Name or specialty').fill('eye docter');
  await page.getByLabel('Name or specialty').press('Enter');
  await expect(page.getByText('3 clinicians found.')).toBeVisible();
  const found = page.getByRole('main').getByRole('link', { name: /, (MD|OD)$/ });
  await expect(found).toHaveText(['Daniel Cho, MD', 'Owen Mercer, OD', 'Priya Raman, MD']);
});

test('the map labels stay inside the map, whole', async ({ page }) => {
  await signIn(page, AVA);
  const labelsOutside = () => page.locator('svg.locator').first().evaluate((svg) => {
    const box = (svg as SVGSVGElement).viewBox.baseVal;
    return [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, b: (t as SVGTextElement).getBBox() }))
      .filter(({ b }) => b.x < 0 || b.y < 0 || b.x + b.width > box.width || b.y + b.height > box.height).map(({ text }) => text);
  });
  await page.goto('/locations');
  await settle(page);
  await expect(page.locator('svg.locator')).toHaveCount(1);
  expect(await labelsOutside()).toEqual([]);
  for (const href of (await page.locator('main a[href^="/locations/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))).slice(0, 6)) {
    await page.goto(href);
    await settle(page);
    expect(await labelsOutside(), href).toEqual([]);
  }
});

test.describe('idle sign-out', () => {
  test('a warning with "Stay signed in" comes before the end; activity and the button keep the session', async ({ page }) => {
    // The main test server keeps sessions 15 minutes; the browser's clock is run forward instead of waiting.
    await page.clock.install();
    await signIn(page, AVA);
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    // 15 minutes, less the server's 30-second touch slack, less the 2-minute warning: the warning shows at 12:30.
    await page.clock.runFor('12:00');
    await expect(warning).toHaveCount(0);
    await page.clock.runFor('01:00');
    await expect(warning).toBeVisible();
    await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(warning).toHaveCount(0);
    // Typing counts as activity.
    await page.clock.runFor('12:00');
    await page.keyboard.press('Tab');
    await page.clock.runFor('12:00');
    await expect(warning).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.clock.runFor('01:30');
    await expect(warning).toBeVisible();
  });

  test('on a server with a 3-second idle time: the warning, then the sign-in page says why', async ({ page }) => {
    const base = `http://localhost:${Number(process.env.E2E_PORT) + 1}`;
    await page.goto(`${base}/signin`);
    // A first-time visitor is told nothing about signing out.
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(/signed out/)).toHaveCount(0);
    await page.getByLabel('Email').fill(AVA);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    // The browser follows the server's idle time (3 s): a warning a third of it before the end (2 minutes on a real server).
    await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeVisible({ timeout: 4_000 });
    await expect(page).toHaveURL(/\/signin$/, { timeout: 6_000 });
    await expect(page.getByRole('status')).toContainText('signed out because there was no activity');
    await expect(page).toHaveTitle('Sign in to Portico');
    // A reload in this tab still says why; a new visitor (new browser context) is told nothing.
    await page.reload();
    await expect(page.getByRole('status')).toContainText('signed out because there was no activity');
  });
});
