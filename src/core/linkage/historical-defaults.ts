import { foldHeader, type ListColumns } from '../casualties/columns.ts';
import type { ComparisonSpec, FieldSpec } from './settings.ts';

/**
 * What the default settings add for historical person records (genealogical indexes, parish and census registers,
 * biographical collections), beyond the columns of a victim list.
 *
 * An occupation is weak evidence that a person recurs: the same person is "yeoman" or "politician" in record after
 * record, but so are the father and brothers of a family, so it is compared like a place (`shared`: EM fits it
 * after the comparisons that tell relatives apart) and with a term-frequency adjustment (agreeing on "labourer"
 * counts less than agreeing on "wool comber"). Historical censuses and registers carry such a column: the census
 * schedules of England and Wales from 1841 ("Profession, trade, employment", from 1851 "Rank, profession or
 * occupation"), the Norwegian censuses ("Stilling", "Yrke", "Næringsvei"), Soviet personal files ("Род занятий"),
 * and genealogical and biographical exports ("occupation").
 */

/** Header words of an occupation column, folded as columns.ts folds headers (ə → e, ş → s, accents removed). */
const OCCUPATION_WORDS = [
  'occupation',
  'occupations',
  'profession',
  'trade',
  'employment',
  'rank profession',
  'job',
  'calling',
  'yrke',
  'stilling',
  'naeringsvei',
  'næringsvei',
  'erhverv',
  'beruf',
  'род занятии',
  'род занятий',
  'профессия',
  'занятие',
  'занятия',
  'pese',
  'pesesi',
  'senet',
  'մասնագիտություն',
  'զբաղմունք',
];

const OCCUPATION = new RegExp(`^(?:${OCCUPATION_WORDS.map((w) => foldHeader(w)).join('|')})(?:$|\\s)`, 'u');

/**
 * The column of the header that names an occupation and that the column detection left without a role, as a list
 * of at most one (the first such column: a second one, "occupation 1851" beside "occupation 1861", is left unused).
 */
export function occupationColumns(header: readonly string[], mapping: ListColumns): string[] {
  const taken = new Set(mapping.columns.filter((c) => c.role !== null).map((c) => c.column));
  // "Stilling i familien" (position in the family) is a relation to the head, not a "stilling" (occupation)
  return header.filter((column) => !taken.has(column) && OCCUPATION.test(foldHeader(column)) && !RELATION.test(folded(column))).slice(0, 1);
}

/** The field and comparison of an occupation column, under the field name given. */
export function occupationComparison(name: string, column: string): { field: FieldSpec; comparison: ComparisonSpec } {
  return { field: { name, column, type: 'text' }, comparison: { field: name, kind: 'text', tf: true, shared: true } };
}

/**
 * A column of marital condition: the census schedules of England and Wales and of Scotland from 1851 ("Condition":
 * Mar, Unm, Wid), death registers ("Married", "Widow", "Single"), the Norwegian censuses ("Ekteskapelig stilling",
 * "Sivilstand": g, ug, e), Soviet personal files ("Семейное положение"), Azerbaijani ("Ailə vəziyyəti") and Armenian
 * ("Ամուսնական կարգավիճակ") forms. It is not compared: it is read by the conflict test (conflicts.ts), for which a
 * person recorded as unmarried after a record of that person married or widowed is two people.
 */
const CONDITION_WORDS = [
  'condition',
  'marital condition',
  'marital status',
  'civil status',
  'conjugal condition',
  'married or single',
  'sivilstand',
  'ekteskapelig stilling',
  'civilstand',
  'семейное положение',
  'ailə vəziyyəti',
  'ailevi vəziyyəti',
  'ամուսնական կարգավիճակ',
  'ամուսնական վիճակ',
];
const CONDITION = new RegExp(`^(?:${CONDITION_WORDS.map((w) => foldHeader(w)).join('|')})$`, 'u');

/** The first column naming a marital condition that the detection left without a role, as a list of at most one. */
export function conditionColumns(header: readonly string[], mapping: ListColumns): string[] {
  const taken = new Set(mapping.columns.filter((c) => c.role !== null).map((c) => c.column));
  return header.filter((column) => !taken.has(column) && CONDITION.test(foldHeader(column).replace(/[_-]+/g, ' ').trim())).slice(0, 1);
}

/**
 * Marital condition as written in those columns, normalised (lower case, no full stops): married and widowed
 * (once married, a person is never again unmarried), and never married. Anything else (divorced, blank, a code not
 * listed) is no evidence. Forms: the census abbreviations Mar, Unm, Wid, W, U, M; the death registers' Married,
 * Widow, Widower, Single, Spinster, Bachelor; Norwegian g (gift), e (enke/enkemann), ug (ugift); Russian женат,
 * замужем, вдова, вдовец, холост, не замужем; Azerbaijani evli, dul, subay.
 */
const EVER_MARRIED = new Set([
  'mar',
  'married',
  'm',
  'wid',
  'widow',
  'widower',
  'widowed',
  'w',
  'g',
  'gift',
  'e',
  'enke',
  'enkemann',
  'enkjemann',
  'женат',
  'замужем',
  'вдова',
  'вдовец',
  'evli',
  'dul',
  'ամուսնացած',
  'այրի',
]);
const NEVER_MARRIED = new Set([
  'unm',
  'unmarried',
  'u',
  'single',
  'spinster',
  'bachelor',
  'ug',
  'ugift',
  'холост',
  'холостой',
  'не замужем',
  'незамужняя',
  'subay',
  'ամուրի',
]);

/** 1 ever married, 0 never married, -1 not known, for a written condition. */
export function maritalCondition(written: string): 1 | 0 | -1 {
  const v = written.trim().toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  return EVER_MARRIED.has(v) ? 1 : NEVER_MARRIED.has(v) ? 0 : -1;
}

/**
 * A column giving each person's relation to the head of the household: the census schedules of England and Wales
 * and of Scotland from 1851 ("Relation to Head of Family": Head, Wife, Son, Daur, Servt, Lodger), the Norwegian
 * censuses ("Familiestilling", "Stilling i familien"), Russian and Azerbaijani household lists ("Отношение к главе
 * семьи", "Ailə başçısına münasibəti") and Armenian ones ("Ազգակցական կապ").
 */
const RELATION_WORDS = [
  'relation',
  'relationship',
  'relation to head',
  'relation to head of family',
  'relation to head of household',
  'relationship to head',
  'relationship to head of family',
  'relationship to head of household',
  'rel to head',
  'familiestilling',
  'stilling i familien',
  'stilling i huset',
  'отношение к главе семьи',
  'отношение к главе хозяйства',
  'родство',
  'степень родства',
  'qohumluq',
  'qohumluq derecesi',
  'ailə başçısına münasibəti',
  'ազգակցական կապ',
  'ազգակցություն',
];
const RELATION = new RegExp(`^(?:${RELATION_WORDS.map((w) => foldHeader(w)).join('|')})$`, 'u');

/** A father's or a mother's name in a column of its own (death registers, baptisms, genealogical exports). */
const FATHER =
  /^(?:father|fathers? name|father s name|name of (?:the )?father|fathers? full name|far|fars navn|отец|имя отца|фио отца|հայր|հոր անուն|հոր անունը)$/u;
const MOTHER =
  /^(?:mother|mothers? name|mother s name|name of (?:the )?mother|mothers? (?:full|maiden) name|mother s (?:full|maiden) name|mor|mors navn|мать|имя матери|фио матери|ana|anasi|anasinin adi|մայր|մոր անուն|մոր անունը)$/u;
/** A woman's surname before marriage beside the one she is recorded under (census returns from 1900, family trees). */
const MAIDEN =
  /^(?:maiden|maiden name|maiden surname|birth name|birth surname|nee|née|born as|pikenavn|fodenavn|født|девичья фамилия|фамилия до брака|qizliq soyadi|qızlıq soyadı|օրիորդական ազգանուն)$/u;

const folded = (column: string) => foldHeader(column).replace(/[_-]+/g, ' ').trim();

/**
 * The columns of a historical register that say who a person was in a household and family, beyond the name, dates
 * and place the engine compares: relation to the head, marital condition, occupation, father's and mother's names,
 * maiden name. The first column of each; a column the detection gave a role keeps it (a father's name that is also
 * the patronymic is both). Shared by `reckon link` (through the default settings) and the server's importer, which
 * stores them so that a linkage run from the web app reads a list as the command line does.
 */
/** Longest household value the importer stores (the database refuses longer): a paragraph is no occupation. */
export const HOUSEHOLD_VALUE_LIMIT = 500;

export interface HouseholdColumns {
  relation?: string;
  condition?: string;
  occupation?: string;
  father?: string;
  mother?: string;
  maiden?: string;
}

export function householdColumns(header: readonly string[], mapping: ListColumns): HouseholdColumns {
  const taken = new Set(mapping.columns.filter((c) => c.role !== null).map((c) => c.column));
  const first = (test: RegExp, free: boolean) => header.find((c) => (!free || !taken.has(c)) && test.test(folded(c)));
  const out: HouseholdColumns = {};
  const relation = first(RELATION, true);
  if (relation !== undefined) out.relation = relation;
  const condition = conditionColumns(header, mapping)[0];
  if (condition !== undefined) out.condition = condition;
  const occupation = occupationColumns(header, mapping)[0];
  if (occupation !== undefined) out.occupation = occupation;
  const father = first(FATHER, false);
  if (father !== undefined) out.father = father;
  const mother = first(MOTHER, true);
  if (mother !== undefined) out.mother = mother;
  const maiden = first(MAIDEN, true);
  if (maiden !== undefined) out.maiden = maiden;
  return out;
}
