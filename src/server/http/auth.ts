import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicActor, type Actor } from '../accounts/actor.ts';
import { sameSecret } from '../accounts/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError } from '../errors.ts';

export const SESSION_COOKIE = 'reckon_session';
export const CSRF_HEADER = 'x-csrf-token';

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
  });
}
