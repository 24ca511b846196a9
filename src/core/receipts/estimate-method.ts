/**
 * Multiple systems estimation as a receipt method: the parameters `reckon estimate` and the server record, and the
 * figures they produce, flattened so each can be compared and named on its own.
 */
import type { JsonValue } from '../ledger/entry.ts';
import { estimatePopulation, parseCaptureTable, runChainsHere, type ChainRunner, type EstimateReport, type MethodName } from '../estimation/index.ts';
type NPrior = '1/N' | '1/N^2' | 'uniform';
import type { Scalar } from './format.ts';
import { flattenFigures, type FigureMethod } from './method.ts';

export interface EstimateParameters {
  methods: MethodName[];
  strata: string[];
  seed: number;
  chains: number;
  burnin: number;
  thinning: number;
  samples: number;
  /** K*; null: the engine's default for the number of lists. */
  classes: number | null;
  prior: NPrior;
  delta: number | null;
  criterion: 'aic' | 'bic';
  /** A log-linear model named by hand; null: the criterion chooses. */
  model: string | null;
}

/** The recorded form: one flat name per parameter. */
export function estimateParameterRecord(p: EstimateParameters): Record<string, JsonValue> {
  return {
    methods: p.methods,
    strata: p.strata,
    seed: p.seed,
    'lcmcr.chains': p.chains,
    'lcmcr.burnin': p.burnin,
    'lcmcr.thinning': p.thinning,
    'lcmcr.samples': p.samples,
    'lcmcr.classes': p.classes,
    'dga.prior': p.prior,
    'dga.delta': p.delta,
    'loglinear.criterion': p.criterion,
    'loglinear.model': p.model,
  };
}

function fail(name: string, value: JsonValue | undefined): never {
  throw new RangeError(`parameter "${name}" has a value this Reckon does not know: ${JSON.stringify(value)}`);
}

function readParameters(record: Record<string, JsonValue>): EstimateParameters {
  const num = (name: string): number => {
    const v = record[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`parameter "${name}" must be a number, the receipt has ${JSON.stringify(v)}`);
    return v;
  };
  const list = (name: string): string[] => {
    const v = record[name];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new RangeError(`parameter "${name}" must be a list of names`);
    return v as string[];
  };
  const delta = record['dga.delta'];
  return {
    methods: list('methods') as MethodName[],
    strata: list('strata'),
    seed: num('seed'),
    chains: num('lcmcr.chains'),
    burnin: num('lcmcr.burnin'),
    thinning: num('lcmcr.thinning'),
    samples: num('lcmcr.samples'),
    classes: record['lcmcr.classes'] === null ? null : num('lcmcr.classes'),
    prior: (['1/N', '1/N^2', 'uniform'] as const).find((x) => x === record['dga.prior']) ?? fail('dga.prior', record['dga.prior']),
    delta: typeof delta === 'number' ? delta : null,
    criterion: record['loglinear.criterion'] === 'bic' ? 'bic' : 'aic',
    model: typeof record['loglinear.model'] === 'string' ? record['loglinear.model'] : null,
  };
}

/** The part of an estimate report the receipt's figures come from: an EstimateReport, or one stored as JSON. */
export interface EstimateFigures {
  observed: number;
  lists: string[];
  total: ReadonlyArray<{ method: string; estimate: number | null; lower?: number | null; upper?: number | null; pointEstimate?: string; observed?: number; diagnostics?: unknown; warnings: string[] }>;
  strata: ReadonlyArray<{ label: string; observed: number; methods: EstimateFigures['total'] }>;
}

/** The figures of an estimate report: per method total and, when stratified, per stratum. Draws are left out. */
export function estimateOutputs(report: EstimateFigures): Record<string, Scalar> {
  const method = (m: EstimateFigures['total'][number]) =>
    m.estimate === null
      ? { method: m.method, estimate: null, warnings: m.warnings.join('\n') }
      : { method: m.method, estimate: m.estimate, lower: m.lower, upper: m.upper, pointEstimate: m.pointEstimate, documented: m.observed, diagnostics: m.diagnostics ?? {} };
  return flattenFigures({
    documented: report.observed,
    lists: report.lists.join(','),
    total: report.total.map(method),
    strata: report.strata.length > 1 ? report.strata.map((s) => ({ label: s.label, documented: s.observed, methods: s.methods.map(method) })) : undefined,
  });
}

export async function runEstimateFigures(text: string, p: EstimateParameters, runChains: ChainRunner = runChainsHere): Promise<{ report: EstimateReport; outputs: Record<string, Scalar> }> {
  const parsed = parseCaptureTable(text, { strata: p.strata });
  const report = await estimatePopulation(parsed, {
    methods: p.methods,
    seed: p.seed,
    lcmcr: { chains: p.chains, burnin: p.burnin, thinning: p.thinning, samples: p.samples, classes: p.classes ?? undefined },
    dga: { delta: p.delta ?? undefined, prior: p.prior },
    loglinear: { criterion: p.criterion, model: p.model ?? undefined },
    runChains,
  });
  return { report, outputs: estimateOutputs(report) };
}

export function estimateMethod(runChains: ChainRunner = runChainsHere): FigureMethod {
  return {
    kind: 'estimate',
    inputRoles: ['capture table'],
    seeded: true,
    async recompute(inputs, parameters) {
      return (await runEstimateFigures(inputs[0].text, readParameters(parameters), runChains)).outputs;
    },
  };
}
