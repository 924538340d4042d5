import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, json, type TestApp } from '../../testing/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('system', () => {
  it('health checks the database and names it', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok', db: process.env.PORTICO_TEST_DB === 'postgres' ? 'postgres' : 'pglite' });
  });

  it('unknown API routes answer JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(json(res).error.code).toBe('not_found');
  });

  it('malformed JSON is a 400 with a JSON error, not a stack trace', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.message).not.toMatch(/at .*\.ts/);
  });

  it('serves an OpenAPI document listing every route', async () => {
    const spec = json(await t.app.inject({ url: '/api/openapi.json' }));
    expect(spec.openapi).toBe('3.1.0');
    const routes = t.app.printRoutes({ commonPrefix: false });
    for (const p of ['/api/auth/login', '/api/auth/logout', '/api/me', '/api/health', '/api/patients/{patientId}']) expect(spec.paths[p]).toBeDefined();
    expect(routes).toContain('/api/me');
    expect(spec.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  });
});
