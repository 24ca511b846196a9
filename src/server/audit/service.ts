import type { Kysely } from 'kysely';
import { actorId, actorLabel, requireRole, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { queueEntries } from '../ledger/append.ts';
import { auditEntry } from '../ledger/audit-entry.ts';
import { insertAuditEvent, insertAuditEvents, selectAuditEvents } from './repository.ts';
import type { AuditEventView, AuditListOptions } from './schemas.ts';

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Records a state change and chains it into the integrity ledger. Call it with the same transaction as the change
 * itself, so that a change, its audit row and its ledger entry are committed together or not at all (called outside
 * a transaction it opens its own). Details must never hold secrets or protected identities; content hashes go in
 * `details.hashes` ({ sha256, sha512 }) and become the ledger entry's hashes. In a transaction opened with
 * `withDeferredLedger` the entry is appended just before the commit, so the ledger's lock is not held meanwhile.
 */
export async function recordAudit(db: Kysely<Database>, actor: Actor, input: AuditInput): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => recordAudit(tx, actor, input));
  // The time is fixed here (millisecond precision) rather than by the database, so the ledger entry and the row
  // agree exactly; details go through JSON once so the entry holds what the row holds.
  const at = new Date();
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  const row = await insertAuditEvent(db, {
    at,
    actorId: actorId(actor),
    actorLabel: actorLabel(actor),
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    details,
  });
  await queueEntries(db, [{ auditEventId: row.id, entry: auditEntry({ ...row, details }) }]);
  return row.id;
}

/**
 * Records many events of one actor at once, as `recordAudit` records one: the rows in one statement per thousand,
 * their ledger entries in one append (or queued, as `recordAudit`'s), in the caller's transaction (required).
 * Returns the ids in input order.
 */
export async function recordAudits(tx: Kysely<Database>, actor: Actor, inputs: readonly AuditInput[]): Promise<number[]> {
  if (!tx.isTransaction) throw new Error('recordAudits runs inside the transaction of the changes it records');
  if (inputs.length === 0) return [];
  const at = new Date();
  const events = inputs.map((input) => ({
    at,
    actorId: actorId(actor),
    actorLabel: actorLabel(actor),
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
  }));
  const rows = await insertAuditEvents(tx, events);
  await queueEntries(
    tx,
    rows.map((row, i) => ({ auditEventId: row.id, entry: auditEntry({ ...row, details: events[i].details }) })),
  );
  return rows.map((row) => row.id);
}

/** The audit trail as the API shows it: whole-instance history, so administrators only. */
export async function readAuditTrail(db: Kysely<Database>, actor: Actor, options: AuditListOptions): Promise<AuditEventView[]> {
  requireRole(actor, 'admin');
  return listAudit(db, options);
}

/** Audit events without a role check, for services that have already checked the caller's access to the subject. */
export async function listAudit(db: Kysely<Database>, options: AuditListOptions): Promise<AuditEventView[]> {
  const rows = await selectAuditEvents(db, options);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_label,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: r.details,
  }));
}
