/**
 * What records that carry only a name (no birth date, age, date of death or place) do to the persons `reckon link`
 * makes with its defaults: for each generalisation generator, linked in process as bench/linkage-diagnose.ts does,
 *
 * - how many records are name-only;
 * - the record pairs inside the persons found, split by whether a name-only record is one of the two, and how many of
 *   each are wrong (two true persons): the precision of joins that rest on a name alone against the others;
 * - pairwise precision, recall and F1 as linked, and with every name-only record that joined a person taken out of
 *   it (left as a person of its own), which is what "flag, do not merge" would give before a reviewer decides.
 *
 *   node --import tsx bench/linkage-name-only.ts [keys…] [--persons 2000] [--seed 11]
 *
 * A tool for engineers (the generated lists are synthetic); the scores to report are the generalisation bench's.
 */
import { linkAsCli } from './link-as-cli.ts';
import { pairwiseScores } from '../src/core/linkage/evaluate.ts';
import { SUITE_GENERATORS } from '../src/core/linkage/synthetic/generalisation-suite.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] ? args[k + 1] : fallback;
};
const persons = Number(option('--persons', '2000'));
const seed = Number(option('--seed', '11'));
const keys = args.filter((a, k) => !a.startsWith('--') && !(k > 0 && args[k - 1].startsWith('--')));
const generators = keys.length > 0 ? SUITE_GENERATORS.filter((g) => keys.includes(g.key)) : SUITE_GENERATORS;

const f3 = (x: number) => x.toFixed(3);
console.log(
  `persons ${persons}, seed ${seed}, load ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  '| data set | records | name-only | joined pairs (name-only) | wrong (name-only) | precision of name-only joins | precision of other joins | P / R / F1 as linked | P / R / F1 name-only joins taken out |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const g of generators) {
  const list = g.generate(persons, seed);
  const { header, size, columns, mapping, result } = await linkAsCli(list);

  // a record is name-only when every column that dates or places a person is empty in it
  const evidence = [mapping.birth, mapping.age, mapping.death, ...mapping.place, ...mapping.address]
    .filter((c): c is string => c !== undefined)
    .map((c) => columns[header.indexOf(c)]);
  const nameOnly = Array.from({ length: size }, (_, i) => evidence.every((col) => col[i] === ''));
  const person = Array.from(result.clusters.person);
  const members = new Map<number, number[]>();
  person.forEach((p, i) => (members.get(p) ?? members.set(p, []).get(p)!).push(i));
  let pairsName = 0;
  let wrongName = 0;
  let pairsOther = 0;
  let wrongOther = 0;
  for (const rows of members.values()) {
    for (let x = 0; x < rows.length; x++) {
      for (let y = x + 1; y < rows.length; y++) {
        const wrong = list.truth[rows[x]] !== list.truth[rows[y]];
        if (nameOnly[rows[x]] || nameOnly[rows[y]]) {
          pairsName++;
          if (wrong) wrongName++;
        } else {
          pairsOther++;
          if (wrong) wrongOther++;
        }
      }
    }
  }
  const linked = pairwiseScores(person, list.truth);
  // name-only records that share their person with another record become persons of their own
  const next = Math.max(...person) + 1;
  const split = person.map((p, i) => (nameOnly[i] && members.get(p)!.length > 1 ? next + i : p));
  const out = pairwiseScores(split, list.truth);
  const count = nameOnly.filter(Boolean).length;
  console.log(
    `| ${list.name} | ${size} | ${count} (${((100 * count) / size).toFixed(1)} %) | ${pairsName} | ${wrongName} | ${pairsName ? f3(1 - wrongName / pairsName) : '—'} | ${pairsOther ? f3(1 - wrongOther / pairsOther) : '—'} | ${f3(linked.precision)} / ${f3(linked.recall)} / **${f3(linked.f1)}** | ${f3(out.precision)} / ${f3(out.recall)} / **${f3(out.f1)}** |`,
  );
}
