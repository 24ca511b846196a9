import type { Kysely } from 'kysely';
import { actorId, actorLabel, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Records a state change. Call it with the same transaction as the change itself, so that a change and its audit
 * row are committed together or not at all. Details must never hold secrets or protected identities.
 */
export async function recordAudit(db: Kysely<Database>, actor: Actor, input: AuditInput): Promise<number> {
  const row = await db
    .insertInto('audit_events')
    .values({
      actor_id: actorId(actor),
      actor_label: actorLabel(actor),
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId ?? null,
      details: JSON.stringify(input.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
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

export async function listAudit(
  db: Kysely<Database>,
  options: { limit: number; before?: number; subjectType?: string; subjectId?: string },
): Promise<AuditEventView[]> {
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
