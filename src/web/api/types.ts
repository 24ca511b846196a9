/**
 * Shapes of the JSON the server sends and accepts. One file so that modules can extend it: a module adds its own
 * types in `src/web/<module>/api.ts` and imports the shared ones from here.
 */

export const ROLES = ['admin', 'editor', 'reviewer', 'facilitator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  locale: string | null;
  mustChangePassword: boolean;
}

export interface SessionResponse {
  user: User | null;
  csrfToken: string | null;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  user: User;
  csrfToken: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ManagedUser extends User {
  disabled: boolean;
  /** Some address is locked out of this account by failed logins (an administrator may unlock it). */
  lockedOut: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface UsersResponse {
  users: ManagedUser[];
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
  /** With a new password: keep the user's API tokens instead of revoking them. */
  keepApiTokens?: boolean;
}

export interface UserResponse {
  user: ManagedUser;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface TokensResponse {
  tokens: ApiToken[];
}

export interface CreateTokenRequest {
  name: string;
  expiresInDays?: number;
}

export interface CreateTokenResponse {
  token: ApiToken;
  /** Shown once; the server keeps only a hash. */
  secret: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: unknown;
}

export interface AuditResponse {
  events: AuditEvent[];
}

export interface SystemInfo {
  version: string;
  database: 'pglite' | 'postgres';
  features: { ffmpeg: boolean; tesseract: boolean; chromium: boolean };
}

/** The body of every 4xx/5xx response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
