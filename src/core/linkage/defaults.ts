import { detectListColumns, type ListColumns } from '../casualties/columns.ts';
import { conditionColumns, occupationColumns, occupationComparison } from './historical-defaults.ts';
import type { ComparisonSpec, FieldSpec, LinkSettingsInput } from './settings.ts';

/**
 * Sensible settings from a header: which columns hold names, dates, sex, place and identifiers, recognised by
 * src/core/casualties/columns.ts (English, Russian, Azerbaijani and Armenian headers). The result is an ordinary
 * settings object that a user can save, edit and pass back with --settings.
 */

/** The roles the engine compares; the others (status, notes…) are left unused. */
type Role = 'full' | 'given' | 'family' | 'patronymic' | 'birth' | 'age' | 'death' | 'sex' | 'place' | 'postcode' | 'identifier' | 'address' | 'email';

export interface DetectedColumns {
  idColumn?: string;
  roles: Record<string, Role>;
}

/** The linkage roles of a header's columns (whole-name columns that are only a fallback are left out). */
export function detectColumns(header: readonly string[], mapping: ListColumns = detectListColumns(header)): DetectedColumns {
  const roles: Record<string, Role> = {};
  const single = ['given', 'family', 'patronymic', 'birth', 'age', 'death', 'sex'] as const;
  const multiple = ['place', 'postcode', 'identifier', 'address', 'email'] as const;
  for (const role of single) {
    const column = mapping[role];
    if (column !== undefined) roles[column] = role;
  }
  for (const role of multiple) for (const column of mapping[role]) roles[column] = role;
  const split = mapping.given !== undefined && mapping.family !== undefined;
  if (!split && mapping.full.length > 0) roles[mapping.full[0]] = 'full';
  // header order, as before
  const ordered: Record<string, Role> = {};
  for (const column of header) if (column in roles) ordered[column] = roles[column];
  return { idColumn: mapping.id, roles: ordered };
}

/** Candidate pairs per record that the blocking of a list past {@link BUDGET_PAST} records may make… */
export const CANDIDATE_PAIRS_PER_RECORD = 12;
/** …and never fewer pairs than this in all: a list of 50,000 records makes about a million with the rules below. */
export const MIN_CANDIDATE_PAIRS = 2_000_000;
/** Lists past this size get the budget of candidate pairs, and the finer rules that take over what it purges. */
export const BUDGET_PAST = 20_000;

function fieldName(column: string, used: Set<string>): string {
  let base = column
    // accents dropped rather than turned into separators: "Doğum yeri" gives dogum_yeri, not dog_um_yeri
    .replace(/ə/g, 'e')
    .replace(/Ə/g, 'E')
    .replace(/ı/g, 'i')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (!base) base = 'field';
  let name = base;
  for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
  used.add(name);
  return name;
}

/**
 * `records`: the expected input size. With a name vocabulary that does not grow with the list, blocks on names
 * grow with n² and would swamp the run, so past {@link BUDGET_PAST} records the candidate pairs have a budget
 * (blocking.ts purges the largest blocks of all rules until it holds) and finer rules follow the coarse ones, each a
 * coarse rule with one more key part (the name with the birth decade, with the birth year the age gives, with the
 * father's name; family name and birth year with the given initial or the place): while the budget does not bind
 * they find no pair the coarse rules have not found, and where it purges a coarse rule's block they find its pairs
 * that agree on more. Which rules make the pairs is thus decided by the pair count of the list at hand, not by its
 * size. Past 200,000 records the coarse name rules are left out (their blocks would be purged anyway, and counting
 * them costs time), as are given name × birth year-month and the name with the age's birth year.
 */
export function defaultSettings(header: readonly string[], options: { records?: number; columns?: ListColumns } = {}): LinkSettingsInput {
  const large = (options.records ?? 0) > 200_000;
  const budgeted = (options.records ?? 0) > BUDGET_PAST;
  const mapping = options.columns ?? detectListColumns(header);
  const { idColumn, roles } = detectColumns(header, mapping);
  const fields: FieldSpec[] = [];
  const comparisons: ComparisonSpec[] = [];
  const used = new Set<string>(['given', 'family', 'patronymic', 'birth', 'age', 'death']);
  const column = (role: Role) => Object.keys(roles).find((c) => roles[c] === role);
  const given = column('given');
  const family = column('family');
  const full = column('full');
  const patronymic = column('patronymic');
  if (given) fields.push({ name: 'given', column: given, type: 'name' });
  else if (full) fields.push({ name: 'given', column: full, type: 'name', part: 'given' });
  if (family) fields.push({ name: 'family', column: family, type: 'name' });
  else if (full) fields.push({ name: 'family', column: full, type: 'name', part: 'family' });
  // a column of patronymics alone (Famil oğlu, Фамиль оглы, Натигович) or fathers' names is compared by the father's name
  if (patronymic) fields.push({ name: 'patronymic', column: patronymic, type: 'patronymic' });
  else if (full) fields.push({ name: 'patronymic', column: full, type: 'name', part: 'patronymic' });
  const hasGiven = fields.some((f) => f.name === 'given');
  const hasFamily = fields.some((f) => f.name === 'family');
  if (hasGiven) comparisons.push({ field: 'given', kind: 'name', tf: true, ...(hasFamily ? { swapWith: 'family' } : {}) });
  if (hasFamily) comparisons.push({ field: 'family', kind: 'name', tf: true, ...(hasGiven ? { swapWith: 'given' } : {}) });
  // the father's name is also compared word by word (compare.ts, wordsConflict): namesakes of one parish named after
  // one grandfather have fathers of one given name and different patronymics or farms ("Jens Olsen Solberg", "Jens
  // Amundsen"). The family and given names are not: on the family name it gained 0.001-0.004 on the Norwegian
  // register but cost the Scottish one 0.011-0.05 at seed 12 (EM settled on another split); see
  // docs/bench/linkage-generalisation.md
  if (fields.some((f) => f.name === 'patronymic')) comparisons.push({ field: 'patronymic', kind: 'name', words: true });
  const birth = column('birth');
  if (birth) {
    fields.push({ name: 'birth', column: birth, type: 'date' });
    comparisons.push({ field: 'birth', kind: 'date' });
  }
  const death = column('death');
  if (death) {
    fields.push({ name: 'death', column: death, type: 'date' });
    comparisons.push({ field: 'death', kind: 'date' });
  }
  const age = column('age');
  // a column naming the list or report each row comes from (several lists merged in one file): a list seldom names
  // one person twice, so two rows of one list are weak evidence against a match, two of different lists for it
  const sourceColumn = (options.columns ?? detectListColumns(header)).columns.find((d) => d.role === 'source')?.column;
  const sourceField = sourceColumn !== undefined ? fieldName('list_source', used) : undefined;
  if (age) {
    // an age at death is a birth-year range once the death date (or the run's referenceDate) is known; a row without
    // one takes the year its list's name gives ("Census 1851"), if any
    fields.push({
      name: 'age',
      column: age,
      type: 'age',
      ...(death ? { deathField: 'death' } : {}),
      ...(birth ? { birthField: 'birth' } : {}),
      ...(sourceField ? { eventYearField: sourceField } : {}),
    });
    comparisons.push({ field: 'age', kind: 'age' });
  }
  if (sourceColumn !== undefined && sourceField !== undefined) {
    fields.push({ name: sourceField, column: sourceColumn, type: 'text' });
    comparisons.push({ field: sourceField, kind: 'source' });
  }
  const others: Array<[Role, ComparisonSpec['kind']]> = [
    ['sex', 'exact'],
    ['postcode', 'distance'],
    ['identifier', 'distance'],
    ['email', 'text'],
    ['place', 'text'],
    ['address', 'text'],
  ];
  const extra: Record<string, string[]> = {};
  for (const [role, kind] of others) {
    for (const col of Object.keys(roles).filter((c) => roles[c] === role)) {
      const name = fieldName(col, used);
      // place names are romanised like personal names: lists write the same village in different scripts
      fields.push(role === 'place' ? { name, column: col, type: 'name' } : { name, column: col, type: 'text' });
      // and compared like names too, so that Əsgəran and Аскеран meet at the phonetic level
      comparisons.push(
        role === 'place' ? { field: name, kind: 'name', tf: true, shared: true } : { field: name, kind, ...(role === 'address' ? { shared: true } : {}) },
      );
      (extra[role] ??= []).push(name);
    }
  }
  // historical registers: an occupation as weak evidence (historical-defaults.ts)
  for (const col of occupationColumns(header, mapping)) {
    const { field, comparison } = occupationComparison(fieldName(col, used), col);
    fields.push(field);
    comparisons.push(comparison);
  }
  // and a marital condition, read by the conflict test only (never compared, never blocked on)
  for (const col of conditionColumns(header, mapping)) fields.push({ name: fieldName(col, used), column: col, type: 'text' });
  if (fields.length === 0)
    throw new RangeError(`no name, date or place columns recognised in the header (${header.join(', ')}); name them with --map role=column or pass --settings`);
  const blocking: string[][] = [];
  const date = birth ? 'birth' : death ? 'death' : null;
  const nameRule = hasGiven && hasFamily ? ['given|family:phonetic'] : hasGiven || hasFamily ? [`${hasGiven ? 'given' : 'family'}:phonetic`] : null;
  // the finer rules of a budgeted list; past 200,000 records they replace the name rule and family + year
  const finer: string[][] = [];
  if (nameRule && date) finer.push([...nameRule, `${date}:decade`]);
  // the birth year the age field gives (an age with the date of death, or the birth date's own year): on victim
  // lists most rows give an age or nothing instead of a birth date, so the birth decade alone keys few of them (at a
  // million records of the mixed list the name rule keyed on it held 115,723 of 459,487 true pairs). Not past
  // 200,000 records: there it cost precision more than it gave recall (a million records of the mixed list, F1 0.809
  // without it, 0.760 with it: precision 0.921 → 0.819, as the budget then purged more of the other rules' blocks)
  if (nameRule && age && !large) finer.push([...nameRule, 'age:year']);
  if (nameRule && fields.some((f) => f.name === 'patronymic')) finer.push([...nameRule, 'patronymic:phonetic']);
  if (nameRule) blocking.push(...(large ? finer : [nameRule]));
  if (date && hasGiven && hasFamily) blocking.push([date, 'given|family:initial']);
  else if (date) blocking.push([date]);
  // victim lists date deaths by the event: a row with a birth date and one with an age or nothing (press and NGO
  // lists) still share the day of death
  if (birth && death && hasGiven && hasFamily) blocking.push(['death', 'given|family:initial']);
  const hasPatronymic = fields.some((f) => f.name === 'patronymic');
  if (hasPatronymic && hasFamily && hasGiven && !large) {
    // the Soviet official form "Гасанов Т.А." (family name and initials), and given name with father's name, which
    // identify a person in the region's lists when the family name is misspelt or given in another convention.
    // Given and father's names follow a steep frequency law (Məmməd Məmməd oğlu is common), so past 20,000 records
    // both rules also key on the decade of birth (from the age where there is one): at 50,000 records of the mixed
    // list they made 1.26 million pairs without it
    const decade = (options.records ?? 0) > 20_000 ? (age ? ['age:decade'] : birth ? ['birth:decade'] : []) : [];
    blocking.push(['family:phonetic', 'given:abbrev', 'patronymic:abbrev', ...decade]);
    blocking.push(['given:phonetic', 'patronymic:phonetic', ...decade]);
  }
  if (date && hasFamily && hasGiven && budgeted) {
    // family + year alone gives blocks that grow with n² (22 of 26 million pairs at a million synthetic records,
    // 1.4 % of them matches); a third key part cuts them about tenfold at a recall cost measured in
    // docs/bench/linkage.md. The place rule catches part of what the initial misses (Həsən/Гасан, first-letter typos).
    finer.push(['family:phonetic', `${date}:year`, 'given:initial']);
    if (extra.place) finer.push(['family:phonetic', `${date}:year`, `${extra.place[0]}:phonetic`]);
    if (large) blocking.push(...finer.slice(-(extra.place ? 2 : 1)));
    else blocking.push(['family:phonetic', `${date}:year`]);
  } else if (date && hasFamily) blocking.push(['family:phonetic', `${date}:year`]);
  // past 200,000 records a given name with the year and month of birth is given name × year on lists that write the
  // year alone (Soviet registers): at a million records of the mixed list it made 24.2 of 54.4 million candidate
  // pairs and 320 matches that no other rule found
  if (date && hasGiven && !large) blocking.push(['given:phonetic', `${date}:yearmonth`]);
  if (hasGiven && hasFamily && !large) {
    // family names of several words keep or drop a part from record to record: a Norwegian patronymic beside a
    // farm name that changes with residence ("Olsen Holm", "Holm", "Olsen"), a maiden name kept before a married
    // one, double-barrelled English and Spanish surnames; the given name with either end word of the family name
    // brings such records together (with one-word family names these are the first rule's blocks again)
    blocking.push(['given:phonetic', 'family:first']);
    blocking.push(['given:phonetic', 'family:last']);
  }
  if (age && !birth && !large) {
    // a list with ages and no birth dates (press and NGO lists): the age's birth decade stands in for the birth
    // year, so that one name part and the age find pairs, and so that each name comparison is trained on pairs that
    // did not block on it but do hold matches (dates of death alone, on a few rows, gave sessions of almost none)
    if (hasFamily) blocking.push(['family:phonetic', 'age:decade']);
    if (hasGiven) blocking.push(['given:phonetic', 'age:decade']);
    // and one name part with the place, for rows whose other name part was misspelt and whose age is missing or
    // falls in the next decade (a fifth of the true pairs such lists never compared); not past 20,000 records,
    // where a common name in one district grows with n²
    if (extra.place && hasGiven && hasFamily && (options.records ?? 0) <= 20_000) {
      blocking.push(['family:phonetic', `${extra.place[0]}:phonetic`]);
      blocking.push(['given:phonetic', `${extra.place[0]}:phonetic`]);
    }
  } else if (age && birth && hasGiven && (options.records ?? 0) <= 20_000) {
    // historical registers: baptisms give a birth date, censuses and burials an age at an event; the age field reads
    // a birth date as its year, so this rule brings the two kinds of row together (the family name is left out: it
    // pairs siblings, and on the mixed victim list EM then took the family for the match class). Not past 20,000
    // records: given names × decade grow with n² (3.7 of 4.7 million pairs at 50,000 records of the mixed list, whose
    // F1 fell from 0.81 to 0.33 with them)
    blocking.push(['given:phonetic', 'age:decade']);
  }
  if (extra.postcode && hasGiven) blocking.push([extra.postcode[0], 'given:initial']);
  if (extra.identifier) blocking.push([extra.identifier[0]]);
  if (extra.email) blocking.push([extra.email[0]]);
  // between BUDGET_PAST and 200,000 records the finer rules follow all the others: they only add the pairs of
  // blocks the budget purges from the coarse rules (at 200,000 records of the mixed list the coarse rules alone made
  // 15.8 million pairs, 79 a record, and the model fitted on them linked namesakes: F1 0.53; see docs/bench/linkage.md)
  if (budgeted && !large) for (const rule of finer) if (!blocking.some((b) => b.join(' & ') === rule.join(' & '))) blocking.push(rule);
  if (blocking.length === 0) blocking.push([fields[0].name]);
  // the blocks of all rules are purged largest first down to a budget of candidate pairs (see blocking.ts): at a
  // million records of the mixed list the rules made 54 million pairs (blocking recall 0.771); purged to 15 million,
  // the blocks over 43 records went and the recall was 0.755
  const maxCandidatePairs = budgeted ? Math.max(MIN_CANDIDATE_PAIRS, CANDIDATE_PAIRS_PER_RECORD * (options.records ?? 0)) : undefined;
  return { ...(idColumn ? { idColumn } : {}), fields, comparisons, blocking, ...(maxCandidatePairs ? { maxCandidatePairs } : {}) };
}
