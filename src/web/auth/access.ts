import type { Role, User } from '../api/types.ts';

/**
 * Who may open a page: everyone (published material), anyone logged in, or only the listed roles. The server
 * enforces the same rules; this only decides what to show and where to send people.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

export function canAccess(access: Access, user: User | null): boolean {
  if (access === 'public') return true;
  if (!user) return false;
  if (access === 'signed-in') return true;
  return access.includes(user.role);
}
