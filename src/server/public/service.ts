import type { Kysely } from 'kysely';
import { publicActor, systemActor } from '../accounts/actor.ts';
import { searchItems } from '../archive/search.ts';
import type { ItemKind } from '../archive/tables.ts';
import { Results } from '../casualties/results.ts';
import type { StatsView } from '../casualties/schemas.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { normaliseName } from '../../core/names/normalise.ts';
import * as memorialStore from './memorial-store.ts';
import { publicStatusesOfRecords } from '../missing/public.ts';
import * as repo from './repository.ts';

type Db = Kysely<Database>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PAGE_SIZE = 20;

export interface PublicItem {
  id: string;
  kind: ItemKind;
  title: string;
  description: string;
  languages: string[];
  eventDate: string | null;
  place: string | null;
  country: string | null;
  publishedAt: string | null;
}

export interface ArchiveQuery {
  q?: string;
  kind?: ItemKind;
  language?: string;
  country?: string;
  year?: string;
  page: number;
}

export interface MemorialEntry {
  key: string;
  /** The names as each published list writes them, distinct, in list order. */
  names: string[];
  listings: Array<{
    /** The record this listing is (internal to the portal: not in the open data's columns). */
    recordId: string;
    sourceId: string;
    source: string;
    names: string[];
    birthDate: string | null;
    deathDate: string | null;
    age: number | null;
    place: string | null;
    status: string | null;
  }>;
}

/**
 * What the anonymous public may read, for the portal's pages and the open-data API alike. Items come through the
 * archive's own public search (so its audience flags decide what can match, be counted or show in a facet); every
 * other list is what the publication state makes public; casualty statistics always carry the small-cell rules; the
 * memorial follows the organisation's rules (a person needs `memorialMinSources` published lists naming them, and
 * nobody is shown whose record has a memorial exclusion).
 */
export class PublicPortal {
  constructor(
    private readonly db: Db,
    private readonly results: Results,
    private readonly options: { statsMinCell: number; memorialMinSources: number },
  ) {}

  async archive(query: ArchiveQuery) {
    const year = query.year && /^\d{4}$/.test(query.year) ? query.year : undefined;
    const found = await searchItems(this.db, publicActor, {
      q: query.q,
      kind: query.kind ? [query.kind] : undefined,
      language: query.language ? [query.language] : undefined,
      country: query.country ? [query.country] : undefined,
      dateFrom: year,
      dateTo: year,
      sort: query.q ? 'relevance' : 'added',
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    return {
      total: found.total,
      totalExact: found.totalExact,
      items: found.items.map(publicItemOf),
      facets: { kind: found.facets.kind, language: found.facets.language, country: found.facets.country, year: found.facets.year },
    };
  }

  async item(id: string) {
    if (!UUID.test(id)) throw notFound('Item', id);
    const row = await repo.publicItem(this.db, id);
    if (!row) throw notFound('Item', id);
    const files = await repo.publicFiles(this.db, id);
    const pseudonym = row.kind === 'testimony' ? await repo.publicTestimonyPseudonym(this.db, id) : null;
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      description: row.description,
      languages: row.languages,
      eventDate: row.event_date,
      place: row.place_name,
      country: row.country,
      gps: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
      providedBy: row.provided_by,
      pseudonym,
      publishedAt: row.published_at?.toISOString() ?? null,
      files: files.map((f) => ({ id: f.id, name: f.filename, role: f.role, sha256: f.blob_sha256, size: Number(f.size), mime: f.mime })),
    };
  }

  async itemsForSitemap(limit: number) {
    return repo.publicItemIds(this.db, limit);
  }

  async reports() {
    return (await repo.publicReports(this.db)).map((r) => ({ id: r.id, topic: r.topic as Record<string, string>, description: r.description as Record<string, string>, state: r.state, updatedAt: r.updated_at.toISOString() }));
  }

  async estimates() {
    return (await repo.publicEstimates(this.db)).map((e) => {
      const result = (e.result ?? {}) as { observed?: number; lists?: string[]; warnings?: string[]; total?: Array<Record<string, unknown>> };
      const total = (result.total ?? []).map((m) => ({
        method: String(m.method),
        estimate: typeof m.estimate === 'number' ? m.estimate : null,
        lower: typeof m.lower === 'number' ? m.lower : null,
        upper: typeof m.upper === 'number' ? m.upper : null,
        warnings: Array.isArray(m.warnings) ? m.warnings.map(String) : [],
      }));
      return {
        id: e.id,
        title: e.title,
        inputKind: e.input_kind,
        inputSha256: e.input_sha256,
        observed: typeof result.observed === 'number' ? result.observed : null,
        lists: result.lists ?? [],
        methods: total,
        warnings: [...(result.warnings ?? []).map(String), ...total.flatMap((m) => m.warnings)],
        publishedAt: e.published_at.toISOString(),
      };
    });
  }

  /** The published statistics, each a publication view: never below the configured minimum cell size, never examples. */
  async statistics(): Promise<StatsView[]> {
    const minCell = Math.max(this.options.statsMinCell, 2);
    const out: StatsView[] = [];
    // Cached under the stored memorial's generation: recomputed after the next change the triggers mark, never before.
    for (const run of await repo.publicRuns(this.db)) out.push(await memorialStore.cachedStats(this.db, run.id, minCell, (tx) => new Results(tx).stats(systemActor('public portal'), run.id, { minCell })));
    return out;
  }

  get statsMinCell(): number {
    return Math.max(this.options.statsMinCell, 2);
  }

  /**
   * The stored memorial readers are shown (its last built generation, while what it was built from is still public;
   * see memorial-store.ts) and the published lists, read together. Never waits for a rebuild: that is a job's.
   */
  private async memorialBasis() {
    const [shown, sources] = await Promise.all([memorialStore.shownMemorial(this.db), repo.publishedSources(this.db)]);
    return { shown: sources.length ? shown : null, sources };
  }

  async memorial(query: { q?: string; place?: string; year?: string; page: number }) {
    const { shown, sources } = await this.memorialBasis();
    if (!shown) return { total: 0, persons: [] as MemorialEntry[] };
    return this.memorialFrom(shown, sources, query);
  }

  private async memorialFrom(shown: memorialStore.ShownMemorial, sources: Array<{ id: string; name: string }>, query: { q?: string; place?: string; year?: string; page: number }) {
    const q = query.q?.trim() ? { written: query.q.trim(), romanised: normaliseName(query.q.trim()) || null } : undefined;
    const page = await memorialStore.storedMemorialPage(this.db, {
      generation: shown.generation,
      minSources: this.options.memorialMinSources,
      q,
      place: query.place || undefined,
      year: query.year && /^\d{4}$/.test(query.year) ? query.year : undefined,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    return { total: page.total, persons: await this.entries(shown, sources, page.rows) };
  }

  /** The memorial list with its two indexes, from one reading of the basis. */
  async memorialWithIndexes(query: { q?: string; place?: string; year?: string; page: number }) {
    const { shown, sources } = await this.memorialBasis();
    if (!shown) return { found: { total: 0, persons: [] as MemorialEntry[] }, places: [], years: [] };
    const [found, places, years] = await Promise.all([
      this.memorialFrom(shown, sources, query),
      memorialStore.storedMemorialIndex(this.db, shown.generation, 'place', this.options.memorialMinSources),
      memorialStore.storedMemorialIndex(this.db, shown.generation, 'year', this.options.memorialMinSources),
    ]);
    return { found, places, years };
  }

  async memorialIndex(by: 'place' | 'year') {
    const { shown } = await this.memorialBasis();
    if (!shown) return [];
    return memorialStore.storedMemorialIndex(this.db, shown.generation, by, this.options.memorialMinSources);
  }

  /** Every shown person's address key, for the sitemap, at most `limit`. */
  async memorialKeys(limit: number): Promise<string[]> {
    const { shown } = await this.memorialBasis();
    if (!shown) return [];
    const keys: string[] = [];
    while (keys.length < limit) {
      const batch = await memorialStore.storedMemorialKeys(this.db, shown.generation, this.options.memorialMinSources, keys.at(-1) ?? null, Math.min(5000, limit - keys.length));
      keys.push(...batch);
      if (!batch.length) break;
    }
    return keys;
  }

  /** One person by the key in their address; not found unless the memorial's rules show them. */
  async person(key: string): Promise<MemorialEntry> {
    if (!UUID.test(key)) throw notFound('Person', key);
    const { shown, sources } = await this.memorialBasis();
    if (!shown) throw notFound('Person', key);
    const person = await memorialStore.storedMemorialPerson(this.db, shown.generation, key.toLowerCase(), this.options.memorialMinSources);
    if (!person || person.key !== key.toLowerCase()) throw notFound('Person', key);
    const entry = (await this.entries(shown, sources, [person]))[0];
    // A person whose every record stopped being current since the build (a correction superseded it) is not shown.
    if (!entry.listings.length) throw notFound('Person', key);
    return entry;
  }

  /** The persons' records in the lists the shown memorial was built from (all still published: shownMemorial checks). */
  private async entries(shown: memorialStore.ShownMemorial, sources: Array<{ id: string; name: string }>, rows: Array<{ person_id: number; key: string }>): Promise<MemorialEntry[]> {
    const names = new Map(sources.map((s) => [s.id, s.name]));
    const records = await repo.recordsOfPersons(this.db, shown.runId, rows.map((r) => r.person_id), shown.sources);
    return rows.map((row) => {
      const own = records.filter((r) => r.person_id === row.person_id);
      const listings = own.map((r) => {
        const parts = [r.given_name, r.patronymic, r.family_name].filter(Boolean).join(' ');
        const written = [...(r.names as string[]), ...(parts ? [parts] : [])];
        return {
          recordId: r.id,
          sourceId: r.source_id,
          source: names.get(r.source_id) ?? '',
          names: [...new Set(written)],
          birthDate: r.birth_date,
          deathDate: r.death_date,
          age: r.age,
          place: r.place,
          status: r.status,
        };
      });
      return { key: row.key, names: [...new Set(listings.flatMap((l) => l.names))], listings };
    });
  }

  /** The statuses lists of the missing give for a memorial person's records, by the memorial's rules. */
  async missingStatuses(person: MemorialEntry) {
    const generation = this.options.memorialMinSources > 1 ? await this.shownMemorialGeneration() : null;
    return publicStatusesOfRecords(this.db, person.listings.map((l) => l.recordId), this.options.memorialMinSources, generation);
  }

  /**
   * The generation of the stored memorial readers are shown, or null when it shows nobody: for lists other modules
   * read by the memorial's rules (the public list of the missing), which join memorial_persons themselves.
   */
  async shownMemorialGeneration(): Promise<number | null> {
    return (await memorialStore.shownMemorial(this.db))?.generation ?? null;
  }

  /** How many persons the memorial shows, read from the stored totals (no person is read). */
  async memorialTotal(): Promise<number> {
    const { shown } = await this.memorialBasis();
    if (!shown) return 0;
    return memorialStore.storedMemorialTotal(this.db, shown.generation, this.options.memorialMinSources);
  }

  async counts() {
    const [archive, reports, estimates, persons] = await Promise.all([this.archive({ page: 1 }), this.reports(), this.estimates(), this.memorialTotal()]);
    // Above the search's exact limit the archive total is a lower bound; the page must say so, not print it as a count.
    return { items: archive.total, itemsExact: archive.totalExact, reports: reports.length, estimates: estimates.length, persons };
  }
}

function publicItemOf(item: { id: string; kind: ItemKind; title: string; description: string; languages: string[]; eventDate: string | null; place: { name: string | null; country: string | null }; publishedAt: string | null }): PublicItem {
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    description: item.description,
    languages: item.languages,
    eventDate: item.eventDate,
    place: item.place.name,
    country: item.place.country,
    publishedAt: item.publishedAt,
  };
}
