import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ApiTokenRow, Role, UserRow } from './tables.ts';

type Db = Kysely<Database>;

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy(sql`lower(username)`).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Db,
  user: { id: string; username: string; displayName: string; role: Role; passwordHash: string; mustChangePassword: boolean },
): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword,
      disabled: false,
      locale: null,
      last_login_at: null,
      password_changed_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<{
    display_name: string;
    role: Role;
    disabled: boolean;
    password_hash: string;
    must_change_password: boolean;
    password_changed_at: Date;
    last_login_at: Date;
    locale: string | null;
  }>,
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function insertSession(
  db: Db,
  session: { idHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id_hash: session.idHash, user_id: session.userId, csrf_token: session.csrfToken, expires_at: session.expiresAt })
    .execute();
}

export async function findSession(db: Db, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.username',
      'users.role',
      'users.disabled',
      'users.must_change_password',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string, exceptIdHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) query = query.where('id_hash', '!=', exceptIdHash);
  await query.execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertToken(
  db: Db,
  token: { id: string; userId: string; name: string; secretHash: string; expiresAt: Date | null },
): Promise<ApiTokenRow> {
  return db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      name: token.name,
      secret_hash: token.secretHash,
      expires_at: token.expiresAt,
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listTokens(db: Db, userId?: string): Promise<ApiTokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll().where('revoked_at', 'is', null).orderBy('created_at', 'desc');
  if (userId) query = query.where('user_id', '=', userId);
  return query.execute();
}

export async function findToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTokenBySecretHash(db: Db, secretHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.username',
      'users.role',
      'users.disabled',
      'users.must_change_password',
    ])
    .where('api_tokens.secret_hash', '=', secretHash)
    .executeTakeFirst();
}

export async function markTokenUsed(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function revokeToken(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}

/** Revokes every live API token of a user; returns how many. */
export async function revokeTokensOfUser(db: Db, userId: string, at: Date): Promise<number> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How often this address has failed to log in to this account within the current window (0 when never). */
export async function loginFailures(db: Db, username: string, address: string, windowStart: Date): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .select('failures')
    .where('username', '=', username)
    .where('address', '=', address)
    .where('window_started_at', '>', windowStart)
    .executeTakeFirst();
  return row?.failures ?? 0;
}

/**
 * Counts one failure of an address against an account, atomically (several processes may count at once); a count
 * whose window has passed starts again at one.
 */
export async function recordLoginFailure(db: Db, username: string, address: string, now: Date, windowStart: Date): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({ username, address, failures: 1, window_started_at: now, last_failure_at: now })
    .onConflict((oc) =>
      oc.columns(['username', 'address']).doUpdateSet({
        failures: sql<number>`case when login_throttle.window_started_at <= ${windowStart} then 1 else login_throttle.failures + 1 end`,
        window_started_at: sql<Date>`case when login_throttle.window_started_at <= ${windowStart} then ${now} else login_throttle.window_started_at end`,
        last_failure_at: now,
      }),
    )
    .execute();
}

/** Clears the failures of one address against an account (after its successful login), or all of them (unlock). */
export async function clearLoginFailures(db: Db, username: string, address?: string): Promise<number> {
  let query = db.deleteFrom('login_throttle').where('username', '=', username);
  if (address !== undefined) query = query.where('address', '=', address);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Usernames (lower-cased) locked out from at least one address in the current window, for the admin page. */
export async function lockedUsernames(db: Db, windowStart: Date, maxFailures: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('login_throttle')
    .select('username')
    .distinct()
    .where('window_started_at', '>', windowStart)
    .where('failures', '>=', maxFailures)
    .execute();
  return new Set(rows.map((r) => r.username));
}

export async function deleteStaleLoginFailures(db: Db, windowStart: Date): Promise<number> {
  const result = await db.deleteFrom('login_throttle').where('window_started_at', '<=', windowStart).executeTakeFirst();
  return Number(result.numDeletedRows);
}
