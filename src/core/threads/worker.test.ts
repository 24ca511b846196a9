import { MessageChannel, Worker as NodeWorker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapSource, exchange, outOfMemory, startWorker, tsxApi, watchFailure, withTimeout, type Worker } from './worker.ts';

const entry = new URL('../../../test/fixtures/threads/worker-entry.ts', import.meta.url);
type Reply = { type: string; value?: unknown; done?: number; message?: string; workerData?: unknown };
const answer = (message: Reply) => {
  if (message.type === 'done') return { value: message };
  if (message.type === 'error') throw new Error(message.message);
  return undefined;
};

describe('worker threads: one start-up and one exchange for every engine', () => {
  const started: Worker[] = [];
  const start = (options?: Parameters<typeof startWorker>[1]) => {
    const worker = startWorker(entry, options);
    started.push(worker);
    return worker;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.terminate()));
  });

  it('starts a TypeScript entry through tsx, hands it its data, and takes one task after another', async () => {
    expect(tsxApi()).toMatch(/^file:.*tsx.*\.mjs$/);
    const worker = start({ workerData: { name: 'x' } });
    const first = await exchange(worker, { kind: 'echo', value: 'é\u0000ü' }, { what: 'test', reply: answer });
    expect(first).toEqual({ type: 'done', value: 'é\u0000ü', workerData: { name: 'x' } });
    // every listener of the first exchange is gone, so the next one starts clean
    expect(worker.listenerCount('message') + worker.listenerCount('error') + worker.listenerCount('exit')).toBe(0);
    const second = await exchange(worker, { kind: 'echo', value: 2 }, { what: 'test', reply: answer });
    expect(second.value).toBe(2);
  });

  it('reads progress reports until the answer, and fails with the error the worker answers', async () => {
    const worker = start();
    const seen: number[] = [];
    const done = await exchange(worker, { kind: 'progress', steps: 3 }, {
      what: 'test',
      reply: (m: Reply) => {
        if (m.type === 'progress') seen.push(m.done!);
        return answer(m);
      },
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(done.value).toBe(3);
    await expect(exchange(worker, { kind: 'fail' }, { what: 'test', reply: answer })).rejects.toThrow('refused on purpose');
    // the worker survives an answered error
    expect((await exchange(worker, { kind: 'echo', value: 1 }, { what: 'test', reply: answer })).value).toBe(1);
  });

  it('fails, naming the worker, when it exits or throws instead of answering', async () => {
    await expect(exchange(start(), { kind: 'exit', code: 3 }, { what: 'test', reply: answer })).rejects.toThrow('the test worker stopped unexpectedly (exit code 3)');
    await expect(exchange(start(), { kind: 'throw' }, { what: 'test', reply: answer })).rejects.toThrow('thrown in the worker');
  });

  it('stops a worker at its heap limit, and says so', async () => {
    const error = await exchange(start({ heapMb: 32, youngGenerationMb: 8 }), { kind: 'grow' }, { what: 'test', reply: answer }).catch((e: unknown) => e);
    expect(outOfMemory(error)).toBe(true);
    expect(outOfMemory(new Error('other'))).toBe(false);
    expect(outOfMemory(null)).toBe(false);
  });

  it('stops waiting when the signal aborts, before or during the task', async () => {
    const worker = start();
    const before = new AbortController();
    before.abort(new Error('too late'));
    await expect(exchange(worker, { kind: 'echo', value: 1 }, { what: 'test', reply: answer, signal: before.signal })).rejects.toThrow('too late');
    const during = new AbortController();
    const waiting = exchange(worker, { kind: 'hang' }, { what: 'test', reply: answer, signal: during.signal });
    during.abort(new Error('time limit'));
    await expect(waiting).rejects.toThrow('time limit');
    expect(worker.listenerCount('message')).toBe(0);
  });

  it('reports a failure once, on termination too, and stops watching when asked', async () => {
    const failures: string[] = [];
    const worker = start();
    watchFailure(worker, 'watched', (e) => failures.push(e.message));
    const ignored = start();
    const stop = watchFailure(ignored, 'ignored', (e) => failures.push(e.message));
    stop();
    await Promise.all([worker.terminate(), ignored.terminate()]);
    // (the exit code of a terminated worker depends on how far it had started)
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^the watched worker stopped unexpectedly \(exit code \d+\)$/);
  });

  it('imports the entry as it is when tsx is not there (the compiled build), and quotes what it embeds', async () => {
    const source = bootstrapSource('data:text/javascript,' + encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.on('message', (m) => parentPort.postMessage({ type: 'done', value: m }));"), null);
    expect(source).not.toContain('tsx');
    const worker = new NodeWorker(source, { eval: true });
    started.push(worker);
    expect((await exchange(worker, 'plain', { what: 'test', reply: answer })).value).toBe('plain');
    // a hostile entry name stays one string literal
    expect(bootstrapSource("x'); process.exit(1); ('", null)).toBe(`import(${JSON.stringify("x'); process.exit(1); ('")});`);
  });

  it('takes a reply that arrived while the thread was busy past the timeout, and times out when none came', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const replied = new Promise((resolve) => port1.once('message', resolve));
      const raced = withTimeout(replied, 20, 'no reply in time');
      port2.postMessage('ready');
      // the thread is busy (here: blocked) well past the timeout, with the reply already waiting for it
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      await expect(raced).resolves.toBe('ready');
      await expect(withTimeout(new Promise(() => undefined), 20, 'no reply in time')).rejects.toThrow('no reply in time');
    } finally {
      port1.close();
      port2.close();
    }
  });
});
