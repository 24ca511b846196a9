import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { actorId, requireRole, requireUser, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../errors.ts';
import { PermanentJobError } from '../jobs/queue.ts';
import type { JobsService } from '../jobs/service.ts';
import {
  CaptureTableError,
  estimatePopulation,
  methodUnavailable,
  parseCaptureTable,
  parseModelSpec,
  workerChainRunner,
  type ChainRunner,
  type ParsedCaptureTable,
} from '../../core/estimation/index.ts';
import { CONVERGENCE, ESTIMATION_DEFAULTS, ESTIMATION_LIMITS } from '../../core/estimation/defaults.ts';
import { captureTableCsv } from '../casualties/capture-table.ts';
import type { CaptureHistory } from '../../core/estimation/index.ts';
import * as repo from './repository.ts';
import { MAX_CSV_BYTES, optionsSchema, type detailSchema, type estimateResultSchema, type EstimateOptionsInput, type summarySchema } from './schemas.ts';
import { unconvergedRuns } from './publication-check.ts';
import { REPORT_VERSION, storableReport, storedDrawsCsv } from './stored-report.ts';
import type { EstimateRow, InputKind } from './tables.ts';

export const ESTIMATE_JOB = 'estimate';

/** Capture histories of a linkage run's persons (the casualties module), checked against the actor's role. */
export type CaptureHistorySource = (
  actor: Actor,
  runId: string | undefined,
  strata: string[],
) => Promise<{ runId: string; lists: string[]; people: CaptureHistory[] }>;

/** The answers' shapes, inferred from the zod schemas the routes serialise through (one contract). */
export type EstimateSummary = z.infer<typeof summarySchema>;
export type EstimateDetail = z.infer<typeof detailSchema>;
export type EstimateResult = z.infer<typeof estimateResultSchema>;

function summary(row: Omit<EstimateRow, 'input_csv' | 'result' | 'options'>): EstimateSummary {
  return {
    id: row.id,
    title: row.title,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    inputKind: row.input_kind,
    inputSha256: row.input_sha256,
    state: row.state,
    progress: row.progress,
    progressLabel: row.progress_label,
    error: row.error,
    converged: row.converged,
    convergenceOverride:
      row.convergence_override && row.convergence_override_by && row.convergence_override_at
        ? { reason: row.convergence_override, by: row.convergence_override_by, at: row.convergence_override_at.toISOString() }
        : null,
    reportVersion: row.report_version,
  };
}

/** The verdict over every LCMCR run of a report: null when none ran. */
function reportConverged(result: Record<string, unknown> | null): boolean | null {
  if (!result) return null;
  const entries = [
    ...((result.total as Record<string, unknown>[] | undefined) ?? []),
    ...((result.strata as { methods?: Record<string, unknown>[] }[] | undefined) ?? []).flatMap((s) => s.methods ?? []),
  ];
  if (!entries.some((e) => e.method === 'lcmcr' && e.estimate !== null)) return null;
  return unconvergedRuns(result).length === 0;
}

/** Parses the table as the engine would, turning its line-numbered errors into a 400 the client can show. */
export function parseInput(csv: string, options: EstimateOptionsInput): ParsedCaptureTable {
  if (Buffer.byteLength(csv) > MAX_CSV_BYTES) {
    throw new DomainError('too_large', 'csv_too_large', `the table may be at most ${MAX_CSV_BYTES} bytes`);
  }
  try {
    return parseCaptureTable(csv, { strata: options.strata, maxBytes: MAX_CSV_BYTES });
  } catch (error) {
    if (error instanceof CaptureTableError) throw invalid('invalid_table', error.message, { line: error.line ?? null, field: error.field ?? null });
    throw error;
  }
}

/**
 * Population estimates from capture-pattern tables. Creating one stores the table and queues the work; the queue
 * runs the estimators (LCMCR chains on worker threads) and stores the report without its large arrays.
 */
export class EstimationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly jobs: JobsService,
    private readonly chainRunner: (chains: number) => ChainRunner = (chains) => workerChainRunner(Math.max(1, Math.min(chains, availableParallelism()))),
    private readonly casualties?: CaptureHistorySource,
  ) {}

  /** The capture table of a linkage run, in the upload format, so the estimate stores and hashes a real table. */
  private async casualtyTable(actor: Actor, runId: string | undefined, strata: string[]): Promise<{ csv: string; runId: string }> {
    if (!this.casualties)
      throw invalid('casualties_unavailable', 'this server has no casualty records to estimate from; upload a capture-pattern table instead');
    const histories = await this.casualties(actor, runId, strata);
    try {
      return { csv: captureTableCsv(histories.lists, histories.people, strata), runId: histories.runId };
    } catch (error) {
      if (error instanceof CaptureTableError) throw invalid('invalid_table', `linkage run ${histories.runId}: ${error.message}`);
      throw error;
    }
  }

  async create(
    actor: Actor,
    input: { title: string; inputKind: InputKind; csv: string; linkageRunId?: string; options: EstimateOptionsInput },
  ): Promise<EstimateSummary> {
    requireRole(actor, 'editor', 'reviewer');
    const options = optionsSchema.parse(input.options);
    const fromRun = input.inputKind === 'casualties' ? await this.casualtyTable(actor, input.linkageRunId, options.strata) : null;
    if (fromRun) input = { ...input, csv: fromRun.csv };
    const parsed = parseInput(input.csv, options);
    if (options.model !== undefined && options.methods.includes('loglinear')) {
      try {
        parseModelSpec(options.model, parsed.lists);
      } catch (error) {
        throw invalid('invalid_model', error instanceof Error ? error.message : String(error), { field: 'options.model' });
      }
    }
    const runnable = options.methods.filter((m) => !methodUnavailable(m, parsed.lists.length));
    if (runnable.length === 0) {
      throw invalid('no_method_applies', options.methods.map((m) => methodUnavailable(m, parsed.lists.length)).join('; '), { lists: parsed.lists.length });
    }
    const sha256 = createHash('sha256').update(input.csv, 'utf8').digest('hex');
    const row = await this.db.transaction().execute(async (tx) => {
      const created = await repo.insertEstimate(tx, {
        title: input.title,
        createdBy: actorId(actor),
        inputKind: input.inputKind,
        csv: input.csv,
        sha256,
        options,
      });
      await this.jobs.enqueue(tx, ESTIMATE_JOB, { id: created.id }, { subjectType: 'estimate', subjectId: created.id, maxAttempts: 2 });
      await recordAudit(tx, actor, {
        action: 'estimate.created',
        subjectType: 'estimate',
        subjectId: created.id,
        details: {
          title: input.title,
          inputKind: input.inputKind,
          inputSha256: sha256,
          lists: parsed.lists,
          observed: parsed.total.observed,
          options,
          ...(fromRun ? { linkageRunId: fromRun.runId } : {}),
        },
      });
      return created;
    });
    return summary(row);
  }

  /** The one set of defaults (core/estimation/defaults.ts) for the web form. */
  defaults(actor: Actor): { defaults: Record<string, number | string>; limits: Record<string, { min: number; max: number }>; convergence: typeof CONVERGENCE } {
    requireUser(actor);
    return {
      defaults: { ...ESTIMATION_DEFAULTS, classes: 'min(2^lists - 1, 15)', delta: '2^-lists' },
      limits: { ...ESTIMATION_LIMITS },
      convergence: CONVERGENCE,
    };
  }

  async list(actor: Actor, limit = 200): Promise<EstimateSummary[]> {
    requireUser(actor);
    return (await repo.listEstimates(this.db, limit)).map(summary);
  }

  async get(actor: Actor, id: string): Promise<EstimateDetail> {
    requireUser(actor);
    const row = await repo.findEstimate(this.db, id);
    if (!row) throw notFound('Estimate', id);
    // The column holds what storableReport wrote; the answer's serialiser checks it against the schema on the way out.
    const detail: EstimateDetail = { ...summary(row), options: row.options, csv: row.input_csv, result: row.result as EstimateResult | null };
    // Reports from before the convergence rule: the verdict is worked out from their stored R-hat and ESS.
    if (detail.converged === null && row.state === 'done') detail.converged = reportConverged(row.result);
    return detail;
  }

  /** Every posterior draw of an estimate as CSV (see core/estimation/draws-csv.ts for the columns). */
  async drawsCsv(actor: Actor, id: string): Promise<string> {
    const detail = await this.get(actor, id);
    if (detail.state !== 'done') throw conflict('estimate_not_done', 'the estimate has not finished; its draws are not there yet');
    return storedDrawsCsv(detail.result);
  }

  /**
   * A person allows an estimate whose sampler did not converge to be made public, giving the reason. Editors and
   * reviewers; once per estimate; audited with the reasons it did not converge.
   */
  async overrideConvergence(actor: Actor, id: string, reason: string): Promise<EstimateDetail> {
    requireRole(actor, 'editor', 'reviewer');
    const detail = await this.get(actor, id);
    if (detail.state !== 'done') throw conflict('estimate_not_done', 'only a finished estimate can be judged');
    const unconverged = unconvergedRuns(detail.result);
    if (unconverged.length === 0) throw conflict('estimate_converged', 'the estimate converged; there is nothing to override');
    await this.db.transaction().execute(async (tx) => {
      const by = actorId(actor) ?? 'system';
      if (!(await repo.setConvergenceOverride(tx, id, reason, by))) throw conflict('override_exists', 'a reason to publish this estimate was already recorded');
      await recordAudit(tx, actor, { action: 'estimate.convergence_overridden', subjectType: 'estimate', subjectId: id, details: { reason, unconverged } });
    });
    return this.get(actor, id);
  }

  /** The queue's handler: runs one estimate and stores its report (or why it failed). */
  async run(id: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    const row = await repo.findEstimate(this.db, id);
    if (!row) throw new PermanentJobError(`estimate ${id} does not exist`);
    const options = optionsSchema.parse(row.options);
    await repo.setState(this.db, id, { state: 'running', progress: 0, progressLabel: 'starting' });
    try {
      const parsed = parseInput(row.input_csv, options);
      let lastWrite = 0;
      let pending: Promise<void> = Promise.resolve();
      const report = await estimatePopulation(parsed, {
        methods: options.methods,
        seed: options.seed,
        lcmcr: { chains: options.chains, burnin: options.burnin, thinning: options.thinning, samples: options.samples, classes: options.classes },
        dga: { prior: options.prior, delta: options.delta },
        loglinear: { criterion: options.criterion, model: options.model },
        runChains: this.chainRunner(options.chains),
        onProgress: (fraction, label) => {
          if (signal.aborted) return;
          const now = Date.now();
          if (now - lastWrite < 500) return;
          lastWrite = now;
          // Progress writes are chained so they land in order and never overtake the final state.
          pending = pending.then(() => repo.setState(this.db, id, { progress: fraction, progressLabel: label.slice(0, 200) })).catch(() => {});
        },
      });
      await pending;
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped');
      const result = storableReport(report);
      await repo.setState(this.db, id, {
        state: 'done',
        progress: 1,
        progressLabel: 'done',
        result,
        reportVersion: REPORT_VERSION,
        converged: reportConverged(result),
      });
      return { estimateId: id };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.setState(this.db, id, { state: 'failed', error: message.slice(0, 2000) });
      throw new PermanentJobError(message);
    }
  }
}
