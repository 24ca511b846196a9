import { nameOnlyReport } from '../../core/linkage/name-only.ts';
import type { RecordRow } from './repository.ts';

/**
 * The persons of a run whose merge rests on a name alone: persons of several records of which one carries a name
 * and nothing that dates or places a person (no birth date, age, date of death or place). The same reading as
 * `reckon link`'s `nameOnly` report (src/core/linkage/name-only.ts, where the measurements are): such joins are
 * right less often than others, but leaving them out loses more, so the persons are kept and put in the review
 * queue with the flag `name_only`.
 *
 * `person` is each record's person number as the engine gives it (0-based); the answer holds those numbers.
 */
export function nameOnlyPersons(
  records: ReadonlyArray<Pick<RecordRow, 'names' | 'given_name' | 'family_name' | 'patronymic' | 'birth_date' | 'age' | 'death_date' | 'place'>>,
  person: ArrayLike<number>,
): Set<number> {
  const text = (v: string | null) => v ?? '';
  const report = nameOnlyReport(
    [
      records.map((r) => text(r.birth_date)),
      records.map((r) => (r.age === null ? '' : String(r.age))),
      records.map((r) => text(r.death_date)),
      records.map((r) => text(r.place)),
    ],
    (i) => {
      const r = records[i];
      return r.names.some((n) => n.trim() !== '') || [r.given_name, r.family_name, r.patronymic].some((n) => (n ?? '').trim() !== '');
    },
    person,
  );
  return new Set(report.persons);
}
