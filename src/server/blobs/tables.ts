import type { ColumnType, Selectable } from 'kysely';

export interface BlobsTable {
  /** SHA-256 of the original bytes, lower-case hex: the blob's name everywhere. */
  sha256: string;
  sha512: string;
  size: number;
  mime: string | null;
  encrypted: boolean;
  /** The per-blob data key wrapped by the master key (base64); null for blobs stored in clear. */
  wrapped_key: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface BlobTables {
  blobs: BlobsTable;
}

export type BlobRow = Selectable<BlobsTable>;
