import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { securityHeaderOptions } from '../app.ts';
import { installSecurityHeaders, securityHeaders } from './security-headers.ts';
import type { App } from './types.ts';

/** What the @fastify/helmet plugin (the former way, which rebuilt them on every request) sends for the same options. */
async function pluginHeaders(secureCookies: boolean): Promise<Record<string, string>> {
  const app = Fastify();
  await app.register(fastifyHelmet, securityHeaderOptions(secureCookies));
  app.get('/', async () => ({ ok: true }));
  const response = await app.inject({ url: '/' });
  await app.close();
  const skip = new Set(['content-type', 'content-length', 'date', 'connection']);
  return Object.fromEntries(
    Object.entries(response.headers)
      .filter(([name]) => !skip.has(name))
      .map(([name, value]) => [name, String(value)]),
  );
}

describe('security headers computed once', () => {
  it('are exactly the headers @fastify/helmet sent, with and without HSTS', async () => {
    for (const secure of [false, true]) {
      const headers = securityHeaders(securityHeaderOptions(secure));
      expect(headers).toEqual(await pluginHeaders(secure));
      expect('strict-transport-security' in headers).toBe(secure);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    }
  });

  it('go on every answer, a 404 and a thrown error included, and a route may still set its own policy', async () => {
    const app = Fastify() as unknown as App;
    installSecurityHeaders(app, securityHeaderOptions(false));
    app.get('/ok', async () => ({ ok: true }));
    app.get('/fails', async () => {
      throw new Error('broken');
    });
    app.get('/own', async (_request, reply) => reply.header('content-security-policy', "default-src 'none'; sandbox").send('x'));
    const expected = securityHeaders(securityHeaderOptions(false));
    for (const url of ['/ok', '/fails', '/nowhere', '/ok?x=%00%3Cscript%3E']) {
      const response = await app.inject({ url });
      for (const [name, value] of Object.entries(expected)) expect(response.headers[name], `${url} ${name}`).toBe(value);
    }
    expect((await app.inject({ url: '/own' })).headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    await app.close();
  });

  it('refuses an option Helmet refuses, at start rather than at the first request', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'\u0000"] } } })).toThrow();
    expect(() => securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { 'script-src': ["'self'; object-src *"] } } })).toThrow();
  });
});
