import { describe, expect, it } from 'vitest';
import { enqueue, flush, MAX_QUEUED, queueKey, readQueue, type QueuedVote, type SendOutcome, type VoteStore } from './offlineVotes.ts';

class MemoryStore implements VoteStore {
  readonly data = new Map<string, string>();
  getItem = (key: string) => this.data.get(key) ?? null;
  setItem = (key: string, value: string) => void this.data.set(key, value);
  removeItem = (key: string) => void this.data.delete(key);
}

describe('votes kept on a phone while offline', () => {
  it('keeps votes in order, the latest per statement, and sends each once after acknowledgement', async () => {
    const store = new MemoryStore();
    enqueue(store, 'c1', { tid: 3, vote: 'agree' });
    enqueue(store, 'c1', { tid: 5, vote: 'pass' });
    enqueue(store, 'c1', { tid: 3, vote: 'disagree' });
    enqueue(store, 'c2', { tid: 3, vote: 'agree' });
    expect(readQueue(store, 'c1')).toEqual([
      { tid: 5, vote: 'pass' },
      { tid: 3, vote: 'disagree' },
    ]);
    const seen: QueuedVote[] = [];
    const result = await flush(store, 'c1', async (v) => {
      seen.push(v);
      return 'sent';
    });
    expect(result).toEqual({ sent: 2, dropped: 0, left: 0 });
    expect(seen).toEqual([
      { tid: 5, vote: 'pass' },
      { tid: 3, vote: 'disagree' },
    ]);
    expect(store.getItem(queueKey('c1'))).toBeNull();
    // another conversation's queue is untouched
    expect(readQueue(store, 'c2')).toEqual([{ tid: 3, vote: 'agree' }]);
    // nothing left: a second flush sends nothing (no vote goes twice)
    expect(await flush(store, 'c1', async () => 'sent')).toEqual({ sent: 0, dropped: 0, left: 0 });
  });

  it('stops at the first vote the connection cannot take, keeping it and the rest in order; drops what can never be stored', async () => {
    const store = new MemoryStore();
    for (const tid of [1, 2, 3, 4]) enqueue(store, 'c', { tid, vote: 'agree' });
    const outcomes: Record<number, SendOutcome> = { 1: 'sent', 2: 'drop', 3: 'retry', 4: 'sent' };
    const sent: number[] = [];
    const result = await flush(store, 'c', async (v) => {
      sent.push(v.tid);
      return outcomes[v.tid];
    });
    expect(result).toEqual({ sent: 1, dropped: 1, left: 2 });
    expect(sent).toEqual([1, 2, 3]);
    expect(readQueue(store, 'c').map((v) => v.tid)).toEqual([3, 4]);
  });

  it('a vote made while one is being sent stays queued', async () => {
    const store = new MemoryStore();
    enqueue(store, 'c', { tid: 1, vote: 'agree' });
    const result = await flush(store, 'c', async (v) => {
      if (v.tid === 1) enqueue(store, 'c', { tid: 1, vote: 'disagree' });
      return v.tid === 1 && v.vote === 'disagree' ? 'retry' : 'sent';
    });
    expect(result).toEqual({ sent: 1, dropped: 0, left: 1 });
    expect(readQueue(store, 'c')).toEqual([{ tid: 1, vote: 'disagree' }]);
  });

  it('ignores garbage in storage (hand-edited, another version, hostile) and bounds the queue', () => {
    const store = new MemoryStore();
    for (const junk of ['not json', '{"tid":1}', 'null', '[{"tid":-1,"vote":"agree"},{"tid":1.5,"vote":"pass"},{"tid":2,"vote":"<script>"},{"tid":"3","vote":"agree"}]']) {
      store.setItem(queueKey('c'), junk);
      expect(readQueue(store, 'c')).toEqual([]);
    }
    store.setItem(queueKey('c'), '[{"tid":7,"vote":"pass","extra":"\\u0000"}]');
    // only the fields a vote has are read, and written back
    expect(readQueue(store, 'c')).toEqual([{ tid: 7, vote: 'pass' }]);
    enqueue(store, 'c', { tid: 8, vote: 'agree' });
    expect(JSON.parse(store.getItem(queueKey('c'))!)).toEqual([
      { tid: 7, vote: 'pass' },
      { tid: 8, vote: 'agree' },
    ]);
    for (let tid = 0; tid < MAX_QUEUED + 20; tid++) enqueue(store, 'd', { tid, vote: 'pass' });
    const queue = readQueue(store, 'd');
    expect(queue).toHaveLength(MAX_QUEUED);
    expect(queue[0].tid).toBe(20);
  });
});
