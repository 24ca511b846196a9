import { recordAudit } from '../audit/service.ts';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { requireUser, type Actor } from '../accounts/actor.ts';
import type { AppContext } from '../context.ts';
import { DomainError, notFound, conflict } from '../errors.ts';
import { PermanentJobError } from '../jobs/queue.ts';
import { checkExportRequest, exportEvidencePackage, type ExportOptions, type PackageExtension } from './export.ts';
import * as repo from './package-export-repository.ts';
import type { PackageExportView } from './schemas.ts';
import { keyFingerprint, parseRecipientKey } from './sealing.ts';
import type { PackageExportRow } from './tables.ts';

export const EXPORT_JOB = 'package.export';
/** A finished package is kept this long for download, then removed (it holds decrypted originals). */
export const PACKAGE_KEEP_MS = 24 * 60 * 60 * 1000;
/** Large packages take a while; the queue's default limit is for short jobs. */
const EXPORT_TIME_LIMIT_MS = 12 * 60 * 60 * 1000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 500;

/** A kind of package beyond plain items, as stored with the export (e.g. `{ kind: 'case-file', allegationId }`). */
export interface PackageExtensionSpec {
  kind: string;
  [field: string]: unknown;
}

/** Works out, as the actor (checking what they may do), the items and the extension of a kind of package. */
export type PackageExtensionResolver = (
  ctx: AppContext,
  actor: Actor,
  spec: PackageExtensionSpec,
) => Promise<{ itemIds: string[]; extension: PackageExtension }>;

const extensionResolvers = new Map<string, PackageExtensionResolver>();

/** Registers a kind of package (the cases module registers its case file), so the export job can make it too. */
export function registerPackageExtension(kind: string, resolver: PackageExtensionResolver): void {
  extensionResolvers.set(kind, resolver);
}

async function resolveExtension(ctx: AppContext, actor: Actor, spec: PackageExtensionSpec): Promise<{ itemIds: string[]; extension: PackageExtension }> {
  const resolver = extensionResolvers.get(spec.kind);
  if (!resolver) throw new DomainError('invalid', 'unknown_package_kind', `no package of kind ${spec.kind} can be made here`);
  return resolver(ctx, actor, spec);
}

export interface PackageExportRequest {
  itemIds: string[];
  /** A kind of package beyond the items; its resolver names the items (itemIds is then ignored). */
  extension?: PackageExtensionSpec;
  container?: 'zip' | 'tar';
  includeIdentity?: boolean;
  recipient?: { name: string; publicKey: string };
}

function toView(row: PackageExportRow): PackageExportView {
  return {
    id: row.id,
    state: row.state,
    items: row.item_ids.length,
    container: row.container,
    includeIdentity: row.include_identity,
    recipient: row.recipient ? { name: row.recipient.name, keyFingerprint: row.recipient.keyFingerprint } : null,
    bytesTotal: Number(row.bytes_total),
    bytesDone: Number(row.bytes_done),
    externalIdentifier: row.external_identifier,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
  };
}

/**
 * Court packages made through the running server (web app, `reckon bag export --server`): a request is checked at
 * once (role, items, consent, recipient: a refusal is an immediate error and leaves nothing), then exported by a
 * job into `<dataDir>/packages/<id>.<zip|tar>`, so a large package neither blocks a request nor times out. The
 * requester polls the progress and downloads the file; only the requester (or an admin) can see or fetch it.
 */
export class PackageExportService {
  private readonly folder: string;

  constructor(private readonly ctx: AppContext) {
    this.folder = join(ctx.config.dataDirAbsolute, 'packages');
    if (!ctx.jobs.hasHandler(EXPORT_JOB))
      ctx.jobs.register(EXPORT_JOB, async (payload) => this.run(String(payload.exportId)), { timeLimitMs: EXPORT_TIME_LIMIT_MS });
  }

  private get db() {
    return this.ctx.db;
  }

  async start(actor: Actor, request: PackageExportRequest): Promise<PackageExportView> {
    const options: ExportOptions = { includeIdentity: request.includeIdentity, recipient: request.recipient };
    let itemIds = request.itemIds;
    if (request.extension) {
      const resolved = await resolveExtension(this.ctx, actor, request.extension);
      itemIds = resolved.itemIds;
      options.extension = resolved.extension;
    }
    // Every check the export will make, now: the caller hears a refusal at once, and nothing is written for it.
    await checkExportRequest(this.ctx, actor, itemIds, options);
    requireUser(actor);
    await this.removeExpired();
    const id = randomUUID();
    const recipient =
      request.includeIdentity && request.recipient
        ? {
            name: request.recipient.name.trim(),
            publicKey: request.recipient.publicKey.trim(),
            keyFingerprint: keyFingerprint(parseRecipientKey(request.recipient.publicKey)),
          }
        : null;
    await this.db.transaction().execute(async (tx) => {
      await repo.insertPackageExport(tx, {
        id,
        requested_by: actor.userId,
        requested_label: actor.username,
        item_ids: [...new Set(itemIds)],
        extension: request.extension ? JSON.stringify(request.extension) : null,
        container: request.container ?? 'zip',
        include_identity: Boolean(request.includeIdentity),
        recipient: recipient ? JSON.stringify(recipient) : null,
      });
      const jobId = await this.ctx.jobs.enqueue(tx, EXPORT_JOB, { exportId: id }, { subjectType: 'package_export', subjectId: id, maxAttempts: 1 });
      await repo.updatePackageExport(tx, id, { job_id: jobId });
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<PackageExportView> {
    return toView(await this.own(actor, id));
  }

  /** The finished package file, for download by its requester (or an admin). */
  async open(actor: Actor, id: string): Promise<{ stream: Readable; size: number; filename: string; mime: string }> {
    const row = await this.own(actor, id);
    if (row.state === 'expired') throw conflict('package_expired', 'This package has been removed; export it again');
    if (row.state !== 'done') throw conflict('package_not_ready', `The package is ${row.state}`);
    const path = this.fileOf(row);
    if (!existsSync(path)) throw conflict('package_expired', 'This package has been removed; export it again');
    const size = (await stat(path)).size;
    // Who received a copy of the evidence, and when, is part of its custody: a package leaves Reckon only here.
    // Recorded when the file is handed over; whether the transfer then completed is not known to the server.
    await recordAudit(this.db, actor, {
      action: 'package.served',
      subjectType: 'package_export',
      subjectId: row.id,
      details: { externalIdentifier: row.external_identifier, items: row.item_ids.length, container: row.container, bytes: size },
    });
    return {
      stream: createReadStream(path),
      size,
      filename: `${row.external_identifier ?? row.id}.${row.container}`,
      mime: row.container === 'zip' ? 'application/zip' : 'application/x-tar',
    };
  }

  private async own(actor: Actor, id: string): Promise<PackageExportRow> {
    requireUser(actor);
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findPackageExport(this.db, id) : undefined;
    if (!row || (row.requested_by !== actor.userId && actor.role !== 'admin')) throw notFound('Package', id);
    return row;
  }

  private fileOf(row: Pick<PackageExportRow, 'id' | 'container'>): string {
    return join(this.folder, `${row.id}.${row.container}`);
  }

  /** Removes finished packages past their time (they hold decrypted originals). */
  async removeExpired(now = new Date()): Promise<number> {
    const rows = await repo.expiredPackageExports(this.db, now);
    for (const row of rows) {
      await rm(this.fileOf(row), { force: true });
      await repo.updatePackageExport(this.db, row.id, { state: 'expired' });
    }
    return rows.length;
  }

  private async run(id: string): Promise<Record<string, unknown>> {
    const row = await repo.findPackageExport(this.db, id);
    if (!row) throw new PermanentJobError(`no package export ${id}`);
    const fail = async (message: string) => {
      await repo.updatePackageExport(this.db, id, { state: 'failed', error: message.slice(0, 2000), finished_at: new Date() });
      return new PermanentJobError(message);
    };
    // The export runs as the person who asked, with the role they hold NOW (a role taken away meanwhile counts).
    const actor = row.requested_by ? await this.ctx.accounts.actorOf(row.requested_by) : undefined;
    if (!actor) throw await fail('the account that asked for this package is disabled or gone');
    await repo.updatePackageExport(this.db, id, { state: 'running' });
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    let last = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (done: number, total: number) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && done < total) return;
      last = now;
      pending = pending.then(() => repo.updatePackageExport(this.db, id, { bytes_done: done, bytes_total: total })).catch(() => {});
    };
    try {
      const target = this.fileOf(row);
      await rm(target, { force: true });
      // A kind of package is worked out again now, as the requester: what it holds is what holds at export time.
      const resolved = row.extension ? await resolveExtension(this.ctx, actor, row.extension) : undefined;
      const summary = await exportEvidencePackage(this.ctx, actor, resolved?.itemIds ?? row.item_ids, target, {
        extension: resolved?.extension,
        includeIdentity: row.include_identity,
        recipient: row.recipient ? { name: row.recipient.name, publicKey: row.recipient.publicKey } : undefined,
        onProgress,
      });
      await pending;
      const size = (await stat(target)).size;
      const finished = new Date();
      await repo.updatePackageExport(this.db, id, {
        state: 'done',
        bytes_done: summary.bytes,
        bytes_total: summary.bytes,
        external_identifier: summary.externalIdentifier,
        file_size: size,
        finished_at: finished,
        expires_at: new Date(finished.getTime() + PACKAGE_KEEP_MS),
      });
      return { externalIdentifier: summary.externalIdentifier, files: summary.files, bytes: summary.bytes };
    } catch (error) {
      await pending;
      if (error instanceof PermanentJobError) throw error;
      // A refusal names its reason; anything unexpected is logged by the queue and shown without internals.
      throw await fail(
        error instanceof DomainError
          ? error.message
          : error instanceof Error && error.name === 'PayloadMismatchError'
            ? error.message
            : 'the export failed; nothing was recorded',
      );
    }
  }
}
