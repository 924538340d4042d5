import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Debian's chromium (never a downloaded browser): CHROMIUM_PATH, else /usr/bin/chromium.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  throw new Error(`No Chromium at ${executablePath}. Install it with "sudo apt-get install -y chromium" or set CHROMIUM_PATH.`);
}
// A random free-ish port per run (set once here; the workers inherit it), so parallel runs on one machine do not collide.
process.env.E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000));
const port = Number(process.env.E2E_PORT);

// PORTICO_WEB_DIST (absolute) serves a web build made with the same variable, so parallel runs do not share dist/.
const webDist: Record<string, string> = process.env.PORTICO_WEB_DIST ? { PORTICO_WEB_DIST: process.env.PORTICO_WEB_DIST } : {};
const dataDir = path.join(os.tmpdir(), `portico-e2e-${process.pid}`);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    trace: 'off',
  },
  webServer: [
    // The real server, on a throw-away embedded database, with the demo clinic.
    {
      command: `rm -rf ${dataDir} && npx tsx server/main.ts`,
      url: `http://localhost:${port}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { PORT: String(port), PORTICO_DATA_DIR: dataDir, NODE_ENV: 'test', PORTICO_SEED_DEMO: 'true', PORTICO_LOG_LEVEL: 'warn', ...webDist },
    },
    // A second one whose sessions time out after 3 seconds of inactivity, for the idle-timeout flow.
    {
      command: `rm -rf ${dataDir}-idle && npx tsx server/main.ts`,
      url: `http://localhost:${port + 1}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { PORT: String(port + 1), PORTICO_DATA_DIR: `${dataDir}-idle`, NODE_ENV: 'test', PORTICO_SEED_DEMO: 'true',
        PORTICO_LOG_LEVEL: 'warn', PORTICO_SESSION_IDLE_MINUTES: '0.05', ...webDist },
    },
  ],
});
