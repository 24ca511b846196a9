import type { EstimateReport, MethodEstimate } from '../../core/estimation/index.ts';

/** At most this many posterior draws of N are kept per method for the chart. */
export const MAX_STORED_DRAWS = 2000;

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

function methodForStorage(m: MethodEstimate, keepDraws: boolean): Record<string, unknown> {
  const { draws, chains, ...rest } = m;
  void chains;
  return {
    ...rest,
    // JSON has no Infinity: an interval with no upper end is stored as null.
    lower: finite(m.lower),
    upper: finite(m.upper),
    ...(keepDraws && draws ? { posterior: thinDraws(draws) } : {}),
  };
}

function totalForStorage(t: TotalEntry): Record<string, unknown> {
  if (t.estimate === null) return { ...t };
  return methodForStorage(t as MethodEstimate, true);
}

/** The report as stored and served: the large arrays dropped, a thinned posterior kept for each total. */
export function storableReport(report: EstimateReport): Record<string, unknown> {
  return {
    lists: report.lists,
    strataColumns: report.strataColumns,
    observed: report.observed,
    warnings: report.warnings,
    total: report.total.map(totalForStorage),
    strata: report.strata.map((s) => ({ ...s, methods: s.methods.map((m) => methodForStorage(m, false)) })),
  };
}
