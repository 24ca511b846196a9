import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type { Worker };

/**
 * Starting a worker thread on one of Reckon's TypeScript entries, and talking to it, in one place for every engine
 * and module that spreads work over threads (linkage comparisons, LCMCR chains, the dialogue analyser, extraction).
 *
 * The sources are TypeScript run through tsx without a build, and a worker thread does not inherit the parent's
 * loader under every runner (a test runner, `node --import tsx`), so the worker first registers tsx's loader and
 * then imports its entry; this works under `node bin/reckon.js`, `tsx`, `node --import tsx` and Vitest alike. tsx is
 * resolved from this file, not from the worker's working directory, so `reckon` started from any folder finds it.
 * In the compiled build the entry is already JavaScript (bin/build.js rewrites `new URL('./x.ts', import.meta.url)`
 * to the compiled file); without tsx the entry is imported as it is.
 */

/** The ESM build of tsx's API (its CommonJS build cannot be imported from an eval'd worker), or null. */
export function tsxApi(): string | null {
  try {
    if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  } catch {
    // fall through to require.resolve: some test runners do not provide import.meta.resolve
  }
  try {
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  } catch {
    return null;
  }
}

/** The worker's own source: register tsx (when found), then import the entry; a failure surfaces as an 'error'. */
export function bootstrapSource(entry: string, tsx: string | null): string {
  const load = `import(${JSON.stringify(entry)})`;
  if (!tsx) return `${load};`;
  return `import(${JSON.stringify(tsx)}).then((api) => { (api.register ?? api.default.register)(); return ${load}; });`;
}

export interface StartOptions {
  /** Handed to the worker as `workerData`. */
  workerData?: unknown;
  /** The worker's old-generation heap limit; it stops with ERR_WORKER_OUT_OF_MEMORY past it. */
  heapMb?: number;
  youngGenerationMb?: number;
  /** Drop what the worker prints (libraries that warn about damaged input); otherwise it goes to this process's. */
  discardOutput?: boolean;
  /** Let the process exit while the worker is idle (ref() it while it works). */
  unref?: boolean;
  /** Node flags for the worker; by default the parent's (its --import tsx, a --cpu-prof). */
  execArgv?: string[];
}

/** Starts a worker on a TypeScript (or compiled) entry, given as `new URL('./x.ts', import.meta.url)`. */
export function startWorker(entry: URL, options: StartOptions = {}): Worker {
  const resourceLimits =
    options.heapMb || options.youngGenerationMb
      ? { ...(options.heapMb ? { maxOldGenerationSizeMb: options.heapMb } : {}), ...(options.youngGenerationMb ? { maxYoungGenerationSizeMb: options.youngGenerationMb } : {}) }
      : undefined;
  const worker = new Worker(bootstrapSource(entry.href, tsxApi()), {
    eval: true,
    workerData: options.workerData,
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    ...(resourceLimits ? { resourceLimits } : {}),
    ...(options.discardOutput ? { stdout: true, stderr: true } : {}),
  });
  if (options.discardOutput) {
    worker.stdout.resume();
    worker.stderr.resume();
  }
  if (options.unref) worker.unref();
  return worker;
}

/** Out of its heap: the error a worker stopped by its resource limits raises. */
export function outOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * Calls `onFailure` once when the worker raises an uncaught error or exits (for whatever reason: crashed, ran out of
 * memory, terminated). Returns a function that stops watching.
 */
export function watchFailure(worker: Worker, what: string, onFailure: (error: Error) => void): () => void {
  let done = false;
  const stop = () => {
    worker.off('error', onError);
    worker.off('exit', onExit);
  };
  const once = (error: Error) => {
    if (done) return;
    done = true;
    stop();
    onFailure(error);
  };
  const onError = (error: Error) => once(error);
  const onExit = (code: number) => once(new Error(`the ${what} worker stopped unexpectedly (exit code ${code})`));
  worker.on('error', onError);
  worker.on('exit', onExit);
  return stop;
}

export interface ExchangeOptions<T> {
  /** Names the worker in the error when it stops before answering. */
  what: string;
  /**
   * Reads each message the worker sends: `{ value }` ends the exchange with that value, `undefined` keeps waiting
   * (a progress report), and throwing ends it with that error.
   */
  reply: (message: never) => { value: T } | undefined;
  /** Stops waiting (the worker is left to the caller, which usually terminates it). */
  signal?: AbortSignal;
}

/**
 * Posts one task and waits for the worker's answer. Fails when the worker answers with an error, raises one, exits,
 * or the signal aborts; every listener is removed once it settles, so the worker can take the next task.
 */
export function exchange<T>(worker: Worker, task: unknown, options: ExchangeOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) return reject(reasonOf(signal));
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      stopWatching();
      worker.off('message', onMessage);
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onMessage = (message: unknown) => {
      let answer: { value: T } | undefined;
      try {
        answer = options.reply(message as never);
      } catch (error) {
        return settle(() => reject(error));
      }
      if (answer) settle(() => resolve(answer.value));
    };
    const onAbort = () => settle(() => reject(reasonOf(signal!)));
    const stopWatching = watchFailure(worker, options.what, (error) => settle(() => reject(error)));
    worker.on('message', onMessage);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(task);
  });
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('stopped');
}

/**
 * `promise`, or a rejection with `message` if it has not settled `ms` after the call. A reply that arrived while this
 * thread was busy wins over a timer that expired meanwhile: Node runs expired timers before it delivers messages
 * waiting on the thread, so the rejection waits for the next check phase (setImmediate), after the messages. Without
 * that, a comparison pool created before minutes of synchronous work (features and blocking of a million records)
 * timed out with both workers' replies already queued, and the process then exited with code 13, silently.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new Error(message))), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
