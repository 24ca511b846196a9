import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { claimScheduledRun } from './repository.ts';
import { scheduleOnce } from './schedule.ts';

describe(`schedules run once per interval across processes (${testEngine()})`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  it('gives each interval to exactly one of several runners claiming at once', async () => {
    const runners = ['host-a 1', 'host-a 2', 'host-b 1', 'host-b 2', 'host-c 7'];
    const first = await Promise.all(runners.map((r) => claimScheduledRun(handle.db, 'ledger.checkpoint', 60_000, r)));
    expect(first.filter(Boolean)).toHaveLength(1);
    // Within the same interval nobody runs it again, not even the winner.
    const again = await Promise.all(runners.map((r) => claimScheduledRun(handle.db, 'ledger.checkpoint', 60_000, r)));
    expect(again.filter(Boolean)).toHaveLength(0);
    // Another schedule is claimed on its own.
    expect(await claimScheduledRun(handle.db, 'ledger.verify', 60_000, 'host-c 7')).toBe(true);
  });

  it('hands the next interval to whoever claims first once the interval has passed', async () => {
    expect(await claimScheduledRun(handle.db, 'short', 100, 'host-a 1')).toBe(true);
    expect(await claimScheduledRun(handle.db, 'short', 100, 'host-b 1')).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    const next = await Promise.all(['host-b 1', 'host-a 1', 'host-c 1'].map((r) => claimScheduledRun(handle.db, 'short', 100, r)));
    expect(next.filter(Boolean)).toHaveLength(1);
  });

  it('runs a task armed in three processes no more often than its interval allows', async () => {
    let runs = 0;
    const intervalMs = 200;
    const started = Date.now();
    const timers = ['p1', 'p2', 'p3'].map((runner) =>
      scheduleOnce(handle.db, { name: 'purge', intervalMs, run: async () => void runs++, onError: (error) => { throw error; } }, runner),
    );
    try {
      await new Promise((r) => setTimeout(r, 5 * intervalMs + 100));
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
    const intervals = Math.floor((Date.now() - started) / intervalMs);
    // Three timers fire each interval; a loaded machine can only make fewer runs, never more than one per interval.
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(intervals + 1);
  });
});
