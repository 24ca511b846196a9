import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

type Headers = Record<string, string>;

describe('dialogue facilitator API', () => {
  let t: TestApp;
  let facilitator: Headers;
  let viewer: Headers;
  const auditCount = async () => Number((await t.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rowCount = async (table: 'dialogue_conversations' | 'dialogue_statements' | 'dialogue_communities') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const create = (payload: unknown, headers: Headers = facilitator) =>
    t.app.inject({ method: 'POST', url: '/api/dialogue/conversations', headers, payload: payload as Record<string, unknown> });
  const valid = {
    topic: { en: 'Water in the valley', az: 'Vadidə su', hy: 'Ջուրը հովտում', ru: 'Вода в долине' },
    moderation: 'strict',
    minGroupSize: 3,
    communities: [{ name: { en: 'Upstream' } }, { name: { en: 'Downstream' } }],
    seedStatements: [{ text: 'Both villages should share the dam equally.', language: 'en' }],
  };

  beforeAll(async () => {
    t = await createTestApp();
    for (const [username, role] of [['alma', 'facilitator'], ['boris', 'viewer']] as const) {
      await t.ctx.accounts.createUser(systemActor('test'), { username, displayName: username, role, password: 'correct-horse-battery-staple-9', mustChangePassword: false });
    }
    facilitator = (await t.login('alma', 'correct-horse-battery-staple-9')).headers;
    viewer = (await t.login('boris', 'correct-horse-battery-staple-9')).headers;
  });
  afterAll(async () => t.close());

  it('creates a conversation with communities, seed statements and one-time invitation tokens, audited without the tokens', async () => {
    const response = await create(valid);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.conversation.state).toBe('open');
    expect(body.conversation.communities).toHaveLength(2);
    expect(body.invitations).toHaveLength(2);
    expect(body.invitations[0].token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.ctx.db.selectFrom('dialogue_communities').select('invitation_hash').execute();
    expect(stored.map((r) => r.invitation_hash)).not.toContain(body.invitations[0].token);
    const audit = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'dialogue.conversation_created').executeTakeFirstOrThrow();
    expect(audit.subject_id).toBe(body.conversation.id);
    expect(JSON.stringify(audit.details)).not.toContain(body.invitations[0].token);
    expect(JSON.stringify(audit.details)).toMatch(/"sha256":"[0-9a-f]{64}"/);

    const statements = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${body.conversation.id}/statements`, headers: facilitator });
    expect(statements.json().statements).toMatchObject([{ tid: 0, seed: true, moderation: 'approved', byParticipant: false }]);
  });

  it('refuses the public and non-facilitators, writing nothing', async () => {
    const before = [await rowCount('dialogue_conversations'), await auditCount()];
    expect((await t.app.inject({ method: 'POST', url: '/api/dialogue/conversations', payload: valid })).statusCode).toBe(401);
    const asViewer = await create(valid, viewer);
    expect(asViewer.statusCode).toBe(403);
    expect(asViewer.json().error.code).toBe('forbidden');
    expect((await t.app.inject({ method: 'GET', url: '/api/dialogue/conversations', headers: viewer })).statusCode).toBe(403);
    expect([await rowCount('dialogue_conversations'), await auditCount()]).toEqual(before);
  });

  it('answers malformed, oversized and hostile input with 400 and writes nothing', async () => {
    const before = [await rowCount('dialogue_conversations'), await rowCount('dialogue_communities'), await auditCount()];
    const bad: unknown[] = [
      {},
      { ...valid, moderation: 'none' },
      { ...valid, communities: [] },
      { ...valid, topic: {} },
      { ...valid, topic: { 'en; drop table users': 'x' } },
      { ...valid, topic: { en: 'x'.repeat(301) } },
      { ...valid, minGroupSize: 0 },
      { ...valid, minGroupSize: 2.5 },
      { ...valid, communities: Array.from({ length: 51 }, () => ({ name: { en: 'c' } })) },
      { ...valid, seedStatements: [{ text: '   ', language: 'en' }] },
      { ...valid, seedStatements: [{ text: 'x'.repeat(1001), language: 'en' }] },
      { ...valid, seedStatements: [{ text: 'ok', language: 'English' }] },
    ];
    for (const payload of bad) {
      const response = await create(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().error.code).toBeTypeOf('string');
    }
    expect([await rowCount('dialogue_conversations'), await rowCount('dialogue_communities'), await auditCount()]).toEqual(before);
  });

  it('stores hostile text as text', async () => {
    const hostile = "<script>alert(1)</script>'); drop table dialogue_votes; --";
    const response = await create({ ...valid, topic: { en: hostile }, seedStatements: [{ text: hostile, language: 'en' }] });
    expect(response.statusCode).toBe(201);
    expect(response.json().conversation.topic.en).toBe(hostile);
  });

  it('seeds statements, refuses duplicates, unknown and closed conversations', async () => {
    const { conversation } = (await create(valid)).json();
    const url = `/api/dialogue/conversations/${conversation.id}/statements`;
    const added = await t.app.inject({ method: 'POST', url, headers: facilitator, payload: { text: 'The dam needs repair first.', language: 'en', translations: { ru: 'Сначала нужно отремонтировать плотину.' } } });
    expect(added.statusCode).toBe(201);
    expect(added.json().statement).toMatchObject({ tid: 1, seed: true, moderation: 'approved' });
    const duplicate = await t.app.inject({ method: 'POST', url, headers: facilitator, payload: { text: 'The dam needs repair first.', language: 'en' } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('duplicate_statement');
    const unknown = await t.app.inject({ method: 'POST', url: '/api/dialogue/conversations/00000000-0000-4000-8000-000000000000/statements', headers: facilitator, payload: { text: 'x', language: 'en' } });
    expect(unknown.statusCode).toBe(404);
    const notUuid = await t.app.inject({ method: 'POST', url: "/api/dialogue/conversations/1'%20or%201=1/statements", headers: facilitator, payload: { text: 'x', language: 'en' } });
    expect(notUuid.statusCode).toBe(400);

    const closed = await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversation.id}/state`, headers: facilitator, payload: { state: 'closed' } });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().state).toBe('closed');
    const late = await t.app.inject({ method: 'POST', url, headers: facilitator, payload: { text: 'Too late.', language: 'en' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('conversation_closed');
    const badState = await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversation.id}/state`, headers: facilitator, payload: { state: 'archived' } });
    expect(badState.statusCode).toBe(400);
    const changes = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.conversation_state_changed').where('subject_id', '=', conversation.id).execute();
    expect(changes.map((c) => c.details)).toEqual([{ old: 'open', new: 'closed' }]);
  });

  it('moderates a pending statement with the old and new state audited', async () => {
    const { conversation } = (await create(valid)).json();
    const [participant] = await t.ctx.db.transaction().execute(async (tx) => {
      const community = await tx.selectFrom('dialogue_communities').select('id').where('conversation_id', '=', conversation.id).executeTakeFirstOrThrow();
      return tx
        .insertInto('dialogue_participants')
        .values({ id: '00000000-0000-4000-8000-0000000000aa', conversation_id: conversation.id, pid: 0, community_id: community.id, token_hash: 'a'.repeat(64), external_id: null })
        .returning('id')
        .execute();
    });
    await t.ctx.db
      .insertInto('dialogue_statements')
      .values({ id: '00000000-0000-4000-8000-0000000000bb', conversation_id: conversation.id, tid: 1, author_participant_id: participant.id, author_user_id: null, text: 'Open the canal.', language: 'en', moderated_by: null, moderated_at: null })
      .execute();
    const queue = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/statements?moderation=pending`, headers: facilitator });
    expect(queue.json().statements).toMatchObject([{ tid: 1, byParticipant: true, moderation: 'pending' }]);

    const url = '/api/dialogue/statements/00000000-0000-4000-8000-0000000000bb/moderation';
    expect((await t.app.inject({ method: 'PUT', url, headers: facilitator, payload: { moderation: 'maybe' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url, headers: viewer, payload: { moderation: 'approved' } })).statusCode).toBe(403);
    const approved = await t.app.inject({ method: 'PUT', url, headers: facilitator, payload: { moderation: 'rejected' } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().statement.moderation).toBe('rejected');
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.statement_moderated').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ old: 'pending', new: 'rejected', tid: 1 });
    expect(JSON.stringify(audit.details)).not.toContain('Open the canal');
    expect((await t.app.inject({ method: 'PUT', url: '/api/dialogue/statements/00000000-0000-4000-8000-000000000000/moderation', headers: facilitator, payload: { moderation: 'approved' } })).statusCode).toBe(404);
  });

  it('renews an invitation so the old token no longer matches', async () => {
    const { conversation } = (await create(valid)).json();
    const communityId = conversation.communities[0].id;
    const before = await t.ctx.db.selectFrom('dialogue_communities').select('invitation_hash').where('id', '=', communityId).executeTakeFirstOrThrow();
    const renewed = await t.app.inject({ method: 'POST', url: `/api/dialogue/communities/${communityId}/invitation`, headers: facilitator });
    expect(renewed.statusCode).toBe(200);
    const after = await t.ctx.db.selectFrom('dialogue_communities').select('invitation_hash').where('id', '=', communityId).executeTakeFirstOrThrow();
    expect(after.invitation_hash).not.toBe(before.invitation_hash);
    expect((await t.app.inject({ method: 'POST', url: '/api/dialogue/communities/00000000-0000-4000-8000-000000000000/invitation', headers: facilitator })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/dialogue/communities/${communityId}/invitation`, headers: viewer })).statusCode).toBe(403);
  });
});
