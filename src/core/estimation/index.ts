/** Multiple systems estimation engines: see docs/estimation.md. */
export {
  parseCaptureTable,
  tableFromCaptureHistories,
  makeTable,
  assessTable,
  CaptureTableError,
  type CaptureHistory,
  type CaptureTable,
  type ParsedCaptureTable,
  type Stratum,
} from './table.ts';
export { workerChainRunner } from './chain-pool.ts';
export { runLcmcrChain, resolveLcmcrOptions, LCMCR_DEFAULTS, type LcmcrOptions, type LcmcrChainResult } from './lcmcr.ts';
export { runDga, sampleGrid, summarizeGrid, type DgaOptions, type DgaResult, type NPrior } from './dga.ts';
export { runLoglinear, candidateModels, profileInterval, type LoglinearResult } from './loglinear.ts';
export { runChapman, type ChapmanResult } from './chapman.ts';
export { splitRhat, effectiveSampleSize, summarizeDraws } from './diagnostics.ts';
export { estimatePopulation, runChainsHere, methodUnavailable, ALL_METHODS, type EstimateOptions, type EstimateReport, type MethodName, type ChainRunner } from './estimate.ts';
export type { MethodEstimate } from './summaries.ts';
export { ESTIMATION_DEFAULTS, ESTIMATION_LIMITS, CONVERGENCE, assessConvergence, defaultClasses, type Convergence } from './defaults.ts';
export { drawsCsv, reportDrawSeries, csvField, DRAWS_CSV_HEADER, type DrawSeries } from './draws-csv.ts';
export { parseModelSpec } from './loglinear.ts';
export { Rng } from './rng.ts';
