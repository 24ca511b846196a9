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
