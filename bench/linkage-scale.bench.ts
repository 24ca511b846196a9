/**
 * Scale: `reckon link` end to end (read and decode the CSV, detect settings, link, cluster, write) on synthetic
 * multilingual lists of 100,000 and 1,000,000 records, against the goal of issue 6 (≤ 60 s, ≤ 4 GB on this 2-core
 * machine) and Splink's published claim ("a million records on a laptop in around a minute", not run here).
 *
 *   node --import tsx bench/linkage-scale.bench.ts [--sizes 100000,1000000] [--runs 3]
 *   node --import tsx bench/linkage-scale.bench.ts --blocking-check 50000
 *   node --import tsx bench/linkage-scale.bench.ts --list mixed --sizes 50000,200000,1000000 [--reckon a/bin/reckon.js,b/bin/reckon.js]
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
import { basename, dirname, join, resolve } from 'node:path';
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

if (args.includes('--stages')) {
  await stages(option('--stages', '50000').split(',').map(Number));
  process.exit(0);
}

if (args.includes('--rules')) {
  await ruleRecall(Number(option('--rules', '1000000')), option('--extra', ''));
  process.exit(0);
}

if (args.includes('--blocking-check')) {
  await blockingCheck(Number(option('--blocking-check', '50000')));
  process.exit(0);
}

/**
 * The mixed-script list of `size` records as the CLI would read it (columns of trimmed cells, detected columns),
 * with each record's true person as a number; the generated rows are dropped once copied, to keep 1M in memory.
 */
async function mixedListAsRead(size: number) {
  const { generateMixedList } = await import('../src/core/linkage/synthetic/mixed-list.ts');
  const { detectListColumns } = await import('../src/core/casualties/columns.ts');
  const list = generateMixedList({ persons: Math.ceil((size / 1.45) * 1.05), seed: 12 });
  list.rows.length = Math.min(list.rows.length, size);
  const n = list.rows.length;
  const truthIds = new Map<string, number>();
  const truth = Int32Array.from({ length: n }, (_, i) => truthIds.get(list.truth[i]) ?? (truthIds.set(list.truth[i], truthIds.size), truthIds.size - 1));
  const header = list.header;
  const columnsOf = header.map((_, k) => list.rows.map((r) => (r[k] ?? '').trim()));
  list.rows.length = 0;
  const mapping = detectListColumns(header, { samples: (c: string) => columnsOf[header.indexOf(c)]?.slice(0, 1000) });
  return { n, truth, header, columnsOf, mapping };
}

/**
 * `--stages 50000,200000,1000000`: where F1 is lost as the mixed-script list grows (the generalisation bench's scale
 * list, `generateMixedList`, seed 12), in process through the CLI's own value preparation and detected settings:
 * - the recall of the blocking alone (true pairs among the candidate pairs), and of each rule's blocks before the
 *   budget purges them (counted from the keys, without making the pairs), with the true pairs only that rule holds;
 * - scoring: true pairs at or above the threshold among those compared, and wrong pairs above it;
 * - clustering: pairwise precision, recall and F1 of the persons.
 */
async function stages(sizes: number[]): Promise<void> {
  const { parseSettings } = await import('../src/core/linkage/settings.ts');
  const { prepareColumns } = await import('../src/core/linkage/prepare-values.ts');
  const { ruleKeys } = await import('../src/core/linkage/blocking.ts');
  for (const size of sizes) {
    const { n, truth, header, columnsOf, mapping } = await mixedListAsRead(size);
    // --as-records N: the settings detected for a list of N records (the blocking rules of another size), with the
    // candidate-pair budget of this size
    const asRecords = Number(option('--as-records', String(n)));
    const detected = defaultSettings(header, { records: asRecords, columns: mapping });
    if (detected.maxCandidatePairs !== undefined) detected.maxCandidatePairs = Math.round((detected.maxCandidatePairs / asRecords) * n);
    const settings = parseSettings(detected, header);
    const table = { header, columns: columnsOf, size: n, lines: Int32Array.from({ length: n }, (_, i) => i + 2), encoding: 'utf-8' };
    const prepared = prepareColumns(table, settings, mapping, {});
    const t = performance.now();
    const cpu = process.cpuUsage();
    const result = await linkRecords({ columns: prepared.columns, size: n }, settings, { threads: 2 });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    // true pairs, by person
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) (members.get(truth[i]) ?? members.set(truth[i], []).get(truth[i])!).push(i);
    let truePairs = 0;
    for (const m of members.values()) truePairs += (m.length * (m.length - 1)) / 2;
    const { left, right, probability, count } = result.pairs;
    const threshold = result.settings.threshold;
    let blocked = 0;
    let above = 0;
    let wrongAbove = 0;
    for (let p = 0; p < count; p++) {
      const same = truth[left[p]] === truth[right[p]];
      if (same) blocked++;
      if (probability[p] >= threshold) {
        if (same) above++;
        else wrongAbove++;
      }
    }
    // each rule's blocks before purging, from the keys: true pairs in them, pairs they would make, and true pairs
    // no other rule (purged or not) holds
    const rules = result.settings.blocking;
    const keys = rules.map((rule) => ruleKeys(result.features.table, result.features.values, rule));
    const perRule = rules.map(() => ({ truePairs: 0, only: 0, pairs: 0 }));
    keys.forEach((key, r) => {
      const sizes = new Map<number, number>();
      for (let i = 0; i < n; i++) if (key[i] >= 0) sizes.set(key[i], (sizes.get(key[i]) ?? 0) + 1);
      for (const s of sizes.values()) perRule[r].pairs += (s * (s - 1)) / 2;
    });
    let unionTrue = 0;
    for (const m of members.values()) {
      for (let x = 0; x < m.length; x++) {
        for (let y = x + 1; y < m.length; y++) {
          let hits = 0;
          let last = -1;
          for (let r = 0; r < keys.length; r++) {
            if (keys[r][m[x]] >= 0 && keys[r][m[x]] === keys[r][m[y]]) {
              perRule[r].truePairs++;
              hits++;
              last = r;
            }
          }
          if (hits > 0) unionTrue++;
          if (hits === 1) perRule[last].only++;
        }
      }
    }
    const s = pairwiseScores(result.clusters.person, Array.from(truth));
    console.log(
      `\n${n} records of the mixed list (${members.size} persons, ${truePairs} true pairs); ${seconds.toFixed(1)} s, ${((used.user + used.system) / 1e6).toFixed(1)} CPU-s in process; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
    );
    console.log('| rule | pairs before purging | true pairs in its blocks | only this rule |');
    console.log('|---|---|---|---|');
    rules.forEach((rule, r) => console.log(`| ${rule.join(' & ')} | ${perRule[r].pairs} | ${perRule[r].truePairs} | ${perRule[r].only} |`));
    console.log(`blocking before purging: ${perRule.reduce((a, b) => a + b.pairs, 0)} pairs, recall ${(unionTrue / truePairs).toFixed(4)}`);
    console.log(`blocking as run: ${count} candidate pairs (${(count / n).toFixed(1)} a record), recall ${(blocked / truePairs).toFixed(4)}`);
    console.log(
      `scoring at ${threshold}: ${above} true pairs above (recall ${(above / truePairs).toFixed(4)}, ${(above / Math.max(1, blocked)).toFixed(4)} of those compared), ${wrongAbove} wrong pairs above (precision ${(above / Math.max(1, above + wrongAbove)).toFixed(4)})`,
    );
    console.log(`clustering: precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, F1 ${s.f1.toFixed(4)}; largest ${result.clusters.largest}`);
    console.log(`warnings: ${result.warnings.join(' | ') || 'none'}`);
  }
}

/**
 * `--rules <records> [--extra 'a & b;c & d']`: the detected rules' blocks on the mixed list from the keys alone
 * (no pairs made, no scoring): per rule its pairs and true pairs, and the recall of the union with and without
 * each extra rule given, so that candidate rules can be judged at a million records in a few CPU-seconds.
 */
async function ruleRecall(size: number, extra: string): Promise<void> {
  const { parseSettings } = await import('../src/core/linkage/settings.ts');
  const { prepareColumns } = await import('../src/core/linkage/prepare-values.ts');
  const { ruleKeys } = await import('../src/core/linkage/blocking.ts');
  const { buildFeatures } = await import('../src/core/linkage/features.ts');
  const { n, truth, header, columnsOf, mapping } = await mixedListAsRead(size);
  const settings = parseSettings(defaultSettings(header, { records: n, columns: mapping }), header);
  const prepared = prepareColumns({ header, columns: columnsOf, size: n, lines: new Int32Array(n) }, settings, mapping, {});
  const features = buildFeatures(prepared.columns, n, settings.fields, () => {}, settings);
  const rules = [
    ...settings.blocking,
    ...extra
      .split(';')
      .filter(Boolean)
      .map((r) => r.split('&').map((p) => p.trim())),
  ];
  const keys = rules.map((rule) => ruleKeys(features.table, features.values, rule));
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) (members.get(truth[i]) ?? members.set(truth[i], []).get(truth[i])!).push(i);
  const base = settings.blocking.length;
  let truePairs = 0;
  let baseFound = 0;
  const perRule = rules.map(() => ({ pairs: 0, truePairs: 0, added: 0, largest: 0 }));
  keys.forEach((key, r) => {
    const sizes = new Map<number, number>();
    for (let i = 0; i < n; i++) if (key[i] >= 0) sizes.set(key[i], (sizes.get(key[i]) ?? 0) + 1);
    for (const s of sizes.values()) {
      perRule[r].pairs += (s * (s - 1)) / 2;
      if (s > perRule[r].largest) perRule[r].largest = s;
    }
  });
  for (const m of members.values()) {
    for (let x = 0; x < m.length; x++) {
      for (let y = x + 1; y < m.length; y++) {
        truePairs++;
        let inBase = false;
        for (let r = 0; r < rules.length; r++) {
          const hit = keys[r][m[x]] >= 0 && keys[r][m[x]] === keys[r][m[y]];
          if (!hit) continue;
          perRule[r].truePairs++;
          if (r < base) inBase = true;
          else if (!inBase) perRule[r].added++;
        }
        if (inBase) baseFound++;
      }
    }
  }
  console.log(
    `${n} records of the mixed list, ${truePairs} true pairs; detected rules' recall before purging ${(baseFound / truePairs).toFixed(4)}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  console.log('| rule | pairs | largest block | true pairs | true pairs the detected rules miss |');
  console.log('|---|---|---|---|---|');
  rules.forEach((rule, r) =>
    console.log(
      `| ${r < base ? '' : '+ '}${rule.join(' & ')} | ${perRule[r].pairs} | ${perRule[r].largest} | ${perRule[r].truePairs} | ${r < base ? '' : perRule[r].added} |`,
    ),
  );
}

async function blockingCheck(persons: number): Promise<void> {
  const { records } = generateLists({ persons, seed: 20 });
  const truth = records.map((r) => r.true_person);
  const columns = recordsToColumns(records);
  const large = defaultSettings([...SYNTHETIC_COLUMNS], { records: 1_000_000 });
  const rule = (r: string[]) => r.join(' & ');
  const split = new Set(['family:phonetic & birth:year & given:initial', 'family:phonetic & birth:year & place:phonetic']);
  const unsplit = large.blocking.filter((r) => !split.has(rule(r)));
  unsplit.splice(
    large.blocking.findIndex((r) => split.has(rule(r))),
    0,
    ['family:phonetic', 'birth:year'],
  );
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
    console.log(
      `| ${name} | ${result.pairs.count} | ${found} of ${s.truePairs} | ${s.precision.toFixed(4)} | ${s.recall.toFixed(4)} | ${s.f1.toFixed(4)} | ${seconds.toFixed(1)} |`,
    );
  }
}

if (args.includes('--list') && option('--list', '') === 'mixed') {
  await mixedEndToEnd();
  process.exit(0);
}

/**
 * `--list mixed [--sizes 50000,200000,1000000] [--runs 1] [--reckon a/bin/reckon.js,b/bin/reckon.js]`: `reckon link`
 * end to end on the mixed-script list (`generateMixedList`, seed 12, the generalisation bench's scale list, whose
 * rows mostly give an age or nothing instead of a birth date), each size written once; with several `--reckon`
 * entry points (two trees, before and after a change) the runs alternate between them in one session, so that they
 * share the machine's load. Each run under `/usr/bin/time -v` when present: user + system CPU seconds and peak RSS
 * as the kernel counts them, beside the CLI's own figures; pairwise F1 from the output against the true persons.
 */
async function mixedEndToEnd(): Promise<void> {
  const { generateMixedList } = await import('../src/core/linkage/synthetic/mixed-list.ts');
  const { existsSync } = await import('node:fs');
  const entries = option('--reckon', join(root, 'bin', 'reckon.js')).split(',').map((p) => resolve(p));
  const timer = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const work = mkdtempSync(join(tmpdir(), 'reckon-link-mixed-'));
  const lines: string[] = [];
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  try {
    for (const size of sizes) {
      const list = generateMixedList({ persons: Math.ceil((size / 1.45) * 1.05), seed: 12 });
      list.rows.length = Math.min(list.rows.length, size);
      const truth = list.truth.slice(0, list.rows.length);
      const file = join(work, `mixed-${size}.csv`);
      writeFileSync(file, stringify([list.header, ...list.rows]));
      const n = list.rows.length;
      list.rows.length = 0;
      for (let run = 0; run < runs; run++) {
        for (const entry of entries) {
          const out = join(work, `persons-${size}.csv`);
          const before = load();
          const command = [entry, 'link', file, '--out', out, '--json'];
          const t = performance.now();
          const child = timer
            ? spawnSync(timer, ['-v', process.execPath, ...command], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
            : spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
          const wall = (performance.now() - t) / 1000;
          if (child.status !== 0) throw new Error(`reckon link failed (${child.status}): ${child.stderr.slice(-2000)}`);
          const summary = JSON.parse(child.stdout) as Summary;
          const field = (label: string) => Number(new RegExp(`${label}: ([0-9.]+)`).exec(child.stderr)?.[1] ?? NaN);
          const cpu = timer ? field('User time \\(seconds\\)') + field('System time \\(seconds\\)') : summary.cpuSeconds;
          const rssMB = timer ? Math.round(field('Maximum resident set size \\(kbytes\\)') / 1024) : summary.peakRssMB;
          const output = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
          const s = pairwiseScores(
            output.map((r) => Number(r.person_id.slice(1))),
            truth,
          );
          const line = `| ${n} | ${basename(dirname(dirname(entry)))} | ${summary.pairsScored} | ${s.precision.toFixed(3)} / ${s.recall.toFixed(3)} / **${s.f1.toFixed(3)}** | ${cpu.toFixed(1)} | ${rssMB} | ${wall.toFixed(1)} | ${before} → ${load()} |`;
          process.stderr.write(`${line}\n`);
          lines.push(line);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`reckon link on the mixed-script list, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, node ${process.version}; CPU s and peak RSS ${timer ? 'from /usr/bin/time -v' : "the CLI's own"}`);
  console.log('| records | tree | pairs scored | P / R / F1 | CPU s | peak RSS MB | wall s | load before → after |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const line of lines) console.log(line);
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
console.log(
  '| records | pairs scored | persons | F1 | wall s, median (runs) | CPU s | peak RSS MB | wall / goal | RSS / goal | seconds by stage (first run) | generate s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
