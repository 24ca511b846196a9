import type { ColumnType } from 'kysely';

/**
 * What repositories share: column-type aliases for the modules' `tables.ts`, batching for statements whose parameter
 * count grows with their input, and escaping for LIKE patterns. No module logic lives here.
 */

// ---------- column types (select type, insert type, update type) ----------

/** A timestamp the insert must give. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (`now()`): optional on insert. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamp, optional on insert. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A JSONB column written as JSON text and read back parsed. */
export type Json<T> = ColumnType<T, string, string>;
/** A JSONB column with a database default: optional on insert. */
export type JsonDefault<T> = ColumnType<T, string | undefined, string>;
/** A nullable JSONB column, optional on insert. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A boolean with a database default: optional on insert. */
export type DefaultBool = ColumnType<boolean, boolean | undefined, boolean>;
/** A nullable column of any type, optional on insert. */
export type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;

// ---------- batching ----------

/**
 * PostgreSQL allows 65,535 bound parameters a statement; a batch of rows of a few columns each stays well below it
 * and keeps a statement's plan and a transaction's memory small. 1,000 rows is the size most repositories use.
 */
export const DEFAULT_BATCH = 1000;

/** The items in consecutive slices of at most `size` (the last may be shorter); nothing for an empty list. */
export function* batches<T>(items: readonly T[], size: number = DEFAULT_BATCH): Generator<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Runs `write` on each batch in turn (not in parallel: one connection, and a transaction's statements are ordered). */
export async function inBatches<T>(items: readonly T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (const batch of batches(items, size)) await write(batch);
}

/** Runs `read` on each batch in turn and concatenates the rows it returns. */
export async function collectInBatches<T, R>(items: readonly T[], size: number, read: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const batch of batches(items, size)) for (const row of await read(batch)) out.push(row);
  return out;
}

// ---------- LIKE ----------

/** A LIKE/ILIKE pattern matching `text` anywhere, with the pattern characters in it escaped (`\` is the escape). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
