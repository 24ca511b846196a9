import { systemActor } from '../../src/server/accounts/actor.ts';
import type { TestApp } from '../../src/server/testing.ts';

export type Headers = Record<string, string>;

export async function facilitatorHeaders(t: TestApp, username = 'fac'): Promise<Headers> {
  await t.ctx.accounts.createUser(systemActor('test'), { username, displayName: username, role: 'facilitator', password: 'correct-horse-battery-staple-9', mustChangePassword: false });
  return (await t.login(username, 'correct-horse-battery-staple-9')).headers;
}

export interface Created {
  id: string;
  invitations: Array<{ communityId: string; token: string }>;
}

export async function createConversation(t: TestApp, headers: Headers, overrides: Record<string, unknown> = {}): Promise<Created> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/dialogue/conversations',
    headers,
    payload: {
      topic: { en: 'Water in the valley' },
      moderation: 'strict',
      minGroupSize: 3,
      communities: [{ name: { en: 'Upstream' } }, { name: { en: 'Downstream' } }, { name: { en: 'International' } }],
      seedStatements: [
        { text: 'Both villages should share the dam equally.', language: 'en' },
        { text: 'The dam needs repair before anything else.', language: 'en' },
        { text: 'Water prices should be set by a joint council.', language: 'en' },
      ],
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  const body = response.json();
  return { id: body.conversation.id, invitations: body.invitations };
}

/** Joins and returns the cookie header of the new participant. */
export async function join(t: TestApp, token: string, externalId?: string): Promise<{ cookie: string; pid: number; status: number; body: ReturnType<typeof JSON.parse> }> {
  const response = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: externalId ? { token, externalId } : { token } });
  const set = response.cookies.find((c) => c.name.startsWith('reckon_dialogue_'));
  return { cookie: set ? `${set.name}=${set.value}` : '', pid: response.json().participant?.pid ?? -1, status: response.statusCode, body: response.json() };
}

export function vote(t: TestApp, conversationId: string, cookie: string, tid: number, choice: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/participant/votes`, headers: { cookie }, payload: { tid, vote: choice, ...extra } });
}
