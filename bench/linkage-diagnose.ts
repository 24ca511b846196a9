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
import { linkAsCli } from './link-as-cli.ts';
import { ruleKeys } from '../src/core/linkage/blocking.ts';
import { pairwiseScores } from '../src/core/linkage/evaluate.ts';
import { SUITE_GENERATORS } from '../src/core/linkage/synthetic/generalisation-suite.ts';

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
const { size, result } = await linkAsCli(list);

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
  maps.forEach((m, c) =>
    console.log(
      `  ${names[c]}: ${[...m]
        .sort((a, b) => b[1] - a[1])
        .map(([l, v]) => `${l} ${v}`)
        .join(', ')}`,
    ),
  );
};
show('levels of true pairs below the threshold:', fnLevels);
show('levels of wrong pairs above the threshold:', fpLevels);

console.log('\nmodel: log2 Bayes factor per level');
result.model.comparisons.forEach((c) =>
  console.log(`  ${c.name}: ${c.levels.map((l, k) => `${l} ${k === 0 ? 0 : Math.log2(c.m[k] / c.u[k]).toFixed(1)}`).join(' | ')}`),
);
console.log(`  λ ${result.model.lambda.toExponential(2)}`);

const pick = <T>(xs: T[], k: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / k)) === 0).slice(0, k);
const explainPair = (p: number) => {
  const e = result.explain(p);
  return e.terms.map((t) => `${t.comparison}=${t.level} ${t.log2BayesFactor.toFixed(1)}`).join(', ');
};
console.log('\ntrue pairs below the threshold, examples:');
for (const p of pick(fnExamples, exampleCount))
  console.log(`  p=${probability[p].toPrecision(2)}  ${explainPair(p)}\n    ${row(left[p])}\n    ${row(right[p])}`);
console.log('\nwrong pairs above the threshold, examples:');
for (const p of pick(fpExamples, exampleCount))
  console.log(`  p=${probability[p].toPrecision(2)}  ${explainPair(p)}\n    ${row(left[p])}\n    ${row(right[p])}`);
console.log('\ntrue pairs never compared, examples:');
for (const [i, j] of pick(notBlocked, exampleCount)) console.log(`    ${row(i)}\n    ${row(j)}\n`);

const s = pairwiseScores(Array.from(result.clusters.person), truth);
console.log(
  `persons: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)}; ${result.clusters.persons} persons, largest ${result.clusters.largest}; ${result.clusters.mergesRefused} merges refused`,
);

// clustering against the truth: where the pairs of the persons are lost, weighted by pairs as pairwise F1 weighs them
{
  const predicted = result.clusters.person;
  const best = new Map<string, number>();
  for (let p = 0; p < count; p++) {
    const a = predicted[left[p]];
    const b = predicted[right[p]];
    if (a === b) continue;
    const k = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (!(probability[p] <= (best.get(k) ?? -1))) best.set(k, probability[p]);
  }
  const fragmentCause = (a: number, b: number) => {
    const q = best.get(a < b ? `${a}:${b}` : `${b}:${a}`);
    if (q === undefined) return 'no scored pair between the pieces';
    if (q >= threshold) return 'a link above the threshold, merge refused';
    if (q >= 0.5) return 'best link 0.5–threshold';
    if (q >= 0.01) return 'best link 0.01–0.5';
    return 'best link under 0.01';
  };
  const lost = new Map<string, number>();
  const bySize = new Map<string, number>();
  for (const rows of byPerson.values()) {
    const pieces = new Map<number, number>();
    for (const i of rows) pieces.set(predicted[i], (pieces.get(predicted[i]) ?? 0) + 1);
    const list = [...pieces];
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const w = list[x][1] * list[y][1];
        const cause = fragmentCause(list[x][0], list[y][0]);
        lost.set(cause, (lost.get(cause) ?? 0) + w);
        const sizes = Math.min(list[x][1], list[y][1]) === 1 ? 'one piece a single record' : 'both pieces ≥ 2 records';
        bySize.set(`${cause} / ${sizes}`, (bySize.get(`${cause} / ${sizes}`) ?? 0) + w);
      }
    }
  }
  const totalLost = [...lost.values()].reduce((s, v) => s + v, 0);
  console.log(
    `\ntrue pairs split over persons: ${totalLost} of ${truePairs} (recall lost ${(totalLost / truePairs).toFixed(3)}), by the best scored pair between the two pieces:`,
  );
  for (const [k, v] of [...bySize].sort((a, b) => b[1] - a[1])) console.log(`  ${v}\t${k}`);
  // wrong pairs inside persons: whether a direct link above the threshold joins the two true persons' records
  const direct = new Set<string>();
  for (let p = 0; p < count; p++) {
    if (probability[p] < threshold || predicted[left[p]] !== predicted[right[p]] || truth[left[p]] === truth[right[p]]) continue;
    const [x, y] = [truth[left[p]], truth[right[p]]].sort();
    direct.add(`${predicted[left[p]]}|${x}|${y}`);
  }
  const wrong = new Map<string, number>();
  const rowsOfPredicted = new Map<number, number[]>();
  for (let i = 0; i < size; i++) (rowsOfPredicted.get(predicted[i]) ?? rowsOfPredicted.set(predicted[i], []).get(predicted[i])!).push(i);
  for (const [pid, rows] of rowsOfPredicted) {
    const parts = new Map<string, number>();
    for (const i of rows) parts.set(truth[i], (parts.get(truth[i]) ?? 0) + 1);
    const list = [...parts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const w = list[x][1] * list[y][1];
        const cause = direct.has(`${pid}|${list[x][0]}|${list[y][0]}`) ? 'a wrong link above the threshold' : 'chained through a third person';
        const sizes = Math.min(list[x][1], list[y][1]) === 1 ? 'one side a single record' : 'both sides ≥ 2 records';
        wrong.set(`${cause} / ${sizes}`, (wrong.get(`${cause} / ${sizes}`) ?? 0) + w);
      }
    }
  }
  console.log('wrong pairs inside persons, by how the two true persons were joined:');
  for (const [k, v] of [...wrong].sort((a, b) => b[1] - a[1])) console.log(`  ${v}\t${k}`);
  const refusedWhy = new Map<string, number>();
  for (const f of result.clusters.flagged) {
    const why = f.conflict.why.replace(/[\d.–-]+/g, '#').replace(/ against .*/, ' against …');
    refusedWhy.set(`${f.reason}: ${why}`, (refusedWhy.get(`${f.reason}: ${why}`) ?? 0) + 1);
  }
  console.log('flagged persons by reason:');
  for (const [k, v] of [...refusedWhy].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${v}\t${k}`);
}
