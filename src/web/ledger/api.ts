import type { Item, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** Names for the ledger API's shapes (src/server/ledger/schemas.ts), read from the generated contract. */
export type Checkpoint = ResponseOf<'/api/ledger/checkpoints', 'post'>;
export type TimestampStatus = ResponseOf<'/api/ledger/timestamps', 'get'>;
export type VerificationRun = ResponseOf<'/api/ledger/verify', 'post'>;
export type VerificationProblem = Item<NonNullable<VerificationRun['summary']['problems']>>;
export type PublicKey = ResponseOf<'/api/ledger/public-key', 'get'>;
export type LedgerEntryRow = Item<ResponseOf<'/api/ledger/entries', 'get'>['entries']>;

export const ledgerApi = {
  publicKey: () => call('get', '/api/ledger/public-key'),
  checkpoints: (limit = 20) => call('get', '/api/ledger/checkpoints', { query: { limit } }),
  signCheckpoint: () => call('post', '/api/ledger/checkpoints'),
  timestamps: () => call('get', '/api/ledger/timestamps'),
  verifications: (limit = 10) => call('get', '/api/ledger/verifications', { query: { limit } }),
  verifyNow: () => call('post', '/api/ledger/verify'),
  entries: (subjectType: string, subjectIds: readonly string[]) =>
    call('get', '/api/ledger/entries', { query: { subjectType, subjectId: [...subjectIds] } }),
  proof: (seq: number) => call('get', '/api/ledger/entries/{seq}/proof', { params: { seq } }),
};

/** Where the proof of an entry can be downloaded as a file (the browser sends the session cookie). */
export const proofUrl = (seq: number) => `/api/ledger/entries/${seq}/proof`;
