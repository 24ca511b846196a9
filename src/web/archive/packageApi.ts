import { request } from '../api/client.ts';

/** A court package export as the server reports it (POST/GET /api/ledger/bags). */
export interface PackageExport {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  items: number;
  container: 'zip' | 'tar';
  includeIdentity: boolean;
  recipient: { name: string; keyFingerprint: string } | null;
  bytesTotal: number;
  bytesDone: number;
  externalIdentifier: string | null;
  fileSize: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
}

export interface PackageRequest {
  itemIds: string[];
  includeIdentity?: boolean;
  recipient?: { name: string; publicKey: string };
}

export const packageApi = {
  start: (body: PackageRequest) => request<{ package: PackageExport }>('/api/ledger/bags', { method: 'POST', body: { ...body, container: 'zip' } }),
  get: (id: string) => request<{ package: PackageExport }>(`/api/ledger/bags/${encodeURIComponent(id)}`),
};

export const packageDownloadUrl = (id: string) => `/api/ledger/bags/${encodeURIComponent(id)}/download`;
