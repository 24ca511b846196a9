import { sql, type Kysely } from 'kysely';
import type { AuditEventRow } from '../audit/tables.ts';
import type { Database } from '../db/schema.ts';
import { collectInBatches, DEFAULT_BATCH } from '../db/helpers.ts';

/**
 * The custody of many items at once, as `custodyEvents` in the archive's repository gives it for one: the audit
 * events about each item or about a blob attached to it, oldest first, at most `limit` an item. One statement per
 * thousand items, so a package of a thousand exhibits reads its custody in one round trip instead of a thousand.
 *
 * With `fromId`, only the events from that audit event on: what an export recorded about its items in its own
 * transaction, read by the audit table's key (the few newest rows) instead of every item's whole custody again.
 */
export async function custodyEventsOfItems(db: Kysely<Database>, itemIds: readonly string[], limit: number, fromId?: number): Promise<Map<string, AuditEventRow[]>> {
  const out = new Map<string, AuditEventRow[]>(itemIds.map((id) => [id, []]));
  const events = fromId === undefined ? sql`audit_events` : sql`recent`;
  const recent = fromId === undefined ? sql`` : sql`recent as materialized (select * from audit_events where id >= ${fromId}),`;
  for (let i = 0; i < itemIds.length; i += 1000) {
    const part = itemIds.slice(i, i + 1000);
    const rows = await sql<AuditEventRow & { custody_item: string }>`
      with ${recent} s as (
        select id::text as custody_item, 'item'::text as subject_type, id::text as subject_id from items where id = any(${part}::uuid[])
        union
        select item_id::text, 'blob', blob_sha256 from item_files where item_id = any(${part}::uuid[])
      )
      select s.custody_item, a.* from s join ${events} a on a.subject_type = s.subject_type and a.subject_id = s.subject_id
      order by s.custody_item, a.id`.execute(db);
    for (const { custody_item, ...row } of rows.rows) {
      const list = out.get(custody_item);
      if (list && list.length < limit) list.push(row as AuditEventRow);
    }
  }
  return out;
}


/**
 * The ledger positions of the entries that record the given audit events, in ledger order: what a package proves
 * inclusion of. Read a thousand events a statement, as a package's custody can run to many thousands of events.
 */
export async function ledgerSeqsOfAuditEvents(db: Kysely<Database>, auditEventIds: readonly number[]): Promise<number[]> {
  const rows = await collectInBatches(auditEventIds, DEFAULT_BATCH, (part) => db.selectFrom('ledger_entries').select('seq').where('audit_event_id', 'in', part).execute());
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}
