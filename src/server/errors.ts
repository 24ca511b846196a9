/**
 * Domain errors: what services throw. Each carries a stable machine code (documented, never renamed) and a kind
 * that the HTTP edge maps to a status code. Services never know about HTTP.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: unknown) => new DomainError('invalid', code, message, details);
export const notFound = (what: string, id?: string) =>
  new DomainError('not_found', 'not_found', `${what} not found`, id === undefined ? undefined : { id });
export const conflict = (code: string, message: string, details?: unknown) => new DomainError('conflict', code, message, details);
export const forbidden = (message = 'You do not have permission to do this') => new DomainError('forbidden', 'forbidden', message);
export const unauthenticated = (message = 'Log in to do this') => new DomainError('unauthenticated', 'unauthenticated', message);
