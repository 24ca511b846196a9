import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { FsBackend, type BlobBackend } from '../blobs/backend.ts';
import { S3Backend } from '../blobs/s3-backend.ts';
import { BlobService } from '../blobs/service.ts';
import { FieldCipher } from '../crypto/fields.ts';
import { MasterKey } from '../crypto/keys.ts';
import { DomainError } from '../errors.ts';
import { sniffBytes } from '../extraction/sniff.ts';
import type { JobsService } from '../jobs/service.ts';
import { ArchiveService } from './service.ts';
import { refreshSearchForBlob } from './search-index.ts';
import { fingerprint } from './key-rotation.ts';
import { RedactionService } from './redaction.ts';
import { TestimonyService } from './testimonies.ts';

export interface Archive {
  blobs: BlobService;
  items: ArchiveService;
  testimonies: TestimonyService;
  redaction: RedactionService;
  /** Refreshes the search rows of the items using a file; extraction calls it when a file's text changes. */
  refreshSearchForBlob: (db: Kysely<Database>, sha256: string) => Promise<number>;
  /** Names the master key in use without revealing it (compared across processes at start). */
  masterFingerprint: string;
}

export function masterKeyPath(config: Config): string {
  return config.masterKeyFile ?? join(config.dataDirAbsolute, 'keys', 'master.key');
}

function backendFor(config: Config): BlobBackend {
  if (config.blobStore === 's3') {
    if (!config.s3Bucket) throw new DomainError('unavailable', 's3_not_configured', 'RECKON_BLOB_STORE=s3 needs RECKON_S3_BUCKET');
    return new S3Backend({ bucket: config.s3Bucket, prefix: config.s3Prefix, region: config.s3Region, endpoint: config.s3Endpoint });
  }
  return new FsBackend(join(config.dataDirAbsolute, 'blobs'));
}

/** Builds the archive's services: blob store (with the master key, created at first start), items, testimonies. */
export function createArchive(config: Config, db: Kysely<Database>, jobs?: JobsService): Archive {
  const master = MasterKey.loadOrCreate(masterKeyPath(config));
  const blobs = new BlobService(db, backendFor(config), master, config.dataDirAbsolute, { sniff: sniffBytes });
  // Temporary files of uploads cut off by a crash; nothing waits on this.
  void blobs.sweepTemporaryFiles().catch(() => {});
  const items = new ArchiveService(db, blobs, { uploadMaxBytes: config.uploadMaxBytes, queue: jobs });
  jobs?.registerSubjectGuard('item', (actor, id) => items.maySeeItem(actor, id));
  jobs?.registerSubjectGuard('blob', (actor, sha256) => items.maySeeBlob(actor, sha256));
  return {
    blobs,
    items,
    testimonies: new TestimonyService(items, new FieldCipher(master)),
    redaction: new RedactionService(items),
    refreshSearchForBlob,
    masterFingerprint: fingerprint(master),
  };
}
