import { heldDuring, relationSpan, windowOf, type DateWindow } from './command-dates.ts';
import type { Certainty, CommandEntity, CommandRelation } from './command-types.ts';

/** One relation as it holds in the window asked about, with its sources (each step of a chain carries its own). */
export interface HeldRelation {
  relation: CommandRelation;
  certainty: Certainty;
}

/** The chain of command on a date: the entities it touches and the relations that held then. */
export interface CommandChart {
  window: DateWindow;
  entities: CommandEntity[];
  /** subordinate-to and commands relations that may hold in the window (member-of and areas are not drawn). */
  edges: HeldRelation[];
  /** Units and organisations with no superior in the window: the roots of the chart. */
  roots: string[];
}

export function heldRelations(relations: readonly CommandRelation[], window: DateWindow, kinds: readonly CommandRelation['kind'][]): HeldRelation[] {
  const held: HeldRelation[] = [];
  for (const relation of relations) {
    if (!kinds.includes(relation.kind)) continue;
    const certainty = heldDuring(relationSpan(relation.start, relation.end), window);
    if (certainty) held.push({ relation, certainty });
  }
  return held.sort((a, b) => (a.relation.id < b.relation.id ? -1 : a.relation.id > b.relation.id ? 1 : 0));
}

/**
 * The chain of command in a window (a day, a partial date or a range). With `focus`, only the part of the chart
 * connected to that unit (its superiors up to the top, its subordinates down to the bottom, and their commanders).
 */
export function chartOn(
  entities: readonly CommandEntity[],
  relations: readonly CommandRelation[],
  window: DateWindow,
  focus?: string,
): CommandChart {
  let edges = heldRelations(relations, window, ['subordinate-to', 'commands']);
  if (focus) {
    const keep = new Set<string>([focus]);
    const up = (id: string): void => {
      for (const e of edges) {
        if (e.relation.kind !== 'subordinate-to' || e.relation.from !== id || keep.has(e.relation.to)) continue;
        keep.add(e.relation.to);
        up(e.relation.to);
      }
    };
    const down = (id: string): void => {
      for (const e of edges) {
        if (e.relation.kind !== 'subordinate-to' || e.relation.to !== id || keep.has(e.relation.from)) continue;
        keep.add(e.relation.from);
        down(e.relation.from);
      }
    };
    up(focus);
    down(focus);
    edges = edges.filter((e) => (e.relation.kind === 'commands' ? keep.has(e.relation.to) : keep.has(e.relation.from) && keep.has(e.relation.to)));
  }
  const used = new Set<string>();
  for (const e of edges) {
    used.add(e.relation.from);
    used.add(e.relation.to);
  }
  if (focus) used.add(focus);
  const shown = entities.filter((e) => used.has(e.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const hasSuperior = new Set(edges.filter((e) => e.relation.kind === 'subordinate-to').map((e) => e.relation.from));
  const roots = shown.filter((e) => (e.kind === 'unit' || e.kind === 'organisation') && !hasSuperior.has(e.id)).map((e) => e.id);
  return { window, entities: shown, edges, roots };
}

/** A step up the chain from a unit present: the superior reached, the relation that makes it so, its commanders. */
export interface ChainStep {
  unitId: string;
  /** The subordinate-to relation leading here from the step below (null for the unit present itself). */
  via: HeldRelation | null;
  commanders: HeldRelation[];
}

export interface UnitPresent {
  unitId: string;
  /** The area-of-operation relations that place the unit at the incident's place in its window. */
  areas: HeldRelation[];
  /** The unit itself first, then each superior in turn; a unit with two superiors at once lists both branches' steps. */
  chain: ChainStep[];
}

/** What an incident offers this engine: when (a partial date or a range) and where (a place key). */
export interface IncidentWhenWhere {
  start: string;
  end?: string | null;
  place: string;
}

/** Places are matched by their key, ignoring case and surrounding space ("Khojaly" = " khojaly "). */
export const placeKey = (place: string): string => place.trim().toLocaleLowerCase('en');

/**
 * The units present at an incident (an area-of-operation at its place that may hold in its window) and, for each,
 * its commanders then and the chain of superiors above it with their commanders: the steps an Art. 28 analysis
 * follows, each with the relation and sources that support it.
 */
export function unitsPresent(relations: readonly CommandRelation[], incident: IncidentWhenWhere): UnitPresent[] {
  const window = windowOf(incident.start, incident.end);
  const areas = heldRelations(relations, window, ['area-of-operation']).filter((h) => placeKey(h.relation.to) === placeKey(incident.place));
  const superiors = heldRelations(relations, window, ['subordinate-to']);
  const commands = heldRelations(relations, window, ['commands']);
  const commandersOf = (unitId: string): HeldRelation[] => commands.filter((c) => c.relation.to === unitId);
  const byUnit = new Map<string, HeldRelation[]>();
  for (const area of areas) byUnit.set(area.relation.from, [...(byUnit.get(area.relation.from) ?? []), area]);
  const present: UnitPresent[] = [];
  for (const [unitId, unitAreas] of [...byUnit].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const chain: ChainStep[] = [{ unitId, via: null, commanders: commandersOf(unitId) }];
    const visited = new Set([unitId]);
    // Breadth-first up the chain; stored relations have no cycles, and `visited` guards against one anyway.
    for (let i = 0; i < chain.length; i++) {
      for (const up of superiors.filter((s) => s.relation.from === chain[i].unitId)) {
        if (visited.has(up.relation.to)) continue;
        visited.add(up.relation.to);
        chain.push({ unitId: up.relation.to, via: up, commanders: commandersOf(up.relation.to) });
      }
    }
    present.push({ unitId, areas: unitAreas, chain });
  }
  return present;
}
