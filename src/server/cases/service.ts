import type { Kysely } from 'kysely';
import { requireRole, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';

/** Who may read the module: every signed-in role except the dialogue's facilitators. */
export const READ_ROLES = ['viewer', 'editor', 'reviewer'] as const;

export class CasesService {
  constructor(readonly db: Kysely<Database>) {}

  /** Viewers, editors (analysts), reviewers and admins read; throws otherwise. */
  requireReader(actor: Actor): void {
    requireRole(actor, ...READ_ROLES);
  }

  /** Editors (analysts) write. */
  requireAnalyst(actor: Actor): void {
    requireRole(actor, 'editor');
  }

  /** Reviewers review (verification levels, reviews of links). */
  requireReviewer(actor: Actor): void {
    requireRole(actor, 'reviewer');
  }
}
