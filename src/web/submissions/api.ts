import type { Item, QueryOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** Names for the moderation API's shapes (src/server/submissions/schemas.ts), read from the generated contract. */
export type SubmissionList = ResponseOf<'/api/submissions', 'get'>;
export type Submission = Item<SubmissionList['submissions']>;
export type SubmissionDetail = ResponseOf<'/api/submissions/{id}', 'get'>['submission'];
export type SubmissionState = Submission['state'];
export type ListQuery = QueryOf<'/api/submissions', 'get'>;

export const submissionsApi = {
  list: (query: ListQuery) => call('get', '/api/submissions', { query }),
  get: (id: string) => call('get', '/api/submissions/{id}', { params: { id } }),
  accept: (id: string, note?: string) => call('post', '/api/submissions/{id}/accept', { params: { id }, body: note ? { note } : {} }),
  reject: (id: string, reason: string) => call('post', '/api/submissions/{id}/reject', { params: { id }, body: { reason } }),
};
