/**
 * Records into persons. `careful` (the default): links are taken strongest first, as in single-linkage
 * agglomeration, but a merge is refused when it would put into one person two records that are a confident
 * non-match: a pair scored far below the threshold, or a pair scored below the threshold or never scored
 * (blocking did not pair them) that the caller's `conflict` test calls incompatible (birth years far apart,
 * different known sex). A pair scored at or above the threshold is left to its score: the model has already
 * weighed its disagreements against its agreements. This is the cannot-link constrained agglomeration of Wagstaff et
 * al. (2001, "Constrained K-means clustering with background knowledge", whose cannot-link constraints we apply
 * to hierarchical merging) with the constraints derived from the data; it stops the chains through which
 * transitive closure grows one "person" out of many people. `connected`: the connected components of the links
 * at or above the threshold. `strict`: strongest first, and two groups merge only when the average probability of
 * all scored pairs between them reaches the threshold.
 *
 * In every mode a reviewer's non-match decision between any two members keeps their groups apart, and a
 * reviewer's match decision (`decided`) merges whatever the data says; such a person is then flagged when it holds
 * a conflict. Persons that a refused merge left apart, and persons holding a conflict, are returned as `flagged`
 * so that a review queue can show them.
 */
export interface ClusterOptions {
  threshold: number;
  mode: 'careful' | 'connected' | 'strict';
  /** Pairs that must never end up in one person (reviewer non-match decisions). */
  cannotLink?: Array<[number, number]>;
  /**
   * Per pair: 1 where a reviewer's decision set the probability (1 for a match, 0 for a non-match). A decided
   * match merges without conflict checks; a decided non-match acts through `cannotLink` and raises no flag.
   */
  decided?: Uint8Array;
  /** Why records i and j cannot be one person, or null when nothing in their fields forbids it. */
  conflict?: (i: number, j: number) => string | null;
  /**
   * Careful mode: the part of `conflict` that the model does not weigh (conflicts.ts, impossibleTest), applied to
   * pairs scored at or above the threshold as well; without it such pairs are left to their score.
   */
  impossible?: (i: number, j: number) => string | null;
  /** A scored pair below this probability is a confident non-match (default {@link CONFIDENT_NON_MATCH}). */
  nonMatchBelow?: number;
  /**
   * Careful mode: the match probability of any two records, compared on demand. When given, a merge is also refused
   * when the evidence over all pairs across the two groups is on balance against it (mean match weight below 0).
   */
  score?: (i: number, j: number) => number;
  /**
   * Careful mode: log2 of the prior odds that two records are one person (the model's λ), which the probabilities
   * include. When given, a record left alone after merging may join the person it most probably belongs to (see
   * {@link attachLoneRecords}); such persons are flagged `attached`.
   */
  logPrior?: number;
}

/**
 * Careful mode: the share of cross pairs between two groups that may be confident non-matches without refusing their
 * merge. A person documented many times (a landowner in fifty indexes and family trees) has a few records with a
 * wrong date copied from a namesake or misread; once such a record has joined its person on strong name and place
 * evidence, refusing every later merge that meets one conflicting pair split the person into many pieces, and a
 * person of n records is n(n−1)/2 true pairs. Below one pair in ten, a conflict is read as an error in a record;
 * for small groups (under ten cross pairs) a single conflict still refuses the merge, as before. Different people
 * with the same name conflict on most cross pairs (every birth date of one against every birth date of the other).
 */
export const CONFLICT_SHARE = 0.1;

/** Groups with more cross pairs than this are merged on their links alone (the balance test compares every pair). */
const BALANCE_PAIRS_LIMIT = 400;

/**
 * A scored pair below this match probability is taken as a confident non-match: at the default threshold 0.9
 * (match weight +3.2 bits) it is at least 13 bits, a Bayes factor of about 8,000, below the threshold.
 */
export const CONFIDENT_NON_MATCH = 0.001;

/** Persons with more records than this are checked for conflicts through their scored pairs only. */
const ALL_PAIRS_CHECK_LIMIT = 400;

export interface FlaggedPerson {
  /** `merge-refused`: a link above the threshold was not followed because of a conflict; `conflict-inside`: the
   * person holds two records with a confident non-match (through a reviewer's match, or in connected/strict mode);
   * `attached`: a record left alone joined the person it most probably belongs to, with no link at the threshold
   * (see {@link attachLoneRecords}; `conflict` then holds the link and the person-level probability, not a conflict). */
  reason: 'merge-refused' | 'conflict-inside' | 'attached';
  /** The persons concerned (two for a refused merge), as numbered in `person`. */
  persons: number[];
  /** Row indexes of all their records, ascending. */
  records: number[];
  /** The link above the threshold that was refused; null for a conflict inside a person. */
  link: { left: number; right: number; probability: number } | null;
  /** The two records whose confident non-match caused the flag, and why. */
  conflict: { left: number; right: number; why: string };
}

export interface Clusters {
  /** Dense person number per record, numbered in order of each person's first record. */
  person: Int32Array;
  persons: number;
  /** Mean match probability of each record's scored links within its person; NaN for a person of one record. */
  probability: Float32Array;
  mergesRefused: number;
  /** Records in the largest person. */
  largest: number;
  flagged: FlaggedPerson[];
}

class Groups {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  /** Circular list of each group's members. */
  readonly next: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.parent[i] = i;
      this.next[i] = i;
    }
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const up = this.parent[i];
      this.parent[i] = r;
      i = up;
    }
    return r;
  }
  union(a: number, b: number): void {
    if (this.size[a] < this.size[b]) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a] += this.size[b];
    const t = this.next[a];
    this.next[a] = this.next[b];
    this.next[b] = t;
  }
  *members(root: number): Generator<number> {
    let i = root;
    do {
      yield i;
      i = this.next[i];
    } while (i !== root);
  }
}

/** Each record's links: record i's neighbours are to[start[i] .. start[i + 1]), in pair order, through pair[]. */
interface Links {
  start: Int32Array;
  to: Int32Array;
  pair: Int32Array;
  /** Per link, when asked for: what careful merging needs to know of its pair ({@link NON_MATCH_LINK}, {@link SETTLED_LINK}). */
  kind: Uint8Array | null;
}

/** A link scored far below the threshold with no reviewer's decision: a confident non-match. */
const NON_MATCH_LINK = 1;
/** A link the conflict test leaves to its score: a confident non-match, or scored at or above the threshold. */
const SETTLED_LINK = 2;

/**
 * The links of each record. With `kindOf`, each link also carries its pair's kind in a byte beside it: careful
 * merging read every link's probability through the pair number, a read from anywhere in an array of tens of
 * megabytes (a hundred and more links a record in a large list), and that was most of the clustering's time; the
 * kinds are worked out here, in pair order, and read in link order.
 */
function adjacency(n: number, left: Int32Array, right: Int32Array, count: number, kindOf?: (p: number) => number): Links {
  const start = new Int32Array(n + 1);
  for (let p = 0; p < count; p++) {
    start[left[p] + 1]++;
    start[right[p] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const to = new Int32Array(2 * count);
  const pair = new Int32Array(2 * count);
  const kind = kindOf ? new Uint8Array(2 * count) : null;
  for (let p = 0; p < count; p++) {
    const a = fill[left[p]]++;
    const b = fill[right[p]]++;
    to[a] = right[p];
    pair[a] = p;
    to[b] = left[p];
    pair[b] = p;
    if (kind !== null) kind[a] = kind[b] = kindOf!(p);
  }
  return { start, to, pair, kind };
}

interface Refusal {
  pair: number;
  left: number;
  right: number;
  why: string;
}

function scoredBelow(probability: number, floor: number): string {
  return `scored ${probability.toPrecision(2)}, far below the threshold (under ${floor})`;
}

export function clusterRecords(
  n: number,
  left: Int32Array,
  right: Int32Array,
  probability: Float32Array,
  count: number,
  options: ClusterOptions,
): Clusters {
  const groups = new Groups(n);
  const edges: number[] = [];
  for (let p = 0; p < count; p++) if (probability[p] >= options.threshold) edges.push(p);
  const cannot = options.cannotLink ?? [];
  const floor = options.nonMatchBelow ?? CONFIDENT_NON_MATCH;
  const conflict = options.conflict ?? (() => null);
  const decided = options.decided;
  const careful = options.mode !== 'connected' || cannot.length > 0;
  let mergesRefused = 0;
  const refusals: Refusal[] = [];
  // merges careful mode allowed although a few cross pairs conflict (see CONFLICT_SHARE): their persons are flagged
  const toleratedMerges: Refusal[] = [];
  const cannotOf = new Map<number, number[]>();
  for (const [a, b] of cannot) {
    if (!cannotOf.has(a)) cannotOf.set(a, []);
    if (!cannotOf.has(b)) cannotOf.set(b, []);
    cannotOf.get(a)!.push(b);
    cannotOf.get(b)!.push(a);
  }
  // the links of each record, built once for careful and strict merging and reused by the lone-record step
  let adj: Links | null = null;
  if (!careful) {
    for (const p of edges) {
      const a = groups.find(left[p]);
      const b = groups.find(right[p]);
      if (a !== b) groups.union(a, b);
    }
  } else {
    edges.sort((x, y) => probability[y] - probability[x] || x - y);
    const kindOf = (q: number) => (probability[q] < floor && !decided?.[q] ? NON_MATCH_LINK | SETTLED_LINK : probability[q] >= options.threshold ? SETTLED_LINK : 0);
    adj = options.mode === 'connected' ? null : adjacency(n, left, right, count, options.mode === 'careful' ? kindOf : undefined);
    const kind = adj?.kind ?? null;
    const scoredWith = new Uint8Array(n);
    // careful mode: the records of the other group of the merge being tested carry its number here, so that a link's
    // far end is known to be in it without finding its group
    const inOther = kind ? new Int32Array(n).fill(-1) : null;
    for (const p of edges) {
      const a = groups.find(left[p]);
      const b = groups.find(right[p]);
      if (a === b) continue;
      const [small, other] = groups.size[a] <= groups.size[b] ? [a, b] : [b, a];
      let allowed = true;
      let reason: Refusal | null = null;
      let sum = 0;
      let links = 0;
      // careful mode counts the confident non-matches across the two groups and refuses the merge when they are more
      // than a small share of the cross pairs (none at all while that share is under one pair): see CONFLICT_SHARE
      const carefulTest = options.mode === 'careful' && !decided?.[p];
      const tolerated = carefulTest ? Math.floor(CONFLICT_SHARE * groups.size[small] * groups.size[other]) : 0;
      let conflicts = 0;
      for (const i of groups.members(small)) {
        for (const j of cannotOf.get(i) ?? []) {
          if (groups.find(j) === other) allowed = false;
        }
        if (!allowed) break;
        if (adj && kind && inOther) {
          // careful mode: only the confident non-matches across count (the sum and count of links are strict mode's)
          if (!carefulTest) continue;
          if (inOther[other] !== p) {
            let j = other;
            do {
              inOther[j] = p;
              j = groups.next[j];
            } while (j !== other);
          }
          for (let k = adj.start[i]; k < adj.start[i + 1]; k++) {
            if ((kind[k] & NON_MATCH_LINK) === 0 || inOther[adj.to[k]] !== p) continue;
            reason ??= { pair: p, left: i, right: adj.to[k], why: scoredBelow(probability[adj.pair[k]], floor) };
            if (++conflicts > tolerated) {
              allowed = false;
              break;
            }
          }
        } else if (adj) {
          for (let k = adj.start[i]; k < adj.start[i + 1]; k++) {
            if (groups.find(adj.to[k]) !== other) continue;
            const q = adj.pair[k];
            sum += probability[q];
            links++;
            if (carefulTest && probability[q] < floor && !decided?.[q]) {
              reason ??= { pair: p, left: i, right: adj.to[k], why: scoredBelow(probability[q], floor) };
              if (++conflicts > tolerated) {
                allowed = false;
                break;
              }
            }
          }
        }
        if (!allowed) break;
      }
      if (allowed && carefulTest && options.conflict) {
        outer: for (const i of groups.members(small)) {
          // a pair scored a match has been weighed by the model, disagreements included, and is left to its
          // score; the test applies to pairs scored below the threshold and to pairs blocking never scored
          // (pairs scored below the confident floor were counted above)
          // (2: scored at or above the threshold, which the impossibilities the model does not weigh still apply to)
          if (adj && kind) {
            for (let k = adj.start[i]; k < adj.start[i + 1]; k++) if (kind[k] & SETTLED_LINK) scoredWith[adj.to[k]] = kind[k] & NON_MATCH_LINK ? 1 : 2;
          }
          for (const j of groups.members(other)) {
            if (scoredWith[j] === 1 || (scoredWith[j] === 2 && !options.impossible)) continue;
            const why = scoredWith[j] === 2 ? options.impossible!(i, j) : conflict(i, j);
            if (why !== null) {
              reason ??= { pair: p, left: i, right: j, why };
              if (++conflicts > tolerated) allowed = false;
            }
            if (!allowed) break;
          }
          if (adj) for (let k = adj.start[i]; k < adj.start[i + 1]; k++) scoredWith[adj.to[k]] = 0;
          if (!allowed) break outer;
        }
      }
      if (allowed && options.mode === 'careful' && !decided?.[p] && options.score && groups.size[small] * groups.size[other] <= BALANCE_PAIRS_LIMIT && groups.size[small] * groups.size[other] > 1) {
        // each link may be plausible while the two groups, taken whole, are different people (a chain of
        // namesakes): the mean log-odds over every pair across them must not be negative
        let logOdds = 0;
        let pairs = 0;
        let worst: { i: number; j: number; q: number } | null = null;
        for (const i of groups.members(small)) {
          for (const j of groups.members(other)) {
            const q = Math.min(Math.max(options.score(i, j), 1e-12), 1 - 1e-12);
            logOdds += Math.log2(q / (1 - q));
            pairs++;
            if (!worst || q < worst.q) worst = { i, j, q };
          }
        }
        if (logOdds / pairs < 0 && worst) {
          allowed = false;
          reason = { pair: p, left: worst.i, right: worst.j, why: `the records of the two persons score ${(logOdds / pairs).toFixed(1)} bits on average against each other (least ${worst.q.toPrecision(2)})` };
        }
      }
      if (allowed && options.mode === 'strict' && links > 0 && sum / links < options.threshold) allowed = false;
      if (allowed && reason) toleratedMerges.push(reason);
      if (allowed) groups.union(a, b);
      else {
        mergesRefused++;
        if (reason) refusals.push(reason);
      }
    }
  }
  const attached = options.mode === 'careful' && options.logPrior !== undefined ? attachLoneRecords(n, groups, adj ?? adjacency(n, left, right, count), left, right, probability, cannotOf, options, floor) : [];
  const person = new Int32Array(n).fill(-1);
  const rootPerson = new Int32Array(n).fill(-1);
  let persons = 0;
  for (let i = 0; i < n; i++) {
    const r = groups.find(i);
    if (rootPerson[r] < 0) rootPerson[r] = persons++;
    person[i] = rootPerson[r];
  }
  const sum = new Float64Array(n);
  const links = new Int32Array(n);
  for (let p = 0; p < count; p++) {
    const i = left[p];
    const j = right[p];
    if (person[i] !== person[j]) continue;
    sum[i] += probability[p];
    sum[j] += probability[p];
    links[i]++;
    links[j]++;
  }
  const clusterProbability = new Float32Array(n);
  let largest = n > 0 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const r = groups.find(i);
    if (groups.size[r] > largest) largest = groups.size[r];
    clusterProbability[i] = groups.size[r] === 1 ? NaN : links[i] > 0 ? sum[i] / links[i] : NaN;
  }
  const flagged = flagPersons(groups, person, refusals, toleratedMerges, left, right, probability, count, floor, options);
  for (const a of attached) {
    const root = groups.find(a.record);
    flagged.push({ reason: 'attached', persons: [person[a.record]], records: [...groups.members(root)].sort((x, y) => x - y), link: a.link, conflict: { left: a.link.left, right: a.link.right, why: a.why } });
  }
  return { person, persons, probability: clusterProbability, mergesRefused, largest, flagged };
}

/** One flag per refused pair of persons (its strongest refused link), and one per person holding a conflict. */
function flagPersons(
  groups: Groups,
  person: Int32Array,
  refusals: readonly Refusal[],
  tolerated: readonly Refusal[],
  left: Int32Array,
  right: Int32Array,
  probability: Float32Array,
  count: number,
  floor: number,
  options: ClusterOptions,
): FlaggedPerson[] {
  const recordsOf = (root: number) => [...groups.members(root)].sort((x, y) => x - y);
  const flagged: FlaggedPerson[] = [];
  const seen = new Set<string>();
  for (const r of refusals) {
    const a = groups.find(left[r.pair]);
    const b = groups.find(right[r.pair]);
    if (a === b) continue;
    const pa = person[left[r.pair]];
    const pb = person[right[r.pair]];
    const key = pa < pb ? `${pa}:${pb}` : `${pb}:${pa}`;
    if (seen.has(key)) continue;
    seen.add(key);
    flagged.push({
      reason: 'merge-refused',
      persons: [pa, pb],
      records: [...recordsOf(a), ...recordsOf(b)].sort((x, y) => x - y),
      link: { left: left[r.pair], right: right[r.pair], probability: probability[r.pair] },
      conflict: { left: r.left, right: r.right, why: r.why },
    });
  }
  // conflicts inside persons: every pair of a person up to a size, its scored pairs beyond
  const inside = new Map<number, { left: number; right: number; why: string }>();
  for (const t of tolerated) if (!inside.has(person[t.left])) inside.set(person[t.left], { left: t.left, right: t.right, why: t.why });
  for (let p = 0; p < count; p++) {
    const i = left[p];
    const j = right[p];
    if (person[i] !== person[j] || probability[p] >= floor || inside.has(person[i]) || options.decided?.[p]) continue;
    inside.set(person[i], { left: i, right: j, why: scoredBelow(probability[p], floor) });
  }
  // careful merging already tested every pair it put together, except a reviewer's matches: only then, or in the
  // other modes, can a person hold a conflict the test would find
  let anyDecided = false;
  if (options.decided) for (let p = 0; p < count && !anyDecided; p++) anyDecided = options.decided[p] === 1 && probability[p] >= options.threshold;
  if (options.conflict && (options.mode !== 'careful' || anyDecided)) {
    const adj = adjacency(person.length, left, right, count);
    const scoredWith = new Uint8Array(person.length);
    const checked = new Uint8Array(person.length);
    for (let i = 0; i < person.length; i++) {
      const root = groups.find(i);
      if (checked[root] || groups.size[root] === 1) continue;
      checked[root] = 1;
      if (groups.size[root] > ALL_PAIRS_CHECK_LIMIT || inside.has(person[i])) continue;
      const members = recordsOf(root);
      for (let x = 0; x < members.length && !inside.has(person[i]); x++) {
        const a = members[x];
        // a reviewer's match was not weighed by the model: its conflicts are still shown
        for (let k = adj.start[a]; k < adj.start[a + 1]; k++) {
          if (!options.decided?.[adj.pair[k]] && probability[adj.pair[k]] >= options.threshold) scoredWith[adj.to[k]] = 1;
        }
        for (let y = x + 1; y < members.length; y++) {
          if (scoredWith[members[y]]) continue;
          const why = options.conflict(a, members[y]);
          if (why !== null) {
            inside.set(person[i], { left: a, right: members[y], why });
            break;
          }
        }
        for (let k = adj.start[a]; k < adj.start[a + 1]; k++) scoredWith[adj.to[k]] = 0;
      }
    }
  }
  for (const [p, c] of [...inside].sort((x, y) => x[0] - y[0])) {
    flagged.push({ reason: 'conflict-inside', persons: [p], records: recordsOf(groups.find(c.left)), link: null, conflict: c });
  }
  return flagged;
}

/**
 * A record left alone may join a person without a link at the threshold when its person-level probability is at
 * least this: more probable than every other candidate person and "nobody here" together.
 */
export const ATTACH_PROBABILITY = 0.5;

/** Links below this probability do not make a person a candidate for a lone record. */
const ATTACH_LINK_FLOOR = 0.5;

interface Attachment {
  record: number;
  link: { left: number; right: number; probability: number };
  why: string;
}

/**
 * Records left alone that most probably belong to a person already formed. A record that carries only a name (a
 * will index, a land tax list) scores no pair at the threshold: the name alone is not enough for two records, and
 * pair by pair the model cannot know that one of the two belongs to a person documented many times. Taken against
 * persons instead of records, the prior changes: a record belongs to a given person of k records with probability
 * about k / (n − 1), where the pair prior λ is the average of that over all records, λ (n − 1) records per record
 * (the size-biased prior of a Chinese-restaurant process, the usual prior over partitions in Bayesian entity
 * resolution; Steorts, Hall and Fienberg 2016, "A Bayesian approach to graphical record linkage and
 * de-duplication"). So the odds that lone record r belongs to person C are the odds of its best link into C times
 * k / (λ (n − 1)), and the probability of C is those odds against the odds of every other candidate person (any
 * person holding a link of probability ≥ {@link ATTACH_LINK_FLOOR}) and of none. The record joins C when that
 * probability reaches {@link ATTACH_PROBABILITY} and nothing forbids it: no reviewer's non-match, conflicts with at
 * most {@link CONFLICT_SHARE} of C's records, and evidence not on balance against (the mean match weight over all
 * of C's records, as for a merge). Candidates are taken strongest first; each joining is flagged for review.
 */
function attachLoneRecords(
  n: number,
  groups: Groups,
  adj: { start: Int32Array; to: Int32Array; pair: Int32Array },
  left: Int32Array,
  right: Int32Array,
  probability: Float32Array,
  cannotOf: Map<number, number[]>,
  options: ClusterOptions,
  floor: number,
): Attachment[] {
  const logPrior = options.logPrior ?? 0;
  const lambda = 1 / (1 + 2 ** -logPrior);
  const perRecord = Math.max(1, lambda * (n - 1));
  const clamp = (q: number) => Math.min(Math.max(q, 1e-12), 1 - 1e-12);
  const proposals: Array<{ record: number; target: number; pair: number; posterior: number }> = [];
  const best = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (groups.size[groups.find(i)] !== 1) continue;
    best.clear();
    for (let k = adj.start[i]; k < adj.start[i + 1]; k++) {
      const q = adj.pair[k];
      if (probability[q] < ATTACH_LINK_FLOOR || options.decided?.[q]) continue;
      const g = groups.find(adj.to[k]);
      const known = best.get(g);
      if (known === undefined || probability[q] > probability[known]) best.set(g, q);
    }
    let total = 1;
    let top = -1;
    let topOdds = 0;
    for (const [g, q] of best) {
      const p = clamp(probability[q]);
      const odds = (p / (1 - p)) * (groups.size[g] / perRecord);
      total += odds;
      if (groups.size[g] > 1 && odds > topOdds) [top, topOdds] = [g, odds];
    }
    if (top >= 0 && topOdds / total >= ATTACH_PROBABILITY) proposals.push({ record: i, target: top, pair: best.get(top)!, posterior: topOdds / total });
  }
  proposals.sort((a, b) => b.posterior - a.posterior || a.record - b.record);
  const conflict = options.conflict ?? (() => null);
  const attached: Attachment[] = [];
  for (const { record, target, pair, posterior } of proposals) {
    const b = groups.find(target);
    const a = groups.find(record);
    if (a === b || groups.size[a] !== 1 || groups.size[b] > BALANCE_PAIRS_LIMIT) continue;
    const forbidden = new Set(cannotOf.get(record) ?? []);
    const tolerated = Math.floor(CONFLICT_SHARE * groups.size[b]);
    let conflicts = 0;
    let logOdds = 0;
    let allowed = true;
    for (const j of groups.members(b)) {
      if (forbidden.has(j)) allowed = false;
      const q = options.score ? options.score(record, j) : NaN;
      if (conflict(record, j) !== null || q < floor) conflicts++;
      if (q === q) logOdds += Math.log2(clamp(q) / (1 - clamp(q)));
      if (!allowed || conflicts > tolerated) {
        allowed = false;
        break;
      }
    }
    if (!allowed || logOdds < 0) continue;
    groups.union(a, b);
    attached.push({
      record,
      link: { left: left[pair], right: right[pair], probability: probability[pair] },
      why: `joined alone, with no link at the threshold: person-level probability ${posterior.toPrecision(2)} (${groups.size[groups.find(record)] - 1} records, best link ${probability[pair].toPrecision(2)})`,
    });
  }
  return attached;
}
