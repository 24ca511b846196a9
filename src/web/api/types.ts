/**
 * Names for the shapes of the foundation's API (accounts, tokens, audit, system), read from the contract that
 * `npm run api:generate` makes of the server's zod schemas. Nothing here is written by hand: to change a shape,
 * change its zod schema and regenerate. A module names its own shapes the same way in `src/web/<module>/api.ts`.
 */
import type { BodyOf, Item, paths, ResponseOf } from '../../contract/api.ts';
import { everyValue } from './values.ts';

export type User = ResponseOf<'/api/auth/login', 'post'>['user'];
export type Role = User['role'];

/** The roles in the order the interface offers them (the compiler checks the list against the contract). */
export const ROLES = everyValue<Role>()(['admin', 'editor', 'reviewer', 'facilitator', 'viewer', 'moderator', 'translator']);

export type SessionResponse = ResponseOf<'/api/auth/session', 'get'>;
export type LoginRequest = BodyOf<'/api/auth/login', 'post'>;
export type LoginResponse = ResponseOf<'/api/auth/login', 'post'>;
export type ChangePasswordRequest = BodyOf<'/api/auth/password', 'post'>;

export type UsersResponse = ResponseOf<'/api/users', 'get'>;
export type ManagedUser = Item<UsersResponse['users']>;
export type CreateUserRequest = BodyOf<'/api/users', 'post'>;
export type UpdateUserRequest = BodyOf<'/api/users/{id}', 'patch'>;
export type UserResponse = ResponseOf<'/api/users/{id}', 'patch'>;

export type TokensResponse = ResponseOf<'/api/tokens', 'get'>;
export type ApiToken = Item<TokensResponse['tokens']>;
export type CreateTokenRequest = BodyOf<'/api/tokens', 'post'>;
export type CreateTokenResponse = ResponseOf<'/api/tokens', 'post'>;

export type AuditResponse = ResponseOf<'/api/audit', 'get'>;
export type AuditEvent = Item<AuditResponse['events']>;

export type SystemInfo = ResponseOf<'/api/system', 'get'>;

/** The body of every 4xx/5xx response: the same for every route (src/server/http/errors.ts), read here from one. */
export type ErrorBody = paths['/api/users']['get']['responses'][400]['content']['application/json'];
