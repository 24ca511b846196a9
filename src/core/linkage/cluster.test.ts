import { describe, expect, it } from 'vitest';
import { clusterRecords, type ClusterOptions } from './cluster.ts';
import { conflictTest } from './conflicts.ts';
import { defaultSettings } from './defaults.ts';
import { linkRecords } from './link.ts';
import { seededRandom } from './model.ts';
import { pairScorer, scoringTables } from './score.ts';
import { generateLists, recordsToColumns, SYNTHETIC_COLUMNS } from './synthetic/generate.ts';

type Mode = 'careful' | 'connected' | 'strict';

function run(pairs: Array<[number, number, number]>, n: number, mode: Mode, cannotLink?: Array<[number, number]>, extra: Partial<ClusterOptions> = {}) {
  const left = Int32Array.from(pairs.map((p) => p[0]));
  const right = Int32Array.from(pairs.map((p) => p[1]));
  const probability = Float32Array.from(pairs.map((p) => p[2]));
  return clusterRecords(n, left, right, probability, pairs.length, { threshold: 0.9, mode, cannotLink, ...extra });
}

describe('clusterRecords', () => {
  // 0~1 and 1~2 are strong, 0 and 2 look nothing alike: the classic chain
  const chain: Array<[number, number, number]> = [
    [0, 1, 0.99],
    [1, 2, 0.95],
    [0, 2, 0.01],
  ];

  it('joins connected components above the threshold', () => {
    const c = run(chain, 4, 'connected');
    expect(Array.from(c.person)).toEqual([0, 0, 0, 1]);
    expect(c.persons).toBe(2);
    expect(c.probability[0]).toBeCloseTo((0.99 + 0.01) / 2, 5);
    expect(Number.isNaN(c.probability[3])).toBe(true);
  });

  it('refuses the chained merge in strict mode', () => {
    const c = run(chain, 4, 'strict');
    expect(Array.from(c.person)).toEqual([0, 0, 1, 2]);
    expect(c.mergesRefused).toBe(1);
    expect(c.probability[0]).toBeCloseTo(0.99, 5);
  });

  it('keeps a reviewer non-match apart even when links would join them', () => {
    const c = run([[0, 1, 0.99], [1, 2, 0.99]], 3, 'connected', [[0, 2]]);
    expect(c.person[0]).not.toBe(c.person[2]);
  });

  it('handles no pairs and no records', () => {
    expect(run([], 3, 'connected').persons).toBe(3);
    expect(run([], 0, 'strict').persons).toBe(0);
  });

  it('refuses, in careful mode, a merge that would join a pair scored far below the threshold, and flags it', () => {
    const c = run([[0, 1, 0.99], [1, 2, 0.95], [0, 2, 0.0001]], 4, 'careful');
    expect(Array.from(c.person)).toEqual([0, 0, 1, 2]);
    // 0.01 is low, but not a confident non-match: careful mode follows the links there
    expect(run(chain, 4, 'careful').largest).toBe(3);
    expect(c.mergesRefused).toBe(1);
    expect(c.largest).toBe(2);
    expect(c.flagged).toEqual([
      {
        reason: 'merge-refused',
        persons: [0, 1],
        records: [0, 1, 2],
        link: { left: 1, right: 2, probability: expect.closeTo(0.95, 5) as unknown as number },
        conflict: { left: 2, right: 0, why: expect.stringMatching(/far below the threshold/) as unknown as string },
      },
    ]);
  });

  // five records, each link strong, but 0 and 4 were born decades apart: the chain 0~1~2~3~4 of transitive
  // closure, broken where the data says two records cannot be one person
  const born = [1945, 1946, 1946, 1972, 1972];
  const conflict = (i: number, j: number) => (Math.abs(born[i] - born[j]) > 5 ? `birth: ${born[i]} against ${born[j]}` : null);
  const links: Array<[number, number, number]> = [
    [0, 1, 0.99],
    [1, 2, 0.98],
    [2, 3, 0.93],
    [3, 4, 0.99],
  ];

  it('does not chain through weak links into records its conflict test calls incompatible', () => {
    const connected = run(links, 5, 'connected', undefined, { conflict });
    expect(connected.largest).toBe(5);
    expect(connected.flagged.map((f) => f.reason)).toEqual(['conflict-inside']);
    expect(connected.flagged[0].records).toEqual([0, 1, 2, 3, 4]);
    const careful = run(links, 5, 'careful', undefined, { conflict });
    expect(Array.from(careful.person)).toEqual([0, 0, 0, 1, 1]);
    expect(careful.largest).toBe(3);
    expect(careful.flagged).toHaveLength(1);
    expect(careful.flagged[0]).toMatchObject({ reason: 'merge-refused', persons: [0, 1], link: { left: 2, right: 3 } });
    expect(careful.flagged[0].conflict.why).toMatch(/1946 against 1972|1972 against 194/);
  });

  it('leaves a scored pair to its score: the conflict test only stands in for pairs blocking never scored', () => {
    // 0 and 1 disagree on the birth year (a typo), yet their names and the rest scored them a match
    const typo = (i: number, j: number) => (i + j === 1 ? 'birth: 1956 against 1965' : null);
    const c = run([[0, 1, 0.97]], 2, 'careful', undefined, { conflict: typo });
    expect(c.person[0]).toBe(c.person[1]);
    expect(c.flagged).toEqual([]);
  });

  it('applies what the model does not weigh (the impossible test) to pairs scored a match as well', () => {
    // 0 and 1 scored a match on name and age, but both are in one census; 1 and 2 are one person
    const census = (i: number, j: number) => (i + j === 1 ? 'list_source: both in census 1851, which names each person once' : null);
    const c = run(
      [
        [0, 1, 0.97],
        [1, 2, 0.99],
      ],
      3,
      'careful',
      undefined,
      { conflict: census, impossible: census },
    );
    expect(c.person[0]).not.toBe(c.person[1]);
    expect(c.person[1]).toBe(c.person[2]);
    expect(c.mergesRefused).toBe(1);
    expect(c.flagged[0].conflict.why).toMatch(/both in census 1851/);
    // without the option the scored pair is left to its score, as before
    const before = run(
      [
        [0, 1, 0.97],
        [1, 2, 0.99],
      ],
      3,
      'careful',
      undefined,
      { conflict: census },
    );
    expect(new Set(before.person).size).toBe(1);
    // in a group of ten records or more one such pair in ten is tolerated (an error in one record), as other conflicts are
    const pairs: Array<[number, number, number]> = [];
    for (let k = 1; k < 12; k++) pairs.push([0, k, 0.99]);
    pairs.push([12, 1, 0.98]);
    const big = run(pairs, 13, 'careful', undefined, { impossible: (i, j) => (i + j === 13 && (i === 12 || j === 12) ? 'x' : null), conflict: () => null });
    expect(new Set(big.person).size).toBe(1);
    // connected mode never tests
    expect(new Set(run([[0, 1, 0.97]], 2, 'connected', undefined, { conflict: census, impossible: census }).person).size).toBe(1);
  });

  it('applies the conflict test to a pair scored below the threshold, not only to pairs never scored', () => {
    // siblings of one name: 0~1 and 1~2 are strong, 0 and 2 were scored (0.3, not a confident non-match by
    // score alone) and were born 27 years apart
    const c = run([[0, 1, 0.99], [1, 2, 0.95], [0, 2, 0.3]], 3, 'careful', undefined, { conflict: (i, j) => (i + j === 2 && i !== j ? 'birth: 1945 against 1972' : null) });
    expect(c.person[0]).not.toBe(c.person[2]);
    expect(c.flagged[0]).toMatchObject({ reason: 'merge-refused', conflict: { why: 'birth: 1945 against 1972' } });
  });

  it('lets a reviewer match override a conflict, and flags the person that now holds it', () => {
    const decided = new Uint8Array(links.length + 1);
    decided[links.length] = 1;
    const c = run([...links, [0, 4, 1]], 5, 'careful', undefined, { conflict, decided });
    expect(c.person[0]).toBe(c.person[4]);
    expect(c.flagged.some((f) => f.reason === 'conflict-inside' && f.records.includes(0) && f.records.includes(4))).toBe(true);
  });

  it('keeps a reviewer non-match apart in careful mode without flagging it', () => {
    const c = run([[0, 1, 0.99], [1, 2, 0.99]], 3, 'careful', [[0, 2]]);
    expect(c.person[0]).not.toBe(c.person[2]);
    expect(c.flagged).toEqual([]);
  });

  describe('a record left alone joins the person it most probably belongs to', () => {
    // records 0-5 are one person documented six times; 6 carries only the name (0.7 against each of them); 7 is
    // someone else. λ = 0.05 over 8 records: 0.35 matches a record, taken as 1
    const lambda = 0.05;
    const logPrior = Math.log2(lambda / (1 - lambda));
    const person = [0, 1, 2, 3, 4, 5];
    const strong: Array<[number, number, number]> = person.slice(1).map((j) => [0, j, 0.99]);
    const score = (i: number, j: number) => (person.includes(i) && person.includes(j) ? 0.99 : (i === 6 && person.includes(j)) || (j === 6 && person.includes(i)) ? 0.7 : 0.01);
    const lone: Array<[number, number, number]> = [[0, 6, 0.7], [1, 6, 0.7]];

    it('joins it when the person-level probability reaches one half, and flags the person', () => {
      const c = run([...strong, ...lone], 8, 'careful', undefined, { score, logPrior });
      expect(c.person[6]).toBe(c.person[0]);
      expect(c.person[7]).not.toBe(c.person[0]);
      const flag = c.flagged.find((f) => f.reason === 'attached');
      expect(flag).toMatchObject({ persons: [c.person[0]], records: [0, 1, 2, 3, 4, 5, 6], link: { probability: expect.closeTo(0.7, 5) } });
      expect(flag?.conflict.why).toMatch(/person-level probability 0\.9\d/);
    });

    it('leaves it alone without the prior, when two persons are as likely, when records conflict, or when a reviewer said no', () => {
      expect(run([...strong, ...lone], 8, 'careful', undefined, { score }).person[6]).not.toBe(0);
      // two persons of three records each, 0.7 to both: odds 7 each against 1 for nobody, 7/15 < 1/2
      const two: Array<[number, number, number]> = [[0, 1, 0.99], [0, 2, 0.99], [3, 4, 0.99], [3, 5, 0.99], [0, 6, 0.7], [3, 6, 0.7]];
      const c = run(two, 8, 'careful', undefined, { score: () => 0.7, logPrior });
      expect(new Set([c.person[6], c.person[0], c.person[3]]).size).toBe(3);
      expect(c.flagged).toEqual([]);
      const conflict = (i: number, j: number) => ((i === 6 && j < 4) || (j === 6 && i < 4) ? 'birth: 1816 against 1825' : null);
      expect(run([...strong, ...lone], 8, 'careful', undefined, { score, logPrior, conflict }).person[6]).not.toBe(0);
      expect(run([...strong, ...lone], 8, 'careful', [[6, 3]], { score, logPrior }).person[6]).not.toBe(0);
      expect(run([...strong, ...lone], 8, 'connected', undefined, { score, logPrior }).person[6]).not.toBe(0);
    });
  });
});

/**
 * Careful merging as it was first written, kept as the specification of what the faster one must decide: every link of
 * every record of the smaller group read through its pair's probability, and every neighbour's group found. Same
 * groups (union by size, members in a circular list), same order of links, so the same refusals and the same reasons.
 */
function carefulReference(
  n: number,
  left: Int32Array,
  right: Int32Array,
  probability: Float32Array,
  count: number,
  options: Required<Pick<ClusterOptions, 'threshold' | 'conflict' | 'score'>>,
) {
  const floor = 0.001;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const size = new Int32Array(n).fill(1);
  const next = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const members = (root: number) => {
    const out = [root];
    for (let i = next[root]; i !== root; i = next[i]) out.push(i);
    return out;
  };
  const links: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (let p = 0; p < count; p++) {
    links[left[p]].push([right[p], p]);
    links[right[p]].push([left[p], p]);
  }
  const edges = [...Array(count).keys()].filter((p) => probability[p] >= options.threshold).sort((x, y) => probability[y] - probability[x] || x - y);
  const refusals: Array<{ pair: number; left: number; right: number; why: string }> = [];
  const tolerated: typeof refusals = [];
  for (const p of edges) {
    let a = find(left[p]);
    let b = find(right[p]);
    if (a === b) continue;
    const [small, other] = size[a] <= size[b] ? [a, b] : [b, a];
    const allowedConflicts = Math.floor(0.1 * size[small] * size[other]);
    let conflicts = 0;
    let reason: (typeof refusals)[number] | null = null;
    let allowed = true;
    for (const i of members(small)) {
      for (const [j, q] of links[i]) {
        if (find(j) !== other || probability[q] >= floor) continue;
        reason ??= { pair: p, left: i, right: j, why: `scored ${probability[q].toPrecision(2)}, far below the threshold (under ${floor})` };
        if (++conflicts > allowedConflicts) allowed = false;
        if (!allowed) break;
      }
      if (!allowed) break;
    }
    for (const i of allowed ? members(small) : []) {
      const settled = new Set(links[i].filter(([, q]) => probability[q] >= options.threshold || probability[q] < floor).map(([j]) => j));
      for (const j of members(other)) {
        if (settled.has(j)) continue;
        const why = options.conflict(i, j);
        if (why !== null) {
          reason ??= { pair: p, left: i, right: j, why };
          if (++conflicts > allowedConflicts) allowed = false;
        }
        if (!allowed) break;
      }
      if (!allowed) break;
    }
    const cross = size[small] * size[other];
    if (allowed && cross > 1 && cross <= 400) {
      let logOdds = 0;
      let worst: { i: number; j: number; q: number } | null = null;
      for (const i of members(small)) {
        for (const j of members(other)) {
          const q = Math.min(Math.max(options.score(i, j), 1e-12), 1 - 1e-12);
          logOdds += Math.log2(q / (1 - q));
          if (!worst || q < worst.q) worst = { i, j, q };
        }
      }
      if (logOdds / cross < 0 && worst) {
        allowed = false;
        reason = {
          pair: p,
          left: worst.i,
          right: worst.j,
          why: `the records of the two persons score ${(logOdds / cross).toFixed(1)} bits on average against each other (least ${worst.q.toPrecision(2)})`,
        };
      }
    }
    if (!allowed) {
      if (reason) refusals.push(reason);
      continue;
    }
    if (reason) tolerated.push(reason);
    if (size[a] < size[b]) [a, b] = [b, a];
    parent[b] = a;
    size[a] += size[b];
    [next[a], next[b]] = [next[b], next[a]];
  }
  const personOf = new Map<number, number>();
  const person = Int32Array.from({ length: n }, (_, i) => {
    const r = find(i);
    if (!personOf.has(r)) personOf.set(r, personOf.size);
    return personOf.get(r)!;
  });
  return { person, refusals, tolerated };
}

/** Clusters with clusterRecords and with the reference, expects the same persons, refusals and flags, and returns the reference's. */
function expectSameAsReference(
  n: number,
  left: Int32Array,
  right: Int32Array,
  probability: Float32Array,
  count: number,
  options: Parameters<typeof carefulReference>[5],
) {
  const fast = clusterRecords(n, left, right, probability, count, { ...options, mode: 'careful' });
  const reference = carefulReference(n, left, right, probability, count, options);
  expect(Array.from(fast.person)).toEqual(Array.from(reference.person));
  expect(fast.mergesRefused).toBe(reference.refusals.length);
  // one flag per refused pair of persons, from its first refusal; one per person holding a tolerated conflict
  const seen = new Set<string>();
  const refused = reference.refusals.filter((r) => {
    const key = [reference.person[left[r.pair]], reference.person[right[r.pair]]].sort((x, y) => x - y).join(':');
    return reference.person[left[r.pair]] !== reference.person[right[r.pair]] && !seen.has(key) && seen.add(key);
  });
  expect(fast.flagged.filter((f) => f.reason === 'merge-refused').map((f) => f.conflict)).toEqual(
    refused.map((r) => ({ left: r.left, right: r.right, why: r.why })),
  );
  const inside = new Map(fast.flagged.filter((f) => f.reason === 'conflict-inside').map((f) => [f.persons[0], f.conflict]));
  const firstTolerated = new Map<number, { left: number; right: number; why: string }>();
  for (const t of reference.tolerated)
    if (!firstTolerated.has(reference.person[t.left])) firstTolerated.set(reference.person[t.left], { left: t.left, right: t.right, why: t.why });
  for (const [person, c] of firstTolerated) expect(inside.get(person)).toEqual(c);
  return reference;
}

describe('careful clustering on a generated list of a few thousand records', () => {
  it('decides every merge, refusal and reason as the reference does, and scores one pair as scorePairs scores it', async () => {
    const { records } = generateLists({ persons: 2_500, seed: 7 });
    const result = await linkRecords(
      { columns: recordsToColumns(records), size: records.length },
      { ...defaultSettings([...SYNTHETIC_COLUMNS]), uSamplePairs: 50_000 },
    );
    const { left, right, probability, count, levels } = result.pairs;
    const table = result.features.table;
    const tables = scoringTables(result.model, result.comparisons, table);
    const conflict = conflictTest(table, result.features.values, result.comparisons, tables) ?? (() => null);
    const score = (i: number, j: number) => result.explainRecords(i, j).matchProbability;
    const reference = expectSameAsReference(records.length, left, right, probability, count, { threshold: result.settings.threshold, conflict, score });
    // the list is large enough for each kind of refusal to occur: a pair scored far below, a conflict, the balance
    expect(records.length).toBeGreaterThan(4_000);
    expect(new Set(reference.refusals.map((r) => r.why.split(/[ :]/)[0]))).toEqual(new Set(['scored', 'birth', 'the']));

    const scoreOne = pairScorer(tables, table, result.comparisons);
    const n = result.comparisons.length;
    let differ = 0;
    for (let p = 0; p < count; p++) if (scoreOne(left[p], levels.subarray(p * n, p * n + n)) !== probability[p]) differ++;
    expect(count).toBeGreaterThan(4_000);
    expect(differ).toBe(0);
  });

  it('decides as the reference does on dense random links, where large groups tolerate a few conflicts', () => {
    // 3,000 records in 300 true groups of 10, each record linked to 30 others (a third of them in its group), so that
    // groups grow past ten records and merges meet many cross pairs; conflicts and scores from a fixed hash
    const random = seededRandom(5);
    const n = 3_000;
    const pairs = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 30; k++) {
        const j = k < 10 ? Math.floor(i / 10) * 10 + Math.floor(random() * 10) : Math.floor(random() * n);
        if (j === i) continue;
        const same = Math.floor(i / 10) === Math.floor(j / 10);
        const r = random();
        pairs.set(Math.min(i, j) * n + Math.max(i, j), same ? (r < 0.7 ? 0.9 + r / 10 : r < 0.9 ? 0.5 : 0.0005) : r < 0.05 ? 0.95 : r < 0.5 ? 0.0002 : 0.3);
      }
    }
    const keys = [...pairs.keys()];
    const left = Int32Array.from(keys, (key) => Math.floor(key / n));
    const right = Int32Array.from(keys, (key) => key % n);
    const probability = Float32Array.from(keys, (key) => pairs.get(key)!);
    const hash = (i: number, j: number) => (Math.imul(Math.min(i, j) + 1, 0x9e3779b1) ^ Math.imul(Math.max(i, j) + 7, 0x85ebca6b)) >>> 0;
    const conflict = (i: number, j: number) => (Math.floor(i / 10) !== Math.floor(j / 10) && hash(i, j) % 3 === 0 ? `birth: ${i} against ${j}` : null);
    const score = (i: number, j: number) => (Math.floor(i / 10) === Math.floor(j / 10) ? 0.8 : (hash(i, j) % 100) / 100);
    const reference = expectSameAsReference(n, left, right, probability, keys.length, { threshold: 0.9, conflict, score });
    expect(reference.tolerated.length).toBeGreaterThan(0);
    expect(reference.refusals.length).toBeGreaterThan(100);
  });
});
