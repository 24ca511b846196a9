import type { Column } from '../registry/columns.ts';
import { FieldReader, type Location, type Mode } from '../registry/read.ts';
import { parseCsvFile } from '../registry/parse-csv.ts';
import type { Problem } from '../registry/types.ts';
import { checkRelations } from './command-check.ts';
import { commandEntityKinds, commandRelationKinds, type CommandEntity, type CommandRelation } from './command-types.ts';

/**
 * The import format of units and chains of command: `units-entities.csv` and `units-relations.csv`, or one
 * `units.json` ({format: "reckon-units", version: 1, entities, relations}). Every problem carries its file, line
 * (CSV) or path (JSON) and field; any error refuses the whole import.
 */
export interface CommandEntityRecord extends CommandEntity {
  actorId: string | null;
  description: string | null;
}
export interface CommandRelationRecord extends CommandRelation {
  notes: string | null;
}
export interface CommandDataset {
  entities: CommandEntityRecord[];
  relations: CommandRelationRecord[];
}

const col = (csv: string, json: string, required = false): Column => ({ csv, json, required });
export const commandFiles = {
  entities: {
    file: 'units-entities.csv',
    columns: [col('id', 'id', true), col('kind', 'kind', true), col('name', 'name', true), col('actor', 'actorId'), col('description', 'description')],
  },
  relations: {
    file: 'units-relations.csv',
    columns: [
      col('id', 'id', true),
      col('kind', 'kind', true),
      col('from', 'from', true),
      col('to', 'to', true),
      col('start', 'start'),
      col('end', 'end'),
      col('sources', 'sources', true),
      col('notes', 'notes'),
    ],
  },
} as const;
export const COMMAND_JSON_FILE = 'units.json';
export const COMMAND_JSON_FORMAT = 'reckon-units';

const byCsv = (columns: readonly Column[]) => Object.fromEntries(columns.map((c) => [c.csv, c])) as Record<string, Column>;
const E = byCsv(commandFiles.entities.columns);
const R = byCsv(commandFiles.relations.columns);

function readEntity(r: FieldReader): CommandEntityRecord {
  return {
    id: r.id(E.id) ?? '',
    kind: r.oneOf(E.kind, commandEntityKinds) ?? 'unit',
    name: r.text(E.name) ?? '',
    actorId: r.id(E.actor),
    description: r.longText(E.description),
  };
}

function readRelation(r: FieldReader): CommandRelationRecord {
  const kind = r.oneOf(R.kind, commandRelationKinds) ?? 'member-of';
  return {
    id: r.id(R.id) ?? '',
    kind,
    from: r.id(R.from) ?? '',
    // A place (area-of-operation) is free text; any other target is an entity id.
    to: (kind === 'area-of-operation' ? r.text(R.to, 200) : r.id(R.to)) ?? '',
    start: r.date(R.start),
    end: r.date(R.end),
    sources: r.idList(R.sources),
    notes: r.longText(R.notes),
  };
}

export interface KnownCommand {
  entities: readonly CommandEntity[];
  relations: readonly CommandRelation[];
  sources: ReadonlySet<string>;
  actors: ReadonlySet<string>;
}

export interface CommandParseResult {
  dataset: CommandDataset;
  problems: Problem[];
  ok: boolean;
}

/** Parses and checks an import against what is stored (`known`): ids new, references existing, no cycle. */
export function parseCommandFiles(files: Record<string, string>, known: KnownCommand): CommandParseResult {
  const problems: Problem[] = [];
  const dataset: CommandDataset = { entities: [], relations: [] };
  const where = new Map<object, Location>();
  const names = Object.keys(files);
  const csvNames: string[] = [commandFiles.entities.file, commandFiles.relations.file];
  const hasJson = names.includes(COMMAND_JSON_FILE);
  const hasCsv = names.some((n) => csvNames.includes(n));
  for (const name of names) {
    if (name !== COMMAND_JSON_FILE && !csvNames.includes(name)) problems.push({ severity: 'warning', code: 'unknown_file', file: name, message: `${name} is not part of the units import and was ignored` });
  }
  if (hasJson && hasCsv) problems.push({ severity: 'error', code: 'mixed_formats', file: COMMAND_JSON_FILE, message: `give either ${COMMAND_JSON_FILE} or the CSV files, not both` });
  if (!hasJson && !hasCsv) problems.push({ severity: 'error', code: 'nothing_to_import', file: '(folder)', message: `no ${COMMAND_JSON_FILE} and none of ${csvNames.join(', ')}` });
  if (problems.some((p) => p.severity === 'error')) return { dataset, problems, ok: false };

  const read = <T extends object>(mode: Mode, raw: Record<string, unknown>, at: Location, convert: (r: FieldReader) => T, into: T[]) => {
    const item = convert(new FieldReader(mode, raw, at, problems));
    where.set(item, at);
    into.push(item);
  };
  if (hasCsv) {
    for (const [key, spec] of Object.entries(commandFiles) as [keyof typeof commandFiles, (typeof commandFiles)[keyof typeof commandFiles]][]) {
      const text = files[spec.file];
      if (text === undefined) continue;
      for (const record of parseCsvFile(spec.file, text, spec.columns, problems)) {
        const at = { file: spec.file, line: record.line };
        if (key === 'entities') read('csv', record.cells, at, readEntity, dataset.entities);
        else read('csv', record.cells, at, readRelation, dataset.relations);
      }
    }
  } else {
    let root: unknown;
    try {
      root = JSON.parse(files[COMMAND_JSON_FILE]);
    } catch (error) {
      problems.push({ severity: 'error', code: 'malformed_json', file: COMMAND_JSON_FILE, message: `not valid JSON: ${(error as Error).message}` });
      return { dataset, problems, ok: false };
    }
    const doc = root as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object' || Array.isArray(doc) || doc.format !== COMMAND_JSON_FORMAT || doc.version !== 1) {
      problems.push({ severity: 'error', code: 'wrong_format', file: COMMAND_JSON_FILE, message: `expected "format": "${COMMAND_JSON_FORMAT}" and "version": 1` });
      return { dataset, problems, ok: false };
    }
    for (const key of ['entities', 'relations'] as const) {
      const list = doc[key] ?? [];
      if (!Array.isArray(list)) {
        problems.push({ severity: 'error', code: 'invalid_type', file: COMMAND_JSON_FILE, field: key, message: `${key} must be an array` });
        continue;
      }
      const allowed = new Set(commandFiles[key].columns.map((c) => c.json));
      list.forEach((item: unknown, i) => {
        const at = { file: COMMAND_JSON_FILE, path: `${key}[${i}]` };
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          problems.push({ severity: 'error', code: 'invalid_type', file: COMMAND_JSON_FILE, field: at.path, message: `${at.path} must be an object` });
          return;
        }
        for (const name of Object.keys(item)) {
          if (!allowed.has(name)) problems.push({ severity: 'error', code: 'unknown_field', file: COMMAND_JSON_FILE, field: `${at.path}.${name}`, message: `unknown field "${name}"` });
        }
        if (key === 'entities') read('json', item as Record<string, unknown>, at, readEntity, dataset.entities);
        else read('json', item as Record<string, unknown>, at, readRelation, dataset.relations);
      });
    }
  }

  const locate = (record: object, field?: string): Omit<Problem, 'severity' | 'code' | 'message'> => {
    const at = where.get(record) ?? { file: '(import)' };
    return { file: at.file, ...(at.line !== undefined ? { line: at.line } : {}), ...(field ? { field: at.path ? `${at.path}.${field}` : field } : {}) };
  };
  // Ids: new, and unique within the import.
  const storedEntities = new Set(known.entities.map((e) => e.id));
  const storedRelations = new Set(known.relations.map((r) => r.id));
  const seen = new Set<string>();
  for (const entity of dataset.entities) {
    if (!entity.id) continue;
    if (storedEntities.has(entity.id)) problems.push({ severity: 'error', code: 'already_exists', ...locate(entity, 'id'), message: `entity ${entity.id} already exists; an import only adds` });
    else if (seen.has(entity.id)) problems.push({ severity: 'error', code: 'duplicate_id', ...locate(entity, 'id'), message: `entity id ${entity.id} is used twice` });
    seen.add(entity.id);
    if (entity.actorId && !known.actors.has(entity.actorId)) problems.push({ severity: 'error', code: 'unknown_reference', ...locate(entity, 'actor'), message: `actor ${entity.actorId} is not in the registry` });
  }
  for (const relation of dataset.relations) {
    if (relation.id && storedRelations.has(relation.id)) problems.push({ severity: 'error', code: 'already_exists', ...locate(relation, 'id'), message: `relation ${relation.id} already exists; an import only adds` });
    for (const source of relation.sources) {
      if (!known.sources.has(source)) problems.push({ severity: 'error', code: 'unknown_reference', ...locate(relation, 'sources'), message: `source ${source} is not in the registry` });
    }
  }
  if (!problems.some((p) => p.severity === 'error')) {
    const entities = [...known.entities, ...dataset.entities];
    const relationsById = new Map(dataset.relations.map((r) => [r.id, r]));
    for (const p of checkRelations([...known.relations, ...dataset.relations], entities)) {
      const record = relationsById.get(p.relationId);
      problems.push({ severity: 'error', code: p.code, ...(record ? locate(record, p.field) : { file: '(stored)' }), message: p.message });
    }
  }
  return { dataset, problems, ok: !problems.some((p) => p.severity === 'error') };
}
