import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { App } from './types.ts';

/**
 * The security headers Helmet sets for these options, computed once. @fastify/helmet called `helmet(options)` on
 * every request (building each header's middleware again, the Content-Security-Policy string included) and added an
 * asynchronous hook a request: 5–8 % of a vote's time in the server. Every option used here is a constant (no
 * per-request CSP nonces), so the headers are the same for every answer.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      // Node's own checks, which a real response would make at the first request, made here at start.
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      validateHeaderName(name);
      validateHeaderValue(name, text);
      headers[name.toLowerCase()] = text;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/** Sets the security headers on every answer (errors and 404s included), from one object built at start. */
export function installSecurityHeaders(app: App, options: Readonly<HelmetOptions>): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
