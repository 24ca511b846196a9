import { stringify } from 'csv-stringify/sync';
import { CASES_JSON_FILE, caseFiles, FRAMEWORK_JSON_FILE, frameworkFiles, JSON_FORMAT, JSON_VERSION, LIST_SEPARATOR, PINPOINT_SEPARATOR, type Column } from './columns.ts';
import type { Allegation, CasesDataset, FrameworkDataset, Incident } from './types.ts';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(LIST_SEPARATOR);
  return String(value);
}

function table(columns: readonly Column[], rows: readonly object[]): string {
  const body = rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c.json])));
  return stringify([columns.map((c) => c.csv), ...body], { record_delimiter: '\n' });
}

/** An incident as the import files write it: the date's parts as three flat fields. */
export function flatIncident(i: Incident): Record<string, unknown> {
  const { date, ...rest } = i;
  return { ...rest, dateKind: date.kind, dateStart: date.start, dateEnd: date.end };
}

const sourceText = (a: Allegation) => a.sources.map((s) => (s.pinpoint ? `${s.sourceId}${PINPOINT_SEPARATOR}${s.pinpoint}` : s.sourceId));

/** Frameworks as the import files (the order given: frameworks by id, crimes, modes and elements in stored order). */
export function frameworksToCsv(d: FrameworkDataset): Record<string, string> {
  const F = frameworkFiles;
  return {
    [F.frameworks.file]: table(F.frameworks.columns, d.frameworks),
    [F.crimes.file]: table(F.crimes.columns, d.crimes),
    [F.modes.file]: table(F.modes.columns, d.modes),
    [F.elements.file]: table(F.elements.columns, d.elements),
  };
}

const pick = (columns: readonly Column[], row: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.json];
    if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) out[c.json] = v;
  }
  return out;
};

export function frameworksToJson(d: FrameworkDataset): Record<string, string> {
  const F = frameworkFiles;
  const body = {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    frameworks: d.frameworks.map((x) => pick(F.frameworks.columns, { ...x })),
    crimes: d.crimes.map((x) => pick(F.crimes.columns, { ...x })),
    modes: d.modes.map((x) => pick(F.modes.columns, { ...x })),
    elements: d.elements.map((x) => pick(F.elements.columns, { ...x })),
  };
  return { [FRAMEWORK_JSON_FILE]: `${JSON.stringify(body, null, 2)}\n` };
}

export function casesToCsv(d: CasesDataset): Record<string, string> {
  const K = caseFiles;
  return {
    [K.incidents.file]: table(K.incidents.columns, d.incidents.map(flatIncident)),
    [K.acts.file]: table(K.acts.columns, d.acts),
    [K.allegations.file]: table(K.allegations.columns, d.allegations.map((a) => ({ ...a, sources: sourceText(a) }))),
  };
}

export function casesToJson(d: CasesDataset): Record<string, string> {
  const K = caseFiles;
  const body = {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    incidents: d.incidents.map((i) => pick(K.incidents.columns, flatIncident(i))),
    acts: d.acts.map((a) => pick(K.acts.columns, { ...a })),
    allegations: d.allegations.map((a) => pick(K.allegations.columns, { ...a })),
  };
  return { [CASES_JSON_FILE]: `${JSON.stringify(body, null, 2)}\n` };
}
