import type { ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** What a person confirms before making something public, as the server states it (src/contract). */
export type PublicationView = ResponseOf<'/api/publication/{kind}/{id}', 'get'>;
export type PublicationKind = PublicationView['kind'];
export type Disclosure = PublicationView['disclosure'];

/** Every route, path parameter, body and answer here is typed by the generated contract; nothing is written twice. */
export const publicationApi = {
  get: (kind: PublicationKind, id: string) => call('get', '/api/publication/{kind}/{id}', { params: { kind, id } }),
  makePublic: (kind: PublicationKind, id: string, digest: string) => call('post', '/api/publication/{kind}/{id}/public', { params: { kind, id }, body: { digest } }),
  withdraw: (kind: PublicationKind, id: string, reason?: string) =>
    call('post', '/api/publication/{kind}/{id}/withdraw', { params: { kind, id }, body: reason ? { reason } : {} }),
};
