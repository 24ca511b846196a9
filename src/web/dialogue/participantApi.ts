import type { BodyOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import type { VoteChoice } from './api.ts';

/**
 * A participant's endpoints. No account: joining with an invitation token sets an HttpOnly cookie for that one
 * conversation, which every later call carries. Routes, bodies and answers are typed by the generated contract.
 */
export const participantApi = {
  /** Joins and, in the same answer, fetches what the voting page shows first (one round trip fewer on 3G). */
  join: (token: string, externalId?: string) =>
    call('post', '/api/dialogue/join', { body: externalId ? { token, externalId, includeFirst: true } : { token, includeFirst: true } }),
  state: (id: string) => call('get', '/api/dialogue/conversations/{id}/participant', { params: { id } }),
  next: (id: string) => call('get', '/api/dialogue/conversations/{id}/participant/next', { params: { id } }),
  vote: (id: string, tid: number, vote: VoteChoice) =>
    call('post', '/api/dialogue/conversations/{id}/participant/votes', { params: { id }, body: { tid, vote, includeNext: true } }),
  /** "I can't read this": counted, not a vote; answers with the next statement. */
  unreadable: (id: string, tid: number, language: string) =>
    call('post', '/api/dialogue/conversations/{id}/participant/unreadable', { params: { id }, body: { tid, language } }),
  write: (id: string, text: string, language: string) =>
    call('post', '/api/dialogue/conversations/{id}/participant/statements', { params: { id }, body: { text, language } }),
};

/** The report (public when the facilitator made it so; always for facilitators) and its events stream. */
export const reportApi = {
  report: (id: string) => call('get', '/api/dialogue/conversations/{id}/report', { params: { id } }),
  eventsUrl: (id: string) => `/api/dialogue/conversations/${encodeURIComponent(id)}/events`,
};

/** Facilitator additions that came with the participant API. */
export const facilitatorExtraApi = {
  setReportPublic: (id: string, value: boolean) =>
    call('put', '/api/dialogue/conversations/{id}/report-visibility', { params: { id }, body: { public: value } }),
  allowList: (id: string) => call('get', '/api/dialogue/conversations/{id}/allow-list', { params: { id } }),
  setAllowList: (id: string, required: boolean, externalIds: string[]) =>
    call('put', '/api/dialogue/conversations/{id}/allow-list', { params: { id }, body: { required, externalIds } }),
  exportPolis: (id: string) => call('get', '/api/dialogue/conversations/{id}/export', { params: { id } }),
  importPolis: (body: BodyOf<'/api/dialogue/import', 'post'>) => call('post', '/api/dialogue/import', { body }),
};
