import type { Location } from './read.ts';
import { recordFiles } from './columns.ts';
import type { Problem, RegistryDataset } from './types.ts';

export type FileKey = 'sources' | 'actors' | 'events' | 'claims' | 'recognitionActs';

/**
 * Checks across records: ids unique within each kind, and every reference (author, event, sources, contested
 * claims, body, parent organisation, document) pointing at a record that exists in the same import or, through
 * `known`, already in the registry. An id that is already in the registry is refused: imports only add.
 */
export function checkReferences(
  dataset: RegistryDataset,
  where: Map<object, Location>,
  known: Partial<Record<FileKey, ReadonlySet<string>>> = {},
): Problem[] {
  const problems: Problem[] = [];
  const at = (record: object, key: FileKey, field?: { csv: string; json: string }) => {
    const location = where.get(record) ?? { file: recordFiles[key].file };
    const name = field ? (location.path ? `${location.path}.${field.json}` : field.csv) : location.path;
    return {
      file: location.file,
      ...(location.line !== undefined ? { line: location.line } : {}),
      ...(name ? { field: name } : {}),
    };
  };

  const ids = {} as Record<FileKey, Set<string>>;
  for (const key of ['sources', 'actors', 'events', 'claims', 'recognitionActs'] as const) {
    const seen = new Map<string, object>();
    for (const record of dataset[key] as { id: string }[]) {
      if (!record.id) continue;
      const first = seen.get(record.id);
      if (first) {
        const firstAt = where.get(first);
        problems.push({
          severity: 'error',
          code: 'duplicate_id',
          ...at(record, key, { csv: 'id', json: 'id' }),
          message: `id ${record.id} is used twice${firstAt?.line ? ` (first on line ${firstAt.line})` : firstAt?.path ? ` (first at ${firstAt.path})` : ''}`,
        });
      } else seen.set(record.id, record);
      if (known[key]?.has(record.id)) {
        problems.push({
          severity: 'error',
          code: 'already_exists',
          ...at(record, key, { csv: 'id', json: 'id' }),
          message: `id ${record.id} is already in the registry; an import adds records and never overwrites them`,
        });
      }
    }
    ids[key] = new Set([...seen.keys(), ...(known[key] ?? [])]);
  }

  const ref = (record: object, key: FileKey, field: { csv: string; json: string }, target: FileKey, id: string | null) => {
    if (!id || ids[target].has(id)) return;
    problems.push({
      severity: 'error',
      code: 'unknown_reference',
      ...at(record, key, field),
      message: `${field.csv} refers to ${id}, which is not in ${recordFiles[target].file} or the registry`,
    });
  };

  for (const actor of dataset.actors) ref(actor, 'actors', { csv: 'parent', json: 'parentId' }, 'actors', actor.parentId);
  for (const claim of dataset.claims) {
    ref(claim, 'claims', { csv: 'asserted_by', json: 'assertedBy' }, 'actors', claim.assertedBy);
    ref(claim, 'claims', { csv: 'event', json: 'eventId' }, 'events', claim.eventId);
    for (const id of claim.sources) ref(claim, 'claims', { csv: 'sources', json: 'sources' }, 'sources', id);
    for (const id of claim.contests) ref(claim, 'claims', { csv: 'contests', json: 'contests' }, 'claims', id);
  }
  for (const act of dataset.recognitionActs) {
    ref(act, 'recognitionActs', { csv: 'body', json: 'bodyId' }, 'actors', act.bodyId);
    ref(act, 'recognitionActs', { csv: 'event', json: 'eventId' }, 'events', act.eventId);
    ref(act, 'recognitionActs', { csv: 'document', json: 'documentSourceId' }, 'sources', act.documentSourceId);
    ref(act, 'recognitionActs', { csv: 'court', json: 'courtId' }, 'actors', act.courtId);
    for (const role of act.roles) ref(act, 'recognitionActs', { csv: 'roles', json: 'roles' }, 'actors', role.actorId);
    for (const id of act.sources) ref(act, 'recognitionActs', { csv: 'sources', json: 'sources' }, 'sources', id);
  }
  problems.push(...parentCycles(dataset, at));
  return problems;
}

function parentCycles(
  dataset: RegistryDataset,
  at: (record: object, key: FileKey, field?: { csv: string; json: string }) => Omit<Problem, 'severity' | 'code' | 'message'>,
): Problem[] {
  const parent = new Map(dataset.actors.map((a) => [a.id, a.parentId]));
  const problems: Problem[] = [];
  for (const actor of dataset.actors) {
    const visited = new Set<string>([actor.id]);
    let next = actor.parentId;
    while (next && parent.has(next)) {
      if (visited.has(next)) {
        if (next === actor.id && actor.parentId !== actor.id) {
          problems.push({
            severity: 'error',
            code: 'parent_cycle',
            ...at(actor, 'actors', { csv: 'parent', json: 'parentId' }),
            message: `actor ${actor.id} is its own ancestor through its parent organisations`,
          });
        }
        break;
      }
      visited.add(next);
      next = parent.get(next) ?? null;
    }
  }
  return problems;
}
