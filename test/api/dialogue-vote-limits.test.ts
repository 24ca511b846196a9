import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../src/server/db/testing.ts';
import { DomainError } from '../../src/server/errors.ts';
import { VoteWriter } from '../../src/server/dialogue/vote-writer.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { createConversation, facilitatorHeaders, join } from './dialogue-helpers.ts';

/**
 * A vote's rate budgets are decided in the call that writes it (vote-writer.ts, migration 202612130410): across
 * processes that share nothing but the database, the limit holds exactly, and what was admitted is what is stored.
 */
describe(`dialogue vote limits across processes (${testEngine()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000 });
  });
  afterAll(async () => t.close());

  it('admits exactly the address limit across three writers voting at once, stores every admitted vote and nothing refused', { timeout: 120_000 }, async () => {
    const { id, invitations } = await createConversation(t, await facilitatorHeaders(t));
    for (let i = 0; i < 10; i++) expect((await join(t, invitations[i % 3].token)).status).toBe(201);
    const people = await t.ctx.db.selectFrom('dialogue_participants').select(['id', 'pid']).where('conversation_id', '=', id).orderBy('pid').execute();
    expect(people).toHaveLength(10);
    // Three writers stand for three processes; one clock, so every batch falls in the same window.
    const now = 1_800_000_000_000 + 7_000;
    const writers = [0, 1, 2].map(
      () =>
        new VoteWriter(
          t.ctx.db,
          () => undefined,
          () => now,
        ),
    );
    const address = `vote:a:${randomUUID()}`;
    const votes = Array.from({ length: 120 }, (_, i) => ({ person: people[i % 10], tid: Math.floor(i / 10) % 3, value: ((i % 3) - 1) as -1 | 0 | 1 }));
    const outcomes = await Promise.all(
      votes.map((v, i) =>
        writers[i % 3]
          .submit({
            conversationId: id,
            participantId: v.person.id,
            pid: v.person.pid,
            tid: v.tid,
            value: v.value,
            checks: [
              { key: `vote:p:${v.person.id}`, limit: 1000, scope: 'participant' },
              { key: address, limit: 50, scope: 'address' },
            ],
          })
          .then(
            () => 'admitted',
            (error: unknown) => {
              if (error instanceof DomainError && error.code === 'rate_limited') return (error.details as { scope: string }).scope;
              throw error;
            },
          ),
      ),
    );
    expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'address')).toHaveLength(70);
    const window = await t.ctx.db.selectFrom('rate_windows').select('count').where('key', '=', address).execute();
    expect(window.map((w) => w.count)).toEqual([50]);
    // Every admitted vote's cell is stored, and no cell only refused votes named.
    const admittedCells = new Set(votes.filter((_, i) => outcomes[i] === 'admitted').map((v) => `${v.person.pid}:${v.tid}`));
    const stored = await t.ctx.db
      .selectFrom('dialogue_votes as v')
      .innerJoin('dialogue_participants as p', 'p.id', 'v.participant_id')
      .innerJoin('dialogue_statements as s', 's.id', 'v.statement_id')
      .select(['p.pid', 's.tid'])
      .where('v.conversation_id', '=', id)
      .execute();
    expect(new Set(stored.map((r) => `${r.pid}:${r.tid}`))).toEqual(admittedCells);
    for (const writer of writers) await writer.idle();
  });
});
