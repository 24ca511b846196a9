/**
 * Small-cell suppression of casualty statistics (src/server/casualties/suppression.ts) on the figures of a large
 * run: 100,000 persons, 10 lists (every capture pattern), 2,000 places and 400 days with skewed counts, so that
 * many cells are small. Measures `publishStats` (the exact test by row reduction included), in process.
 *
 *   node --import tsx bench/casualties-suppression.bench.ts [--runs 5]
 */
import { publishStats, type ExactStats } from '../src/server/casualties/suppression.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
// a large run: 100,000 persons, 10 lists (all 1023 patterns), 2,000 places, 400 days over 14 months
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const split = (total: number, n: number) => { const w = Array.from({ length: n }, () => rnd() ** 4); const s = w.reduce((a, b) => a + b, 0); const out = w.map((x) => Math.floor((x / s) * total)); out[0] += total - out.reduce((a, b) => a + b, 0); return out; };
const N = 100_000;
const k = 10;
const patterns = Array.from({ length: 2 ** k - 1 }, (_, i) => (i + 1).toString(2).padStart(k, '0'));
const pc = split(N, patterns.length);
const days = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(1992, 0, 1 + i)).toISOString().slice(0, 10));
const dc = split(N - 5000, days.length);
const months = new Map<string, number>();
days.forEach((d, i) => months.set(d.slice(0, 7), (months.get(d.slice(0, 7)) ?? 0) + dc[i]));
const rows = (keys: string[], counts: number[]) => keys.map((key, i) => ({ key, persons: counts[i] })).filter((r) => r.persons > 0);
const s: ExactStats = {
  runId: 'r', sources: Array.from({ length: k }, (_, i) => ({ id: `s${i}`, name: `L${i}` })),
  totals: { records: N * 2, persons: N, linkedPersons: 40_000 },
  bySex: rows(['female', 'male', 'unknown', 'conflicting'], [50_000, 49_990, 8, 2]),
  byAgeBand: rows(['0-4', '5-14', '15-17', '18-29', '30-44', '45-59', '60-74', '75+', 'unknown', 'conflicting'], split(N, 10)),
  byStatus: rows(['civilian', 'combatant', 'unknown'], [90_000, 9_999, 1]),
  byDeathDay: [...rows(days, dc), { key: 'unknown', persons: 5000 }],
  byDeathMonth: [...[...months].map(([key, persons]) => ({ key, persons })), { key: 'unknown', persons: 5000 }],
  byPlace: rows(Array.from({ length: 2000 }, (_, i) => `P${i}`), split(N, 2000)),
  coverage: Array.from({ length: k }, (_, i) => { const p = patterns.reduce((a, q, c) => a + (q[i] === '1' ? pc[c] : 0), 0); return { sourceId: `s${i}`, name: `L${i}`, records: p, persons: p, share: p / N }; }),
  overlaps: patterns.map((pattern, i) => ({ pattern, sourceIds: [], persons: pc[i] })).filter((o) => o.persons > 0),
  disagreements: { persons: 100, byField: [{ field: 'age', persons: 98 }, { field: 'sex', persons: 2 }], examples: [] },
};
const small = (xs: Array<{ persons: number }>) => xs.filter((x) => x.persons > 0 && x.persons < 3).length;
console.log(`cells: places ${s.byPlace.length} (small ${small(s.byPlace)}), patterns ${s.overlaps.length} (small ${small(s.overlaps)}), days ${s.byDeathDay.length} (small ${small(s.byDeathDay)})`);
const times: number[] = [];
console.log(`load average ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
let out;
for (let r = 0; r < RUNS; r++) { const t0 = process.hrtime.bigint(); out = publishStats(s, 3); times.push(Number(process.hrtime.bigint() - t0) / 1e6); }
times.sort((a, b) => a - b);
console.log(`publishStats ms: median ${times[Math.floor(times.length / 2)].toFixed(0)}, all ${times.map((t) => t.toFixed(0)).join(' ')}; hidden ${out!.suppression.hidden}; coverage hidden ${out!.coverage.filter((c) => c.suppressed).length}`);
console.log(`cpu user s: ${(process.cpuUsage().user / 1e6).toFixed(1)}`);
