import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOGUE_CHANNEL, parseMessage } from '../../src/server/dialogue/bus.ts';
import { writeVoteBatch, type VoteRow } from '../../src/server/dialogue/vote-repository.ts';
import { DialogueService } from '../../src/server/dialogue/service.ts';
import { openNotificationListener, type NotificationListener } from '../../src/server/db/notifications.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { createConversation, facilitatorHeaders, join, vote, type Headers } from './dialogue-helpers.ts';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('dialogue-shared-processes.test: the announcements need PostgreSQL (TEST_DATABASE_URL); the parser tests run, the rest is skipped');

describe('announcements from other processes are parsed strictly', () => {
  const id = '0b0e2a8e-7a43-4a7e-9a49-0a3c1f1f3b11';
  it('accepts well-formed votes, joins and changes', () => {
    expect(parseMessage(JSON.stringify({ k: 'v', c: id, t: 1, v: [1, 0, 1, 2, 3, -1] }))).toMatchObject({ k: 'v', v: [1, 0, 1, 2, 3, -1] });
    expect(parseMessage(JSON.stringify({ k: 'j', o: 'x', c: id, p: 4, m: id }))).toMatchObject({ k: 'j', p: 4 });
    expect(parseMessage(JSON.stringify({ k: 'c', o: 'x', c: id }))).toMatchObject({ k: 'c' });
    expect(parseMessage(JSON.stringify({ k: 'r', o: 'x', c: id, n: 7 }))).toMatchObject({ k: 'r', n: 7 });
  });
  it('ignores anything else: not JSON, NUL bytes, lone surrogates, a vote of 2, a ragged vote list, a path for an id', () => {
    for (const payload of [
      'not json',
      '\u0000',
      '"\ud800"',
      JSON.stringify({ k: 'v', c: id, t: 1, v: [1, 0, 2] }),
      JSON.stringify({ k: 'v', c: id, t: 1, v: [1, 0] }),
      JSON.stringify({ k: 'v', c: '../../etc/passwd', t: 1, v: [] }),
      JSON.stringify({ k: 'j', o: 'x', c: id, p: 1.5, m: id }),
      JSON.stringify({ k: 'x', o: 'x', c: id }),
      JSON.stringify({ k: 'r', o: 'x', c: id, n: -1 }),
      JSON.stringify({ k: 'r', o: 'x', c: id, n: '7' }),
      'null',
    ]) {
      expect(parseMessage(payload)).toBeNull();
    }
  });
});

/**
 * Two live analyses on one PostgreSQL database, as two `reckon serve` processes have: votes, joins and new
 * statements taken by one reach the other's report through the announcements alone.
 */
describe.skipIf(!url)('a second process on the same database sees every vote', () => {
  let t: TestApp;
  let other: DialogueService;
  const listeners: NotificationListener[] = [];
  let facilitator: Headers;

  beforeAll(async () => {
    t = await createTestApp({ dialogueAnalysisDebounceMs: 20 });
    other = new DialogueService(t.ctx.db, t.ctx.config);
    for (const service of [t.ctx.dialogue, other]) {
      const listener = await openNotificationListener(t.databaseUrl!.replace(/\?.*$/, ''));
      listeners.push(listener);
      await service.shareAcrossProcesses(listener);
    }
    facilitator = await facilitatorHeaders(t);
  }, 120_000);

  afterAll(async () => {
    await other?.close();
    for (const listener of listeners) await listener.close();
    await t?.close();
  });

  const settled = async (service: DialogueService, id: string, votes: number) => {
    for (let i = 0; i < 200; i++) {
      const entry = await service.live.current(id);
      if ((entry.result?.votes ?? 0) === votes) return entry;
      await new Promise((r) => setTimeout(r, 25));
    }
    return service.live.current(id);
  };

  it('shows the votes, joins and statements of the other process', { timeout: 120_000 }, async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    // The other process has the conversation loaded (a report open) before anyone votes.
    expect((await other.live.current(id)).result).toBeNull();
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => join(t, invitations[i % 3].token)));
    for (const [p, person] of people.entries()) {
      for (const tid of [0, 1, 2]) expect((await vote(t, id, person.cookie, tid, (p + tid) % 2 ? 'agree' : 'disagree')).statusCode).toBe(200);
    }
    // One participant changes their mind: the later vote replaces the earlier one in both analyses.
    expect((await vote(t, id, people[0].cookie, 0, 'pass')).statusCode).toBe(200);
    const there = await settled(other, id, 18);
    const here = await settled(t.ctx.dialogue, id, 18);
    expect(there.result?.votes).toBe(18);
    expect(here.result?.votes).toBe(18);
    // Joins reached the other process: its community of every participant is known.
    expect([...there.communityOf.slice(0, 6)].every((c) => c >= 0)).toBe(true);
    expect(Array.from(there.communityOf.slice(0, 6))).toEqual(Array.from(here.communityOf.slice(0, 6)));

    const added = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${id}/statements`, headers: facilitator, payload: { text: 'A statement added later.', language: 'en' } });
    expect(added.statusCode).toBe(201);
    for (let i = 0; i < 200 && (await other.live.current(id)).statements.size < 4; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await other.live.current(id)).statements.size).toBe(4);
  });

  it('announces a batch in messages of bounded size, only its written votes, once it commits', { timeout: 120_000 }, async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const people = await Promise.all([0, 1, 2].map((i) => join(t, invitations[i].token)));
    const rows = await t.ctx.db.selectFrom('dialogue_participants').select(['id', 'pid']).where('conversation_id', '=', id).orderBy('pid').execute();
    expect(rows.map((r) => r.pid)).toEqual(people.map((p) => p.pid).sort((a, b) => a - b));
    const heard: string[] = [];
    const listener = await openNotificationListener(t.databaseUrl!.replace(/\?.*$/, ''));
    try {
      await listener.listen(DIALOGUE_CHANNEL, (payload) => heard.push(payload));
      const batch: VoteRow[] = [];
      for (const row of rows) for (const tid of [0, 1, 2]) batch.push({ conversationId: id, participantId: row.id, pid: row.pid, tid, value: 1 });
      // Refused (no statement 9) and superseded (a later vote on the same cell): neither is announced.
      batch.push({ conversationId: id, participantId: rows[0].id, pid: rows[0].pid, tid: 9, value: 1 });
      batch.push({ conversationId: id, participantId: rows[1].id, pid: rows[1].pid, tid: 0, value: -1 });
      const outcomes = await writeVoteBatch(t.ctx.db, batch, DIALOGUE_CHANNEL, 1_700_000_000_000, 4);
      expect(outcomes[9]).toEqual({ refusal: 'statement_not_found', inserted: null });
      expect(outcomes[3]).toEqual({ refusal: null, inserted: null });
      expect(outcomes[10]).toEqual({ refusal: null, inserted: true });
      for (let i = 0; i < 100 && heard.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      const messages = heard.map((payload) => parseMessage(payload)).filter((m) => m?.k === 'v' && m.c === id);
      // Nine written votes, four to a message.
      expect(messages.map((m) => (m?.k === 'v' ? m.v.length / 3 : 0))).toEqual([4, 4, 1]);
      const triples = messages.flatMap((m) => (m?.k === 'v' ? m.v : []));
      const expected = batch.slice(0, 9).map((v, i) => (i === 3 ? [v.pid, 0, -1] : [v.pid, v.tid, v.value]));
      // In the order the votes came, with the superseded vote's cell carrying the later value.
      expect(triples).toEqual([...expected.slice(0, 3), ...expected.slice(4), expected[3]].flat());
      expect(messages.every((m) => m?.k === 'v' && m.t === 1_700_000_000_000)).toBe(true);
    } finally {
      await listener.close();
    }
  });

  it('analyses each conversation in one process only, and another takes over when that one is gone', { timeout: 120_000 }, async () => {
    // A third process, which looks at the conversation first and so leads its analysis.
    const third = new DialogueService(t.ctx.db, t.ctx.config);
    const listener = await openNotificationListener(t.databaseUrl!.replace(/\?.*$/, ''));
    await third.shareAcrossProcesses(listener);
    const { id, invitations } = await createConversation(t, facilitator);
    try {
      expect((await third.live.current(id)).role).toBe('leader');
      const person = await join(t, invitations[0].token);
      for (const tid of [0, 1]) expect((await vote(t, id, person.cookie, tid, 'agree')).statusCode).toBe(200);
      const here = await t.ctx.dialogue.live.entry(id);
      // This process took the votes but does not analyse them: it shows what the leader published.
      expect(here.role).toBe('follower');
      expect(here.pending).toEqual([]);
      expect((await settled(t.ctx.dialogue, id, 2)).result?.votes).toBe(2);
      const before = here.version;
      expect(before).toBeGreaterThan(0);
    } finally {
      // The leader exits: its lock goes with its connection, as when a process is killed.
      await third.close();
      await listener.close();
    }
    const here = await t.ctx.dialogue.live.entry(id);
    const versionBefore = here.version;
    for (let i = 0; i < 100 && here.role !== 'leader'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(here.role).toBe('leader');
    const person = await join(t, invitations[1].token);
    expect((await vote(t, id, person.cookie, 2, 'disagree')).statusCode).toBe(200);
    expect((await settled(t.ctx.dialogue, id, 3)).result?.votes).toBe(3);
    // Versions go on from the last one published, so an events stream's ids never go back.
    expect(here.version).toBeGreaterThan(versionBefore);
  });

  it('rebuilds from the tables after announcements were missed', { timeout: 120_000 }, async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    await other.live.current(id);
    // The other process stops hearing (its connection is gone) while votes are taken here.
    await listeners[1].close();
    const person = await join(t, invitations[0].token);
    for (const tid of [0, 1, 2]) expect((await vote(t, id, person.cookie, tid, 'agree')).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await other.live.current(id)).result?.votes ?? 0).toBe(0);
    // A new connection, as the listener makes after losing one (it then calls resync): the lead this process held
    // went with the old connection, so it takes it again and rebuilds from the tables, or follows whoever took it.
    const again = await openNotificationListener(t.databaseUrl!.replace(/\?.*$/, ''));
    listeners.push(again);
    await other.shareAcrossProcesses(again);
    await other.live.resync();
    expect((await settled(other, id, 3)).result?.votes).toBe(3);
  });
});
