import type { Kysely } from 'kysely';
import { canonicalize } from '../../core/ledger/canonical-json.ts';
import { openCheckpoint, type Checkpoint } from '../../core/ledger/checkpoint.ts';
import { hashLeaf, toHex, equalBytes } from '../../core/ledger/hashing.ts';
import { parseVerifierKey, type NoteVerifier } from '../../core/ledger/signed-note.ts';
import { verifyLedger, type Discrepancy } from '../../core/ledger/verify-ledger.ts';
import type { Database } from '../db/schema.ts';
import { auditEntry, type AuditFields } from './audit-entry.ts';
import * as repo from './repository.ts';
import { checkpointImprint, parseCertificates, TimestampError, verifyTimestampToken } from '../../core/ledger/timestamp.ts';

export interface VerificationProblem {
  kind: string;
  /**
   * Set on what verification tidied or noted rather than found wrong (a temporary file of a cut-off upload removed,
   * a blob's interrupted move completed): reported, but it does not make the run fail.
   */
  housekeeping?: boolean;
  seq?: number;
  auditEventId?: number;
  checkpointId?: number;
  message: string;
}

export interface VerificationReport {
  ok: boolean;
  entries: number;
  auditEvents: number;
  checkpoints: number;
  treeSize: number;
  root: string;
  problems: VerificationProblem[];
}

const BATCH = 20_000;

/**
 * Recomputes the whole ledger from the database and checks it three ways: every audit row against the entry that
 * recorded it (an edited, deleted or inserted audit row), every entry against its leaf hash and the node store (an
 * edited, deleted, inserted or moved entry), and the tree against every signed checkpoint (a rewritten history or a
 * fork). Each discrepancy is named; nothing is repaired.
 */
export async function verifyDatabaseLedger(db: Kysely<Database>, options: { tsaPem?: string } = {}): Promise<VerificationReport> {
  const problems: VerificationProblem[] = [];

  // Each kept RFC 3161 token must still time-stamp exactly its checkpoint's note, signed by the authority.
  const trusted = options.tsaPem ? parseCertificates(options.tsaPem) : undefined;
  for (const stamp of await repo.allTimestamps(db)) {
    const checkpointId = Number(stamp.checkpoint_id);
    try {
      const result = verifyTimestampToken(new Uint8Array(stamp.token), checkpointImprint(stamp.note), { trusted });
      if (result.genTime.getTime() !== stamp.gen_time.getTime())
        throw new TimestampError('time-mismatch', `the token says ${result.genTime.toISOString()}, the row beside it ${stamp.gen_time.toISOString()}`);
    } catch (error) {
      if (!(error instanceof TimestampError)) throw error;
      problems.push({ kind: 'timestamp-invalid', checkpointId, message: `time-stamp of checkpoint ${checkpointId}: ${error.message}` });
    }
  }

  const verifiers: NoteVerifier[] = [];
  const origins = new Set<string>();
  for (const key of await repo.keys(db)) {
    try {
      verifiers.push(parseVerifierKey(key.verifier_key));
      origins.add(key.origin);
    } catch (error) {
      problems.push({ kind: 'key-invalid', message: `stored public key ${key.key_id} is not valid: ${(error as Error).message}` });
    }
  }

  const checkpoints: Checkpoint[] = [];
  const storedCheckpoints = await repo.allCheckpoints(db);
  for (const row of storedCheckpoints) {
    try {
      const opened = openCheckpoint(row.note, verifiers);
      if (!origins.has(opened.origin)) throw new Error(`origin ${opened.origin} is not this ledger's`);
      if (opened.size !== Number(row.size) || !equalBytes(opened.root, new Uint8Array(row.root_hash))) {
        throw new Error('the signed note does not match the size or root stored beside it');
      }
      checkpoints.push(opened);
    } catch (error) {
      problems.push({ kind: 'checkpoint-signature', checkpointId: Number(row.id), message: `checkpoint ${row.id}: ${(error as Error).message}` });
    }
  }

  const entries: unknown[] = [];
  const recordedLeafHashes: (Uint8Array | undefined)[] = [];
  const entryByAuditId = new Map<number, { seq: number; text: string }>();
  for (let from = 0; ; from += BATCH) {
    const { rows, more } = await repo.entriesInRange(db, from, from + BATCH);
    for (const row of rows) {
      const seq = Number(row.seq);
      let parsed: unknown;
      try {
        parsed = JSON.parse(row.entry);
      } catch {
        problems.push({ kind: 'invalid-entry', seq, message: `entry ${seq} is not valid JSON` });
        continue;
      }
      entries.push(parsed);
      const stored = new Uint8Array(row.leaf_hash);
      if (!equalBytes(stored, hashLeaf(new TextEncoder().encode(row.entry)))) {
        problems.push({ kind: 'edited', seq, message: `entry ${seq} does not hash to the leaf hash stored beside it` });
      }
      if (row.audit_event_id !== null) entryByAuditId.set(Number(row.audit_event_id), { seq, text: row.entry });
    }
    if (!more) break;
  }
  const leafRows = await repo.leafNodes(db);
  for (const row of leafRows) recordedLeafHashes[Number(row.idx)] = new Uint8Array(row.hash);

  const report = verifyLedger({ entries, checkpoints, recordedLeafHashes });
  for (const d of report.discrepancies) problems.push(fromDiscrepancy(d));

  let auditEvents = 0;
  for (let after = 0; ;) {
    const rows = await repo.auditEventsAfter(db, after, BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      auditEvents++;
      const id = Number(row.id);
      after = id;
      const recorded = entryByAuditId.get(id);
      if (!recorded) {
        problems.push({
          kind: 'audit-inserted',
          auditEventId: id,
          message: `audit event ${id} (${row.action}) has no ledger entry: it was inserted outside Reckon`,
        });
        continue;
      }
      entryByAuditId.delete(id);
      const expected = canonicalize({ seq: recorded.seq, ...auditEntry(row as unknown as AuditFields) });
      if (expected !== recorded.text) {
        problems.push({
          kind: 'audit-edited',
          auditEventId: id,
          seq: recorded.seq,
          message: `audit event ${id} (${row.action}) differs from ledger entry ${recorded.seq}: the row was edited`,
        });
      }
    }
  }
  for (const [auditId, { seq }] of entryByAuditId) {
    problems.push({
      kind: 'audit-deleted',
      auditEventId: auditId,
      seq,
      message: `audit event ${auditId} recorded by ledger entry ${seq} is missing: the row was deleted`,
    });
  }

  return {
    ok: problems.length === 0,
    entries: entries.length,
    auditEvents,
    checkpoints: storedCheckpoints.length,
    treeSize: report.treeSize,
    root: report.root,
    problems,
  };
}

function fromDiscrepancy(d: Discrepancy): VerificationProblem {
  return { kind: d.kind, seq: d.seq, message: d.message };
}

export const rootHex = (root: Uint8Array): string => toHex(root);
