/**
 * Records into persons. `connected`: the connected components of the links at or above the threshold. `strict`:
 * links are taken strongest first and two groups merge only when the average probability of all scored pairs
 * between them reaches the threshold, so that A~B and B~C do not pull in a C that looks nothing like A (the
 * chaining that single-linkage clustering is known for). In both modes a reviewer's non-match decision between
 * any two members keeps their groups apart.
 */
export interface ClusterOptions {
  threshold: number;
  mode: 'connected' | 'strict';
  /** Pairs that must never end up in one person (reviewer non-match decisions). */
  cannotLink?: Array<[number, number]>;
}

export interface Clusters {
  /** Dense person number per record, numbered in order of each person's first record. */
  person: Int32Array;
  persons: number;
  /** Mean match probability of each record's scored links within its person; NaN for a person of one record. */
  probability: Float32Array;
  mergesRefused: number;
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

function adjacency(n: number, left: Int32Array, right: Int32Array, count: number): { start: Int32Array; to: Int32Array; pair: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let p = 0; p < count; p++) {
    start[left[p] + 1]++;
    start[right[p] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const to = new Int32Array(2 * count);
  const pair = new Int32Array(2 * count);
  for (let p = 0; p < count; p++) {
    to[fill[left[p]]] = right[p];
    pair[fill[left[p]]++] = p;
    to[fill[right[p]]] = left[p];
    pair[fill[right[p]]++] = p;
  }
  return { start, to, pair };
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
  const careful = options.mode === 'strict' || cannot.length > 0;
  let mergesRefused = 0;
  if (!careful) {
    for (const p of edges) {
      const a = groups.find(left[p]);
      const b = groups.find(right[p]);
      if (a !== b) groups.union(a, b);
    }
  } else {
    edges.sort((x, y) => probability[y] - probability[x] || x - y);
    const cannotOf = new Map<number, number[]>();
    for (const [a, b] of cannot) {
      if (!cannotOf.has(a)) cannotOf.set(a, []);
      if (!cannotOf.has(b)) cannotOf.set(b, []);
      cannotOf.get(a)!.push(b);
      cannotOf.get(b)!.push(a);
    }
    const adj = options.mode === 'strict' ? adjacency(n, left, right, count) : null;
    for (const p of edges) {
      const a = groups.find(left[p]);
      const b = groups.find(right[p]);
      if (a === b) continue;
      const [small, other] = groups.size[a] <= groups.size[b] ? [a, b] : [b, a];
      let allowed = true;
      let sum = 0;
      let links = 0;
      for (const i of groups.members(small)) {
        for (const j of cannotOf.get(i) ?? []) {
          if (groups.find(j) === other) allowed = false;
        }
        if (!allowed) break;
        if (adj) {
          for (let k = adj.start[i]; k < adj.start[i + 1]; k++) {
            if (groups.find(adj.to[k]) === other) {
              sum += probability[adj.pair[k]];
              links++;
            }
          }
        }
      }
      if (allowed && adj && links > 0 && sum / links < options.threshold) allowed = false;
      if (allowed) groups.union(a, b);
      else mergesRefused++;
    }
  }
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
  for (let i = 0; i < n; i++) {
    const r = groups.find(i);
    clusterProbability[i] = groups.size[r] === 1 ? NaN : links[i] > 0 ? sum[i] / links[i] : NaN;
  }
  return { person, persons, probability: clusterProbability, mergesRefused };
}
