import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { systemActor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { BlobStore } from '../blobs/store.ts';
import type { Database } from '../db/schema.ts';
import { formatDuration, PermanentJobError, type JobHandler, type JobQueue } from '../jobs/queue.ts';
import { extractors, extractorsForKind, type ExtractorName } from './extractors/index.ts';
import { extractionsForBlobs, upsertExtraction } from './repository.ts';
import { sniffFile } from './sniff.ts';
import type { ExtractionState } from './tables.ts';
import { ToolUnavailableError, type ExtractorOutput, type SniffResult } from './types.ts';

export const EXTRACT_JOB = 'extract';

export interface ExtractionDeps {
  db: Kysely<Database>;
  blobs: Pick<BlobStore, 'info' | 'withLocalFile' | 'put'>;
  /** Time limit of each extractor on one file. */
  timeLimitMs: number;
  /**
   * Told when a file's extraction state or text changes (with the transaction when there is one), so that the
   * archive refreshes its search index. A callback rather than an import: the archive uses extraction (sniffing,
   * tools), so extraction must not depend back on the archive.
   */
  onTextChanged: (db: Kysely<Database>, sha256: string) => Promise<unknown>;
}

export interface ExtractionSummary {
  sha256: string;
  mime: string;
  kind: string;
  results: Record<string, ExtractionState>;
  derived: Record<string, string>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Registers the 'extract' job kind; its own time limit covers every extractor's. */
export function registerExtraction(jobs: JobQueue, deps: ExtractionDeps): void {
  jobs.register(EXTRACT_JOB, extractJobHandler(deps), { timeLimitMs: deps.timeLimitMs * 6 + 30_000 });
}

export function extractJobHandler(deps: ExtractionDeps): JobHandler {
  return async (payload, run) => {
    const sha256 = payload.sha256;
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new PermanentJobError('the payload has no valid sha256');
    return { ...(await extractBlob(deps, sha256, run.signal)) };
  };
}

/**
 * Sniffs a stored blob and runs every extractor that fits its kind, each under the time limit. Each outcome is
 * stored as it comes (pending → running → done, failed with the reason, or unavailable naming the missing tool);
 * one extractor failing never stops the others. Extractions already done (an earlier attempt) are not repeated.
 * Derived files are stored as blobs, encrypted when the original is.
 */
export async function extractBlob(deps: ExtractionDeps, sha256: string, signal: AbortSignal): Promise<ExtractionSummary> {
  const info = await deps.blobs.info(sha256);
  if (!info) throw new PermanentJobError(`no blob ${sha256} is stored`);
  const previous = new Map((await extractionsForBlobs(deps.db, [sha256])).map((e) => [e.extractor, e]));
  const results: Record<string, ExtractionState> = {};
  const derived: Record<string, string> = {};

  const summary = await deps.blobs.withLocalFile(sha256, async (path) => {
    const type = await sniffFile(path);
    await upsertExtraction(deps.db, { blobSha256: sha256, extractor: 'file-type', state: 'done', metadata: { ...type } });
    results['file-type'] = 'done';
    const planned = extractorsForKind(type.kind);
    for (const name of planned) {
      if (previous.get(name)?.state !== 'done') await upsertExtraction(deps.db, { blobSha256: sha256, extractor: name, state: 'pending' });
    }
    // Items using this blob show "pending" in search facets while the extractors run.
    await deps.onTextChanged(deps.db, sha256);
    const queue = [...planned];
    while (queue.length) {
      const name = queue.shift()!;
      const before = previous.get(name);
      if (before?.state === 'done') {
        results[name] = 'done';
        if (before.derivedSha256) derived[name] = before.derivedSha256;
        if (name === 'pdf-text' && before.metadata?.textLayer === false) queue.push('pdf-ocr');
        continue;
      }
      const outcome = await runOne(deps, sha256, name, path, info.encrypted, signal);
      results[name] = outcome.state;
      if (outcome.derivedSha256) derived[name] = outcome.derivedSha256;
      if (name === 'pdf-text' && outcome.output?.metadata?.textLayer === false) {
        await upsertExtraction(deps.db, { blobSha256: sha256, extractor: 'pdf-ocr', state: 'pending' });
        queue.push('pdf-ocr');
      }
    }
    return { sha256, mime: type.mime, kind: type.kind, results, derived } satisfies ExtractionSummary;
  });

  await deps.db.transaction().execute(async (tx) => {
    // The extracted text becomes searchable, each file's text only to the audiences allowed to open that file.
    await deps.onTextChanged(tx, sha256);
    await recordAudit(tx, systemActor('extraction'), {
      action: 'extraction.completed',
      subjectType: 'blob',
      subjectId: sha256,
      details: { mime: summary.mime, kind: summary.kind, results: summary.results, derived: summary.derived },
    });
  });
  return summary;
}

interface Outcome {
  state: ExtractionState;
  output?: ExtractorOutput;
  derivedSha256?: string;
}

async function runOne(
  deps: ExtractionDeps,
  sha256: string,
  name: ExtractorName,
  path: string,
  encrypted: boolean,
  jobSignal: AbortSignal,
): Promise<Outcome> {
  if (jobSignal.aborted) throw jobSignal.reason;
  await upsertExtraction(deps.db, { blobSha256: sha256, extractor: name, state: 'running' });
  const limit = AbortSignal.timeout(deps.timeLimitMs);
  const signal = AbortSignal.any([jobSignal, limit]);
  let output: ExtractorOutput | undefined;
  try {
    output = await extractors[name](path, signal);
    let derivedSha256: string | undefined;
    if (output.derived) {
      try {
        const stored = await deps.blobs.put(createReadStream(output.derived.path), { encrypt: encrypted, signal: jobSignal });
        derivedSha256 = stored.sha256;
      } finally {
        await rm(dirname(output.derived.path), { recursive: true, force: true });
      }
    }
    await upsertExtraction(deps.db, {
      blobSha256: sha256,
      extractor: name,
      state: 'done',
      text: output.text ?? null,
      metadata: output.metadata ?? null,
      derivedSha256: derivedSha256 ?? null,
    });
    return { state: 'done', output, derivedSha256 };
  } catch (error) {
    // The job itself is stopping (shutdown, or its own time limit): leave the row for the next attempt.
    if (jobSignal.aborted) {
      await upsertExtraction(deps.db, { blobSha256: sha256, extractor: name, state: 'pending' }).catch(() => {});
      throw error;
    }
    if (error instanceof ToolUnavailableError) {
      await upsertExtraction(deps.db, { blobSha256: sha256, extractor: name, state: 'unavailable', error: error.message });
      return { state: 'unavailable' };
    }
    const reason = limit.aborted ? `timed out after ${formatDuration(deps.timeLimitMs)}` : describe(error);
    await upsertExtraction(deps.db, { blobSha256: sha256, extractor: name, state: 'failed', error: reason });
    return { state: 'failed' };
  }
}

/** Libraries repeat themselves over many lines (libvips does); the reason keeps each distinct line once. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const lines = [...new Set(message.replaceAll('\u0000', '').split('\n').map((l) => l.trim()).filter(Boolean))];
  return lines.join('; ').slice(0, 2000) || 'unknown error';
}

export type { SniffResult };
