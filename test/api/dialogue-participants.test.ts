import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { createConversation, facilitatorHeaders, join, vote, type Headers } from './dialogue-helpers.ts';

describe('dialogue participants: join, next statement, votes, statements', () => {
  let t: TestApp;
  let facilitator: Headers;
  const count = async (table: 'dialogue_votes' | 'dialogue_participants' | 'dialogue_statements', conversationId: string) =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('conversation_id', '=', conversationId).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000, dialogueAnalysisDebounceMs: 50 });
    facilitator = await facilitatorHeaders(t);
  });
  afterAll(async () => t.close());

  it('joins by invitation with a pseudonymous pid and an HttpOnly SameSite=Strict cookie; the same cookie rejoins', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const response = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: { token: invitations[1].token } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.participant).toEqual({ conversationId: id, pid: 0, communityId: invitations[1].communityId });
    expect(body.conversation.topic.en).toBe('Water in the valley');
    expect(body.rejoined).toBe(false);
    const cookie = response.cookies.find((c) => c.name === `reckon_dialogue_${id}`)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/api/dialogue');
    // Only the hash is stored; the audit has the pid and never the token.
    const stored = await t.ctx.db.selectFrom('dialogue_participants').select('token_hash').where('conversation_id', '=', id).execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(cookie.value);
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.participant_joined').where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.details)).toEqual([{ pid: 0, communityId: invitations[1].communityId, allowListed: false }]);
    expect(JSON.stringify(audit)).not.toContain(cookie.value);

    const again = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', headers: { cookie: `${cookie.name}=${cookie.value}` }, payload: { token: invitations[1].token } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ participant: { pid: 0 }, rejoined: true });
    const second = await join(t, invitations[0].token);
    expect(second.pid).toBe(1);
    expect(await count('dialogue_participants', id)).toBe(2);

    const me = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/participant`, headers: { cookie: second.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ participant: { pid: 1 }, votes: [], statements: [], remaining: 3 });
  });

  it('with includeFirst, the join answers with the state and the next statement the two GETs give, on a join and a rejoin', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const first = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: { token: invitations[0].token, includeFirst: true } });
    expect(first.statusCode).toBe(201);
    const cookie = first.cookies.find((c) => c.name === `reckon_dialogue_${id}`)!;
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    const state = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/participant`, headers })).json();
    const next = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/participant/next`, headers })).json();
    expect(first.json().state).toEqual(state);
    // The next statement is drawn by priority with chance among equals (Pol.is's rule): the same counts, and the
    // statement and those sent ahead are the conversation's statements, none twice.
    const tids = (n: { statement: { tid: number }; upcoming: Array<{ tid: number }> }) => [n.statement.tid, ...n.upcoming.map((u) => u.tid)];
    expect({ remaining: first.json().next.remaining, voted: first.json().next.voted }).toEqual({ remaining: next.remaining, voted: next.voted });
    expect(new Set(tids(first.json().next)).size).toBe(tids(first.json().next).length);
    expect([...tids(first.json().next)].sort()).toEqual([...tids(next)].sort());
    expect(next.statement).toBeTruthy();
    // After a vote, a rejoin with the same cookie answers with what is true now, not what was true at the first join.
    expect((await vote(t, id, headers.cookie, next.statement.tid, 'agree')).statusCode).toBe(200);
    const again = (await t.app.inject({ method: 'POST', url: '/api/dialogue/join', headers, payload: { token: invitations[0].token, includeFirst: true } })).json();
    expect(again.rejoined).toBe(true);
    expect(again.state.votes).toEqual([{ tid: next.statement.tid, vote: 'agree' }]);
    expect(again.next.statement?.tid).not.toBe(next.statement.tid);
    // Without it, the answer is as before; a value other than a boolean is refused.
    expect(Object.keys((await join(t, invitations[1].token)).body).sort()).toEqual(['conversation', 'participant', 'rejoined']);
    const bad = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: { token: invitations[1].token, includeFirst: 'yes\u0000' } });
    expect(bad.statusCode).toBe(400);
  });

  it('gives distinct pids to simultaneous joins', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const joined = await Promise.all(Array.from({ length: 12 }, (_, i) => join(t, invitations[i % 3].token)));
    expect(joined.every((j) => j.status === 201)).toBe(true);
    expect(joined.map((j) => j.pid).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(await count('dialogue_participants', id)).toBe(12);
  });

  it('refuses bad and replaced invitations, closed conversations, and enforces the allow-list', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    for (const token of ['x', 'A'.repeat(43), "'; drop table users; --".padEnd(43, 'x')]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: { token } });
      expect([400, 404]).toContain(r.statusCode);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: { token: 'A'.repeat(43) } })).json().error.code).toBe('invitation_not_found');
    const renewed = await t.app.inject({ method: 'POST', url: `/api/dialogue/communities/${invitations[0].communityId}/invitation`, headers: facilitator });
    expect((await join(t, invitations[0].token)).status).toBe(404);
    expect((await join(t, renewed.json().token)).status).toBe(201);

    const list = await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${id}/allow-list`, headers: facilitator, payload: { required: true, externalIds: ['ext-1', 'ext-2', 'ext-1'] } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ required: true, externalIds: ['ext-1', 'ext-2'] });
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.allow_list_changed').where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).not.toContain('ext-1');
    const missing = await join(t, invitations[1].token);
    expect([missing.status, missing.body.error.code]).toEqual([400, 'external_id_required']);
    const outsider = await join(t, invitations[1].token, 'ext-9');
    expect([outsider.status, outsider.body.error.code]).toEqual([403, 'not_on_allow_list']);
    const insider = await join(t, invitations[1].token, 'ext-1');
    expect(insider.status).toBe(201);
    const twice = await join(t, invitations[2].token, 'ext-1');
    expect([twice.status, twice.body.error.code]).toEqual([409, 'external_id_taken']);

    await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${id}/state`, headers: facilitator, payload: { state: 'closed' } });
    const closed = await join(t, invitations[1].token, 'ext-2');
    expect([closed.status, closed.body.error.code]).toEqual([409, 'conversation_closed']);
    // A participant of the closed conversation still reads their state, but nothing is left to vote on.
    const me = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/participant`, headers: { cookie: insider.cookie } });
    expect(me.json().remaining).toBe(0);
    const late = await vote(t, id, insider.cookie, 0, 'agree');
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'conversation_closed']);
  });

  it('needs the participant cookie of that very conversation', async () => {
    const a = await createConversation(t, facilitator);
    const b = await createConversation(t, facilitator);
    const p = await join(t, a.invitations[0].token);
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${a.id}/participant/next` })).json().error.code).toBe('not_a_participant');
    // The cookie of conversation a renamed for conversation b does not work there.
    const forged = p.cookie.replace(a.id, b.id);
    const r = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${b.id}/participant/next`, headers: { cookie: forged } });
    expect(r.statusCode).toBe(401);
  });

  it('stores one row per participant and statement: the latest vote wins, repeats are not counted twice', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const p = await join(t, invitations[0].token);
    const first = await vote(t, id, p.cookie, 0, 'agree');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ vote: { tid: 0, vote: 'agree' }, replaced: false });
    const changed = await vote(t, id, p.cookie, 0, 'disagree');
    expect(changed.json().replaced).toBe(true);
    // A burst of repeats, concurrent: still one row, holding one of the values sent last.
    const burst = await Promise.all(['pass', 'agree', 'pass', 'pass'].map((v) => vote(t, id, p.cookie, 0, v)));
    expect(burst.every((r) => r.statusCode === 200)).toBe(true);
    expect(await count('dialogue_votes', id)).toBe(1);
    const row = await t.ctx.db.selectFrom('dialogue_votes').select('value').where('conversation_id', '=', id).executeTakeFirstOrThrow();
    expect(row.value).toBe(0);
    const withNext = await vote(t, id, p.cookie, 1, 'pass', { includeNext: true });
    expect(withNext.json().next).toMatchObject({ statement: { tid: 2 }, remaining: 1, voted: 2 });
    const me = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/participant`, headers: { cookie: p.cookie } });
    expect(me.json().votes).toEqual([{ tid: 0, vote: 'pass' }, { tid: 1, vote: 'pass' }]);
  });

  it('refuses bad values and votes on unknown, rejected and pending statements with clear codes, writing nothing', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const p = await join(t, invitations[0].token);
    for (const payload of [{ tid: 0, vote: 'maybe' }, { tid: 0, vote: 1 }, { tid: -1, vote: 'agree' }, { tid: 0.5, vote: 'agree' }, { vote: 'agree' }, { tid: '0; drop', vote: 'agree' }]) {
      const r = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${id}/participant/votes`, headers: { cookie: p.cookie }, payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const unknown = await vote(t, id, p.cookie, 99, 'agree');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'statement_not_found']);
    const written = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${id}/participant/statements`, headers: { cookie: p.cookie }, payload: { text: 'Fix the pipes in the lower village first.', language: 'en' } });
    expect(written.statusCode).toBe(201);
    expect(written.json().statement).toMatchObject({ tid: 3, moderation: 'pending' });
    const other = await join(t, invitations[1].token);
    const pending = await vote(t, id, other.cookie, 3, 'agree');
    expect([pending.statusCode, pending.json().error.code]).toEqual([409, 'statement_pending']);
    const statementId = written.json().statement.id;
    await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/moderation`, headers: facilitator, payload: { moderation: 'rejected' } });
    const rejected = await vote(t, id, other.cookie, 3, 'agree');
    expect([rejected.statusCode, rejected.json().error.code]).toEqual([409, 'statement_rejected']);
    expect(await count('dialogue_votes', id)).toBe(0);
    await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/moderation`, headers: facilitator, payload: { moderation: 'approved' } });
    expect((await vote(t, id, other.cookie, 3, 'agree')).statusCode).toBe(200);
  });

  it('participant statements: pending under strict, shown at once under open; empty, oversized and duplicate refused; audited by hash', async () => {
    const strict = await createConversation(t, facilitator);
    const open = await createConversation(t, facilitator, { moderation: 'open' });
    const ps = await join(t, strict.invitations[0].token);
    const po = await join(t, open.invitations[0].token);
    const post = (conversationId: string, cookie: string, payload: unknown) =>
      t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/participant/statements`, headers: { cookie }, payload: payload as Record<string, unknown> });
    expect((await post(open.id, po.cookie, { text: 'Meet every month in the school.', language: 'en' })).json().statement.moderation).toBe('approved');
    expect((await post(strict.id, ps.cookie, { text: 'Meet every month in the school.', language: 'en' })).json().statement.moderation).toBe('pending');
    for (const payload of [{ text: '   ', language: 'en' }, { text: 'x'.repeat(1001), language: 'en' }, { text: 'ok', language: 'English' }, {}]) {
      expect((await post(open.id, po.cookie, payload)).statusCode).toBe(400);
    }
    const duplicate = await post(open.id, po.cookie, { text: '  meet every month   in the SCHOOL. ', language: 'en' });
    expect([duplicate.statusCode, duplicate.json().error.code]).toEqual([409, 'duplicate_statement']);
    const seedDuplicate = await post(open.id, po.cookie, { text: 'Both villages should share the dam equally.', language: 'en' });
    expect(seedDuplicate.statusCode).toBe(409);
    expect(await count('dialogue_statements', open.id)).toBe(4);
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.statement_submitted').execute();
    expect(JSON.stringify(audit)).not.toContain('Meet every month');
    expect(audit[0].details).toMatchObject({ tid: 3, pid: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // Strict: the pending statement is not offered to others; open: it is.
    const other = await join(t, strict.invitations[1].token);
    const state = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${strict.id}/participant`, headers: { cookie: other.cookie } });
    expect(state.json().remaining).toBe(3);
    const openOther = await join(t, open.invitations[1].token);
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${open.id}/participant`, headers: { cookie: openOther.cookie } })).json().remaining).toBe(4);
    // The author is not asked to vote on their own statement.
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${open.id}/participant`, headers: { cookie: po.cookie } })).json().remaining).toBe(3);
  });

  it('offers every shown statement once, excluding voted, rejected and pending ones, favouring new statements', async () => {
    const { id, invitations } = await createConversation(t, facilitator);
    const p = await join(t, invitations[0].token);
    const seen: number[] = [];
    for (;;) {
      const next = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${id}/participant/next`, headers: { cookie: p.cookie } })).json();
      if (!next.statement) {
        expect(next.remaining).toBe(0);
        break;
      }
      seen.push(next.statement.tid);
      expect(next.remaining).toBe(3 - seen.length + 1);
      await vote(t, id, p.cookie, next.statement.tid, 'agree');
    }
    expect(seen.sort()).toEqual([0, 1, 2]);

    // Priority: ten people pass on statement 0 of a fresh conversation; a newcomer is offered statement 1 or 2
    // (unseen, boosted, no passes) far more often than statement 0.
    const fresh = await createConversation(t, facilitator);
    for (let i = 0; i < 10; i++) {
      const q = await join(t, fresh.invitations[i % 3].token);
      await vote(t, fresh.id, q.cookie, 0, 'pass');
    }
    await t.ctx.dialogue.live.current(fresh.id);
    const newcomer = await join(t, fresh.invitations[0].token);
    const offered = new Map<number, number>();
    for (let i = 0; i < 60; i++) {
      const next = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${fresh.id}/participant/next`, headers: { cookie: newcomer.cookie } })).json();
      offered.set(next.statement.tid, (offered.get(next.statement.tid) ?? 0) + 1);
    }
    // Weights: statement 0 has S = 10, P = 10 → ((1/12)·1·(1/12)·(1 + 8·2^-2))² ≈ 0.0003; statements 1, 2: 5.06.
    expect(offered.get(0) ?? 0).toBeLessThan(3);
    expect((offered.get(1) ?? 0) + (offered.get(2) ?? 0)).toBeGreaterThan(57);
  });

  it('limits floods per participant and per address with 429 and the stable error shape, losing and double-counting nothing', async () => {
    const limited = await createTestApp({ dialogueVotesPerMinute: 5, dialogueVotesPerMinutePerAddress: 8, dialogueJoinsPerMinute: 4, dialogueStatementsPerMinute: 1 });
    // The budgets are per minute, approximated from two fixed windows: a flood that straddles a window boundary may
    // pass one request more, as documented in rate-limit.ts. The clock is held one second into the next window so
    // the exact counts below hold whenever the test runs (only Date is faked; timers run as usual).
    vi.useFakeTimers({ toFake: ['Date'], now: Math.ceil(Date.now() / 60_000) * 60_000 + 1000 });
    try {
      const fac = await facilitatorHeaders(limited, 'fac2');
      const { id, invitations } = await createConversation(limited, fac, { seedStatements: Array.from({ length: 10 }, (_, i) => ({ text: `Statement number ${i}`, language: 'en' })) });
      const a = await join(limited, invitations[0].token);
      const b = await join(limited, invitations[0].token);
      const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => vote(limited, id, a.cookie, i, 'agree')));
      const ok = answers.filter((r) => r.statusCode === 200);
      const refused = answers.filter((r) => r.statusCode === 429);
      expect(ok).toHaveLength(5);
      expect(refused).toHaveLength(2);
      expect(refused[0].json().error).toMatchObject({ code: 'rate_limited', details: { scope: 'participant' } });
      expect(refused[0].json().error.details.retryAfterSeconds).toBeGreaterThan(0);
      // The address has 3 left of 8: b gets three, then the address limit answers.
      const fromB = [];
      for (let i = 0; i < 4; i++) fromB.push(await vote(limited, id, b.cookie, i, 'disagree'));
      expect(fromB.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
      expect(fromB[3].json().error.details.scope).toBe('address');
      // Exactly the accepted votes are stored.
      const stored = await limited.ctx.db.selectFrom('dialogue_votes').select((eb) => eb.fn.countAll().as('n')).where('conversation_id', '=', id).executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(8);
      const joins = [await join(limited, invitations[1].token), await join(limited, invitations[1].token), await join(limited, invitations[1].token)];
      expect(joins.map((j) => j.status)).toEqual([201, 201, 429]);
      const s1 = await limited.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${id}/participant/statements`, headers: { cookie: a.cookie }, payload: { text: 'One statement', language: 'en' } });
      const s2 = await limited.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${id}/participant/statements`, headers: { cookie: a.cookie }, payload: { text: 'Another statement', language: 'en' } });
      expect([s1.statusCode, s2.statusCode]).toEqual([201, 429]);
      expect(Number((await limited.ctx.db.selectFrom('dialogue_statements').select((eb) => eb.fn.countAll().as('n')).where('conversation_id', '=', id).executeTakeFirstOrThrow()).n)).toBe(11);
    } finally {
      vi.useRealTimers();
      await limited.close();
    }
  });
});
