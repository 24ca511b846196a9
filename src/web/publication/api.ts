import type { ResponseOf } from '../../contract/api.ts';
import { request } from '../api/client.ts';

/** What a person confirms before making something public, as the server states it (src/contract). */
export type PublicationView = ResponseOf<'/api/publication/{kind}/{id}', 'get'>;
export type PublicationKind = PublicationView['kind'];
export type Disclosure = PublicationView['disclosure'];

const path = (kind: PublicationKind, id: string) => `/api/publication/${kind}/${encodeURIComponent(id)}`;

export const publicationApi = {
  get: (kind: PublicationKind, id: string) => request<PublicationView>(path(kind, id)),
  makePublic: (kind: PublicationKind, id: string, digest: string) => request<PublicationView>(`${path(kind, id)}/public`, { method: 'POST', body: { digest } }),
  withdraw: (kind: PublicationKind, id: string, reason?: string) =>
    request<PublicationView>(`${path(kind, id)}/withdraw`, { method: 'POST', body: reason ? { reason } : {} }),
};
