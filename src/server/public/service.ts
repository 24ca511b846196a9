import type { Kysely } from 'kysely';
import { publicActor, systemActor } from '../accounts/actor.ts';
import { EXACT_LIMIT, searchItems } from '../archive/search.ts';
import type { ItemKind } from '../archive/tables.ts';
import { Results } from '../casualties/results.ts';
import type { StatsView } from '../casualties/schemas.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { normaliseName } from '../../core/names/normalise.ts';
import * as memorial from './memorial-repository.ts';
import { cachedStats } from './memorial-store.ts';
import { publicStatusesOfRecords, type PublicMissingPerson } from '../missing/public.ts';
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

interface MemorialIndexes {
  places: Array<{ value: string; persons: number }>;
  years: Array<{ value: string; persons: number }>;
  total: number;
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
    const { files, pseudonym } = row;
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
    return (await repo.publicReports(this.db)).map((r) => ({
      id: r.id,
      topic: r.topic as Record<string, string>,
      description: r.description as Record<string, string>,
      state: r.state,
      updatedAt: r.updated_at.toISOString(),
    }));
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
        /** dga only: the posterior median beside the headline (the Bayes estimate), the δ and the prior it ran with. */
        dga: m.method === 'dga' ? dgaDetail(m.diagnostics) : null,
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
        /** The sampler's verdict over every run of the report (null when no sampler ran), and the LCMCR total's R-hat and ESS. */
        converged: e.converged,
        convergence: lcmcrConvergence(result.total ?? []),
        overridden: Boolean(e.overridden),
        publishedAt: e.published_at.toISOString(),
      };
    });
  }

  /** The published statistics, each a publication view: never below the configured minimum cell size, never examples. */
  async statistics(): Promise<StatsView[]> {
    const minCell = Math.max(this.options.statsMinCell, 2);
    const out: StatsView[] = [];
    // Cached under the stored memorial's generation: recomputed after the next change the triggers mark, never before.
    for (const run of await repo.publicRuns(this.db))
      out.push(await cachedStats(this.db, run.id, minCell, (tx) => new Results(tx).stats(systemActor('public portal'), run.id, { minCell })));
    return out;
  }

  get statsMinCell(): number {
    return Math.max(this.options.statsMinCell, 2);
  }

  /**
   * The stored memorial's indexes (places and years with their persons) and its total, for the generation shown: a
   * generation's stored rows never change once it is shown (a rebuild writes a new one), so they are read once per
   * generation and process and kept, keyed by the generation and the time it was built (a restored database may
   * number generations again). What is shown at all is still read at every request (readMemorial), so a withdrawal
   * hides everyone at once whatever is kept here.
   */
  private indexes: { key: string; value: Promise<MemorialIndexes> } | null = null;

  private indexesOf(shown: memorial.ShownMemorial): Promise<MemorialIndexes> {
    const key = `${shown.generation}/${shown.builtAt}`;
    if (this.indexes?.key !== key) {
      const min = this.options.memorialMinSources;
      const value = Promise.all([
        memorial.storedMemorialIndex(this.db, shown.generation, 'place', min),
        memorial.storedMemorialIndex(this.db, shown.generation, 'year', min),
        memorial.storedMemorialTotal(this.db, shown.generation, min),
      ]).then(([places, years, total]) => ({ places, years, total }));
      // A failed read is not kept: the next request reads again.
      value.catch(() => {
        if (this.indexes?.value === value) this.indexes = null;
      });
      this.indexes = { key, value };
    }
    return this.indexes.value;
  }

  /** One page of the memorial: one statement, plus the indexes once per generation (see indexesOf). */
  private async memorialRead(query: { q?: string; place?: string; year?: string; page: number }) {
    const q = query.q?.trim() ? { written: query.q.trim(), romanised: normaliseName(query.q.trim()) || null } : undefined;
    const place = query.place || undefined;
    const year = query.year && /^\d{4}$/.test(query.year) ? query.year : undefined;
    // The whole memorial, a place or a year has its total in the stored index; a name search (or place and year) counts.
    const counted = Boolean(q || (place && year));
    const read = await memorial.readMemorial(this.db, {
      minSources: this.options.memorialMinSources,
      filter: { minSources: this.options.memorialMinSources, q, place, year, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE },
      total: counted,
    });
    const shown = read.sources.length ? read.shown : null;
    if (!shown) return null;
    const indexes = this.indexesOf(shown);
    const stored = counted ? null : await indexes;
    const total = stored
      ? place
        ? (stored.places.find((p) => p.value === place)?.persons ?? 0)
        : year
          ? (stored.years.find((y) => y.value === year)?.persons ?? 0)
          : stored.total
      : (read.total ?? 0);
    return { shown, indexes, found: { total, persons: entriesOf(read.sources, read.persons) } };
  }

  async memorial(query: { q?: string; place?: string; year?: string; page: number }) {
    return (await this.memorialRead(query))?.found ?? { total: 0, persons: [] as MemorialEntry[] };
  }

  /** The memorial list with its two indexes. */
  async memorialWithIndexes(query: { q?: string; place?: string; year?: string; page: number }) {
    const read = await this.memorialRead(query);
    if (!read) return { found: { total: 0, persons: [] as MemorialEntry[] }, places: [], years: [] };
    const { places, years } = await read.indexes;
    return { found: read.found, places, years };
  }

  async memorialIndex(by: 'place' | 'year') {
    const shown = await this.shownMemorial();
    if (!shown) return [];
    const { places, years } = await this.indexesOf(shown);
    return by === 'place' ? places : years;
  }

  /** The stored memorial readers are shown, while a published list remains (see memorial-repository.ts). */
  private async shownMemorial() {
    const read = await memorial.readMemorial(this.db, { minSources: this.options.memorialMinSources });
    return read.sources.length ? read.shown : null;
  }

  /** Every shown person's address key, for the sitemap, at most `limit`. */
  async memorialKeys(limit: number): Promise<string[]> {
    const shown = await this.shownMemorial();
    if (!shown) return [];
    const keys: string[] = [];
    while (keys.length < limit) {
      const batch = await memorial.storedMemorialKeys(
        this.db,
        shown.generation,
        this.options.memorialMinSources,
        keys.at(-1) ?? null,
        Math.min(5000, limit - keys.length),
      );
      keys.push(...batch);
      if (!batch.length) break;
    }
    return keys;
  }

  /** One person by the key in their address; not found unless the memorial's rules show them. */
  async person(key: string): Promise<MemorialEntry> {
    return (await this.personWithStatuses(key, false)).person;
  }

  /**
   * A person's page: the person (one statement) and the statuses lists of the missing give for their records, by the
   * memorial's rules, read only when a record has a status claim (most have none).
   */
  async personWithStatuses(key: string, statuses = true): Promise<{ person: MemorialEntry; statuses: PublicMissingPerson[] }> {
    if (!UUID.test(key)) throw notFound('Person', key);
    const read = await memorial.readMemorial(this.db, { minSources: this.options.memorialMinSources, key: key.toLowerCase() });
    const shown = read.sources.length ? read.shown : null;
    const found = read.persons[0];
    if (!shown || !found || found.key !== key.toLowerCase()) throw notFound('Person', key);
    const person = entriesOf(read.sources, [found])[0];
    // A person whose every record stopped being current since the build (a correction superseded it) is not shown.
    if (!person.listings.length) throw notFound('Person', key);
    const claimed = found.records.filter((r) => r.has_claims).map((r) => r.id);
    const generation = this.options.memorialMinSources > 1 ? shown.generation : null;
    return { person, statuses: statuses && claimed.length ? await publicStatusesOfRecords(this.db, claimed, this.options.memorialMinSources, generation) : [] };
  }

  /**
   * The generation of the stored memorial readers are shown, or null when it shows nobody: for lists other modules
   * read by the memorial's rules (the public list of the missing), which join memorial_persons themselves.
   */
  async shownMemorialGeneration(): Promise<number | null> {
    return (await memorial.shownMemorial(this.db))?.generation ?? null;
  }

  /** How many persons the memorial shows, read from the stored totals (no person is read). */
  async memorialTotal(): Promise<number> {
    const shown = await this.shownMemorial();
    if (!shown) return 0;
    return (await this.indexesOf(shown)).total;
  }

  /**
   * The home page's counts in one statement: items by the archive's rule for the public, counted to one more than the
   * archive search counts exactly (above it the page says "at least"), published reports and estimates, and the
   * persons the memorial shows (its stored total, read with the same checks as every memorial page).
   */
  async counts() {
    const row = await repo.publicCounts(this.db, EXACT_LIMIT + 1, memorial.shownTotal(this.options.memorialMinSources));
    const itemsExact = row.items <= EXACT_LIMIT;
    return { items: itemsExact ? row.items : EXACT_LIMIT, itemsExact, reports: row.reports, estimates: row.estimates, persons: row.persons };
  }
}

/** The persons of a memorial read, each with the names as every list writes them and one listing per record. */
function entriesOf(sources: Array<{ id: string; name: string }>, rows: memorial.MemorialRead['persons']): MemorialEntry[] {
  const names = new Map(sources.map((s) => [s.id, s.name]));
  return rows.map((row) => {
    const listings = row.records.map((r) => {
      const parts = [r.given_name, r.patronymic, r.family_name].filter(Boolean).join(' ');
      const written = [...r.names, ...(parts ? [parts] : [])];
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

function publicItemOf(item: Omit<PublicItem, 'place' | 'country'> & { place: { name: string | null; country: string | null } }): PublicItem {
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

/** The R-hat and ESS of the LCMCR total, as stored (non-finite values are stored as null). */
function lcmcrConvergence(total: Array<Record<string, unknown>>): { rhat: number | null; ess: number | null } | null {
  const lcmcr = total.find((m) => m.method === 'lcmcr');
  if (!lcmcr) return null;
  const d = (lcmcr.diagnostics ?? {}) as Record<string, unknown>;
  return { rhat: typeof d.rhat === 'number' ? d.rhat : null, ess: typeof d.ess === 'number' ? d.ess : null };
}

/** What a dga row shows beside its headline: the posterior median, δ and the prior (issue 15, item 3), when recorded. */
function dgaDetail(diagnostics: unknown): { median: number | null; delta: number | null; prior: string | null } {
  const d = (diagnostics ?? {}) as Record<string, unknown>;
  return {
    median: typeof d.median === 'number' ? d.median : null,
    delta: typeof d.delta === 'number' ? d.delta : null,
    prior: typeof d.prior === 'string' ? d.prior : null,
  };
}
