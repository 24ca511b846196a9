import type { Location } from '../registry/read.ts';
import { criminalCharacterisations, type Allegation, type CasesDataset, type Characterisation, type CrimeCategory, type FrameworkDataset, type Problem } from './types.ts';

type Located = Map<object, Location>;

/** What the instance already holds that framework files may refer to. */
export interface FrameworkKnown {
  frameworks: ReadonlySet<string>;
  crimes: ReadonlyMap<string, { frameworkId: string; parentId: string | null }>;
  modes: ReadonlySet<string>;
  elements: ReadonlySet<string>;
}

export interface CrimeInfo {
  frameworkId: string;
  parentId: string | null;
  category: CrimeCategory;
}

/** What the instance holds that case files may refer to; `units` null when the units table does not exist yet. */
export interface CaseKnown {
  incidents: ReadonlySet<string>;
  acts: ReadonlySet<string>;
  allegations: ReadonlySet<string>;
  actors: ReadonlySet<string>;
  sources: ReadonlySet<string>;
  events: ReadonlySet<string>;
  records: ReadonlySet<string>;
  units: ReadonlySet<string> | null;
  crimes: ReadonlyMap<string, CrimeInfo>;
  modes: ReadonlySet<string>;
  elements: ReadonlyMap<string, { crimeId: string | null; modeId: string | null }>;
}

class Reporter {
  readonly problems: Problem[] = [];
  constructor(private readonly located: Located) {}

  error(item: object, code: string, field: string, message: string, severity: Problem['severity'] = 'error'): void {
    const where = this.located.get(item) ?? { file: '(input)' };
    const name = where.path ? `${where.path}.${field}` : field;
    this.problems.push({ severity, code, file: where.file, ...(where.line !== undefined ? { line: where.line } : {}), field: name, message: `${where.line !== undefined ? `line ${where.line}: ` : ''}${message}` });
  }

  /** Reports ids used twice in the file and ids the instance already has. */
  unique<T extends { id: string }>(items: readonly T[], existing: { has(id: string): boolean }, what: string, seen = new Map<string, T>()): void {
    for (const item of items) {
      if (!item.id) continue;
      const first = seen.get(item.id);
      if (first) {
        const at = this.located.get(first);
        this.error(item, 'duplicate_id', 'id', `${what} id ${item.id} is used twice${at?.line !== undefined ? ` (first on line ${at.line})` : at?.path ? ` (first at ${at.path})` : ''}`);
      } else seen.set(item.id, item);
      if (existing.has(item.id)) this.error(item, 'already_exists', 'id', `${what} ${item.id} already exists; imports only add records`);
    }
  }
}

/** Checks framework files: unique ids, known frameworks, parents in the same framework without cycles, element owners and numbers. */
export function checkFrameworkReferences(d: FrameworkDataset, located: Located, known: FrameworkKnown): Problem[] {
  const r = new Reporter(located);
  r.unique(d.frameworks, known.frameworks, 'framework');
  r.unique(d.crimes, known.crimes, 'crime');
  r.unique(d.modes, known.modes, 'mode of liability');
  r.unique(d.elements, known.elements, 'element');
  const frameworks = new Set([...known.frameworks, ...d.frameworks.map((f) => f.id)]);
  const crimes = new Map<string, { frameworkId: string; parentId: string | null }>(known.crimes);
  for (const c of d.crimes) if (!crimes.has(c.id) || !known.crimes.has(c.id)) crimes.set(c.id, c);
  for (const c of d.crimes) {
    if (!frameworks.has(c.frameworkId)) r.error(c, 'unknown_reference', 'framework', `framework ${c.frameworkId} is neither in this import nor in the instance`);
    if (c.parentId === null) continue;
    const parent = crimes.get(c.parentId);
    if (!parent) r.error(c, 'unknown_reference', 'parent', `parent crime ${c.parentId} is neither in this import nor in the instance`);
    else if (parent.frameworkId !== c.frameworkId) r.error(c, 'bad_reference', 'parent', `parent crime ${c.parentId} belongs to framework ${parent.frameworkId}, not ${c.frameworkId}`);
  }
  // A cycle of parents would make a crime require its own elements forever.
  for (const c of d.crimes) {
    const path: string[] = [c.id];
    let next = c.parentId;
    while (next !== null) {
      if (path.includes(next)) {
        r.error(c, 'cycle', 'parent', `the parents of crime ${c.id} form a cycle: ${[...path, next].join(' → ')}`);
        break;
      }
      path.push(next);
      next = crimes.get(next)?.parentId ?? null;
    }
  }
  for (const m of d.modes) {
    if (!frameworks.has(m.frameworkId)) r.error(m, 'unknown_reference', 'framework', `framework ${m.frameworkId} is neither in this import nor in the instance`);
  }
  const fileCrimes = new Set(d.crimes.map((c) => c.id));
  const fileModes = new Set(d.modes.map((m) => m.id));
  const numbers = new Map<string, object>();
  for (const e of d.elements) {
    if (e.crimeId !== null && !fileCrimes.has(e.crimeId)) {
      r.error(e, 'unknown_reference', 'crime', known.crimes.has(e.crimeId) ? `crime ${e.crimeId} is already stored; elements are imported together with their crime` : `crime ${e.crimeId} is not in this import`);
    }
    if (e.modeId !== null && !fileModes.has(e.modeId)) {
      r.error(e, 'unknown_reference', 'mode', known.modes.has(e.modeId) ? `mode ${e.modeId} is already stored; elements are imported together with their mode` : `mode of liability ${e.modeId} is not in this import`);
    }
    const owner = e.crimeId ?? e.modeId;
    if (owner === null || e.number === 0) continue;
    const key = `${owner}#${e.number}`;
    const first = numbers.get(key);
    if (first) {
      const at = located.get(first);
      r.error(e, 'duplicate_element', 'number', `${owner} has two elements numbered ${e.number}${at?.line !== undefined ? ` (the other on line ${at.line})` : ''}`);
    } else numbers.set(key, e);
  }
  const withElements = new Set(d.elements.map((e) => e.crimeId).filter((x): x is string => x !== null));
  for (const c of d.crimes) {
    let cursor: string | null = c.id;
    let found = false;
    for (let depth = 0; cursor !== null && depth < 20 && !found; depth++) {
      found = withElements.has(cursor) || (known.crimes.has(cursor) && cursor !== c.id);
      cursor = crimes.get(cursor)?.parentId ?? null;
    }
    if (!found) r.error(c, 'no_elements', 'id', `crime ${c.id} has no elements (nor has any crime above it)`, 'warning');
  }
  return r.problems;
}

/** Which crime category each characterisation alleges; the others allege no crime. */
const CATEGORY: Partial<Record<Characterisation, CrimeCategory>> = {
  genocide: 'genocide',
  'crime-against-humanity': 'crime-against-humanity',
  'war-crime': 'war-crime',
  'other-crime': 'other',
};

/** The crime and every crime above it, nearest first (stops at a cycle, which framework checks refuse). */
export function crimeAncestry(crimeId: string, crimes: ReadonlyMap<string, { parentId: string | null }>): string[] {
  const out: string[] = [];
  let cursor: string | null = crimeId;
  while (cursor !== null && !out.includes(cursor) && out.length < 20) {
    out.push(cursor);
    cursor = crimes.get(cursor)?.parentId ?? null;
  }
  return out;
}

export function checkAllegation(a: Allegation, r: { error: Reporter['error'] }, known: CaseKnown): void {
  const criminal = criminalCharacterisations.includes(a.characterisation);
  if (!criminal) {
    if (a.crimeId !== null) r.error(a, 'not_a_crime', 'crime', `a "${a.characterisation}" characterisation names no crime`);
    if (a.modeId !== null) r.error(a, 'not_a_crime', 'mode', `a "${a.characterisation}" characterisation names no mode of liability`);
    if (a.elementIds.length) r.error(a, 'not_a_crime', 'elements', `a "${a.characterisation}" characterisation relies on no elements of a crime`);
    return;
  }
  const crime = a.crimeId === null ? null : known.crimes.get(a.crimeId);
  if (a.crimeId !== null && !crime) r.error(a, 'unknown_reference', 'crime', `crime ${a.crimeId} is not in any framework of the instance`);
  if (crime && crime.category !== CATEGORY[a.characterisation]) {
    r.error(a, 'category_mismatch', 'crime', `crime ${a.crimeId} is a ${crime.category} crime, not ${a.characterisation}`);
  }
  if (a.modeId !== null && !known.modes.has(a.modeId)) r.error(a, 'unknown_reference', 'mode', `mode of liability ${a.modeId} is not in any framework of the instance`);
  const allowedCrimes = new Set(a.crimeId && crime ? crimeAncestry(a.crimeId, known.crimes) : []);
  for (const id of a.elementIds) {
    const element = known.elements.get(id);
    if (!element) r.error(a, 'unknown_reference', 'elements', `element ${id} is not in any framework of the instance`);
    else if (!(element.crimeId !== null && allowedCrimes.has(element.crimeId)) && !(element.modeId !== null && element.modeId === a.modeId)) {
      r.error(a, 'element_not_of_crime', 'elements', `element ${id} is neither an element of ${a.crimeId ?? '(no crime)'} (or a crime above it) nor of the mode ${a.modeId ?? '(none)'}`);
    }
  }
}

/** Checks case files: unique ids, and every incident, actor, source, event, record, unit, crime and element they name. */
export function checkCaseReferences(d: CasesDataset, located: Located, known: CaseKnown): Problem[] {
  const r = new Reporter(located);
  r.unique(d.incidents, known.incidents, 'incident');
  r.unique(d.acts, known.acts, 'act');
  r.unique(d.allegations, known.allegations, 'allegation');
  const incidents = new Set([...known.incidents, ...d.incidents.map((i) => i.id)]);
  const need = (item: object, field: string, id: string | null, set: ReadonlySet<string> | null, what: string) => {
    if (id !== null && id !== '' && set !== null && !set.has(id)) r.error(item, 'unknown_reference', field, `${what} ${id} does not exist`);
  };
  for (const i of d.incidents) for (const e of i.eventIds) need(i, 'events', e, known.events, 'registry event');
  for (const a of d.acts) {
    need(a, 'incident', a.incidentId, incidents, 'incident');
    need(a, 'victim_record', a.victimRecordId, known.records, 'casualty record');
    need(a, 'perpetrator_actor', a.perpetratorActorId, known.actors, 'actor');
    need(a, 'perpetrator_unit', a.perpetratorUnitId, known.units, 'unit');
    need(a, 'source', a.sourceId, known.sources, 'source');
  }
  for (const a of d.allegations) {
    need(a, 'incident', a.incidentId, incidents, 'incident');
    need(a, 'proponent', a.proponentId, known.actors, 'actor');
    need(a, 'perpetrator_actor', a.perpetratorActorId, known.actors, 'actor');
    need(a, 'perpetrator_unit', a.perpetratorUnitId, known.units, 'unit');
    for (const s of a.sources) need(a, 'sources', s.sourceId, known.sources, 'source');
    checkAllegation(a, r, known);
  }
  return r.problems;
}

export { Reporter };
