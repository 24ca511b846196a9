import { deserialize, serialize } from 'node:v8';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LiveResult } from './live-analysis.ts';

export interface PublishedResult {
  version: number;
  result: LiveResult | null;
  updatedAt: Date;
}

/** Stores the leading process's latest analysis of a conversation (one row each, replaced in place). */
export async function storeLiveResult(db: Kysely<Database>, conversationId: string, version: number, result: LiveResult | null): Promise<void> {
  const bytes = result === null ? null : serialize(result);
  await db
    .insertInto('dialogue_live_results')
    .values({ conversation_id: conversationId, version, result: bytes, updated_at: new Date() })
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ version, result: bytes, updated_at: new Date() }))
    .execute();
}

/** The latest published analysis, or null when no process has published one. */
export async function findLiveResult(db: Kysely<Database>, conversationId: string): Promise<PublishedResult | null> {
  const row = await db
    .selectFrom('dialogue_live_results')
    .select(['version', 'result', 'updated_at'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!row) return null;
  return { version: row.version, result: row.result === null ? null : (deserialize(row.result) as LiveResult), updatedAt: new Date(row.updated_at) };
}

/** Sends a message to every process listening on the channel (delivered when the surrounding transaction commits). */
export async function notifyChannel(db: Kysely<Database>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
