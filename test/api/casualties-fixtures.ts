import { generateLists, type ListSpec } from '../../src/core/linkage/synthetic/generate.ts';

/**
 * Three small synthetic casualty lists of one fictional population, each in its own script (Azerbaijani Latin,
 * Russian Cyrillic, Armenian), as CSV files for the import API, with the true person of every record kept aside.
 */
export const THREE_SCRIPTS: ListSpec[] = [
  { name: 'az', script: 'az-latin', coverage: { az: 0.8, arm: 0.4 } },
  { name: 'ru', script: 'ru-cyrillic', coverage: { az: 0.6, arm: 0.6 } },
  { name: 'hy', script: 'armenian', coverage: { az: 0.4, arm: 0.8 } },
];

export const FIXTURE_MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' };

export interface FixtureLists {
  csv: Record<string, string>;
  /** record id (as in the CSV) → true person */
  truth: Map<string, string>;
  /** true person → the lists that hold them */
  listsOf: Map<string, Set<string>>;
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** DD.MM.YYYY (how the generator writes Azerbaijani and Russian lists) to ISO; ISO and years pass through. */
function iso(date: string): string {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(date);
  if (!m) return date;
  const [, d, mo, y] = m;
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  // a swapped day and month can make an impossible date; the list then gives the year only
  return Number(mo) >= 1 && Number(mo) <= 12 && Number(d) <= days ? `${y}-${mo}-${d}` : y;
}

export function threeLists(persons: number, seed = 3, duplicateRate = 0): FixtureLists {
  const { records } = generateLists({ persons, seed, lists: THREE_SCRIPTS, duplicateRate });
  const csv: Record<string, string> = {};
  const truth = new Map<string, string>();
  const listsOf = new Map<string, Set<string>>();
  for (const list of THREE_SCRIPTS) {
    const rows = records.filter((r) => r.source === list.name);
    const lines = ['id,name,sex,born,died,place'];
    for (const r of rows) {
      truth.set(r.record_id, r.true_person);
      listsOf.set(r.true_person, (listsOf.get(r.true_person) ?? new Set()).add(list.name));
      // every person died on one of two (fictional) days, by the parity of their number: known truth for the statistics;
      // after every birth date the generator writes, misread years included
      const died = Number(r.true_person.split('-')[1]) % 2 === 0 ? '2010-03-02' : '2010-03-01';
      lines.push([r.record_id, r.name, r.sex, iso(r.birth_date), died, r.place].map(quote).join(','));
    }
    csv[list.name] = `${lines.join('\n')}\n`;
  }
  return { csv, truth, listsOf };
}

/** Pairwise precision, recall and F1 of predicted persons against the truth. */
export function pairwiseF1(predicted: Map<string, number>, truth: Map<string, string>): { precision: number; recall: number; f1: number } {
  const ids = [...predicted.keys()];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const same = predicted.get(ids[i]) === predicted.get(ids[j]);
      const truly = truth.get(ids[i]) === truth.get(ids[j]);
      if (same && truly) tp++;
      else if (same) fp++;
      else if (truly) fn++;
    }
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall) };
}

interface PublishedCell {
  persons: number | null;
  suppressed: boolean;
}
interface PublishedStats {
  totals: { persons: number | null; linkedPersons: number | null };
  bySex: PublishedCell[];
  byAgeBand: PublishedCell[];
  byStatus: PublishedCell[];
  byDeathDay: PublishedCell[];
  byDeathMonth: PublishedCell[];
  byPlace: PublishedCell[];
  coverage: PublishedCell[];
  overlaps: PublishedCell[];
  disagreements: { persons: number | null; byField: PublishedCell[] };
}

/**
 * What a published view must never do: show a count from 1 to min − 1, or leave a breakdown that adds up to the
 * shown total with exactly one hidden cell (the total minus the shown cells would give it back). Returns the
 * problems found (empty when the view is safe by these rules).
 */
export function publicationProblems(s: PublishedStats, min: number): string[] {
  const problems: string[] = [];
  const small = (n: number | null) => n !== null && n > 0 && n < min;
  const cells: Array<[string, PublishedCell[]]> = [
    ['bySex', s.bySex],
    ['byAgeBand', s.byAgeBand],
    ['byStatus', s.byStatus],
    ['byDeathDay', s.byDeathDay],
    ['byDeathMonth', s.byDeathMonth],
    ['byPlace', s.byPlace],
    ['overlaps', s.overlaps],
  ];
  for (const [name, rows] of [...cells, ['coverage', s.coverage] as [string, PublishedCell[]], ['disagreements', s.disagreements.byField] as [string, PublishedCell[]]]) {
    for (const r of rows) {
      if (small(r.persons)) problems.push(`${name}: a count of ${r.persons} is shown`);
      if (r.suppressed !== (r.persons === null)) problems.push(`${name}: suppressed and persons disagree`);
    }
  }
  for (const v of [s.totals.persons, s.totals.linkedPersons, s.disagreements.persons]) if (small(v)) problems.push(`a total of ${v} is shown`);
  if (s.totals.persons !== null) {
    for (const [name, rows] of cells) {
      const hidden = rows.filter((r) => r.suppressed).length;
      if (hidden === 1) problems.push(`${name}: exactly one hidden cell, given back by the total`);
      const shown = rows.reduce((n, r) => n + (r.persons ?? 0), 0);
      if (hidden === 0 && shown !== s.totals.persons) problems.push(`${name}: adds up to ${shown}, not ${s.totals.persons}`);
    }
  }
  return problems;
}
