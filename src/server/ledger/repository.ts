import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export async function latestCheckpoint(db: Db) {
  return db.selectFrom('ledger_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function checkpointCovering(db: Db, seq: number) {
  return db.selectFrom('ledger_checkpoints').selectAll().where('size', '>', seq).orderBy('id', 'desc').limit(1).executeTakeFirst();
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

export async function insertCheckpoint(db: Db, row: { size: number; root_hash: Uint8Array; note: string; key_id: string }) {
  return db.insertInto('ledger_checkpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function keys(db: Db) {
  return db.selectFrom('ledger_keys').selectAll().orderBy('created_at').execute();
}

export async function insertKeyIfMissing(db: Db, row: { key_id: string; verifier_key: string; origin: string }) {
  await db
    .insertInto('ledger_keys')
    .values(row)
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
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
  const out: Array<{ seq: number; entry: string; leafHash: Uint8Array }> = [];
  for (let i = 0; i < seqs.length; i += 10_000) {
    const part = seqs.slice(i, i + 10_000);
    const rows = await sql<{
      seq: string | number;
      entry: string;
      leaf_hash: Uint8Array;
    }>`select seq, entry, leaf_hash from ledger_entries where seq = any(${part}::bigint[])`.execute(db);
    for (const r of rows.rows) out.push({ seq: Number(r.seq), entry: r.entry, leafHash: new Uint8Array(r.leaf_hash) });
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

// Appending (append.ts decides what is appended; these statements run inside its transaction).

/** Takes a transaction-scoped advisory lock on the key. */
export async function takeAdvisoryLock(tx: Db, key: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key})`.execute(tx);
}

export async function ledgerSize(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(max(seq) + 1, 0)`.as('size'))
    .executeTakeFirstOrThrow();
  return Number(row.size);
}

export async function readNodes(db: Db, coords: ReadonlyArray<{ level: number; index: number }>): Promise<(Uint8Array | undefined)[]> {
  if (coords.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_nodes')
    .select(['level', 'idx', 'hash'])
    .where((eb) => eb.or(coords.map((c) => eb.and([eb('level', '=', c.level), eb('idx', '=', c.index)]))))
    .execute();
  const found = new Map(rows.map((r) => [`${r.level}:${Number(r.idx)}`, new Uint8Array(r.hash)]));
  return coords.map((c) => found.get(`${c.level}:${c.index}`));
}

/**
 * The ledger's size and the hashes of its frontier (the perfect subtrees along the right edge: for each set bit l of
 * the size, largest first, the node (l, (size >> l) - 1)), in one statement; a missing node is `undefined`.
 */
export async function readFrontier(tx: Db): Promise<{ size: number; levels: number[]; frontier: (Uint8Array | undefined)[] }> {
  const rows = await sql<{
    size: string | number;
    level: number | null;
    hash: Uint8Array | null;
  }>`with s as (select coalesce(max(seq) + 1, 0)::bigint as size from ledger_entries)
      select s.size, c.level, n.hash from s
      left join lateral (select l::smallint as level, (s.size >> l) - 1 as idx from generate_series(62, 0, -1) as l where (s.size >> l) & 1 = 1) c on true
      left join ledger_nodes n on n.level = c.level and n.idx = c.idx
      order by c.level desc`.execute(tx);
  const size = Number(rows.rows[0].size);
  const present = rows.rows.filter((r) => r.level !== null);
  return { size, levels: present.map((r) => Number(r.level)), frontier: present.map((r) => (r.hash ? new Uint8Array(r.hash) : undefined)) };
}

/** Appended entries and Merkle nodes as columns (hashes in hex), in one statement with array parameters. */
export async function insertAppended(
  tx: Db,
  entries: { seq: number[]; audit: (number | null)[]; text: string[]; leaf: string[] },
  nodes: { level: number[]; idx: number[]; hash: string[] },
): Promise<void> {
  await sql`with e as (insert into ledger_entries (seq, audit_event_id, entry, leaf_hash)
        select s, a, e, decode(l, 'hex') from unnest(${entries.seq}::bigint[], ${entries.audit}::bigint[], ${entries.text}::text[], ${entries.leaf}::text[]) as t(s, a, e, l))
      insert into ledger_nodes (level, idx, hash)
      select l, x, decode(h, 'hex') from unnest(${nodes.level}::smallint[], ${nodes.idx}::bigint[], ${nodes.hash}::text[]) as t(l, x, h)`.execute(tx);
}

// Verifying.

/** Entries with seq in [from, to), and whether any entry lies at or past `to`. */
export async function entriesInRange(db: Db, from: number, to: number) {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['seq', 'audit_event_id', 'entry', 'leaf_hash'])
    .where('seq', '>=', from)
    .where('seq', '<', to)
    .orderBy('seq')
    .execute();
  const more = await db.selectFrom('ledger_entries').select('seq').where('seq', '>=', to).limit(1).executeTakeFirst();
  return { rows, more: more !== undefined };
}

export async function leafNodes(db: Db) {
  return db.selectFrom('ledger_nodes').select(['idx', 'hash']).where('level', '=', 0).orderBy('idx').execute();
}

/** Audit events after an id, in id order (a page of a walk over all of them). */
export async function auditEventsAfter(db: Db, after: number, limit: number) {
  return db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute();
}

/** Stored blobs' rows after a hash, in hash order (a page of a walk over all of them). */
export async function blobRowsAfter(db: Db, after: string, limit: number) {
  return db.selectFrom('blobs').select(['sha256', 'size', 'encrypted']).where('sha256', '>', after).orderBy('sha256').limit(limit).execute();
}

// Timestamps.

export async function insertTimestamp(db: Db, row: { checkpoint_id: number; authority: string; token: Uint8Array; gen_time: Date }): Promise<void> {
  await db.insertInto('ledger_timestamps').values(row).execute();
}

/** Stores a token unless the checkpoint has one already. */
export async function insertTimestampIfMissing(db: Db, row: { checkpoint_id: number; authority: string; token: Uint8Array; gen_time: Date }): Promise<void> {
  await db
    .insertInto('ledger_timestamps')
    .values(row)
    .onConflict((oc) => oc.column('checkpoint_id').doNothing())
    .execute();
}

export async function insertTimestampAttempt(db: Db, row: { checkpoint_id: number; authority: string; error: string }): Promise<void> {
  await db.insertInto('ledger_timestamp_attempts').values(row).execute();
}

/** A checkpoint's signed note and whether it has a token (`stamped` not null). */
export async function checkpointForStamp(db: Db, checkpointId: number) {
  return db
    .selectFrom('ledger_checkpoints')
    .leftJoin('ledger_timestamps', 'ledger_timestamps.checkpoint_id', 'ledger_checkpoints.id')
    .select(['ledger_checkpoints.id', 'ledger_checkpoints.note', 'ledger_timestamps.checkpoint_id as stamped'])
    .where('ledger_checkpoints.id', '=', checkpointId)
    .executeTakeFirst();
}

/** Checkpoints without a token, newest first, with their failed attempts' count and the last attempt's time. */
export async function unstampedCheckpoints(db: Db, limit: number) {
  return db
    .selectFrom('ledger_checkpoints as c')
    .leftJoin('ledger_timestamps as t', 't.checkpoint_id', 'c.id')
    .leftJoin('ledger_timestamp_attempts as a', 'a.checkpoint_id', 'c.id')
    .select((eb) => ['c.id', eb.fn.count<number>('a.id').as('failures'), eb.fn.max('a.attempted_at').as('last')])
    .where('t.checkpoint_id', 'is', null)
    .groupBy('c.id')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export async function timestampCounts(db: Db) {
  return db
    .selectFrom('ledger_checkpoints as c')
    .leftJoin('ledger_timestamps as t', 't.checkpoint_id', 'c.id')
    .select((eb) => [eb.fn.count<number>('c.id').as('total'), eb.fn.count<number>('t.checkpoint_id').as('stamped')])
    .executeTakeFirstOrThrow();
}

export async function latestTimestamp(db: Db) {
  return db.selectFrom('ledger_timestamps').select('created_at').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/** The latest failed attempt of a checkpoint still without a token. */
export async function latestOpenAttempt(db: Db) {
  return db
    .selectFrom('ledger_timestamp_attempts as a')
    .leftJoin('ledger_timestamps as t', 't.checkpoint_id', 'a.checkpoint_id')
    .select(['a.attempted_at', 'a.checkpoint_id', 'a.error'])
    .where('t.checkpoint_id', 'is', null)
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
