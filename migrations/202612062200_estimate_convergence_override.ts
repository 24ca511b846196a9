import { sql, type Kysely } from 'kysely';

/**
 * An estimate whose sampler did not converge may not be made public unless a person overrides that with a reason:
 * the reason, who gave it and when are kept on the estimate (and audited). The publication itself is the
 * publications table's business. `converged` is the verdict over every sampler run of the report (null: no sampler
 * ran, or the report predates the rule), kept as a column so lists need not read the report. `report_version` says which shape of stored report `result` holds (1: before
 * per-chain draws and convergence were stored; 2: with them), so old reports keep rendering.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('estimates')
    .addColumn('convergence_override', 'text', (c) => c.check(sql`convergence_override is null or length(convergence_override) between 10 and 2000`))
    .addColumn('convergence_override_by', 'text')
    .addColumn('convergence_override_at', 'timestamptz')
    .addColumn('converged', 'boolean')
    .addColumn('report_version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`report_version in (1, 2)`))
    .execute();
  await sql`alter table estimates add constraint estimates_override_complete check ((convergence_override is null) = (convergence_override_by is null) and (convergence_override is null) = (convergence_override_at is null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table estimates drop constraint estimates_override_complete`.execute(db);
  await db.schema.alterTable('estimates').dropColumn('convergence_override').dropColumn('convergence_override_by').dropColumn('convergence_override_at').dropColumn('converged').dropColumn('report_version').execute();
}
