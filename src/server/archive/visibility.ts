import { expressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../accounts/actor.ts';
import type { Confidentiality, ConsentScope, ItemState, ItemsTable } from './tables.ts';

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

/**
 * The same rule as a Kysely expression over the items table aliased `i`, for the WHERE of lists, searches and counts
 * (and embeddable in a raw template of a repository). It is built with the expression builder, so every column it names is checked
 * against the items table's type; it is a predicate, not a statement, and runs only inside a repository's query.
 */
export function visibleSql(actor: Actor): Expression<SqlBool> {
  const eb = expressionBuilder<{ i: ItemsTable }, 'i'>();
  const scopesAllow = (scope: ConsentScope) => eb.or([eb('i.consent_scopes', 'is', null), eb(eb.val(scope), '=', eb.fn.any('i.consent_scopes'))]);
  const publicUse = eb.and([eb('i.state', '=', 'published'), eb('i.confidentiality', '=', 'public'), scopesAllow('publication')]);
  switch (audienceOf(actor)) {
    case 'admin':
      return eb.lit(true);
    case 'public':
      return publicUse;
    case 'member':
      return eb.or([publicUse, eb.and([eb('i.confidentiality', '<>', 'confidential'), scopesAllow('internal_use')])]);
    case 'documenter':
      // A null consent_scopes already passes internal use, so court use needs no null case of its own.
      return eb.or([publicUse, scopesAllow('internal_use'), eb(eb.val('court_use'), '=', eb.fn.any('i.consent_scopes'))]);
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

