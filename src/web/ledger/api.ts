import { request } from '../api/client.ts';

/** Types of the ledger API (src/server/ledger/routes.ts), as the web pages read them. */
export interface Checkpoint {
  id: number;
  size: number;
  rootHash: string;
  note: string;
  keyId: string;
  createdAt: string;
  timestamp: { genTime: string; authority: string } | null;
}

export interface TimestampStatus {
  enabled: boolean;
  authority: string | null;
  stamped: number;
  pending: number;
  lastSuccess: string | null;
  lastError: { at: string; checkpointId: number; message: string } | null;
}

export interface VerificationProblem {
  kind: string;
  message: string;
}

export interface VerificationRun {
  id: number;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  trigger: string;
  summary: { problems?: VerificationProblem[]; problemCount?: number; treeSize?: number; root?: string; [key: string]: unknown };
}

export interface PublicKey {
  verifierKey: string;
  origin: string;
  keyId: string;
}

export interface LedgerEntryRow {
  seq: number;
  entry: { action?: string; at?: string; actor?: string; [key: string]: unknown };
  leafHash: string;
}

export const ledgerApi = {
  publicKey: () => request<PublicKey>('/api/ledger/public-key'),
  checkpoints: (limit = 20) => request<{ size: number; checkpoints: Checkpoint[] }>('/api/ledger/checkpoints', { query: { limit } }),
  signCheckpoint: () => request<Checkpoint>('/api/ledger/checkpoints', { method: 'POST' }),
  timestamps: () => request<TimestampStatus>('/api/ledger/timestamps'),
  verifications: (limit = 10) => request<{ runs: VerificationRun[] }>('/api/ledger/verifications', { query: { limit } }),
  verifyNow: () => request<VerificationRun>('/api/ledger/verify', { method: 'POST' }),
  entries: (subjectType: string, subjectIds: readonly string[]) => {
    const params = new URLSearchParams({ subjectType });
    for (const id of subjectIds) params.append('subjectId', id);
    return request<{ entries: LedgerEntryRow[] }>(`/api/ledger/entries?${params.toString()}`);
  },
  proof: (seq: number) => request<Record<string, unknown>>(`/api/ledger/entries/${seq}/proof`),
};

/** Where the proof of an entry can be downloaded as a file (the browser sends the session cookie). */
export const proofUrl = (seq: number) => `/api/ledger/entries/${seq}/proof`;
