import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { actorId, requireRole, systemActor, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { JobCancelledError, JobTimeoutError, PermanentJobError } from '../jobs/queue.ts';
import type { JobsService } from '../jobs/service.ts';
import { linkRecords, parseSettings, SettingsError, type LinkStage, type ReviewDecision } from '../../core/linkage/index.ts';
import { engineInput, listSourceColumn, personFlags, placeLabels, runHeader, runSettings, summarisePerson } from './linkage-input.ts';
import { nameOnlyPersons } from './name-only.ts';
import * as repo from './repository.ts';
import { cancelRequested, markCancelled, progressAndCancelFlag, requestCancel, RunCancelledError, startRun } from './run-cancel.ts';
import type { createRunBody, runDetailSchema, runSchema } from './schemas.ts';
import type { LinkageRunRow } from './tables.ts';
import { linkageRunReceiptInputs } from './run-receipt-inputs.ts';

export const LINK_JOB = 'casualties.link';
/** A million records take minutes; the queue's default limit is for short jobs. */
export const LINK_TIME_LIMIT_MS = 6 * 60 * 60 * 1000;

type RunView = z.infer<typeof runSchema>;
type RunDetail = z.infer<typeof runDetailSchema>;
type CreateRun = z.infer<typeof createRunBody>;

const DEFAULT_REVIEW_FLOOR = 0.2;
const ANY_ROLE = ['editor', 'reviewer', 'viewer', 'facilitator'] as const;

/** Share of the run's progress bar each engine stage ends at; storing the results takes the rest. */
const STAGE_END: Record<LinkStage, [number, number]> = {
  features: [0, 0.05],
  blocking: [0.05, 0.1],
  'u-sample': [0.1, 0.3],
  comparing: [0.3, 0.6],
  training: [0.6, 0.7],
  scoring: [0.7, 0.75],
  clustering: [0.75, 0.8],
};

/** A compact explanation: per comparison [level index, log2 Bayes factor, tf part]; names come from the stored model. */
export interface StoredExplanation {
  w: number;
  t: Array<[number, number, number]>;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Linkage runs: each is a queued job that reads the current records of its sources, links them with the engine
 * (worker threads for comparison), and stores settings, model, reviewable pairs and persons in one transaction, so
 * a run that fails or is interrupted leaves no partial persons.
 */
export class LinkageRuns {
  /** Runs executing in this process, so a cancellation asked here is seen at once rather than at the next tick. */
  private readonly local = new Map<string, { cancelled: boolean }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly jobs: JobsService,
    private readonly threads = Math.min(2, availableParallelism()),
  ) {
    if (!jobs.hasHandler(LINK_JOB)) jobs.register(LINK_JOB, async (payload, run) => this.execute(String(payload.runId), run.signal), { timeLimitMs: LINK_TIME_LIMIT_MS });
  }

  async create(actor: Actor, body: CreateRun): Promise<RunView> {
    requireRole(actor, 'editor', 'reviewer');
    const sourceIds = body.sourceIds;
    if (new Set(sourceIds).size !== sourceIds.length) throw invalid('duplicate_source', 'a source is named twice');
    const names = await repo.sourceNames(this.db, sourceIds);
    const missing = sourceIds.find((id) => !names.has(id));
    if (missing) throw notFound('Casualty source', missing);
    const records = await repo.countCurrentRecords(this.db, sourceIds);
    if (records < 2) throw invalid('no_records', `the chosen sources hold ${records} record(s); linkage needs at least two`, { records });
    const options = body.settings ?? {};
    let settings;
    try {
      // the run's columns from what its records hold, as a file's header decides them for `reckon link`
      const shape = await repo.runShape(this.db, sourceIds);
      const header = runHeader({ ...shape, listSource: shape.rawHeaders.some((h) => listSourceColumn(h) !== undefined) });
      settings = runSettings(options, records, header);
    } catch (error) {
      if (error instanceof SettingsError) throw invalid('invalid_settings', error.message, { problems: error.problems });
      throw error;
    }
    const reviewFloor = options.reviewFloor ?? Math.min(DEFAULT_REVIEW_FLOOR, settings.threshold);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await repo.insertRun(tx, { id, sourceIds, settings, reviewFloor, createdBy: actorId(actor) });
      const jobId = await this.jobs.enqueue(tx, LINK_JOB, { runId: id }, { subjectType: 'linkage_run', subjectId: id, maxAttempts: 2 });
      await repo.setRunJob(tx, id, jobId);
      await recordAudit(tx, actor, {
        action: 'casualties.run_created',
        subjectType: 'linkage_run',
        subjectId: id,
        details: { sourceIds, records, reviewFloor, settingsSha256: createHash('sha256').update(JSON.stringify(settings)).digest('hex') },
      });
    });
    return this.view((await repo.findRun(this.db, id))!);
  }

  async list(actor: Actor, limit = 200): Promise<RunView[]> {
    requireRole(actor, ...ANY_ROLE);
    const rows = await repo.listRuns(this.db, limit);
    const names = await repo.sourceNames(this.db, [...new Set(rows.flatMap((r) => r.source_ids))]);
    return rows.map((r) => this.viewWith(r, names));
  }

  async get(actor: Actor, id: string): Promise<RunDetail> {
    requireRole(actor, ...ANY_ROLE);
    const row = await repo.findRun(this.db, id);
    if (!row) throw notFound('Linkage run', id);
    return {
      ...(await this.view(row)),
      settings: { ...(row.settings as Record<string, unknown>), reviewFloor: row.review_floor },
      model: (row.model as Record<string, unknown> | null) ?? null,
      warnings: row.warnings,
    };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, 'editor');
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.lockRunState(tx, id);
      if (!row) throw notFound('Linkage run', id);
      if (row.state === 'queued' || row.state === 'running') throw conflict('run_active', `the run is ${row.state}; wait for it to finish`);
      await repo.deleteRun(tx, id);
      await recordAudit(tx, actor, { action: 'casualties.run_deleted', subjectType: 'linkage_run', subjectId: id, details: { state: row.state, counts: row.counts } });
    });
  }

  /**
   * Cancels a run: a queued one at once, a running one cooperatively (it stops at its next check, rolls back, and
   * ends `cancelled`; nothing partial is stored). 409 `run_finished` once it is done, failed or cancelled.
   */
  async cancel(actor: Actor, id: string): Promise<RunView> {
    requireRole(actor, 'editor', 'reviewer');
    await requestCancel(this.db, actor, id);
    const mine = this.local.get(id);
    if (mine) mine.cancelled = true;
    return this.view((await repo.findRun(this.db, id))!);
  }

  private async view(row: LinkageRunRow): Promise<RunView> {
    return this.viewWith(row, await repo.sourceNames(this.db, row.source_ids));
  }

  private viewWith(row: LinkageRunRow, names: Map<string, string>): RunView {
    return {
      id: row.id,
      sources: row.source_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
      state: row.state as RunView['state'],
      progress: row.progress,
      progressLabel: row.progress_label,
      error: row.error,
      counts: row.counts,
      jobId: row.job_id,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      cancelRequestedAt: row.cancel_requested_at ? new Date(row.cancel_requested_at).toISOString() : null,
      cancelledBy: row.cancelled_by,
    };
  }

  /** The job: link, then store everything in one transaction. */
  async execute(runId: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    const run = await repo.findRun(this.db, runId);
    if (!run) throw new PermanentJobError(`linkage run ${runId} does not exist`);
    if (run.state === 'done') return { runId, alreadyDone: true };
    // cancelled while queued, after a runner had claimed the job
    if (!(await startRun(this.db, runId))) {
      const now = (await repo.findRun(this.db, runId))!;
      if (now.state !== 'cancelled' && !now.cancel_requested_at) throw new PermanentJobError(`the linkage run is ${now.state}`);
      if (now.state !== 'cancelled') await markCancelled(this.db, runId);
      throw new RunCancelledError();
    }
    const flag = { cancelled: false };
    this.local.set(runId, flag);
    try {
      return await this.link(run, signal, flag);
    } finally {
      this.local.delete(runId);
    }
  }

  private async link(run: LinkageRunRow, signal: AbortSignal, flag: { cancelled: boolean }): Promise<Record<string, unknown>> {
    const runId = run.id;
    const checkCancelled = () => {
      if (flag.cancelled) throw new RunCancelledError();
    };
    /** Between stages: asks the database too, as the cancellation may come from another process. */
    const checkStored = async () => {
      if (!flag.cancelled && (await cancelRequested(this.db, runId))) flag.cancelled = true;
      checkCancelled();
    };
    let pending: Promise<void> = Promise.resolve();
    let lastWrite = 0;
    const report = (fraction: number, label: string, force = false) => {
      const now = Date.now();
      if (!force && now - lastWrite < 500) return;
      lastWrite = now;
      // chained so progress lands in order and never overtakes the final state
      pending = pending
        .then(async () => {
          if (await progressAndCancelFlag(this.db, runId, fraction, label)) flag.cancelled = true;
        })
        .catch(() => {});
    };
    try {
      const records = await repo.currentRecords(this.db, run.source_ids);
      if (records.length < 2) throw new PermanentJobError(`the sources now hold ${records.length} current record(s); linkage needs at least two`);
      const decisions = await this.decisionsFor(records);
      await checkStored();
      const sources = await repo.sourceMappings(this.db, run.source_ids);
      const input = engineInput(records, parseSettings(run.settings), sources);
      const result = await linkRecords(input, run.settings, {
        threads: this.threads,
        decisions: decisions.map((d) => d.decision),
        onProgress: (stage, done, total) => {
          if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped');
          checkCancelled();
          const [from, to] = STAGE_END[stage];
          report(from + (to - from) * (total > 0 ? done / total : 1), stage);
        },
      });
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped');
      await checkStored();
      report(0.8, 'storing', true);

      const sourceIndex = new Map(run.source_ids.map((id, i) => [id, i]));
      const pairs: repo.PairInsert[] = [];
      const { left, right, probability, decided, count } = result.pairs;
      for (let p = 0; p < count; p++) {
        if (!decided[p] && probability[p] < run.review_floor) continue;
        // a decided pair keeps the model's own probability here; the decision is shown beside it
        const e = result.explain(p);
        const [a, b] = records[left[p]].id < records[right[p]].id ? [records[left[p]].id, records[right[p]].id] : [records[right[p]].id, records[left[p]].id];
        const stored: StoredExplanation = { w: round(e.matchWeight), t: e.terms.map((t) => [t.levelIndex, round(t.log2BayesFactor), round(t.tfAdjustment)]) };
        pairs.push({ record_a: a, record_b: b, probability: Math.min(1, Math.max(0, e.matchProbability)), weight: e.matchWeight, explanation: stored });
      }

      const members = new Map<number, number[]>();
      for (let i = 0; i < records.length; i++) {
        const person = result.clusters.person[i] + 1;
        const list = members.get(person);
        if (list) list.push(i);
        else members.set(person, [i]);
      }
      const label = placeLabels(records);
      // the engine's reasons (a merge refused, a conflict inside through a reviewer's match, a lone record attached
      // without a link at the threshold), by person
      const engineFlags = new Map<number, Set<string>>();
      for (const f of result.clusters.flagged) {
        for (const p of f.persons) {
          const set = engineFlags.get(p + 1) ?? new Set<string>();
          set.add(f.reason === 'merge-refused' ? 'merge_refused' : f.reason === 'attached' ? 'attached' : 'conflict');
          engineFlags.set(p + 1, set);
        }
      }
      // persons joined on a name alone (a record with no date, age or place), as `reckon link` names them
      const nameOnly = nameOnlyPersons(records, result.clusters.person);
      let flaggedPersons = 0;
      let largestPerson = 0;
      const persons: repo.PersonInsert[] = [];
      const personRecords: Array<{ person_id: number; record_id: string; probability: number | null }> = [];
      let linkedPersons = 0;
      for (const [personId, indices] of members) {
        const bits = new Array<string>(run.source_ids.length).fill('0');
        for (const i of indices) bits[sourceIndex.get(records[i].source_id)!] = '1';
        const rows = indices.map((i) => records[i]);
        const flags = [...new Set([...(engineFlags.get(personId) ?? []), ...personFlags(rows), ...(nameOnly.has(personId - 1) ? ['name_only'] : [])])];
        if (flags.length > 0) flaggedPersons++;
        largestPerson = Math.max(largestPerson, indices.length);
        persons.push({ person_id: personId, capture_history: bits.join(''), record_count: indices.length, ...summarisePerson(rows, label), flags });
        if (indices.length > 1) linkedPersons++;
        for (const i of indices) {
          const pr = result.clusters.probability[i];
          personRecords.push({ person_id: personId, record_id: records[i].id, probability: Number.isNaN(pr) ? null : Math.min(1, Math.max(0, pr)) });
        }
      }
      const counts = {
        records: records.length,
        candidatePairs: result.stats.candidatePairs,
        pairsStored: pairs.length,
        decisionsApplied: decisions.length,
        links: result.stats.linksAtThreshold,
        persons: persons.length,
        linkedPersons,
        largestPerson,
        flaggedPersons,
        threads: result.stats.threads,
        seconds: round(Object.values(result.stats.secondsByStage).reduce((s, x) => s + (x ?? 0), 0)),
      };
      // what the run's receipt commits to: the engine's input and decisions as applied, frozen with the run
      const receiptInputs = linkageRunReceiptInputs(input, records, run.source_ids, decisions.map((d) => d.decision), run.settings, result);
      await pending;
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('stopped');
      await checkStored();
      await this.db.transaction().execute(async (tx) => {
        await repo.clearRunResults(tx, runId);
        await repo.saveLinkageRunReceiptInputs(tx, runId, receiptInputs);
        await repo.insertPairs(tx, runId, pairs);
        await repo.insertPersons(tx, runId, persons, personRecords);
        // the run's row lock, taken last so a cancellation is not kept waiting through the inserts: a cancellation
        // committed before this point rolls everything back; one asked after it waits and finds the run done
        if (flag.cancelled || (await cancelRequested(tx, runId, true))) throw new RunCancelledError();
        await repo.updateRun(tx, runId, {
          state: 'done',
          progress: 1,
          progressLabel: 'done',
          counts,
          model: result.model,
          settings: result.settings,
          warnings: result.warnings.slice(0, 200),
          finishedAt: new Date(),
        });
        await recordAudit(tx, systemActor('linkage'), {
          action: 'casualties.run_finished',
          subjectType: 'linkage_run',
          subjectId: runId,
          details: { counts, modelSha256: createHash('sha256').update(JSON.stringify(result.model)).digest('hex') },
        });
      });
      return { runId, ...counts };
    } catch (error) {
      await pending;
      // asked to stop (here or in another process): whatever the job was doing, it ends cancelled, not re-queued
      if (error instanceof JobCancelledError || flag.cancelled || (await cancelRequested(this.db, runId).catch(() => false))) {
        await markCancelled(this.db, runId);
        throw error instanceof JobCancelledError ? error : new RunCancelledError();
      }
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      // Stopped by the runner (not timed out): the queue hands the job back and it runs again from the start.
      if (signal.aborted && !(signal.reason instanceof JobTimeoutError)) {
        await repo.updateRun(this.db, runId, { state: 'queued', progress: 0, progressLabel: 'interrupted; will run again' });
        throw error;
      }
      await repo.updateRun(this.db, runId, { state: 'failed', error: message, progressLabel: 'failed', finishedAt: new Date() });
      throw new PermanentJobError(message);
    }
  }

  /**
   * Current review decisions as engine overrides, by record index. A decision names two record versions; when a
   * record has since been corrected, the decision follows it to its current version (same list, same list id).
   */
  private async decisionsFor(records: repo.RecordRow[]): Promise<Array<{ decision: ReviewDecision }>> {
    const all = await repo.allCurrentDecisions(this.db);
    if (all.length === 0) return [];
    const byId = new Map(records.map((r, i) => [r.id, i]));
    const byKey = new Map(records.map((r, i) => [`${r.source_id}\u0000${r.source_record_id}`, i]));
    const unknown = all.flatMap((d) => [d.record_a, d.record_b]).filter((id) => !byId.has(id));
    const keys = await repo.recordKeys(this.db, unknown);
    const index = (id: string): number | undefined => {
      const direct = byId.get(id);
      if (direct !== undefined) return direct;
      const k = keys.get(id);
      return k ? byKey.get(`${k.sourceId}\u0000${k.sourceRecordId}`) : undefined;
    };
    const out = new Map<string, { decision: ReviewDecision }>();
    for (const d of all) {
      const left = index(d.record_a);
      const right = index(d.record_b);
      if (left === undefined || right === undefined || left === right) continue;
      out.set(`${Math.min(left, right)}:${Math.max(left, right)}`, { decision: { left, right, match: d.decision === 'match' } });
    }
    return [...out.values()];
  }
}
