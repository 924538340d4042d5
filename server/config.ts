import path from 'node:path';
import { z } from 'zod';

// Every setting comes from the environment, parsed once, so a typo fails at start-up, not at 3 a.m.
const Env = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  PORTICO_DATA_DIR: z.string().default('./data'),
  PORTICO_DEMO_PASSWORD: z.string().min(8).default('portico-demo'),
  PORTICO_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(15),
  PORTICO_SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  PORTICO_PUBLIC_URL: z.string().default('http://localhost:3000'),
  // 'true' = one proxy in front (trust the right-most X-Forwarded-For hop), a number = that many hops, 'false' = none.
  PORTICO_TRUST_PROXY: z.string().regex(/^(true|false|[0-9]{1,2})$/, 'use true, false or a number of proxy hops').default('false'),
  PORTICO_MFA_REQUIRED_FOR_STAFF: z.enum(['true', 'false']).optional(),
  PORTICO_LOG_LEVEL: z.string().default('info'),
  PORTICO_SEED_DEMO: z.enum(['true', 'false']).optional(),
  SMTP_URL: z.string().optional(),
});

export type Config = {
  env: string;
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  demoPassword: string;
  sessionIdleMs: number;
  sessionMaxMs: number;
  publicUrl: string;
  /** How many reverse-proxy hops to trust for X-Forwarded-For (false = none). */
  trustProxy: number | false;
  /** Staff must sign in with MFA (and are sent to enroll first). */
  mfaRequiredForStaff: boolean;
  logLevel: string;
  seedDemo: boolean;
  smtpUrl?: string;
  webDist: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = Env.parse(env);
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.PORTICO_DATA_DIR),
    demoPassword: e.PORTICO_DEMO_PASSWORD,
    sessionIdleMs: e.PORTICO_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.PORTICO_SESSION_MAX_HOURS * 3_600_000,
    publicUrl: e.PORTICO_PUBLIC_URL,
    trustProxy: e.PORTICO_TRUST_PROXY === 'false' ? false : e.PORTICO_TRUST_PROXY === 'true' ? 1 : Number(e.PORTICO_TRUST_PROXY) || false,
    // On by default except in development and tests (the demo clinic and the browser tests sign in with passwords).
    mfaRequiredForStaff: e.PORTICO_MFA_REQUIRED_FOR_STAFF
      ? e.PORTICO_MFA_REQUIRED_FOR_STAFF === 'true' : !['development', 'test'].includes(e.NODE_ENV),
    logLevel: e.PORTICO_LOG_LEVEL,
    // The demo clinic is loaded by default in development only; production refuses it (see demo/seed.ts).
    seedDemo: e.PORTICO_SEED_DEMO ? e.PORTICO_SEED_DEMO === 'true' : !production,
    smtpUrl: e.SMTP_URL,
    // Where the built web app is (vite's outDir); PORTICO_WEB_DIST lets parallel builds use their own folder.
    webDist: path.resolve(env.PORTICO_WEB_DIST ?? 'dist/web'),
  };
}
