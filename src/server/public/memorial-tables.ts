/** The stored memorial (migration 202612071500_memorial_store): rebuilt from the newest public run when it changed. */
export type MemorialPersonsTable = {
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
};

export type MemorialIndexTable = {
  by: 'place' | 'year';
  value: string;
  source_count: number;
  persons: number;
};

export type MemorialChangesTable = {
  id: import('kysely').Generated<string>;
  at: import('kysely').Generated<Date>;
};

export type MemorialTables = {
  memorial_persons: MemorialPersonsTable;
  memorial_index: MemorialIndexTable;
  memorial_changes: MemorialChangesTable;
};
