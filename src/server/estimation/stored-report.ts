import { csvField, drawsCsv, type DrawSeries, type EstimateReport, type MethodEstimate } from '../../core/estimation/index.ts';

/**
 * The report as stored in `estimates.result`. Version 2 (migration 202612062200) keeps, beside the figures, each
 * LCMCR chain's draws and occupied-class counts (for the draws CSV and the trace plots) and the convergence verdict;
 * version 1 reports (before) have a thinned pooled posterior only, and still render.
 */
export const REPORT_VERSION = 2;

/** At most this many posterior draws of N are kept per method for the chart. */
export const MAX_STORED_DRAWS = 2000;
/** At most this many draws per chain are kept for the draws CSV (evenly thinned beyond it, and said so). */
export const MAX_STORED_CHAIN_DRAWS = 20_000;

type TotalEntry = EstimateReport['total'][number];

/** Evenly spaced draws, so the kept sample has the distribution of the whole. */
export function thinDraws(draws: ArrayLike<number>, max = MAX_STORED_DRAWS): number[] {
  const n = draws.length;
  if (n <= max) return Array.from(draws, (x) => Math.round(x));
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(Math.round(draws[Math.floor((i * n) / max)]));
  return out;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function methodForStorage(m: MethodEstimate): Record<string, unknown> {
  const { draws, chains, occupied, ...rest } = m;
  return {
    ...rest,
    // JSON has no Infinity: an interval with no upper end (or a NaN diagnostic) is stored as null.
    lower: finite(m.lower),
    upper: finite(m.upper),
    diagnostics: Object.fromEntries(Object.entries(m.diagnostics).map(([k, v]) => [k, typeof v === 'number' ? finite(v) : v])),
    ...(draws ? { posterior: thinDraws(draws) } : {}),
    ...(chains ? { chainDraws: chains.map((c) => thinDraws(c, MAX_STORED_CHAIN_DRAWS)) } : {}),
    ...(occupied ? { occupiedClasses: occupied.map((c) => thinDraws(c, MAX_STORED_CHAIN_DRAWS)) } : {}),
  };
}

function totalForStorage(t: TotalEntry): Record<string, unknown> {
  if (t.estimate === null) return { ...t };
  return methodForStorage(t as MethodEstimate);
}

/** The report as stored and served: figures, diagnostics, convergence, each chain's draws (capped) and a thinned posterior. */
export function storableReport(report: EstimateReport): Record<string, unknown> {
  return {
    lists: report.lists,
    strataColumns: report.strataColumns,
    observed: report.observed,
    warnings: report.warnings,
    total: report.total.map(totalForStorage),
    strata: report.strata.map((s) => ({ ...s, methods: s.methods.map(methodForStorage) })),
  };
}

type Entry = Record<string, unknown>;
const numbers = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined);

/**
 * The draws CSV of a stored report: each stratum's LCMCR chains (version 2) and dga draws, the totals of a stratified
 * estimate; a version 1 report has only each total's thinned pooled posterior, written without chain numbers.
 */
export function storedDrawsCsv(result: Record<string, unknown> | null): string {
  const series: DrawSeries[] = [];
  const add = (entry: Entry, stratum: string): void => {
    const chains = Array.isArray(entry.chainDraws) ? (entry.chainDraws as unknown[]).map(numbers) : undefined;
    const occupied = Array.isArray(entry.occupiedClasses) ? (entry.occupiedClasses as unknown[]).map(numbers) : undefined;
    const method = /^[a-z]+$/.test(String(entry.method)) ? String(entry.method) : csvField(String(entry.method));
    if (chains && chains.every(Boolean)) chains.forEach((N, c) => series.push({ stratum, method, chain: c + 1, N: N!, occupied: occupied?.[c] }));
    else if (numbers(entry.posterior)) series.push({ stratum, method, chain: null, N: numbers(entry.posterior)! });
  };
  if (result) {
    const strata = (result.strata as (Entry & { label?: string; methods?: Entry[] })[] | undefined) ?? [];
    if (strata.length > 1) {
      for (const s of strata) for (const m of s.methods ?? []) add(m, String(s.label ?? ''));
      for (const t of (result.total as Entry[] | undefined) ?? []) add(t, 'total');
    } else {
      // One stratum: its methods carry the draws (version 2); a version 1 report only the totals' posterior.
      const methods = strata[0]?.methods ?? [];
      const source = methods.some((m) => Array.isArray(m.chainDraws) || Array.isArray(m.posterior)) ? methods : ((result.total as Entry[] | undefined) ?? []);
      for (const m of source) add(m, 'all');
    }
  }
  return drawsCsv(series);
}
