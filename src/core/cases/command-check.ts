import { partialDateProblem } from '../registry/dates.ts';
import { endsBeforeStart, relationSpan, type Span } from './command-dates.ts';
import { relationEnds, type CommandEntity, type CommandRelation } from './command-types.ts';

/** One thing wrong with a relation, with a stable code the server and the importer turn into their own errors. */
export interface CommandProblem {
  code: 'invalid_date' | 'end_before_start' | 'unknown_entity' | 'wrong_entity_kind' | 'self_relation' | 'no_sources' | 'command_cycle' | 'duplicate_id';
  relationId: string;
  field?: 'start' | 'end' | 'from' | 'to' | 'sources' | 'id';
  message: string;
  /** For a cycle: the relation ids that close it, in order. */
  cycle?: string[];
}

/** The checks on one relation alone (its dates, ends and sources), before it is set among the others. */
export function checkRelation(relation: CommandRelation, entities: ReadonlyMap<string, CommandEntity>): CommandProblem[] {
  const problems: CommandProblem[] = [];
  const id = relation.id;
  for (const field of ['start', 'end'] as const) {
    const value = relation[field];
    const problem = value === null ? null : partialDateProblem(value);
    if (problem) problems.push({ code: 'invalid_date', relationId: id, field, message: problem });
  }
  if (!problems.length && endsBeforeStart(relation.start, relation.end)) {
    problems.push({ code: 'end_before_start', relationId: id, field: 'end', message: `it ends (${relation.end}) before it starts (${relation.start})` });
  }
  const ends = relationEnds[relation.kind];
  const from = entities.get(relation.from);
  if (!from) problems.push({ code: 'unknown_entity', relationId: id, field: 'from', message: `no entity "${relation.from}"` });
  else if (!ends.from.includes(from.kind)) {
    problems.push({ code: 'wrong_entity_kind', relationId: id, field: 'from', message: `a ${from.kind} cannot be the subject of "${relation.kind}" (only ${ends.from.join(', ')})` });
  }
  if (!ends.to.includes('place')) {
    const to = entities.get(relation.to);
    if (!to) problems.push({ code: 'unknown_entity', relationId: id, field: 'to', message: `no entity "${relation.to}"` });
    else if (!ends.to.includes(to.kind)) {
      problems.push({ code: 'wrong_entity_kind', relationId: id, field: 'to', message: `"${relation.kind}" cannot point to a ${to.kind} (only ${ends.to.join(', ')})` });
    }
    if (relation.from === relation.to) problems.push({ code: 'self_relation', relationId: id, field: 'to', message: 'a relation cannot join an entity to itself' });
  }
  if (!relation.sources.length) problems.push({ code: 'no_sources', relationId: id, field: 'sources', message: 'every relation needs at least one source' });
  return problems;
}

/**
 * Finds a unit subordinate to itself through others on some day: a cycle of subordinate-to relations that may all
 * hold on one common day. Intervals that overlap pairwise share a day (Helly), and that day can be taken to be the
 * latest first day among them, so it is enough to look at the graph on each relation's first day (and before all
 * dates, for relations with no start). Returns the relation ids of one cycle, or null.
 */
export function findCommandCycle(relations: readonly CommandRelation[]): string[] | null {
  const subordinate = relations.filter((r) => r.kind === 'subordinate-to');
  const spans = new Map<string, Span>(subordinate.map((r) => [r.id, relationSpan(r.start, r.end)]));
  const days = [...new Set([...spans.values()].map((s) => s.first))].sort();
  for (const day of days) {
    const live = subordinate.filter((r) => {
      const span = spans.get(r.id)!;
      return span.first <= day && day <= span.last;
    });
    const cycle = cycleIn(live);
    if (cycle) return cycle;
  }
  return null;
}

/** A cycle in a directed graph of relations (from → to), by depth-first search with three colours. */
function cycleIn(edges: readonly CommandRelation[]): string[] | null {
  const out = new Map<string, CommandRelation[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const state = new Map<string, 'open' | 'done'>();
  const path: CommandRelation[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    for (const edge of out.get(node) ?? []) {
      const next = state.get(edge.to);
      if (next === 'open') {
        const startAt = path.findIndex((e) => e.from === edge.to);
        return [...path.slice(startAt === -1 ? path.length : startAt), edge].map((e) => e.id);
      }
      if (next === undefined) {
        path.push(edge);
        const found = visit(edge.to);
        if (found) return found;
        path.pop();
      }
    }
    state.set(node, 'done');
    return null;
  };
  for (const node of [...out.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

/**
 * Every problem of a set of relations: each relation's own, duplicate ids, and a command cycle. Use it for an import
 * (all at once) and for one new relation (pass the stored ones plus the new one).
 */
export function checkRelations(relations: readonly CommandRelation[], entities: readonly CommandEntity[]): CommandProblem[] {
  const byId = new Map(entities.map((e) => [e.id, e]));
  const problems: CommandProblem[] = [];
  const seen = new Set<string>();
  for (const relation of relations) {
    if (seen.has(relation.id)) problems.push({ code: 'duplicate_id', relationId: relation.id, field: 'id', message: `relation id "${relation.id}" is used twice` });
    seen.add(relation.id);
    problems.push(...checkRelation(relation, byId));
  }
  if (problems.length) return problems;
  const cycle = findCommandCycle(relations);
  if (cycle) {
    problems.push({
      code: 'command_cycle',
      relationId: cycle[cycle.length - 1],
      message: `these subordinate-to relations would make a unit subordinate to itself on a common day: ${cycle.join(' → ')}`,
      cycle,
    });
  }
  return problems;
}
