import { participantApi } from './participantApi.ts';

type JoinAnswer = Awaited<ReturnType<typeof participantApi.join>>;

/** Reads the invitation token from the link's fragment (`/dialogue/join#<token>`); the fragment never reaches a server. */
export function tokenFromHash(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return '';
  }
}

let early: { token: string; answer: Promise<JoinAnswer> } | null = null;

/**
 * On an invitation link, sends the join at start-up, beside the session request, instead of after the session has
 * answered and the page has rendered: on 3G that is the last round trip before the first statement (issue 16). The
 * join page would send the same request as soon as it showed; it takes this answer instead (`takeEarlyJoin`).
 */
export function joinEarly(pathname: string, hash: string): void {
  if (pathname !== '/dialogue/join') return;
  const token = tokenFromHash(hash);
  if (!token) return;
  const answer = participantApi.join(token);
  answer.catch(() => undefined); // the join page reads the outcome, failure included
  early = { token, answer };
}

/** The early join's answer for `token`, once; null when none was sent (the page then joins itself). */
export function takeEarlyJoin(token: string): Promise<JoinAnswer> | null {
  if (!early || early.token !== token) return null;
  const { answer } = early;
  early = null;
  return answer;
}
