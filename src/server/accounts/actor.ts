import { forbidden, unauthenticated } from '../errors.ts';
import type { Role } from './tables.ts';

/** Who is acting. Every service call takes one, and the service (not the route) decides what it may do. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      username: string;
      role: Role;
      via: 'session' | 'token';
      /** A forced password change is pending: the HTTP edge lets this actor do nothing else. */
      mustChangePassword?: boolean;
    }
  | { kind: 'public' }
  | { kind: 'system'; name: string };

export const publicActor: Actor = { kind: 'public' };
export const systemActor = (name: string): Actor => ({ kind: 'system', name });

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.username;
    case 'public':
      return 'public';
    case 'system':
      return `system: ${actor.name}`;
  }
}

export function actorId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** Throws unless the actor is a logged-in user holding one of the roles (admins may do everything). System actors pass. */
export function requireRole(actor: Actor, ...allowed: Role[]): void {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'user') throw unauthenticated();
  if (actor.role === 'admin' || allowed.includes(actor.role)) return;
  throw forbidden();
}

export function requireUser(actor: Actor): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw unauthenticated();
}

export function hasRole(actor: Actor, ...allowed: Role[]): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'user' && (actor.role === 'admin' || allowed.includes(actor.role));
}
