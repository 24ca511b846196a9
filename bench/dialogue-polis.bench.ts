/**
 * Pol.is-compatible grouping against Pol.is's own groups on the shared Pol.is conversations: adjusted Rand
 * index (over the participants both clustered) for the default analysis and for the time-ordered replay
 * (--polis-compatible), and the replay's time.
 *
 *   node --import tsx bench/dialogue-polis.bench.ts [interval-seconds ...]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sharedPath } from '../test/shared-data.ts';
import { adjustedRandIndex, analyzeDialogue, replayPolis } from '../src/core/dialogue/index.ts';
import { parsePolisExport, timedVotes, toDialogue, type PolisExportTexts } from '../src/core/polis-format/index.ts';

const CONVERSATIONS = [
  '15-per-hour-seattle',
  'austria-climate.5twd2jsnkf.2022-08-08',
  'bg2050-volunteers',
  'brexit-consensus',
  'canadian-electoral-reform',
  'scoop-hivemind.biodiversity',
  'vtaiwan.uberx',
];

function readExport(name: string): PolisExportTexts {
  const file = (f: string) => sharedPath('data', 'polis', name, f);
  const read = (f: string) => (existsSync(file(f)) ? readFileSync(file(f), 'utf8') : undefined);
  return { summary: read('summary.csv'), comments: read('comments.csv')!, votes: read('votes.csv'), participantsVotes: read('participants-votes.csv') };
}

function ariAgainstPolis(groupOf: Int32Array, polisGroup: Int32Array): { ari: number; compared: number } | null {
  const both: number[] = [];
  for (let p = 0; p < groupOf.length; p++) if (groupOf[p] >= 0 && polisGroup[p] >= 0) both.push(p);
  if (both.length < 2) return null;
  return { ari: adjustedRandIndex(both.map((p) => groupOf[p]), both.map((p) => polisGroup[p])), compared: both.length };
}

if (!existsSync(sharedPath('data', 'polis'))) {
  console.log('skipping: reference data shared/data/polis is not present');
  process.exit(0);
}
const intervals = process.argv.slice(2).map(Number).filter((x) => x > 0);
if (intervals.length === 0) intervals.push(60);
console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const rows: string[] = [];
const sums = new Map<string, number[]>();
for (const name of CONVERSATIONS) {
  const exp = parsePolisExport(readExport(name));
  const dlg = toDialogue(exp);
  const polisGroups = new Set(Array.from(dlg.polisGroup).filter((g) => g >= 0)).size;
  if (polisGroups === 0) {
    rows.push(`${name}: the export has no Pol.is group ids; nothing to compare`);
    continue;
  }
  const def = analyzeDialogue({ matrix: dlg.matrix, active: dlg.active }, { seed: 1, bridging: false });
  const d = ariAgainstPolis(def.clustering.groupOf, dlg.polisGroup)!;
  (sums.get('default') ?? sums.set('default', []).get('default')!).push(d.ari);
  const cells = [`default k=${def.clustering.groupCount} ARI ${d.ari.toFixed(3)}`];
  for (const seconds of intervals) {
    const t = performance.now();
    const r = replayPolis(timedVotes(exp, dlg), dlg.matrix.nParticipants, dlg.matrix.nStatements, dlg.active, { intervalMs: seconds * 1000 });
    const ms = performance.now() - t;
    const c = ariAgainstPolis(r.groupOf, dlg.polisGroup)!;
    const key = `replay ${seconds}s`;
    (sums.get(key) ?? sums.set(key, []).get(key)!).push(c.ari);
    cells.push(`${key}: k=${r.shownK} (best ${r.bestK}) ARI ${c.ari.toFixed(3)} over ${c.compared}, ${r.updates} updates, ${(ms / 1000).toFixed(1)} s`);
  }
  rows.push(`${name} (Pol.is k=${polisGroups}, in groups ${Array.from(dlg.polisGroup).filter((g) => g >= 0).length}):\n  ${cells.join('\n  ')}`);
}
console.log(rows.join('\n'));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const [key, xs] of sums) console.log(`mean ARI ${key}: ${mean(xs).toFixed(3)} over ${xs.length} conversations`);
// Leave-one-out: the update interval is the one constant chosen on these conversations. For each conversation,
// pick the interval with the best mean ARI on the others, and score the held-out one with it.
const keys = intervals.map((seconds) => `replay ${seconds}s`);
const n = sums.get(keys[0])?.length ?? 0;
if (keys.length > 1 && n > 1) {
  const heldOut: number[] = [];
  const picks: string[] = [];
  for (let i = 0; i < n; i++) {
    const others = (key: string) => mean(sums.get(key)!.filter((_, j) => j !== i));
    const best = keys.reduce((a, b) => (others(b) > others(a) ? b : a));
    heldOut.push(sums.get(best)![i]);
    picks.push(best.replace('replay ', ''));
  }
  console.log(`leave-one-out mean ARI (interval chosen on the other conversations: ${picks.join(', ')}): ${mean(heldOut).toFixed(3)}`);
}
console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
