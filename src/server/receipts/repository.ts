import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The receipts table (migration 202612062100_receipts); raw SQL, parameterised, so the table needs no shared schema entry. */

export interface ReceiptRow {
  receipt: Record<string, unknown>;
  ledger_seq: string | number | null;
}

export async function findReceipt(db: Kysely<Database>, subjectType: string, subjectId: string): Promise<ReceiptRow | undefined> {
  const { rows } = await sql<ReceiptRow>`select receipt, ledger_seq from receipts where subject_type = ${subjectType} and subject_id = ${subjectId}`.execute(db);
  return rows[0];
}

/** Inserts a receipt unless the figure has one already (two first requests at once); says whether it did. */
export async function insertReceipt(db: Kysely<Database>, row: { subjectType: string; subjectId: string; receipt: unknown; manifestSha256: string }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    insert into receipts (subject_type, subject_id, receipt, manifest_sha256)
    values (${row.subjectType}, ${row.subjectId}, ${JSON.stringify(row.receipt)}, ${row.manifestSha256})
    on conflict (subject_type, subject_id) do nothing returning id`.execute(db);
  return rows.length === 1;
}

export async function setLedgerSeq(db: Kysely<Database>, subjectType: string, subjectId: string, seq: number): Promise<void> {
  await sql`update receipts set ledger_seq = ${seq} where subject_type = ${subjectType} and subject_id = ${subjectId}`.execute(db);
}

/** A run's persons with what its statistics count, and each person's records per list, by person number. */
export async function personsOfRun(db: Kysely<Database>, runId: string) {
  const persons = await db
    .selectFrom('persons')
    .select(['person_id', 'capture_history', 'sex', 'age_band', 'status', 'death_date', 'place', 'disagreements'])
    .where('run_id', '=', runId)
    .orderBy('person_id')
    .execute();
  const { rows } = await sql<{ person_id: number; source_id: string; n: string }>`
    select m.person_id, r.source_id, count(*) as n from person_records m join casualty_records r on r.id = m.record_id
    where m.run_id = ${runId} group by m.person_id, r.source_id`.execute(db);
  return { persons, records: rows.map((r) => ({ personId: Number(r.person_id), sourceId: r.source_id, records: Number(r.n) })) };
}

/** How many persons a run found (one count, for pages that need no more than that). */
export async function personCountOfRun(db: Kysely<Database>, runId: string): Promise<number> {
  const row = await db.selectFrom('persons').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A run whose statistics are public, and whether it is the newest such (the memorial's run); undefined if not public. */
export async function publicStatisticsRun(db: Kysely<Database>, runId: string): Promise<{ newest: boolean; sourceIds: string[] } | undefined> {
  const { rows } = await sql<{ id: string; source_ids: string[] }>`
    select r.id, r.source_ids from linkage_runs r join publications p on p.subject_kind = 'casualty_stats' and p.subject_id = r.id::text
    where p.state = 'public' and r.state = 'done' order by p.changed_at desc, r.id`.execute(db);
  const i = rows.findIndex((r) => r.id === runId);
  return i < 0 ? undefined : { newest: i === 0, sourceIds: rows[i].source_ids };
}

/** Which of these lists are published. */
export async function publishedSourceIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ subject_id: string }>`
    select subject_id from publications where subject_kind = 'casualty_source' and state = 'public' and subject_id in (${sql.join(ids.map((id) => sql`${id}`))})`.execute(db);
  return new Set(rows.map((r) => r.subject_id));
}

/** A published, finished estimate: what its receipt is made from. */
export async function publicEstimate(db: Kysely<Database>, id: string) {
  const { rows } = await sql<{ id: string; title: string; state: string; input_csv: string; options: Record<string, unknown>; result: Record<string, unknown> | null }>`
    select e.id, e.title, e.state, e.input_csv, e.options, e.result from estimates e
    join publications p on p.subject_kind = 'estimate' and p.subject_id = e.id::text
    where e.id = ${id} and p.state = 'public' and e.state = 'done'`.execute(db);
  return rows[0];
}

/** A run with its lists (ids and names, in the run's order) and its kept receipt inputs, if it kept them. */
export async function linkageRunForReceipt(db: Kysely<Database>, runId: string) {
  const { rows } = await sql<{ state: string; source_ids: string[] }>`select state, source_ids from linkage_runs where id = ${runId}`.execute(db);
  const run = rows[0];
  if (!run) return undefined;
  const names = run.source_ids.length
    ? (await sql<{ id: string; name: string }>`select id, name from casualty_sources where id in (${sql.join(run.source_ids.map((id) => sql`${id}`))})`.execute(db)).rows
    : [];
  const byId = new Map(names.map((n) => [n.id, n.name]));
  const kept = (
    await sql<{ records_csv: string; decisions_csv: string; settings: unknown; outputs: Record<string, unknown> }>`
      select records_csv, decisions_csv, settings, outputs from linkage_run_receipt_inputs where run_id = ${runId}`.execute(db)
  ).rows[0];
  return {
    state: run.state,
    sources: run.source_ids.map((id) => ({ id, name: byId.get(id) ?? '' })),
    inputs: kept ? { recordsCsv: kept.records_csv, decisionsCsv: kept.decisions_csv, settings: kept.settings, outputs: kept.outputs } : undefined,
  };
}

/** The run the memorial shows: the newest whose statistics are public (as publicStatisticsRun orders them). */
export async function memorialRunId(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select r.id from linkage_runs r join publications p on p.subject_kind = 'casualty_stats' and p.subject_id = r.id::text
    where p.state = 'public' and r.state = 'done' order by p.changed_at desc, r.id limit 1`.execute(db);
  return rows[0]?.id;
}
