import { request } from '../api/client.ts';

/** Types of the archive API (src/server/archive/schemas.ts), as the web pages read them. */
export type Confidentiality = 'public' | 'restricted' | 'confidential';
export const CONFIDENTIALITIES: readonly Confidentiality[] = ['public', 'restricted', 'confidential'];
export const ITEM_KINDS = ['document', 'image', 'video', 'audio', 'testimony', 'web_capture', 'forensic_report', 'dataset', 'other'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const CONSENT_SCOPES = ['internal_use', 'publication', 'court_use'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export interface Place {
  name: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface ArchiveItem {
  id: string;
  kind: ItemKind;
  title: string;
  description: string;
  languages: string[];
  eventDate: string | null;
  place: Place;
  providedBy: string | null;
  confidentiality: Confidentiality;
  state: 'draft' | 'published';
  consentScopes: ConsentScope[] | null;
  extractionState: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface ArchiveFile {
  id: string;
  sha256: string;
  sha512: string;
  size: number;
  mime: string | null;
  encrypted: boolean;
  filename: string;
  originalFilename: string;
  role: 'original' | 'derivative';
  derivedFrom: string | null;
  confidentiality: Confidentiality;
  redaction: Record<string, unknown> | null;
  createdAt: string;
}

export interface Extraction {
  blobSha256: string;
  extractor: string;
  state: string;
  error: string | null;
  hasText: boolean;
  updatedAt: string;
}

export interface ItemDetail extends ArchiveItem {
  files: ArchiveFile[];
  tags: Array<{ id: string; vocabulary: string; term: string }>;
  related: string[];
  extractions: Extraction[];
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  /** False when the server stopped counting at its bound: `total` is then a lower bound. */
  totalExact?: boolean;
  /** False when facets were counted over a sample of the matches. */
  facetsExact?: boolean;
  items: ArchiveItem[];
  facets: Record<'kind' | 'language' | 'country' | 'confidentiality' | 'extractionState' | 'year', Facet[]> & {
    tag: Array<Facet & { vocabulary: string; term: string }>;
  };
}

export interface CustodyEvent {
  id: number;
  at: string;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

export interface Vocabulary {
  id: string;
  name: string;
  terms: Array<{ id: string; term: string }>;
}

export interface Identity {
  name?: string;
  contact?: string;
  location?: string;
}

export interface Testimony {
  itemId: string;
  pseudonym: string;
  interviewer: string | null;
  interviewDate: string | null;
  interviewPlace: string | null;
  language: string | null;
  consents: Array<{ scope: ConsentScope; givenOn: string; withdrawnOn: string | null }>;
  /** Null unless the server lets this reader see protected identities. */
  identity: Identity | null;
  hasIdentity: boolean;
  texts: Array<{ language: string; kind: 'transcript' | 'translation'; text: string }>;
}

/** The metadata the item form sends (PATCH accepts any subset). */
export interface ItemInput {
  kind?: ItemKind;
  title?: string;
  description?: string;
  languages?: string[];
  eventDate?: string | null;
  place?: Partial<Place>;
  providedBy?: string | null;
  confidentiality?: Confidentiality;
  tags?: string[];
  related?: string[];
}

export interface UploadResult {
  item: ArchiveItem;
  file: ArchiveFile;
  duplicate: boolean;
}

export type Redaction =
  | { type: 'image_regions'; regions: Array<{ x: number; y: number; w: number; h: number }>; confidentiality: Confidentiality }
  | { type: 'pdf_pages'; pages: number[]; confidentiality: Confidentiality }
  | { type: 'pdf_areas'; areas: Array<{ page: number; x: number; y: number; w: number; h: number }>; texts: string[]; confidentiality: Confidentiality };

const item = (id: string) => `/api/archive/items/${encodeURIComponent(id)}`;
const testimony = (id: string) => `/api/archive/testimonies/${encodeURIComponent(id)}`;

export const archiveApi = {
  search: (query: Record<string, string>) => request<SearchResult>('/api/archive/items', { query }),
  item: (id: string) => request<ItemDetail>(item(id)),
  update: (id: string, body: ItemInput) => request<{ item: ArchiveItem }>(item(id), { method: 'PATCH', body }),
  custody: (id: string) => request<{ events: CustodyEvent[] }>(`${item(id)}/custody`),
  setState: (id: string, verb: 'publish' | 'unpublish') => request<{ item: ArchiveItem }>(`${item(id)}/${verb}`, { method: 'POST' }),
  redact: (id: string, fileId: string, body: Redaction) => request<UploadResult>(`${item(id)}/files/${encodeURIComponent(fileId)}/redactions`, { method: 'POST', body }),
  vocabularies: () => request<{ vocabularies: Vocabulary[] }>('/api/archive/vocabularies'),
  createVocabulary: (id: string, name: string) => request<{ vocabulary: Vocabulary }>('/api/archive/vocabularies', { method: 'POST', body: { id, name } }),
  addTerm: (vocabulary: string, term: string) => request<{ term: { id: string; term: string } }>(`/api/archive/vocabularies/${encodeURIComponent(vocabulary)}/terms`, { method: 'POST', body: { term } }),
  createTestimony: (body: Record<string, unknown>) => request<{ testimony: Testimony }>('/api/archive/testimonies', { method: 'POST', body }),
  /** Without the protected identity: nothing decrypted, nothing audited as seen. */
  testimony: (id: string) => request<{ testimony: Testimony }>(testimony(id), { query: { identity: '0' } }),
  /** With the protected identity if the reader's role allows it; the server audits the look. */
  revealIdentity: (id: string) => request<{ testimony: Testimony }>(testimony(id), { query: { identity: '1' } }),
  updateTestimony: (id: string, body: Record<string, unknown>) => request<{ testimony: Testimony }>(testimony(id), { method: 'PATCH', body }),
  giveConsent: (id: string, scope: ConsentScope, givenOn: string) => request<{ testimony: Testimony }>(`${testimony(id)}/consents`, { method: 'POST', body: { scope, givenOn } }),
  withdrawConsent: (id: string, scope: ConsentScope, withdrawnOn: string) =>
    request<{ testimony: Testimony }>(`${testimony(id)}/consents/withdraw`, { method: 'POST', body: { scope, withdrawnOn } }),
  putText: (id: string, language: string, kind: 'transcript' | 'translation', text: string) =>
    request<{ testimony: Testimony }>(`${testimony(id)}/texts/${encodeURIComponent(language)}`, { method: 'PUT', body: { kind, text } }),
  redactText: (id: string, language: string, ranges: Array<{ start: number; end: number }>, confidentiality: Confidentiality) =>
    request<UploadResult>(`${testimony(id)}/texts/${encodeURIComponent(language)}/redactions`, { method: 'POST', body: { ranges, confidentiality } }),
};

export const fileUrl = (itemId: string, fileId: string, inline = false) => `${item(itemId)}/files/${encodeURIComponent(fileId)}/content${inline ? '?inline=1' : ''}`;

/** An upload refused by the server, with the API's error code (e.g. file_too_large, disk_full). */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Uploads one file with XMLHttpRequest, which (unlike fetch) reports upload progress, as a new item (metadata given)
 * or into an existing item (itemId given). The CSRF token comes from the session endpoint, as for every other write.
 */
export async function uploadFile(
  file: File,
  target: { metadata: ItemInput } | { itemId: string },
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const session = await request<{ csrfToken: string | null }>('/api/auth/session');
  const form = new FormData();
  if ('metadata' in target) form.append('metadata', JSON.stringify(target.metadata));
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'itemId' in target ? `${item(target.itemId)}/files` : '/api/archive/upload');
    if (session.csrfToken) xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: Partial<UploadResult> & { error?: { code?: string; message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Reported below with the status.
      }
      if (xhr.status === 201 && body.item && body.file) resolve({ item: body.item, file: body.file, duplicate: Boolean(body.duplicate) });
      else reject(new UploadError(xhr.status, body.error?.code ?? `http_${xhr.status}`, body.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new UploadError(0, 'network_error', 'network error'));
    xhr.onabort = () => reject(new UploadError(0, 'aborted', 'aborted'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
