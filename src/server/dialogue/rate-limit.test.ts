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

  it('counts a sliding minute: a flood straddling a minute boundary gets no more than the limit', async () => {
    const limiter = new WindowLimiter(handle.db);
    const key = { key: 'join:a:x', limit: 10, scope: 'address' as const };
    const attempt = (at: number) =>
      limiter.take([key], at).then(
        () => 1,
        (error: unknown) => {
          if (!refused(error)) throw error;
          return 0;
        },
      );
    const admittedAt = async (at: number, n: number) => (await Promise.all(Array.from({ length: n }, () => attempt(at)))).reduce((a, b) => a + b, 0);
    const windowStart = 1_800_000_120_000;
    expect(await admittedAt(windowStart + 59_000, 10)).toBe(10);
    // 1 s and 31 s into the next minute all ten are less than a minute old: none more (two fixed windows weighed the
    // previous one at 59/60 and 1/2 of its ten, and admitted one, then four more).
    expect(await admittedAt(windowStart + 61_000, 5)).toBe(0);
    expect(await admittedAt(windowStart + 90_000, 5)).toBe(0);
    // They were charged in the bucket [58.8 s, 59.4 s): still counted until 119.4 s, then the whole budget is back, at
    // most one bucket (0.6 s) later than an exact log of times would give it back.
    expect(await admittedAt(windowStart + 118_999, 5)).toBe(0);
    expect(await admittedAt(windowStart + 119_400, 12)).toBe(10);
    // Old windows are purged; recent ones stay.
    expect(await purgeRateWindows(handle.db, windowStart + 60_000)).toBeGreaterThan(0);
  });

  it('admits no more than the limit in any minute for 50 joins straddling a minute boundary at any offset', async () => {
    // The behind-proxy test's pattern (50 joins, a limit of 40) at offsets across a minute's end, decided by three
    // limiters standing for three processes: never more than 40 in the minute after the first join.
    const processes = [new WindowLimiter(handle.db), new WindowLimiter(handle.db), new WindowLimiter(handle.db)];
    for (const [n, offset] of [-700, -1, 250].entries()) {
      const boundary = 1_800_000_600_000 + n * 600_000;
      let admitted = 0;
      for (let i = 0; i < 50; i++) {
        const at = boundary + offset + i * 40;
        admitted += await processes[i % 3].take([{ key: `join:a:straddle:${n}`, limit: 40, scope: 'address' }], at).then(
          () => 1,
          (error: unknown) => {
            if (!refused(error)) throw error;
            return 0;
          },
        );
      }
      expect(admitted).toBe(40);
    }
  });

  it('decides requests that arrive together in one call, in their order, as one by one', async () => {
    const limiter = new WindowLimiter(handle.db);
    const now = 1_800_000_240_000 + 1_000;
    // 30 participants voting at once from one address with a budget of 20: the first 20 in arrival order pass
    // whatever their participant, then the address refuses; participant 0 (3 of its own a minute) is refused by
    // its own budget at its fourth request. All 30 are queued in one turn, so they share calls.
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        limiter
          .take(
            [
              { key: `vote:p:${i < 6 ? 0 : i}`, limit: 3, scope: 'participant' },
              { key: 'vote:a:192.0.2.7', limit: 20, scope: 'address' },
            ],
            now,
          )
          .then(
            () => 'ok',
            (error: unknown) => (error instanceof DomainError ? (error.details as { scope: string }).scope : 'error'),
          ),
      ),
    );
    expect(outcomes).toEqual([...['ok', 'ok', 'ok'], ...Array(3).fill('participant'), ...Array(17).fill('ok'), ...Array(7).fill('address')]);
  });

  it('charges nothing of a batch whose call fails, and the next batch is decided as usual', async () => {
    const limiter = new WindowLimiter(handle.db);
    const now = 1_800_000_300_000 + 1_000;
    const key = { key: 'join:a:198.51.100.1', limit: 2, scope: 'address' as const };
    // A NUL byte cannot be stored in text: the database refuses the whole call, the good requests with it.
    const batch = await Promise.allSettled([limiter.take([key], now), limiter.take([{ ...key, key: 'join:a:\u0000' }], now), limiter.take([key], now)]);
    expect(batch.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await limiter.take([key], now);
    await limiter.take([key], now);
    await expect(limiter.take([key], now)).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
