/** The stored memorial (migration 202612071500_memorial_store): rebuilt from the newest public run when it changed. */
export type MemorialPersonsTable = {
  /** The build that wrote the row (migration 202612110800): readers read the generation memorial_state shows. */
  generation: number;
  run_id: string;
  person_id: number;
  /** The id of the person's first record in a published list: their address on the memorial. */
  key: string;
  /** How many published lists name the person (the organisation's minimum is applied when reading). */
  source_count: number;
  /** Lower-cased written names and romanised search forms of every published record, one per line. */
  search: string;
  places: string[];
  years: string[];
  /** Every word of the names and its prefixes of 2 to 20 letters (reckon_name_keys, migration 202612100600). */
  name_keys: import('kysely').ColumnType<string[], string[] | undefined, string[]>;
  /** The person's place in key order within the run, from 1 (migration 202612100600). */
  ordinal: number | null;
};

export type MemorialIndexTable = {
  generation: number;
  /** 'all' (value '') holds the memorial's total per number of lists (migration 202612080100). */
  by: 'place' | 'year' | 'all';
  value: string;
  source_count: number;
  persons: number;
};

export type MemorialChangesTable = {
  id: import('kysely').Generated<string>;
  at: import('kysely').Generated<Date>;
};

/** Moves on with every rebuild of the stored memorial; a cached view is read only under the generation it was made at. */
export type PublicCacheGenerationTable = {
  id: boolean;
  /** bigint: a string from the pg driver, a number from PGlite. */
  n: string | number;
};

/** A run's public statistics (a publication view at `min_cell`), computed at `generation`. */
export type PublicStatsCacheTable = {
  run_id: string;
  min_cell: number;
  generation: string | number;
  view: unknown;
};

/** The generation shown and what it was built from (migration 202612110800): one row. */
export type MemorialStateTable = {
  id: boolean;
  /** bigint: a string from the pg driver, a number from PGlite. */
  generation: string | number;
  run_id: string | null;
  sources: string[];
  /** md5 of the exclusions the shown generation applied. */
  exclusions: string;
  built_at: Date | null;
};

export type MemorialTables = {
  memorial_state: MemorialStateTable;
  public_cache_generation: PublicCacheGenerationTable;
  public_stats_cache: PublicStatsCacheTable;
  memorial_persons: MemorialPersonsTable;
  memorial_index: MemorialIndexTable;
  memorial_changes: MemorialChangesTable;
};
