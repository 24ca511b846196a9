import { readAge } from '../casualties/values.ts';
import { normaliseName, parseFullName, patronymicRootOf, surnameStem } from '../names/normalise.ts';
import { phoneticKey } from '../names/phonetic.ts';
import { stripDiacritics } from '../names/transliterate.ts';
import { parsePartialDate } from './dates.ts';
import type { FieldSpec, LinkSettings } from './settings.ts';

/**
 * Per-field data in typed arrays over SharedArrayBuffer, so worker threads read the same memory. Text and name
 * fields are dictionary-encoded: every record holds the id of its (normalised) value, and the distinct values are
 * packed as UTF-16 code units; comparisons and blocking then work on integers and the packed characters.
 */
export interface TextFeature {
  kind: 'text';
  /** Value id per record, -1 when missing. */
  ids: Int32Array;
  /** Packed distinct values: value v is chars[offsets[v], offsets[v + 1]). */
  offsets: Int32Array;
  chars: Uint16Array;
  /** Phonetic-key id and surname-stem id per distinct value. */
  phonetic: Int32Array;
  stem: Int32Array;
  /** Records holding each value: the term frequencies. */
  counts: Int32Array;
  /** Records with a value. */
  present: number;
}

/**
 * Connector words between a whole name and a second family name of the same person, as written (before the name is
 * romanised): "Mary Smith or Brown" (the Scottish statutory registers: maiden surname "or" married surname; National
 * Records of Scotland, "Statutory registers – deaths"), "John Smith alias Brown" and "otherwise Brown" (English
 * parish registers and court rolls), Norwegian "eller", Russian "или", Azerbaijani "yaxud".
 */
const WHOLE_NAME_ALTERNATIVE = /^(.*\p{L}.*?)\s+(?:or|alias|otherwise|eller|или|yaxud)\s+(\p{L}[\p{L}'’.-]*)$/iu;

/**
 * A whole name parsed into parts, a second family name after a connector kept as an alternative of the family name
 * ("Mary Smith or Brown": given "mari", family "smith or brovn"), which the name comparison agrees with either
 * alternative (compare.ts) and the given name with either end word of the family name blocks (defaults.ts). Without
 * this the connector and the first family name were taken for given names ("mari smith or"), and the woman's
 * records under her maiden name never became candidates. Only a single word after the connector, and only when the
 * words before it parse into a given and a family name; anything else is parsed as a whole.
 */
export function parseWithAlternatives(text: string, options: Parameters<typeof parseFullName>[1] = {}): ReturnType<typeof parseFullName> {
  const split = text.length <= 200 ? WHOLE_NAME_ALTERNATIVE.exec(text.trim()) : null;
  if (split) {
    const before = parseFullName(split[1], options);
    const other = normaliseName(split[2], { latin: options.latin });
    // one surname written twice ("McDonald or M'Donald") is that surname
    if (before.given && before.family && other) return other === before.family ? before : { ...before, family: `${before.family} or ${other}` };
  }
  return parseFullName(text, options);
}

export interface DateFeature {
  kind: 'date';
  /** year, month, day per record (3 entries a record), 0 when unknown. */
  ymd: Int32Array;
  /**
   * The first and last year each date may stand for: the year itself for a date as written, the span of an
   * estimate ("c. 1850": 1848–1852; "bef. 1850", "1849/50", a registration quarter), 0 when unknown.
   */
  yearLo: Int32Array;
  yearHi: Int32Array;
  present: number;
}

/**
 * An age field as a range of birth years per record: from the age at death and the record's death date (or the
 * run's reference date), or, for a record without an age, its birth year. Ranges only meet other ranges in the
 * age comparison; two birth years are the birth comparison's business.
 */
export interface AgeFeature {
  kind: 'age';
  /** Earliest and latest birth year per record (relative to year 0 when there is no reference, see `source`). */
  lo: Int32Array;
  hi: Int32Array;
  /**
   * Per record: 0 unknown; 1 the birth year of the birth field; 2 derived from an age and a death or reference
   * date; 3 derived from an age with no date to count from, as if the death were in year 0 — comparable only with
   * another such range (two lists of one event, neither dated).
   */
  source: Uint8Array;
  /**
   * The age at death itself, as read (approximate ages widened), per record: years from `ageLo` to `ageHi`, -1 when
   * the record has no age. `ownDate` is 1 when the record's birth-year range was counted from its own date of death
   * (or event), 0 when from the list's years, the run's reference date or nothing.
   */
  ageLo: Int16Array;
  ageHi: Int16Array;
  ownDate: Uint8Array;
  /**
   * The same range in days ({@link dayIndex}), when the date it was counted from has a month (or the birth date
   * has one); -1 when not. An age on a known day pins the birth to the year ending on that day: 13 on 7 April 1861
   * is born 8 April 1847 – 7 April 1848, and 12 on the same night 8 April 1848 – 7 April 1849, ranges that do not
   * overlap although their calendar years do.
   */
  dayLo: Int32Array;
  dayHi: Int32Array;
  present: number;
}

export type Feature = TextFeature | DateFeature | AgeFeature;

export interface FeatureTable {
  size: number;
  fields: Record<string, Feature>;
}

/** The distinct values of text features, kept on the main thread for display and explanation. */
export type FeatureValues = Record<string, string[]>;

export interface FeatureIssue {
  row: number;
  field: string;
  column: string;
  message: string;
}

function shared<T extends Int32Array | Uint16Array | Int16Array>(Ctor: new (buffer: SharedArrayBuffer) => T, bytesPer: number, length: number): T {
  return new Ctor(new SharedArrayBuffer(Math.max(1, length) * bytesPer));
}

export function normaliseText(text: string): string {
  return stripDiacritics(text.normalize('NFKC').toLowerCase()).replace(/\s+/g, ' ').trim();
}

/** A column's distinct raw values and each record's index into them: names are parsed once per distinct value. */
interface RawColumn {
  ids: Int32Array;
  distinct: string[];
}

function encodeRaw(column: readonly string[], size: number): RawColumn {
  const dict = new Map<string, number>();
  const distinct: string[] = [];
  const ids = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const raw = column[i] ?? '';
    let id = dict.get(raw);
    if (id === undefined) {
      dict.set(raw, (id = distinct.length));
      distinct.push(raw);
    }
    ids[i] = id;
  }
  return { ids, distinct };
}

/**
 * Dictionary-encodes a field from its normalised value per distinct raw value. Value ids are numbered in order of
 * first appearance over the records, as a record-by-record encoding would number them.
 */
function encodeText(raw: RawColumn, normalised: readonly string[], size: number, ids: Int32Array): TextFeature & { values: string[] } {
  const dict = new Map<string, number>();
  const distinct: string[] = [];
  // per raw value: its value id, -1 not yet seen, -2 missing
  const idOfRaw = new Int32Array(raw.distinct.length).fill(-1);
  let present = 0;
  for (let i = 0; i < size; i++) {
    const r = raw.ids[i];
    let id = idOfRaw[r];
    if (id === -1) {
      const v = normalised[r];
      if (!v) id = -2;
      else {
        const known = dict.get(v);
        if (known === undefined) {
          id = distinct.length;
          dict.set(v, id);
          distinct.push(v);
        } else id = known;
      }
      idOfRaw[r] = id;
    }
    if (id === -2) {
      ids[i] = -1;
      continue;
    }
    present++;
    ids[i] = id;
  }
  let totalChars = 0;
  for (const v of distinct) totalChars += v.length;
  const offsets = shared(Int32Array, 4, distinct.length + 1);
  const chars = shared(Uint16Array, 2, totalChars);
  let pos = 0;
  for (let v = 0; v < distinct.length; v++) {
    offsets[v] = pos;
    const s = distinct[v];
    for (let k = 0; k < s.length; k++) chars[pos + k] = s.charCodeAt(k);
    pos += s.length;
  }
  offsets[distinct.length] = pos;
  const counts = shared(Int32Array, 4, distinct.length);
  for (let i = 0; i < size; i++) if (ids[i] >= 0) counts[ids[i]]++;
  const phonetic = shared(Int32Array, 4, distinct.length);
  const stem = shared(Int32Array, 4, distinct.length);
  const phoneticIds = new Map<string, number>();
  const stemIds = new Map<string, number>();
  for (let v = 0; v < distinct.length; v++) {
    const p = phoneticKey(distinct[v]);
    let pid = phoneticIds.get(p);
    if (pid === undefined) phoneticIds.set(p, (pid = phoneticIds.size));
    phonetic[v] = pid;
    const s = distinct[v].split(' ').map(surnameStem).join(' ');
    let sid = stemIds.get(s);
    if (sid === undefined) stemIds.set(s, (sid = stemIds.size));
    stem[v] = sid;
  }
  return { kind: 'text', ids, offsets, chars, phonetic, stem, counts, present, values: distinct };
}

export const AGE_FROM_BIRTH = 1;
export const AGE_DATED = 2;
export const AGE_UNDATED = 3;

/** An approximate age ("about 46", "около 46") is widened by this many years on each side. */
const APPROXIMATE_AGE_YEARS = 2;

/**
 * The years in which a list's dated deaths fall: their median, and half the width of the 10th–90th percentile
 * range (rounded up). A list of one event or one war (a press list where only some rows carry a date of death) then
 * reads an undated age against those years instead of leaving it comparable only with other undated ages, which
 * split every person whose entries differ in having a date. Null when fewer than 10 rows, or under 5 %, have a date.
 */
export function deathYearSpread(death: DateFeature, size: number): { median: number; halfSpread: number } | null {
  const years: number[] = [];
  for (let i = 0; i < size; i++) if (death.ymd[3 * i] > 0) years.push(death.ymd[3 * i]);
  if (years.length < 10 || years.length < 0.05 * size) return null;
  years.sort((a, b) => a - b);
  const at = (q: number) => years[Math.min(years.length - 1, Math.floor(q * (years.length - 1)))];
  return { median: at(0.5), halfSpread: Math.ceil((at(0.9) - at(0.1)) / 2) };
}

/** Days in a year of {@link dayIndex}: every month is taken as 31 days, which keeps the order and the gaps near. */
export const INDEX_DAYS_A_YEAR = 372;

/** A day as a number that grows with the date (months of 31 days); `day` 0 is the month's first day. */
export function dayIndex(year: number, month: number, day: number): number {
  return year * INDEX_DAYS_A_YEAR + (month - 1) * 31 + Math.max(day, 1) - 1;
}

/**
 * The 1841 census of Great Britain (census night 6 June 1841) told enumerators to write the ages of persons over 15
 * "to the lowest term of 5": 20 for anyone aged 20–24 (Census Act 1840 and the enumerators' instructions; The
 * National Archives, research guide "Census records"; National Records of Scotland, "Census records"). An adult age
 * that is a multiple of five on a record dated in that June is read as that age to four years more; enumerators
 * who wrote the exact age wrote other numbers, which stay exact.
 */
export function censusAgeRange(age: { min: number; max: number }, date: { year: number; month: number }): { min: number; max: number } {
  if (date.year === 1841 && date.month === 6 && age.min === age.max && age.min >= 15 && age.min % 5 === 0) return { min: age.min, max: age.min + 4 };
  return age;
}

/**
 * The year a row's list names, per row: "Census 1851", "Population 1860 (Ohio)", "Folketelling 1865" give 1851, 1860,
 * 1865; 0 when the value names no year between 1000 and 2100 or more than one ("Deaths 1914–1918" dates no row).
 */
function eventYearsOf(column: ArrayLike<string | null | undefined>, size: number): Int32Array {
  const years = new Int32Array(size);
  const seen = new Map<string, number>();
  for (let i = 0; i < size; i++) {
    const value = column[i];
    if (!value) continue;
    let year = seen.get(value);
    if (year === undefined) {
      const found = value.slice(0, 200).match(/(?<!\d)\d{4}(?!\d)/g) ?? [];
      const n = found.length === 1 ? Number(found[0]) : 0;
      year = n >= 1000 && n <= 2100 ? n : 0;
      seen.set(value, year);
    }
    years[i] = year;
  }
  return years;
}

/**
 * Birth-year ranges from an age column: age a (or a range a..b) at a death on day D gives a birth between D − (b+1)
 * years and D − a years, i.e. birth years D.year − b − 1 … D.year − a (46 at death in 1992: born 1945 or 1946).
 */
function buildAge(
  spec: FieldSpec,
  size: number,
  raw: RawColumn,
  dates: Record<string, DateFeature>,
  referenceYear: number,
  issues: FeatureIssue[],
  eventYears: Int32Array | null,
): AgeFeature {
  const lo = shared(Int32Array, 4, size);
  const hi = shared(Int32Array, 4, size);
  const source = new Uint8Array(new SharedArrayBuffer(Math.max(1, size)));
  const ageLo = shared(Int16Array, 2, size).fill(-1);
  const ageHi = shared(Int16Array, 2, size).fill(-1);
  const ownDate = new Uint8Array(new SharedArrayBuffer(Math.max(1, size)));
  const dayLo = shared(Int32Array, 4, size).fill(-1);
  const dayHi = shared(Int32Array, 4, size).fill(-1);
  const death = dates[spec.deathField ?? 'death'] as DateFeature | undefined;
  const birth = dates[spec.birthField ?? 'birth'] as DateFeature | undefined;
  const ages = raw.distinct.map(readAge);
  const listYears = referenceYear === 0 && death ? deathYearSpread(death, size) : null;
  let present = 0;
  for (let i = 0; i < size; i++) {
    const birthYear = birth ? birth.ymd[3 * i] : 0;
    if (birthYear > 0) {
      // an estimated birth ("c. 1850") is the span of years it stands for
      lo[i] = birth!.yearLo[i];
      hi[i] = birth!.yearHi[i];
      const exact = lo[i] === hi[i];
      const birthMonth = exact ? birth!.ymd[3 * i + 1] : 0;
      const birthDay = exact ? birth!.ymd[3 * i + 2] : 0;
      dayLo[i] = dayIndex(lo[i], Math.max(birthMonth, 1), birthDay);
      dayHi[i] = dayIndex(hi[i], birthMonth > 0 ? birthMonth : 12, birthDay > 0 ? birthDay : 31);
      source[i] = AGE_FROM_BIRTH;
      present++;
      continue;
    }
    const age = ages[raw.ids[i]];
    if (!age.ok) {
      issues.push({ row: i, field: spec.name, column: spec.column, message: age.message });
      continue;
    }
    if (!age.value) continue;
    const fromDeath = death !== undefined && death.ymd[3 * i] > 0;
    // a row without its own date but whose list's name gives a year ("Census 1851") is dated by that year
    const ownYear = !fromDeath && eventYears ? eventYears[i] : 0;
    const dated = fromDeath || ownYear > 0;
    // a row without its own death date, on a list where others have one, is taken to die in the list's years
    const year = fromDeath ? death.ymd[3 * i] : ownYear > 0 ? ownYear : listYears ? listYears.median : referenceYear;
    const month = fromDeath ? death.ymd[3 * i + 1] : 0;
    const day = fromDeath ? death.ymd[3 * i + 2] : 0;
    const { min, max } = censusAgeRange(age.value, { year, month });
    source[i] = year === 0 ? AGE_UNDATED : AGE_DATED;
    const approximate = age.value.approximate ? APPROXIMATE_AGE_YEARS : 0;
    const widen = approximate + (!dated && listYears ? listYears.halfSpread : 0);
    lo[i] = year - max - 1 - widen;
    hi[i] = year - min + widen;
    if (month > 0) {
      // born after the day (max + 1) years before the event and on or before the day min years before it; a date
      // without its day stands for any day of its month
      dayLo[i] = dayIndex(year - max - 1 - widen, month, day > 0 ? day : 1) + 1;
      dayHi[i] = dayIndex(year - min + widen, month, day > 0 ? day : 31);
    }
    ageLo[i] = Math.max(0, min - approximate);
    ageHi[i] = max + approximate;
    ownDate[i] = dated ? 1 : 0;
    present++;
  }
  return { kind: 'age', lo, hi, source, ageLo, ageHi, ownDate, dayLo, dayHi, present };
}

/**
 * Builds the features of every field from column arrays. Values that cannot be read (impossible dates) become
 * missing and are listed in `issues` with their row, so a caller can report them; `onRow` reports progress.
 */
export function buildFeatures(
  columns: Record<string, readonly string[]>,
  size: number,
  fields: readonly FieldSpec[],
  onProgress?: (fieldsDone: number) => void,
  run: Pick<LinkSettings, 'referenceDate'> = {},
): { table: FeatureTable; values: FeatureValues; issues: FeatureIssue[] } {
  const table: FeatureTable = { size, fields: {} };
  const values: FeatureValues = {};
  const issues: FeatureIssue[] = [];
  const rawColumns = new Map<string, RawColumn>();
  const parsedColumns = new Map<string, Array<ReturnType<typeof parseFullName>>>();
  const reference = run.referenceDate ? parsePartialDate(run.referenceDate) : null;
  const referenceYear = reference?.ok && reference.date ? reference.date.year : 0;
  // ages are read against the date fields, so they are built once those exist
  const order = [...fields.keys()].sort((a, b) => Number(fields[a].type === 'age') - Number(fields[b].type === 'age'));
  const dateFeatures: Record<string, DateFeature> = {};
  order.forEach((index, done) => {
    const spec = fields[index];
    const column = columns[spec.column];
    if (!column) throw new Error(`column "${spec.column}" is missing`);
    if (spec.type === 'age') {
      let raw = rawColumns.get(spec.column);
      if (!raw) rawColumns.set(spec.column, (raw = encodeRaw(column, size)));
      const yearColumn = spec.eventYearField ? columns[fields.find((f) => f.name === spec.eventYearField)?.column ?? ''] : undefined;
      table.fields[spec.name] = buildAge(spec, size, raw, dateFeatures, referenceYear, issues, yearColumn ? eventYearsOf(yearColumn, size) : null);
    } else if (spec.type === 'date') {
      const ymd = shared(Int32Array, 4, size * 3);
      const yearLo = shared(Int32Array, 4, size);
      const yearHi = shared(Int32Array, 4, size);
      let present = 0;
      let raw = rawColumns.get(spec.column);
      if (!raw) rawColumns.set(spec.column, (raw = encodeRaw(column, size)));
      const dates = raw.distinct.map((v) => parsePartialDate(v, spec.format));
      for (let i = 0; i < size; i++) {
        const parsed = dates[raw.ids[i]];
        if (!parsed.ok) {
          issues.push({ row: i, field: spec.name, column: spec.column, message: parsed.reason });
          continue;
        }
        if (!parsed.date) continue;
        ymd[3 * i] = parsed.date.year;
        ymd[3 * i + 1] = parsed.date.month;
        ymd[3 * i + 2] = parsed.date.day;
        yearLo[i] = parsed.date.span?.from ?? parsed.date.year;
        yearHi[i] = parsed.date.span?.to ?? parsed.date.year;
        present++;
      }
      table.fields[spec.name] = dateFeatures[spec.name] = { kind: 'date', ymd, yearLo, yearHi, present };
    } else {
      let raw = rawColumns.get(spec.column);
      if (!raw) rawColumns.set(spec.column, (raw = encodeRaw(column, size)));
      let normalised: string[];
      if (spec.type === 'name' && spec.part && spec.part !== 'full') {
        // whole-name columns are parsed once for all the parts taken from them
        const key = `${spec.column}\u0001${spec.latin ?? ''}\u0001${spec.order ?? ''}`;
        let parsed = parsedColumns.get(key);
        if (!parsed) parsedColumns.set(key, (parsed = raw.distinct.map((v) => parseWithAlternatives(v, { latin: spec.latin, order: spec.order }))));
        const part = spec.part;
        normalised = parsed.map((p) => (part === 'patronymic' ? p.patronymicRoot : p[part]));
      } else if (spec.type === 'name') {
        normalised = raw.distinct.map((v) => normaliseName(v, { latin: spec.latin }));
      } else if (spec.type === 'patronymic') {
        normalised = raw.distinct.map((v) => patronymicRootOf(v, { latin: spec.latin }));
      } else {
        normalised = raw.distinct.map(normaliseText);
      }
      const { values: distinct, ...feature } = encodeText(raw, normalised, size, shared(Int32Array, 4, size));
      table.fields[spec.name] = feature;
      values[spec.name] = distinct;
    }
    onProgress?.(done + 1);
  });
  return { table, values, issues };
}
