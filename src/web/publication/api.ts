import { request } from '../api/client.ts';

export type PublicationKind = 'item' | 'claim' | 'recognition' | 'dialogue_report' | 'estimate' | 'casualty_stats' | 'casualty_source';

export interface Disclosure {
  title: string;
  fields: string[];
  files: Array<{ id: string; name: string; sha256: string; size: number; mime: string | null }>;
  withheldFiles: number;
  gps: { latitude: number; longitude: number } | null;
  names: string[];
  notes: string[];
  refusal: { code: string; message: string } | null;
  digest: string;
}

export interface PublicationView {
  kind: PublicationKind;
  id: string;
  state: 'public' | 'not_public';
  changedAt: string | null;
  disclosure: Disclosure;
}

const path = (kind: PublicationKind, id: string) => `/api/publication/${kind}/${encodeURIComponent(id)}`;

export const publicationApi = {
  get: (kind: PublicationKind, id: string) => request<PublicationView>(path(kind, id)),
  makePublic: (kind: PublicationKind, id: string, digest: string) => request<PublicationView>(`${path(kind, id)}/public`, { method: 'POST', body: { digest } }),
  withdraw: (kind: PublicationKind, id: string, reason?: string) =>
    request<PublicationView>(`${path(kind, id)}/withdraw`, { method: 'POST', body: reason ? { reason } : {} }),
};
