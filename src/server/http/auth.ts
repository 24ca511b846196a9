import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicActor, type Actor } from '../accounts/actor.ts';
import type { AppContext } from '../context.ts';
import { DomainError } from '../errors.ts';

export const SESSION_COOKIE = 'reckon_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Constant-time comparison for CSRF tokens (here, not in accounts, so the HTTP layer does not import a service). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** Set when the request came with a valid session cookie. */
    session: { token: string; csrfToken: string } | null;
  }
  interface FastifyContextConfig {
    /** Routes that may be called with a session but without the CSRF header (login only). */
    csrfExempt?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a user with a pending forced password change may still do: see who is logged in, change the password, pick
 * the interface language the change dialog is shown in, and log out. The API documentation is public anyway.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['GET /api/auth/session', 'POST /api/auth/password', 'PUT /api/auth/locale', 'POST /api/auth/logout']);

function allowedBeforePasswordChange(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route === undefined || !route.startsWith('/api/')) return true; // the web app's pages, and unknown routes (404)
  if (route === '/api/openapi.json' || route.startsWith('/api/docs')) return true;
  return ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${request.method === 'HEAD' ? 'GET' : request.method} ${route}`);
}

/**
 * A one-time password (the first administrator's, or one an administrator set) gives no access but to changing it:
 * enforced here, for sessions and API tokens alike, rather than only by the web app's dialog.
 */
function requirePasswordChanged(request: FastifyRequest, actor: Actor): void {
  if (actor.kind === 'user' && actor.mustChangePassword && !allowedBeforePasswordChange(request)) {
    throw new DomainError('forbidden', 'password_change_required', 'Change your password first: this account still has a one-time password');
  }
}

/**
 * Works out who is calling: a bearer API token (CLI, automation), a session cookie (web app), or the public.
 * Cookie-authenticated writes must echo the session's CSRF token in a header; a cross-site form cannot set it.
 */
export function installAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    request.actor = publicActor;
    request.session = null;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await ctx.accounts.resolveToken(match[1]) : null;
      if (!actor) throw new DomainError('unauthenticated', 'invalid_token', 'The API token is not valid, expired or revoked');
      request.actor = actor;
      requirePasswordChanged(request, actor);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await ctx.accounts.resolveSession(cookie);
    if (!session) return;
    request.actor = session.actor;
    request.session = { token: cookie, csrfToken: session.csrfToken };
    if (UNSAFE.has(request.method) && !request.routeOptions.config?.csrfExempt) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, session.csrfToken)) {
        throw new DomainError('forbidden', 'csrf_failed', `Missing or wrong ${CSRF_HEADER} header; reload the page and try again`);
      }
    }
    requirePasswordChanged(request, session.actor);
  });
}
