import { exchange, outOfMemory, startWorker, type Worker } from '../../core/threads/worker.ts';
import { RejectedInputError, type ExtractorOutput } from './types.ts';
import type { WorkerReply, WorkerTask } from './worker.ts';

/** Heap of one extraction worker; pdf.js on a hostile PDF must not take the server's memory with it. */
export const WORKER_HEAP_MB = 768;
/** An idle worker is kept this long for the next file (starting one costs seconds: the loader and the libraries). */
const IDLE_MS = 30_000;

const workerUrl = new URL('./worker.ts', import.meta.url);

let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;

function acquire(): Worker {
  if (idle) {
    const { worker, timer } = idle;
    idle = null;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  // pdf.js and others print warnings about damaged files; they are not for the server's log.
  return startWorker(workerUrl, { workerData: 'reckon-extraction-worker', heapMb: WORKER_HEAP_MB, youngGenerationMb: 64, discardOutput: true });
}

function release(worker: Worker): void {
  if (idle) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = null;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, timer };
}

/**
 * Runs an in-process extractor (pdf.js, mammoth, exifr, sharp) in a worker thread that is terminated when the
 * signal aborts (time limit, shutdown) or when it runs out of its heap: JavaScript stuck in a loop cannot be
 * interrupted any other way. A worker that finished cleanly is kept briefly for the next file.
 */
export async function runInWorker(task: WorkerTask, signal: AbortSignal): Promise<ExtractorOutput> {
  if (signal.aborted) throw reasonOf(signal);
  const worker = acquire();
  let reply: WorkerReply;
  try {
    reply = await exchange(worker, task, { what: 'extraction', signal, reply: (message: WorkerReply) => ({ value: message }) });
  } catch (error) {
    void worker.terminate();
    throw outOfMemory(error) ? new RejectedInputError(`the extractor ran out of memory (${WORKER_HEAP_MB} MB) on this file`) : error;
  }
  release(worker);
  if (reply.ok) return reply.output;
  throw reply.name === 'RejectedInputError' ? new RejectedInputError(reply.message) : new Error(reply.message);
}

/** Ends the idle worker (tests, shutdown). */
export async function stopIdleWorker(): Promise<void> {
  const current = idle;
  idle = null;
  if (current) {
    clearTimeout(current.timer);
    await current.worker.terminate();
  }
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('stopped');
}
