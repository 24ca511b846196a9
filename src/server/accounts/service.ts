import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../audit/service.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { requireRole, requireUser, type Actor } from './actor.ts';
import { hashPassword, passwordProblem, verifyAgainstDecoy, verifyPassword } from './password.ts';
import * as repo from './repository.ts';
import type { TokenView, UserAdminView, UserView } from './schemas.ts';
import type { ApiTokenRow, Role, UserRow } from './tables.ts';

export type { TokenView, UserAdminView, UserView } from './schemas.ts';

export interface AccountsOptions {
  sessionTtlHours: number;
  loginAttemptsPerWindow: number;
  loginWindowSeconds: number;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/i;
export const TOKEN_PREFIX = 'rk_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export function toUserView(user: UserRow): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    locale: user.locale,
    mustChangePassword: user.must_change_password,
  };
}

function toAdminView(user: UserRow, locked: Set<string> = new Set()): UserAdminView {
  return {
    ...toUserView(user),
    disabled: user.disabled,
    lockedOut: locked.has(user.username.toLowerCase()),
    createdAt: user.created_at.toISOString(),
    lastLoginAt: user.last_login_at?.toISOString() ?? null,
  };
}

function toTokenView(token: ApiTokenRow): TokenView {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.created_at.toISOString(),
    lastUsedAt: token.last_used_at?.toISOString() ?? null,
    expiresAt: token.expires_at?.toISOString() ?? null,
  };
}

const invalidCredentials = () =>
  new DomainError('unauthenticated', 'invalid_credentials', 'The username or password is not correct');

export class AccountsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: AccountsOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private windowStart(): Date {
    return new Date(this.now().getTime() - this.options.loginWindowSeconds * 1000);
  }

  /**
   * Wrong password and unknown user answer identically, in the same time. Failures are counted in the database per
   * account and client address: an address that fails too often is locked out of that account for the window, while
   * the owner logging in from anywhere else is not (a per-account lock let anyone lock anyone out). The count is
   * shared by every process and survives a restart.
   */
  async login(username: string, password: string, address = 'unknown') {
    const key = username.toLowerCase();
    if ((await repo.loginFailures(this.db, key, address, this.windowStart())) >= this.options.loginAttemptsPerWindow) {
      throw new DomainError('rate_limited', 'rate_limited', 'Too many failed attempts from this address; wait a few minutes and try again, or ask an administrator to unlock the account');
    }
    const user = await repo.findUserByUsername(this.db, username);
    const ok = user && !user.disabled ? await verifyPassword(password, user.password_hash) : await verifyAgainstDecoy(password);
    if (!user || !ok || user.disabled) {
      await repo.recordLoginFailure(this.db, key, address, this.now(), this.windowStart());
      throw invalidCredentials();
    }
    await repo.clearLoginFailures(this.db, key, address);
    const sessionToken = secret();
    const csrfToken = secret();
    const expiresAt = new Date(this.now().getTime() + this.options.sessionTtlHours * 3600_000);
    const actor: Actor = { kind: 'user', userId: user.id, username: user.username, role: user.role, via: 'session' };
    const updated = await this.db.transaction().execute(async (tx) => {
      await repo.insertSession(tx, { idHash: sha256(sessionToken), userId: user.id, csrfToken, expiresAt });
      const row = await repo.updateUser(tx, user.id, { last_login_at: this.now() });
      await recordAudit(tx, actor, { action: 'user.login', subjectType: 'user', subjectId: user.id });
      return row!;
    });
    return { user: toUserView(updated), sessionToken, csrfToken, expiresAt };
  }

  /** Returns the actor behind a session cookie, or null when it is unknown, expired or its user is disabled. */
  async resolveSession(sessionToken: string) {
    const idHash = sha256(sessionToken);
    const row = await repo.findSession(this.db, idHash);
    const now = this.now();
    if (!row || row.disabled || row.expires_at <= now) return null;
    // Writing on every request would turn reads into writes; a minute's precision is enough for "last seen".
    if (now.getTime() - row.last_seen_at.getTime() > 60_000) await repo.touchSession(this.db, idHash, now);
    const actor: Actor = { kind: 'user', userId: row.user_id, username: row.username, role: row.role, via: 'session', mustChangePassword: row.must_change_password };
    return { actor, csrfToken: row.csrf_token };
  }

  async logout(actor: Actor, sessionToken: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await repo.deleteSession(tx, sha256(sessionToken));
      if (actor.kind === 'user') await recordAudit(tx, actor, { action: 'user.logout', subjectType: 'user', subjectId: actor.userId });
    });
  }

  /**
   * The actor a user is now, for work done later on their behalf (a package export runs as the person who asked,
   * with the role they hold when it runs); undefined when the account is disabled or gone.
   */
  async actorOf(userId: string): Promise<Actor | undefined> {
    const user = await repo.findUserById(this.db, userId);
    if (!user || user.disabled) return undefined;
    return { kind: 'user', userId: user.id, username: user.username, role: user.role, via: 'session' };
  }

  async currentUser(actor: Actor): Promise<UserView | null> {
    if (actor.kind !== 'user') return null;
    const user = await repo.findUserById(this.db, actor.userId);
    return user ? toUserView(user) : null;
  }

  /**
   * Changes the actor's own password. Other sessions end, and the user's API tokens are revoked unless `keepApiTokens`
   * (whoever learnt the old password may have made one); the audit event says which.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, keepSessionToken?: string, options: { keepApiTokens?: boolean } = {}) {
    requireUser(actor);
    const user = await repo.findUserById(this.db, actor.userId);
    if (!user || !(await verifyPassword(currentPassword, user.password_hash))) throw invalidCredentials();
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw invalid('weak_password', `The new password ${problem.text}`, { field: 'newPassword', rule: problem.rule });
    const hash = await hashPassword(newPassword);
    await this.db.transaction().execute(async (tx) => {
      await repo.updateUser(tx, user.id, { password_hash: hash, must_change_password: false, password_changed_at: this.now() });
      // Other sessions may belong to whoever learnt the old password.
      await repo.deleteSessionsOfUser(tx, user.id, keepSessionToken ? sha256(keepSessionToken) : undefined);
      const tokensRevoked = options.keepApiTokens ? 0 : await repo.revokeTokensOfUser(tx, user.id, this.now());
      await recordAudit(tx, actor, {
        action: 'user.password_changed',
        subjectType: 'user',
        subjectId: user.id,
        details: { apiTokens: options.keepApiTokens ? 'kept' : 'revoked', tokensRevoked },
      });
    });
  }

  async setLocale(actor: Actor, locale: string | null): Promise<UserView> {
    requireUser(actor);
    const user = await repo.updateUser(this.db, actor.userId, { locale });
    if (!user) throw notFound('User');
    return toUserView(user);
  }

  async listUsers(actor: Actor): Promise<UserAdminView[]> {
    requireRole(actor, 'admin');
    const locked = await repo.lockedUsernames(this.db, this.windowStart(), this.options.loginAttemptsPerWindow);
    return (await repo.listUsers(this.db)).map((user) => toAdminView(user, locked));
  }

  /** Clears every failed-login count against a user (admin), so a locked-out address may try again at once. */
  async unlockUser(actor: Actor, id: string): Promise<UserAdminView> {
    requireRole(actor, 'admin');
    const user = await repo.findUserById(this.db, id);
    if (!user) throw notFound('User', id);
    return this.db.transaction().execute(async (tx) => {
      const cleared = await repo.clearLoginFailures(tx, user.username.toLowerCase());
      await recordAudit(tx, actor, { action: 'user.unlocked', subjectType: 'user', subjectId: id, details: { addressesCleared: cleared } });
      return toAdminView(user);
    });
  }

  async createUser(
    actor: Actor,
    input: { username: string; displayName: string; role: Role; password: string; mustChangePassword?: boolean },
  ): Promise<UserAdminView> {
    requireRole(actor, 'admin');
    const username = input.username.trim();
    if (!USERNAME.test(username)) {
      throw invalid('invalid_username', 'A username has 2 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit', {
        field: 'username',
      });
    }
    const displayName = input.displayName.trim() || username;
    const problem = passwordProblem(input.password, username);
    if (problem) throw invalid('weak_password', `The password ${problem.text}`, { field: 'password', rule: problem.rule });
    if (await repo.findUserByUsername(this.db, username)) throw conflict('username_taken', `The username ${username} is taken`);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (tx) => {
      const user = await repo.insertUser(tx, {
        id: randomUUID(),
        username,
        displayName,
        role: input.role,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
      });
      await recordAudit(tx, actor, {
        action: 'user.created',
        subjectType: 'user',
        subjectId: user.id,
        details: { username, role: input.role },
      });
      return toAdminView(user);
    });
  }

  async updateUser(
    actor: Actor,
    id: string,
    patch: { displayName?: string; role?: Role; disabled?: boolean; password?: string; keepApiTokens?: boolean },
  ): Promise<UserAdminView> {
    requireRole(actor, 'admin');
    const user = await repo.findUserById(this.db, id);
    if (!user) throw notFound('User', id);
    const losesAdmin = user.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin && !user.disabled && (await repo.countActiveAdmins(this.db)) <= 1) {
      throw conflict('last_admin', 'This is the last active administrator; make another administrator first');
    }
    let passwordHash: string | undefined;
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password, user.username);
      if (problem) throw invalid('weak_password', `The password ${problem.text}`, { field: 'password', rule: problem.rule });
      passwordHash = await hashPassword(patch.password);
    }
    return this.db.transaction().execute(async (tx) => {
      const updated = await repo.updateUser(tx, id, {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() || user.username } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(passwordHash ? { password_hash: passwordHash, must_change_password: true, password_changed_at: this.now() } : {}),
      });
      if (patch.disabled || passwordHash || (patch.role && patch.role !== user.role)) await repo.deleteSessionsOfUser(tx, id);
      // A reset password means the old one may be known to someone else: their tokens go too, unless asked to keep them.
      const tokensRevoked = passwordHash && !patch.keepApiTokens ? await repo.revokeTokensOfUser(tx, id, this.now()) : 0;
      await recordAudit(tx, actor, {
        action: 'user.updated',
        subjectType: 'user',
        subjectId: id,
        details: {
          ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
          ...(patch.role !== undefined ? { role: { from: user.role, to: patch.role } } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(passwordHash ? { passwordReset: true, apiTokens: patch.keepApiTokens ? 'kept' : 'revoked', tokensRevoked } : {}),
        },
      });
      return toAdminView(updated!);
    });
  }

  /** Creates the first administrator when the instance has no users; returns its one-time password. */
  async ensureInitialAdmin(actor: Actor): Promise<{ username: string; password: string } | null> {
    if ((await repo.countUsers(this.db)) > 0) return null;
    const password = randomBytes(12).toString('base64url');
    try {
      await this.createUser(actor, { username: 'admin', displayName: 'Administrator', role: 'admin', password, mustChangePassword: true });
    } catch (error) {
      // Several processes started together on an empty database: one creates the administrator, the others find
      // it there (a refused duplicate) and start without printing a password that is not the stored one.
      if ((await repo.countUsers(this.db)) > 0) return null;
      throw error;
    }
    return { username: 'admin', password };
  }

  async createToken(actor: Actor, name: string, expiresInDays?: number, forUserId?: string) {
    requireUser(actor);
    const userId = forUserId ?? actor.userId;
    if (userId !== actor.userId) requireRole(actor, 'admin');
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw invalid('invalid_name', 'A token name has 1 to 100 characters', { field: 'name' });
    const value = `${TOKEN_PREFIX}${secret()}`;
    const expiresAt = expiresInDays ? new Date(this.now().getTime() + expiresInDays * 86_400_000) : null;
    return this.db.transaction().execute(async (tx) => {
      const token = await repo.insertToken(tx, { id: randomUUID(), userId, name: trimmed, secretHash: sha256(value), expiresAt });
      await recordAudit(tx, actor, { action: 'token.created', subjectType: 'api_token', subjectId: token.id, details: { name: trimmed, userId } });
      return { token: toTokenView(token), secret: value };
    });
  }

  async listTokens(actor: Actor): Promise<TokenView[]> {
    requireUser(actor);
    return (await repo.listTokens(this.db, actor.userId)).map(toTokenView);
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    requireUser(actor);
    const token = await repo.findToken(this.db, id);
    if (!token || token.revoked_at) throw notFound('Token', id);
    if (token.user_id !== actor.userId) requireRole(actor, 'admin');
    await this.db.transaction().execute(async (tx) => {
      await repo.revokeToken(tx, id, this.now());
      await recordAudit(tx, actor, { action: 'token.revoked', subjectType: 'api_token', subjectId: id });
    });
  }

  /** Returns the actor behind a bearer token, or null. */
  async resolveToken(value: string): Promise<Actor | null> {
    if (!value.startsWith(TOKEN_PREFIX)) return null;
    const hash = sha256(value);
    const row = await repo.findTokenBySecretHash(this.db, hash);
    const now = this.now();
    if (!row || row.revoked_at || row.disabled || (row.expires_at && row.expires_at <= now)) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) await repo.markTokenUsed(this.db, row.id, now);
    return { kind: 'user', userId: row.user_id, username: row.username, role: row.role, via: 'token', mustChangePassword: row.must_change_password };
  }

  async purgeExpiredSessions(): Promise<number> {
    await repo.deleteStaleLoginFailures(this.db, this.windowStart());
    return repo.deleteExpiredSessions(this.db, this.now());
  }
}
