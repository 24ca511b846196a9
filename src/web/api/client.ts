import type {
  AuditResponse,
  ChangePasswordRequest,
  CreateTokenRequest,
  CreateTokenResponse,
  CreateUserRequest,
  ErrorBody,
  LoginRequest,
  LoginResponse,
  SessionResponse,
  SystemInfo,
  TokensResponse,
  UpdateUserRequest,
  User,
  UserResponse,
  UsersResponse,
} from './types.ts';

/**
 * A failed request, in the server's error shape. Codes produced by the client itself: `network_error` (no
 * response), `bad_response` (a response that is not the JSON we expect).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Set by the session provider whenever the server hands out a CSRF token; read on every mutating request. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

/**
 * Called when a request outside /api/auth/ answers 401: the session ended (expired, revoked, server restarted with
 * a new secret). The session provider uses it to re-read the session, which sends the reader to the login page.
 */
let onUnauthenticated: (() => void) | null = null;

export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
let fetchImpl: FetchLike = (input, init) => fetch(input, init);

/** Tests swap the transport; the app never calls this. */
export function setFetchForTesting(impl: FetchLike): void {
  fetchImpl = impl;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (MUTATING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetchImpl(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, 'bad_response', 'The server sent a response that is not JSON.');
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
    if (isErrorBody(payload)) {
      const { code, message, details } = payload.error;
      throw new ApiError(response.status, code, typeof message === 'string' ? message : code, details);
    }
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`);
  }
  return payload as T;
}

/** The endpoints of the foundation (issue 2). Modules add their own next to their pages and reuse `request`. */
export const api = {
  session: () => request<SessionResponse>('/api/auth/session'),
  login: (body: LoginRequest) => request<LoginResponse>('/api/auth/login', { method: 'POST', body }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
  changePassword: (body: ChangePasswordRequest) => request<void>('/api/auth/password', { method: 'POST', body }),
  /** Remembers the signed-in user's interface language on the server; answers with the updated user. */
  setLocale: (locale: string | null) => request<User>('/api/auth/locale', { method: 'PUT', body: { locale } }),
  listUsers: () => request<UsersResponse>('/api/users'),
  createUser: (body: CreateUserRequest) => request<UserResponse>('/api/users', { method: 'POST', body }),
  updateUser: (id: string, body: UpdateUserRequest) =>
    request<UserResponse>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  unlockUser: (id: string) => request<UserResponse>(`/api/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' }),
  listTokens: () => request<TokensResponse>('/api/tokens'),
  createToken: (body: CreateTokenRequest) => request<CreateTokenResponse>('/api/tokens', { method: 'POST', body }),
  revokeToken: (id: string) => request<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  audit: (query: { limit?: number; before?: string }) => request<AuditResponse>('/api/audit', { query }),
  system: () => request<SystemInfo>('/api/system'),
};
