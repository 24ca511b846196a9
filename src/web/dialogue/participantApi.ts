import { request } from '../api/client.ts';
import type {
  Conversation,
  DialogueReport,
  Invitation,
  NextStatement,
  OwnStatement,
  Participant,
  ParticipantState,
  PolisFiles,
  PublicConversation,
  VoteChoice,
} from './api.ts';

const conv = (id: string) => `/api/dialogue/conversations/${encodeURIComponent(id)}`;

/**
 * A participant's endpoints. No account: joining with an invitation token sets an HttpOnly cookie for that one
 * conversation, which every later call carries.
 */
export const participantApi = {
  /** Joins and, in the same answer, fetches what the voting page shows first (one round trip fewer on 3G). */
  join: (token: string, externalId?: string) =>
    request<{ participant: Participant; conversation: PublicConversation; rejoined: boolean; state?: ParticipantState; next?: NextStatement }>('/api/dialogue/join', {
      method: 'POST',
      body: externalId ? { token, externalId, includeFirst: true } : { token, includeFirst: true },
    }),
  state: (id: string) => request<ParticipantState>(`${conv(id)}/participant`),
  next: (id: string) => request<NextStatement>(`${conv(id)}/participant/next`),
  vote: (id: string, tid: number, vote: VoteChoice) =>
    request<{ vote: { tid: number; vote: VoteChoice }; replaced: boolean; next?: NextStatement }>(`${conv(id)}/participant/votes`, {
      method: 'POST',
      body: { tid, vote, includeNext: true },
    }),
  /** "I can't read this": counted, not a vote; answers with the next statement. */
  unreadable: (id: string, tid: number, language: string) => request<NextStatement>(`${conv(id)}/participant/unreadable`, { method: 'POST', body: { tid, language } }),
  write: (id: string, text: string, language: string) =>
    request<{ statement: OwnStatement }>(`${conv(id)}/participant/statements`, { method: 'POST', body: { text, language } }),
};

/** The report (public when the facilitator made it so; always for facilitators) and its events stream. */
export const reportApi = {
  report: (id: string) => request<DialogueReport>(`${conv(id)}/report`),
  eventsUrl: (id: string) => `${conv(id)}/events`,
};

/** Facilitator additions that came with the participant API. */
export const facilitatorExtraApi = {
  setReportPublic: (id: string, value: boolean) => request<Conversation>(`${conv(id)}/report-visibility`, { method: 'PUT', body: { public: value } }),
  allowList: (id: string) => request<{ required: boolean; externalIds: string[] }>(`${conv(id)}/allow-list`),
  setAllowList: (id: string, required: boolean, externalIds: string[]) =>
    request<{ required: boolean; externalIds: string[] }>(`${conv(id)}/allow-list`, { method: 'PUT', body: { required, externalIds } }),
  exportPolis: (id: string) => request<{ files: Required<PolisFiles> }>(`${conv(id)}/export`),
  importPolis: (body: { files: PolisFiles; language?: string; moderation?: 'strict' | 'open'; minGroupSize?: number; topic?: Record<string, string>; communityName?: Record<string, string>; grouping?: 'default' | 'polis' }) =>
    request<{ conversation: Conversation; invitations: Invitation[]; imported: { participants: number; statements: number; votes: number } }>(
      '/api/dialogue/import',
      { method: 'POST', body },
    ),
};
