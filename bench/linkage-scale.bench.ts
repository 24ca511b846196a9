/**
 * Scale: `reckon link` end to end (read and decode the CSV, detect settings, link, cluster, write) on synthetic
 * multilingual lists of 100,000 and 1,000,000 records, against the goal of issue 6 (≤ 60 s, ≤ 4 GB on this 2-core
 * machine) and Splink's published claim ("a million records on a laptop in around a minute", not run here).
 *
 *   node --import tsx bench/linkage-scale.bench.ts [--sizes 100000,1000000] [--runs 3]
 *   node --import tsx bench/linkage-scale.bench.ts --blocking-check 50000
 *
 * `--blocking-check <persons>`: the recall cost of the blocking used past 200,000 records, measured in process on
 * a smaller population (where every rule set fits): the detected large-list settings against the same settings
 * with the family-name + birth-year rule unsplit, as it was before it was keyed on the given initial and place.
 *
 * Each size: the CSV is generated once (not timed), then the CLI runs `--runs` times in a fresh process; the
 * table shows medians. Peak RSS is the CLI process's own maximum resident set size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { pairwiseScores } from '../src/core/linkage/evaluate.ts';
import { defaultSettings } from '../src/core/linkage/defaults.ts';
import { linkRecords } from '../src/core/linkage/link.ts';
import { generateLists, recordsToColumns, SYNTHETIC_COLUMNS } from '../src/core/linkage/synthetic/generate.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] ? args[k + 1] : fallback;
};
const sizes = option('--sizes', '100000,1000000').split(',').map(Number);
const runs = Number(option('--runs', '3'));
const GOAL_SECONDS = 60;
const GOAL_MB = 4096;
/** Records per person in the default lists: the coverages sum to 3.7 over two communities, plus 3 % repeats. */
const RECORDS_PER_PERSON = 1.9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface Summary {
  records: number;
  pairsScored: number;
  persons: number;
  peakRssMB: number;
  cpuSeconds: number;
  secondsByStage: Record<string, number>;
  threads: number;
}

if (args.includes('--blocking-check')) {
  await blockingCheck(Number(option('--blocking-check', '50000')));
  process.exit(0);
}

async function blockingCheck(persons: number): Promise<void> {
  const { records } = generateLists({ persons, seed: 20 });
  const truth = records.map((r) => r.true_person);
  const columns = recordsToColumns(records);
  const large = defaultSettings([...SYNTHETIC_COLUMNS], { records: 1_000_000 });
  const rule = (r: string[]) => r.join(' & ');
  const split = new Set(['family:phonetic & birth:year & given:initial', 'family:phonetic & birth:year & place:phonetic']);
  const unsplit = large.blocking.filter((r) => !split.has(rule(r)));
  unsplit.splice(large.blocking.findIndex((r) => split.has(rule(r))), 0, ['family:phonetic', 'birth:year']);
  console.log(`blocking check: ${records.length} records (${persons} persons, seed 20), settings detected for a list past 200,000 records`);
  console.log('');
  console.log('| blocking | candidate pairs | true pairs among them | precision | recall | F1 | seconds |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, blocking] of [
    ['family + birth year (before)', unsplit],
    ['family + birth year + given initial, family + birth year + place (now)', large.blocking],
  ] as const) {
    const t = performance.now();
    const result = await linkRecords({ columns, size: records.length }, { ...large, blocking }, { threads: 2 });
    const seconds = (performance.now() - t) / 1000;
    let found = 0;
    for (let p = 0; p < result.pairs.count; p++) if (truth[result.pairs.left[p]] === truth[result.pairs.right[p]]) found++;
    const s = pairwiseScores(result.clusters.person, truth);
    console.log(`| ${name} | ${result.pairs.count} | ${found} of ${s.truePairs} | ${s.precision.toFixed(4)} | ${s.recall.toFixed(4)} | ${s.f1.toFixed(4)} | ${seconds.toFixed(1)} |`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'reckon-link-scale-'));
const rows: string[][] = [];
try {
  for (const target of sizes) {
    let t = performance.now();
    const { records } = generateLists({ persons: Math.round(target / RECORDS_PER_PERSON), seed: 20 });
    const file = join(dir, `lists-${target}.csv`);
    writeFileSync(file, stringify([[...SYNTHETIC_COLUMNS], ...records.map((r) => SYNTHETIC_COLUMNS.map((c) => r[c]))]));
    const generateSeconds = (performance.now() - t) / 1000;
    const truth = records.map((r) => r.true_person);
    records.length = 0;
    const walls: number[] = [];
    const summaries: Summary[] = [];
    let f1 = NaN;
    for (let run = 0; run < runs; run++) {
      const out = join(dir, `persons-${target}.csv`);
      t = performance.now();
      const child = spawnSync(process.execPath, [join(root, 'bin', 'reckon.js'), 'link', file, '--out', out, '--json'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env },
      });
      walls.push((performance.now() - t) / 1000);
      if (child.status !== 0) throw new Error(`reckon link failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
      const summary = JSON.parse(child.stdout) as Summary;
      summaries.push(summary);
      if (run === 0) {
        const output = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
        f1 = pairwiseScores(
          output.map((r) => Number(r.person_id.slice(1))),
          truth,
        ).f1;
      }
      process.stderr.write(`size ${target} run ${run + 1}: ${walls[walls.length - 1].toFixed(1)} s, ${summary.peakRssMB} MB\n`);
    }
    const wall = median(walls);
    const rss = median(summaries.map((s) => s.peakRssMB));
    const cpu = median(summaries.map((s) => s.cpuSeconds));
    const s0 = summaries[0];
    const stages = Object.entries(s0.secondsByStage)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    rows.push([
      String(s0.records),
      String(s0.pairsScored),
      String(s0.persons),
      f1.toFixed(3),
      `${wall.toFixed(1)} (${walls.map((w) => w.toFixed(1)).join(' / ')})`,
      cpu.toFixed(1),
      String(rss),
      (wall / GOAL_SECONDS).toFixed(2),
      (rss / GOAL_MB).toFixed(2),
      stages,
      generateSeconds.toFixed(1),
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`reckon link end to end, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, node ${process.version}, ${runs} run(s) a size`);
console.log(`reference: goal ≤ ${GOAL_SECONDS} s and ≤ ${GOAL_MB} MB (issue 6); Splink states ~1 minute for 1,000,000 records on a laptop (not run here)`);
console.log('');
console.log('| records | pairs scored | persons | F1 | wall s, median (runs) | CPU s | peak RSS MB | wall / goal | RSS / goal | seconds by stage (first run) | generate s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
