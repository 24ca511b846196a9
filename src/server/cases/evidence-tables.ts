import type { ColumnType, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Pinpoint } from '../../core/cases/evidence-pinpoint.ts';
import type { Direction, Reliability } from '../../core/cases/matrix-compute.ts';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Evidence linked to an element of an allegation (migration 202612071300). */
export interface CasesEvidenceLinksTable {
  id: string;
  allegation_id: string;
  element_id: string;
  item_id: string;
  pinpoint: ColumnType<Pinpoint, string, string>;
  /** The pinpoint's canonical JSON: what makes two links of one item to one element the same. */
  pinpoint_key: string;
  direction: Direction;
  reliability: Reliability;
  note: ColumnType<string, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface CasesEvidenceTables {
  cases_evidence_links: CasesEvidenceLinksTable;
}

export type EvidenceLinkRow = Selectable<CasesEvidenceLinksTable>;

/**
 * The database as the evidence code sees it. `Database` (src/server/db/schema.ts) is being extended by the module's
 * other parts at the same time; until it names these tables, the evidence code widens its own view.
 */
export type EvidenceDb = Kysely<Database & CasesEvidenceTables>;
export const evidenceDb = (db: Kysely<Database>): EvidenceDb => db as unknown as EvidenceDb;
/** The same connection or transaction, for code of other modules that takes the plain `Database`. */
export const plainDb = (db: EvidenceDb): Kysely<Database> => db as unknown as Kysely<Database>;
