import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

describe('HTTP edge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ jsonBodyLimitBytes: 4096 });
  });
  afterAll(async () => t.close());

  const expectErrorShape = (body: string) => {
    const parsed = JSON.parse(body);
    expect(typeof parsed.error.code).toBe('string');
    expect(typeof parsed.error.message).toBe('string');
    expect(body).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  };

  it('answers health and readiness', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('rejects malformed JSON, wrong types, missing fields and unknown fields with 400 and the error shape', async () => {
    const cases = [
      { payload: '{"username": ', code: 'malformed_json' },
      { payload: JSON.stringify({ username: 1, password: 'x' }), code: 'invalid_request' },
      { payload: JSON.stringify({ username: 'a' }), code: 'invalid_request' },
      { payload: JSON.stringify([1, 2]), code: 'invalid_request' },
    ];
    for (const c of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: c.payload });
      expect(response.statusCode, c.payload).toBe(400);
      expect(response.json().error.code).toBe(c.code);
      expectErrorShape(response.body);
    }
  });

  it('rejects oversized bodies with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(10_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('body_too_large');
  });

  it('rejects other content types with 415', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(response.statusCode).toBe(415);
    expectErrorShape(response.body);
  });

  it('answers unknown routes and methods with 404 and the error shape', async () => {
    for (const [method, url] of [['GET', '/api/nope'], ['DELETE', '/api/auth/session'], ['PUT', '/healthz']] as const) {
      const response = await t.app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('route_not_found');
    }
  });

  it('sends a strict Content-Security-Policy and other security headers', async () => {
    const response = await t.app.inject({ url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('publishes an OpenAPI 3 document and a browsable page', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
    expect(Object.keys(doc.paths)).toContain('/api/users/{id}');
    const page = await t.app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('gives /api/docs and its assets a policy of their own that adds only Swagger UI\'s style hash', async () => {
    const strict = String((await t.app.inject({ url: '/healthz' })).headers['content-security-policy']);
    for (const url of ['/api/docs/', '/api/docs/static/swagger-ui.css', '/api/docs/static/swagger-ui-bundle.js', '/api/docs/static/swagger-initializer.js']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*';/);
      expect(csp, url).toContain("script-src 'self';");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval|https:|\*/);
    }
    // the rest of the app keeps the strict policy, with no hash
    expect(strict).toContain("style-src 'self';");
    expect(strict).not.toContain('sha256');
  });

  it('rejects a malformed id in the path', async () => {
    const admin = await t.login(t.admin.username, t.admin.password);
    const response = await t.app.inject({ method: 'PATCH', url: '/api/users/not-a-uuid', headers: admin.headers, payload: { role: 'viewer' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
  });
});
