import { Worker } from 'node:worker_threads';

/**
 * SHA-256 and SHA-512 of large blobs, computed on a worker thread so that hashing (SHA-512 alone costs about as much
 * as reading the file) runs on the second core while the main thread reads, seals and writes. The bytes are never
 * copied to the worker: the ingest loop fills slots of a SharedArrayBuffer and the worker hashes them in place; a
 * slot is reused only after the worker has acknowledged it. One worker serves every upload of the process, in the
 * order the slots are sent.
 */

// Plain CommonJS evaluated as the worker's source, so it starts the same way under tsx, Vitest or compiled output.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  try {
    if (m.t === 'open') {
      jobs.set(m.id, { view: new Uint8Array(m.sab), h256: createHash('sha256'), h512: createHash('sha512') });
    } else if (m.t === 'data') {
      const job = jobs.get(m.id);
      const part = job.view.subarray(m.offset, m.offset + m.length);
      job.h256.update(part);
      job.h512.update(part);
      parentPort.postMessage({ t: 'ack', id: m.id, seq: m.seq });
    } else if (m.t === 'end') {
      const job = jobs.get(m.id);
      jobs.delete(m.id);
      parentPort.postMessage({ t: 'digest', id: m.id, sha256: job.h256.digest('hex'), sha512: job.h512.digest('hex') });
    } else if (m.t === 'drop') {
      jobs.delete(m.id);
    }
  } catch (error) {
    jobs.delete(m.id);
    parentPort.postMessage({ t: 'error', id: m.id, message: String((error && error.message) || error) });
  }
});
`;

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface Digests {
  sha256: string;
  sha512: string;
}

/** One blob's hashing on the worker: send slots in content order, then `finish`, or `drop` on failure. */
export interface HashJob {
  /** Resolves when the worker has hashed bytes [offset, offset + length) of the shared buffer (the slot is free). */
  update(offset: number, length: number): Promise<void>;
  finish(): Promise<Digests>;
  drop(): void;
}

class HashWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<string, Waiter>();
  private openJobs = 0;

  open(sab: SharedArrayBuffer): HashJob {
    const worker = this.ensure();
    const id = this.nextId++;
    let seq = 0;
    let closed = false;
    this.openJobs += 1;
    if (this.openJobs === 1) worker.ref();
    const close = () => {
      if (closed) return;
      closed = true;
      this.openJobs = Math.max(0, this.openJobs - 1);
      if (this.openJobs === 0) this.worker?.unref();
    };
    worker.postMessage({ t: 'open', id, sab });
    return {
      update: (offset, length) => {
        const key = `${id}:${seq}`;
        const done = this.wait(key);
        worker.postMessage({ t: 'data', id, seq: seq++, offset, length });
        return done as Promise<void>;
      },
      finish: async () => {
        const done = this.wait(`${id}:digest`);
        worker.postMessage({ t: 'end', id });
        try {
          return (await done) as Digests;
        } finally {
          close();
        }
      },
      drop: () => {
        if (closed) return;
        // Pending acknowledgements settle now, so that the caller can wait for its writes without waiting for them.
        for (const [key, waiter] of [...this.waiting]) {
          if (!key.startsWith(`${id}:`)) continue;
          this.waiting.delete(key);
          waiter.reject(new Error('hashing dropped'));
        }
        this.worker?.postMessage({ t: 'drop', id });
        close();
      },
    };
  }

  private wait(key: string): Promise<unknown> {
    return new Promise((resolve, reject) => this.waiting.set(key, { resolve, reject }));
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // No loader flags: the worker runs plain JavaScript and need not pay for tsx or inspector options.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    worker.unref();
    worker.on('message', (m: { t: string; id: number; seq?: number; sha256?: string; sha512?: string; message?: string }) => {
      if (m.t === 'error') {
        for (const [key, waiter] of [...this.waiting]) {
          if (!key.startsWith(`${m.id}:`)) continue;
          this.waiting.delete(key);
          waiter.reject(new Error(`hashing failed: ${m.message}`));
        }
        return;
      }
      const key = m.t === 'ack' ? `${m.id}:${m.seq}` : `${m.id}:digest`;
      const waiter = this.waiting.get(key);
      if (!waiter) return;
      this.waiting.delete(key);
      waiter.resolve(m.t === 'ack' ? undefined : { sha256: m.sha256, sha512: m.sha512 });
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.openJobs = 0;
      const waiters = [...this.waiting.values()];
      this.waiting.clear();
      for (const waiter of waiters) waiter.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the hashing worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

let shared: HashWorker | null = null;

/** Starts hashing a blob whose bytes will arrive in `sab`. */
export function openHashJob(sab: SharedArrayBuffer): HashJob {
  shared ??= new HashWorker();
  return shared.open(sab);
}
