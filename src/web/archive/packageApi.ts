import type { BodyOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** A court package export as the server reports it (POST/GET /api/ledger/bags), read from the generated contract. */
export type PackageExport = ResponseOf<'/api/ledger/bags/{id}', 'get'>['package'];

/** What the archive's export dialog asks for; the page always asks for a zip. */
export type PackageRequest = Omit<BodyOf<'/api/ledger/bags', 'post'>, 'container'>;

export const packageApi = {
  start: (body: PackageRequest) => call('post', '/api/ledger/bags', { body: { ...body, container: 'zip' } }),
  get: (id: string) => call('get', '/api/ledger/bags/{id}', { params: { id } }),
};

export const packageDownloadUrl = (id: string) => `/api/ledger/bags/${encodeURIComponent(id)}/download`;
