import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as memorial from './memorial-repository.ts';

type Db = Kysely<Database>;

/** The job that rebuilds the stored memorial (queued by the change trigger, migration 202612110800). */
export const MEMORIAL_JOB = 'memorial.rebuild';
/** Persons written per statement: each statement is short, so readers (on PGlite's one connection too) get in between. */
const CHUNK = 5000;

/**
 * Registers the rebuild with a process's job runner (every process that runs jobs: the server, tests' drains). One
 * rebuild of 100,000 persons took 40 to 85 s on a loaded machine; an hour is its limit.
 */
export function registerMemorialJob(
  jobs: {
    hasHandler(kind: string): boolean;
    register(
      kind: string,
      handler: (payload: Record<string, unknown>, run: { signal: AbortSignal }) => Promise<Record<string, unknown>>,
      options?: { timeLimitMs?: number },
    ): void;
  },
  db: Db,
): void {
  if (jobs.hasHandler(MEMORIAL_JOB)) return;
  jobs.register(MEMORIAL_JOB, async (_payload, run) => ({ ...(await rebuildMemorial(db, { signal: run.signal })) }), { timeLimitMs: 3_600_000 });
}

export interface RebuildHooks {
  /** Called after each statement of the new generation is written (tests read the memorial here). */
  afterChunk?: () => Promise<void>;
  signal?: AbortSignal;
  chunk?: number;
}

/**
 * Builds a new generation of the stored memorial from the newest public run and the lists published now, then makes it
 * the one shown and takes the change markers it covers (those committed before it started; a change committed during
 * the build keeps its marker and its queued job, and causes the next build). Two builds at once (two runners) each
 * write their own generation; the newer one is shown. Returns whether a generation was built.
 */
export async function rebuildMemorial(db: Db, hooks: RebuildHooks = {}): Promise<{ built: boolean; generation?: number; persons?: number }> {
  const chunk = hooks.chunk ?? CHUNK;
  const state = await memorial.memorialState(db);
  const taken = await memorial.lastChange(db);
  if (taken === null && Number(state.generation) > 0) return { built: false };
  // What this generation is built from, read before any person: the run, the lists and the exclusions.
  const started = await memorial.startGeneration(db);
  const generation = started.generation;
  const runId = await memorial.newestPublicRun(db);
  const sources = await memorial.publishedSourceIds(db);
  let persons = 0;
  if (runId && sources.length) {
    const { lo, hi } = await memorial.personRange(db, runId);
    for (let from = lo; from <= hi; from += chunk) {
      hooks.signal?.throwIfAborted();
      const to = Math.min(hi, from + chunk - 1);
      persons += await memorial.writePersons(db, { generation, runId, sources, from, to });
      await hooks.afterChunk?.();
    }
    // Statistics of the new rows before they are read back: without them the planner took the table for its older
    // size and numbered the first chunk by a nested loop over every row (ten minutes at 100,000 persons).
    await memorial.analyzePersons(db);
    // Ordinals (the person's place in address order), a chunk of keys at a time.
    let last: string | null = null;
    for (let base = 0; ; base += chunk) {
      hooks.signal?.throwIfAborted();
      const keys = await memorial.numberPersons(db, { generation, runId, base, after: last, chunk });
      if (!keys.length) break;
      last = keys.reduce((max, key) => (key > max ? key : max), keys[0]);
      await hooks.afterChunk?.();
    }
    await memorial.writeIndex(db, generation);
    await memorial.analyzePersons(db);
  }
  // One short transaction: this generation is shown (unless a newer one already is), the markers it covers are taken,
  // and every view cached under the old generation (the public statistics) goes out of date.
  const shown = await db.transaction().execute(async (tx) => {
    if (!(await memorial.showGeneration(tx, { generation, runId, sources, exclusions: started.exclusions, builtAt: started.at }))) return false;
    if (taken !== null) await memorial.takeChanges(tx, taken);
    await memorial.expireCachedViews(tx);
    return true;
  });
  // The generations no reader is shown any more, a chunk at a time (a build still running has a newer number).
  const current = Number((await memorial.memorialState(db)).generation);
  const stale: memorial.StaleGenerations = shown ? { before: current } : { only: generation };
  while (await memorial.deleteStalePersons(db, stale, chunk));
  await memorial.deleteStaleIndex(db, stale);
  return { built: shown, generation, persons };
}

/**
 * A value cached under the stored memorial's generation: read when it was computed at the current generation, else
 * computed and stored. The computation runs in a repeatable-read transaction that sees no pending change marker, so
 * what it read is exactly the state of that generation; with a change pending it is computed and not stored.
 */
export async function cachedStats<T>(db: Db, runId: string, minCell: number, compute: (tx: Db) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const generation = await memorial.cacheGeneration(tx);
      const cached = await memorial.cachedView(tx, runId, minCell, generation);
      if (cached) return cached.view as T;
      const pending = await memorial.changesPending(tx);
      const view = await compute(tx);
      if (!pending) await memorial.storeView(tx, { runId, minCell, generation, view });
      return view;
    });
}
