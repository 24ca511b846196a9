import type { Kysely } from 'kysely';
import { signCheckpoint } from '../../core/ledger/checkpoint.ts';
import { entryLeafHash, parseEntry, type LedgerEntry } from '../../core/ledger/entry.ts';
import { EMPTY_ROOT, toBase64, toHex } from '../../core/ledger/hashing.ts';
import { consistencyPlan, inclusionPlan, resolvePlan, resolvePlanAsync, rootPlan, type ProofPlan } from '../../core/ledger/merkle.ts';
import {
  makeConsistencyProofDocument,
  makeInclusionProofDocument,
  type ConsistencyProofDocument,
  type InclusionProofDocument,
} from '../../core/ledger/proof-format.ts';
import type { NoteSigner } from '../../core/ledger/signed-note.ts';
import { requireRole, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { invalid, notFound } from '../errors.ts';
import { keyIdOf, loadOrCreateSigningKey, verifierKeyOf } from './keys.ts';
import * as repo from './repository.ts';
import type { CheckpointView, VerificationRunView } from './schemas.ts';
import type { CheckpointTimestamper, TimestampStatus } from './timestamps.ts';
import { makeTimestampMember, type TimestampMember } from '../../core/ledger/timestamp-member.ts';
import { verifyDatabaseLedger, type VerificationReport } from './verify.ts';

export type { CheckpointView, VerificationRunView };

const store = (db: Kysely<Database>) => ({
  getNodes: (coords: Parameters<typeof repo.readNodes>[1]) => repo.readNodes(db, coords),
  putNodes: async () => {
    throw new Error('proofs never write');
  },
});

type TimestampRow = Awaited<ReturnType<typeof repo.timestampsFor>>[number];

function toCheckpointView(row: Awaited<ReturnType<typeof repo.latestCheckpoint>> & object, stamp?: TimestampRow): CheckpointView {
  return {
    timestamp: stamp ? { genTime: stamp.gen_time.toISOString(), authority: stamp.authority } : null,
    id: Number(row.id),
    size: Number(row.size),
    rootHash: toHex(new Uint8Array(row.root_hash)),
    note: row.note,
    keyId: row.key_id,
    createdAt: row.created_at.toISOString(),
  };
}

export class LedgerService {
  private signer: NoteSigner | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly signingKeyFile: string,
    readonly timestamper?: CheckpointTimestamper,
  ) {}

  private async withTimestamps(rows: Array<Awaited<ReturnType<typeof repo.latestCheckpoint>> & object>): Promise<CheckpointView[]> {
    const stamps = new Map(
      (
        await repo.timestampsFor(
          this.db,
          rows.map((r) => Number(r.id)),
        )
      ).map((t) => [Number(t.checkpoint_id), t]),
    );
    return rows.map((r) => toCheckpointView(r, stamps.get(Number(r.id))));
  }

  /** The timestamp member for a proof document about this checkpoint, when it has a token. */
  async timestampMember(checkpointId: number): Promise<TimestampMember | undefined> {
    const [stamp] = await repo.timestampsFor(this.db, [checkpointId]);
    return stamp ? makeTimestampMember(new Uint8Array(stamp.token), stamp.authority, this.timestamper?.caPem) : undefined;
  }

  async timestampStatus(actor: Actor): Promise<TimestampStatus> {
    requireRole(actor, 'reviewer');
    if (!this.timestamper) return { enabled: false, authority: null, stamped: 0, pending: 0, lastSuccess: null, lastError: null };
    return this.timestamper.status();
  }

  /** Asks the authority again for checkpoints still without a token (the schedule calls this). */
  async retryTimestamps(): Promise<number> {
    return this.timestamper ? this.timestamper.retryPending() : 0;
  }

  /** Loads (or at first start makes) the signing key and records its public half in the database. */
  async init(): Promise<void> {
    if (this.signer) return;
    const { signer } = loadOrCreateSigningKey(this.signingKeyFile);
    await repo.insertKeyIfMissing(this.db, { key_id: keyIdOf(signer), verifier_key: verifierKeyOf(signer), origin: signer.name });
    this.signer = signer;
  }

  /** The signing key's public id and the file it was read from (compared across processes at start). */
  async signingKey(): Promise<{ keyId: string; file: string }> {
    return { keyId: keyIdOf(await this.key()), file: this.signingKeyFile };
  }

  private async key(): Promise<NoteSigner> {
    await this.init();
    return this.signer!;
  }

  async publicKey(): Promise<{ verifierKey: string; origin: string; keyId: string }> {
    const signer = await this.key();
    return { verifierKey: verifierKeyOf(signer), origin: signer.name, keyId: keyIdOf(signer) };
  }

  async size(): Promise<number> {
    return repo.ledgerSize(this.db);
  }

  async root(size: number): Promise<Uint8Array> {
    if (size === 0) return EMPTY_ROOT;
    const [root] = await resolvePlanAsync([rootPlan(size)], store(this.db));
    return root;
  }

  /**
   * Signs the current tree head. Without `force`, returns the latest checkpoint when the tree has not grown since,
   * so the schedule does not fill the table with identical heads.
   */
  async checkpoint(actor: Actor, options: { force?: boolean } = {}): Promise<CheckpointView> {
    requireRole(actor, 'reviewer');
    const signer = await this.key();
    const row = await this.db.transaction().execute(async (tx) => {
      const size = await repo.ledgerSize(tx);
      const latest = await repo.latestCheckpoint(tx);
      if (!options.force && latest && Number(latest.size) === size) return latest;
      const root = size === 0 ? EMPTY_ROOT : (await resolvePlanAsync([rootPlan(size)], store(tx)))[0];
      const note = signCheckpoint({ origin: signer.name, size, root, extensions: [] }, [signer]);
      return repo.insertCheckpoint(tx, { size, root_hash: root, note, key_id: keyIdOf(signer) });
    });
    // After the commit: the checkpoint stands whether or not the authority answers (a failure is retried later).
    if (this.timestamper?.enabled) await this.timestamper.stamp(Number(row.id));
    return (await this.withTimestamps([row]))[0];
  }

  /**
   * Signs a checkpoint of the tree as the caller's transaction sees it, inside that transaction, and (when an
   * authority is configured) asks for its RFC 3161 token before returning, storing it in the same transaction. No
   * role check: the caller (an evidence export) has checked its own permission, and the checkpoint exists only if
   * the caller's work commits. The authority's answer is bounded by its time-out; a failure leaves the checkpoint
   * unstamped (the scheduled retry stamps it later) and is returned so the caller can record the attempt.
   */
  async signCheckpointIn(tx: Kysely<Database>): Promise<{ checkpoint: CheckpointView; timestamp?: TimestampMember; timestampError?: string }> {
    const signer = await this.key();
    const size = await repo.ledgerSize(tx);
    const root = size === 0 ? EMPTY_ROOT : (await resolvePlanAsync([rootPlan(size)], store(tx)))[0];
    const note = signCheckpoint({ origin: signer.name, size, root, extensions: [] }, [signer]);
    const row = await repo.insertCheckpoint(tx, { size, root_hash: root, note, key_id: keyIdOf(signer) });
    const view = toCheckpointView(row);
    if (!this.timestamper?.enabled) return { checkpoint: view };
    try {
      const { token, genTime } = await this.timestamper.request(note);
      const authority = this.timestamper.authority!;
      await repo.insertTimestamp(tx, { checkpoint_id: row.id, authority, token, gen_time: genTime });
      return {
        checkpoint: { ...view, timestamp: { genTime: genTime.toISOString(), authority } },
        timestamp: makeTimestampMember(token, authority, this.timestamper.caPem),
      };
    } catch (error) {
      return { checkpoint: view, timestampError: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Inclusion proofs of the given entries against a tree size, read through the caller's transaction (no role check). */
  async inclusionProofsIn(
    tx: Kysely<Database>,
    seqs: readonly number[],
    treeSize: number,
    timestamp?: TimestampMember,
  ): Promise<Array<Omit<InclusionProofDocument, 'format' | 'checkpoint' | 'publicKey'>>> {
    const out: Array<Omit<InclusionProofDocument, 'format' | 'checkpoint' | 'publicKey'>> = [];
    const wanted = seqs.filter((seq) => seq < treeSize);
    // Every entry and every node of every proof in a few statements (a case file proves thousands of entries).
    const plans = wanted.map((seq) => inclusionPlan(seq, treeSize));
    const rootCoords = rootPlan(treeSize);
    const coords = new Map<string, { level: number; index: number }>();
    for (const c of [...rootCoords, ...plans.flat(2)]) coords.set(`${c.level}:${c.index}`, c);
    const nodes = new Map((await repo.nodesByCoords(tx, [...coords.values()])).map((n) => [`${n.level}:${n.index}`, n.hash]));
    const lookup = (level: number, index: number) => nodes.get(`${level}:${index}`);
    const [root] = resolvePlan([rootCoords], lookup);
    // Proofs against one tree share most of their ranges (the right edge above all, which is hashed from several
    // stored nodes): each range is hashed once for all of them.
    const ranges = new Map<string, Uint8Array>();
    const resolveShared = (plan: ProofPlan) =>
      plan.map((range) => {
        const key = range.map((c) => `${c.level}:${c.index}`).join(' ');
        let hash = ranges.get(key);
        if (!hash) ranges.set(key, (hash = resolvePlan([range], lookup)[0]));
        return hash;
      });
    const entries = new Map((await repo.entriesBySeqs(tx, wanted)).map((r) => [r.seq, r]));
    wanted.forEach((seq, i) => {
      const row = entries.get(seq);
      if (row === undefined) throw notFound('Ledger entry', String(seq));
      const entry = parseEntry(JSON.parse(row.entry));
      const proof = resolveShared(plans[i]);
      const {
        format: _f,
        checkpoint: _c,
        publicKey: _k,
        ...doc
      } = makeInclusionProofDocument({ treeSize, leafIndex: seq, leafHash: row.leafHash, proof, root, entry, timestamp });
      out.push(doc);
    });
    return out;
  }

  async latestCheckpoint(): Promise<CheckpointView | null> {
    const row = await repo.latestCheckpoint(this.db);
    return row ? (await this.withTimestamps([row]))[0] : null;
  }

  async listCheckpoints(limit: number): Promise<CheckpointView[]> {
    return this.withTimestamps(await repo.listCheckpoints(this.db, limit));
  }

  /** An inclusion proof for entry `seq`, against a signed checkpoint (a new one when none covers the entry yet). */
  async inclusionProof(actor: Actor, seq: number, size?: number): Promise<InclusionProofDocument> {
    requireRole(actor, 'editor', 'reviewer');
    const current = await repo.ledgerSize(this.db);
    if (seq >= current) throw notFound('Ledger entry', String(seq));
    let checkpoint = size === undefined ? await repo.checkpointCovering(this.db, seq) : await repo.checkpointOfSize(this.db, size);
    if (size !== undefined && size > current) {
      throw invalid('size_beyond_log', `tree size ${size} is larger than the log (${current} entries)`);
    }
    if (size !== undefined && seq >= size) throw invalid('index_beyond_size', `entry ${seq} is not in a tree of size ${size}`);
    if (!checkpoint && size === undefined) {
      await this.checkpoint(actor, { force: false });
      checkpoint = await repo.checkpointCovering(this.db, seq);
    }
    const treeSize = size ?? Number(checkpoint!.size);
    const row = await repo.entry(this.db, seq);
    if (!row) throw notFound('Ledger entry', String(seq));
    const entry = parseEntry(JSON.parse(row.entry));
    const [proof, [root]] = await Promise.all([
      resolvePlanAsync(inclusionPlan(seq, treeSize), store(this.db)),
      resolvePlanAsync([rootPlan(treeSize)], store(this.db)),
    ]);
    const key = await this.publicKey();
    const signed = checkpoint && Number(checkpoint.size) === treeSize ? checkpoint : undefined;
    return makeInclusionProofDocument({
      timestamp: signed ? await this.timestampMember(Number(signed.id)) : undefined,
      treeSize,
      leafIndex: seq,
      leafHash: entryLeafHash(entry),
      proof,
      root,
      entry,
      checkpoint: checkpoint && Number(checkpoint.size) === treeSize ? checkpoint.note : undefined,
      publicKey: key.verifierKey,
    });
  }

  /** A consistency proof between two tree sizes: hashes only, so anyone may ask for one. */
  async consistencyProof(first: number, second?: number): Promise<ConsistencyProofDocument> {
    const current = await repo.ledgerSize(this.db);
    const secondSize = second ?? current;
    if (secondSize > current) throw invalid('size_beyond_log', `tree size ${secondSize} is larger than the log (${current} entries)`);
    if (first < 0 || first > secondSize) throw invalid('bad_sizes', 'the first size must be between 0 and the second');
    const [proof, roots] = await Promise.all([
      resolvePlanAsync(consistencyPlan(first, secondSize), store(this.db)),
      Promise.all([this.root(first), this.root(secondSize)]),
    ]);
    const [firstCp, secondCp] = await Promise.all([repo.checkpointOfSize(this.db, first), repo.checkpointOfSize(this.db, secondSize)]);
    return makeConsistencyProofDocument({
      firstSize: first,
      secondSize,
      proof,
      firstRoot: roots[0],
      secondRoot: roots[1],
      firstCheckpoint: firstCp?.note,
      secondCheckpoint: secondCp?.note,
      timestamp: secondCp ? await this.timestampMember(Number(secondCp.id)) : undefined,
      firstTimestamp: firstCp && first > 0 ? await this.timestampMember(Number(firstCp.id)) : undefined,
      publicKey: (await this.publicKey()).verifierKey,
    });
  }

  /** Ledger entries about one subject (an item and its files, a claim...), oldest first. */
  async entriesFor(actor: Actor, subjectType: string, subjectIds: string[]) {
    requireRole(actor, 'editor', 'reviewer');
    const rows = await repo.entriesForSubject(this.db, subjectType, subjectIds);
    return rows.map((r) => ({ seq: Number(r.seq), entry: JSON.parse(r.entry) as LedgerEntry, leafHash: toHex(new Uint8Array(r.leaf_hash)) }));
  }

  /** Verifies the database ledger (and whatever extra checks are registered, e.g. blob hashes) and keeps the result. */
  async verify(
    actor: Actor,
    trigger: string,
    extra: Array<() => Promise<VerificationReport['problems']>> = [],
  ): Promise<VerificationRunView & { report: VerificationReport }> {
    requireRole(actor, 'reviewer');
    const startedAt = new Date();
    const report = await verifyDatabaseLedger(this.db, { tsaPem: this.timestamper?.caPem });
    for (const check of extra) report.problems.push(...(await check()));
    report.ok = report.problems.every((problem) => problem.housekeeping === true);
    const run = await repo.insertVerificationRun(this.db, {
      started_at: startedAt,
      finished_at: new Date(),
      ok: report.ok,
      trigger,
      summary: { ...report, problems: report.problems.slice(0, 1000), problemCount: report.problems.length },
    });
    return { ...toRunView(run), report };
  }

  async verificationRuns(actor: Actor, limit: number): Promise<VerificationRunView[]> {
    requireRole(actor, 'reviewer');
    return (await repo.listVerificationRuns(this.db, limit)).map(toRunView);
  }
}

function toRunView(run: Awaited<ReturnType<typeof repo.listVerificationRuns>>[number]): VerificationRunView {
  return {
    id: Number(run.id),
    startedAt: run.started_at.toISOString(),
    finishedAt: run.finished_at.toISOString(),
    ok: run.ok,
    trigger: run.trigger,
    // Written by verify() above from a VerificationReport; the response schema checks it again on the way out.
    summary: run.summary as VerificationRunView['summary'],
  };
}

export { toBase64 };
