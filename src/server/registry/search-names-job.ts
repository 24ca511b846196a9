import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { registrySearchNames } from '../../core/registry/search-names.ts';
import * as repo from './repository.ts';

/** The job that writes every stored actor's and event's `search_names` with the names engine of the running code. */
export const REGISTRY_SEARCH_NAMES_JOB = 'registry.search_names';

const BATCH = 1000;

/**
 * Writes `search_names` for every registry actor and event, a thousand rows a statement, ordered by id so that a run
 * interrupted half-way and started again ends in the same state. The repository writes the column with every insert
 * and update; this job fills the rows stored before the column existed (migration 202612120600 queues it) and can be
 * queued again by a later migration when the names engine changes what it writes. Migrations themselves never import
 * the names engine: a migration must do the same thing on every future checkout, and the engine will change.
 */
export async function fillRegistrySearchNames(db: Kysely<Database>, signal?: AbortSignal): Promise<{ actors: number; events: number }> {
  const actors = await fillTable(db, 'registry_actors', signal);
  const events = await fillTable(db, 'registry_events', signal);
  return { actors, events };
}

/** One table's rows, a batch at a time; the count of rows whose names changed. */
async function fillTable(db: Kysely<Database>, table: 'registry_actors' | 'registry_events', signal?: AbortSignal): Promise<number> {
  let written = 0;
  for (let after = ''; ;) {
    signal?.throwIfAborted();
    const rows = await repo.searchNamesPage(db, table, after, BATCH);
    if (rows.length === 0) return written;
    const changed = rows.map((r) => ({ id: r.id, names: registrySearchNames(r.name, r.place) })).filter((r, i) => r.names !== rows[i].search_names);
    await repo.writeSearchNames(db, table, changed);
    written += changed.length;
    after = rows[rows.length - 1].id;
  }
}

/** Registers the fill with a process's job runner (the server, and tests' drains). */
export function registerRegistrySearchNamesJob(
  jobs: {
    hasHandler(kind: string): boolean;
    register(kind: string, handler: (payload: Record<string, unknown>, run: { signal: AbortSignal }) => Promise<Record<string, unknown>>): void;
  },
  db: Kysely<Database>,
): void {
  if (jobs.hasHandler(REGISTRY_SEARCH_NAMES_JOB)) return;
  jobs.register(REGISTRY_SEARCH_NAMES_JOB, async (_payload, run) => ({ ...(await fillRegistrySearchNames(db, run.signal)) }));
}
