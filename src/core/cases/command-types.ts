/**
 * Units and chains of command, modelled as Security Force Monitor's WhoWasInCommand models them: organisations,
 * units, posts and persons, joined by dated, sourced relations. Dates are the registry's partial dates
 * (YYYY, YYYY-MM, YYYY-MM-DD); a missing start or end means the source gives none (the relation is open on that side).
 */

export const commandEntityKinds = ['organisation', 'unit', 'post', 'person'] as const;
export type CommandEntityKind = (typeof commandEntityKinds)[number];

/**
 * - `member-of`: a person or unit belongs to a unit or organisation;
 * - `commands`: a person (or the holder of a post) commands a unit;
 * - `subordinate-to`: a unit answers to a unit or organisation (the chain of command);
 * - `area-of-operation`: a unit operates in a place (the target is a place, not an entity).
 */
export const commandRelationKinds = ['member-of', 'commands', 'subordinate-to', 'area-of-operation'] as const;
export type CommandRelationKind = (typeof commandRelationKinds)[number];

export interface CommandEntity {
  id: string;
  kind: CommandEntityKind;
  name: string;
}

export interface CommandRelation {
  id: string;
  kind: CommandRelationKind;
  /** The subordinate, member, commander or operating unit. */
  from: string;
  /** The superior, the unit commanded or joined, or (for area-of-operation) the place. */
  to: string;
  start: string | null;
  end: string | null;
  /** Source ids (the registry's), in order; every relation has at least one. */
  sources: string[];
}

/** What kinds of entity each relation may join (`place` for the target of area-of-operation). */
export const relationEnds: Record<CommandRelationKind, { from: readonly CommandEntityKind[]; to: readonly (CommandEntityKind | 'place')[] }> = {
  'member-of': { from: ['person', 'unit'], to: ['unit', 'organisation'] },
  commands: { from: ['person', 'post'], to: ['unit', 'organisation'] },
  'subordinate-to': { from: ['unit'], to: ['unit', 'organisation'] },
  'area-of-operation': { from: ['unit'], to: ['place'] },
};

/** How sure it is that a relation held on the date asked: its known dates cover it, or only its vague dates may. */
export type Certainty = 'certain' | 'possible';
