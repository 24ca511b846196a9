import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { createConversation, facilitatorHeaders, join, vote, type Headers } from './dialogue-helpers.ts';

/** Human translations of statements, added after the fact by a facilitator: beside the original, never over it. */
describe('dialogue statement translations', () => {
  let t: TestApp;
  let facilitator: Headers;
  let viewer: Headers;
  let conversationId: string;
  let token: string;
  let statementId: string;

  const put = (id: string, language: string, payload: unknown, headers: Headers = facilitator) =>
    t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${id}/translations/${language}`, headers, payload: payload as Record<string, unknown> });
  const remove = (id: string, language: string, headers: Headers = facilitator) =>
    t.app.inject({ method: 'DELETE', url: `/api/dialogue/statements/${id}/translations/${language}`, headers });
  const audits = async (action: string) =>
    t.ctx.db.selectFrom('audit_events').select(['details']).where('action', '=', action).where('subject_id', '=', statementId).execute();

  beforeAll(async () => {
    t = await createTestApp();
    facilitator = await facilitatorHeaders(t);
    await t.ctx.accounts.createUser(systemActor('test'), { username: 'vera', displayName: 'vera', role: 'viewer', password: 'correct-horse-battery-staple-9', mustChangePassword: false });
    viewer = (await t.login('vera', 'correct-horse-battery-staple-9')).headers;
    const created = await createConversation(t, facilitator);
    conversationId = created.id;
    token = created.invitations[0].token;
    const statements = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/statements`, headers: facilitator })).json().statements;
    statementId = statements[0].id;
  });
  afterAll(async () => t.close());

  it('adds and replaces a translation, keeps the original text, and audits hashes only', async () => {
    const added = await put(statementId, 'az', { text: 'Hər iki kənd bəndi bərabər bölüşməlidir.' });
    expect(added.statusCode).toBe(200);
    expect(added.json().statement).toMatchObject({ text: 'Both villages should share the dam equally.', language: 'en', translations: { az: 'Hər iki kənd bəndi bərabər bölüşməlidir.' } });
    const replaced = await put(statementId, 'az', { text: 'Hər iki kənd bəndi bərabər paylaşmalıdır.' });
    expect(replaced.json().statement.translations).toEqual({ az: 'Hər iki kənd bəndi bərabər paylaşmalıdır.' });
    await put(statementId, 'hy', { text: 'Երկու գյուղերը պետք է հավասարապես կիսեն ամբարտակը։' });
    const events = await audits('dialogue.statement_translated');
    expect(events).toHaveLength(3);
    const [first, second] = events.map((e) => e.details as Record<string, unknown>);
    expect(first).toMatchObject({ language: 'az', old: null });
    expect(second.old).toBe(first.new);
    expect(JSON.stringify(events)).not.toContain('bərabər');
    // the same text again changes nothing and records nothing
    await put(statementId, 'hy', { text: 'Երկու գյուղերը պետք է հավասարապես կիսեն ամբարտակը։' });
    expect(await audits('dialogue.statement_translated')).toHaveLength(3);
  });

  it('shows participants the translation beside the original', async () => {
    const participant = await join(t, token);
    let shown: { id: string; text: string; translations: Record<string, string> } | null = null;
    // the priority rule decides the order; pass on the others until the translated statement comes up
    for (let step = 0; step < 3 && !shown; step++) {
      const next = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/participant/next`, headers: { cookie: participant.cookie } })).json();
      if (next.statement.id === statementId) shown = next.statement;
      else expect((await vote(t, conversationId, participant.cookie, next.statement.tid, 'pass')).statusCode).toBeLessThan(300);
    }
    expect(shown).not.toBeNull();
    expect(shown!.text).toBe('Both villages should share the dam equally.');
    expect(shown!.translations).toEqual({ az: 'Hər iki kənd bəndi bərabər paylaşmalıdır.', hy: 'Երկու գյուղերը պետք է հավասարապես կիսեն ամբարտակը։' });
  });

  it('removes a translation, and says so when there is none', async () => {
    const removed = await remove(statementId, 'hy');
    expect(removed.statusCode).toBe(200);
    expect(Object.keys(removed.json().statement.translations)).toEqual(['az']);
    expect(await audits('dialogue.statement_translation_removed')).toHaveLength(1);
    const again = await remove(statementId, 'hy');
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('not_found');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/statements`, headers: facilitator })).json().statements[0].translations;
    const cases: Array<[string, string, unknown, number, string]> = [
      [statementId, 'en', { text: 'Same language as the original.' }, 400, 'translation_of_original'],
      [statementId, 'ru', { text: '   ' }, 400, 'invalid_request'],
      [statementId, 'ru', { text: 'x'.repeat(1001) }, 400, 'invalid_request'],
      [statementId, 'not a tag', { text: 'Текст' }, 400, 'invalid_request'],
      [statementId, 'ru', {}, 400, 'invalid_request'],
      ['00000000-0000-4000-8000-000000000000', 'ru', { text: 'Текст' }, 404, 'not_found'],
    ];
    for (const [id, language, payload, status, code] of cases) {
      const response = await put(id, encodeURIComponent(language), payload);
      expect(response.statusCode, `${language} ${JSON.stringify(payload).slice(0, 40)}`).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    const after = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/statements`, headers: facilitator })).json().statements[0].translations;
    expect(after).toEqual(before);
  });

  it('keeps translation to facilitators: a viewer, a participant and an anonymous caller are refused', async () => {
    expect((await put(statementId, 'ru', { text: 'Оба села должны делить плотину поровну.' }, viewer)).statusCode).toBe(403);
    const participant = await join(t, token);
    expect((await put(statementId, 'ru', { text: 'Оба села должны делить плотину поровну.' }, { cookie: participant.cookie })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/translations/ru`, payload: { text: 'Оба села' } })).statusCode).toBe(401);
  });
});
