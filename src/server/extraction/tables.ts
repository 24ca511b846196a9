import type { ColumnType, Selectable } from 'kysely';

export const extractionStates = ['pending', 'running', 'done', 'failed', 'unavailable'] as const;
export type ExtractionState = (typeof extractionStates)[number];

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface ExtractionsTable {
  blob_sha256: string;
  /** Extractor name, e.g. 'pdf-text', 'image-exif', 'thumbnail', 'ocr'. Unique together with blob_sha256. */
  extractor: string;
  state: ExtractionState;
  /** Why it failed or why it is unavailable (naming the missing tool); null when done. */
  error: string | null;
  text: string | null;
  metadata: NullableJson<Record<string, unknown>>;
  /** A derived file (thumbnail, poster frame) stored in the blob store. */
  derived_sha256: string | null;
  updated_at: DefaultTimestamp;
}

export interface ExtractionTables {
  extractions: ExtractionsTable;
}

export type ExtractionRow = Selectable<ExtractionsTable>;
