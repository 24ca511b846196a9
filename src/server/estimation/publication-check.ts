import { convergenceOfEntry } from '../../core/estimation/defaults.ts';
import type { EstimateRow } from './tables.ts';

type Entry = Record<string, unknown>;

/** Every LCMCR entry of a stored report (the total and each stratum) that did not converge, named for a person. */
export function unconvergedRuns(result: Record<string, unknown> | null): { where: string; reasons: string[] }[] {
  if (!result) return [];
  const found: { where: string; reasons: string[] }[] = [];
  const check = (entry: Entry, where: string): void => {
    const c = convergenceOfEntry(entry);
    if (c && !c.converged) found.push({ where, reasons: c.reasons });
  };
  for (const t of (result.total as Entry[] | undefined) ?? []) check(t, 'total');
  const strata = (result.strata as (Entry & { label?: string; methods?: Entry[] })[] | undefined) ?? [];
  if (strata.length > 1) for (const s of strata) for (const m of s.methods ?? []) check(m, `stratum ${String(s.label)}`);
  return found;
}

/**
 * Why an estimate may not be made public, or null: a sampler run that did not converge, unless a person recorded a
 * reason to publish it anyway. The publication module asks this before making an estimate public.
 */
export function estimatePublicationRefusal(row: Pick<EstimateRow, 'result' | 'convergence_override'>): { code: string; message: string } | null {
  if (row.convergence_override) return null;
  const unconverged = unconvergedRuns(row.result);
  if (unconverged.length === 0) return null;
  return {
    code: 'estimate_not_converged',
    message: `The LCMCR sampler did not converge (${unconverged.map((u) => `${u.where}: ${u.reasons.join('; ')}`).join(' | ')}). Rerun with longer chains, or record a reason for publishing it anyway.`,
  };
}
