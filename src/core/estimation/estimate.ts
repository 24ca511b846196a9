import { runChapman } from './chapman.ts';
import { ESTIMATION_DEFAULTS } from './defaults.ts';
import { DGA_MAX_LISTS, DGA_MIN_LISTS, runDga, sampleGrid, type NPrior } from './dga.ts';
import { lcmcrChainSweeps, resolveLcmcrOptions, runLcmcrChain, type LcmcrChainResult, type LcmcrOptions } from './lcmcr.ts';
import { LOGLINEAR_MAX_LISTS, parseModelSpec, runLoglinear } from './loglinear.ts';
import { Rng } from './rng.ts';
import { summarizeChapman, summarizeDga, summarizeLcmcr, summarizeLoglinear, sumStrata, type MethodEstimate } from './summaries.ts';
import { assessTable, overlapCount, type CaptureTable, type ParsedCaptureTable } from './table.ts';

/**
 * Runs the chosen estimators on every stratum of a parsed table and adds the strata up. Pure apart from the
 * optional chain runner, which a caller may supply to spread LCMCR chains over worker threads.
 */

export type MethodName = MethodEstimate['method'];
export const ALL_METHODS: MethodName[] = ['lcmcr', 'dga', 'loglinear', 'chapman'];

export type ChainRunner = (
  table: CaptureTable,
  options: LcmcrOptions,
  chains: number,
  onSweeps: (sweepsDone: number) => void,
) => Promise<LcmcrChainResult[]>;

export interface EstimateOptions {
  methods: MethodName[];
  seed?: number;
  lcmcr?: Omit<LcmcrOptions, 'seed'> & { chains?: number };
  dga?: { delta?: number; prior?: NPrior };
  /** `model`: a model named by hand (see parseModelSpec); otherwise the criterion chooses. */
  loglinear?: { criterion?: 'aic' | 'bic'; model?: string };
  /** Called with the fraction of work done (0..1) and what is running. */
  onProgress?: (fraction: number, label: string) => void;
  runChains?: ChainRunner;
}

export interface StratumEstimate {
  label: string;
  values: string[];
  observed: number;
  overlaps: number;
  estimable: boolean;
  warnings: string[];
  methods: MethodEstimate[];
}

export interface EstimateReport {
  lists: string[];
  strataColumns: string[];
  observed: number;
  strata: StratumEstimate[];
  /** Per method, the estimate of the whole population (the sum of strata when stratified); null if it cannot be given. */
  total: (MethodEstimate | { method: MethodName; estimate: null; warnings: string[] })[];
  warnings: string[];
}

/** Sequential chain runner: the default, and what worker threads run for one chain each. */
export const runChainsHere: ChainRunner = async (table, options, chains, onSweeps) => {
  const results: LcmcrChainResult[] = [];
  let before = 0;
  for (let c = 0; c < chains; c++) {
    results.push(runLcmcrChain(table, options, c, (done) => onSweeps(before + done)));
    before += lcmcrChainSweeps(resolveLcmcrOptions(options, table.lists.length));
  }
  return results;
};

/** Why a method cannot run on a table of this shape, or undefined if it can. */
export function methodUnavailable(method: MethodName, lists: number): string | undefined {
  if (method === 'chapman' && lists !== 2) return `Chapman's estimator needs exactly two lists (this table has ${lists})`;
  if (method === 'dga' && (lists < DGA_MIN_LISTS || lists > DGA_MAX_LISTS)) return `dga model averaging needs ${DGA_MIN_LISTS} to ${DGA_MAX_LISTS} lists (this table has ${lists})`;
  if (method === 'loglinear' && lists > LOGLINEAR_MAX_LISTS) return `the log-linear model search needs at most ${LOGLINEAR_MAX_LISTS} lists (this table has ${lists})`;
  if (method === 'lcmcr' && lists < 3) return `LCMCR needs at least three lists (this table has ${lists}); with two, heterogeneity cannot be told from dependence`;
  return undefined;
}

export async function estimatePopulation(parsed: ParsedCaptureTable, options: EstimateOptions): Promise<EstimateReport> {
  const k = parsed.lists.length;
  const seed = options.seed ?? ESTIMATION_DEFAULTS.seed;
  const chains = options.lcmcr?.chains ?? ESTIMATION_DEFAULTS.chains;
  if (!Number.isInteger(chains) || chains < 1 || chains > 64) throw new RangeError(`chains must be a whole number from 1 to 64, got ${chains}`);
  const { chains: _chains, ...lcmcrGiven } = options.lcmcr ?? {};
  void _chains;
  const resolvedLcmcr = resolveLcmcrOptions({ ...lcmcrGiven, seed }, k);
  // K* resolved once for the table, so every chain (here or on a worker) runs the same truncation.
  const lcmcrOptions: LcmcrOptions = { ...lcmcrGiven, classes: resolvedLcmcr.classes, seed };
  const runChains = options.runChains ?? runChainsHere;
  const warnings = [...parsed.warnings];
  const methods: MethodName[] = [];
  for (const m of [...new Set(options.methods)]) {
    const why = methodUnavailable(m, k);
    if (why) warnings.push(`${m} skipped: ${why}`);
    else methods.push(m);
  }
  if (methods.length === 0) throw new RangeError(`none of the requested methods can run on ${k} lists: ${options.methods.map((m) => methodUnavailable(m, k)).join('; ')}`);
  // A hand-named log-linear model is checked against the lists before any work, so a typo fails fast.
  if (options.loglinear?.model !== undefined && methods.includes('loglinear')) parseModelSpec(options.loglinear.model, parsed.lists);

  // Progress is weighted by LCMCR sweeps (by far the longest work); other methods count as one chain's worth.
  const sweepsPerStratum = chains * lcmcrChainSweeps(resolvedLcmcr);
  const unitWork = methods.includes('lcmcr') ? sweepsPerStratum / 20 : 1;
  const workPerStratum = methods.reduce((a, m) => a + (m === 'lcmcr' ? sweepsPerStratum : unitWork), 0);
  const totalWork = workPerStratum * parsed.strata.length;
  let workDone = 0;
  const report = (label: string, extra = 0): void => options.onProgress?.(Math.min(1, (workDone + extra) / totalWork), label);

  const strata: StratumEstimate[] = [];
  for (const [index, stratum] of parsed.strata.entries()) {
    const label = parsed.strata.length > 1 ? stratum.label : 'the table';
    const assessment = assessTable(stratum.table, label);
    const result: StratumEstimate = {
      label: stratum.label,
      values: stratum.values,
      observed: stratum.table.observed,
      overlaps: overlapCount(stratum.table),
      estimable: assessment.estimable,
      warnings: assessment.warnings,
      methods: [],
    };
    strata.push(result);
    if (!assessment.estimable) {
      workDone += workPerStratum;
      report(`${stratum.label}: skipped`);
      continue;
    }
    for (const method of methods) {
      const where = parsed.strata.length > 1 ? `${stratum.label}, ${method}` : method;
      report(where);
      try {
        result.methods.push(await runMethod(method, stratum.table, index));
      } catch (error) {
        result.warnings.push(`${method} could not estimate ${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
      workDone += method === 'lcmcr' ? sweepsPerStratum : unitWork;
      report(where);
    }
  }

  async function runMethod(method: MethodName, table: CaptureTable, index: number): Promise<MethodEstimate> {
    switch (method) {
      case 'lcmcr': {
        const stratumSeed = seed + index * 1_000_003;
        const results = await runChains(table, { ...lcmcrOptions, seed: stratumSeed }, chains, (sweeps) => report('lcmcr', sweeps));
        return summarizeLcmcr(table.observed, results, resolvedLcmcr.classes, {
          burnin: resolvedLcmcr.burnin,
          thinning: resolvedLcmcr.thinning,
          seed: stratumSeed,
        });
      }
      case 'dga': {
        const result = runDga(table, options.dga);
        const draws = sampleGrid(result.N, result.posterior, 4000, new Rng(seed, 7919 + index));
        return summarizeDga(table.observed, result, draws, table.lists);
      }
      case 'loglinear':
        return summarizeLoglinear(table.observed, runLoglinear(table, options.loglinear));
      case 'chapman':
        return summarizeChapman(table.observed, runChapman(table));
    }
  }

  const total: EstimateReport['total'] = [];
  for (const method of methods) {
    if (strata.length === 1) {
      const only = strata[0].methods.find((m) => m.method === method);
      total.push(only ?? { method, estimate: null, warnings: [`${method} gave no estimate (see the warnings above)`] });
      continue;
    }
    const parts = strata.map((s) => s.methods.find((m) => m.method === method));
    const missing = strata.filter((_, i) => !parts[i]).map((s) => s.label);
    if (missing.length > 0) {
      total.push({
        method,
        estimate: null,
        warnings: [`no total: ${method} could not estimate stratum ${missing.join('; ')}. Merge sparse strata or estimate without --strata.`],
      });
      continue;
    }
    total.push(sumStrata(parts as MethodEstimate[]));
  }
  options.onProgress?.(1, 'done');
  return { lists: parsed.lists, strataColumns: parsed.strataColumns, observed: parsed.total.observed, strata, total, warnings };
}
