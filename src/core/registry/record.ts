import { JSON_FILE, JSON_FORMAT, JSON_VERSION } from './columns.ts';
import { parseRegistryFiles, type ExistingIds } from './parse.ts';
import type { FileKey } from './validate.ts';
import type { Actor, Claim, Problem, RecognitionAct, RegistryEvent, Source } from './types.ts';

/** The record kinds a form can create or edit: the five record files of the import format. */
export const recordKinds = ['sources', 'actors', 'events', 'claims', 'recognitionActs'] as const satisfies readonly FileKey[];
export type RecordKind = (typeof recordKinds)[number];

export interface RecordOf {
  sources: Source;
  actors: Actor;
  events: RegistryEvent;
  claims: Claim;
  recognitionActs: RecognitionAct;
}

export interface RecordCheck<K extends RecordKind> {
  record: RecordOf[K] | null;
  /** Problems with `field` relative to the record ("statement", "figures[0].value"), as a form shows them. */
  problems: Problem[];
}

/**
 * Checks one record written in a form exactly as an import checks a record of registry.json: the same field rules,
 * the same references to records already in the registry, the same warnings. `replacing` is the id of the record an
 * edit replaces, which may keep its own id; a new record's id must be free.
 */
export function checkRecord<K extends RecordKind>(kind: K, raw: unknown, existing: ExistingIds, replacing?: string): RecordCheck<K> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { record: null, problems: [{ severity: 'error', code: 'invalid_type', file: 'form', message: 'a record must be an object' }] };
  }
  const known: ExistingIds = { ...existing };
  if (replacing !== undefined) {
    const others = new Set(existing[kind] ?? []);
    others.delete(replacing);
    known[kind] = others;
  }
  const document = JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, [kind]: [raw] });
  const parsed = parseRegistryFiles({ [JSON_FILE]: document }, known);
  const prefix = `${kind}[0]`;
  const problems = parsed.problems.map((p): Problem => {
    const { line: _line, ...rest } = p;
    const field = p.field === prefix ? undefined : p.field?.startsWith(`${prefix}.`) ? p.field.slice(prefix.length + 1) : p.field;
    const message = p.message.split(`${prefix}.`).join('');
    return { ...rest, file: 'form', ...(field ? { field } : { field: undefined }), message };
  });
  for (const p of problems) if (p.field === undefined) delete p.field;
  const record = (parsed.dataset[kind][0] as RecordOf[K] | undefined) ?? null;
  return { record: parsed.ok ? record : null, problems };
}

/**
 * Whether giving `actorId` the parent `parentId` would make it its own ancestor, following the parents of the
 * actors already in the registry (`parents`: id → parent id).
 */
export function parentWouldCycle(actorId: string, parentId: string | null, parents: ReadonlyMap<string, string | null>): boolean {
  const seen = new Set<string>();
  let next = parentId;
  while (next) {
    if (next === actorId) return true;
    if (seen.has(next)) return false;
    seen.add(next);
    next = parents.get(next) ?? null;
  }
  return false;
}
