/**
 * The abstract view the validator has of a bag, so one validator serves folders, .zip and .tar files. The readers
 * themselves do I/O and live in the CLI (src/cli/commands/bag-readers.ts).
 */
export type BagEntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface BagEntryInfo {
  /** The name as stored, '/'-separated, without any normalisation. */
  name: string;
  kind: BagEntryKind;
  /** Size the container claims (zip/tar header); never trusted, only checked against the bytes read. */
  declaredSize?: number;
  /** Compressed size, for the compression-ratio limit (zip). */
  compressedSize?: number;
}

export interface BagFileContent {
  name: string;
  content: AsyncIterable<Uint8Array>;
}

export interface BagReader {
  /** Lists every entry without reading contents. */
  list(): AsyncIterable<BagEntryInfo>;
  /**
   * Streams the named file entries in the container's own order (one pass for a tar). The consumer may stop early;
   * the reader must then release what it holds.
   */
  read(names: ReadonlySet<string>): AsyncIterable<BagFileContent>;
}

/** A fault of the container itself (a corrupt zip, a truncated tar), naming the entry when it is known. */
export class BagReadError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'BagReadError';
  }
}
