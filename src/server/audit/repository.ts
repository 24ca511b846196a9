import type { Kysely } from 'kysely';
import { collectInBatches, DEFAULT_BATCH } from '../db/helpers.ts';
import type { Database } from '../db/schema.ts';
import type { AuditEventRow } from './tables.ts';

type Db = Kysely<Database>;

export interface NewAuditEvent {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** Already passed through JSON once, so the row holds exactly what the ledger entry holds. */
  details: Record<string, unknown>;
}

const columnsOf = (event: NewAuditEvent) => ({
  at: event.at,
  actor_id: event.actorId,
  actor_label: event.actorLabel,
  action: event.action,
  subject_type: event.subjectType,
  subject_id: event.subjectId,
  details: JSON.stringify(event.details),
});

const RETURNED = ['id', 'at', 'actor_id', 'actor_label', 'action', 'subject_type', 'subject_id'] as const;

export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<Omit<AuditEventRow, 'details'>> {
  return db.insertInto('audit_events').values(columnsOf(event)).returning(RETURNED).executeTakeFirstOrThrow();
}

/** Many events in few statements; the rows come back in the order of `events` (ids are assigned in that order). */
export async function insertAuditEvents(db: Db, events: readonly NewAuditEvent[]): Promise<Array<Omit<AuditEventRow, 'details'>>> {
  return collectInBatches(events, DEFAULT_BATCH, async (batch) => {
    const rows = await db.insertInto('audit_events').values(batch.map(columnsOf)).returning(RETURNED).execute();
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  });
}

export interface AuditEventFilter {
  limit: number;
  before?: number;
  subjectType?: string;
  subjectId?: string;
}

/** Newest first; `before` pages by id (ids are dense and increasing). */
export async function selectAuditEvents(db: Db, filter: AuditEventFilter): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  return query.execute();
}
