import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { conflict } from '../errors.ts';
import type { LedgerService } from '../ledger/service.ts';
import { loadOrCreateSigningKey } from '../ledger/keys.ts';
import type { JsonValue } from '../../core/ledger/entry.ts';
import { commitInput, estimateOutputs, estimateParameterRecord, makeReceipt, sha256Hex, type Receipt } from '../../core/receipts/index.ts';
import type { EstimateFigures } from '../../core/receipts/estimate-method.ts';
import { codeVersion } from './code-version.ts';
import * as repo from './repository.ts';

/** What the receipts module needs of an estimate: the estimation service's own view, with its access checks. */
export interface EstimateSource {
  get(actor: Actor, id: string): Promise<{ id: string; title: string; state: string; csv: string; options: Record<string, unknown>; result: Record<string, unknown> | null }>;
}

const RECEIPTS = systemActor('receipts');

/** The file name the receipt's input is served under, so the name in the receipt is the name the verifier saves. */
export const estimateInputName = (id: string) => `estimate-${id}-input.csv`;

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
  ) {}

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

  private async issue(subjectType: 'estimate', subjectId: string, receipt: Receipt): Promise<void> {
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
