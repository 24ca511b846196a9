import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync, renameSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { systemActor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { objectKey, syncDirectory, type BlobBackend } from '../blobs/backend.ts';
import { sealedBlobKeys, storeWrappedKey } from '../blobs/service.ts';
import { FieldCipher } from '../crypto/fields.ts';
import { MasterKey } from '../crypto/keys.ts';
import { buildHeader, HEADER_BYTES, parseHeader, sealedSize } from '../crypto/stream.ts';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { recordMasterKeyFingerprint } from '../system/instance-keys.ts';
import { identityContext } from './testimonies.ts';
import { resealIdentity, sealedIdentities } from './testimony-repository.ts';
import { replaceSealed, sealedValues, type SealedColumn } from './sealed-column-repository.ts';

type Db = Kysely<Database>;

export interface RotationOptions {
  db: Db;
  backend: BlobBackend;
  /** The master key file in use; the new key is prepared beside it as `<file>.next`. */
  keyPath: string;
  /** Where temporary copies of re-headed blobs are written (the data directory's tmp folder). */
  tmpDir: string;
  /**
   * The sealed columns outside the archive (families' submissions, missing persons' identification data), re-sealed
   * and checked with the rest: SEALED_FIELDS of src/server/sealed-fields.ts. Given by the caller so that the archive
   * imports none of the modules that import it; required, so no caller can forget them and leave them under the
   * retired key.
   */
  sealedFields: readonly SealedColumn[];
  onProgress?: (done: number, total: number, what: 'blob' | 'identity') => void;
  /** For tests: stop (throw) after this many re-wrapped records, as a crash would. */
  crashAfter?: number;
  /** For tests: stop between retiring the old key file and installing the new one. */
  crashInSwap?: boolean;
}

export interface RotationResult {
  blobs: number;
  identities: number;
  /** Other sealed fields (families' submissions, missing persons' identification data) re-sealed. */
  sealedFields: number;
  /** Records found already under the new key (a resumed rotation). */
  alreadyDone: number;
  oldFingerprint: string;
  newFingerprint: string;
  /** Where the old key was moved; keep it as long as backups made before the rotation are kept. */
  retiredKeyPath: string;
}

/** Names a key without revealing it: a hash of a key derived for this purpose only. */
export const fingerprint = (key: MasterKey): string => createHash('sha256').update(key.derive('key fingerprint v1')).digest('hex').slice(0, 16);

function unwrapsWith(key: MasterKey, wrapped: string): Buffer | null {
  try {
    return key.unwrap(wrapped);
  } catch {
    return null;
  }
}

/**
 * Re-wraps every per-blob data key (in the database row and in the sealed object's header) and re-encrypts every
 * protected identity under a new master key. Resumable: the new key is written to `<key>.next` first and every
 * record is tried under it, so a run cut off at any point is simply run again; each record is changed in its own
 * transaction (object header first, then the row, so the row never points at a header the old key cannot read).
 * Only when every record reads under the new key are the files swapped: the old key becomes
 * `<key>.retired-<date>` and `<key>.next` becomes the key. Audited at start and end. Run with the server stopped
 * (the CLI holds the data-directory lock).
 */
export async function rotateMasterKey(options: RotationOptions): Promise<RotationResult> {
  const { db, backend, keyPath } = options;
  const nextPath = `${keyPath}.next`;
  // A crash after the old key was retired but before the new one took its place: every record was already
  // verified under the new key, so finishing the swap finishes the rotation.
  if (!existsSync(keyPath) && existsSync(nextPath)) {
    const installed = MasterKey.loadOrCreate(nextPath);
    renameSync(nextPath, keyPath);
    await syncDirectory(dirname(keyPath));
    const retired = readdirSync(dirname(keyPath)).filter((f) => f.startsWith(`${basename(keyPath)}.retired-`)).sort().pop();
    const retiredKeyPath = retired ? join(dirname(keyPath), retired) : '';
    const oldFingerprint = retired ? fingerprint(MasterKey.loadOrCreate(retiredKeyPath)) : '';
    await recordAudit(db, systemActor('keys'), { action: 'keys.rotated', subjectType: 'keys', subjectId: 'master', details: { from: oldFingerprint, to: fingerprint(installed), resumedSwap: true } });
    await recordMasterKeyFingerprint(db, fingerprint(installed));
    return { blobs: 0, identities: 0, sealedFields: 0, alreadyDone: 0, oldFingerprint, newFingerprint: fingerprint(installed), retiredKeyPath };
  }
  const oldKey = MasterKey.loadOrCreate(keyPath);
  const newKey = MasterKey.loadOrCreate(nextPath);
  const oldCipher = new FieldCipher(oldKey);
  const newCipher = new FieldCipher(newKey);
  const oldFingerprint = fingerprint(oldKey);
  const newFingerprint = fingerprint(newKey);
  const actor = systemActor('keys');
  await recordAudit(db, actor, { action: 'keys.rotation_started', subjectType: 'keys', subjectId: 'master', details: { from: oldFingerprint, to: newFingerprint } });

  let changed = 0;
  let alreadyDone = 0;
  const tick = () => {
    changed += 1;
    if (options.crashAfter !== undefined && changed >= options.crashAfter) throw new Error('simulated crash during key rotation');
  };

  const blobs = await sealedBlobKeys(db);
  let blobCount = 0;
  for (const [index, blob] of blobs.entries()) {
    options.onProgress?.(index, blobs.length, 'blob');
    const wrapped = blob.wrapped_key!;
    const key = objectKey(blob.sha256, true);
    const header = parseHeader(await readRange(backend, key, 0, HEADER_BYTES - 1));
    const rowDone = unwrapsWith(newKey, wrapped) !== null;
    const headerDone = unwrapsWith(newKey, header.wrappedKey.toString('base64')) !== null;
    if (rowDone && headerDone) {
      alreadyDone += 1;
      continue;
    }
    const dataKey = unwrapsWith(newKey, wrapped) ?? unwrapsWith(oldKey, wrapped);
    if (!dataKey) throw new DomainError('unavailable', 'key_unwrap_failed', `The key of blob ${blob.sha256} opens with neither the old nor the new master key`);
    const rewrapped = newKey.wrap(dataKey);
    if (!headerDone) await replaceHeader(backend, options.tmpDir, key, Number(blob.size), buildHeader(Buffer.from(rewrapped, 'base64'), header.prefix));
    if (!rowDone) await storeWrappedKey(db, blob.sha256, rewrapped);
    blobCount += 1;
    tick();
  }

  const identities = await sealedIdentities(db);
  let identityCount = 0;
  for (const [index, row] of identities.entries()) {
    options.onProgress?.(index, identities.length, 'identity');
    const context = identityContext(row.item_id);
    const sealed = row.protected_identity!;
    if (decrypts(newCipher, sealed, context)) {
      alreadyDone += 1;
      continue;
    }
    const plain = oldCipher.decrypt(sealed, context);
    await db.transaction().execute(async (tx) => {
      // Compare-and-set: a concurrent change (there should be none: the server is stopped) is never overwritten.
      await resealIdentity(tx, row.item_id, sealed, newCipher.encrypt(plain, context));
    });
    identityCount += 1;
    tick();
  }

  let sealedCount = 0;
  const sealedColumns = options.sealedFields;
  for (const column of sealedColumns) {
    for (const row of await sealedValues(db, column)) {
      const context = column.context(row.key);
      if (decrypts(newCipher, row.sealed, context)) {
        alreadyDone += 1;
        continue;
      }
      await replaceSealed(db, column, row.key, row.sealed, newCipher.encrypt(oldCipher.decrypt(row.sealed, context), context));
      sealedCount += 1;
      tick();
    }
  }

  // Nothing is swapped until everything reads under the new key.
  for (const blob of await sealedBlobKeys(db)) {
    if (!unwrapsWith(newKey, blob.wrapped_key!)) throw new DomainError('unavailable', 'rotation_incomplete', `Blob ${blob.sha256} is not yet under the new key; run the rotation again`);
  }
  for (const row of await sealedIdentities(db)) {
    if (!decrypts(newCipher, row.protected_identity!, identityContext(row.item_id))) throw new DomainError('unavailable', 'rotation_incomplete', 'A protected identity is not yet under the new key; run the rotation again');
  }

  for (const column of sealedColumns) {
    for (const row of await sealedValues(db, column)) {
      if (!decrypts(newCipher, row.sealed, column.context(row.key))) throw new DomainError('unavailable', 'rotation_incomplete', `A sealed ${column.table} field is not yet under the new key; run the rotation again`);
    }
  }

  // Never replaces an earlier retired key: the name carries the time to the millisecond and a random suffix.
  const retiredKeyPath = `${keyPath}.retired-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  await recordAudit(db, actor, {
    action: 'keys.rotated',
    subjectType: 'keys',
    subjectId: 'master',
    details: { from: oldFingerprint, to: newFingerprint, blobs: blobCount, identities: identityCount, sealedFields: sealedCount, alreadyDone },
  });
  renameSync(keyPath, retiredKeyPath);
  if (options.crashInSwap) throw new Error('simulated crash while swapping the key files');
  renameSync(nextPath, keyPath);
  await syncDirectory(dirname(keyPath));
  // Processes started from now on check their master key against this one (src/server/system/instance-keys.ts).
  await recordMasterKeyFingerprint(db, newFingerprint);
  return { blobs: blobCount, identities: identityCount, sealedFields: sealedCount, alreadyDone, oldFingerprint, newFingerprint, retiredKeyPath };
}

function decrypts(cipher: FieldCipher, sealed: string, context: string): boolean {
  try {
    cipher.decrypt(sealed, context);
    return true;
  } catch {
    return false;
  }
}

async function readRange(backend: BlobBackend, key: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of await backend.read(key, { start, end })) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/**
 * Writes the sealed object again with a new header: the data key is unchanged, so every encrypted chunk is copied
 * as it is; the header is the same size. The replacement is atomic (rename, or a completed upload).
 */
async function replaceHeader(backend: BlobBackend, tmpDir: string, key: string, size: number, header: Buffer): Promise<void> {
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const temp = join(tmpDir, `upload-rekey-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
  try {
    const body = await backend.read(key, { start: HEADER_BYTES, end: sealedSize(size) - 1 });
    const out = createWriteStream(temp, { mode: 0o600 });
    out.write(header);
    await pipeline(body, out);
    await backend.replaceFile(key, temp);
  } finally {
    await rm(temp, { force: true });
  }
}
