import { defaultSettings, detectColumns, parseSettings, type LinkInput, type LinkSettings } from '../../core/linkage/index.ts';
import { fillNameParts } from '../../core/casualties/whole-name.ts';
import { normaliseName } from '../../core/names/index.ts';
import { detectListColumns } from '../../core/casualties/columns.ts';
import { detectDateFormat, readAge, readDate, writeDate, type DateFormat } from '../../core/casualties/values.ts';
import { baptismColumn, prepareColumns, type CsvTable } from '../../core/linkage/prepare-values.ts';
import type { HouseholdRow, RecordRow } from './repository.ts';

/**
 * From stored records to the engine's column-major input, and from the engine's persons back to per-person
 * summaries. Pure: no database.
 */

/**
 * The columns a run gives the engine; engine settings refer to these. They are named so that the engine's own
 * header detection (defaultSettings, detectListColumns) recognises each: the defaults decide how names, dates, sex,
 * age, place and the list a record comes from are compared, here as for a CSV given to `reckon link`, and the
 * values go through the CLI's own preparation (core/linkage/prepare-values.ts).
 */
export const RUN_COLUMNS = [
  'record_id',
  'name',
  'family_name',
  'given_name',
  'patronymic',
  'sex',
  'age',
  'birth_date',
  'death_date',
  'place',
  'source',
  // a historical register's household columns, as the importer stored them (historical-defaults.ts finds them by
  // these names as it finds a file's): an occupation compared as weak evidence, a marital condition read by the
  // conflict test, a maiden name given to the family name as its alternative
  'occupation',
  'condition',
  'maiden_name',
  // a parish register's baptism date, from the list's own row: the birth date where the list gives none
  'baptism_date',
] as const;

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

/** What the records of a run hold, which decides the run's columns (as a file's header decides the CLI's). */
export interface RunShape {
  /** Whether any record gives each name part in its own column. */
  given: boolean;
  family: boolean;
  patronymic: boolean;
  /** Whether any source's rows name the list each row comes from (a "Source", "Источник", "Mənbə" column). */
  listSource: boolean;
  /**
   * Whether any record gives a birth date, a date of death (absent: both columns are in the header, as before). A
   * census or a death register gives ages and no birth date; with an empty birth column in the header the defaults
   * chose other blocking rules than `reckon link` chooses for the file.
   */
  birth?: boolean;
  death?: boolean;
  /**
   * Whether any record gives an age (absent: the column is in the header, as before). A register of baptisms and
   * census entries with birth dates and no age column got an age field and a blocking rule on it that `reckon link`
   * does not give the file, and persons that differed from the CLI's.
   */
  age?: boolean;
  /** Whether any record carries an occupation, a marital condition, a maiden name (historical registers). */
  occupation?: boolean;
  condition?: boolean;
  maiden?: boolean;
}

/**
 * The run's header: the name-part columns only when some record gives them (a list of whole names is read by parts
 * of its whole names, as `reckon link` reads a file with only a full-name column), the list-source column only when
 * some source has one; the others always.
 */
export function runHeader(shape: RunShape): string[] {
  const present: Partial<Record<(typeof RUN_COLUMNS)[number], boolean>> = {
    given_name: shape.given,
    family_name: shape.family,
    patronymic: shape.patronymic,
    source: shape.listSource,
    birth_date: shape.birth ?? true,
    death_date: shape.death ?? true,
    age: shape.age ?? true,
    occupation: shape.occupation ?? false,
    condition: shape.condition ?? false,
    maiden_name: shape.maiden ?? false,
    baptism_date: false,
  };
  return RUN_COLUMNS.filter((c) => present[c] ?? true);
}

/** The column of a source's own rows that names the list each row comes from, as `reckon link` detects it. */
export function listSourceColumn(rawHeader: readonly string[]): string | undefined {
  return detectListColumns(rawHeader).columns.find((d) => d.role === 'source')?.column;
}

/** A stored record with the cells of its list row, and the import mapping of its source. */
export interface RunRecord extends RecordRow, Partial<HouseholdRow> {
  raw_row: Record<string, string>;
}
export interface RunSource {
  id: string;
  column_mapping: Record<string, unknown>;
}

/**
 * The cell a list gave for a date, re-read as the CLI reads it so that an estimate keeps its span ("c. 1850",
 * "bef. 1850", "BET 1849 AND 1850", "1849/50", a registration quarter): the import stores the date's partial ISO
 * value only. The cell is used only while its reading still gives the stored value (a corrected record, or a row
 * imported under another mapping, keeps its stored value).
 */
function dateCell(stored: string | null, cell: string | undefined, format: DateFormat): string {
  if (stored === null) return '';
  if (cell === undefined || cell === '') return stored;
  const read = readDate(cell, format);
  return read.ok && read.value === stored ? writeDate(read) : stored;
}

/** The cell a list gave for an age ("about 46", "40-45"), while its reading still gives the stored age. */
function ageCell(stored: number | null, cell: string | undefined): string {
  if (stored === null) return '';
  if (cell === undefined || cell === '') return String(stored);
  const read = readAge(cell);
  if (!read.ok || !read.value) return String(stored);
  const value = read.value.min === read.value.max ? read.value.min : Math.round((read.value.min + read.value.max) / 2);
  return value === stored ? cell : String(stored);
}

/**
 * Column-major input, prepared by the CLI's own code (prepareColumns): the records become a table with the run's
 * header, each cell as the list gave it where the import's reading of it still holds (dates with their spans,
 * ages as written), else as stored, and prepareColumns then reads dates, sex codes and birthplace codes and fills
 * empty name parts from the whole name exactly as `reckon link` does with a file. Records are in the order given
 * (the sources' own line order). Where a list gives an age but no birth date, and the engine does not compare ages
 * itself, the birth year is derived from the year of death (±1 year).
 */
export function engineInput(records: readonly RunRecord[], settings: LinkSettings, sources: readonly RunSource[] = []): LinkInput {
  const size = records.length;
  const cells: Record<string, string[]> = Object.fromEntries(RUN_COLUMNS.map((c) => [c, new Array<string>(size)]));
  // per source: the columns its rows were read from, and the order its date columns were read in
  const bySource = new Map<
    string,
    { columns: Record<string, string | undefined>; formats: Record<string, DateFormat>; listSource?: string; baptism?: string }
  >();
  const sourceIndex = new Map(sources.map((s, k) => [s.id, k]));
  for (const source of sources) {
    const mapping = source.column_mapping ?? {};
    const columnOf = (field: string) => (typeof mapping[field] === 'string' ? (mapping[field] as string) : undefined);
    const chosen = (mapping.date_formats ?? {}) as Record<string, DateFormat | undefined>;
    const own = records.filter((r) => r.source_id === source.id);
    const formats: Record<string, DateFormat> = {};
    for (const field of ['birth_date', 'death_date']) {
      const column = columnOf(field);
      const choice = chosen[field];
      formats[field] = choice && choice !== 'auto' ? choice : column ? detectDateFormat(own.map((r) => r.raw_row?.[column] ?? '')).format : 'ymd';
    }
    const first = own.find((r) => r.raw_row && Object.keys(r.raw_row).length > 0);
    bySource.set(source.id, {
      columns: { birth_date: columnOf('birth_date'), death_date: columnOf('death_date'), age: columnOf('age') },
      formats,
      listSource: first ? listSourceColumn(Object.keys(first.raw_row)) : undefined,
      // a baptism column the import left unmapped because the list also has a birth date column
      baptism:
        first && columnOf('birth_date') !== undefined ? baptismColumn(Object.keys(first.raw_row).filter((h) => h !== columnOf('birth_date'))) : undefined,
    });
  }
  // the maiden name is no field of the settings: the value preparation reads it beside the family name, as it does a file's;
  // nor is the baptism date, which fills empty birth dates there
  const maiden = records.some((r) => r.maiden_name) ? ['maiden_name'] : [];
  const baptism = [...bySource.values()].some((s) => s.baptism !== undefined) && settings.fields.some((f) => f.column === 'birth_date') ? ['baptism_date'] : [];
  const header = [
    ...new Set([
      'record_id',
      'name',
      ...settings.fields.map((f) => f.column).filter((c) => (RUN_COLUMNS as readonly string[]).includes(c)),
      ...maiden,
      ...baptism,
    ]),
  ];
  records.forEach((r, i) => {
    const source = bySource.get(r.source_id);
    const raw = r.raw_row ?? {};
    const cell = (field: string) => (source?.columns[field] !== undefined ? raw[source.columns[field]!] : undefined);
    cells.record_id[i] = r.id;
    cells.name[i] = r.names[0] ?? '';
    cells.given_name[i] = r.given_name ?? '';
    cells.family_name[i] = r.family_name ?? '';
    cells.patronymic[i] = r.patronymic ?? '';
    cells.sex[i] = r.sex === 'female' ? 'f' : r.sex === 'male' ? 'm' : '';
    cells.age[i] = ageCell(r.age, cell('age'));
    const deathYear = year(r.death_date);
    cells.birth_date[i] =
      r.birth_date !== null
        ? dateCell(r.birth_date, cell('birth_date'), source?.formats.birth_date ?? 'ymd')
        : !engineReadsAge && r.age !== null && deathYear !== null
          ? String(deathYear - r.age)
          : '';
    cells.death_date[i] = dateCell(r.death_date, cell('death_date'), source?.formats.death_date ?? 'ymd');
    cells.place[i] = r.place ?? '';
    cells.occupation[i] = r.occupation ?? '';
    cells.condition[i] = r.marital_condition ?? '';
    cells.maiden_name[i] = r.maiden_name ?? '';
    // the cell as the list wrote it: the preparation reads it in the order its own values show, as the CLI does
    cells.baptism_date[i] = source?.baptism !== undefined && r.birth_date === null ? (raw[source.baptism] ?? '') : '';
    // the list a row comes from: its own source cell, told apart by casualty source when a run links several
    const list = source?.listSource !== undefined ? (raw[source.listSource] ?? '') : '';
    cells.source[i] = list === '' ? '' : sources.length > 1 ? `${sourceIndex.get(r.source_id)}:${list}` : list;
  });
  const table: CsvTable = { header, columns: header.map((c) => cells[c]), size, lines: Int32Array.from(records, (r) => r.line ?? 0) };
  const prepared = prepareColumns(table, settings, detectListColumns(header));
  return { columns: prepared.columns, size };
}

export interface RunOptions {
  threshold?: number;
  clustering?: 'careful' | 'connected' | 'strict';
  seed?: number;
  engine?: Record<string, unknown>;
}

/** The engine settings of a run: the caller's own, or the defaults for the run's header with the options applied. Throws SettingsError. */
export function runSettings(
  options: RunOptions,
  records: number,
  header: readonly string[] = runHeader({ given: true, family: true, patronymic: true, listSource: false }),
): LinkSettings {
  if (options.engine) return parseSettings(options.engine, RUN_COLUMNS);
  const base = defaultSettings(header, { records });
  return parseSettings(
    {
      ...base,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.clustering !== undefined ? { clustering: options.clustering } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      // u from the random pairs `reckon link` draws for the same list: the engine draws min(uSamplePairs, n(n − 1)/2)
      // pairs from one seeded sequence (model.ts, samplePairs), so the CLI's default of half a million and this bound
      // draw the same pairs; fewer (once 50 a record) gave other u, another model, and persons that differed from the
      // CLI's on historical registers. Bounded by the distinct pairs, a run of a few hundred records stays on one thread
      // (link.ts starts comparison threads from 100,000 sampled pairs).
      uSamplePairs: Math.max(1000, Math.min(500_000, (records * (records - 1)) / 2)),
    },
    header,
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
