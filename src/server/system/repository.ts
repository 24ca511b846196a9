import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { InstanceKeyTable } from './tables.ts';

type Db = Kysely<Database>;
export type KeyKind = InstanceKeyTable['kind'];

/** Records a key's fingerprint unless one is recorded for its kind; returns the one on record (the first). */
export async function recordKeyIfFirst(db: Db, kind: KeyKind, fingerprint: string): Promise<string> {
  await db
    .insertInto('instance_keys')
    .values({ kind, fingerprint, recorded_at: sql<Date>`now()` as unknown as Date })
    .onConflict((oc) => oc.column('kind').doNothing())
    .execute();
  const row = await db.selectFrom('instance_keys').select('fingerprint').where('kind', '=', kind).executeTakeFirstOrThrow();
  return row.fingerprint;
}

/** Replaces a key's recorded fingerprint: after a rotation, or when an operator adopts a new key on purpose. */
export async function replaceKeyFingerprint(db: Db, kind: KeyKind, fingerprint: string): Promise<void> {
  await db
    .insertInto('instance_keys')
    .values({ kind, fingerprint, recorded_at: sql<Date>`now()` as unknown as Date })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ fingerprint, recorded_at: sql<Date>`now()` as unknown as Date }))
    .execute();
}

/**
 * Claims this interval's run of a schedule: true for exactly one caller per interval across every process (the
 * row is updated only when its last run is older than the interval, and the update is atomic).
 */
export async function claimScheduledRun(db: Db, name: string, intervalMs: number, runner: string): Promise<boolean> {
  await db
    .insertInto('schedule_runs')
    .values({ name, last_run_at: new Date(0), last_run_by: runner })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  // The margin lets a process whose timer fires a little early still take its turn.
  const due = sql<Date>`now() - make_interval(secs => ${(intervalMs * 0.9) / 1000}::double precision)`;
  const result = await db
    .updateTable('schedule_runs')
    .set({ last_run_at: sql<Date>`now()` as unknown as Date, last_run_by: runner })
    .where('name', '=', name)
    .where('last_run_at', '<=', due as unknown as Date)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
