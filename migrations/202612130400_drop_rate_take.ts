import { sql, type Kysely } from 'kysely';
import { up as createRateTake } from './202612080900_rate_take.ts';

/**
 * reckon_rate_take (migration 202612080900) decided one request's rate budget a call; since every caller decides
 * its requests in batches with reckon_rate_take_many (migration 202612120400), nothing calls it (issue 17).
 * Undone, it is created again as it was, so the migrations below this one still go down and up cleanly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists reckon_rate_take(text[], double precision[], bigint, bigint, double precision)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await createRateTake(db);
}
