/**
 * Voters for the dialogue browser tests, driven over HTTP as a phone would (join with an invitation token, keep the
 * participant cookie, vote), so the report the browser shows is built from real votes through the real API. The
 * opinions are synthetic: two planted groups that disagree on the first half of the statements and agree on the rest.
 */
export type Choice = 'agree' | 'disagree' | 'pass';

export async function joinAs(url: string, token: string): Promise<{ cookie: string; conversationId: string }> {
  const response = await fetch(`${url}/api/dialogue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 201) throw new Error(`join: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  const body = (await response.json()) as { conversation: { id: string } };
  return { cookie, conversationId: body.conversation.id };
}

export async function voteAs(url: string, conversationId: string, cookie: string, tid: number, vote: Choice): Promise<void> {
  const response = await fetch(`${url}/api/dialogue/conversations/${conversationId}/participant/votes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ tid, vote }),
  });
  if (response.status !== 200) throw new Error(`vote: ${response.status} ${await response.text()}`);
}

/** Planted opinion: group 0 agrees with the first half and disagrees with the second half… up to `common`, where everyone agrees. */
export function plantedVote(group: number, tid: number, split: number, common: number): Choice {
  if (tid >= common) return 'agree';
  return (tid < split) === (group === 0) ? 'agree' : 'disagree';
}

/**
 * `count` voters spread over the invitation tokens (one community each, in turn), alternating between the two
 * planted groups, each voting on statements 0 … statements − 1.
 */
export async function seedVoters(
  url: string,
  tokens: string[],
  count: number,
  statements: number,
  options: { offset?: number; split?: number; common?: number } = {},
): Promise<void> {
  const { offset = 0, split = Math.floor(statements / 3), common = Math.floor((2 * statements) / 3) } = options;
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const { cookie, conversationId } = await joinAs(url, tokens[n % tokens.length]);
    const group = Math.floor(n / tokens.length) % 2;
    for (let tid = 0; tid < statements; tid++) await voteAs(url, conversationId, cookie, tid, plantedVote(group, tid, split, common));
  }
}
