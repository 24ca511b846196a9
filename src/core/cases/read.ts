import { FieldReader, type Location, type Mode } from '../registry/read.ts';
import { ID_PATTERN } from '../registry/text.ts';
import { verificationLevels } from '../registry/types.ts';
import { caseFiles, frameworkFiles, PINPOINT_SEPARATOR, type Column } from './columns.ts';
import {
  actTypes,
  characterisations,
  crimeCategories,
  dateKinds,
  elementKinds,
  involvements,
  type Act,
  type Allegation,
  type AllegationSource,
  type Crime,
  type Element,
  type Framework,
  type Incident,
  type LiabilityMode,
} from './types.ts';

export { FieldReader, type Location, type Mode };

/** An article and paragraph reference as the instruments write them: "7(1)(a)", "8(2)(b)(iv)", "II(c)", "25(3)(d)". */
export const ARTICLE_PATTERN = /^[0-9]{1,4}[a-z]{0,3}(?: ?bis| ?ter)?(\([0-9a-z]{1,6}\)){0,4}$|^[IVXLC]{1,8}(\([0-9a-z]{1,6}\)){0,4}$/;
const MAX_POSITION = 1_000_000;

const byCsv = (columns: readonly Column[]) => {
  const map: Record<string, Column> = {};
  for (const c of columns) map[c.csv] = c;
  return map;
};

const F = byCsv(frameworkFiles.frameworks.columns);
const C = byCsv(frameworkFiles.crimes.columns);
const M = byCsv(frameworkFiles.modes.columns);
const EL = byCsv(frameworkFiles.elements.columns);
const I = byCsv(caseFiles.incidents.columns);
const A = byCsv(caseFiles.acts.columns);
const AL = byCsv(caseFiles.allegations.columns);

/** A whole number in [min, max]; CSV cells are text, JSON values may be numbers. */
function integer(r: FieldReader, column: Column, min: number, max: number): number | null {
  const text = r.text(column, 12);
  if (text === null) return null;
  if (!/^-?[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
    r.report('error', 'invalid_number', column, `${r.fieldName(column)} "${text}" is not a whole number from ${min} to ${max}`);
    return null;
  }
  return Number(text);
}

function decimal(r: FieldReader, column: Column, min: number, max: number): number | null {
  const text = r.text(column, 24);
  if (text === null) return null;
  const value = Number(text);
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(text) || value < min || value > max) {
    r.report('error', 'invalid_number', column, `${r.fieldName(column)} "${text}" is not a number from ${min} to ${max}`);
    return null;
  }
  return value;
}

function article(r: FieldReader, column: Column): string | null {
  const value = r.text(column, 40);
  if (value !== null && !ARTICLE_PATTERN.test(value)) {
    r.report('error', 'unknown_article', column, `${r.fieldName(column)} "${value}" is not an article reference such as 7(1)(a), 8(2)(b)(iv) or II(c)`);
    return null;
  }
  return value;
}

/** JSON numbers are read as their text, so one reader serves CSV and JSON. */
export function numbersAsText(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const key of keys) if (typeof out[key] === 'number') out[key] = String(out[key]);
  return out;
}

export function readFramework(r: FieldReader): Framework {
  return {
    id: r.id(F.id) ?? '',
    name: r.text(F.name, 300) ?? '',
    instrument: r.text(F.instrument, 500) ?? '',
    jurisdiction: r.text(F.jurisdiction, 100),
    summarySource: r.text(F.summary_source, 500),
    language: r.language(F.language),
  };
}

export function readCrime(r: FieldReader, position: number): Crime {
  return {
    id: r.id(C.id) ?? '',
    frameworkId: r.id(C.framework) ?? '',
    parentId: r.id(C.parent),
    category: r.oneOf(C.category, crimeCategories) ?? 'other',
    article: article(r, C.article) ?? '',
    title: r.text(C.title, 300) ?? '',
    quotedTerms: r.text(C.quoted_terms, 500),
    summary: r.longText(C.summary) ?? '',
    position: Math.min(position, MAX_POSITION),
  };
}

export function readMode(r: FieldReader, position: number): LiabilityMode {
  return {
    id: r.id(M.id) ?? '',
    frameworkId: r.id(M.framework) ?? '',
    article: article(r, M.article) ?? '',
    title: r.text(M.title, 300) ?? '',
    quotedTerms: r.text(M.quoted_terms, 500),
    summary: r.longText(M.summary) ?? '',
    position: Math.min(position, MAX_POSITION),
  };
}

export function readElement(r: FieldReader): Element {
  const crimeId = r.id(EL.crime);
  const modeId = r.id(EL.mode);
  if ((crimeId === null) === (modeId === null)) {
    r.report('error', 'element_owner', EL.crime, `an element belongs to exactly one crime or one mode of liability: give ${r.fieldName(EL.crime)} or ${r.fieldName(EL.mode)}, not both or neither`);
  }
  return {
    id: r.id(EL.id) ?? '',
    crimeId,
    modeId,
    number: integer(r, EL.number, 1, 999) ?? 0,
    kind: r.oneOf(EL.kind, elementKinds) ?? 'conduct',
    summary: r.longText(EL.summary) ?? '',
    quotedTerms: r.text(EL.quoted_terms, 500),
    citation: r.text(EL.citation, 500) ?? '',
  };
}

export function readIncident(r: FieldReader): Incident {
  const kind = r.oneOf(I.date_kind, dateKinds);
  const start = r.date(I.date_start);
  const end = r.date(I.date_end);
  if (kind && kind !== 'unknown' && start === null) r.report('error', 'missing_field', I.date_start, `${r.fieldName(I.date_start)} is required when the date is ${kind}`);
  if (kind === 'unknown' && start !== null) r.report('error', 'invalid_date', I.date_start, `an unknown date has no ${r.fieldName(I.date_start)}`);
  if (kind === 'range' && end === null) r.report('error', 'missing_field', I.date_end, `${r.fieldName(I.date_end)} is required for a range`);
  if (kind && kind !== 'range' && end !== null) r.report('error', 'invalid_date', I.date_end, `only a range has ${r.fieldName(I.date_end)}`);
  if (kind === 'exact' && start !== null && start.length !== 10) r.report('error', 'invalid_date', I.date_start, `an exact date is YYYY-MM-DD; use "partial" for "${start}"`);
  if (start !== null && end !== null && end < start.slice(0, end.length)) {
    r.report('error', 'date_order', I.date_end, `${r.fieldName(I.date_end)} ${end} is before ${r.fieldName(I.date_start)} ${start}`);
  }
  const latitude = decimal(r, I.latitude, -90, 90);
  const longitude = decimal(r, I.longitude, -180, 180);
  if ((latitude === null) !== (longitude === null)) r.report('error', 'missing_field', I.latitude, 'give both latitude and longitude, or neither');
  return {
    id: r.id(I.id) ?? '',
    title: r.text(I.title, 300) ?? '',
    description: r.longText(I.description),
    date: { kind: kind ?? 'unknown', start, end },
    placeName: r.text(I.place, 300),
    placeCountry: r.country(I.country),
    latitude,
    longitude,
    eventIds: r.idList(I.events),
  };
}

export function readAct(r: FieldReader): Act {
  return {
    id: r.id(A.id) ?? '',
    incidentId: r.id(A.incident) ?? '',
    actType: r.oneOf(A.act_type, actTypes) ?? 'other',
    description: r.longText(A.description) ?? '',
    date: r.date(A.date),
    victimRecordId: uuid(r, A.victim_record),
    victimDescription: r.text(A.victim, 500),
    perpetratorActorId: r.id(A.perpetrator_actor),
    perpetratorUnitId: r.id(A.perpetrator_unit),
    perpetratorDescription: r.text(A.perpetrator, 500),
    involvement: r.oneOf(A.involvement, involvements) ?? 'unknown',
    sourceId: r.id(A.source) ?? '',
    pinpoint: r.text(A.pinpoint, 200),
    verification: r.oneOf(A.verification, verificationLevels) ?? 'not-verified',
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(r: FieldReader, column: Column): string | null {
  const value = r.text(column, 36);
  if (value !== null && !UUID.test(value)) {
    r.report('error', 'invalid_id', column, `${r.fieldName(column)} "${value}" is not a casualty record id (a UUID)`);
    return null;
  }
  return value === null ? null : value.toLowerCase();
}

/** JSON may give an allegation's sources as {sourceId, pinpoint} objects; they are read as "S12@p. 4" strings. */
export function sourcesAsText(raw: Record<string, unknown>): Record<string, unknown> {
  const value = raw.sources;
  if (!Array.isArray(value)) return raw;
  const items = value.map((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.sourceId !== 'string' || (o.pinpoint !== undefined && o.pinpoint !== null && typeof o.pinpoint !== 'string')) return v;
    return typeof o.pinpoint === 'string' && o.pinpoint !== '' ? `${o.sourceId}${PINPOINT_SEPARATOR}${o.pinpoint}` : o.sourceId;
  });
  return { ...raw, sources: items };
}

/** "S12" or "S12@p. 4" (a pinpoint after '@'), ;-separated in CSV, an array in JSON. */
function allegationSources(r: FieldReader): AllegationSource[] {
  const column = AL.sources;
  const out: AllegationSource[] = [];
  for (const entry of r.list(column, (item) => item)) {
    const at = entry.indexOf(PINPOINT_SEPARATOR);
    const sourceId = (at < 0 ? entry : entry.slice(0, at)).trim();
    const pinpoint = at < 0 ? null : entry.slice(at + 1).trim() || null;
    if (!ID_PATTERN.test(sourceId)) {
      r.report('error', 'invalid_id', column, `"${sourceId}" in ${r.fieldName(column)} is not a valid source id`);
      continue;
    }
    if (pinpoint !== null && pinpoint.length > 200) {
      r.report('error', 'too_long', column, `the pinpoint of ${sourceId} in ${r.fieldName(column)} is longer than 200 characters`);
      continue;
    }
    if (out.some((x) => x.sourceId === sourceId)) {
      r.report('warning', 'duplicate_entry', column, `${r.fieldName(column)} lists ${sourceId} twice; kept once`);
      continue;
    }
    out.push({ sourceId, pinpoint });
  }
  return out;
}

export function readAllegation(r: FieldReader): Allegation {
  return {
    id: r.id(AL.id) ?? '',
    incidentId: r.id(AL.incident) ?? '',
    proponentId: r.id(AL.proponent) ?? '',
    characterisation: r.oneOf(AL.characterisation, characterisations) ?? 'other',
    crimeId: r.id(AL.crime),
    modeId: r.id(AL.mode),
    perpetratorActorId: r.id(AL.perpetrator_actor),
    perpetratorUnitId: r.id(AL.perpetrator_unit),
    perpetratorDescription: r.text(AL.perpetrator, 500),
    statement: r.longText(AL.statement) ?? '',
    language: r.language(AL.language),
    date: r.date(AL.date),
    verification: r.oneOf(AL.verification, verificationLevels) ?? 'not-verified',
    notes: r.longText(AL.notes),
    sources: allegationSources(r),
    elementIds: r.idList(AL.elements),
  };
}
