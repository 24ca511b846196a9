import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export async function latestCheckpoint(db: Db) {
  return db.selectFrom('ledger_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function checkpointCovering(db: Db, seq: number) {
  return db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .where('size', '>', seq)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function checkpointOfSize(db: Db, size: number) {
  return db.selectFrom('ledger_checkpoints').selectAll().where('size', '=', size).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listCheckpoints(db: Db, limit: number) {
  return db.selectFrom('ledger_checkpoints').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function allCheckpoints(db: Db) {
  return db.selectFrom('ledger_checkpoints').selectAll().orderBy('id').execute();
}

export async function insertCheckpoint(
  db: Db,
  row: { size: number; root_hash: Uint8Array; note: string; key_id: string },
) {
  return db
    .insertInto('ledger_checkpoints')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function keys(db: Db) {
  return db.selectFrom('ledger_keys').selectAll().orderBy('created_at').execute();
}

export async function insertKeyIfMissing(db: Db, row: { key_id: string; verifier_key: string; origin: string }) {
  await db.insertInto('ledger_keys').values(row).onConflict((oc) => oc.column('key_id').doNothing()).execute();
}

export async function entry(db: Db, seq: number) {
  return db.selectFrom('ledger_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function entriesForSubject(db: Db, subjectType: string, subjectIds: readonly string[]) {
  if (subjectIds.length === 0) return [];
  return db
    .selectFrom('ledger_entries')
    .innerJoin('audit_events', 'audit_events.id', 'ledger_entries.audit_event_id')
    .select(['ledger_entries.seq', 'ledger_entries.entry', 'ledger_entries.leaf_hash'])
    .where('audit_events.subject_type', '=', subjectType)
    .where('audit_events.subject_id', 'in', subjectIds)
    .orderBy('ledger_entries.seq')
    .execute();
}

export async function insertVerificationRun(
  db: Db,
  run: { started_at: Date; finished_at: Date; ok: boolean; trigger: string; summary: Record<string, unknown> },
) {
  return db
    .insertInto('verification_runs')
    .values({ ...run, summary: JSON.stringify(run.summary) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listVerificationRuns(db: Db, limit: number) {
  return db.selectFrom('verification_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function timestampsFor(db: Db, checkpointIds: readonly number[]) {
  if (checkpointIds.length === 0) return [];
  return db.selectFrom('ledger_timestamps').selectAll().where('checkpoint_id', 'in', checkpointIds).execute();
}

export async function allTimestamps(db: Db) {
  return db
    .selectFrom('ledger_timestamps')
    .innerJoin('ledger_checkpoints', 'ledger_checkpoints.id', 'ledger_timestamps.checkpoint_id')
    .select(['ledger_timestamps.checkpoint_id', 'ledger_timestamps.token', 'ledger_timestamps.gen_time', 'ledger_checkpoints.note'])
    .orderBy('ledger_timestamps.checkpoint_id')
    .execute();
}

/** Many entries by sequence number in one statement per 10,000; absent ones are left out. */
export async function entriesBySeqs(db: Db, seqs: readonly number[]) {
  const out: Array<{ seq: number; entry: string }> = [];
  for (let i = 0; i < seqs.length; i += 10_000) {
    const part = seqs.slice(i, i + 10_000);
    const rows = await sql<{ seq: string | number; entry: string }>`select seq, entry from ledger_entries where seq = any(${part}::bigint[])`.execute(db);
    for (const r of rows.rows) out.push({ seq: Number(r.seq), entry: r.entry });
  }
  return out;
}

/** Many Merkle nodes by (level, index) in one statement per 10,000 (a join on two arrays, not an OR per node). */
export async function nodesByCoords(db: Db, coords: ReadonlyArray<{ level: number; index: number }>) {
  const out: Array<{ level: number; index: number; hash: Uint8Array }> = [];
  for (let i = 0; i < coords.length; i += 10_000) {
    const part = coords.slice(i, i + 10_000);
    const rows = await sql<{ level: number; idx: string | number; hash: Uint8Array }>`select n.level, n.idx, n.hash from ledger_nodes n
      join unnest(${part.map((c) => c.level)}::smallint[], ${part.map((c) => c.index)}::bigint[]) as c(l, x) on n.level = c.l and n.idx = c.x`.execute(db);
    for (const r of rows.rows) out.push({ level: Number(r.level), index: Number(r.idx), hash: new Uint8Array(r.hash) });
  }
  return out;
}
