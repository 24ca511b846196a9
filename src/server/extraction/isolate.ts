import { Worker } from 'node:worker_threads';
import { RejectedInputError, type ExtractorOutput } from './types.ts';
import type { WorkerReply, WorkerTask } from './worker.ts';

/** Heap of one extraction worker; pdf.js on a hostile PDF must not take the server's memory with it. */
export const WORKER_HEAP_MB = 768;
/** An idle worker is kept this long for the next file (starting one costs seconds: the loader and the libraries). */
const IDLE_MS = 30_000;

const workerUrl = new URL('./worker.ts', import.meta.url).href;
// The worker registers tsx itself: under the CLI the loader is inherited, under a test runner it is not.
const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`;

let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;

function acquire(): Worker {
  if (idle) {
    const { worker, timer } = idle;
    idle = null;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: 'reckon-extraction-worker',
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 },
    stdout: true,
    stderr: true,
  });
  // pdf.js and others print warnings about damaged files; they are not for the server's log.
  worker.stdout.resume();
  worker.stderr.resume();
  return worker;
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
export function runInWorker(task: WorkerTask, signal: AbortSignal): Promise<ExtractorOutput> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(reasonOf(signal));
    const worker = acquire();
    let settled = false;
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      void worker.terminate();
      reject(error);
    };
    const onAbort = () => fail(reasonOf(signal));
    const onMessage = (reply: WorkerReply) => {
      if (settled) return;
      settled = true;
      cleanup();
      release(worker);
      if (reply.ok) resolve(reply.output);
      else reject(reply.name === 'RejectedInputError' ? new RejectedInputError(reply.message) : new Error(reply.message));
    };
    const onError = (error: Error & { code?: string }) =>
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new RejectedInputError(`the extractor ran out of memory (${WORKER_HEAP_MB} MB) on this file`)
          : error,
      );
    const onExit = (code: number) => fail(new Error(`the extraction worker stopped unexpectedly (exit code ${code})`));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
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
