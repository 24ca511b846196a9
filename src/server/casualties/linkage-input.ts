import { defaultSettings, detectColumns, parseSettings, type LinkInput, type LinkSettings } from '../../core/linkage/index.ts';
import { fillNameParts } from '../../core/casualties/whole-name.ts';
import { normaliseName } from '../../core/names/index.ts';
import type { RecordRow } from './repository.ts';

/**
 * From stored records to the engine's column-major input, and from the engine's persons back to per-person
 * summaries. Pure: no database.
 */

/**
 * The columns every run gives the engine; engine settings refer to these. They are named so that the engine's own
 * header detection (defaultSettings) recognises each: the defaults decide how names, dates, sex, age and place are
 * compared, here as for a CSV given to `reckon link`.
 */
export const RUN_COLUMNS = ['record_id', 'name', 'family_name', 'given_name', 'patronymic', 'sex', 'age', 'birth_date', 'death_date', 'place'] as const;

const year = (date: string | null): number | null => (date && /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : null);

/** Whether the engine's defaults compare an `age` column themselves (against birth and death dates). */
const engineReadsAge = (Object.values(detectColumns(RUN_COLUMNS).roles) as string[]).includes('age');

/**
 * A record's name as parts: the list's own parts, each empty one filled from its first whole name (fillNameParts,
 * the same reading `reckon link` gives: "Family, Given" by its comma, otherwise by surname endings and patronymic
 * markers), so that "Алиев | Рашид" in two columns and "Rashid Aliyev" in one meet as the same given and family name.
 */
export function nameParts(r: Pick<RecordRow, 'names' | 'given_name' | 'family_name' | 'patronymic'>): { given: string; family: string; patronymic: string } {
  const { given, family, patronymic } = fillNameParts({ given: r.given_name ?? '', family: r.family_name ?? '', patronymic: r.patronymic ?? '' }, r.names);
  return { given, family, patronymic };
}

/** How a record is named in one line: its first whole name, else its parts (family, given, patronymic). */
export function displayName(r: Pick<RecordRow, 'names' | 'given_name' | 'family_name' | 'patronymic'>): string {
  return r.names[0] ?? [r.family_name, r.given_name, r.patronymic].filter(Boolean).join(' ');
}

/**
 * Column-major input. The first whole name of a record is the one kept in `name` (a list's own spelling; further
 * names are usually the same name in another script); the parts come from nameParts(). Where a list gives an age
 * but no birth date, and the engine does not compare ages itself, the birth year is derived from the year of death
 * (±1 year, which the date comparison's "within 1 year" level absorbs).
 */
export function engineInput(records: readonly RecordRow[]): LinkInput {
  const columns: Record<string, string[]> = Object.fromEntries(RUN_COLUMNS.map((c) => [c, new Array<string>(records.length)]));
  records.forEach((r, i) => {
    columns.record_id[i] = r.id;
    columns.name[i] = r.names[0] ?? '';
    const parts = nameParts(r);
    columns.given_name[i] = parts.given;
    columns.family_name[i] = parts.family;
    columns.patronymic[i] = parts.patronymic;
    columns.sex[i] = r.sex === 'female' ? 'f' : r.sex === 'male' ? 'm' : '';
    columns.age[i] = r.age !== null ? String(r.age) : '';
    const deathYear = year(r.death_date);
    columns.birth_date[i] = r.birth_date ?? (!engineReadsAge && r.age !== null && deathYear !== null ? String(deathYear - r.age) : '');
    columns.death_date[i] = r.death_date ?? '';
    columns.place[i] = r.place ?? '';
  });
  return { columns, size: records.length };
}

export interface RunOptions {
  threshold?: number;
  clustering?: 'careful' | 'connected' | 'strict';
  seed?: number;
  engine?: Record<string, unknown>;
}

/** The engine settings of a run: the caller's own, or the defaults for the run columns with the options applied. Throws SettingsError. */
export function runSettings(options: RunOptions, records: number): LinkSettings {
  if (options.engine) return parseSettings(options.engine, RUN_COLUMNS);
  const base = defaultSettings(RUN_COLUMNS, { records });
  return parseSettings(
    {
      ...base,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.clustering !== undefined ? { clustering: options.clustering } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      // Small lists: half a million random pairs would be thousands of times the number of distinct pairs.
      uSamplePairs: Math.max(1000, Math.min(500_000, records * 50)),
    },
    RUN_COLUMNS,
  );
}

export const AGE_BANDS = ['0-4', '5-14', '15-17', '18-29', '30-44', '45-59', '60-74', '75+'] as const;

export function ageBand(age: number): string {
  if (age < 5) return '0-4';
  if (age < 15) return '5-14';
  if (age < 18) return '15-17';
  if (age < 30) return '18-29';
  if (age < 45) return '30-44';
  if (age < 60) return '45-59';
  if (age < 75) return '60-74';
  return '75+';
}

/** Age as reported, or from birth and death years when both are given. */
export function recordAge(r: RecordRow): number | null {
  if (r.age !== null) return r.age;
  const b = year(r.birth_date);
  const d = year(r.death_date);
  return b !== null && d !== null && d >= b ? d - b : null;
}

/** One value agreed by all records that give one; 'unknown' when none does; 'conflicting' when they differ. */
function agreed(values: Array<string | null>): { value: string; conflict: boolean } {
  const set = new Set(values.filter((v): v is string => v !== null));
  if (set.size === 0) return { value: 'unknown', conflict: false };
  if (set.size === 1) return { value: [...set][0], conflict: false };
  return { value: 'conflicting', conflict: true };
}

/** Partial dates agree when one is a prefix of the other (1992 and 1992-02-26); the most specific is kept. */
function agreedDate(values: Array<string | null>): { value: string; conflict: boolean } {
  const dates = [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => b.length - a.length);
  if (dates.length === 0) return { value: 'unknown', conflict: false };
  const most = dates[0];
  return dates.every((d) => most.startsWith(d)) ? { value: most, conflict: false } : { value: 'conflicting', conflict: true };
}

/** Birth years two records give that cannot both be right (more apart than misreadings and age rounding explain). */
const BIRTH_YEAR_SPREAD = 3;

function birthYear(r: RecordRow): number | null {
  const b = year(r.birth_date);
  if (b !== null) return b;
  const d = year(r.death_date);
  return r.age !== null && d !== null ? d - r.age : null;
}

/**
 * Why a person of several records needs a reviewer's eye: records of both sexes, or birth years (given, or from
 * age at death) further apart than BIRTH_YEAR_SPREAD. The engine's own reasons (a merge refused inside the person)
 * are added by the caller.
 */
export function personFlags(records: readonly RecordRow[]): string[] {
  if (records.length < 2) return [];
  const flags: string[] = [];
  const sexes = new Set(records.map((r) => r.sex).filter((s) => s === 'female' || s === 'male'));
  if (sexes.size > 1) flags.push('sex');
  const years = records.map(birthYear).filter((y): y is number => y !== null);
  if (years.length > 1 && Math.max(...years) - Math.min(...years) > BIRTH_YEAR_SPREAD) flags.push('birth_years');
  return flags;
}

export interface PersonSummary {
  sex: string;
  age_band: string;
  status: string;
  death_date: string;
  place: string;
  disagreements: string[];
}

/**
 * What a person's records say together. Places are compared in romanised form (Xocalı, Ходжалы, Khojaly agree) and
 * labelled by `placeLabel` (the run's most frequent spelling of that form), so one place is one row in the statistics.
 * Names are not compared here: lists spell one name differently by construction, and linkage already weighed them.
 */
export function summarisePerson(records: readonly RecordRow[], placeLabel: (key: string) => string): PersonSummary {
  const disagreements: string[] = [];
  const sex = agreed(records.map((r) => (r.sex === 'female' || r.sex === 'male' ? r.sex : null)));
  if (sex.conflict) disagreements.push('sex');
  const ages = records.map(recordAge);
  const knownAges = new Set(ages.filter((a): a is number => a !== null));
  if (knownAges.size > 1) disagreements.push('age');
  const band = agreed(ages.map((a) => (a === null ? null : ageBand(a))));
  const birth = agreedDate(records.map((r) => r.birth_date));
  if (birth.conflict) disagreements.push('birthDate');
  const death = agreedDate(records.map((r) => r.death_date));
  if (death.conflict) disagreements.push('deathDate');
  const placeKeys = records.map((r) => (r.place ? normaliseName(r.place) || null : null));
  const place = agreed(placeKeys);
  if (place.conflict) disagreements.push('place');
  const status = agreed(records.map((r) => (r.status === 'unknown' ? null : r.status)));
  if (status.conflict) disagreements.push('status');
  return {
    sex: sex.value,
    age_band: band.value,
    status: status.value,
    death_date: death.value,
    place: place.value === 'unknown' || place.value === 'conflicting' ? place.value : placeLabel(place.value),
    disagreements,
  };
}

/** For each romanised place, its most frequent spelling in the run (ties: the first in record order). */
export function placeLabels(records: readonly RecordRow[]): (key: string) => string {
  const counts = new Map<string, Map<string, number>>();
  for (const r of records) {
    if (!r.place) continue;
    const key = normaliseName(r.place);
    if (!key) continue;
    const spellings = counts.get(key) ?? new Map<string, number>();
    spellings.set(r.place, (spellings.get(r.place) ?? 0) + 1);
    counts.set(key, spellings);
  }
  const best = new Map<string, string>();
  for (const [key, spellings] of counts) {
    let top = '';
    let n = -1;
    for (const [s, c] of spellings) if (c > n) [top, n] = [s, c];
    best.set(key, top);
  }
  return (key) => best.get(key) ?? key;
}
