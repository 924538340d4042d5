import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, signIn } from './helpers';

// Spanish and English: the language button on the sign-in page and in the header, <html lang>, the choice kept on the
// device while signed out and on the server for the person (it follows them to another browser), axe in both languages.

const html = (page: Page) => page.locator('html');

// The language is saved per person on the shared e2e server: put the demo patients back to English after each test, so other
// specs (which sign them in and expect English) are not affected even when a test here fails half-way.
test.afterEach(async ({ playwright, baseURL }) => {
  for (const email of ['ava.patient@demo.portico.test', 'ben.patient@demo.portico.test']) {
    const api = await playwright.request.newContext({ baseURL });
    const login = await api.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
    if (login.ok()) await api.put('/api/me/locale', { data: { locale: 'en' } });
    await api.dispose();
  }
});

async function signInEs(page: Page, email: string) {
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
}

test('switching to Spanish on the sign-in page, then signing in: the pages are in Spanish', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/signin');
  await expect(html(page)).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Portico');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(html(page)).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Entrar a Portico');
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Ayuda urgente' })).toContainText('Llame al 911');
  await expectAccessible(page);

  // Signed out, the choice stays on this device after a reload.
  await page.reload();
  await expect(html(page)).toHaveAttribute('lang', 'es');

  // A wrong password is explained in Spanish by the server.
  await page.getByLabel('Correo electrónico').fill('ava.patient@demo.portico.test');
  await page.getByLabel('Contraseña').fill('wrong-password');
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('El correo electrónico o la contraseña no son correctos');

  await signInEs(page, 'ava.patient@demo.portico.test');
  await expect(html(page)).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hola, Ava');
  await expect(page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Mensajes' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await expectAccessible(page);

  for (const path of ['/messages', '/messages/new', '/refills', '/results']) {
    await page.goto(path);
    await expect(html(page)).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }

  // Back to English (the choice is saved for Ava, and other specs sign her in expecting English).
  await page.getByRole('button', { name: 'English' }).click();
  await expect(html(page)).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('the choice is saved for the person: another browser signs in and gets Spanish; switching back to English sticks', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, 'ben.patient@demo.portico.test');
  await expect(html(page)).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(html(page)).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hola, Ben');
  await expect(html(page)).toHaveAttribute('lang', 'es');

  // A fresh browser (no cookie, no local storage) signs in in English and then follows the saved choice.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto('/signin');
  await expect(html(p2)).toHaveAttribute('lang', 'en');
  await p2.getByLabel('Email').fill('ben.patient@demo.portico.test');
  await p2.getByLabel('Password').fill(DEMO_PASSWORD);
  await p2.getByRole('button', { name: 'Sign in' }).click();
  await expect(p2.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
  await expect(html(p2)).toHaveAttribute('lang', 'es');
  await expect(p2.getByRole('heading', { level: 1 })).toHaveText('Hola, Ben');
  await expectAccessible(p2);

  // Back to English there; the first browser follows after signing in again.
  await p2.getByRole('button', { name: 'English' }).click();
  await expect(html(p2)).toHaveAttribute('lang', 'en');
  await expect(p2.getByRole('heading', { level: 1 })).toHaveText('Hello, Ben');
  await p2.reload();
  await expect(html(p2)).toHaveAttribute('lang', 'en');
  await expectAccessible(p2);
  await other.close();

  // The first browser still shows Spanish while signed out (its own memory); after signing in it follows the saved English.
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.getByLabel('Correo electrónico').fill('ben.patient@demo.portico.test');
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(html(page)).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ben');
});

test('English pages stay axe-clean with the language button (home, messages, results)', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'nina.nurse@demo.portico.test');
  await expect(page.getByRole('button', { name: 'Español' })).toBeVisible();
  await page.goto('/signin');
  await page.context().clearCookies();
  await signIn(page, 'ben.patient@demo.portico.test');
  for (const path of ['/', '/messages', '/results']) {
    await page.goto(path);
    await expect(html(page)).toHaveAttribute('lang', 'en');
    await expectAccessible(page);
  }
});
