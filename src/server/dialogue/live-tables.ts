import type { ColumnType } from 'kysely';

/** Migration 202612094000: the latest live analysis of a conversation, published by the process that leads it. */
export interface DialogueLiveResultsTable {
  conversation_id: string;
  version: number;
  /** v8.serialize of the LiveResult; null when no vote has been analysed yet. */
  result: Buffer | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface DialogueLiveTables {
  dialogue_live_results: DialogueLiveResultsTable;
}
