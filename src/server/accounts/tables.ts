import type { ColumnType, Selectable } from 'kysely';

export const roles = ['admin', 'editor', 'reviewer', 'facilitator', 'viewer', 'moderator', 'translator'] as const;
export type Role = (typeof roles)[number];

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  must_change_password: boolean;
  disabled: boolean;
  locale: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  last_login_at: NullableTimestamp;
  password_changed_at: NullableTimestamp;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a database dump does not hand out live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  last_seen_at: DefaultTimestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  created_at: DefaultTimestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** Failed logins per account and client address; see the migration. */
export interface LoginThrottleTable {
  /** Lower-cased as typed (also for names no account has, so an unknown user is throttled like a known one). */
  username: string;
  address: string;
  failures: number;
  window_started_at: Timestamp;
  last_failure_at: Timestamp;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
}

export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
