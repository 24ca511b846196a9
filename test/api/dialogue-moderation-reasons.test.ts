import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { createConversation, facilitatorHeaders, join, type Headers } from './dialogue-helpers.ts';

/** Issue 16: a facilitator rejects with a reason the author sees, and can undo a decision. */
describe('dialogue moderation with reasons and undo', () => {
  let t: TestApp;
  let facilitator: Headers;
  let conversationId: string;
  let author: { cookie: string; status: number };
  let statementId: string;

  const moderate = (payload: Record<string, unknown>, id = statementId) =>
    t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${id}/moderation`, headers: facilitator, payload });
  const own = async () =>
    (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/participant`, headers: { cookie: author.cookie } })).json().statements[0];

  beforeAll(async () => {
    t = await createTestApp();
    facilitator = await facilitatorHeaders(t);
    const created = await createConversation(t, facilitator);
    conversationId = created.id;
    author = await join(t, created.invitations[0].token);
    const written = await t.app.inject({
      method: 'POST',
      url: `/api/dialogue/conversations/${conversationId}/participant/statements`,
      headers: { cookie: author.cookie },
      payload: { text: 'The other village never paid for the dam.', language: 'en' },
    });
    expect(written.statusCode, `${author.status} ${written.body}`).toBe(201);
    statementId = written.json().statement.id;
  });
  afterAll(async () => t.close());

  it('rejects with a reason that the author sees, audited as a hash only', async () => {
    const reason = 'Please write about what should happen, not about who is to blame.';
    const rejected = await moderate({ moderation: 'rejected', reason });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().statement).toMatchObject({ moderation: 'rejected', moderationReason: reason });
    expect(await own()).toMatchObject({ moderation: 'rejected', moderationReason: reason });
    const audits = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.statement_moderated').where('subject_id', '=', statementId).execute();
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain('blame');
    expect((audits[0].details as { reasonSha256: string }).reasonSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('undoes the rejection: the statement is back in the queue, the reason gone', async () => {
    const undone = await moderate({ moderation: 'pending' });
    expect(undone.statusCode).toBe(200);
    expect(undone.json().statement).toMatchObject({ moderation: 'pending', moderationReason: null });
    const queue = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/statements?moderation=pending`, headers: facilitator })).json().statements;
    expect(queue.map((s: { id: string }) => s.id)).toEqual([statementId]);
    expect(await own()).toMatchObject({ moderation: 'pending', moderationReason: null });
    const approved = await moderate({ moderation: 'approved' });
    expect(approved.json().statement).toMatchObject({ moderation: 'approved', moderationReason: null });
  });

  it('refuses bad input and changes nothing', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ moderation: 'approved', reason: 'Fine.' }, 400, 'reason_without_rejection'],
      [{ moderation: 'rejected', reason: 'x'.repeat(501) }, 400, 'invalid_request'],
      [{ moderation: 'rejected', reason: '   ' }, 400, 'invalid_request'],
      [{ moderation: 'rejected', reason: 'bad\u0000reason' }, 400, 'invalid_text'],
      [{ moderation: 'rejected', reason: '\ud800' }, 400, 'invalid_text'],
      [{ moderation: 'deleted' }, 400, 'invalid_request'],
    ];
    for (const [payload, status, code] of cases) {
      const response = await moderate(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    expect(await own()).toMatchObject({ moderation: 'approved', moderationReason: null });
    // a reason with markup is stored as text, not interpreted
    const markup = '<img src=x onerror=alert(1)>';
    expect((await moderate({ moderation: 'rejected', reason: markup })).json().statement.moderationReason).toBe(markup);
    expect((await moderate({ moderation: 'rejected', reason: markup }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
