import type { Kysely } from 'kysely';
import { actorId, actorLabel, requireRole, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { appendEntries } from '../ledger/append.ts';
import { auditEntry } from '../ledger/audit-entry.ts';

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
 * `details.hashes` ({ sha256, sha512 }) and become the ledger entry's hashes.
 */
export async function recordAudit(db: Kysely<Database>, actor: Actor, input: AuditInput): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((tx) => recordAudit(tx, actor, input));
  // The time is fixed here (millisecond precision) rather than by the database, so the ledger entry and the row
  // agree exactly; details go through JSON once so the entry holds what the row holds.
  const at = new Date();
  const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
  const row = await db
    .insertInto('audit_events')
    .values({
      at,
      actor_id: actorId(actor),
      actor_label: actorLabel(actor),
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId ?? null,
      details: JSON.stringify(details),
    })
    .returning(['id', 'at', 'actor_id', 'actor_label', 'action', 'subject_type', 'subject_id'])
    .executeTakeFirstOrThrow();
  await appendEntries(db, [{ auditEventId: row.id, entry: auditEntry({ ...row, details }) }]);
  return row.id;
}

export interface AuditEventView {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

export interface AuditListOptions {
  limit: number;
  before?: number;
  subjectType?: string;
  subjectId?: string;
}

/** The audit trail as the API shows it: whole-instance history, so administrators only. */
export async function readAuditTrail(db: Kysely<Database>, actor: Actor, options: AuditListOptions): Promise<AuditEventView[]> {
  requireRole(actor, 'admin');
  return listAudit(db, options);
}

/** Audit events without a role check, for services that have already checked the caller's access to the subject. */
export async function listAudit(db: Kysely<Database>, options: AuditListOptions): Promise<AuditEventView[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  if (options.subjectType) query = query.where('subject_type', '=', options.subjectType);
  if (options.subjectId) query = query.where('subject_id', '=', options.subjectId);
  const rows = await query.execute();
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
