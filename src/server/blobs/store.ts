import type { Readable } from 'node:stream';

/**
 * The contract every part of Reckon uses to reach stored evidence bytes. Blobs are content-addressed by the SHA-256
 * of their ORIGINAL bytes (also when stored encrypted), immutable once written, and stored once however often the
 * same content is ingested.
 */

/** What is known about a stored blob (the `blobs` row). */
export interface BlobInfo {
  sha256: string;
  sha512: string;
  size: number;
  /** Sniffed from the bytes (never the client's claim); null until sniffed. */
  mime: string | null;
  encrypted: boolean;
  createdAt: string;
}

export interface PutOptions {
  /** Encrypt at rest (confidential material). A blob already stored in clear is re-stored encrypted. */
  encrypt: boolean;
  /** Abort the write (client went away): the temporary file is removed and nothing is recorded. */
  signal?: AbortSignal;
  /** Refuse content larger than this many bytes (a `too_large` DomainError). */
  maxBytes?: number;
}

export interface PutResult extends BlobInfo {
  /** False when identical content was already stored: the caller links to it and records that it did. */
  created: boolean;
}

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

export interface BlobStore {
  /** Streams `source` in, hashing while it writes; records the `blobs` row. */
  put(source: Readable, options: PutOptions): Promise<PutResult>;
  /** The row, or null when no such blob is stored. */
  info(sha256: string): Promise<BlobInfo | null>;
  /** The original (decrypted) bytes, or a range of them. Throws a not_found DomainError for an unknown blob. */
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  /**
   * Runs `fn` with a path to a local file holding the original bytes, for tools that need a file (ffprobe,
   * tesseract). An encrypted or remote blob is copied to a private (0600) temporary file that is removed when `fn`
   * settles. The file must be treated as read-only.
   */
  withLocalFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T>;
}
