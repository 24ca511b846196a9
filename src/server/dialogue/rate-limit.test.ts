import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase, testEngine } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import { purgeRateWindows } from '../system/repository.ts';
import { WindowLimiter } from './rate-limit.ts';

const refused = (error: unknown) => error instanceof DomainError && error.code === 'rate_limited';

describe(`dialogue rate limits shared by every process (${testEngine()})`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  it('admits exactly the limit across three processes charging one key at once', async () => {
    // Three limiters stand for three processes: they share nothing but the database.
    const processes = [new WindowLimiter(handle.db), new WindowLimiter(handle.db), new WindowLimiter(handle.db)];
    const now = 1_800_000_000_000 + 5_000;
    const attempts = Array.from({ length: 90 }, (_, i) =>
      processes[i % 3].take([{ key: 'vote:p:shared', limit: 40, scope: 'participant' }], now).then(
        () => 'admitted',
        (error: unknown) => {
          if (!refused(error)) throw error;
          return 'refused';
        },
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(40);
  });

  it('charges no key when one of them refuses, and says when to try again', async () => {
    const limiter = new WindowLimiter(handle.db);
    const now = 1_800_000_060_000 + 45_000;
    await limiter.take([{ key: 'vote:a:10.0.0.9', limit: 1, scope: 'address' }], now);
    const error = await limiter
      .take(
        [
          { key: 'vote:p:someone', limit: 10, scope: 'participant' },
          { key: 'vote:a:10.0.0.9', limit: 1, scope: 'address' },
        ],
        now,
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', details: { scope: 'address', retryAfterSeconds: 15 } });
    // The participant's budget was not charged by the refused request: ten more still pass.
    for (let i = 0; i < 10; i++) await limiter.take([{ key: 'vote:p:someone', limit: 10, scope: 'participant' }], now);
    await expect(limiter.take([{ key: 'vote:p:someone', limit: 10, scope: 'participant' }], now)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('weighs the previous window by its overlap, so a flood across the boundary gets no double budget', async () => {
    const limiter = new WindowLimiter(handle.db);
    const windowStart = 1_800_000_120_000;
    for (let i = 0; i < 10; i++) await limiter.take([{ key: 'join:a:x', limit: 10, scope: 'address' }], windowStart + 59_000);
    // 1 s into the next window the previous one still weighs 59/60 of its 10 (9.83): one more is admitted, then none…
    await limiter.take([{ key: 'join:a:x', limit: 10, scope: 'address' }], windowStart + 61_000);
    await expect(limiter.take([{ key: 'join:a:x', limit: 10, scope: 'address' }], windowStart + 61_000)).rejects.toMatchObject({ code: 'rate_limited' });
    // …and half-way through it the previous window weighs 5, this one 1: four more fit under 10.
    let admitted = 0;
    for (let i = 0; i < 10; i++) {
      try {
        await limiter.take([{ key: 'join:a:x', limit: 10, scope: 'address' }], windowStart + 90_000);
        admitted++;
      } catch (error) {
        if (!refused(error)) throw error;
      }
    }
    expect(admitted).toBe(4);
    // Old windows are purged; recent ones stay.
    expect(await purgeRateWindows(handle.db, windowStart + 60_000)).toBeGreaterThan(0);
  });
});
