import type { EstimateReport } from './estimate.ts';

/**
 * Posterior draws as CSV, one row per kept draw, so anyone can run their own trace plots or coda checks:
 * `stratum,method,chain,draw,N,occupied_classes`. LCMCR rows carry their chain and the number of latent classes in
 * use at that draw; dga rows are draws from its exact posterior on the grid (no chain).
 */

export interface DrawSeries {
  stratum: string;
  method: string;
  /** 1-based chain number, or null for draws that do not come from a chain. */
  chain: number | null;
  N: ArrayLike<number>;
  occupied?: ArrayLike<number>;
}

export const DRAWS_CSV_HEADER = 'stratum,method,chain,draw,N,occupied_classes';

/** A CSV field: quoted when needed, and a leading formula character defused so spreadsheets show it as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function drawsCsv(series: DrawSeries[]): string {
  const lines = [DRAWS_CSV_HEADER];
  for (const s of series) {
    const stratum = csvField(s.stratum);
    const chain = s.chain === null ? '' : String(s.chain);
    for (let i = 0; i < s.N.length; i++) {
      const occupied = s.occupied && i < s.occupied.length ? String(s.occupied[i]) : '';
      lines.push(`${stratum},${s.method},${chain},${i + 1},${Math.round(s.N[i])},${occupied}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The draw series of an in-memory report: every stratum's LCMCR chains and dga draws, and the total over strata. */
export function reportDrawSeries(report: EstimateReport): DrawSeries[] {
  const series: DrawSeries[] = [];
  const single = report.strata.length === 1;
  for (const stratum of report.strata) {
    const label = single ? 'all' : stratum.label;
    for (const m of stratum.methods) {
      if (m.chains) m.chains.forEach((N, c) => series.push({ stratum: label, method: m.method, chain: c + 1, N, occupied: m.occupied?.[c] }));
      else if (m.draws) series.push({ stratum: label, method: m.method, chain: null, N: m.draws });
    }
  }
  if (!single) {
    for (const t of report.total) {
      if (t.estimate === null) continue;
      if (t.chains) t.chains.forEach((N, c) => series.push({ stratum: 'total', method: t.method, chain: c + 1, N }));
      else if (t.draws) series.push({ stratum: 'total', method: t.method, chain: null, N: t.draws });
    }
  }
  return series;
}
