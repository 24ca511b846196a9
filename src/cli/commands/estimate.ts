import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { CliError, ExitCode } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { withDataOptions } from '../shared/data-options.ts';
import { readInputFile } from '../shared/input-file.ts';
import { workerChainRunner } from '../../core/estimation/chain-pool.ts';
import {
  ALL_METHODS,
  CaptureTableError,
  CONVERGENCE,
  drawsCsv,
  ESTIMATION_DEFAULTS as D,
  estimatePopulation,
  methodUnavailable,
  parseCaptureTable,
  reportDrawSeries,
  runChainsHere,
  type EstimateReport,
  type MethodEstimate,
  type MethodName,
} from '../../core/estimation/index.ts';

/**
 * `reckon estimate`: multiple systems estimation of the total number of victims from a capture-pattern table.
 */

const MAX_TABLE_BYTES = 64 * 1024 * 1024;

interface EstimateFlags {
  method: string;
  strata?: string;
  seed: string;
  chains: string;
  burnin: string;
  thinning: string;
  samples: string;
  classes: string;
  prior: string;
  delta?: string;
  criterion: string;
  model?: string;
  draws?: string;
  receipt?: string;
  receiptKey?: string;
  workers?: string;
  json?: boolean;
  fromCasualties?: boolean;
  run?: string;
  dataDir?: string;
  databaseUrl?: string;
}

export function register(program: Command): void {
  const command = program
    .command('estimate')
    .description('Estimate the total number of victims, documented and undocumented, from overlapping lists (multiple systems estimation)')
    .argument('[table]', 'CSV with one 0/1 column per list and a "count" column (one row per inclusion pattern)')
    .option('--method <name>', `lcmcr, dga, loglinear, chapman or all (every method the table allows)`, 'all')
    .option('--strata <columns>', 'comma-separated stratum columns (e.g. sex,period): estimate each stratum and their sum')
    // Defaults come from core/estimation/defaults.ts, the same the web app and the API use (docs/estimation.md).
    .option('--seed <n>', 'random seed (same seed, same figures)', String(D.seed))
    .option('--chains <n>', 'LCMCR: independent chains, for the R-hat check', String(D.chains))
    .option('--burnin <n>', 'LCMCR: sweeps discarded before sampling', String(D.burnin))
    .option('--thinning <n>', 'LCMCR: sweeps between kept draws', String(D.thinning))
    .option('--samples <n>', 'LCMCR: kept draws per chain', String(D.samples))
    .option('--classes <n>', 'LCMCR: maximum number of latent classes K* (default: min(2^lists - 1, 15), HRDAG\'s production value)', 'auto')
    .option('--prior <prior>', 'dga: prior on N: 1/N, 1/N^2 or uniform', D.prior)
    .option('--delta <x>', 'dga: hyper-Dirichlet parameter (default 2^-lists)')
    .option('--criterion <c>', 'log-linear model selection: aic or bic', D.criterion)
    .option('--model <terms>', 'log-linear: use this model instead of choosing one, e.g. "EXH×ABA, OSCE×HRW" or independence')
    .option('--draws <file.csv>', 'write every posterior draw (stratum, method, chain, draw, N, occupied classes) to this CSV file')
    .option('--workers <n>', 'LCMCR: worker threads for chains (default: the number of cores)')
    .option('--json', 'print the result as JSON on stdout')
    .addOption(new Option('--from-casualties', 'build the table from the capture histories of linked casualty records in the database'))
    .option('--run <id>', 'with --from-casualties: the linkage run (default: the latest finished run)')
    .option('--receipt <receipt.json>', 'write a receipt: the table\'s rows, every parameter and seed, the figures (check it with reckon receipt verify)')
    .option('--receipt-key <key>', 'sign the receipt with this signing key (PRIVATE+KEY+…, or a file holding it)');
  withDataOptions(command).action(async (tablePath: string | undefined, flags: EstimateFlags) => {
    await runEstimate(tablePath, flags);
  });
}

/** The capture-pattern table of a linkage run, as the server would build it for an estimate. */
async function casualtyTable(flags: EstimateFlags, strata: string[]): Promise<{ text: string; label: string }> {
  // loaded only here, so that estimating from a file never opens the database code
  const [{ configFrom }, { withInstance }, { systemActor }, { captureTableCsv }] = await Promise.all([
    import('../shared/config-options.ts'),
    import('../shared/instance.ts'),
    import('../../server/accounts/actor.ts'),
    import('../../server/casualties/capture-table.ts'),
  ]);
  return withInstance(configFrom(flags as unknown as Record<string, unknown>), async ({ ctx }) => {
    const histories = await ctx.casualties.results.captureHistories(systemActor('reckon estimate'), flags.run, strata);
    const label = `linkage run ${histories.runId}`;
    try {
      return { text: captureTableCsv(histories.lists, histories.people, strata), label };
    } catch (error) {
      if (error instanceof CaptureTableError) throw new CliError(`${label}: ${error.message}`, ExitCode.failed);
      throw error;
    }
  });
}

async function runEstimate(tablePath: string | undefined, flags: EstimateFlags): Promise<void> {
  if (flags.fromCasualties && tablePath) throw new CliError('give either a table or --from-casualties, not both', ExitCode.usage);
  if (flags.run !== undefined && !flags.fromCasualties) throw new CliError('--run needs --from-casualties', ExitCode.usage);
  if (flags.run !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flags.run)) {
    throw new CliError(`--run must be a linkage run id (a UUID), got "${flags.run}"`, ExitCode.usage);
  }
  if (!tablePath && !flags.fromCasualties) throw new CliError('no table given: reckon estimate <table.csv> (one 0/1 column per list and a "count" column)', ExitCode.usage);
  const methods = parseMethods(flags.method);
  const seed = integerFlag('--seed', flags.seed, 0, 2 ** 53 - 1);
  const chains = integerFlag('--chains', flags.chains, 1, 64);
  const burnin = integerFlag('--burnin', flags.burnin, 0, 10_000_000);
  const thinning = integerFlag('--thinning', flags.thinning, 1, 100_000);
  const samples = integerFlag('--samples', flags.samples, 2, 1_000_000);
  const classes = flags.classes === 'auto' ? undefined : integerFlag('--classes', flags.classes, 1, 100);
  const workers = flags.workers === undefined ? Math.min(chains, availableParallelism()) : integerFlag('--workers', flags.workers, 1, 64);
  if (!['1/N', '1/N^2', 'uniform'].includes(flags.prior)) throw new CliError(`--prior must be 1/N, 1/N^2 or uniform, got "${flags.prior}"`, ExitCode.usage);
  const criterion = flags.criterion.toLowerCase();
  if (criterion !== 'aic' && criterion !== 'bic') throw new CliError(`--criterion must be aic or bic, got "${flags.criterion}"`, ExitCode.usage);
  let delta: number | undefined;
  if (flags.delta !== undefined) {
    delta = Number(flags.delta);
    if (!(delta > 0) || !Number.isFinite(delta)) throw new CliError(`--delta must be a positive number, got "${flags.delta}"`, ExitCode.usage);
  }
  const strata = flags.strata === undefined ? [] : flags.strata.split(',').map((s) => s.trim()).filter(Boolean);
  if (flags.strata !== undefined && strata.length === 0) throw new CliError('--strata needs at least one column name', ExitCode.usage);

  const { text, label } = flags.fromCasualties ? await casualtyTable(flags, strata) : { text: await readTable(tablePath!), label: tablePath! };
  let parsed;
  try {
    parsed = parseCaptureTable(text, { strata });
  } catch (error) {
    if (error instanceof CaptureTableError) throw new CliError(`${label}: ${error.message}`, ExitCode.failed);
    throw error;
  }
  const explicit = flags.method !== 'all';
  if (explicit) {
    const blocked = methods.map((m) => methodUnavailable(m, parsed.lists.length)).filter(Boolean);
    if (blocked.length === methods.length) throw new CliError(`${label}: ${blocked.join('; ')}`, ExitCode.failed);
  }
  const applicable = explicit ? methods : methods.filter((m) => !methodUnavailable(m, parsed.lists.length));

  const progress = createProgress({ enabled: Boolean(process.stderr.isTTY) });
  progress.start(1000, 'estimating');
  let report: EstimateReport;
  try {
    report = await estimatePopulation(parsed, {
      methods: applicable,
      seed,
      lcmcr: { chains, burnin, thinning, samples, classes },
      dga: { delta, prior: flags.prior as '1/N' | '1/N^2' | 'uniform' },
      loglinear: { criterion, model: flags.model },
      onProgress: (fraction) => progress.update(Math.round(fraction * 1000)),
      runChains: workers > 1 ? workerChainRunner(workers) : runChainsHere,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`${label}: ${error.message}`, ExitCode.failed);
    throw error;
  } finally {
    progress.stop();
  }
  if (flags.draws) {
    try {
      await writeFile(flags.draws, drawsCsv(reportDrawSeries(report)));
    } catch (error) {
      throw new CliError(`cannot write the draws to ${flags.draws}: ${(error as Error).message}`, ExitCode.failed);
    }
  }
  if (flags.receipt) {
    const { writeEstimateReceipt } = await import('./receipt-estimate.ts');
    const parameters = { methods: applicable, strata, seed, chains, burnin, thinning, samples, classes: classes ?? null, prior: flags.prior as '1/N', delta: delta ?? null, criterion: criterion as 'aic', model: flags.model ?? null };
    writeEstimateReceipt(flags.receipt, { label, table: text, parameters, report, signingKey: flags.receiptKey });
  }
  process.stdout.write(flags.json ? `${JSON.stringify(toJson(label, report), null, 2)}\n` : formatReport(label, report));
}

function parseMethods(value: string): MethodName[] {
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return [...ALL_METHODS];
  for (const name of names) {
    if (!(ALL_METHODS as string[]).includes(name)) throw new CliError(`unknown --method "${name}" (use ${ALL_METHODS.join(', ')} or all)`, ExitCode.usage);
  }
  if (names.length === 0) throw new CliError('--method needs a value', ExitCode.usage);
  return names as MethodName[];
}

function integerFlag(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`, ExitCode.usage);
  }
  return value;
}

async function readTable(path: string): Promise<string> {
  const bytes = readInputFile(path, { limit: MAX_TABLE_BYTES, overLimit: `a capture-pattern table should be far smaller (limit ${MAX_TABLE_BYTES})` });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${path} is not UTF-8 text; save the table as UTF-8 CSV`, ExitCode.failed);
  }
}

type TotalEntry = EstimateReport['total'][number];

function methodJson(m: MethodEstimate | TotalEntry): Record<string, unknown> {
  if (m.estimate === null) return { method: m.method, estimate: null, warnings: m.warnings };
  const e = m as MethodEstimate;
  return {
    method: e.method,
    estimate: e.estimate,
    pointEstimate: e.pointEstimate,
    interval: { lower: e.lower, upper: Number.isFinite(e.upper) ? e.upper : null, level: 0.95, kind: e.intervalKind },
    documented: e.observed,
    undocumented: e.estimate - e.observed,
    diagnostics: Object.fromEntries(Object.entries(e.diagnostics).map(([key, v]) => [key, typeof v === 'number' && !Number.isFinite(v) ? null : v])),
    ...(e.convergence ? { converged: e.convergence.converged, convergence: e.convergence } : {}),
    ...(e.perChain ? { perChain: e.perChain } : {}),
    models: e.models,
    warnings: e.warnings,
  };
}

function toJson(path: string, report: EstimateReport): Record<string, unknown> {
  return {
    table: path,
    lists: report.lists,
    strataColumns: report.strataColumns,
    documented: report.observed,
    total: report.total.map(methodJson),
    strata:
      report.strata.length > 1 || report.strataColumns.length > 0
        ? report.strata.map((s) => ({
            label: s.label,
            values: s.values,
            documented: s.observed,
            overlaps: s.overlaps,
            estimable: s.estimable,
            warnings: s.warnings,
            methods: s.methods.map(methodJson),
          }))
        : undefined,
    warnings: [...report.warnings, ...report.strata.flatMap((s) => (report.strata.length > 1 ? [] : s.warnings))],
  };
}

const round = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '∞');
const fixed = (v: unknown, digits = 2): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');

/** The diagnostics a reader needs beside each figure, in words: what was assumed and how well the sampler did. */
function detail(e: MethodEstimate): string {
  const d = e.diagnostics;
  switch (e.method) {
    case 'lcmcr':
      return [
        `R-hat ${fixed(d.rhat, 3)}, ESS ${round(Number(d.ess))}`,
        d.maxClasses !== undefined ? `K* ${d.maxClasses}, occupied classes ${fixed(d.occupiedClassesMean, 1)} (${d.occupiedClassesMin}–${d.occupiedClassesMax})` : '',
        d.truncationRedraws !== undefined ? `20n bound hit ${d.truncationRedraws} time(s)` : '',
      ].filter(Boolean).join(', ');
    case 'dga':
      return [
        `median ${round(Number(d.median))}`,
        d.delta !== undefined ? `δ ${Number(d.delta).toPrecision(3)}, prior on N ${d.prior}` : '',
        d.topModel !== undefined ? `top graph ${d.topModel} (p ${fixed(d.topModelProbability)})` : '',
      ].filter(Boolean).join(', ');
    case 'loglinear':
      return `model ${d.model}, ${d.criterion}`;
    default:
      return '';
  }
}

function formatReport(path: string, report: EstimateReport): string {
  const lines: string[] = [];
  lines.push(`${path}: ${report.lists.length} lists (${report.lists.join(', ')}), ${round(report.observed)} documented`);
  const row = (m: MethodEstimate | TotalEntry): string => {
    if (m.estimate === null) return `  ${m.method.padEnd(10)} no estimate`;
    const e = m as MethodEstimate;
    return `  ${e.method.padEnd(10)} ${round(e.estimate).padStart(9)}  95% ${round(e.lower)} – ${round(e.upper)}  (${e.pointEstimate}${detail(e) ? `; ${detail(e)}` : ''})${e.convergence && !e.convergence.converged ? '  NOT CONVERGED' : ''}`;
  };
  if (report.strata.length > 1) {
    for (const s of report.strata) {
      lines.push('', `stratum ${s.label}: ${round(s.observed)} documented, ${round(s.overlaps)} on several lists`);
      if (!s.estimable) lines.push('  not estimated');
      for (const m of s.methods) lines.push(row(m));
      for (const w of [...s.warnings, ...s.methods.flatMap((m) => m.warnings.map((x) => `${m.method}: ${x}`))]) lines.push(`  warning: ${w}`);
    }
    lines.push('', 'total over strata:');
  } else {
    lines.push('', 'estimated total:');
  }
  for (const m of report.total) lines.push(row(m));
  const warnings = [
    ...report.warnings,
    ...(report.strata.length > 1 ? [] : report.strata[0].warnings),
    ...report.total.flatMap((m) => m.warnings.map((w) => `${m.method}: ${w}`)),
  ];
  if (warnings.length) lines.push('', ...warnings.map((w) => `warning: ${w}`));
  if (report.total.some((m) => m.estimate !== null && (m as MethodEstimate).convergence)) lines.push('', `Convergence rule: ${CONVERGENCE.source}.`);
  lines.push(
    '',
    'These figures assume a closed population (everyone counted was alive to be listed in the period), that people are matched correctly across lists, and that the model describes how the lists overlap. Read the warnings before using a figure.',
  );
  return `${lines.join('\n')}\n`;
}
