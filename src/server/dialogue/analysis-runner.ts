import { startWorker, watchFailure, type Worker } from '../../core/threads/worker.ts';
import type { AnalysisRequest, LiveResult } from './live-analysis.ts';
import type { WorkerMessage, WorkerReply } from './analysis-worker.ts';

const workerUrl = new URL('./analysis-worker.ts', import.meta.url);

/**
 * One worker thread does the dialogue math for every conversation, one request at a time, so an analysis never
 * holds up a vote on the request thread. If the worker dies, pending requests fail, the next request starts a new
 * worker, and `generation` changes so callers know its analyzers are gone (they reload from the database).
 */
export class AnalysisRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: LiveResult | null) => void; reject: (e: Error) => void }>();
  generation = 0;

  analyse(request: AnalysisRequest): Promise<LiveResult> {
    return this.send({ id: this.nextId++, type: 'analyse', request }) as Promise<LiveResult>;
  }

  async drop(key: string): Promise<void> {
    if (this.worker) await this.send({ id: this.nextId++, type: 'drop', key });
  }

  private send(message: WorkerMessage): Promise<LiveResult | null> {
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(workerUrl, { heapMb: 4096, unref: true });
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`dialogue analysis failed: ${reply.message}`));
    });
    watchFailure(worker, 'dialogue analysis', (error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.generation += 1;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
