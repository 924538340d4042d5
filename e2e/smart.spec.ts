import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect, request, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, signIn } from './helpers';

/**
 * A full SMART standalone patient launch with the maintained SMART JavaScript client (fhirclient), as a patient's app
 * would do it: a tiny app on its own origin calls FHIR.oauth2.authorize, the patient signs in to Portico, reads the consent
 * page, allows, and the app (FHIR.oauth2.ready) shows the patient it was connected to and reads the Patient resource.
 */

const FHIR_CLIENT = fs.readFileSync(path.join(process.cwd(), 'node_modules/fhirclient/build/fhir-client.js'), 'utf8');

const page = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test app</title>
<script src="/fhir-client.js"></script></head><body><main><h1>Test app</h1>${body}</main></body></html>`;

const LAUNCH = page(`<p id="status">Connecting…</p><script>
  const q = new URLSearchParams(location.search);
  FHIR.oauth2.authorize({ clientId: q.get('client_id'), scope: q.get('scope'), redirectUri: '/app.html', iss: q.get('iss') })
    .catch((e) => { document.getElementById('status').textContent = 'Error: ' + e.message; });
</script>`);

const APP = page(`<p id="status">Reading…</p><p>Patient id: <span id="patient-id"></span></p><p>Patient name: <span id="patient-name"></span></p>
<p>Scopes: <span id="scope"></span></p><script>
  FHIR.oauth2.ready().then(async (client) => {
    document.getElementById('patient-id').textContent = client.patient.id || '';
    document.getElementById('scope').textContent = client.state.tokenResponse.scope || '';
    try {
      const p = await client.patient.read();
      const n = (p.name || [])[0] || {};
      document.getElementById('patient-name').textContent = [...(n.given || []), n.family].join(' ');
      document.getElementById('status').textContent = 'Connected';
    } catch (e) {
      document.getElementById('status').textContent = 'Connected; reading failed: ' + e.message;
    }
  }).catch((e) => {
    const params = new URLSearchParams(location.search);
    document.getElementById('status').textContent = params.get('error') ? 'Not connected: ' + params.get('error') : 'Error: ' + e.message;
  });
</script>`);

let server: http.Server;
let appOrigin = '';

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/fhir-client.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(FHIR_CLIENT);
    if (url.pathname === '/launch.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(LAUNCH);
    if (url.pathname === '/app.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(APP);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The operator registers the app (an administrator, through the API; `portico smart-client add` does the same). */
async function registerApp(baseURL: string, name: string): Promise<string> {
  const admin = await request.newContext({ baseURL });
  const login = await admin.post('/api/auth/login', { data: { email: 'ada.admin@demo.portico.test', password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const res = await admin.post('/api/admin/smart-clients', { data: { name, redirectUris: [`${appOrigin}/app.html`], public: true } });
  expect(res.status()).toBe(201);
  const { clientId } = await res.json() as { clientId: string };
  await admin.dispose();
  return clientId;
}

test('a patient connects a SMART app with fhirclient: sign in, consent page, Allow, and the app reads her record', async ({ page, baseURL }) => {
  const clientId = await registerApp(baseURL!, 'Pocket Health Test App');
  const iss = `${baseURL}/fhir/R4`;
  const scope = 'launch/patient openid fhirUser offline_access patient/*.rs';
  await page.goto(`${appOrigin}/launch.html?client_id=${encodeURIComponent(clientId)}&iss=${encodeURIComponent(iss)}&scope=${encodeURIComponent(scope)}`);

  // Signed out: Portico's own sign-in page first.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Portico' })).toBeVisible();
  await page.getByLabel('Email').fill('ava.patient@demo.portico.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // The consent page names the app and what it may see, in plain words.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect Pocket Health Test App to your health record?');
  await expect(page).toHaveURL(/\/apps\/authorize\/[A-Za-z0-9_-]+$/);
  await expect(page.getByText(/^Your whole health record: test results/)).toBeVisible();
  await expect(page.getByText('Who you are (your name in Portico)')).toBeVisible();
  await expect(page.getByText(/until you disconnect it/)).toBeVisible();
  await expectAccessible(page);
  const me = await (await page.request.get('/api/me')).json() as { user: { patientId: string } };
  await page.getByRole('button', { name: 'Allow' }).click();

  // Back in the app: fhirclient exchanged the code (PKCE) and knows the patient.
  await expect(page).toHaveURL(new RegExp(`^${appOrigin}/app.html`));
  await expect(page.locator('#patient-id')).toHaveText(me.user.patientId);
  await expect(page.locator('#scope')).toContainText('patient/*.rs');
  // …and reads the Patient resource through /fhir/R4 with its access token.
  await expect(page.locator('#status')).toHaveText('Connected');
  await expect(page.locator('#patient-name')).toHaveText(/^Ava /);

  // The patient sees the app among her connected apps, and disconnects it.
  await page.goto(`${baseURL}/apps`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connected apps');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Pocket Health Test App' }) });
  await expect(card).toContainText('by you');
  await expectAccessible(page);
  await card.getByRole('button', { name: 'Disconnect Pocket Health Test App' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Pocket Health Test App is disconnected.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pocket Health Test App' })).toHaveCount(0);
});

test('Deny sends the app back without access', async ({ page, baseURL }) => {
  const clientId = await registerApp(baseURL!, 'Denied Test App');
  await page.goto(`${baseURL}/signin`);
  await page.getByLabel('Email').fill('ben.patient@demo.portico.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`${appOrigin}/launch.html?client_id=${encodeURIComponent(clientId)}&iss=${encodeURIComponent(`${baseURL}/fhir/R4`)}&scope=${encodeURIComponent('launch/patient patient/Observation.rs')}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect Denied Test App to your health record?');
  await expect(page.getByText('Test results and vital signs (like blood pressure and weight)')).toBeVisible();
  await page.getByRole('button', { name: 'Deny' }).click();
  await expect(page).toHaveURL(new RegExp(`^${appOrigin}/app.html\\?error=access_denied`));
  await expect(page.locator('#status')).toHaveText('Not connected: access_denied');
});

test('Ava downloads her record as a C-CDA document for another doctor, for a date range, and can send it by secure link', async ({ page }) => {
  await signIn(page, 'ava.patient@demo.portico.test');
  await page.goto('/record/download');
  await page.getByLabel('From', { exact: true }).fill('2020-01-01');
  await page.getByLabel('To', { exact: true }).fill('2030-12-31');
  const link = page.getByRole('link', { name: /for another doctor’s office \(C-CDA/ });
  await expect(link).toHaveAttribute('href', '/api/record/export.xml?from=2020-01-01&to=2030-12-31');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^health-record-\d{4}-\d{2}-\d{2}\.xml$/);
  const xml = fs.readFileSync((await download.path())!, 'utf8');
  expect(xml).toContain('<templateId root="2.16.840.1.113883.10.20.22.1.2" extension="2015-08-01"/>');
  expect(xml).toContain('<title>Results</title>');
  await page.getByLabel('Email address to send it to').fill('specialist@example.com');
  await page.getByLabel('What to send').selectOption('ccda');
  await page.getByRole('button', { name: 'Send secure link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent a secure link to specialist@example.com' })).toBeVisible();
  await expectAccessible(page);
});
