import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { AccountsService } from '../../src/server/accounts/service.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

/**
 * The four account weaknesses a probe found (issue 14), each shown to fail before the change: a one-time password
 * gave full API use, API tokens outlived a password change, anyone could lock anyone out, and the failure count
 * lived in one process's memory.
 */
describe('accounts: hardening', () => {
  let t: TestApp;
  let admin: { headers: Record<string, string> };
  beforeAll(async () => {
    t = await createTestApp({ loginAttemptsPerWindow: 3 });
    admin = await t.login(t.admin.username, t.admin.password);
  });
  afterAll(async () => t.close());

  const newUser = async (options: { mustChangePassword: boolean; role?: 'editor' | 'viewer' }) => {
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const user = await t.ctx.accounts.createUser(systemActor('test'), {
      username: `u-${randomBytes(4).toString('hex')}`,
      displayName: 'Test',
      role: options.role ?? 'editor',
      password,
      mustChangePassword: options.mustChangePassword,
    });
    return { ...user, password };
  };
  const tokenFor = async (user: { id: string; username: string; role: 'editor' | 'viewer' | 'admin' }) =>
    (await t.ctx.accounts.createToken({ kind: 'user', userId: user.id, username: user.username, role: user.role, via: 'session' }, 'script')).secret;
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
  const createItem = (headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/archive/items', headers, payload: { kind: 'document', title: 'x', confidentiality: 'public' } });

  it('limits a session with a pending forced password change to changing it (403 password_change_required elsewhere)', async () => {
    const user = await newUser({ mustChangePassword: true });
    const session = await t.login(user.username, user.password);
    const write = await createItem(session.headers);
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('password_change_required');
    const read = await t.app.inject({ url: '/api/tokens', headers: session.headers });
    expect(read.statusCode).toBe(403);
    expect(read.json().error.code).toBe('password_change_required');
    expect((await t.app.inject({ url: '/api/auth/session', headers: session.headers })).json().user.mustChangePassword).toBe(true);

    const newPassword = `new-${randomBytes(9).toString('base64url')}`;
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { currentPassword: user.password, newPassword } });
    expect(change.statusCode).toBe(204);
    expect((await createItem(session.headers)).statusCode).toBe(201);
  });

  it('limits an API token of such a user the same way (the first-start password gave full API use)', async () => {
    const user = await newUser({ mustChangePassword: true });
    const secret = await tokenFor({ ...user, role: 'editor' });
    const write = await createItem(bearer(secret));
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('password_change_required');
    expect((await t.app.inject({ url: '/api/archive/items', headers: bearer(secret) })).statusCode).toBe(403);
  });

  it('revokes the API tokens when the owner changes the password, unless asked to keep them; audited', async () => {
    const user = await newUser({ mustChangePassword: false });
    const session = await t.login(user.username, user.password);
    const secret = await tokenFor({ ...user, role: 'editor' });
    expect((await t.app.inject({ url: '/api/tokens', headers: bearer(secret) })).statusCode).toBe(200);
    const second = `second-${randomBytes(9).toString('base64url')}`;
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { currentPassword: user.password, newPassword: second } });
    expect(change.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/tokens', headers: bearer(secret) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');

    const kept = await tokenFor({ ...user, role: 'editor' });
    const third = `third-${randomBytes(9).toString('base64url')}`;
    const keep = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { currentPassword: second, newPassword: third, keepApiTokens: true } });
    expect(keep.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/tokens', headers: bearer(kept) })).statusCode).toBe(200);

    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'user.password_changed').where('subject_id', '=', user.id).orderBy('id').execute();
    expect(audit.map((a) => (typeof a.details === 'string' ? JSON.parse(a.details) : a.details))).toEqual([
      { apiTokens: 'revoked', tokensRevoked: 1 },
      { apiTokens: 'kept', tokensRevoked: 0 },
    ]);
  });

  it('revokes the API tokens when an administrator resets the password, unless asked to keep them', async () => {
    const user = await newUser({ mustChangePassword: false });
    const secret = await tokenFor({ ...user, role: 'editor' });
    const reset = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.headers, payload: { password: `reset-${randomBytes(9).toString('base64url')}` } });
    expect(reset.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tokens', headers: bearer(secret) })).statusCode).toBe(401);
    const kept = await tokenFor({ ...user, role: 'editor' });
    const keep = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.headers, payload: { password: `reset-${randomBytes(9).toString('base64url')}`, keepApiTokens: true } });
    expect(keep.statusCode).toBe(200);
    // The token survives, but its owner now has a one-time password: it may only be used to change it.
    const use = await t.app.inject({ url: '/api/tokens', headers: bearer(kept) });
    expect(use.json().error.code).toBe('password_change_required');
  });

  it('does not let failed logins from one address lock the owner out from another; an administrator can unlock', async () => {
    const user = await newUser({ mustChangePassword: false });
    const from = (remoteAddress: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: user.username, password } });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.9', 'wrong wrong wrong')).statusCode).toBe(401);
    const locked = await from('203.0.113.9', user.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('rate_limited');
    expect((await from('198.51.100.7', user.password)).statusCode).toBe(200);

    const listed = (await t.app.inject({ url: '/api/users', headers: admin.headers })).json().users.find((u: { id: string }) => u.id === user.id);
    expect(listed.lockedOut).toBe(true);
    const unlock = await t.app.inject({ method: 'POST', url: `/api/users/${user.id}/unlock`, headers: admin.headers });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().user.lockedOut).toBe(false);
    expect((await from('203.0.113.9', user.password)).statusCode).toBe(200);
    const audit = await t.ctx.db.selectFrom('audit_events').select('action').where('action', '=', 'user.unlocked').where('subject_id', '=', user.id).execute();
    expect(audit).toHaveLength(1);
    const notAdmin = await t.login(user.username, user.password);
    expect((await t.app.inject({ method: 'POST', url: `/api/users/${user.id}/unlock`, headers: notAdmin.headers })).statusCode).toBe(403);
  });

  it('counts failures in the database: a second process (and a restart) sees the same count', async () => {
    const user = await newUser({ mustChangePassword: false });
    const options = { sessionTtlHours: 1, loginAttemptsPerWindow: 3, loginWindowSeconds: 300 };
    const first = new AccountsService(t.ctx.db, options);
    for (let i = 0; i < 3; i++) await expect(first.login(user.username, 'wrong wrong wrong', '192.0.2.1')).rejects.toMatchObject({ code: 'invalid_credentials' });
    const second = new AccountsService(t.ctx.db, options);
    await expect(second.login(user.username, user.password, '192.0.2.1')).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(second.login(user.username, user.password, '192.0.2.2')).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('refuses hostile unlock requests with the error shape', async () => {
    for (const url of [`/api/users/${crypto.randomUUID()}/unlock`, '/api/users/not-a-uuid/unlock', '/api/users/%00/unlock']) {
      const response = await t.app.inject({ method: 'POST', url, headers: admin.headers });
      expect([400, 404]).toContain(response.statusCode);
      expect(typeof response.json().error.code).toBe('string');
    }
  });
});
