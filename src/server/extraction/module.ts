import type { BlobStore } from '../blobs/store.ts';
import type { AppContext } from '../context.ts';
import type { App } from '../http/types.ts';
import { EXTRACT_JOB, registerExtraction, type ExtractionDeps } from './handler.ts';
import { stopIdleWorker } from './isolate.ts';

type BlobStoreAccess = Pick<BlobStore, 'info' | 'withLocalFile' | 'put'>;
type LooseContext = AppContext & { blobs?: BlobStoreAccess; archive?: { blobs?: BlobStoreAccess; refreshSearchForBlob?: ExtractionDeps['onTextChanged'] } };

/** The blob store wherever the archive module puts it in the context (`ctx.blobs` or `ctx.archive.blobs`). */
function blobStoreOf(ctx: AppContext): BlobStoreAccess | undefined {
  const loose = ctx as LooseContext;
  return loose.blobs ?? loose.archive?.blobs;
}

/**
 * Registers the 'extract' job kind with the queue once the context has a blob store (the archive module provides
 * it). Listed in modules.ts with the route modules because that is where a module is set up with the context;
 * extraction has no routes of its own (the archive shows extractions on its item pages).
 */
export async function extractionModule(app: App, ctx: AppContext): Promise<void> {
  const blobs = blobStoreOf(ctx);
  // The archive's search index is refreshed through a callback the archive provides (see ExtractionDeps); a context
  // with a blob store but no archive has no search index to refresh.
  const onTextChanged = (ctx as LooseContext).archive?.refreshSearchForBlob ?? (async () => 0);
  if (blobs && !ctx.jobs.hasHandler(EXTRACT_JOB)) {
    registerExtraction(ctx.jobs, { db: ctx.db, blobs, timeLimitMs: ctx.config.jobTimeLimitSeconds * 1000, onTextChanged });
  }
  app.addHook('onClose', async () => stopIdleWorker());
}
