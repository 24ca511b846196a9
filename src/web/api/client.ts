import type { BodyOf, Method, PathParamsOf, PathWith, QueryOf, ResponseOf } from '../../contract/api.ts';
import type { ErrorBody } from './types.ts';

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

type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue | readonly QueryValue[]>;
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
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== null && one !== '') params.append(key, String(one));
    }
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

/** What `call` needs besides the path: the route's path parameters, query and body, each typed by the contract. */
export type CallOptions<M extends Method, P extends PathWith<M>> = { signal?: AbortSignal } & ([PathParamsOf<P, M>] extends [never]
  ? { params?: undefined }
  : { params: PathParamsOf<P, M> }) &
  ([QueryOf<P, M>] extends [never] ? { query?: undefined } : { query?: QueryOf<P, M> }) &
  ([BodyOf<P, M>] extends [never] ? { body?: undefined } : { body: BodyOf<P, M> });

type OptionalWhenEmpty<T> = object extends T ? [options?: T] : [options: T];

/** `/api/users/{id}` with `{ id: 'a/b' }` → `/api/users/a%2Fb`. */
export function fillPath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * A request to a route of the server's OpenAPI document, typed by it: the path must be one the server serves for
 * that method, and the parameters, body and answer are the route's zod schemas turned into TypeScript by
 * `npm run api:generate`. CSRF, credentials and errors are handled by `request`.
 */
export function call<M extends Method, P extends PathWith<M>>(
  method: M,
  path: P,
  ...[options]: OptionalWhenEmpty<CallOptions<M, P>>
): Promise<ResponseOf<P, M>> {
  const { params, query, body, signal } = (options ?? {}) as {
    params?: Record<string, string | number>;
    query?: RequestOptions['query'];
    body?: unknown;
    signal?: AbortSignal;
  };
  return request<ResponseOf<P, M>>(fillPath(path, params), {
    method: method.toUpperCase() as NonNullable<RequestOptions['method']>,
    query,
    body,
    signal,
  });
}

/** The endpoints of the foundation (issue 2). Modules add their own next to their pages and use `call`. */
export const api = {
  session: () => call('get', '/api/auth/session'),
  login: (body: BodyOf<'/api/auth/login', 'post'>) => call('post', '/api/auth/login', { body }),
  logout: () => call('post', '/api/auth/logout'),
  changePassword: (body: BodyOf<'/api/auth/password', 'post'>) => call('post', '/api/auth/password', { body }),
  /** Remembers the signed-in user's interface language on the server; answers with the updated user. */
  setLocale: (locale: BodyOf<'/api/auth/locale', 'put'>['locale']) => call('put', '/api/auth/locale', { body: { locale } }),
  listUsers: () => call('get', '/api/users'),
  createUser: (body: BodyOf<'/api/users', 'post'>) => call('post', '/api/users', { body }),
  updateUser: (id: string, body: BodyOf<'/api/users/{id}', 'patch'>) => call('patch', '/api/users/{id}', { params: { id }, body }),
  unlockUser: (id: string) => call('post', '/api/users/{id}/unlock', { params: { id } }),
  listTokens: () => call('get', '/api/tokens'),
  createToken: (body: BodyOf<'/api/tokens', 'post'>) => call('post', '/api/tokens', { body }),
  revokeToken: (id: string) => call('delete', '/api/tokens/{id}', { params: { id } }),
  audit: (query: QueryOf<'/api/audit', 'get'>) => call('get', '/api/audit', { query }),
  system: () => call('get', '/api/system'),
};
