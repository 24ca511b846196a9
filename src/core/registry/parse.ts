import { JSON_FILE, JSON_FORMAT, JSON_VERSION, recordFiles } from './columns.ts';
import { parseCsvFile } from './parse-csv.ts';
import { FieldReader, readActor, readClaim, readEvent, readRecognitionAct, readSource, type Location, type Mode } from './read.ts';
import { checkReferences, type FileKey } from './validate.ts';
import { emptyDataset, type Claim, type Problem, type RegistryDataset } from './types.ts';

export interface ParseResult {
  dataset: RegistryDataset;
  problems: Problem[];
  /** True when no problem is an error: the dataset may be imported (warnings are reported, not fixed). */
  ok: boolean;
}

/** Largest file accepted, in characters; a registry is small, and a huge file is a mistake or an attack. */
export const MAX_FILE_CHARS = 20 * 1024 * 1024;

/** Ids already in the registry: references to them are valid, and reusing one is an error. */
export type ExistingIds = Partial<Record<FileKey, ReadonlySet<string>>>;

const finish = (dataset: RegistryDataset, problems: Problem[], existing: ExistingIds): ParseResult => {
  problems.push(...checkReferences(dataset, locations.get(dataset) ?? new Map(), existing));
  return { dataset, problems, ok: !problems.some((p) => p.severity === 'error') };
};

/** Where each record came from, so that cross-record checks can point at its line. */
type LocationIndex = Map<object, Location>;
const locations = new WeakMap<RegistryDataset, LocationIndex>();

/**
 * Parses an import folder given as file name → text. CSV files (sources.csv, actors.csv, events.csv, claims.csv,
 * claim_translations.csv, recognition.csv; any may be absent) or one registry.json, not both.
 */
export function parseRegistryFiles(files: Record<string, string>, existing: ExistingIds = {}): ParseResult {
  const problems: Problem[] = [];
  const names = Object.keys(files);
  const csvNames = new Set<string>(Object.values(recordFiles).map((f) => f.file));
  for (const name of names) {
    if (files[name].length > MAX_FILE_CHARS) {
      problems.push({ severity: 'error', code: 'file_too_large', file: name, message: `${name} is larger than ${MAX_FILE_CHARS / 1024 / 1024} MB` });
    }
    if (name !== JSON_FILE && !csvNames.has(name)) {
      problems.push({ severity: 'warning', code: 'unknown_file', file: name, message: `${name} is not part of the import format and was ignored` });
    }
  }
  const hasJson = names.includes(JSON_FILE);
  const hasCsv = names.some((n) => csvNames.has(n));
  if (hasJson && hasCsv) {
    problems.push({ severity: 'error', code: 'mixed_formats', file: JSON_FILE, message: `give either ${JSON_FILE} or the CSV files, not both` });
  }
  if (!hasJson && !hasCsv) {
    problems.push({ severity: 'error', code: 'nothing_to_import', file: '(folder)', message: `no ${JSON_FILE} and none of ${[...csvNames].join(', ')}` });
  }
  if (problems.some((p) => p.severity === 'error')) return { dataset: emptyDataset(), problems, ok: false };
  return hasJson ? parseJson(files[JSON_FILE], problems, existing) : parseCsv(files, problems, existing);
}

function parseCsv(files: Record<string, string>, problems: Problem[], existing: ExistingIds): ParseResult {
  const dataset = emptyDataset();
  const index: LocationIndex = new Map();
  locations.set(dataset, index);
  const read = <T extends object>(key: keyof typeof recordFiles, convert: (r: FieldReader) => T, into: T[]) => {
    const spec = recordFiles[key];
    const text = files[spec.file];
    if (text === undefined) return;
    for (const record of parseCsvFile(spec.file, text, spec.columns, problems)) {
      const where = { file: spec.file, line: record.line };
      const item = convert(new FieldReader('csv', record.cells, where, problems));
      index.set(item, where);
      into.push(item);
    }
  };
  read('sources', readSource, dataset.sources);
  read('actors', readActor, dataset.actors);
  read('events', readEvent, dataset.events);
  read('claims', (r) => readClaim(r, 'csv'), dataset.claims);
  read('recognitionActs', readRecognitionAct, dataset.recognitionActs);
  attachTranslations(files, dataset.claims, problems);
  return finish(dataset, problems, existing);
}

function attachTranslations(files: Record<string, string>, claims: Claim[], problems: Problem[]): void {
  const spec = recordFiles.translations;
  const text = files[spec.file];
  if (text === undefined) return;
  const byId = new Map(claims.map((c) => [c.id, c]));
  const [claimCol, languageCol, textCol] = spec.columns;
  for (const record of parseCsvFile(spec.file, text, spec.columns, problems)) {
    const r = new FieldReader('csv', record.cells, { file: spec.file, line: record.line }, problems);
    const claimId = r.id(claimCol);
    const language = r.language(languageCol);
    const body = r.longText(textCol);
    if (!claimId || !language || !body) continue;
    const claim = byId.get(claimId);
    if (!claim) {
      r.report('error', 'unknown_reference', claimCol, `claim ${claimId} is not in claims.csv`);
      continue;
    }
    if (claim.translations.some((t) => t.language === language)) {
      r.report('error', 'duplicate_translation', languageCol, `claim ${claimId} already has a ${language} translation`);
      continue;
    }
    claim.translations.push({ language, text: body });
  }
}

const JSON_KEYS = ['sources', 'actors', 'events', 'claims', 'recognitionActs'] as const;

function parseJson(text: string, problems: Problem[], existing: ExistingIds): ParseResult {
  const dataset = emptyDataset();
  const index: LocationIndex = new Map();
  locations.set(dataset, index);
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push({ severity: 'error', code: 'malformed_json', file: JSON_FILE, message: `not valid JSON: ${(error as Error).message}` });
    return { dataset, problems, ok: false };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push({ severity: 'error', code: 'malformed_json', file: JSON_FILE, message: 'the document must be a JSON object' });
    return { dataset, problems, ok: false };
  }
  const root = doc as Record<string, unknown>;
  if (root.format !== JSON_FORMAT || root.version !== JSON_VERSION) {
    problems.push({
      severity: 'error',
      code: 'wrong_format',
      file: JSON_FILE,
      field: 'format',
      message: `expected "format": "${JSON_FORMAT}" and "version": ${JSON_VERSION}`,
    });
    return { dataset, problems, ok: false };
  }
  for (const key of Object.keys(root)) {
    if (key !== 'format' && key !== 'version' && !(JSON_KEYS as readonly string[]).includes(key)) {
      problems.push({ severity: 'error', code: 'unknown_field', file: JSON_FILE, field: key, message: `unknown top-level field "${key}"` });
    }
  }
  const readAll = <T extends object>(key: (typeof JSON_KEYS)[number], convert: (r: FieldReader) => T, into: T[]) => {
    const list = root[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      problems.push({ severity: 'error', code: 'invalid_type', file: JSON_FILE, field: key, message: `${key} must be an array` });
      return;
    }
    list.forEach((item, i) => {
      const where: Location = { file: JSON_FILE, path: `${key}[${i}]` };
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push({ severity: 'error', code: 'invalid_type', file: JSON_FILE, field: where.path, message: `${where.path} must be an object` });
        return;
      }
      const mode: Mode = 'json';
      const reader = new FieldReader(mode, item as Record<string, unknown>, where, problems);
      reportUnknownKeys(key, item as Record<string, unknown>, where, problems);
      const record = convert(reader);
      index.set(record, where);
      into.push(record);
    });
  };
  readAll('sources', readSource, dataset.sources);
  readAll('actors', readActor, dataset.actors);
  readAll('events', readEvent, dataset.events);
  readAll('claims', (r) => readClaim(r, 'json'), dataset.claims);
  readAll('recognitionActs', readRecognitionAct, dataset.recognitionActs);
  return finish(dataset, problems, existing);
}

function reportUnknownKeys(key: (typeof JSON_KEYS)[number], item: Record<string, unknown>, where: Location, problems: Problem[]): void {
  const allowed = new Set<string>(recordFiles[key].columns.map((c) => c.json));
  if (key === 'claims') allowed.add('translations');
  for (const name of Object.keys(item)) {
    if (!allowed.has(name)) {
      problems.push({ severity: 'error', code: 'unknown_field', file: JSON_FILE, field: `${where.path}.${name}`, message: `unknown field "${name}"` });
    }
  }
}
