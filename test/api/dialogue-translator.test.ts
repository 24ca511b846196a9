import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';
import { createConversation } from './dialogue-helpers.ts';

/** Issue 16, item 1: a translator works the queue of missing and machine-made translations, and nothing else. */
describe('dialogue translator role and queue', () => {
  let t: TestApp;
  let as: Record<'facilitator' | 'translator' | 'viewer', Headers>;
  let conversationId: string;
  const queue = (headers: Headers) => t.app.inject({ url: '/api/dialogue/translation-queue', headers });

  beforeAll(async () => {
    t = await createTestApp();
    as = await loginAs(t, ['facilitator', 'translator', 'viewer']);
    conversationId = (
      await createConversation(t, as.facilitator, {
        communities: [{ name: { en: 'A' }, languages: ['az'] }, { name: { en: 'B' }, languages: ['hy'] }],
        seedStatements: [
          { text: 'Both villages should share the dam equally.', language: 'en', translations: { az: 'Hər iki kənd bəndi bərabər bölməlidir.' } },
          { text: 'The dam needs repair before anything else.', language: 'en', translations: { az: 'Bənd hər şeydən əvvəl təmir olunmalıdır.', hy: 'Ամբարտակը նախ պետք է նորոգել։' } },
        ],
      })
    ).id;
    // a closed conversation's statements are not in the queue
    const closed = await createConversation(t, as.facilitator, { communities: [{ name: { en: 'C' }, languages: ['ru'] }] });
    await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${closed.id}/state`, headers: as.facilitator, payload: { state: 'closed' } });
  });
  afterAll(async () => t.close());

  it('lists what each statement still lacks, for translators and facilitators only', async () => {
    const res = await queue(as.translator);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ conversationId, topic: { en: 'Water in the valley' }, needed: [{ language: 'hy', state: 'missing' }] });
    expect(body.items[0].statement).toMatchObject({ tid: 0, text: 'Both villages should share the dam equally.' });
    expect((await queue(as.facilitator)).json().total).toBe(1);
    expect((await queue(as.viewer)).statusCode).toBe(403);
    expect((await queue({})).statusCode).toBe(401);
  });

  it('a translator saves a translation and the queue empties; other work is refused', async () => {
    const statementId = (await queue(as.translator)).json().items[0].statement.id;
    const saved = await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/translations/hy`, headers: as.translator, payload: { text: 'Երկու գյուղերը պետք է հավասարապես կիսեն ամբարտակը։' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().statement.translationStatus).toEqual({ az: 'human', hy: 'human' });
    expect((await queue(as.translator)).json()).toEqual({ items: [], total: 0 });
    const audit = await t.ctx.db.selectFrom('audit_events').select(['action', 'actor_label']).where('subject_id', '=', statementId).where('action', '=', 'dialogue.statement_translated').execute();
    expect(audit).toHaveLength(1);

    // wrong script, too long, hostile text: refused, nothing changes
    for (const [text, status] of [
      ['Latin letters are not Armenian', 400],
      ['Ա'.repeat(1001), 400],
      ['Ա\u0000Բ', 400],
    ] as const) {
      const res = await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/translations/hy`, headers: as.translator, payload: { text } });
      expect(res.statusCode, res.body).toBe(status);
    }
    // a translator is not a facilitator: no moderation, no conversations, no seeding
    expect((await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/moderation`, headers: as.translator, payload: { moderation: 'rejected' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/dialogue/conversations', headers: as.translator })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/statements`, headers: as.translator, payload: { text: 'New', language: 'en' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${statementId}/translations/hy`, headers: as.viewer, payload: { text: 'Բառ' } })).statusCode).toBe(403);
  });
});
