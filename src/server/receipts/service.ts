import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import { requireRole } from '../accounts/actor.ts';
import type { StatsView } from '../casualties/schemas.ts';
import type { LedgerService } from '../ledger/service.ts';
import { loadOrCreateSigningKey } from '../ledger/keys.ts';
import type { JsonValue } from '../../core/ledger/entry.ts';
import { commitInput, estimateOutputs, estimateParameterRecord, makeReceipt, sha256Hex, type Receipt } from '../../core/receipts/index.ts';
import type { EstimateFigures } from '../../core/receipts/estimate-method.ts';
import { codeVersion } from './code-version.ts';
import { dialogueInputName, estimateInputName, linkageRunInputName, statisticsInputName } from '../../core/receipts/file-names.ts';
import { personsTableCsv, statisticsFromTable, statisticsOutputs, statisticsParameterRecord, STATISTICS_KIND, type PersonRow } from './casualty-stats.ts';
import * as repo from './repository.ts';
import { DIALOGUE_KIND, dialogueParameterRecord } from '../../core/receipts/dialogue-method.ts';
import type { LiveEntry } from '../dialogue/live.ts';
import { buildReport } from '../dialogue/report.ts';
import { dialogueMismatch, dialogueReceiptInput, dialogueReportOutputs } from './dialogue-report.ts';
import { REGISTRY_INPUTS, REGISTRY_KIND, registryFigures } from '../../core/receipts/index.ts';
import { RegistryService } from '../registry/service.ts';
import { publishedFigureFiles } from './registry-figures.ts';
import { LINKAGE_RUN_KIND, linkageRunParameterRecord, type Scalar } from '../../core/receipts/index.ts';

/** What the receipts module needs of an estimate: the estimation service's own view, with its access checks. */
export interface EstimateSource {
  get(actor: Actor, id: string): Promise<{ id: string; title: string; state: string; csv: string; options: Record<string, unknown>; result: Record<string, unknown> | null }>;
}

/** What the receipts module needs of casualty statistics: the casualties service's view, with its role and cell rules. */
export interface StatisticsSource {
  stats(actor: Actor, runId: string, options?: { minCell?: number }): Promise<StatsView>;
}

/** What the receipts module needs of dialogue: the report's live entry, if the actor may see the report, and its votes. */
export interface DialogueSource {
  reportEntry(actor: Actor, conversationId: string): Promise<LiveEntry>;
  /** Every stored vote; asked for only after reportEntry let the actor see the report. */
  storedVotes(conversationId: string): Promise<{ pid: number; tid: number; value: number }[]>;
}

type Subject = 'estimate' | 'casualty_statistics' | 'dialogue_report' | 'registry_figures' | 'linkage_run';

export interface PublicInputStatus {
  inputPublic: boolean;
  reason: 'lists_not_public' | 'not_memorial_run' | 'persons_not_shown' | null;
}

/**
 * Whether the public can recompute a published run's statistics from open data: only when every person the
 * statistics count is already public on the memorial (every list of the run published, the run is the memorial's,
 * and the memorial shows every person of it). Otherwise the receipt proves which rows the figures were computed
 * from (its Merkle root), but the rows are not served, and the page says so.
 */
export async function publicStatisticsStatus(db: Kysely<Database>, runId: string, memorialTotal: () => Promise<number>): Promise<PublicInputStatus> {
  const run = await repo.publicStatisticsRun(db, runId);
  if (!run) throw notFound('Published statistics', runId);
  const published = await repo.publishedSourceIds(db, run.sourceIds);
  if (run.sourceIds.some((id) => !published.has(id))) return { inputPublic: false, reason: 'lists_not_public' };
  if (!run.newest) return { inputPublic: false, reason: 'not_memorial_run' };
  // Counted in the database: the statistics page asks this on every view, and reading every person and record of a
  // 100,000-person run to count them took most of its 11 s.
  const persons = await repo.personCountOfRun(db, runId);
  if ((await memorialTotal()) !== persons) return { inputPublic: false, reason: 'persons_not_shown' };
  return { inputPublic: true, reason: null };
}

const RECEIPTS = systemActor('receipts');
const PUBLIC = systemActor('public portal');

// The names files are served under, shared with the web app's "verify this figure" (core/receipts/file-names.ts).
export { dialogueInputName, estimateInputName, linkageRunInputName, statisticsInputName } from '../../core/receipts/file-names.ts';

/** A run's persons table, as its statistics' receipt commits to it (sources in the run's order). */
export async function personsTableOf(db: Kysely<Database>, runId: string, sourceIds: readonly string[]): Promise<string> {
  const { persons, records } = await repo.personsOfRun(db, runId);
  const counts = new Map<number, number[]>();
  const index = new Map(sourceIds.map((id, i) => [id, i]));
  for (const r of records) {
    const row = counts.get(r.personId) ?? new Array<number>(sourceIds.length).fill(0);
    row[index.get(r.sourceId)!] += r.records;
    counts.set(r.personId, row);
  }
  const rows: PersonRow[] = persons.map((p) => ({
    person: p.person_id,
    lists: p.capture_history,
    records: counts.get(p.person_id) ?? new Array<number>(sourceIds.length).fill(0),
    sex: p.sex,
    ageBand: p.age_band,
    status: p.status,
    deathDate: p.death_date,
    place: p.place,
    disagreements: (p.disagreements as string[]) ?? [],
  }));
  return personsTableCsv(rows);
}

/** The names of the figures where the published view and the recomputation from the persons table differ. */
export function statisticsMismatch(view: StatsView, csv: string): string[] {
  const published = statisticsOutputs(view);
  const recomputed = statisticsFromTable(csv, { runId: view.runId, sources: view.sources, minCell: view.suppression.minCell }).outputs;
  return [...new Set([...Object.keys(published), ...Object.keys(recomputed)])].filter((k) => published[k] !== recomputed[k]);
}

/**
 * Receipts of published figures. A figure's receipt is made once, the first time it is asked for after the figure is
 * done: signed with the instance's checkpoint key, stored, and recorded in the ledger (an audit event 'receipt.issued'
 * whose details carry the manifest's SHA-256). Each time it is served it carries the entry's inclusion proof under a
 * signed checkpoint and that checkpoint's time-stamp, when there is one.
 */
export class ReceiptService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ledger: LedgerService,
    private readonly estimates: EstimateSource,
    private readonly statistics?: StatisticsSource,
    private readonly dialogue?: DialogueSource,
  ) {}

  private dialogueSource(): DialogueSource {
    if (!this.dialogue) throw new Error('the receipts service was made without dialogue');
    return this.dialogue;
  }

  /**
   * The receipt of a dialogue report as it stands now, for whoever may read the report. A live report changes with
   * the votes, so a receipt is one per vote table (its subject names the table's hash): asking again after new votes
   * gives a new receipt, and two can be diffed. Before one is issued the figures recomputed from the vote table must
   * equal the report's; while the analysis is catching up with new votes they do not, and the request is refused
   * with a code to retry, never answered with a receipt that disagrees with the page.
   */
  async dialogueReceipt(actor: Actor, conversationId: string): Promise<Receipt> {
    const entry = await this.dialogueSource().reportEntry(actor, conversationId);
    const report = buildReport(entry);
    const { csv, parameters } = dialogueReceiptInput(await this.dialogueSource().storedVotes(conversationId), entry);
    const subjectId = `${conversationId}:${sha256Hex(`${csv}\n${JSON.stringify(parameters)}`).slice(0, 32)}`;
    let row = await repo.findReceipt(this.db, 'dialogue_report', subjectId);
    if (!row) {
      const differ = dialogueMismatch(report, csv, parameters);
      if (differ.length > 0) {
        throw new DomainError('conflict', 'receipt_report_updating', 'the report is being updated with new votes; ask for its receipt again in a few seconds', { figures: differ.slice(0, 5) });
      }
      const { signer } = loadOrCreateSigningKey((await this.ledger.signingKey()).file);
      const receipt = makeReceipt(
        {
          figure: { kind: DIALOGUE_KIND, label: entry.conversation.id },
          code: codeVersion(),
          createdAt: new Date().toISOString(),
          // one row per participant's vote: only the root is kept, so the receipt cannot test a guessed vote
          inputs: [commitInput(dialogueInputName(conversationId), 'vote table', new TextEncoder().encode(csv), { keepLeaves: false }).commitment],
          parameters: dialogueParameterRecord(parameters),
          outputs: dialogueReportOutputs(report),
        },
        signer,
      );
      await this.issue('dialogue_report', subjectId, receipt);
      row = await repo.findReceipt(this.db, 'dialogue_report', subjectId);
    }
    return this.withRecord(row!);
  }

  /** A finished run with the inputs it kept for its receipt; for those who may read its records (editors and reviewers). */
  private async linkageRun(actor: Actor, runId: string) {
    requireRole(actor, 'editor', 'reviewer');
    const run = await repo.linkageRunForReceipt(this.db, runId);
    if (!run) throw notFound('Linkage run', runId);
    if (run.state !== 'done') throw conflict('run_not_done', `the run is ${run.state}: its receipt is made when it has finished`);
    if (!run.inputs) {
      throw conflict('receipt_run_without_inputs', 'this run finished before runs kept what a receipt commits to (the records as the engine read them and the decisions applied); run the linkage again for a run with a receipt');
    }
    return { ...run, inputs: run.inputs };
  }

  /**
   * The receipt of a linkage run made on the server: a commitment to the records exactly as the engine read them
   * (with each record's list) and the review decisions it applied, the engine settings with their seed, and the
   * persons, capture histories and every record's person (core/receipts/linkage-run-method.ts). Kept when the run
   * finished, so later corrections and decisions do not change what it commits to; made once, signed, in the ledger.
   * The rows are person-level data served to editors and reviewers only, so the receipt keeps every row's leaf (two
   * runs' receipts name the records that entered or left) and is served to them only.
   */
  async linkageRunReceipt(actor: Actor, runId: string): Promise<Receipt> {
    const run = await this.linkageRun(actor, runId);
    let row = await repo.findReceipt(this.db, 'linkage_run', runId);
    if (!row) {
      const { signer } = loadOrCreateSigningKey((await this.ledger.signingKey()).file);
      const encode = (text: string) => new TextEncoder().encode(text);
      const receipt = makeReceipt(
        {
          figure: { kind: LINKAGE_RUN_KIND, label: run.sources.map((s) => s.name).join(' · ') },
          code: codeVersion(),
          createdAt: new Date().toISOString(),
          inputs: [
            commitInput(linkageRunInputName(runId, 'records'), 'records as the engine read them', encode(run.inputs.recordsCsv)).commitment,
            commitInput(linkageRunInputName(runId, 'decisions'), 'review decisions', encode(run.inputs.decisionsCsv)).commitment,
          ],
          parameters: linkageRunParameterRecord({ runId, sources: run.sources, settings: run.inputs.settings as JsonValue }),
          outputs: run.inputs.outputs as Record<string, Scalar>,
        },
        signer,
      );
      await this.issue('linkage_run', runId, receipt);
      row = await repo.findReceipt(this.db, 'linkage_run', runId);
    }
    return this.withRecord(row!);
  }

  /** One of the two tables a run's receipt commits to, byte for byte (editors and reviewers). */
  async linkageRunInput(actor: Actor, runId: string, table: 'records' | 'decisions'): Promise<string> {
    const run = await this.linkageRun(actor, runId);
    return table === 'records' ? run.inputs.recordsCsv : run.inputs.decisionsCsv;
  }

  /** The registry's published figure files (sources, actors, events, claims), as the summary's receipt commits to them. */
  private async registryFiles(): Promise<Record<(typeof REGISTRY_INPUTS)[number], string>> {
    return publishedFigureFiles(await new RegistryService(this.db).exportDataset(RECEIPTS));
  }

  /**
   * The receipt of the registry's figure summary: every published casualty-figure claim (optionally of one event)
   * with the interval it allows, attributed to who asserts it, per claim and per source. Public data only, so
   * anyone may have it, and the files it commits to, with every row's leaf. One receipt per content of the files.
   */
  async registryReceipt(event: string | null): Promise<Receipt> {
    const files = await this.registryFiles();
    if (event !== null && !files['events.csv'].split('\n').some((line) => line.split(',')[0] === event)) throw notFound('Published event', event);
    const subjectId = `${event ?? '*'}:${sha256Hex(REGISTRY_INPUTS.map((n) => files[n]).join('\u0000')).slice(0, 32)}`;
    let row = await repo.findReceipt(this.db, 'registry_figures', subjectId);
    if (!row) {
      const { signer } = loadOrCreateSigningKey((await this.ledger.signingKey()).file);
      const receipt = makeReceipt(
        {
          figure: { kind: REGISTRY_KIND, label: event === null ? 'registry: published casualty figures' : `registry: published casualty figures of ${event}` },
          code: codeVersion(),
          createdAt: new Date().toISOString(),
          inputs: REGISTRY_INPUTS.map((name) => commitInput(name, name, new TextEncoder().encode(files[name])).commitment),
          parameters: { event },
          outputs: registryFigures(files, { event }),
        },
        signer,
      );
      await this.issue('registry_figures', subjectId, receipt);
      row = await repo.findReceipt(this.db, 'registry_figures', subjectId);
    }
    return this.withRecord(row!);
  }

  /** One of the files the registry summary's receipt commits to, byte for byte. */
  async registryInput(name: (typeof REGISTRY_INPUTS)[number]): Promise<string> {
    return (await this.registryFiles())[name];
  }

  /** A report's vote table (participant numbers, groups, votes; no accounts, communities or times): facilitators only. */
  async dialogueInput(actor: Actor, conversationId: string): Promise<string> {
    requireRole(actor, 'facilitator');
    const entry = await this.dialogueSource().reportEntry(actor, conversationId);
    return dialogueReceiptInput(await this.dialogueSource().storedVotes(conversationId), entry).csv;
  }

  async estimateInput(actor: Actor, id: string): Promise<string> {
    return (await this.estimates.get(actor, id)).csv;
  }

  async estimateReceipt(actor: Actor, id: string): Promise<Receipt> {
    const estimate = await this.estimates.get(actor, id);
    if (estimate.state !== 'done' || !estimate.result) {
      throw conflict('estimate_not_done', `the estimate is ${estimate.state}: its receipt is made when it has finished`);
    }
    let row = await repo.findReceipt(this.db, 'estimate', id);
    if (!row) {
      await this.issue('estimate', id, await this.makeEstimateReceipt(estimate));
      row = await repo.findReceipt(this.db, 'estimate', id);
    }
    return this.withRecord(row!);
  }

  private async makeEstimateReceipt(estimate: Awaited<ReturnType<EstimateSource['get']>>): Promise<Receipt> {
    const o = estimate.options as Record<string, JsonValue>;
    const parameters = estimateParameterRecord({
      methods: o.methods as never,
      strata: (o.strata as string[]) ?? [],
      seed: o.seed as number,
      chains: o.chains as number,
      burnin: o.burnin as number,
      thinning: o.thinning as number,
      samples: o.samples as number,
      classes: typeof o.classes === 'number' ? o.classes : null,
      prior: o.prior as '1/N',
      delta: typeof o.delta === 'number' ? o.delta : null,
      criterion: o.criterion === 'bic' ? 'bic' : 'aic',
      model: typeof o.model === 'string' ? o.model : null,
    });
    const { signer } = loadOrCreateSigningKey((await this.ledger.signingKey()).file);
    return makeReceipt(
      {
        figure: { kind: 'estimate', label: estimate.title },
        code: codeVersion(),
        createdAt: new Date().toISOString(),
        inputs: [commitInput(estimateInputName(estimate.id), 'capture table', new TextEncoder().encode(estimate.csv)).commitment],
        parameters,
        outputs: estimateOutputs(estimate.result as unknown as EstimateFigures),
      },
      signer,
    );
  }

  /** A published estimate's receipt for the public (the estimate must be public and done). */
  async publicEstimateReceipt(id: string): Promise<Receipt> {
    const estimate = await repo.publicEstimate(this.db, id);
    if (!estimate) throw notFound('Published estimate', id);
    const row = (await repo.findReceipt(this.db, 'estimate', id)) ?? (await this.issue('estimate', id, await this.makeEstimateReceipt({ ...estimate, csv: estimate.input_csv })), await repo.findReceipt(this.db, 'estimate', id));
    return this.withRecord(row!);
  }

  /** A published estimate's capture table, byte for byte: publishing an estimate publishes the table it was computed from. */
  async publicEstimateInput(id: string): Promise<string> {
    const estimate = await repo.publicEstimate(this.db, id);
    if (!estimate) throw notFound('Published estimate', id);
    return estimate.input_csv;
  }

  private statisticsSource(): StatisticsSource {
    if (!this.statistics) throw new Error('the receipts service was made without casualty statistics');
    return this.statistics;
  }

  private personsTable(runId: string, sourceIds: readonly string[]): Promise<string> {
    return personsTableOf(this.db, runId, sourceIds);
  }

  /**
   * The receipt of a run's statistics as `actor` may see them (the casualties service decides the minimum cell: at
   * least the configured one for roles without record access). One receipt per run and minimum cell. Before it is
   * issued, the figures recomputed from the persons table must equal the figures the service publishes.
   */
  async statisticsReceipt(actor: Actor, runId: string, options: { minCell?: number } = {}): Promise<Receipt> {
    const view = await this.statisticsSource().stats(actor, runId, options);
    const subjectId = `${runId}:${view.suppression.minCell}`;
    let row = await repo.findReceipt(this.db, 'casualty_statistics', subjectId);
    if (!row) {
      const parameters = { runId, sources: view.sources, minCell: view.suppression.minCell };
      const csv = await this.personsTable(runId, view.sources.map((s) => s.id));
      const published = statisticsOutputs(view);
      const differ = statisticsMismatch(view, csv);
      if (differ.length > 0) {
        // never a receipt that disagrees with the figure it stands beside; this is a defect to report, not a user error
        throw new DomainError('conflict', 'receipt_mismatch', `the statistics recomputed from the persons table differ from those published, in ${differ.slice(0, 5).join(', ')}; no receipt was issued`);
      }
      const { signer } = loadOrCreateSigningKey((await this.ledger.signingKey()).file);
      const receipt = makeReceipt(
        {
          figure: { kind: STATISTICS_KIND, label: view.sources.map((s) => s.name).join(' · ') },
          code: codeVersion(),
          createdAt: new Date().toISOString(),
          // person-level rows: only the root is kept, so the receipt cannot be used to test a guessed person
          inputs: [commitInput(statisticsInputName(runId), 'persons table', new TextEncoder().encode(csv), { keepLeaves: false }).commitment],
          parameters: statisticsParameterRecord(parameters),
          outputs: published,
        },
        signer,
      );
      await this.issue('casualty_statistics', subjectId, receipt);
      row = await repo.findReceipt(this.db, 'casualty_statistics', subjectId);
    }
    return this.withRecord(row!);
  }

  /** A run's persons table for those who may read its persons (editors and reviewers). */
  async statisticsInput(actor: Actor, runId: string): Promise<string> {
    requireRole(actor, 'editor', 'reviewer');
    const view = await this.statisticsSource().stats(actor, runId, {});
    return this.personsTable(runId, view.sources.map((s) => s.id));
  }

  /** See publicStatisticsStatus. */
  async publicStatisticsStatus(runId: string, memorialTotal: () => Promise<number>): Promise<PublicInputStatus> {
    return publicStatisticsStatus(this.db, runId, memorialTotal);
  }

  async publicStatisticsReceipt(runId: string, minCell: number): Promise<Receipt> {
    if (!(await repo.publicStatisticsRun(this.db, runId))) throw notFound('Published statistics', runId);
    return this.statisticsReceipt(PUBLIC, runId, { minCell });
  }

  async publicStatisticsInput(runId: string, memorialTotal: () => Promise<number>): Promise<string> {
    const status = await this.publicStatisticsStatus(runId, memorialTotal);
    if (!status.inputPublic) {
      throw new DomainError(
        'forbidden',
        'receipt_input_not_public',
        'these statistics count persons who are not all public, so the rows they were computed from are not served: the receipt proves which rows (its Merkle root) but cannot be recomputed from open data',
        { reason: status.reason },
      );
    }
    const view = await this.statisticsSource().stats(PUBLIC, runId, {});
    return this.personsTable(runId, view.sources.map((s) => s.id));
  }

  private async issue(subjectType: Subject, subjectId: string, receipt: Receipt): Promise<void> {
    const manifestSha256 = sha256Hex(receipt.manifest);
    const inserted = await this.db.transaction().execute(async (tx) => {
      const fresh = await repo.insertReceipt(tx, { subjectType, subjectId, receipt, manifestSha256 });
      if (fresh) await recordAudit(tx, RECEIPTS, { action: 'receipt.issued', subjectType, subjectId, details: { manifestSha256, figure: receipt.figure.kind } });
      return fresh;
    });
    if (!inserted) return;
    const entries = await this.ledger.entriesFor(RECEIPTS, subjectType, [subjectId]);
    const entry = entries.reverse().find((e) => (e.entry as { action?: string }).action === 'receipt.issued');
    if (entry) await repo.setLedgerSeq(this.db, subjectType, subjectId, entry.seq);
  }

  private async withRecord(row: repo.ReceiptRow): Promise<Receipt> {
    const receipt = row.receipt as unknown as Receipt;
    if (row.ledger_seq === null) return receipt;
    const proof = await this.ledger.inclusionProof(RECEIPTS, Number(row.ledger_seq));
    return {
      ...receipt,
      recorded: {
        ledger: { seq: proof.leafIndex, leafHash: proof.leafHash, entry: (proof.entry ?? null) as JsonValue },
        checkpoint: proof.checkpoint ?? null,
        inclusionProof: { treeSize: proof.treeSize, proof: proof.proof },
        timestamp: proof.timestamp?.token ?? null,
      },
    };
  }
}
