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
  return header.filter((column) => !taken.has(column) && OCCUPATION.test(foldHeader(column))).slice(0, 1);
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
