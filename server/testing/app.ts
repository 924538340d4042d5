import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import type { Db } from '../db/client';
import { testDb } from './db';

export type TestApp = { app: FastifyInstance; db: Db; config: Config; close: () => Promise<void> };

export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await testDb();
  const config = loadConfig({ NODE_ENV: 'test', PORTICO_LOG_LEVEL: 'silent', PORTICO_DATA_DIR: '/nonexistent', ...env });
  const app = await buildApp(db, config, { logger: false });
  return { app, db, config, close: async () => { await app.close(); await db.close(); } };
}

/** Signs in through the real login route and returns the Cookie header for later requests. */
export async function login(app: FastifyInstance, email: string, password = 'test-password-1'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res);
}

export function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'portico_session');
  if (!c) throw new Error('no session cookie');
  return `portico_session=${c.value}`;
}

export const json = <T = any>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;
