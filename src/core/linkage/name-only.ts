/**
 * Records that carry only a name (no birth date, age, date of death, place or address) and the persons they joined.
 *
 * Such a record can join a person on its name alone: two records agreeing on given, family and father's name pass
 * the threshold when nothing contradicts them, and a lone record may join the person it most probably belongs to.
 * Measured on the generalisation suite (bench/linkage-name-only.ts, docs/bench/linkage-generalisation.md): those
 * joins are right less often than the others on most lists (English press list 0.59 against 0.90, families'
 * reports 0.69 against 0.93, Norwegian register 0.83 against 0.92), yet leaving them out lowers F1 on every list
 * (the English historical register 0.78 → 0.64), because most of them are right. So they are kept, and named: the
 * run summary counts them and lists the persons a reviewer should look at.
 */

export interface NameOnlyReport {
  /** Records with a name and none of the columns that date or place a person. */
  records: number;
  /** Of those, the records that share their person with another record. */
  joined: number;
  /** The persons (as numbered in `person`) that hold a name-only record and another record, ascending. */
  persons: number[];
}

/**
 * `evidence` are the columns that date or place a person (any may be absent); `hasName` says which rows have a
 * name at all (a row without one is reported elsewhere); `person` is each row's person.
 */
export function nameOnlyReport(
  evidence: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
  hasName: (row: number) => boolean,
  person: ArrayLike<number>,
): NameOnlyReport {
  const size = person.length;
  const recordsOf = new Map<number, number>();
  for (let i = 0; i < size; i++) recordsOf.set(person[i], (recordsOf.get(person[i]) ?? 0) + 1);
  let records = 0;
  let joined = 0;
  const persons = new Set<number>();
  for (let i = 0; i < size; i++) {
    if (!hasName(i) || evidence.some((column) => (column[i] ?? '').trim() !== '')) continue;
    records++;
    if ((recordsOf.get(person[i]) ?? 0) > 1) {
      joined++;
      persons.add(person[i]);
    }
  }
  return { records, joined, persons: [...persons].sort((a, b) => a - b) };
}
