import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { createConversation, facilitatorHeaders, join, vote, type Headers } from './dialogue-helpers.ts';
import { startFakeLibreTranslate } from './fake-libretranslate.ts';

type Statement = {
  id: string;
  tid: number;
  text: string;
  translations: Record<string, string>;
  machineTranslations: Record<string, string>;
  machineTranslationFailures: Record<string, string>;
  translationStatus: Record<string, string>;
  unreadable: number;
  moderation: string;
  moderationReason: string | null;
};

const communities = [
  { name: { az: 'Azərbaycanlılar' }, languages: ['az'] },
  { name: { hy: 'Հայեր' }, languages: ['hy'] },
  { name: { en: 'International' }, languages: ['en', 'ru'] },
];

/** Issue 16, translation workflow: community languages, machine translation through a LibreTranslate stand-in, "I can't read this". */
describe('dialogue translation workflow', () => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeLibreTranslate>>;
  let facilitator: Headers;
  let conversationId: string;
  let tokens: string[];

  const statements = async (): Promise<Statement[]> =>
    (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/statements`, headers: facilitator })).json().statements;
  const seed = async (text: string) => {
    const response = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/statements`, headers: facilitator, payload: { text, language: 'en' } });
    expect(response.statusCode).toBe(201);
    await t.ctx.dialogue.translations.idle();
    return (await statements()).find((s) => s.text === text)!;
  };

  beforeAll(async () => {
    fake = await startFakeLibreTranslate();
    t = await createTestApp({ translationUrl: fake.url, translationApiKey: 'test-key', translationTimeoutMs: 2_000 });
    facilitator = await facilitatorHeaders(t);
    const created = await createConversation(t, facilitator, { communities });
    conversationId = created.id;
    tokens = created.invitations.map((i) => i.token);
    await t.ctx.dialogue.translations.idle();
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('machine-translates every statement into the languages the communities read, labelled machine-made', async () => {
    const all = await statements();
    expect(all).toHaveLength(3);
    for (const s of all) {
      expect(s.translationStatus).toEqual({ az: 'machine', hy: 'machine', en: 'original', ru: 'machine' });
      expect(s.translations).toEqual({});
      expect(s.machineTranslations.hy).toMatch(/^Մեքենայական թարգմանություն \d+$/);
    }
    expect(fake.requests).toHaveLength(9);
    expect(fake.requests[0]).toMatchObject({ source: 'en', format: 'text', api_key: 'test-key' });
    const conversation = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}`, headers: facilitator })).json();
    expect(conversation.communities.map((c: { languages: string[] }) => c.languages)).toEqual([['az'], ['hy'], ['en', 'ru']]);
    // the audit records hashes of machine translations, never their text
    const audits = await t.ctx.db.selectFrom('audit_events').select(['details']).where('action', '=', 'dialogue.statement_machine_translated').execute();
    expect(audits).toHaveLength(3);
    expect(JSON.stringify(audits)).not.toContain('թարգմանություն');
  });

  it('shows a participant the machine translation beside the original, and a person’s translation replaces it', async () => {
    const participant = await join(t, tokens[1]);
    const response = await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/participant/next`, headers: { cookie: participant.cookie } });
    expect(response.statusCode, `${participant.status} ${response.body}`).toBe(200);
    const next = response.json();
    expect(next.statement.language).toBe('en');
    expect(next.statement.machineTranslations.hy).toMatch(/^Մեքենայական/);
    const id = next.statement.id as string;
    const human = 'Երկու գյուղերը պետք է հավասարապես կիսեն ամբարտակը։';
    const put = await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${id}/translations/hy`, headers: facilitator, payload: { text: human } });
    expect(put.statusCode).toBe(200);
    const updated: Statement = put.json().statement;
    expect(updated.translationStatus.hy).toBe('human');
    expect(updated.translations.hy).toBe(human);
    expect(updated.machineTranslations.hy).toBeUndefined();
    expect(updated.machineTranslations.az).toBeDefined();
    // a person accepting the machine text as it is also marks it checked
    const accept = await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${id}/translations/az`, headers: facilitator, payload: { text: updated.machineTranslations.az } });
    expect(accept.json().statement.translationStatus.az).toBe('human');
  });

  it('refuses a human translation in the wrong script and changes nothing', async () => {
    const [first] = await statements();
    const response = await t.app.inject({ method: 'PUT', url: `/api/dialogue/statements/${first.id}/translations/hy`, headers: facilitator, payload: { text: 'Оба села должны делить плотину поровну.' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('wrong_script');
    expect((await statements())[0].translations).toEqual(first.translations);
  });

  it('marks a statement untranslated when the service is down, slow or answers garbage, and voting goes on', async () => {
    const cases = [
      ['down', 'unavailable'],
      ['slow', 'timeout'],
      ['garbage', 'garbage'],
      ['huge', 'garbage'],
      ['wrongScript', 'wrong_script'],
    ] as const;
    for (const [mode, reason] of cases) {
      fake.mode = mode;
      const s = await seed(`The dam needs an independent inspection, case ${mode}.`);
      // English sent back passes as Azerbaijani (both are written in the Latin alphabet): the script check cannot tell
      const latinPasses = mode === 'wrongScript';
      expect(s.translationStatus, mode).toEqual({ az: latinPasses ? 'machine' : 'failed', hy: 'failed', en: 'original', ru: 'failed' });
      expect(s.machineTranslationFailures.hy, mode).toBe(reason);
      expect(Object.keys(s.machineTranslations)).toEqual(latinPasses ? ['az'] : []);
      const participant = await join(t, tokens[0]);
      expect((await vote(t, conversationId, participant.cookie, s.tid, 'agree')).statusCode, mode).toBe(200);
    }
    // the facilitator asks again once the service is back: the failed ones are translated
    fake.mode = 'ok';
    const run = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/machine-translations`, headers: facilitator });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toEqual({ configured: true, requested: 14, translated: 14, failed: 0 });
    expect((await statements()).every((s) => Object.values(s.translationStatus).every((v) => v === 'original' || v === 'human' || v === 'machine'))).toBe(true);
  });

  it('counts "I can\'t read this" once per participant, never as a vote, and does not show the statement again', async () => {
    const participant = await join(t, tokens[1]);
    const cookie = { cookie: participant.cookie };
    const first = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/participant/next`, headers: cookie })).json();
    const tid = first.statement.tid as number;
    const mark = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/participant/unreadable`, headers: cookie, payload });
    const marked = await mark({ tid, language: 'hy' });
    expect(marked.statusCode).toBe(200);
    expect(marked.json().statement?.tid).not.toBe(tid);
    expect(marked.json().remaining).toBe(first.remaining - 1);
    expect(marked.json().voted).toBe(first.voted);
    // replayed: counted once
    expect((await mark({ tid, language: 'hy' })).statusCode).toBe(200);
    const counted = (await statements()).find((s) => s.tid === tid)!;
    expect(counted.unreadable).toBe(1);
    const votes = await t.ctx.db.selectFrom('dialogue_votes').select('statement_id').where('participant_id', 'in', t.ctx.db.selectFrom('dialogue_participants').select('id').where('pid', '=', participant.pid).where('conversation_id', '=', conversationId)).execute();
    expect(votes).toHaveLength(0);
    // bad input
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ tid: 9999, language: 'hy' }, 404, 'statement_not_found'],
      [{ tid: -1, language: 'hy' }, 400, 'invalid_request'],
      [{ tid, language: '../etc' }, 400, 'invalid_request'],
      [{ tid, language: 'h\u0000y' }, 400, 'invalid_text'],
      [{ tid }, 400, 'invalid_request'],
    ];
    for (const [payload, status, code] of bad) {
      const response = await mark(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().error.code).toBe(code);
    }
    // without the participant cookie
    expect((await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/participant/unreadable`, payload: { tid, language: 'hy' } })).statusCode).toBe(401);
  });

  it('sets the languages a community reads (facilitators only), refusing bad tags', async () => {
    const conversation = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}`, headers: facilitator })).json();
    const community = conversation.communities[0].id as string;
    const put = (payload: unknown, headers: Headers = facilitator) =>
      t.app.inject({ method: 'PUT', url: `/api/dialogue/communities/${community}/languages`, headers, payload: payload as Record<string, unknown> });
    for (const payload of [{ languages: ['<script>'] }, { languages: 'az' }, { languages: Array.from({ length: 21 }, (_, i) => `a${String.fromCharCode(97 + (i % 26))}`) }, {}]) {
      const response = await put(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const changed = await put({ languages: ['az', 'ru', 'az'] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().communities[0].languages).toEqual(['az', 'ru']);
    await t.ctx.accounts.createUser(systemActor('test'), { username: 'vera', displayName: 'vera', role: 'viewer', password: 'correct-horse-battery-staple-9', mustChangePassword: false });
    const viewer = (await t.login('vera', 'correct-horse-battery-staple-9')).headers;
    expect((await put({ languages: ['hy'] }, viewer)).statusCode).toBe(403);
  });
});

describe('dialogue translation without a service', () => {
  let t: TestApp;
  afterAll(async () => t.close());

  it('sends nothing anywhere and says so; statements show as missing', async () => {
    t = await createTestApp();
    const facilitator = await facilitatorHeaders(t);
    const created = await createConversation(t, facilitator, { communities });
    const run = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${created.id}/machine-translations`, headers: facilitator });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toEqual({ configured: false, requested: 0, translated: 0, failed: 0 });
    const all = (await t.app.inject({ url: `/api/dialogue/conversations/${created.id}/statements`, headers: facilitator })).json().statements as Statement[];
    expect(all[0].translationStatus).toEqual({ az: 'missing', hy: 'missing', en: 'original', ru: 'missing' });
  });
});
