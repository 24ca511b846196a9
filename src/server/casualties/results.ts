import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { hasRole, requireRole, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { CaptureHistory } from '../../core/estimation/index.ts';
import { normaliseName } from '../../core/names/index.ts';
import { AGE_BANDS, recordAge } from './linkage-input.ts';
import * as repo from './repository.ts';
import { disagreementFields, type personsQuery, type personsResponse, type StatsView } from './schemas.ts';
import { publishStats, type ExactStats } from './suppression.ts';
import type { LinkageRunRow } from './tables.ts';

type PersonsQuery = z.infer<typeof personsQuery>;
type PersonsPage = z.infer<typeof personsResponse>;

const READERS = ['editor', 'reviewer'] as const;
const ANY_ROLE = ['editor', 'reviewer', 'viewer', 'facilitator'] as const;
const EXAMPLES = 50;

/** Stratum columns a person-level capture table can be split by. */
export const CASUALTY_STRATA = ['sex', 'age_band', 'status', 'place', 'death_year'] as const;
export type CasualtyStratum = (typeof CASUALTY_STRATA)[number];

/** Age bands in their natural order, then unknown and conflicting. */
function orderAgeBands(rows: Array<{ key: string; persons: number }>) {
  const order = [...AGE_BANDS, 'unknown', 'conflicting'] as string[];
  return [...rows].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

/** Default minimum cell size of statistics shown to roles without record access (config casualtyStatsMinCell). */
export const DEFAULT_STATS_MIN_CELL = 3;

/**
 * Persons, statistics and capture histories of a finished run. Statistics are aggregate counts and may be seen by
 * every role; the persons behind them (records, disagreement examples) only by editors and reviewers. Roles without
 * record access see the counts with small cells suppressed (`statsMinCell`), so a count cannot point at a person.
 */
export class Results {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly statsMinCell = DEFAULT_STATS_MIN_CELL,
  ) {}

  private async doneRun(id: string | undefined): Promise<LinkageRunRow> {
    const row = id ? await repo.findRun(this.db, id) : await repo.latestDoneRun(this.db);
    if (!row) throw id ? notFound('Linkage run', id) : notFound('Finished linkage run');
    if (row.state !== 'done') throw conflict('run_not_done', `the linkage run is ${row.state}, not done`, { state: row.state });
    return row;
  }

  private async sources(run: LinkageRunRow) {
    const names = await repo.sourceNames(this.db, run.source_ids);
    return run.source_ids.map((id) => ({ id, name: names.get(id) ?? '' }));
  }

  async persons(actor: Actor, runId: string, query: PersonsQuery): Promise<PersonsPage> {
    requireRole(actor, ...READERS);
    const run = await this.doneRun(runId);
    if (query.pattern && query.pattern.length !== run.source_ids.length) {
      throw invalid('bad_pattern', `a capture history of this run has ${run.source_ids.length} digits`);
    }
    const romanised = query.q ? normaliseName(query.q) || undefined : undefined;
    const page = await repo.personsPage(this.db, run.id, { q: query.q, romanised, pattern: query.pattern, linked: query.linked, flagged: query.flagged, limit: query.limit, offset: query.offset });
    const members = await repo.membersOf(this.db, run.id, page.rows.map((p) => p.person_id));
    const records = new Map((await repo.recordsByIds(this.db, members.map((m) => m.record_id))).map((r) => [r.id, r]));
    const byPerson = new Map<number, typeof members>();
    for (const m of members) byPerson.set(m.person_id, [...(byPerson.get(m.person_id) ?? []), m]);
    return {
      sources: await this.sources(run),
      persons: page.rows.map((p) => ({
        personId: p.person_id,
        captureHistory: p.capture_history,
        recordCount: p.record_count,
        flags: p.flags ?? [],
        records: (byPerson.get(p.person_id) ?? []).map((m) => ({ record: repo.recordView(records.get(m.record_id)!), probability: m.probability })),
      })),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * Statistics of a run. Editors and reviewers (and the command line) get exact figures unless they ask for a
   * publication view with `minCell`; every other role gets at least the configured minimum cell size.
   */
  async stats(actor: Actor, runId: string, options: { minCell?: number } = {}): Promise<StatsView> {
    requireRole(actor, ...ANY_ROLE);
    const exact = hasRole(actor, ...READERS);
    const minCell = exact ? (options.minCell ?? 0) : Math.max(this.statsMinCell, options.minCell ?? 0);
    const run = await this.doneRun(runId);
    const sources = await this.sources(run);
    const overlapsRows = await repo.countPersonsBy(this.db, run.id, 'capture_history');
    const totalPersons = overlapsRows.reduce((s, r) => s + r.persons, 0);
    const recordsBySource = await repo.recordsPerSource(this.db, run.id);
    const coverage = sources.map((s, i) => {
      const persons = overlapsRows.filter((r) => r.key[i] === '1').reduce((sum, r) => sum + r.persons, 0);
      return { sourceId: s.id, name: s.name, records: recordsBySource.get(s.id) ?? 0, persons, share: totalPersons ? persons / totalPersons : 0 };
    });
    const dis = await repo.disagreementCounts(this.db, run.id);
    let examples: StatsView['disagreements']['examples'] = null;
    if (exact && minCell <= 1) {
      examples = [];
      const people = await repo.personsWithDisagreements(this.db, run.id, EXAMPLES);
      const members = await repo.membersOf(this.db, run.id, people.map((p) => p.person_id));
      const records = new Map((await repo.recordsByIds(this.db, members.map((m) => m.record_id))).map((r) => [r.id, r]));
      for (const p of people) {
        const rows = members.filter((m) => m.person_id === p.person_id).map((m) => records.get(m.record_id)!);
        for (const field of p.disagreements as Array<(typeof disagreementFields)[number]>) {
          const value = (r: repo.RecordRow): string | null => {
            if (field === 'age') return recordAge(r)?.toString() ?? null;
            const v = repo.recordView(r)[field as 'sex' | 'birthDate' | 'deathDate' | 'place' | 'status'];
            return v ?? null;
          };
          examples.push({ personId: p.person_id, field, values: rows.map((r) => ({ recordId: r.id, sourceId: r.source_id, value: value(r) })) });
        }
      }
    }
    const counted: ExactStats = {
      runId: run.id,
      sources,
      totals: { records: Number(run.counts.records ?? 0), persons: totalPersons, linkedPersons: Number(run.counts.linkedPersons ?? 0) },
      bySex: await repo.countPersonsBy(this.db, run.id, 'sex'),
      byAgeBand: orderAgeBands(await repo.countPersonsBy(this.db, run.id, 'age_band')),
      byStatus: await repo.countPersonsBy(this.db, run.id, 'status'),
      byDeathDay: await repo.countPersonsByDeath(this.db, run.id, 10),
      byDeathMonth: await repo.countPersonsByDeath(this.db, run.id, 7),
      byPlace: await repo.countPersonsBy(this.db, run.id, 'place'),
      coverage,
      overlaps: overlapsRows
        .map((r) => ({ pattern: r.key, sourceIds: sources.filter((_, i) => r.key[i] === '1').map((s) => s.id), persons: r.persons }))
        .sort((a, b) => b.persons - a.persons || a.pattern.localeCompare(b.pattern)),
      disagreements: {
        persons: dis.persons,
        byField: disagreementFields.filter((f) => dis.byField.has(f)).map((f) => ({ field: f, persons: dis.byField.get(f)! })),
        examples,
      },
    };
    return publishStats(counted, minCell);
  }

  /**
   * Each person's capture history (list names) and stratum values, for multiple systems estimation. Aggregate
   * input (it becomes a table of pattern counts), so any role that may start an estimate may ask for it.
   */
  async captureHistories(actor: Actor, runId: string | undefined, strata: readonly string[] = []): Promise<{ runId: string; lists: string[]; people: CaptureHistory[] }> {
    requireRole(actor, 'editor', 'reviewer');
    const unknown = strata.filter((s) => !(CASUALTY_STRATA as readonly string[]).includes(s));
    if (unknown.length > 0) throw invalid('bad_strata', `cannot stratify casualty records by ${unknown.join(', ')} (use ${CASUALTY_STRATA.join(', ')})`);
    const run = await this.doneRun(runId);
    const sources = await this.sources(run);
    const lists = sources.map((s) => s.name);
    const value = (p: Awaited<ReturnType<typeof repo.allPersons>>[number], s: string): string => {
      if (s === 'death_year') return p.death_date && /^\d{4}/.test(p.death_date) ? p.death_date.slice(0, 4) : (p.death_date ?? 'unknown');
      return String(p[s as 'sex' | 'age_band' | 'status' | 'place'] ?? 'unknown');
    };
    const people = (await repo.allPersons(this.db, run.id)).map((p) => ({
      lists: lists.filter((_, i) => p.capture_history[i] === '1'),
      strata: strata.map((s) => value(p, s)),
    }));
    return { runId: run.id, lists, people };
  }
}
