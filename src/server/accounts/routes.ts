import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../http/auth.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';

export async function accountsRoutes(app: App, ctx: AppContext): Promise<void> {
  const { accounts, config } = ctx;

  app.get('/api/auth/session', {
    schema: { tags: ['accounts'], summary: 'Who is logged in, and the CSRF token for writes', response: { 200: s.sessionSchema } },
    handler: async (request) => ({
      user: await accounts.currentUser(request.actor),
      csrfToken: request.session?.csrfToken ?? null,
    }),
  });

  app.post('/api/auth/login', {
    config: {
      csrfExempt: true,
      rateLimit: { max: config.loginAttemptsPerWindow * 3, timeWindow: config.loginWindowSeconds * 1000 },
    },
    schema: {
      tags: ['accounts'],
      summary: 'Log in with a username and password; sets the session cookie',
      body: s.loginBody,
      response: { 200: z.object({ user: s.userSchema, csrfToken: z.string() }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const result = await accounts.login(request.body.username, request.body.password, request.ip);
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies || request.protocol === 'https',
        path: '/',
        expires: result.expiresAt,
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['accounts'], summary: `Log out (needs the ${CSRF_HEADER} header)`, response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      if (request.session) await accounts.logout(request.actor, request.session.token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/password', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: { tags: ['accounts'], summary: 'Change your own password', body: s.passwordBody, response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      await accounts.changePassword(request.actor, request.body.currentPassword, request.body.newPassword, request.session?.token, {
        keepApiTokens: request.body.keepApiTokens,
      });
      return reply.status(204).send(null);
    },
  });

  app.put('/api/auth/locale', {
    schema: { tags: ['accounts'], summary: 'Set your interface language', body: s.localeBody, response: { 200: s.userSchema, ...errorResponses } },
    handler: async (request) => accounts.setLocale(request.actor, request.body.locale),
  });

  app.get('/api/users', {
    schema: { tags: ['accounts'], summary: 'List users (admin)', response: { 200: z.object({ users: z.array(s.userAdminSchema) }), ...errorResponses } },
    handler: async (request) => ({ users: await accounts.listUsers(request.actor) }),
  });

  app.post('/api/users', {
    schema: {
      tags: ['accounts'],
      summary: 'Create a user (admin); the user must change the password at first login',
      body: s.createUserBody,
      response: { 201: z.object({ user: s.userAdminSchema }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const user = await accounts.createUser(request.actor, request.body);
      return reply.status(201).send({ user });
    },
  });

  app.patch('/api/users/:id', {
    schema: {
      tags: ['accounts'],
      summary: 'Change a user (admin): name, role, disabled, or reset the password',
      params: s.idParams,
      body: s.updateUserBody,
      response: { 200: z.object({ user: s.userAdminSchema }), ...errorResponses },
    },
    handler: async (request) => ({ user: await accounts.updateUser(request.actor, request.params.id, request.body) }),
  });

  app.post('/api/users/:id/unlock', {
    schema: {
      tags: ['accounts'],
      summary: 'Clear the failed-login lockouts of a user (admin); audited',
      params: s.idParams,
      response: { 200: z.object({ user: s.userAdminSchema }), ...errorResponses },
    },
    handler: async (request) => ({ user: await accounts.unlockUser(request.actor, request.params.id) }),
  });

  app.get('/api/tokens', {
    schema: { tags: ['accounts'], summary: 'Your API tokens', response: { 200: z.object({ tokens: z.array(s.tokenSchema) }), ...errorResponses } },
    handler: async (request) => ({ tokens: await accounts.listTokens(request.actor) }),
  });

  app.post('/api/tokens', {
    schema: {
      tags: ['accounts'],
      summary: 'Create an API token; the secret is returned once',
      body: s.createTokenBody,
      response: { 201: z.object({ token: s.tokenSchema, secret: z.string() }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const created = await accounts.createToken(request.actor, request.body.name, request.body.expiresInDays);
      return reply.status(201).send(created);
    },
  });

  app.delete('/api/tokens/:id', {
    schema: { tags: ['accounts'], summary: 'Revoke an API token', params: s.idParams, response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      await accounts.revokeToken(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  });
}
