import { detectDateFormat, EXPECTED_FORMAT, headerDeclaresNumericSex, isMissing, readSex, type DateColumnReport } from './values.ts';

/**
 * Which column of a person or casualty list holds what, recognised from the header in English, Azerbaijani,
 * Russian and Armenian (any case; words joined by spaces, underscores, hyphens or dots) and, when sample values
 * are given, checked against them. Every column gets a role or none, with a sentence saying why, so that the
 * choice can be shown to the person whose list it is and corrected. Shared by `reckon link`, the server's
 * importer and the web page's column mapping; dependency-free, so the browser bundle can import it.
 */

export type ColumnRole =
  | 'id'
  | 'given'
  | 'family'
  | 'full'
  | 'patronymic'
  | 'birth'
  | 'age'
  | 'death'
  | 'sex'
  | 'place'
  | 'postcode'
  | 'identifier'
  | 'address'
  | 'email'
  | 'status'
  | 'type'
  | 'cause'
  | 'perpetrator'
  | 'notes'
  | 'source';

export const COLUMN_ROLES: readonly ColumnRole[] = [
  'id', 'given', 'family', 'full', 'patronymic', 'birth', 'age', 'death', 'sex', 'place', 'postcode', 'identifier', 'address', 'email',
  'status', 'type', 'cause', 'perpetrator', 'notes', 'source',
];

/** Roles that one column at most can have; the others (place, address…) may span several columns. */
const SINGLE_ROLES = new Set<ColumnRole>(['id', 'given', 'family', 'patronymic', 'birth', 'age', 'death', 'sex', 'status', 'type', 'cause', 'perpetrator']);

export interface ColumnDecision {
  column: string;
  /** null: the column is not used */
  role: ColumnRole | null;
  /** Why, in a sentence that can be shown as it is. */
  reason: string;
  /** For a full-name column beside split name columns: read only on rows whose split columns are empty. */
  fallback?: boolean;
  /** For date columns when sample values were given: how the dates are written. */
  dates?: DateColumnReport;
}

export interface ListColumns {
  id?: string;
  given?: string;
  family?: string;
  patronymic?: string;
  /** Whole-name columns, best first: the name source when there are no split columns, otherwise a fallback. */
  full: string[];
  birth?: string;
  age?: string;
  death?: string;
  sex?: string;
  /** The sex column announces numeric codes (1 male, 2 female). */
  sexNumeric: boolean;
  place: string[];
  postcode: string[];
  identifier: string[];
  address: string[];
  email: string[];
  status?: string;
  type?: string;
  cause?: string;
  perpetrator?: string;
  notes: string[];
  /** One decision per header column, in header order. */
  columns: ColumnDecision[];
}

export interface DetectOptions {
  /** Values of a column (a sample is enough), to check and refine what the header says. */
  samples?: (column: string) => readonly string[] | undefined;
  /** Roles set by the user (`--map given=Имя`); `ignore` leaves a column unused. */
  overrides?: ReadonlyArray<{ role: ColumnRole | 'ignore'; column: string }>;
}

/**
 * Headers folded for matching: NFKC, lower case, Azerbaijani ı and ə as i and e, accents removed, and every run of
 * spaces, underscores, hyphens, dots, slashes and brackets as one space. "Doğum_tarixi", "DOĞUM TARİXİ" and
 * "doğum-tarixi" all become "dogum tarixi"; "Ф.И.О." becomes "ф и о".
 */
export function foldHeader(header: string): string {
  return header
    .slice(0, 200)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ə/g, 'e')
    .replace(/i̇/g, 'i')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}№#]+/gu, ' ')
    .trim();
}

/** Patterns are folded as headers are (й → и, ə → e; NFKC turns № into "No"), so they can be written as spelt. */
const foldPattern = (alternatives: string) => alternatives.replace(/ı/g, 'i').replace(/ə/g, 'e').normalize('NFD').replace(/\p{M}+/gu, '');
/** `(?<!letter)(alternatives)` so that words match at their start: "рожд" in "рождения", never "ata" in "data". */
const starts = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${foldPattern(alternatives)})`, 'u');
const word = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${foldPattern(alternatives)})(?![\\p{L}\\p{N}])`, 'u');
const whole = (alternatives: string) => new RegExp(`^(?:${foldPattern(alternatives)})$`, 'u');

const GIVEN_WORDS = 'given|first|fore|forename|forenames|christian|имя|имени|ad|adi|adı|անուն|anun';
const FAMILY_WORDS = 'surname|surnames|last|family|фамилия|фамилии|soyad|soyadi|ազգանուն|azganun';

interface Rule {
  role: ColumnRole | 'date';
  test: RegExp;
  why: string;
  /** Lower is better among columns that claim the same role (a "full name" before a "first and surname"). */
  rank?: number;
}

/**
 * In order: the first rule that matches a column decides its role. Rules that a later one would shadow come
 * first: "age at death" is an age, "cause of death" a cause, "place of birth" a place, "Ф.И.О." a full name
 * although it holds "имя".
 */
const RULES: Rule[] = [
  {
    role: 'id',
    test: whole(
      '(?:(?:source|unique|rec|record|row|person|case|entry|list|serial|ref|reference|sira|s) )*(?:id|uid|no|nr|number|№|#)|ref|n|no п п|п п|номер|номер записи|id номер|nomre|sira|sira nomresi|համար|id համար|հհ',
    ),
    why: 'header names a record number or id',
  },
  { role: 'age', test: word('age|ages|age at death|возраст|возраста|yas|yasi|yaşı|տարիք|տարիքը'), why: 'header names an age' },
  { role: 'cause', test: starts('cause|причин|sebeb|պատճառ'), why: 'header names a cause' },
  // a census index names the schedule (the form) each row was copied from: "Population 1850", "Mortality 1860"
  { role: 'source', test: starts('source|schedule|census|источник|menbe|աղբյուր'), why: 'header names the source of a record' },
  {
    role: 'place',
    test: starts(
      'place|birthplace|where born|born in|born at|parish|sogn|socken|prestegjeld|kirchspiel|приход|city|village|town|suburb|region|district|localit|settlement|residen|municipal|province|oblast|location|hometown|мест|город|село|деревн|район|населен|нас пункт|област|посел|yer|seher|kend|rayon|qesebe|yasayis|bolge|բնակավայր|ծննդավայր|վայր|գյուղ|քաղաք|շրջան|մարզ',
    ),
    why: 'header names a place',
  },
  {
    role: 'full',
    test: whole(
      'name|names|name surname|surname name|name and surname|full name|fullname|full names|person|person name|persons name|victim|victim name|victims name|name of victim|name of the victim|name of deceased|name of the deceased|deceased|фио|ф и о|полное имя|tam adi|tam ad|ad soyad ata adi|ad soyad|adlar|anun azganun hayranun|անուն ազգանուն հայրանուն',
    ),
    why: 'header names a whole name',
    rank: 1,
  },
  // a header that names the given AND the family name holds both: "first_and_surname", "Фамилия, имя", "adı soyadı"
  {
    role: 'full',
    test: new RegExp(foldPattern(`(?=.*(?<![\\p{L}])(?:${GIVEN_WORDS})(?![\\p{L}]))(?=.*(?<![\\p{L}])(?:${FAMILY_WORDS})(?![\\p{L}]))`), 'u'),
    why: 'header names both the given and the family name, so the column holds whole names',
    rank: 2,
  },
  // historical registers give middle names and the father's name in columns of their own: the father's name is the
  // patronymic's evidence, a middle name stands in for it only when no column names the father
  { role: 'patronymic', test: starts('middle'), why: 'header names a middle name, taken as the patronymic when no column names the father', rank: 2 },
  { role: 'patronymic', test: starts('patronym|middle|father|ata adi|atasinin adi|ata|отчеств|отц|по отцу|հայրանուն|hayranun'), why: 'header names a patronymic or middle name' },
  {
    role: 'given',
    test: whole(`(?:given|first|fore|christian) ?names?|given|first|forename|forenames|имя|ad|adi|isim|անուն|anun|name first|first nm`),
    why: 'header names the given name',
  },
  { role: 'family', test: whole('(?:sur|last|family) ?names?|surname|last|family|фамилия|soyad|soyadi|ազգանուն|azganun|last nm'), why: 'header names the family name' },
  // looser: the word appears among others ("given_name_ru", "Фамилия погибшего")
  { role: 'given', test: word('(?:given|first|fore) ?names?|forename|имя|adi|անուն'), why: 'header contains a word for the given name', rank: 2 },
  { role: 'family', test: word('(?:sur|last|family) ?names?|фамилия|soyadi|soyad|ազգանուն'), why: 'header contains a word for the family name', rank: 2 },
  // a parish register's baptism (christening) date is what it knows of the birth: used when no column gives the birth
  { role: 'birth', test: starts('bapti|christen|крещ'), why: 'header names a baptism or christening date, taken as the birth date when no column gives it', rank: 2 },
  { role: 'birth', test: starts('birth|dob|born|yob|date of b|рожд|г р|dogum|dogul|ծնվ|ծննդ'), why: 'header names a birth date or year' },
  {
    role: 'death',
    test: starts('death|died|dod|killed|kia|date of incident|incident date|date of event|смерт|гибел|погиб|убит|умер|olum|vefat|helak|sehid|мах|մահ|զոհ'),
    why: 'header names a date of death',
  },
  { role: 'date', test: whole('date|дата|tarix|tarixi|ամսաթիվ|event date|incident'), why: 'header names an unqualified date' },
  { role: 'sex', test: starts('(?:sex|gender|пол|cins|cinsi|cinsiyyet|սեռ)(?![\\p{L}])'), why: 'header names sex or gender' },
  { role: 'postcode', test: starts('post ?code|postal|zip|индекс|poct indeks'), why: 'header names a postcode' },
  {
    role: 'identifier',
    test: starts('soc sec|ssn|passport|national id|personal id|id number|id card|pin|fin kod|паспорт|личн|sexsiyyet|անձնագ'),
    why: 'header names a personal identifier',
  },
  { role: 'email', test: starts('e ?mail|почта|эл почт|էլ փոստ'), why: 'header names an e-mail address' },
  { role: 'address', test: starts('address|street|улиц|адрес|kuce|unvan|հասցե|փողոց'), why: 'header names an address' },
  { role: 'status', test: starts('status|статус|категори|category|civilian|combatant|военнослуж|statusu|կարգավիճակ'), why: 'header names a status' },
  { role: 'type', test: whole('type|kind|тип|вид|nov|novu|տեսակ'), why: 'header names a type' },
  { role: 'perpetrator', test: starts('perpetrat|виновн|исполнител|toreden|հանցագործ'), why: 'header names a perpetrator' },
  { role: 'notes', test: starts('note|comment|remark|descript|примечан|коммент|описан|qeyd|serh|նշում|մեկնաբան'), why: 'header names notes' },
];

/**
 * A language or script named after the header ("Name (ru)", "surname_en", "Фамилия (лат.)") says how the column
 * is written, not what it holds, so it is set aside before the rules are applied.
 */
const LANGUAGE_TAG = new RegExp(
  foldPattern(
    '(?<=\\p{L}) (?:en|eng|english|ru|rus|russian|az|aze|azeri|azerbaijani|hy|arm|armenian|lat|latin|cyr|cyrillic|original|orig|translit|transliterated|romanised|romanized|рус|русск|англ|азерб|арм|лат|кир|кириллица|латиница|azerbaycanca|rusca|ingilisce|latin qrafika|hayeren|հայերեն|ռուսերեն|անգլերեն)$',
  ),
  'u',
);

const ROLE_WORDS: Record<ColumnRole, string> = {
  id: 'record id',
  given: 'given name',
  family: 'family name',
  full: 'whole name',
  patronymic: 'patronymic',
  birth: 'birth date',
  age: 'age',
  death: 'death date',
  sex: 'sex',
  place: 'place',
  postcode: 'postcode',
  identifier: 'identifier',
  address: 'address',
  email: 'e-mail',
  status: 'status',
  type: 'type',
  cause: 'cause',
  perpetrator: 'perpetrator',
  notes: 'notes',
  source: 'source',
};

export function roleDescription(role: ColumnRole): string {
  return ROLE_WORDS[role];
}

interface Claim {
  column: string;
  index: number;
  role: ColumnRole | null;
  rank: number;
  reason: string;
  generic?: boolean;
}

function wordCounts(values: readonly string[]): { values: number; single: number; several: number } {
  let count = 0;
  let single = 0;
  let several = 0;
  for (const v of values) {
    if (isMissing(v) || !/\p{L}/u.test(v)) continue;
    count++;
    const words = v.trim().split(/[\s,]+/u).filter((w) => /\p{L}/u.test(w)).length;
    if (words <= 1) single++;
    else several++;
  }
  return { values: count, single, several };
}

const NAME_ROLES = new Set<ColumnRole>(['given', 'family', 'full', 'patronymic']);

/** Non-missing values, and those among them that hold no letter (numbers, "12a" counts as a name). */
function numberShare(values: readonly string[]): { values: number; numbers: number } {
  let count = 0;
  let numbers = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    count++;
    if (!/\p{L}/u.test(v)) numbers++;
  }
  return { values: count, numbers };
}

/** The share of non-missing values that read as a sex code, and whether both sexes occur. */
function sexShare(values: readonly string[], numeric: boolean): { share: number; both: boolean } {
  let seen = 0;
  let read = 0;
  const sexes = new Set<string>();
  for (const v of values) {
    if (isMissing(v)) continue;
    seen++;
    const s = readSex(v, { numeric });
    if (s) {
      read++;
      sexes.add(s);
    }
  }
  return { share: seen === 0 ? 0 : read / seen, both: sexes.has('male') && sexes.has('female') };
}

/**
 * Maps every column of a header to a role. Single roles go to the first column that claims them (best rank first);
 * a second claimant is left unused with the reason. Whole-name columns beside split given and family columns are
 * kept as a fallback for rows whose split columns are empty, never taken as a patronymic or a family name.
 */
export function detectListColumns(header: readonly string[], options: DetectOptions = {}): ListColumns {
  const overrides = new Map<string, ColumnRole | 'ignore'>();
  const overriddenRoles = new Set<ColumnRole>();
  for (const o of options.overrides ?? []) {
    if (!header.includes(o.column)) throw new RangeError(`no column "${o.column}" in the header (columns: ${header.join(', ')})`);
    overrides.set(o.column, o.role);
    if (o.role !== 'ignore') overriddenRoles.add(o.role);
  }

  const claims: Claim[] = header.map((column, index) => {
    const given = overrides.get(column);
    if (given === 'ignore') return { column, index, role: null, rank: 0, reason: 'left unused by the user' };
    if (given) return { column, index, role: given, rank: 0, reason: `set by the user as the ${ROLE_WORDS[given]}` };
    const folded = foldHeader(column).replace(LANGUAGE_TAG, '');
    for (const rule of RULES) {
      if (!rule.test.test(folded)) continue;
      if (rule.role === 'date') return { column, index, role: 'death', rank: 3, reason: `${rule.why}; in a casualty list that is taken as the date of death`, generic: true };
      // a role the user gave to another column is not guessed a second time
      if (SINGLE_ROLES.has(rule.role) && overriddenRoles.has(rule.role)) {
        return { column, index, role: null, rank: 0, reason: `${rule.why}, but the user chose another column as the ${ROLE_WORDS[rule.role]}` };
      }
      return { column, index, role: rule.role, rank: rule.rank ?? 1, reason: rule.why };
    }
    return { column, index, role: null, rank: 0, reason: 'header not recognised' };
  });

  // sample values: a column of sex codes, a "name" column of single words beside a family column
  const samples = options.samples;
  if (samples) {
    // a census's "Family" column is the family's number in the order of visitation, not the family name: a name
    // column whose values are numbers is not a name column, and another column may then take its role
    for (const claim of claims) {
      if (claim.role === null || !NAME_ROLES.has(claim.role) || overrides.has(claim.column)) continue;
      const numbered = numberShare(samples(claim.column) ?? []);
      if (numbered.values > 0 && numbered.numbers >= 0.9 * numbered.values) {
        claim.reason = `${claim.reason}, but ${numbered.numbers} of ${numbered.values} values are numbers, not names, so it is not used`;
        claim.role = null;
      }
    }
    const hasFamily = claims.some((c) => c.role === 'family');
    const hasGiven = claims.some((c) => c.role === 'given');
    for (const claim of claims) {
      const values = samples(claim.column);
      if (!values || values.length === 0 || overrides.has(claim.column)) continue;
      if (claim.role === 'full' && claim.rank === 1 && hasFamily && !hasGiven) {
        const counts = wordCounts(values);
        if (counts.values > 0 && counts.single >= 0.8 * counts.values) {
          claim.role = 'given';
          claim.reason = `header says "name" and ${counts.single} of ${counts.values} values are one word beside a family-name column, so it holds given names`;
        } else if (counts.values > 0) {
          claim.reason += ` (${counts.several} of ${counts.values} values have two or more words)`;
        }
      } else if (claim.role === null && claim.reason === 'header not recognised' && !claims.some((c) => c.role === 'sex')) {
        const { share, both } = sexShare(values, false);
        if (share >= 0.95 && both) {
          claim.role = 'sex';
          claim.reason = `header not recognised, but ${Math.round(share * 100)} % of the values are sex codes`;
        }
      } else if (claim.role === null && claim.reason === 'header not recognised') {
        const report = detectDateFormat(values, 2000);
        const dated = report.values - report.notDates;
        if (report.values > 0 && dated >= 0.9 * report.values) {
          claim.reason = `header not recognised; its values look like dates (${EXPECTED_FORMAT[report.format]}), but whose? map it with birth=${claim.column} or death=${claim.column}`;
        }
      }
    }
  }

  const result: ListColumns = {
    full: [],
    sexNumeric: false,
    place: [],
    postcode: [],
    identifier: [],
    address: [],
    email: [],
    notes: [],
    columns: [],
  };
  const decisions: ColumnDecision[] = claims.map((c) => ({ column: c.column, role: c.role, reason: c.reason }));
  // single roles: the best-ranked claimant, then the first in the header
  const order = [...claims].sort((a, b) => a.rank - b.rank || a.index - b.index);
  const taken = new Map<ColumnRole, string>();
  for (const claim of order) {
    const role = claim.role;
    if (role === null) continue;
    const decision = decisions[claim.index];
    if (SINGLE_ROLES.has(role)) {
      const holder = taken.get(role);
      if (holder !== undefined) {
        decision.role = null;
        decision.reason = claim.generic ? `${claim.reason.split(';')[0]}; the date of death is already "${holder}"` : `${claim.reason}, but "${holder}" is already the ${ROLE_WORDS[role]}`;
        continue;
      }
      taken.set(role, claim.column);
      (result as unknown as Record<string, string>)[role] = claim.column;
    } else if (role === 'full') {
      result.full.push(claim.column);
    } else if (role === 'source') {
      decision.role = 'source';
    } else {
      (result as unknown as Record<string, string[]>)[role].push(claim.column);
    }
  }
  // whole names: the primary source when a split column is missing, otherwise a fallback
  const split = result.given !== undefined && result.family !== undefined;
  result.full.forEach((column, k) => {
    const decision = decisions[header.indexOf(column)];
    if (split) {
      decision.fallback = true;
      decision.reason += `; "${result.given}" and "${result.family}" give the split names, so this column is read only on rows where they are empty`;
    } else if (k > 0) {
      decision.fallback = true;
      decision.reason += `; "${result.full[0]}" is the main whole-name column, this one is read where it is empty`;
    } else if (result.given !== undefined || result.family !== undefined) {
      decision.reason += `; it supplies the ${result.given === undefined ? 'given' : 'family'} name, which has no column of its own`;
    }
  });
  if (result.sex !== undefined) result.sexNumeric = headerDeclaresNumericSex(result.sex);
  if (samples) {
    for (const role of ['birth', 'death'] as const) {
      const column = result[role];
      const values = column !== undefined ? samples(column) : undefined;
      if (column === undefined || !values || values.length === 0) continue;
      const report = detectDateFormat(values);
      const decision = decisions[header.indexOf(column)];
      decision.dates = report;
      const dated = report.values - report.notDates;
      if (dated > 0 && Object.keys(report.shapes).some((s) => s === 'day-month-year')) decision.reason += `; dates read as ${EXPECTED_FORMAT[report.format]}`;
      if (report.note) decision.reason += `; ${report.note}`;
    }
    if (result.sex !== undefined) {
      const values = samples(result.sex);
      if (values && values.length > 0) {
        const { share } = sexShare(values, result.sexNumeric);
        if (share < 1) decisions[header.indexOf(result.sex)].reason += `; ${Math.round((1 - share) * 100)} % of its values are not sex codes`;
      }
    }
  }
  result.columns = decisions;
  return result;
}

/** Parses `role=column` as given to `--map`; the role may also be `ignore`. */
export function parseRoleOverride(text: string): { role: ColumnRole | 'ignore'; column: string } {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new RangeError(`"${text.slice(0, 80)}" is not role=column`);
  const role = text.slice(0, eq).trim().toLowerCase();
  const column = text.slice(eq + 1).trim();
  if (role !== 'ignore' && !(COLUMN_ROLES as readonly string[]).includes(role)) {
    throw new RangeError(`"${role.slice(0, 40)}" is not a role; use one of ${[...COLUMN_ROLES, 'ignore'].join(', ')}`);
  }
  return { role: role as ColumnRole | 'ignore', column };
}
