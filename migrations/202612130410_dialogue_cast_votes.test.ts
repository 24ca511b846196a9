import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/db/connect.ts';
import { migratorFor } from '../src/server/db/migrate.ts';
import { openTestDatabase } from '../src/server/db/testing.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const OPEN = uuid(10);
const CLOSED = uuid(11);
const STRICT = uuid(12);
const MISSING = uuid(13);

interface Vote {
  c: string;
  p: string;
  pid: number;
  tid: number;
  value: number;
  checks?: Array<[string, number]>;
}

describe('migration 202612130410_dialogue_cast_votes', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => handle.close());

  const cast = async (votes: Vote[], current = 120_000, overlap = 0.5) => {
    const checks = votes.flatMap((v, i) => (v.checks ?? []).map(([key, limit]) => ({ vote: i + 1, key, limit })));
    const { rows } = await sql<{ r: number; refusal: string | null; inserted: boolean | null }>`
      select vote_rate_check as r, vote_refusal as refusal, vote_inserted as inserted from reckon_dialogue_cast_votes(
        ${votes.map((v) => v.c)}::uuid[], ${votes.map((v) => v.p)}::uuid[], ${votes.map((v) => v.pid)}::int[], ${votes.map((v) => v.tid)}::int[],
        ${votes.map((v) => v.value)}::smallint[], ${checks.map((c) => c.vote)}::int[], ${checks.map((c) => c.key)}::text[], ${checks.map((c) => c.limit)}::float8[],
        ${current}::bigint, ${current - 60_000}::bigint, ${overlap}::float8, null, 0, 250)`.execute(handle.db);
    return rows.map((r) => [r.r, r.refusal, r.inserted]);
  };
  const stored = async () =>
    (
      await sql<{
        row: string;
      }>`select p.pid || ':' || s.tid || '=' || v.value as row from dialogue_votes v join dialogue_participants p on p.id = v.participant_id join dialogue_statements s on s.id = v.statement_id order by 1`.execute(
        handle.db,
      )
    ).rows.map((r) => r.row);
  const counts = async () =>
    (await sql<{ row: string }>`select key || '=' || count as row from rate_windows where window_start = 120000 order by key`.execute(handle.db)).rows.map(
      (r) => r.row,
    );

  it('decides the rate budgets, the conversation and statement checks and the write of a batch in one call, and undoes cleanly', async () => {
    const migrator = await migratorFor(handle.db);
    expect((await migrator.migrateTo('202612130410_dialogue_cast_votes')).error).toBeUndefined();
    const db = handle.db;
    await sql`insert into users (id, username, display_name, role, password_hash) values (${uuid(1)}, 'f', 'F', 'facilitator', 'x')`.execute(db);
    for (const [id, moderation, state] of [
      [OPEN, 'open', 'open'],
      [CLOSED, 'open', 'closed'],
      [STRICT, 'strict', 'open'],
    ]) {
      await sql`insert into dialogue_conversations (id, topic, moderation, state, created_by) values (${id}, '{"en":"T"}', ${moderation}, ${state}, ${uuid(1)})`.execute(
        db,
      );
      await sql`insert into dialogue_communities (id, conversation_id, name, invitation_hash) values (${id.replace('-8000-', '-9000-')}, ${id}, '{"en":"A"}', ${id.replace(/-/g, '').padEnd(64, 'a')})`.execute(
        db,
      );
    }
    // Participants 20, 21 in the open conversation, 22 in the closed one, 23 in the strict one.
    const person = (n: number, c: string, pid: number) =>
      sql`insert into dialogue_participants (id, conversation_id, pid, community_id, token_hash) values (${uuid(n)}, ${c}, ${pid}, ${c.replace('-8000-', '-9000-')}, ${String(n).padStart(64, '0')})`.execute(
        db,
      );
    await person(20, OPEN, 0);
    await person(21, OPEN, 1);
    await person(22, CLOSED, 0);
    await person(23, STRICT, 0);
    const statement = (n: number, c: string, tid: number, moderation: string) =>
      sql`insert into dialogue_statements (id, conversation_id, tid, author_user_id, text, language, seed, moderation) values (${uuid(n)}, ${c}, ${tid}, ${uuid(1)}, 'S', 'en', true, ${moderation})`.execute(
        db,
      );
    await statement(30, OPEN, 0, 'approved');
    await statement(31, OPEN, 1, 'rejected');
    await statement(32, OPEN, 2, 'pending');
    await statement(33, CLOSED, 0, 'approved');
    await statement(34, STRICT, 0, 'pending');

    const p0 = { c: OPEN, p: uuid(20), pid: 0 };
    const p1 = { c: OPEN, p: uuid(21), pid: 1 };
    // The address's previous window weighs 4 × 0.5 = 2 of its limit of 5: three votes pass, the fourth is refused by
    // the address (its second check) and charges nothing, so the participant's own count stays at 3 then 1.
    await sql`insert into rate_windows values ('a', 60000, 4)`.execute(db);
    const limited = (v: Omit<Vote, 'tid' | 'value'>, tid: number, value: number, participantKey: string): Vote => ({
      ...v,
      tid,
      value,
      checks: [
        [participantKey, 3],
        ['a', 5],
      ],
    });
    expect(
      await cast([
        limited(p0, 0, 1, 'p0'),
        limited(p0, 0, -1, 'p0'),
        limited(p1, 0, 0, 'p1'),
        limited(p1, 0, 1, 'p1'),
        // No checks: not limited.
        { ...p1, tid: 2, value: 1 },
        // Refused by the statement or the conversation, after being charged (none of these has checks).
        { ...p1, tid: 1, value: 1 },
        { ...p1, tid: 9, value: 1 },
        { c: CLOSED, p: uuid(22), pid: 0, tid: 0, value: 1 },
        { c: STRICT, p: uuid(23), pid: 0, tid: 0, value: 1 },
        { c: MISSING, p: uuid(20), pid: 0, tid: 0, value: 1 },
      ]),
    ).toEqual([
      // Of two votes on one cell the later is written; the earlier counts as cast, then replaced.
      [0, null, null],
      [0, null, true],
      [0, null, true],
      [2, 'rate_limited', null],
      [0, null, true],
      [0, 'statement_rejected', null],
      [0, 'statement_not_found', null],
      [0, 'conversation_closed', null],
      [0, 'statement_pending', null],
      [0, 'not_found', null],
    ]);
    expect(await stored()).toEqual(['0:0=-1', '1:0=0', '1:2=1']);
    expect(await counts()).toEqual(['a=3', 'p0=2', 'p1=1']);
    // The participant's own limit: p0 has 2 of 3, so one more passes (replacing its vote) and the next is refused
    // by its first check.
    const p0Checks = (value: number): Vote => ({ ...p0, tid: 0, value, checks: [['p0', 3]] });
    expect(await cast([p0Checks(1), p0Checks(0)])).toEqual([
      [0, null, false],
      [1, 'rate_limited', null],
    ]);
    expect(await stored()).toEqual(['0:0=1', '1:0=0', '1:2=1']);

    // A failed write rolls its rate charges back with it: one statement, one transaction.
    // (A value outside -1, 0, 1 breaks the table's check.)
    await expect(cast([{ ...p1, tid: 0, value: 5, checks: [['p9', 10]] }])).rejects.toThrow();
    expect(await counts()).toEqual(['a=3', 'p0=3', 'p1=1']);
    expect(await cast([])).toEqual([]);

    expect((await migrator.migrateTo('202612130400_drop_rate_take')).error).toBeUndefined();
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_proc where proname = 'reckon_dialogue_cast_votes' and pronamespace = current_schema()::regnamespace`.execute(db);
    expect(left.rows[0].n).toBe(0);
  });
});
