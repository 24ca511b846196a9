/** What a bag validation finds, and the limits it works within. */
export type BagProblemCode =
  | 'not-a-bag'
  | 'absolute-path'
  | 'path-traversal'
  | 'unsafe-path'
  | 'symlink'
  | 'special-file'
  | 'duplicate-entry'
  | 'outside-bag'
  | 'bad-bagit-txt'
  | 'bad-manifest-line'
  | 'duplicate-manifest-line'
  | 'manifest-outside-data'
  | 'unsupported-algorithm'
  | 'no-payload-manifest'
  | 'changed-file'
  | 'missing-file'
  | 'extra-file'
  | 'size-mismatch'
  | 'too-large'
  | 'compression-ratio'
  | 'bad-bag-info'
  | 'oxum-mismatch'
  | 'fetch-unsupported'
  | 'read-error'
  | 'not-checked';

export interface BagProblem {
  code: BagProblemCode;
  /** Bag-relative path of the file at fault (or the container entry name). */
  path: string;
  /** 1-based line of a tag file, when the problem is one line. */
  line?: number;
  message: string;
}

export interface BagLimits {
  /** Total bytes read across all files (default 64 GiB). */
  maxTotalBytes: number;
  /** Largest acceptable uncompressed/compressed ratio for one entry once it passes 1 MiB (default 1000). */
  maxCompressionRatio: number;
  /** Largest tag file read into memory (default 256 MiB). */
  maxTagFileBytes: number;
  /** Most entries in the container (default 1,000,000). */
  maxEntries: number;
}

export const DEFAULT_BAG_LIMITS: BagLimits = {
  maxTotalBytes: 64 * 1024 ** 3,
  maxCompressionRatio: 1000,
  maxTagFileBytes: 256 * 1024 ** 2,
  maxEntries: 1_000_000,
};

export interface BagReport {
  valid: boolean;
  problems: BagProblem[];
  payloadFiles: number;
  payloadBytes: number;
  bytesRead: number;
  algorithms: string[];
  bagInfo: Record<string, string>;
}
