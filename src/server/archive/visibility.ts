import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { Confidentiality, ConsentScope, ItemState } from './tables.ts';

/**
 * Who may see what (the matrix is in docs/archive.md). One rule, written twice: as a TypeScript predicate for a
 * single item and as SQL for lists, searches, counts and facets, so that no listing can show more than a direct
 * look-up would. The tests check both against each other for every role.
 *
 * - public use: a published item of confidentiality public; a testimony needs publication consent in force;
 * - internal use (viewer, facilitator: public and restricted items; editor, reviewer: all): a testimony needs
 *   internal-use consent in force;
 * - court use: editors and reviewers still see a testimony whose internal-use consent was withdrawn while court-use
 *   consent remains (they prepare court submissions);
 * - admins see everything (they administer consent and must see withdrawn records to do so); every such view of
 *   restricted or confidential material is audited.
 */

export type Audience = 'public' | 'member' | 'documenter' | 'admin';

export function audienceOf(actor: Actor): Audience {
  if (actor.kind === 'system') return 'admin';
  if (actor.kind !== 'user') return 'public';
  if (actor.role === 'admin') return 'admin';
  if (actor.role === 'editor' || actor.role === 'reviewer') return 'documenter';
  return 'member';
}

export interface VisibilityFacts {
  state: ItemState;
  confidentiality: Confidentiality;
  consent_scopes: ConsentScope[] | null;
}

const allows = (scopes: ConsentScope[] | null, scope: ConsentScope) => scopes === null || scopes.includes(scope);

export function publiclyVisible(item: VisibilityFacts): boolean {
  return item.state === 'published' && item.confidentiality === 'public' && allows(item.consent_scopes, 'publication');
}

export function canSeeItem(actor: Actor, item: VisibilityFacts): boolean {
  const audience = audienceOf(actor);
  if (audience === 'admin') return true;
  if (publiclyVisible(item)) return true;
  if (audience === 'public') return false;
  if (audience === 'member') return item.confidentiality !== 'confidential' && allows(item.consent_scopes, 'internal_use');
  return allows(item.consent_scopes, 'internal_use') || (item.consent_scopes?.includes('court_use') ?? false);
}

/** SQL of the same rule over the items table aliased `i`. */
export function visibleSql(actor: Actor): RawBuilder<boolean> {
  const audience = audienceOf(actor);
  const publicUse = sql<boolean>`(i.state = 'published' and i.confidentiality = 'public' and (i.consent_scopes is null or 'publication' = any(i.consent_scopes)))`;
  const internal = sql<boolean>`(i.consent_scopes is null or 'internal_use' = any(i.consent_scopes))`;
  switch (audience) {
    case 'admin':
      return sql<boolean>`true`;
    case 'public':
      return publicUse;
    case 'member':
      return sql<boolean>`(${publicUse} or (i.confidentiality <> 'confidential' and ${internal}))`;
    case 'documenter':
      return sql<boolean>`(${publicUse} or ${internal} or 'court_use' = any(coalesce(i.consent_scopes, '{}'::text[])))`;
  }
}

/** Which files of a visible item an actor may open: by the file's own confidentiality. */
export function canSeeFile(actor: Actor, fileConfidentiality: Confidentiality): boolean {
  const audience = audienceOf(actor);
  if (audience === 'admin' || audience === 'documenter') return true;
  if (audience === 'member') return fileConfidentiality !== 'confidential';
  return fileConfidentiality === 'public';
}

/** May the actor read protected identity fields (witness name, contact, location)? */
export function canSeeProtectedIdentity(actor: Actor): boolean {
  const audience = audienceOf(actor);
  return audience === 'admin' || audience === 'documenter';
}

