import { parseCsvFile } from '../registry/parse-csv.ts';
import {
  CASES_JSON_FILE,
  caseFiles,
  FRAMEWORK_JSON_FILE,
  JSON_FORMAT,
  JSON_VERSION,
  type Column,
} from './columns.ts';
import {
  FieldReader,
  numbersAsText,
  readAct,
  readAllegation,
  readCrime,
  readElement,
  readFramework,
  readIncident,
  readMode,
  sourcesAsText,
  type Location,
  type Mode,
} from './read.ts';
import { frameworkFiles } from './columns.ts';
import { checkCaseReferences, checkFrameworkReferences, type CaseKnown, type FrameworkKnown } from './validate.ts';
import type { CasesDataset, FrameworkDataset, Problem } from './types.ts';

/** Largest file accepted, in characters. */
export const MAX_FILE_CHARS = 20 * 1024 * 1024;

export interface Parsed<T> {
  dataset: T;
  problems: Problem[];
  /** True when no problem is an error. */
  ok: boolean;
}

type Spec = { file: string; columns: readonly Column[] };
type Reader<T> = (r: FieldReader, position: number) => T;
export type Located = Map<object, Location>;

/** Checks the folder: known names only, sizes, CSV or JSON but not both. Returns 'csv', 'json' or null (refused). */
function folderMode(files: Record<string, string>, specs: readonly Spec[], jsonFile: string, problems: Problem[]): Mode | null {
  const names = Object.keys(files);
  const csvNames = new Set(specs.map((s) => s.file));
  for (const name of names) {
    if (files[name].length > MAX_FILE_CHARS) problems.push({ severity: 'error', code: 'file_too_large', file: name, message: `${name} is larger than ${MAX_FILE_CHARS / 1024 / 1024} MB` });
    if (name !== jsonFile && !csvNames.has(name)) problems.push({ severity: 'warning', code: 'unknown_file', file: name, message: `${name} is not part of the import format and was ignored` });
  }
  const hasJson = names.includes(jsonFile);
  const hasCsv = names.some((n) => csvNames.has(n));
  if (hasJson && hasCsv) problems.push({ severity: 'error', code: 'mixed_formats', file: jsonFile, message: `give either ${jsonFile} or the CSV files, not both` });
  if (!hasJson && !hasCsv) problems.push({ severity: 'error', code: 'nothing_to_import', file: '(folder)', message: `no ${jsonFile} and none of ${[...csvNames].join(', ')}` });
  if (problems.some((p) => p.severity === 'error')) return null;
  return hasJson ? 'json' : 'csv';
}

function readCsv<T extends object>(files: Record<string, string>, spec: Spec, read: Reader<T>, problems: Problem[], located: Located): T[] {
  const text = files[spec.file];
  if (text === undefined) return [];
  return parseCsvFile(spec.file, text, spec.columns, problems).map((record, i) => {
    const where = { file: spec.file, line: record.line };
    const item = read(new FieldReader('csv', record.cells, where, problems), i);
    located.set(item, where);
    return item;
  });
}

/** Parses the JSON file's envelope; returns its arrays by key, or null when the file is refused. */
function readJsonEnvelope(file: string, text: string, keys: readonly string[], problems: Problem[]): Record<string, unknown[]> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push({ severity: 'error', code: 'malformed_json', file, message: `not valid JSON: ${(error as Error).message}` });
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ severity: 'error', code: 'invalid_type', file, message: `${file} must hold one object` });
    return null;
  }
  const o = value as Record<string, unknown>;
  if (o.format !== JSON_FORMAT || o.version !== JSON_VERSION) {
    problems.push({ severity: 'error', code: 'unknown_format', file, message: `${file} must say "format": "${JSON_FORMAT}", "version": ${JSON_VERSION}` });
    return null;
  }
  const out: Record<string, unknown[]> = {};
  for (const key of Object.keys(o)) {
    if (key !== 'format' && key !== 'version' && !keys.includes(key)) problems.push({ severity: 'warning', code: 'unknown_field', file, field: key, message: `${key} is not part of the format and was ignored` });
  }
  for (const key of keys) {
    const list = o[key];
    if (list === undefined) out[key] = [];
    else if (!Array.isArray(list)) {
      problems.push({ severity: 'error', code: 'invalid_type', file, field: key, message: `${key} must be an array` });
      return null;
    } else if (list.length > 100_000) {
      problems.push({ severity: 'error', code: 'too_many_rows', file, field: key, message: `${key} has more than 100000 records` });
      return null;
    } else out[key] = list;
  }
  return out;
}

function readJson<T extends object>(
  file: string,
  key: string,
  items: unknown[],
  spec: Spec,
  read: Reader<T>,
  problems: Problem[],
  located: Located,
  prepare: (raw: Record<string, unknown>) => Record<string, unknown> = (x) => x,
): T[] {
  const known = new Set(spec.columns.map((c) => c.json));
  const out: T[] = [];
  items.forEach((raw, i) => {
    const where = { file, path: `${key}[${i}]` };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ severity: 'error', code: 'invalid_type', file, field: where.path, message: `${where.path} must be an object` });
      return;
    }
    for (const name of Object.keys(raw)) {
      if (!known.has(name)) problems.push({ severity: 'error', code: 'unknown_field', file, field: `${where.path}.${name}`, message: `${where.path}.${name} is not a field of ${key}` });
    }
    const item = read(new FieldReader('json', prepare(raw as Record<string, unknown>), where, problems), i);
    located.set(item, where);
    out.push(item);
  });
  return out;
}

const F = frameworkFiles;

/**
 * Parses framework files (frameworks.csv, crimes.csv, modes.csv, elements.csv, or frameworks.json) and checks them
 * against themselves and what the instance already holds: every problem names its file, line (or JSON path) and
 * field; an import with any error must save nothing.
 */
export function parseFrameworkFiles(files: Record<string, string>, known: FrameworkKnown): Parsed<FrameworkDataset> {
  const problems: Problem[] = [];
  const dataset: FrameworkDataset = { frameworks: [], crimes: [], modes: [], elements: [] };
  const located: Located = new Map();
  const mode = folderMode(files, Object.values(F), FRAMEWORK_JSON_FILE, problems);
  if (mode === 'csv') {
    dataset.frameworks = readCsv(files, F.frameworks, readFramework, problems, located);
    dataset.crimes = readCsv(files, F.crimes, readCrime, problems, located);
    dataset.modes = readCsv(files, F.modes, readMode, problems, located);
    dataset.elements = readCsv(files, F.elements, readElement, problems, located);
  } else if (mode === 'json') {
    const file = FRAMEWORK_JSON_FILE;
    const lists = readJsonEnvelope(file, files[file], ['frameworks', 'crimes', 'modes', 'elements'], problems);
    if (lists) {
      dataset.frameworks = readJson(file, 'frameworks', lists.frameworks, F.frameworks, readFramework, problems, located);
      dataset.crimes = readJson(file, 'crimes', lists.crimes, F.crimes, readCrime, problems, located);
      dataset.modes = readJson(file, 'modes', lists.modes, F.modes, readMode, problems, located);
      dataset.elements = readJson(file, 'elements', lists.elements, F.elements, readElement, problems, located, (raw) => numbersAsText(raw, ['number']));
    }
  }
  if (!problems.some((p) => p.severity === 'error')) problems.push(...checkFrameworkReferences(dataset, located, known));
  return { dataset, problems, ok: !problems.some((p) => p.severity === 'error') };
}

const K = caseFiles;

/** Parses incidents.csv, acts.csv, allegations.csv (or cases.json) and checks every reference. */
export function parseCaseFiles(files: Record<string, string>, known: CaseKnown): Parsed<CasesDataset> {
  const problems: Problem[] = [];
  const dataset: CasesDataset = { incidents: [], acts: [], allegations: [] };
  const located: Located = new Map();
  const mode = folderMode(files, Object.values(K), CASES_JSON_FILE, problems);
  if (mode === 'csv') {
    dataset.incidents = readCsv(files, K.incidents, readIncident, problems, located);
    dataset.acts = readCsv(files, K.acts, readAct, problems, located);
    dataset.allegations = readCsv(files, K.allegations, readAllegation, problems, located);
  } else if (mode === 'json') {
    const file = CASES_JSON_FILE;
    const lists = readJsonEnvelope(file, files[file], ['incidents', 'acts', 'allegations'], problems);
    if (lists) {
      dataset.incidents = readJson(file, 'incidents', lists.incidents, K.incidents, readIncident, problems, located, (raw) => numbersAsText(raw, ['latitude', 'longitude']));
      dataset.acts = readJson(file, 'acts', lists.acts, K.acts, readAct, problems, located);
      dataset.allegations = readJson(file, 'allegations', lists.allegations, K.allegations, readAllegation, problems, located, sourcesAsText);
    }
  }
  if (!problems.some((p) => p.severity === 'error')) problems.push(...checkCaseReferences(dataset, located, known));
  return { dataset, problems, ok: !problems.some((p) => p.severity === 'error') };
}
