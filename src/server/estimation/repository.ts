import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EstimateRow, EstimateState, InputKind } from './tables.ts';

type Db = Kysely<Database>;

export async function insertEstimate(
  db: Db,
  row: { title: string; createdBy: string | null; inputKind: InputKind; csv: string; sha256: string; options: Record<string, unknown> },
): Promise<EstimateRow> {
  return db
    .insertInto('estimates')
    .values({
      title: row.title,
      created_by: row.createdBy,
      input_kind: row.inputKind,
      input_csv: row.csv,
      input_sha256: row.sha256,
      options: JSON.stringify(row.options),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEstimate(db: Db, id: string): Promise<EstimateRow | undefined> {
  return db.selectFrom('estimates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEstimates(db: Db, limit: number): Promise<Omit<EstimateRow, 'input_csv' | 'result' | 'options'>[]> {
  return db
    .selectFrom('estimates')
    .select(['id', 'title', 'created_by', 'created_at', 'input_kind', 'input_sha256', 'state', 'progress', 'progress_label', 'error', 'updated_at', 'convergence_override', 'convergence_override_by', 'convergence_override_at', 'converged', 'report_version'])
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function setState(
  db: Db,
  id: string,
  change: { state?: EstimateState; progress?: number; progressLabel?: string | null; result?: Record<string, unknown>; reportVersion?: number; converged?: boolean | null; error?: string },
): Promise<void> {
  await db
    .updateTable('estimates')
    .set({
      ...(change.state !== undefined ? { state: change.state } : {}),
      ...(change.progress !== undefined ? { progress: Math.max(0, Math.min(1, change.progress)) } : {}),
      ...(change.progressLabel !== undefined ? { progress_label: change.progressLabel } : {}),
      ...(change.result !== undefined ? { result: JSON.stringify(change.result) } : {}),
      ...(change.reportVersion !== undefined ? { report_version: change.reportVersion } : {}),
      ...(change.converged !== undefined ? { converged: change.converged } : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Records a person's reason for allowing an unconverged estimate to be made public; false if it has one already. */
export async function setConvergenceOverride(db: Db, id: string, reason: string, by: string): Promise<boolean> {
  const updated = await db
    .updateTable('estimates')
    .set({ convergence_override: reason, convergence_override_by: by, convergence_override_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .where('convergence_override', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
