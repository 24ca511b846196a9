import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Kysely } from 'kysely';
import { objectKey } from '../blobs/backend.ts';
import type { BlobService } from '../blobs/service.ts';
import type { Database } from '../db/schema.ts';
import { blobRowsAfter } from './repository.ts';
import type { VerificationProblem } from './verify.ts';

const BATCH = 1_000;
/** Two blobs hashed at once keeps both cores busy (one reading, one hashing) without thrashing the disk. */
const CONCURRENCY = 2;

interface BlobRowLite {
  sha256: string;
  size: number;
  encrypted: boolean;
}

/**
 * Re-reads every stored blob through the blob service (so confidential blobs are decrypted exactly as they are
 * served) and recomputes its SHA-256 and size against the `blobs` row that names it. A missing file, a changed byte
 * (or a sealed chunk that no longer authenticates), and — on the filesystem backend — a file in the store that no
 * row names are each reported with the blob's hash.
 */
export async function verifyStoredBlobs(db: Kysely<Database>, blobs: BlobService): Promise<VerificationProblem[]> {
  // First the temporary directory: an upload's leftovers are housekeeping, never an integrity failure, and a blob
  // whose row committed just before a crash is moved into place before the store is checked against the rows.
  const sweep = await blobs.sweepTemporary();
  const problems: VerificationProblem[] = [
    ...sweep.completed.map((name) => ({
      kind: 'temporary-completed',
      housekeeping: true,
      message: `temporary file ${name}: its blob's row had committed; moved into the store`,
    })),
    ...sweep.removed.map((name) => ({
      kind: 'temporary-removed',
      housekeeping: true,
      message: `temporary file ${name} belonged to no upload in progress; removed`,
    })),
    ...sweep.left.map((name) => ({
      kind: 'temporary-in-progress',
      housekeeping: true,
      message: `temporary file ${name} is recent (an upload may be in progress); left alone`,
    })),
  ];
  const expectedKeys = new Set<string>();
  let after = '';
  for (;;) {
    const rows = await blobRowsAfter(db, after, BATCH);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].sha256;
    const queue: BlobRowLite[] = rows.map((r) => ({ sha256: r.sha256, size: Number(r.size), encrypted: r.encrypted }));
    for (const row of queue) expectedKeys.add(objectKey(row.sha256, row.encrypted));
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const problem = await checkBlob(blobs, row);
        if (problem) problems.push(problem);
      }
    });
    await Promise.all(workers);
  }
  problems.push(...(await unknownFiles(blobs, expectedKeys)));
  problems.sort((a, b) => Number(a.housekeeping ?? false) - Number(b.housekeeping ?? false) || a.message.localeCompare(b.message));
  return problems;
}

async function checkBlob(blobs: BlobService, row: BlobRowLite): Promise<VerificationProblem | null> {
  const key = objectKey(row.sha256, row.encrypted);
  if (!(await blobs.backend.exists(key))) {
    return { kind: 'blob-missing', message: `blob ${row.sha256} (${key}) is missing from the store` };
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    const stream = await blobs.open(row.sha256);
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    return {
      kind: 'blob-changed',
      message: `blob ${row.sha256} (${key}) could not be read back${row.encrypted ? ' and decrypted' : ''}: ${(error as Error).message}`,
    };
  }
  const actual = hash.digest('hex');
  if (actual !== row.sha256 || size !== row.size) {
    return {
      kind: 'blob-changed',
      message: `blob ${row.sha256} (${key}) has changed: its bytes now hash to ${actual} (${size} bytes, recorded ${row.size})`,
    };
  }
  return null;
}

/** Files under the filesystem store that no `blobs` row accounts for (planted or left behind). */
async function unknownFiles(blobs: BlobService, expectedKeys: Set<string>): Promise<VerificationProblem[]> {
  if (blobs.backend.name !== 'fs') return [];
  const root = blobs.backend.localPath('');
  if (!root) return [];
  const problems: VerificationProblem[] = [];
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = join(entry.parentPath, entry.name);
    const key = relative(root, path).split(sep).join('/');
    if (!expectedKeys.has(key)) {
      problems.push({ kind: 'blob-unknown', message: `file ${key} in the blob store belongs to no recorded blob` });
    }
  }
  return problems;
}
