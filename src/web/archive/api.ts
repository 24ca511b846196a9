import type { BodyOf, Item, QueryOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import { everyValue } from '../api/values.ts';

/**
 * Names for the archive API's shapes (src/server/archive/schemas.ts), read from the generated contract: to change
 * one, change the zod schema and run `npm run api:generate`.
 */
export type ItemDetail = ResponseOf<'/api/archive/items/{id}', 'get'>;
export type ArchiveItem = ResponseOf<'/api/archive/items/{id}', 'patch'>['item'];
export type ArchiveFile = Item<ItemDetail['files']>;
export type Extraction = Item<ItemDetail['extractions']>;
export type Place = ArchiveItem['place'];
export type Confidentiality = ArchiveItem['confidentiality'];
export type ItemKind = ArchiveItem['kind'];
export type SearchResult = ResponseOf<'/api/archive/items', 'get'>;
export type SearchQuery = QueryOf<'/api/archive/items', 'get'>;
export type Facet = Item<SearchResult['facets']['kind']>;
export type CustodyEvent = Item<ResponseOf<'/api/archive/items/{id}/custody', 'get'>['events']>;
export type Vocabulary = Item<ResponseOf<'/api/archive/vocabularies', 'get'>['vocabularies']>;
export type Testimony = ResponseOf<'/api/archive/testimonies/{id}', 'get'>['testimony'];
export type Identity = NonNullable<Testimony['identity']>;
export type ConsentScope = Item<Testimony['consents']>['scope'];
export type TestimonyInput = BodyOf<'/api/archive/testimonies', 'post'>;
export type TestimonyUpdate = BodyOf<'/api/archive/testimonies/{id}', 'patch'>;
/** The metadata the item form sends (PATCH accepts any subset; an upload sends it as its metadata part). */
export type ItemInput = BodyOf<'/api/archive/items/{id}', 'patch'>;
export type UploadResult = ResponseOf<'/api/archive/upload', 'post'>;
export type Redaction = BodyOf<'/api/archive/items/{id}/files/{fileId}/redactions', 'post'>;
export type TextKind = BodyOf<'/api/archive/testimonies/{id}/texts/{language}', 'put'>['kind'];

export const CONFIDENTIALITIES = everyValue<Confidentiality>()(['public', 'restricted', 'confidential']);
export const ITEM_KINDS = everyValue<ItemKind>()(['document', 'image', 'video', 'audio', 'testimony', 'web_capture', 'forensic_report', 'dataset', 'other']);
export const CONSENT_SCOPES = everyValue<ConsentScope>()(['internal_use', 'publication', 'court_use']);

const item = (id: string) => `/api/archive/items/${encodeURIComponent(id)}`;

export const archiveApi = {
  search: (query: SearchQuery) => call('get', '/api/archive/items', { query }),
  item: (id: string) => call('get', '/api/archive/items/{id}', { params: { id } }),
  update: (id: string, body: ItemInput) => call('patch', '/api/archive/items/{id}', { params: { id }, body }),
  custody: (id: string) => call('get', '/api/archive/items/{id}/custody', { params: { id } }),
  setState: (id: string, verb: 'publish' | 'unpublish') =>
    verb === 'publish'
      ? call('post', '/api/archive/items/{id}/publish', { params: { id } })
      : call('post', '/api/archive/items/{id}/unpublish', { params: { id } }),
  redact: (id: string, fileId: string, body: Redaction) => call('post', '/api/archive/items/{id}/files/{fileId}/redactions', { params: { id, fileId }, body }),
  vocabularies: () => call('get', '/api/archive/vocabularies'),
  createVocabulary: (id: string, name: string) => call('post', '/api/archive/vocabularies', { body: { id, name } }),
  addTerm: (vocabulary: string, term: string) => call('post', '/api/archive/vocabularies/{id}/terms', { params: { id: vocabulary }, body: { term } }),
  createTestimony: (body: TestimonyInput) => call('post', '/api/archive/testimonies', { body }),
  /** Without the protected identity: nothing decrypted, nothing audited as seen. */
  testimony: (id: string) => call('get', '/api/archive/testimonies/{id}', { params: { id }, query: { identity: '0' } }),
  /** With the protected identity if the reader's role allows it; the server audits the look. */
  revealIdentity: (id: string) => call('get', '/api/archive/testimonies/{id}', { params: { id }, query: { identity: '1' } }),
  updateTestimony: (id: string, body: TestimonyUpdate) => call('patch', '/api/archive/testimonies/{id}', { params: { id }, body }),
  giveConsent: (id: string, scope: ConsentScope, givenOn: string) =>
    call('post', '/api/archive/testimonies/{id}/consents', { params: { id }, body: { scope, givenOn } }),
  withdrawConsent: (id: string, scope: ConsentScope, withdrawnOn: string) =>
    call('post', '/api/archive/testimonies/{id}/consents/withdraw', { params: { id }, body: { scope, withdrawnOn } }),
  putText: (id: string, language: string, kind: TextKind, text: string) =>
    call('put', '/api/archive/testimonies/{id}/texts/{language}', { params: { id, language }, body: { kind, text } }),
  redactText: (id: string, language: string, ranges: Array<{ start: number; end: number }>, confidentiality: Confidentiality) =>
    call('post', '/api/archive/testimonies/{id}/texts/{language}/redactions', { params: { id, language }, body: { ranges, confidentiality } }),
};

/** The archive list's bulk actions (src/server/archive/bulk.ts) and its "add to a case" (the cases module's bulk link). */
export type BulkBody = BodyOf<'/api/archive/items/bulk', 'post'>;
export type BulkLinkBody = BodyOf<'/api/cases/allegations/{id}/evidence/bulk', 'post'>;
export const bulkApi = {
  run: (body: BulkBody) => call('post', '/api/archive/items/bulk', { body }),
  incidents: () => call('get', '/api/cases/incidents'),
  incident: (id: string) => call('get', '/api/cases/incidents/{id}', { params: { id } }),
  allegation: (id: string) => call('get', '/api/cases/allegations/{id}', { params: { id } }),
  link: (allegationId: string, body: BulkLinkBody) => call('post', '/api/cases/allegations/{id}/evidence/bulk', { params: { id: allegationId }, body }),
};

export const fileUrl = (itemId: string, fileId: string, inline = false) =>
  `${item(itemId)}/files/${encodeURIComponent(fileId)}/content${inline ? '?inline=1' : ''}`;

/** The small derived picture of a file the result list shows (the server checks the reader may open the file). */
export const thumbnailUrl = (itemId: string, fileId: string) => `${item(itemId)}/files/${encodeURIComponent(fileId)}/thumbnail`;

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
  const session = await call('get', '/api/auth/session');
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
