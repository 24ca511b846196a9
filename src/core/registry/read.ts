import { partialDateProblem } from './dates.ts';
import { checkFigures } from './figures.ts';
import { isCountryCode, jurisdictionCountry, parseSubdivisionCode } from './iso3166.ts';
import type { Column } from './columns.ts';
import { LIST_SEPARATOR, recordFiles } from './columns.ts';
import { forbiddenCharacter, ID_PATTERN, LANGUAGE_PATTERN, looksLikeMarkup, MAX_SHORT_TEXT, MAX_TEXT, WIKIDATA_PATTERN } from './text.ts';
import {
  acknowledgmentKinds,
  actorClassifications,
  actorTypes,
  claimKinds,
  recognitionLevels,
  recognitionTerms,
  sourceKinds,
  verificationLevels,
  prosecutionKinds,
  type Actor,
  type ActRole,
  type Claim,
  type Figure,
  type Problem,
  type RecognitionAct,
  type RegistryEvent,
  type Source,
  type Translation,
} from './types.ts';

/** Where a raw record came from: a CSV file and line, or a JSON file and the record's path in it. */
export interface Location {
  file: string;
  line?: number;
  /** JSON path of the record, e.g. "claims[3]". */
  path?: string;
}

export type Mode = 'csv' | 'json';

/**
 * Reads one raw record (CSV cells as strings, or a JSON object) field by field, reporting each problem with its
 * file, line and field, and returning typed values (null where the field is missing or wrong).
 */
export class FieldReader {
  constructor(
    private readonly mode: Mode,
    private readonly raw: Record<string, unknown>,
    private readonly where: Location,
    private readonly problems: Problem[],
  ) {}

  fieldName(column: Column): string {
    const name = this.mode === 'csv' ? column.csv : column.json;
    return this.where.path ? `${this.where.path}.${name}` : name;
  }

  report(severity: Problem['severity'], code: string, column: Column | null, message: string): void {
    this.problems.push({
      severity,
      code,
      file: this.where.file,
      ...(this.where.line !== undefined ? { line: this.where.line } : {}),
      ...(column ? { field: this.fieldName(column) } : this.where.path ? { field: this.where.path } : {}),
      message,
    });
  }

  private value(column: Column): unknown {
    const key = this.mode === 'csv' ? column.csv : column.json;
    return Object.prototype.hasOwnProperty.call(this.raw, key) ? this.raw[key] : undefined;
  }

  text(column: Column, max = MAX_SHORT_TEXT): string | null {
    const value = this.value(column);
    if (value === undefined || value === null || value === '') {
      if (column.required) this.report('error', 'missing_field', column, `${this.fieldName(column)} is required`);
      return null;
    }
    if (typeof value !== 'string') {
      this.report('error', 'invalid_type', column, `${this.fieldName(column)} must be text`);
      return null;
    }
    const trimmed = value.trim();
    if (trimmed === '') {
      if (column.required) this.report('error', 'missing_field', column, `${this.fieldName(column)} is required`);
      return null;
    }
    const bad = forbiddenCharacter(trimmed);
    if (bad) {
      this.report('error', 'forbidden_character', column, `${this.fieldName(column)} contains the control character ${bad}`);
      return null;
    }
    if (trimmed.length > max) {
      this.report('error', 'too_long', column, `${this.fieldName(column)} has ${trimmed.length} characters; at most ${max} are allowed`);
      return null;
    }
    if (looksLikeMarkup(trimmed)) {
      this.report('warning', 'markup_in_text', column, `${this.fieldName(column)} contains markup or script; it is stored and shown as plain text, never run`);
    }
    return trimmed;
  }

  longText(column: Column): string | null {
    return this.text(column, MAX_TEXT);
  }

  id(column: Column): string | null {
    const value = this.text(column, 64);
    if (value !== null && !ID_PATTERN.test(value)) {
      this.report('error', 'invalid_id', column, `"${value}" is not a valid id (letters, digits, . _ : -; at most 64)`);
      return null;
    }
    return value;
  }

  oneOf<T extends string>(column: Column, allowed: readonly T[]): T | null {
    const value = this.text(column, 100);
    if (value === null) return null;
    if (!allowed.includes(value as T)) {
      this.report('error', 'invalid_value', column, `${this.fieldName(column)} "${value}" is not one of: ${allowed.join(', ')}`);
      return null;
    }
    return value as T;
  }

  date(column: Column): string | null {
    const value = this.text(column, 10);
    if (value === null) return null;
    const problem = partialDateProblem(value);
    if (problem) {
      this.report('error', 'invalid_date', column, `${this.fieldName(column)}: ${problem}`);
      return null;
    }
    return value;
  }

  language(column: Column): string | null {
    const value = this.text(column, 35);
    if (value !== null && !LANGUAGE_PATTERN.test(value)) {
      this.report('error', 'invalid_language', column, `${this.fieldName(column)} "${value}" is not a language tag such as en, az, hy, ru`);
      return null;
    }
    return value;
  }

  country(column: Column): string | null {
    const value = this.text(column, 2 + 4);
    if (value !== null && !isCountryCode(value)) {
      this.report('error', 'unknown_country', column, `${this.fieldName(column)} "${value}" is not an ISO 3166-1 alpha-2 country code`);
      return null;
    }
    return value;
  }

  subdivision(column: Column): string | null {
    const value = this.text(column, 6);
    if (value !== null && !parseSubdivisionCode(value)) {
      this.report('error', 'unknown_subdivision', column, `${this.fieldName(column)} "${value}" is not an ISO 3166-2 subdivision code such as GB-SCT`);
      return null;
    }
    return value;
  }

  jurisdiction(column: Column): string | null {
    const value = this.text(column, 6);
    if (value !== null && !jurisdictionCountry(value)) {
      this.report('error', 'unknown_country', column, `${this.fieldName(column)} "${value}" is neither an ISO 3166-1 country code nor an ISO 3166-2 subdivision code`);
      return null;
    }
    return value;
  }

  wikidata(column: Column): string | null {
    const value = this.text(column, 13);
    if (value !== null && !WIKIDATA_PATTERN.test(value)) {
      this.report('error', 'invalid_wikidata', column, `${this.fieldName(column)} "${value}" is not a Wikidata item id such as Q42`);
      return null;
    }
    return value;
  }

  /** A list: "a;b" in CSV, an array of strings in JSON. Duplicates are reported. */
  list(column: Column, check: (item: string) => string | null = (x) => x): string[] {
    const value = this.value(column);
    let items: unknown[];
    if (value === undefined || value === null || value === '') items = [];
    else if (this.mode === 'csv' && typeof value === 'string') items = value.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);
    else if (this.mode === 'json' && Array.isArray(value)) items = value;
    else {
      this.report('error', 'invalid_type', column, `${this.fieldName(column)} must be ${this.mode === 'csv' ? `a ${LIST_SEPARATOR}-separated list` : 'an array of text'}`);
      return [];
    }
    if (items.length === 0 && column.required) this.report('error', 'missing_field', column, `${this.fieldName(column)} needs at least one entry`);
    if (items.length > 100) {
      this.report('error', 'too_many', column, `${this.fieldName(column)} has ${items.length} entries; at most 100`);
      return [];
    }
    const out: string[] = [];
    for (const item of items) {
      if (typeof item !== 'string') {
        this.report('error', 'invalid_type', column, `${this.fieldName(column)} must hold text entries`);
        continue;
      }
      const checked = check(item.trim());
      if (checked === null) continue;
      if (out.includes(checked)) this.report('warning', 'duplicate_entry', column, `${this.fieldName(column)} lists ${checked} twice; kept once`);
      else out.push(checked);
    }
    return out;
  }

  idList(column: Column): string[] {
    return this.list(column, (item) => {
      if (ID_PATTERN.test(item)) return item;
      this.report('error', 'invalid_id', column, `"${item}" in ${this.fieldName(column)} is not a valid id`);
      return null;
    });
  }

  bool(column: Column, fallback: boolean): boolean {
    const value = this.value(column);
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value === 'boolean') return value;
    if (this.mode === 'csv' && typeof value === 'string') {
      const v = value.trim().toLowerCase();
      if (v === 'true' || v === 'yes' || v === '1') return true;
      if (v === 'false' || v === 'no' || v === '0') return false;
    }
    this.report('error', 'invalid_value', column, `${this.fieldName(column)} must be true or false`);
    return fallback;
  }

  figures(column: Column): Figure[] {
    let value = this.value(column);
    if (value === undefined || value === null || value === '') return [];
    if (this.mode === 'csv') {
      if (typeof value !== 'string' || value.length > 20_000) {
        this.report('error', 'invalid_figures', column, `${this.fieldName(column)} must be a JSON array of at most 20,000 characters`);
        return [];
      }
      try {
        value = JSON.parse(value);
      } catch (error) {
        this.report('error', 'invalid_figures', column, `${this.fieldName(column)} is not valid JSON: ${(error as Error).message}`);
        return [];
      }
    }
    const { figures, issues } = checkFigures(value);
    for (const issue of issues) {
      this.problems.push({
        severity: issue.severity,
        code: issue.code,
        file: this.where.file,
        ...(this.where.line !== undefined ? { line: this.where.line } : {}),
        field: `${this.fieldName(column)}${issue.path}`,
        message: `${this.fieldName(column)}${issue.path}: ${issue.message}`,
      });
    }
    for (const figure of figures) this.checkFigureText(column, figure);
    return issues.some((i) => i.severity === 'error') ? [] : figures;
  }

  private checkFigureText(column: Column, figure: Figure): void {
    for (const text of [figure.label, figure.unit]) {
      if (text === undefined) continue;
      const bad = forbiddenCharacter(text);
      if (bad) this.report('error', 'forbidden_character', column, `${this.fieldName(column)} contains the control character ${bad}`);
      else if (looksLikeMarkup(text)) this.report('warning', 'markup_in_text', column, `${this.fieldName(column)} contains markup; it is stored and shown as plain text`);
    }
    for (const part of figure.breakdown?.parts ?? []) this.checkFigureText(column, part);
  }

  /**
   * Persons' roles in a prosecution step: `[{"actorId": "A40", "role": "accused"}]`, a JSON array inside the CSV cell
   * (as figures are) or an array in JSON. Roles are text as the source words them (at most 200 characters).
   */
  roles(column: Column): ActRole[] {
    let value = this.value(column);
    if (value === undefined || value === null || value === '') return [];
    if (this.mode === 'csv') {
      if (typeof value !== 'string' || value.length > 20_000) {
        this.report('error', 'invalid_type', column, `${this.fieldName(column)} must be a JSON array of at most 20,000 characters`);
        return [];
      }
      try {
        value = JSON.parse(value);
      } catch (error) {
        this.report('error', 'invalid_type', column, `${this.fieldName(column)} is not valid JSON: ${(error as Error).message}`);
        return [];
      }
    }
    if (!Array.isArray(value) || value.length > 100) {
      this.report('error', 'invalid_type', column, `${this.fieldName(column)} must be an array of at most 100 {actorId, role}`);
      return [];
    }
    const out: ActRole[] = [];
    value.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || Object.keys(item).some((k) => k !== 'actorId' && k !== 'role')) {
        this.report('error', 'invalid_type', column, `${this.fieldName(column)}[${i}] must be {actorId, role} and nothing else`);
        return;
      }
      const sub = new FieldReader('json', item as Record<string, unknown>, { ...this.where, path: `${this.fieldName(column)}[${i}]` }, this.problems);
      const actorId = sub.id({ csv: 'actorId', json: 'actorId', required: true });
      const role = sub.text({ csv: 'role', json: 'role', required: true }, 200);
      if (!actorId || !role) return;
      if (out.some((r) => r.actorId === actorId && r.role === role)) this.report('warning', 'duplicate_entry', column, `${this.fieldName(column)} lists ${actorId} as ${role} twice; kept once`);
      else out.push({ actorId, role });
    });
    return out;
  }

  translations(column: Column): Translation[] {
    const value = this.value(column);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report('error', 'invalid_type', column, `${this.fieldName(column)} must be an array of {language, text}`);
      return [];
    }
    const out: Translation[] = [];
    value.forEach((item, i) => {
      const sub = new FieldReader(this.mode, (item ?? {}) as Record<string, unknown>, { ...this.where, path: `${this.fieldName(column)}[${i}]` }, this.problems);
      const language = sub.language({ csv: 'language', json: 'language', required: true });
      const text = sub.longText({ csv: 'text', json: 'text', required: true });
      if (language && text) out.push({ language, text });
    });
    return out;
  }
}

const cols = <K extends keyof typeof recordFiles>(key: K) => {
  const map: Record<string, Column> = {};
  for (const c of recordFiles[key].columns) map[c.csv] = c;
  return map;
};

const S = cols('sources');
const A = cols('actors');
const E = cols('events');
const C = cols('claims');
const R = cols('recognitionActs');

export function readSource(r: FieldReader): Source {
  return {
    id: r.id(S.id) ?? '',
    publisher: r.text(S.publisher) ?? '',
    title: r.text(S.title) ?? '',
    date: r.date(S.date),
    address: r.text(S.address, 2000),
    kind: r.oneOf(S.kind, sourceKinds) ?? 'other',
    language: r.language(S.language),
    archiveItemId: r.text(S.archive_item_id, 200),
  };
}

export function readActor(r: FieldReader): Actor {
  const actor: Actor = {
    id: r.id(A.id) ?? '',
    name: r.text(A.name) ?? '',
    type: r.oneOf(A.type, actorTypes) ?? 'organization',
    classification: r.oneOf(A.classification, actorClassifications) ?? 'other',
    country: r.country(A.country),
    subdivision: r.subdivision(A.subdivision),
    wikidata: r.wikidata(A.wikidata),
    parentId: r.id(A.parent),
    description: r.longText(A.description),
  };
  if (actor.country && actor.subdivision && !actor.subdivision.startsWith(`${actor.country}-`)) {
    r.report('error', 'subdivision_country_mismatch', A.subdivision, `subdivision ${actor.subdivision} is not in country ${actor.country}`);
  }
  if (actor.parentId && actor.parentId === actor.id) r.report('error', 'self_reference', A.parent, 'an actor cannot be its own parent');
  return actor;
}

export function readEvent(r: FieldReader): RegistryEvent {
  const event: RegistryEvent = {
    id: r.id(E.id) ?? '',
    name: r.text(E.name) ?? '',
    startDate: r.date(E.start_date),
    endDate: r.date(E.end_date),
    place: r.text(E.place),
    description: r.longText(E.description),
  };
  if (event.startDate && event.endDate && event.endDate.slice(0, event.startDate.length) < event.startDate.slice(0, event.endDate.length)) {
    r.report('error', 'end_before_start', E.end_date, `the event ends (${event.endDate}) before it starts (${event.startDate})`);
  }
  return event;
}

export function readClaim(r: FieldReader, mode: Mode): Claim {
  const claim: Claim = {
    id: r.id(C.id) ?? '',
    kind: r.oneOf(C.kind, claimKinds) ?? 'statement',
    assertedBy: r.id(C.asserted_by) ?? '',
    attributionNote: r.text(C.attribution_note),
    eventId: r.id(C.event),
    statement: r.longText(C.statement) ?? '',
    language: r.language(C.language),
    translations: mode === 'json' ? r.translations({ csv: 'translations', json: 'translations' }) : [],
    valueText: r.text(C.value),
    figures: r.figures(C.figures),
    date: r.date(C.date),
    sources: r.idList(C.sources),
    verification: r.oneOf(C.verification, verificationLevels) ?? 'not-verified',
    contests: r.idList(C.contests),
    notes: r.longText(C.notes),
    published: r.bool(C.published, false),
  };
  if (claim.contests.includes(claim.id)) r.report('error', 'self_reference', C.contests, 'a claim cannot contest itself');
  if (claim.kind === 'casualty-figure' && claim.figures.length === 0 && !claim.valueText) {
    r.report('warning', 'no_figures', C.figures, 'a casualty-figure claim has neither figures nor a value as worded');
  }
  return claim;
}

export function readRecognitionAct(r: FieldReader): RecognitionAct {
  const act: RecognitionAct = {
    id: r.id(R.id) ?? '',
    // Files written before acts had kinds have no kind column: every act in them is a recognition act.
    kind: r.oneOf(R.kind, acknowledgmentKinds) ?? 'recognition',
    bodyId: r.id(R.body) ?? '',
    eventId: r.id(R.event),
    jurisdiction: r.jurisdiction(R.jurisdiction),
    level: r.oneOf(R.level, recognitionLevels) ?? 'other',
    date: r.date(R.date),
    term: r.text(R.term),
    terms: r.list(R.terms, (item) => {
      if ((recognitionTerms as readonly string[]).includes(item)) return item;
      r.report('error', 'invalid_value', R.terms, `term "${item}" is not one of: ${recognitionTerms.join(', ')}`);
      return null;
    }) as RecognitionAct['terms'],
    instrument: r.text(R.instrument, 200),
    documentSourceId: r.id(R.document),
    courtId: r.id(R.court),
    roles: r.roles(R.roles),
    sources: r.idList(R.sources),
    verification: r.oneOf(R.verification, verificationLevels) ?? 'not-verified',
    notes: r.longText(R.notes),
    published: r.bool(R.published, false),
  };
  if ((act.courtId || act.roles.length) && !prosecutionKinds.includes(act.kind)) {
    r.report('error', 'invalid_value', act.courtId ? R.court : R.roles, `a court and persons' roles belong to prosecution steps (${prosecutionKinds.join(', ')}), not to a ${act.kind} act`);
  }
  if (act.level === 'sub-national' && act.jurisdiction && isCountryCode(act.jurisdiction)) {
    r.report('warning', 'subnational_without_subdivision', R.jurisdiction, 'a sub-national act usually names an ISO 3166-2 subdivision, not a country');
  }
  return act;
}
