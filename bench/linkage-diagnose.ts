/**
 * Why a generated list links as it does: runs the generalisation suite's generator through the same steps as
 * `reckon link` with its defaults (column detection, default settings, value preparation, linkage in process) and
 * breaks the errors down with the truth beside it:
 *
 * - blocking recall (true pairs among candidate pairs) and, for true pairs no rule made, which key part of each rule
 *   disagreed (the rule's first failing part);
 * - true pairs scored below the threshold and wrong pairs scored above it, by the level of each comparison;
 * - what clustering made of them (pairwise precision, recall and F1 of the persons).
 *
 *   node --import tsx bench/linkage-diagnose.ts <generator key> [--persons 2000] [--seed 11] [--examples 10]
 *
 * A tool for engineers (it prints names of the synthetic lists); the scores to report are the generalisation
 * bench's, which goes through the real command line.
 */
import { detectListColumns } from '../src/core/casualties/columns.ts';
import { defaultSettings, linkRecords, parseSettings } from '../src/core/linkage/index.ts';
import { ruleKeys } from '../src/core/linkage/blocking.ts';
import { pairwiseScores } from '../src/core/linkage/evaluate.ts';
import { SUITE_GENERATORS } from '../src/core/linkage/synthetic/generalisation-suite.ts';
import { prepareColumns } from '../src/cli/commands/link-values.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] ? args[k + 1] : fallback;
};
const key = args[0];
const generator = SUITE_GENERATORS.find((g) => g.key === key);
if (!generator) {
  console.error(`usage: linkage-diagnose.ts <${SUITE_GENERATORS.map((g) => g.key).join('|')}> [--persons N] [--seed S] [--examples K]`);
  process.exit(2);
}
const persons = Number(option('--persons', '2000'));
const seed = Number(option('--seed', '11'));
const exampleCount = Number(option('--examples', '8'));

const list = generator.generate(persons, seed);
const header = list.header;
const size = list.rows.length;
const columns = header.map((_, k) => list.rows.map((r) => (r[k] ?? '').trim()));
const samples = (c: string) => columns[header.indexOf(c)]?.slice(0, 1000);
const mapping = detectListColumns(header, { samples });
const settings = parseSettings(defaultSettings(header, { records: size, columns: mapping }), header);
const table = { header, columns, size, lines: Int32Array.from({ length: size }, (_, i) => i + 2), encoding: 'utf-8' };
const prepared = prepareColumns(table, settings, mapping, {});
const result = await linkRecords({ columns: prepared.columns, size }, settings, { threads: 1 });

const truth = list.truth;
const { left, right, probability, levels, count } = result.pairs;
const n = result.comparisons.length;
const threshold = result.settings.threshold;
const row = (i: number) => `${list.rows[i].join(' · ')} [${truth[i]}]`;

// true pairs
const byPerson = new Map<string, number[]>();
truth.forEach((t, i) => (byPerson.get(t) ?? byPerson.set(t, []).get(t)!).push(i));
let truePairs = 0;
for (const rows of byPerson.values()) truePairs += (rows.length * (rows.length - 1)) / 2;
const candidate = new Set<number>();
for (let p = 0; p < count; p++) candidate.add(left[p] * size + right[p]);
const rules = result.settings.blocking;
const partKeys = rules.map((rule) => rule.map((part) => ruleKeys(result.features.table, result.features.values, [part])));
const missedBy = new Map<string, number>();
const notBlocked: Array<[number, number]> = [];
for (const rows of byPerson.values()) {
  for (let x = 0; x < rows.length; x++) {
    for (let y = x + 1; y < rows.length; y++) {
      const [i, j] = rows[x] < rows[y] ? [rows[x], rows[y]] : [rows[y], rows[x]];
      if (candidate.has(i * size + j)) continue;
      notBlocked.push([i, j]);
      // per rule, the first key part on which the two records differ (or are missing)
      rules.forEach((rule, r) => {
        const failing = rule.find((_, k) => {
          const keys = partKeys[r][k];
          return keys[i] < 0 || keys[j] < 0 || keys[i] !== keys[j];
        });
        const k = `${rule.join(' & ')} ⟂ ${failing ?? '(block skipped)'}`;
        missedBy.set(k, (missedBy.get(k) ?? 0) + 1);
      });
    }
  }
}
console.log(`${list.name}: ${size} records, ${byPerson.size} persons, ${truePairs} true pairs, ${count} candidate pairs`);
console.log(`blocking recall ${((truePairs - notBlocked.length) / truePairs).toFixed(3)} (${notBlocked.length} true pairs never compared)`);
console.log('why each rule missed them (rule ⟂ first key part that differs or is missing):');
for (const [k, v] of [...missedBy].sort((a, b) => b[1] - a[1])) console.log(`  ${v}\t${k}`);

// scored pairs against the truth
const names = result.comparisons.map((c) => c.name);
const levelName = (c: number, l: number) => result.comparisons[c].levels[l];
const fnLevels = names.map(() => new Map<string, number>());
const fpLevels = names.map(() => new Map<string, number>());
const fnExamples: number[] = [];
const fpExamples: number[] = [];
let tp = 0;
let fn = 0;
let fp = 0;
for (let p = 0; p < count; p++) {
  const same = truth[left[p]] === truth[right[p]];
  const above = probability[p] >= threshold;
  if (same && above) tp++;
  else if (same && !above) {
    fn++;
    for (let c = 0; c < n; c++) fnLevels[c].set(levelName(c, levels[p * n + c]), (fnLevels[c].get(levelName(c, levels[p * n + c])) ?? 0) + 1);
    fnExamples.push(p);
  } else if (!same && above) {
    fp++;
    for (let c = 0; c < n; c++) fpLevels[c].set(levelName(c, levels[p * n + c]), (fpLevels[c].get(levelName(c, levels[p * n + c])) ?? 0) + 1);
    fpExamples.push(p);
  }
}
console.log(`\nscored pairs at threshold ${threshold}: ${tp} true links, ${fn} true pairs below it, ${fp} wrong pairs above it`);
const show = (title: string, maps: Map<string, number>[]) => {
  console.log(title);
  maps.forEach((m, c) => console.log(`  ${names[c]}: ${[...m].sort((a, b) => b[1] - a[1]).map(([l, v]) => `${l} ${v}`).join(', ')}`));
};
show('levels of true pairs below the threshold:', fnLevels);
show('levels of wrong pairs above the threshold:', fpLevels);

console.log('\nmodel: log2 Bayes factor per level');
result.model.comparisons.forEach((c) => console.log(`  ${c.name}: ${c.levels.map((l, k) => `${l} ${k === 0 ? 0 : Math.log2(c.m[k] / c.u[k]).toFixed(1)}`).join(' | ')}`));
console.log(`  λ ${result.model.lambda.toExponential(2)}`);

const pick = <T>(xs: T[], k: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / k)) === 0).slice(0, k);
const explainPair = (p: number) => {
  const e = result.explain(p);
  return e.terms.map((t) => `${t.comparison}=${t.level} ${t.log2BayesFactor.toFixed(1)}`).join(', ');
};
console.log('\ntrue pairs below the threshold, examples:');
for (const p of pick(fnExamples, exampleCount)) console.log(`  p=${probability[p].toPrecision(2)}  ${explainPair(p)}\n    ${row(left[p])}\n    ${row(right[p])}`);
console.log('\nwrong pairs above the threshold, examples:');
for (const p of pick(fpExamples, exampleCount)) console.log(`  p=${probability[p].toPrecision(2)}  ${explainPair(p)}\n    ${row(left[p])}\n    ${row(right[p])}`);
console.log('\ntrue pairs never compared, examples:');
for (const [i, j] of pick(notBlocked, exampleCount)) console.log(`    ${row(i)}\n    ${row(j)}\n`);

const s = pairwiseScores(Array.from(result.clusters.person), truth);
console.log(`persons: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)}; ${result.clusters.persons} persons, largest ${result.clusters.largest}; ${result.clusters.mergesRefused} merges refused`);
