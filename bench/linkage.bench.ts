/**
 * Accuracy of unsupervised linkage with settings detected from each header: pairwise precision, recall and F1 on
 * FEBRL 1-4 and Splink's fake_1000 (../shared/data/linkage) and on synthetic multilingual lists, against a
 * deterministic reference computed in the same run (records linked when romanised given name, family name and
 * birth date are all equal) and against the goals of issue 6 (F1 ≥ 0.95 on FEBRL 3 and 4, ≥ 0.9 synthetic).
 *
 *   node --import tsx bench/linkage.bench.ts [--runs 3]
 *
 * Accuracy is deterministic (seeded); times are medians of `--runs` runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parse } from 'csv-parse/sync';
import { sharedPath } from '../test/shared-data.ts';
import { clusterRecords } from '../src/core/linkage/cluster.ts';
import { defaultSettings } from '../src/core/linkage/defaults.ts';
import { pairwiseScores, type PairwiseScores } from '../src/core/linkage/evaluate.ts';
import { linkRecords, type LinkResult } from '../src/core/linkage/link.ts';
import { generateLists, recordsToColumns } from '../src/core/linkage/synthetic/generate.ts';
import { normaliseName } from '../src/core/names/normalise.ts';
import { parseFullName } from '../src/core/names/normalise.ts';
import { parsePartialDate } from '../src/core/linkage/dates.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface Dataset {
  name: string;
  goal: number | null;
  columns: Record<string, string[]>;
  header: string[];
  size: number;
  truth: string[];
}

function readCsv(files: string[]): { header: string[]; rows: string[][] } {
  let header: string[] = [];
  const rows: string[][] = [];
  for (const file of files) {
    const [head, ...data] = parse(readFileSync(file), { trim: true }) as string[][];
    header = head;
    rows.push(...data);
  }
  return { header, rows };
}

function fromCsv(name: string, files: string[], truthOf: (row: Record<string, string>) => string, goal: number | null, drop: string[] = []): Dataset | null {
  if (!files.every(existsSync)) {
    console.error(`skipping ${name}: reference data not present (${files.join(', ')})`);
    return null;
  }
  const { header, rows } = readCsv(files);
  const columns: Record<string, string[]> = {};
  header.forEach((h, k) => (columns[h] = rows.map((r) => r[k])));
  const truth = rows.map((_, i) => truthOf(Object.fromEntries(header.map((h) => [h, columns[h][i]]))));
  return { name, goal, columns, header: header.filter((h) => !drop.includes(h)), size: rows.length, truth };
}

function synthetic(persons: number, seed: number): Dataset {
  const { records } = generateLists({ persons, seed });
  const columns = recordsToColumns(records);
  return {
    name: `synthetic ${persons} persons, seed ${seed} (4 scripts)`,
    goal: 0.9,
    columns,
    header: ['record_id', 'source', 'name', 'sex', 'birth_date', 'place'],
    size: records.length,
    truth: columns.true_person,
  };
}

/** Reference: link records whose romanised given name, family name and full birth date all agree. */
function exactKeyBaseline(d: Dataset): PairwiseScores {
  const cols = d.columns;
  const given = cols.given_name ?? cols.first_name;
  const family = cols.surname;
  const birth = cols.date_of_birth ?? cols.dob ?? cols.birth_date;
  const keys = Array.from({ length: d.size }, (_, i) => {
    const names = given ? [normaliseName(given[i]), normaliseName(family[i])] : (() => {
      const p = parseFullName(cols.name[i]);
      return [p.given, p.family];
    })();
    const date = parsePartialDate(birth[i] ?? '');
    const full = date.ok && date.date && date.date.month > 0 && date.date.day > 0 ? `${date.date.year}-${date.date.month}-${date.date.day}` : '';
    return names.every(Boolean) && full ? `${names.join('|')}|${full}` : `unique-${i}`;
  });
  const ids = new Map<string, number>();
  const predicted = keys.map((k) => {
    if (!ids.has(k)) ids.set(k, ids.size);
    return ids.get(k)!;
  });
  return pairwiseScores(predicted, d.truth);
}

const datasets = [
  fromCsv('FEBRL 1', [sharedPath('data', 'linkage', 'febrl', 'dataset1.csv')], (r) => r.rec_id.split('-')[1], null),
  fromCsv('FEBRL 2', [sharedPath('data', 'linkage', 'febrl', 'dataset2.csv')], (r) => r.rec_id.split('-')[1], null),
  fromCsv('FEBRL 3', [sharedPath('data', 'linkage', 'febrl', 'dataset3.csv')], (r) => r.rec_id.split('-')[1], 0.95),
  fromCsv(
    'FEBRL 4 (4a + 4b)',
    [sharedPath('data', 'linkage', 'febrl', 'dataset4a.csv'), sharedPath('data', 'linkage', 'febrl', 'dataset4b.csv')],
    (r) => r.rec_id.split('-')[1],
    0.95,
  ),
  fromCsv('splink fake_1000', [sharedPath('data', 'linkage', 'splink', 'fake_1000.csv')], (r) => r.cluster, null, ['cluster']),
  synthetic(2000, 3),
  synthetic(5000, 4),
].filter((d): d is Dataset => d !== null);

const fmt = (x: number) => x.toFixed(3);
const lines: string[] = [];
for (const d of datasets) {
  const settings = defaultSettings(d.header, { records: d.size });
  const times: number[] = [];
  let result: LinkResult | null = null;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    result = await linkRecords({ columns: d.columns, size: d.size }, settings, { threads: 1 });
    times.push((performance.now() - t) / 1000);
  }
  const res = result!;
  const connected = pairwiseScores(res.clusters.person, d.truth);
  const strict = pairwiseScores(
    clusterRecords(d.size, res.pairs.left, res.pairs.right, res.pairs.probability, res.pairs.count, { threshold: res.settings.threshold, mode: 'strict' }).person,
    d.truth,
  );
  const baseline = exactKeyBaseline(d);
  lines.push(
    `| ${d.name} | ${d.size} | ${res.stats.candidatePairs} | ${fmt(connected.precision)} | ${fmt(connected.recall)} | **${fmt(connected.f1)}** | ` +
      `${fmt(strict.precision)} / ${fmt(strict.recall)} / ${fmt(strict.f1)} | ${fmt(baseline.f1)} | ${(connected.f1 / Math.max(baseline.f1, 1e-9)).toFixed(2)} | ` +
      `${d.goal ?? '—'} | ${median(times).toFixed(2)} |`,
  );
  process.stderr.write(`${d.name}: F1 ${fmt(connected.f1)}\n`);
}

console.log(`Unsupervised linkage with detected settings, threshold 0.9; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, node ${process.version}; times are medians of ${runs} run(s), one thread`);
console.log('Reference (same run): exact agreement of romanised given name, family name and full birth date.');
console.log('');
console.log('| dataset | records | pairs scored | precision | recall | F1 (connected) | strict clustering P / R / F1 | reference F1 | F1 / reference | goal F1 | seconds |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const l of lines) console.log(l);
